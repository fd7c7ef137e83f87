"""A full SRP sign-in through unmodified pycognito: USER_SRP_AUTH, then PASSWORD_VERIFIER.

    python benchmarks/bench_srp.py

Variants, taking turns in one process:

- ``AWSSRP.authenticate_user``: pycognito's client math and the two calls, sharing one boto3
  client (what a test that signs a user in pays).
- ``Cognito.authenticate``: the same plus pycognito's verification of both tokens against the
  pool's JWKS (fetched over ``requests`` once, then cached by the ``Cognito`` object).
- pycognito's client math alone (``A = g^a`` with its 1,024-bit ``a``, then the key and the
  signature for a fixed challenge), no call: the part no server can speed up.
- moto ``mock_aws`` running ``authenticate_user``: moto answers SRP with random numbers and
  accepts any signature, so its server does almost no work; shown for context only.

The fake's own share is the first row minus the client math. Reported, no target (issue 4).
"""

from __future__ import annotations

from typing import Any

import _timing  # beside this file: benchmarks run as scripts
import boto3
from botocore import UNSIGNED
from botocore.config import Config
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP

REGION = "us-east-1"
PASSWORD = "Passw0rd!"
NUMBER = 5
ROUNDS = 9


def _client() -> Any:
    return boto3.session.Session().client(
        "cognito-idp", region_name=REGION, aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(signature_version=UNSIGNED,
                                                       retries={"total_max_attempts": 1}))


def _pool(client: Any) -> tuple[str, str]:
    pool_id = client.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = client.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web")["UserPoolClient"]["ClientId"]
    client.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    client.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password=PASSWORD,
                                   Permanent=True)
    return pool_id, client_id


def authenticate_user(client: Any, pool_id: str, client_id: str) -> Any:
    def sign_in() -> None:
        tokens = AWSSRP(username="ana", password=PASSWORD, pool_id=pool_id,
                        client_id=client_id, client=client).authenticate_user()
        assert "AccessToken" in tokens["AuthenticationResult"]
    return sign_in


def cognito_authenticate(pool_id: str, client_id: str) -> Any:
    user = Cognito(pool_id, client_id, username="ana",
                   botocore_config=Config(signature_version=UNSIGNED))

    def sign_in() -> None:
        user.authenticate(password=PASSWORD)
    return sign_in


def client_math(client: Any, pool_id: str, client_id: str) -> Any:
    aws = AWSSRP(username="ana", password=PASSWORD, pool_id=pool_id, client_id=client_id,
                 client=client)
    challenge = client.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                                     AuthParameters=aws.get_auth_params())["ChallengeParameters"]

    def math() -> None:
        fresh = AWSSRP(username="ana", password=PASSWORD, pool_id=pool_id,
                       client_id=client_id, client=client)
        fresh.process_challenge(challenge, {"USERNAME": "ana"})
    return math



FAKE = "pytest-cognito-fake: AWSSRP.authenticate_user"
FAKE_VERIFY = "pytest-cognito-fake: Cognito.authenticate (tokens verified)"
MATH = "pycognito client math alone"
MOTO = "moto mock_aws: AWSSRP.authenticate_user (nothing verified)"


def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> _timing.Samples:
    from pytest_cognito_fake import CognitoFake

    fake = CognitoFake()
    moto = _timing.MotoBatch()
    with fake:
        client = _client()
        pool_id, client_id = _pool(client)
        variants = {FAKE: authenticate_user(client, pool_id, client_id),
                    FAKE_VERIFY: cognito_authenticate(pool_id, client_id),
                    MATH: client_math(client, pool_id, client_id)}
    with moto:
        moto_client = _client()
        variants[MOTO] = authenticate_user(moto_client, *_pool(moto_client))
    around = {FAKE: lambda: fake, FAKE_VERIFY: lambda: fake, MOTO: lambda: moto}
    return _timing.compare(variants, number=number, rounds=rounds, around=around)


def report(samples: _timing.Samples) -> str:
    rows = [[name, _timing.ms(samples.median(name))] for name in samples]
    share = samples.median(FAKE) - samples.median(MATH)
    return "\n".join([
        "### SRP sign-in through pycognito",
        "",
        _timing.table(["variant", "median ms per sign-in"], rows),
        "",
        f"The fake's share of a pycognito SRP sign-in (first row minus the client math): "
        f"about {_timing.ms(share)} ms, for two calls and SRP-6a's server side (three "
        f"3,072-bit exponentiations, one from a fixed-base table). Reported, no target.",
    ])


if __name__ == "__main__":
    print(report(run()))
