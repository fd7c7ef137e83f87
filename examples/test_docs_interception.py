"""The code of docs/interception.md, run as tests."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
import requests
import responses
from moto import mock_aws

from pytest_cognito_fake import CognitoFake


def test_any_endpoint_is_answered(cognito_fake: CognitoFake) -> None:
    # A client aimed at a local emulator, a VPC endpoint or a FIPS host: the fake answers.
    client = boto3.client("cognito-idp", region_name="eu-west-1",
                          endpoint_url="http://localhost:9229")
    pool = client.create_user_pool(PoolName="anywhere")["UserPool"]
    assert pool["Id"].startswith("eu-west-1_")


def test_plain_requests_reach_the_fake(cognito_fake: CognitoFake) -> None:
    response = requests.post(
        "https://cognito-idp.eu-west-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.DescribeUserPool",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"UserPoolId": "eu-west-1_NoSuchOne"}),
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException:"
    assert response.json() == {"__type": "ResourceNotFoundException",
                               "message": "User pool eu-west-1_NoSuchOne does not exist."}


def test_moto_keeps_the_other_services(cognito_fake: CognitoFake) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="avatars")  # answered by moto
        cognito = boto3.client("cognito-idp", region_name="us-east-1")
        cognito.create_user_pool(PoolName="users")  # answered by the fake

        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["avatars"]
    assert [c.operation for c in cognito_fake.calls] == ["CreateUserPool"]


@pytest.fixture
def mocked_api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        mock.get("https://api.example.com/profile", json={"plan": "pro"})
        yield mock


def test_an_outer_responses_mock_keeps_its_urls(
    mocked_api: responses.RequestsMock, cognito_fake: CognitoFake
) -> None:
    # mocked_api is set up before cognito_fake, so it is the outer mock.
    assert requests.get("https://api.example.com/profile").json() == {"plan": "pro"}
    cognito = requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"},
        data=json.dumps({"MaxResults": 10}),
    )
    assert cognito.json() == {"UserPools": []}


def test_an_inner_responses_mock_shadows_the_fake(cognito_fake: CognitoFake) -> None:
    with responses.RequestsMock() as inner:
        inner.post("https://cognito-idp.us-east-1.amazonaws.com/",
                   json={"__type": "InternalErrorException"}, status=500)
        answer = requests.post(
            "https://cognito-idp.us-east-1.amazonaws.com/",
            headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"},
            data=json.dumps({"MaxResults": 10}),
        )
    assert answer.status_code == 500  # the inner mock answered; the fake saw nothing
    assert len(cognito_fake.calls) == 0
