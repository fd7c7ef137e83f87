"""The code of docs/validation.md, run as tests."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    """(code, message, HTTP status) of a botocore ClientError."""
    response: Any = excinfo.value.response
    return (response["Error"]["Code"], response["Error"]["Message"],
            response["ResponseMetadata"]["HTTPStatusCode"])


def test_one_violation(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="ok", MfaConfiguration="SOMETIMES")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy "
        "constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
        400,
    )


def test_every_violation_is_listed(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    name = "p" * 129 + "/"

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName=name)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"2 validation errors detected: Value '{name}' at 'poolName' failed to satisfy "
        "constraint: Member must have length less than or equal to 128; "
        f"Value '{name}' at 'poolName' failed to satisfy constraint: Member must satisfy "
        r"regular expression pattern: [\w\s+=,.@-]+",
        400,
    )


def test_sensitive_values_are_not_echoed(cognito_fake: CognitoFake) -> None:
    body = {"UserPoolId": "us-east-1_Example12", "Username": "tab\there"}

    response = requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.AdminGetUser"},
        data=json.dumps(body),
    )

    assert response.json() == {
        "__type": "InvalidParameterException",
        "message": "1 validation error detected: Value at 'username' failed to satisfy "
                   r"constraint: Member must satisfy regular expression pattern: "
                   r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
    }


def test_raw_requests_meet_what_botocore_would_have_caught(cognito_fake: CognitoFake) -> None:
    def post(body: str) -> Any:
        return requests.post(
            "https://cognito-idp.us-east-1.amazonaws.com/",
            headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.CreateUserPool"},
            data=body,
        ).json()

    assert post("{}") == {
        "__type": "InvalidParameterException",
        "message": "1 validation error detected: Value null at 'poolName' failed to satisfy "
                   "constraint: Member must not be null",
    }
    assert post('{"PoolName": 5}') == {"__type": "com.amazon.coral.service#SerializationException"}
    assert post("{not json") == {"__type": "com.amazon.coral.service#SerializationException"}
