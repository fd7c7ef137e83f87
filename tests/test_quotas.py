"""Opt-in API request rate quotas: per-category requests per second on the fake clock."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake, _model, mock_cognito
from pytest_cognito_fake._quotas import (
    CATEGORIES,
    CHALLENGE_MULTIPLE,
    DEFAULT_RATES,
    PER_POOL_RATE,
    Quotas,
    category_of,
)
from tests.conftest import error_of

THROTTLED = ("TooManyRequestsException", "Rate exceeded", 400)
#: Operations the guide lists that are newer than some botocore models this package supports.
NEWER_THAN_SOME_MODELS = {
    "AdminGetUserAuthFactors", "AdminDeleteSoftwareToken", "GetClientToken",
    "GetProvisionedLimit", "UpdateProvisionedLimit",
}


def client(region: str = "us-east-1") -> Any:
    # botocore's standard retry mode retries TooManyRequestsException. ``max_attempts`` counts
    # retries (1 would still retry once); ``total_max_attempts`` counts the first try too.
    return boto3.client("cognito-idp", region_name=region,
                        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def describe(c: Any, pool_id: str, times: int) -> None:
    for _ in range(times):
        c.describe_user_pool(UserPoolId=pool_id)


def throttled(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(**params)
    return error_of(excinfo)


# -- off by default, on by the marker --------------------------------------------------------


def test_quotas_are_off_by_default(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()

    describe(client(), cognito_pool.user_pool_id, 3 * DEFAULT_RATES["UserPoolRead"])

    assert not cognito_fake.quotas.enabled
    assert [c.error for c in cognito_fake.calls.of("DescribeUserPool")] == [None] * 45


@pytest.mark.cognito(quotas=True)
def test_a_request_beyond_the_category_rate_is_throttled(cognito_fake: CognitoFake,
                                                         cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    rate = cognito_fake.quotas.rate("UserPoolRead")

    describe(c, cognito_pool.user_pool_id, rate)

    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED
    assert cognito_fake.calls[-1].error == "TooManyRequestsException"


@pytest.mark.cognito(quotas=True)
def test_the_budget_refills_when_the_clock_moves_a_second(cognito_fake: CognitoFake,
                                                          cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    rate = cognito_fake.quotas.rate("UserPoolRead")
    describe(c, cognito_pool.user_pool_id, rate)

    cognito_fake.clock.advance(0.999)
    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED

    cognito_fake.clock.advance(0.001)
    describe(c, cognito_pool.user_pool_id, rate)
    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED


@pytest.mark.cognito(quotas={"UserPoolRead": 4})
def test_the_window_slides(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    start = cognito_fake.clock.freeze()
    c = client()
    describe(c, cognito_pool.user_pool_id, 2)
    cognito_fake.clock.advance(0.5)
    describe(c, cognito_pool.user_pool_id, 2)
    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED

    # One second after the first two, only those two have left the window.
    cognito_fake.clock.freeze(start + 1)
    describe(c, cognito_pool.user_pool_id, 2)

    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED


@pytest.mark.cognito(quotas={"UserAccountRecovery": 2})
def test_throttled_requests_do_not_use_up_the_budget(cognito_fake: CognitoFake,
                                                      cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    c.admin_create_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")

    def set_password() -> None:
        c.admin_set_user_password(UserPoolId=cognito_pool.user_pool_id, Username="ana",
                                  Password="Passw0rd!", Permanent=True)

    for _ in range(2):
        set_password()
    for _ in range(5):
        assert throttled(set_password) == THROTTLED
    cognito_fake.clock.advance(1)

    for _ in range(2):
        set_password()
    assert throttled(set_password) == THROTTLED


# -- categories ------------------------------------------------------------------------------


@pytest.mark.cognito(quotas={"UserPoolRead": 3})
def test_the_operations_of_a_category_share_its_budget(cognito_fake: CognitoFake,
                                                       cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    c.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)
    c.list_user_pools(MaxResults=10)
    c.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)

    assert throttled(c.list_user_pools, MaxResults=10) == THROTTLED


@pytest.mark.cognito(quotas={"UserPoolRead": 1})
def test_categories_have_separate_budgets(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    c.admin_create_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")
    c.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)

    user = c.admin_get_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")
    groups = c.list_groups(UserPoolId=cognito_pool.user_pool_id)

    assert (user["Username"], groups["Groups"]) == ("ana", [])


@pytest.mark.cognito(quotas={"UserPoolRead": 1, "UserPoolUpdate": 2})
def test_each_region_has_its_own_budget(cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    east, west = client("us-east-1"), client("eu-west-1")
    east.list_user_pools(MaxResults=10)
    assert throttled(east.list_user_pools, MaxResults=10) == THROTTLED

    assert west.list_user_pools(MaxResults=10)["UserPools"] == []


@pytest.mark.cognito(quotas=True)
def test_each_operation_of_a_pool_resource_category_is_held_to_five_per_pool(
        cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    c = client()
    first, second = (c.create_user_pool(PoolName=n)["UserPool"]["Id"] for n in ("a", "b"))
    for i in range(PER_POOL_RATE):
        c.create_group(UserPoolId=first, GroupName=f"g{i}")

    assert throttled(c.create_group, UserPoolId=first, GroupName="one-too-many") == THROTTLED
    # Another pool, and another operation of the same category in the same pool, still pass.
    c.create_group(UserPoolId=second, GroupName="g")
    c.update_group(UserPoolId=first, GroupName="g0", Description="ok")
    assert cognito_fake.quotas.rate("UserPoolResourceUpdate") > PER_POOL_RATE + 2


@pytest.mark.cognito(quotas=True)
def test_the_per_pool_rate_can_be_turned_off(cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    cognito_fake.quotas.per_pool_rate = None
    c = client()
    pool_id = c.create_user_pool(PoolName="a")["UserPool"]["Id"]

    for i in range(PER_POOL_RATE + 1):
        c.create_group(UserPoolId=pool_id, GroupName=f"g{i}")

    assert len(c.list_groups(UserPoolId=pool_id)["Groups"]) == PER_POOL_RATE + 1


# -- what comes first ------------------------------------------------------------------------


@pytest.mark.cognito(quotas={"UserPoolRead": 1})
def test_a_request_that_fails_validation_is_not_counted(cognito_fake: CognitoFake,
                                                        cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    for _ in range(3):
        with pytest.raises(ClientError) as excinfo:
            c.describe_user_pool(UserPoolId="not a pool id!")
        assert error_of(excinfo)[0] == "InvalidParameterException"

    assert c.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)["UserPool"]["Id"] == \
        cognito_pool.user_pool_id


@pytest.mark.cognito(quotas={"UserPoolRead": 1})
def test_an_injected_fault_answers_before_the_quota_and_is_not_counted(
        cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    cognito_fake.faults.inject("DescribeUserPool", "NotAuthorizedException", message="nope")

    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == (
        "NotAuthorizedException", "nope", 400)
    c.describe_user_pool(UserPoolId=cognito_pool.user_pool_id)
    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED


@pytest.mark.cognito(quotas={"UserPoolRead": 0})
def test_the_wire_format_of_a_throttled_request(cognito_fake: CognitoFake) -> None:
    response = requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"MaxResults": 10}),
        timeout=5,
    )

    assert response.status_code == 400
    assert response.content == b'{"__type":"TooManyRequestsException","message":"Rate exceeded"}'
    assert response.headers["x-amzn-ErrorType"] == "TooManyRequestsException:"
    assert response.headers["x-amzn-ErrorMessage"] == "Rate exceeded"


# -- turning on, off and overriding -----------------------------------------------------------


def test_enable_and_disable_during_a_test(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    describe(c, cognito_pool.user_pool_id, 2)

    cognito_fake.quotas.enable(UserPoolRead=2)
    describe(c, cognito_pool.user_pool_id, 2)
    assert throttled(c.describe_user_pool, UserPoolId=cognito_pool.user_pool_id) == THROTTLED

    cognito_fake.quotas.disable()
    describe(c, cognito_pool.user_pool_id, 5)
    assert [c.error for c in cognito_fake.calls.of("DescribeUserPool")].count(
        "TooManyRequestsException") == 1


@pytest.mark.cognito(quotas=True)
def test_set_rate_and_reset(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    cognito_fake.clock.freeze()
    c = client()
    cognito_fake.quotas.set_rate("UserList", 1)
    c.list_users(UserPoolId=cognito_pool.user_pool_id)
    assert throttled(c.list_users, UserPoolId=cognito_pool.user_pool_id) == THROTTLED

    cognito_fake.quotas.reset()

    assert c.list_users(UserPoolId=cognito_pool.user_pool_id)["Users"] == []
    assert cognito_fake.quotas.rates["UserList"] == 1
    assert cognito_fake.quotas.rates["UserRead"] == DEFAULT_RATES["UserRead"]


def test_mock_cognito_takes_quotas() -> None:
    with mock_cognito(quotas={"UserPoolUpdate": 1}) as fake:
        fake.clock.freeze()
        c = client()
        c.create_user_pool(PoolName="a")
        assert throttled(c.create_user_pool, PoolName="b") == THROTTLED


@pytest.mark.parametrize(("options", "message"), [
    ({"UserReads": 3}, "'UserReads' is not a Cognito quota category; one of: UserAuthentication,"),
    ({"UserRead": -1}, "the rate of UserRead is a whole number of requests per second (0 or "
                       "more), not -1"),
    ({"UserRead": 1.5}, "the rate of UserRead is a whole number of requests per second (0 or "
                        "more), not 1.5"),
])
def test_bad_rates_are_refused_up_front(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        CognitoFake(quotas=options)

    assert str(excinfo.value).startswith(message)


def test_repr_says_state_and_overrides() -> None:
    quotas = Quotas()
    assert repr(quotas) == "<Quotas disabled>"
    assert repr(quotas.enable(UserList=3)) == "<Quotas enabled {'UserList': 3}>"


# -- the table -------------------------------------------------------------------------------


def test_every_listed_operation_is_a_cognito_operation_in_one_category() -> None:
    listed = [op for _, ops in CATEGORIES.values() for op in ops]

    assert len(listed) == len(set(listed))
    assert set(listed) - _model.operation_names() <= NEWER_THAN_SOME_MODELS


@pytest.mark.parametrize(("operation", "params", "category"), [
    ("ForgotPassword", {}, "UserAccountRecovery"),
    ("ConfirmForgotPassword", {}, "UserAccountRecovery"),
    ("SignUp", {}, "UserCreation"),
    ("ResendConfirmationCode", {}, "UserResourceRead"),
    ("RespondToAuthChallenge", {"ChallengeName": "SMS_MFA"}, "UserAuthentication"),
    ("RespondToAuthChallenge", {"ChallengeName": "NEW_PASSWORD_REQUIRED"}, "UserAccountRecovery"),
    ("AdminRespondToAuthChallenge", {"ChallengeName": "NEW_PASSWORD_REQUIRED"},
     "UserAccountRecovery"),
    ("DescribeTerms", {}, None),
])
def test_category_of(operation: str, params: dict[str, Any], category: str | None) -> None:
    assert category_of(operation, params) == category


def test_challenge_responses_have_three_times_the_authentication_rate_then_spill_over() -> None:
    # RespondToAuthChallenge has no operation in the fake yet: the budget logic, directly.
    quotas = Quotas().enable(UserAuthentication=2)
    challenge = {"ChallengeName": "SMS_MFA"}
    for _ in range(CHALLENGE_MULTIPLE * 2):
        quotas.admit("RespondToAuthChallenge", challenge, "us-east-1", 100.0)
    # Beyond its own budget, a challenge response counts toward UserAuthentication ...
    quotas.admit("AdminRespondToAuthChallenge", challenge, "us-east-1", 100.0)
    quotas.admit("InitiateAuth", {}, "us-east-1", 100.0)
    # ... which is now spent for both.
    for operation in ("InitiateAuth", "RespondToAuthChallenge"):
        with pytest.raises(Exception) as excinfo:
            quotas.admit(operation, challenge, "us-east-1", 100.0)
        assert repr(excinfo.value) == "TooManyRequestsException('Rate exceeded')"
    # A NEW_PASSWORD_REQUIRED response counts toward UserAccountRecovery instead.
    quotas.admit("RespondToAuthChallenge", {"ChallengeName": "NEW_PASSWORD_REQUIRED"},
                 "us-east-1", 100.0)
