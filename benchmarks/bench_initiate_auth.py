"""InitiateAuth with USER_PASSWORD_AUTH through a boto3 client: this fake and moto, side by side.

    python benchmarks/bench_initiate_auth.py

Variants, taking turns in one process (see ``_timing.compare``), each signing the same seeded
user in with its password and getting tokens back:

- the floor: botocore doing everything but the network, a ``before-send`` handler answering with
  a constant ``AuthenticationResult`` of real-sized tokens (the call is unsigned, as InitiateAuth
  always is);
- this fake, and this fake with ``check_responses=False``;
- moto's ``mock_aws``, which signs its two tokens the same way (RS256 with a 2,048-bit key,
  joserfc over ``cryptography``);
- two RS256 signatures alone (PyJWT with the pool's 2,048-bit keys, the claims of a real
  sign-in), no call: what every sign-in that issues an access and an ID token pays, and what no
  server that signs real tokens can skip;
- for the profile only, this fake with its token signing replaced by a constant string while
  its batches run: the fake's own work, the signatures aside (its tokens are not valid JWTs).

Target (issue 4): the fake at least 3× faster than moto. The report says where the time goes.
"""

from __future__ import annotations

import json
from typing import Any

import _timing  # beside this file: benchmarks run as scripts
import boto3
import jwt
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

REGION = "us-east-1"
USERNAME = "ana"
PASSWORD = "Passw0rd!"
NUMBER = 100
ROUNDS = 15
TARGET_SPEEDUP = 3.0

FLOOR = "floor (constant answer)"
FAKE = "pytest-cognito-fake"
UNCHECKED = "pytest-cognito-fake, check_responses=False"
MOTO = "moto mock_aws"
SIGNING = "two RS256 signatures alone"
STUBBED = "pytest-cognito-fake, signing stubbed out (profile only)"

_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]



def _client() -> Any:
    # A session of its own per client, so no handler registered on one leaks into another.
    return boto3.session.Session().client(
        "cognito-idp", region_name=REGION, aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}))


def floor_client(answer: dict[str, Any]) -> Any:
    """A client answered by a constant body as large as a real sign-in's."""
    body = json.dumps(answer, separators=(",", ":")).encode()
    headers = _timing.cognito_headers(body)
    client = _client()
    client.meta.events.register(
        "before-send.cognito-identity-provider.InitiateAuth",
        lambda request, **_: AWSResponse(request.url, 200, dict(headers), _timing.RawBody(body)))
    return client


def seed(client: Any) -> str:
    """A pool, a password client and a CONFIRMED user, through the API (fake or moto)."""
    pool_id = client.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id: str = client.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=_FLOWS)["UserPoolClient"][
        "ClientId"]
    client.admin_create_user(UserPoolId=pool_id, Username=USERNAME, MessageAction="SUPPRESS",
                             UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    client.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD,
                                   Permanent=True)
    return client_id


def sign_in(client: Any, client_id: str) -> Any:
    def call() -> None:
        result = client.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD})["AuthenticationResult"]
        assert result["TokenType"] == "Bearer"
    return call


def signing_alone(fake: Any, tokens: dict[str, Any]) -> Any:
    """Sign the claims of a real sign-in's two tokens again with the pool's keys."""
    access = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    id_claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    pool_id = str(access["iss"]).rsplit("/", 1)[-1]
    keys = fake.keys.for_pool(pool_id)

    def sign() -> None:
        jwt.encode(access, keys.access_token.private_key, algorithm="RS256",
                   headers={"kid": keys.access_token.kid})
        jwt.encode(id_claims, keys.id_token.private_key, algorithm="RS256",
                   headers={"kid": keys.id_token.kid})
    return sign


class _Stubbed:
    """A fake active around one batch, with token signing replaced by a constant string."""

    _TOKEN = "eyJhbGciOiJSUzI1NiJ9." + "x" * 700 + "." + "y" * 342

    def __init__(self, fake: Any) -> None:
        self._fake = fake

    def __enter__(self) -> None:
        from pytest_cognito_fake.operations import _auth

        self._real = _auth._sign
        _auth._sign = lambda *_: self._TOKEN
        self._fake.start()

    def __exit__(self, *exc: object) -> None:
        from pytest_cognito_fake.operations import _auth

        self._fake.stop()
        _auth._sign = self._real



def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> _timing.Samples:
    """Seconds per InitiateAuth call of each variant, one sample per round."""
    from pytest_cognito_fake import CognitoFake

    fake = CognitoFake()
    unchecked = CognitoFake(check_responses=False)
    stubbed = CognitoFake()
    moto = _timing.MotoBatch()
    with fake:
        fake_client = _client()
        fake_client_id = seed(fake_client)
        answer = dict(fake_client.initiate_auth(
            ClientId=fake_client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD}))
    answer.pop("ResponseMetadata")
    with unchecked:
        unchecked_client = _client()
        unchecked_client_id = seed(unchecked_client)
    with stubbed:
        stubbed_client = _client()
        stubbed_client_id = seed(stubbed_client)
    with moto:
        moto_client = _client()
        moto_client_id = seed(moto_client)

    variants = {
        FLOOR: sign_in(floor_client(answer), "floor-client"),
        FAKE: sign_in(fake_client, fake_client_id),
        UNCHECKED: sign_in(unchecked_client, unchecked_client_id),
        MOTO: sign_in(moto_client, moto_client_id),
        SIGNING: signing_alone(fake, answer["AuthenticationResult"]),
        STUBBED: sign_in(stubbed_client, stubbed_client_id),
    }
    # Each fake (and moto) is active around its own batches only, untimed.
    around = {FAKE: lambda: fake, UNCHECKED: lambda: unchecked, MOTO: lambda: moto,
              STUBBED: lambda: _Stubbed(stubbed)}
    return _timing.compare(variants, number=number, rounds=rounds, around=around)


def report(samples: _timing.Samples) -> str:
    rows = [[name, _timing.us(samples.median(name)),
             "" if name == SIGNING else f"{samples.ratio(MOTO, name):.2f}×"]
            for name in samples]
    speedup = samples.ratio(MOTO, FAKE)
    verdict = "met" if speedup >= TARGET_SPEEDUP else "MISSED"
    fake, moto = samples.median(FAKE), samples.median(MOTO)
    floor, signing = samples.median(FLOOR), samples.median(SIGNING)
    own = samples.median(STUBBED) - floor
    lines = [
        "### InitiateAuth USER_PASSWORD_AUTH through boto3",
        "",
        _timing.table(["variant", "median µs per call", "moto ÷ variant"], rows),
        "",
        f"Target: the fake at least {TARGET_SPEEDUP:.0f}× faster than moto: **{verdict}** "
        f"({speedup:.2f}×).",
        "",
        f"Where the fake's {_timing.us(fake)} µs go: botocore's side (the floor) "
        f"{_timing.us(floor)} µs, two RS256 signatures {_timing.us(signing)} µs "
        f"({signing / fake:.0%}), the fake's own work (parsing, validation, the password "
        f"checks, the claims, the refresh token, rendering) about {_timing.us(own)} µs. With "
        f"signing stubbed out the fake answers {samples.ratio(MOTO, STUBBED):.1f}× faster "
        f"than moto.",
    ]
    if floor + signing > moto / TARGET_SPEEDUP:
        lines += [
            "",
            f"The floor plus the two signatures alone ({_timing.us(floor + signing)} µs) is "
            f"more than moto ÷ {TARGET_SPEEDUP:.0f} ({_timing.us(moto / TARGET_SPEEDUP)} µs): "
            f"on this machine no fake that signs real 2,048-bit RS256 tokens, as Cognito "
            f"does and as moto does too, can meet the target.",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
