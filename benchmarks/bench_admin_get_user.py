"""AdminGetUser through a boto3 client: the floor, this fake and moto, side by side.

    python benchmarks/bench_admin_get_user.py

The floor is botocore doing everything but the network: a ``before-send`` handler registered on
the client answers with a constant, valid AdminGetUser body. The fake skips SigV4 signing while it
is active, so the like-for-like floor is unsigned; the signed floor is shown too. Everything runs in
one process, in interleaved rounds (see ``_timing.compare``).
"""

from __future__ import annotations

import json
from typing import Any

import _timing  # beside this file: benchmarks run as scripts
import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

REGION = "us-east-1"
USERNAME = "ana"
NUMBER = 200
ROUNDS = 25
TARGET_RATIO = 1.2

_FLOOR_BODY = json.dumps({
    "Username": USERNAME,
    "UserAttributes": [
        {"Name": "sub", "Value": "7d5c6e3a-0b1f-4f5e-9a3b-2c1d0e9f8a7b"},
        {"Name": "email", "Value": "ana@example.com"},
    ],
    "UserCreateDate": 1767225600.0,
    "UserLastModifiedDate": 1767225600.0,
    "Enabled": True,
    "UserStatus": "CONFIRMED",
}, separators=(",", ":")).encode()
_FLOOR_HEADERS = _timing.cognito_headers(_FLOOR_BODY)



def _constant_answer(request: Any, **_: Any) -> AWSResponse:
    return AWSResponse(request.url, 200, dict(_FLOOR_HEADERS), _timing.RawBody(_FLOOR_BODY))


def _client(**kwargs: Any) -> Any:
    # A session of its own per client, so no handler registered on one leaks into another.
    return boto3.session.Session().client(
        "cognito-idp", region_name=REGION, aws_access_key_id="testing",
        aws_secret_access_key="testing", **kwargs)


def floor_client(*, signed: bool) -> Any:
    client = _client() if signed else _client(config=Config(signature_version=UNSIGNED))
    client.meta.events.register(
        "before-send.cognito-identity-provider.AdminGetUser", _constant_answer)
    return client


def seed_fake(fake: Any) -> str:
    pool_id: str = fake.call("CreateUserPool", PoolName="bench")["UserPool"]["Id"]
    fake.call("AdminCreateUser", UserPoolId=pool_id, Username=USERNAME,
              UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
              MessageAction="SUPPRESS")
    return pool_id


def seed_moto(client: Any) -> str:
    pool_id: str = client.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client.admin_create_user(UserPoolId=pool_id, Username=USERNAME,
                             UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
                             MessageAction="SUPPRESS")
    return pool_id



def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> _timing.Samples:
    """Seconds per AdminGetUser call of each variant, one sample per round."""
    from pytest_cognito_fake import CognitoFake

    unsigned = floor_client(signed=False)
    signed = floor_client(signed=True)
    fake = CognitoFake()
    unchecked = CognitoFake(check_responses=False)
    moto = _timing.MotoBatch()
    with fake:
        fake_client, fake_pool = _client(), seed_fake(fake)
    with unchecked:
        unchecked_client, unchecked_pool = _client(), seed_fake(unchecked)
    with moto:
        moto_client = _client()
        moto_pool = seed_moto(moto_client)

    def get(client: Any, pool_id: str) -> Any:
        return lambda: client.admin_get_user(UserPoolId=pool_id, Username=USERNAME)

    variants = {
        "floor (unsigned)": get(unsigned, "us-east-1_Floor0000"),
        "floor (signed)": get(signed, "us-east-1_Floor0000"),
        "pytest-cognito-fake": get(fake_client, fake_pool),
        "pytest-cognito-fake, check_responses=False": get(unchecked_client, unchecked_pool),
        "moto mock_aws": get(moto_client, moto_pool),
    }
    # Each fake (and moto) is active around its own batches only, untimed: the floors must not
    # pay for an active interceptor, and activation is measured on its own (bench_setup.py).
    around = {"pytest-cognito-fake": lambda: fake,
              "pytest-cognito-fake, check_responses=False": lambda: unchecked,
              "moto mock_aws": lambda: moto}
    return _timing.compare(variants, number=number, rounds=rounds, around=around)


def report(samples: _timing.Samples) -> str:
    return _timing.ratio_section(
        samples, title="AdminGetUser through boto3", base="floor (unsigned)", per="call",
        ratio_header="× unsigned floor", target=TARGET_RATIO,
        target_phrase="the unsigned floor")


if __name__ == "__main__":
    print(report(run()))
