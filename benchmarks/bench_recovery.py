"""A password reset round trip through boto3: ForgotPassword, then ConfirmForgotPassword.

    python benchmarks/bench_recovery.py

Side by side in one process: (a) the floor, two calls each answered by a ``before-send``
handler with a constant valid body and the headers Cognito sends (unsigned, like the fake's own
calls: both operations are unsigned anyway), (b) this fake, reading the code from its outbox,
(c) moto's ``mock_aws``, which accepts any code that lacks its magic prefix instead of checking
a real one. Target: the fake within 1.3× the two floor calls.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import _timing  # beside this file: benchmarks run as scripts
import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

REGION = "us-east-1"
NUMBER = 40
ROUNDS = 41
TARGET_RATIO = 1.3

_BODIES = {
    "ForgotPassword": json.dumps({"CodeDeliveryDetails": {
        "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}},
        separators=(",", ":")).encode(),
    "ConfirmForgotPassword": b"{}",
}
_HEADERS = {operation: _timing.cognito_headers(body) for operation, body in _BODIES.items()}



def _constant(request: Any, event_name: str, **_: Any) -> AWSResponse:
    operation = event_name.rsplit(".", 1)[-1]
    body = _BODIES[operation]
    # AWSResponse copies the headers into its own HeadersDict, so one dict serves every answer.
    return AWSResponse(request.url, 200, _HEADERS[operation], _timing.RawBody(body))


def _client(**kwargs: Any) -> Any:
    return boto3.session.Session().client(
        "cognito-idp", region_name=REGION, aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(signature_version=UNSIGNED,
                                                       retries={"total_max_attempts": 1}),
        **kwargs)


def floor_round_trip() -> Any:
    client = _client()
    for op in _BODIES:
        client.meta.events.register(f"before-send.cognito-identity-provider.{op}", _constant)

    def round_trip() -> None:
        client.forgot_password(ClientId="floorclient0000000000000", Username="ana")
        client.confirm_forgot_password(ClientId="floorclient0000000000000", Username="ana",
                                       ConfirmationCode="123456", Password="N3w-passw0rd")
    return round_trip


def fake_round_trip(fake: Any) -> Any:
    (seeded,) = fake.seed({"user_pools": [{
        "PoolName": "bench",
        "clients": [{"ClientName": "web"}],
        # Several users, so the 5-an-hour budget of one user never trips the loop.
        "users": [{"Username": f"user{i}", "Password": "Passw0rd!",
                   "Attributes": {"email": f"user{i}@example.com", "email_verified": "true"}}
                  for i in range(NUMBER * (ROUNDS + 1))],
    }]})
    client = _client()
    names = itertools.cycle(f"user{i}" for i in range(NUMBER * (ROUNDS + 1)))
    outbox = fake.outbox
    client_id = seeded.client_id

    def round_trip() -> None:
        name = next(names)
        client.forgot_password(ClientId=client_id, Username=name)
        client.confirm_forgot_password(ClientId=client_id, Username=name,
                                       ConfirmationCode=outbox.last().code,
                                       Password="N3w-passw0rd!")
    return round_trip


def moto_round_trip() -> Any:
    client = _client()
    pool_id = client.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = client.create_user_pool_client(UserPoolId=pool_id,
                                               ClientName="web")["UserPoolClient"]["ClientId"]
    client.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS",
                             UserAttributes=[{"Name": "email", "Value": "ana@example.com"},
                                             {"Name": "email_verified", "Value": "true"}])

    def round_trip() -> None:
        client.forgot_password(ClientId=client_id, Username="ana")
        client.confirm_forgot_password(ClientId=client_id, Username="ana",
                                       # moto accepts any code without its magic prefix
                                       ConfirmationCode="123456",
                                       Password="N3w-passw0rd!")
    return round_trip



def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> _timing.Samples:
    from pytest_cognito_fake import CognitoFake

    fake = CognitoFake()
    moto = _timing.MotoBatch()
    with fake:
        fake_trip = fake_round_trip(fake)
    with moto:
        moto_trip = moto_round_trip()
    variants = {"floor (two constant calls)": floor_round_trip(),
                "pytest-cognito-fake": fake_trip,
                "moto mock_aws": moto_trip}
    around = {"pytest-cognito-fake": lambda: fake, "moto mock_aws": lambda: moto}
    return _timing.compare(variants, number=number, rounds=rounds, around=around)


def report(samples: _timing.Samples) -> str:
    return _timing.ratio_section(
        samples, title="ForgotPassword + ConfirmForgotPassword through boto3",
        base="floor (two constant calls)", per="round trip", ratio_header="× floor",
        target=TARGET_RATIO, target_phrase="two floor calls")


if __name__ == "__main__":
    print(report(run()))
