"""The code of docs/quotas.md, run as tests."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake._quotas import CATEGORIES

#: One try only: botocore's standard retry mode retries a throttled call, sleeping in between.
ONE_TRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def set_passwords(client: Any, pool_id: str, passwords: dict[str, str],
                  sleep: Callable[[float], object] = time.sleep) -> int:
    """The code under test: set many users' passwords, waiting a second whenever Cognito
    throttles. Returns how often it waited."""
    waits = 0
    for username, password in passwords.items():
        while True:
            try:
                client.admin_set_user_password(UserPoolId=pool_id, Username=username,
                                               Password=password, Permanent=True)
                break
            except client.exceptions.TooManyRequestsException:
                waits += 1
                sleep(1)
    return waits


@pytest.mark.cognito(quotas=True)
def test_the_sixteenth_describe_in_a_second_is_throttled(cognito_fake: CognitoFake,
                                                          cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    client = boto3.client("cognito-idp", region_name="us-east-1", config=ONE_TRY)
    for _ in range(15):  # UserPoolRead allows 15 requests per second
        client.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)

    with pytest.raises(client.exceptions.TooManyRequestsException) as excinfo:
        client.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)
    response = excinfo.value.response
    assert response["Error"]["Message"] == "Rate exceeded"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400

    cognito_fake.clock.advance(1)
    client.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)


@pytest.mark.cognito(quotas={"UserAccountRecovery": 2})
def test_the_batch_waits_out_the_quota(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    client = boto3.client("cognito-idp", region_name="us-east-1", config=ONE_TRY)
    users = {f"user{i}": "Passw0rd!" for i in range(5)}
    for username in users:
        client.admin_create_user(UserPoolId=cognito_pool.user_pool_id, Username=username,
                                 MessageAction="SUPPRESS")

    # The fake clock stands in for time.sleep: the test takes no real time.
    waits = set_passwords(client, cognito_pool.user_pool_id, users,
                          sleep=cognito_fake.clock.advance)

    assert waits == 2  # two users at t, two at t+1, the last at t+2
    assert {client.admin_get_user(UserPoolId=cognito_pool.user_pool_id, Username=u)[
        "UserStatus"] for u in users} == {"CONFIRMED"}


def test_quotas_for_part_of_a_test(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    client = boto3.client("cognito-idp", region_name="us-east-1", config=ONE_TRY)

    cognito_fake.quotas.enable(UserList=1)
    client.list_users(UserPoolId=cognito_pool.user_pool_id)
    with pytest.raises(client.exceptions.TooManyRequestsException):
        client.list_users(UserPoolId=cognito_pool.user_pool_id)

    cognito_fake.quotas.disable()
    client.list_users(UserPoolId=cognito_pool.user_pool_id)


# -- the page's table is the code's --------------------------------------------------------------

ROW = re.compile(r"^\| (\w+) \| (\d+) \| (.*) \|$", re.MULTILINE)


def test_the_table_of_categories_is_the_one_the_fake_applies() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "quotas.md").read_text("utf-8")
    table = {name: (int(rate), tuple(re.findall(r"`(\w+)`", ops)))
             for name, rate, ops in ROW.findall(page)}

    assert table == dict(CATEGORIES)
