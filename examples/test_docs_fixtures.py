"""The code of docs/fixtures.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake, mock_cognito


def test_the_fake_answers_boto3(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    pool = client.create_user_pool(PoolName="shop")["UserPool"]

    assert pool["Id"].startswith("us-east-1_")
    assert [c.operation for c in cognito_fake.calls] == ["CreateUserPool"]


def test_a_ready_pool(cognito_pool: Any, cognito_client: Any) -> None:
    # cognito_pool: a pool with AWS defaults and one app client without a secret.
    described = cognito_client.describe_user_pool_client(
        UserPoolId=cognito_pool.user_pool_id, ClientId=cognito_pool.client_id
    )["UserPoolClient"]

    assert described["ClientName"] == "test-client"
    assert cognito_pool.arn.endswith(f":userpool/{cognito_pool.user_pool_id}")


@pytest.mark.cognito(region="eu-west-1", account_id="111122223333")
def test_options_come_from_the_marker(cognito_fake: CognitoFake) -> None:
    client = cognito_fake.client()  # a botocore client in the fake's region

    pool = client.create_user_pool(PoolName="eu")["UserPool"]

    assert pool["Arn"].startswith("arn:aws:cognito-idp:eu-west-1:111122223333:userpool/")


def test_call_skips_http(cognito_fake: CognitoFake) -> None:
    pool_id = cognito_fake.call("CreateUserPool", PoolName="direct")["UserPool"]["Id"]

    described = cognito_fake.call("DescribeUserPool", UserPoolId=pool_id)

    assert described["UserPool"]["Name"] == "direct"


def test_without_pytest_fixtures() -> None:
    with CognitoFake(region="ap-southeast-2") as fake:
        client = boto3.client("cognito-idp", region_name="ap-southeast-2")
        client.create_user_pool(PoolName="plain")
        assert len(fake.calls) == 1


@settings(max_examples=20)
@given(name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_+=,.@- ", min_size=1,
                    max_size=128))
@mock_cognito
def test_any_valid_pool_name_is_kept(name: str, cognito_fake: CognitoFake) -> None:
    # A fresh fake for every example: nothing leaks from one example to the next.
    client = boto3.client("cognito-idp", region_name="us-east-1")

    pool = client.create_user_pool(PoolName=name)["UserPool"]

    assert pool["Name"] == name
    assert client.list_user_pools(MaxResults=60)["UserPools"] == [
        {k: pool[k] for k in ("Id", "Name", "LambdaConfig", "LastModifiedDate", "CreationDate")}
    ]


def test_the_innermost_fake_answers(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    with CognitoFake() as inner:
        client.create_user_pool(PoolName="inner")
    client.create_user_pool(PoolName="outer")

    assert [p["Name"] for p in inner.call("ListUserPools", MaxResults=10)["UserPools"]] == [
        "inner"]
    assert [p["Name"] for p in client.list_user_pools(MaxResults=10)["UserPools"]] == ["outer"]
