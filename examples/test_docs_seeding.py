"""The code of docs/seeding.md, run as tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
import pytest

from pytest_cognito_fake import CognitoFake


def test_seed_from_a_dict(cognito_fake: CognitoFake) -> None:
    [pool] = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "clients": [{"ClientName": "web"}],
        "users": [{"Username": "ana", "Password": "Passw0rd!",
                   "Attributes": {"email": "ana@example.com"}}],
    }]})
    client = boto3.client("cognito-idp", region_name="us-east-1")

    user = client.admin_get_user(UserPoolId=pool.user_pool_id, Username="ana")

    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "sub", "Value": pool.subs["ana"]} in user["UserAttributes"]
    assert pool.client_ids == {"web": pool.client_id}


SEEDS = Path(__file__).parent / "seeds"


def test_seed_from_a_yaml_file(cognito_fake: CognitoFake) -> None:
    [shop] = cognito_fake.seed(SEEDS / "shop.yaml")
    client = boto3.client("cognito-idp", region_name="us-east-1")

    def get(username: str) -> Any:
        return client.admin_get_user(UserPoolId=shop.user_pool_id, Username=username)

    assert get("ana")["UserStatus"] == "CONFIRMED"
    assert {"Name": "custom:plan", "Value": "pro"} in get("ana")["UserAttributes"]
    assert get("bo")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert get("cy")["Enabled"] is False
    assert get("cy")["UserCreateDate"] == dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    assert sorted(shop.client_secrets) == ["backend"]
    members = client.list_users_in_group(UserPoolId=shop.user_pool_id, GroupName="admins")
    assert [u["Username"] for u in members["Users"]] == ["ana"]


@pytest.mark.cognito(seed=SEEDS / "shop.yaml")
def test_seed_from_the_marker(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    [pool] = client.list_user_pools(MaxResults=10)["UserPools"]

    assert pool["Name"] == "shop"
    assert len(client.list_users(UserPoolId=pool["Id"])["Users"]) == 3


def test_a_bad_seed_says_where(cognito_fake: CognitoFake) -> None:
    spec = {"user_pools": [{"PoolName": "shop", "users": [
        {"Username": "ana", "Attributes": {"favourite_colour": "teal"}}]}]}

    with pytest.raises(ValueError) as excinfo:
        cognito_fake.seed(spec)

    assert str(excinfo.value) == (
        "seed: user_pools[0].users[0].Attributes: favourite_colour: "
        "Attribute does not exist in the schema.")
