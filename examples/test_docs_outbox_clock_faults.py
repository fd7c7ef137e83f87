"""The code of docs/outbox-clock-faults.md, run as tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake


def invite(client: Any, pool_id: str, username: str, email: str) -> None:
    client.admin_create_user(
        UserPoolId=pool_id, Username=username, DesiredDeliveryMediums=["EMAIL"],
        UserAttributes=[{"Name": "email", "Value": email}],
    )


def test_the_invitation_carries_the_temporary_password(
    cognito_fake: CognitoFake, cognito_pool: Any
) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    invite(client, cognito_pool.user_pool_id, "ana", "ana@example.com")

    message = cognito_fake.outbox.last("ana")
    assert message.kind == "invitation"
    assert (message.medium, message.to) == ("EMAIL", "ana@example.com")
    assert message.subject == "Your temporary password"
    assert message.body == f"Your username is ana and temporary password is {message.code}."


def test_the_outbox_filters_by_any_field(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    for name in ("ana", "bo", "cy"):
        invite(client, cognito_pool.user_pool_id, name, f"{name}@example.com")

    assert len(cognito_fake.outbox) == 3
    assert [m.to for m in cognito_fake.outbox.filter(kind="invitation", username="bo")] == [
        "bo@example.com"]

    cognito_fake.outbox.clear()
    assert list(cognito_fake.outbox) == []


def test_dates_follow_the_clock(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    new_year = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    cognito_fake.clock.freeze(new_year)
    invite(client, cognito_pool.user_pool_id, "ana", "ana@example.com")

    cognito_fake.clock.advance(dt.timedelta(days=8))
    client.admin_update_user_attributes(
        UserPoolId=cognito_pool.user_pool_id, Username="ana",
        UserAttributes=[{"Name": "name", "Value": "Ana"}])

    user = client.admin_get_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")
    assert user["UserCreateDate"] == new_year
    assert user["UserLastModifiedDate"] == new_year + dt.timedelta(days=8)
    assert cognito_fake.clock.now() == (new_year + dt.timedelta(days=8)).timestamp()


def test_a_fault_fires_on_the_next_call(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.faults.inject("AdminCreateUser", "CodeDeliveryFailureException")

    with pytest.raises(client.exceptions.CodeDeliveryFailureException) as excinfo:
        invite(client, cognito_pool.user_pool_id, "ana", "ana@example.com")
    assert excinfo.value.response["Error"] == {
        "Code": "CodeDeliveryFailureException",
        "Message": "Invalid email provided/Unable to send the email"}
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    invite(client, cognito_pool.user_pool_id, "ana", "ana@example.com")  # the fault is spent
    assert [c.error for c in cognito_fake.calls.of("AdminCreateUser")] == [
        "CodeDeliveryFailureException", None]


def test_a_fault_with_its_own_message(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.faults.inject("AdminGetUser", "NotAuthorizedException", times=2,
                               message="User is not authorized to perform this action.")

    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            client.admin_get_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")
        assert excinfo.value.response["Error"]["Message"] == (
            "User is not authorized to perform this action.")


def test_botocore_retries_some_faults_away(
    cognito_fake: CognitoFake, cognito_pool: Any
) -> None:
    retrying = boto3.client("cognito-idp", region_name="us-east-1")
    standard = boto3.client("cognito-idp", region_name="us-east-1",
                            config=Config(retries={"mode": "standard"}))
    once = boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))
    pool_id = cognito_pool.user_pool_id

    cognito_fake.faults.inject("DescribeUserPool", "InternalErrorException")
    assert retrying.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id

    cognito_fake.faults.inject("DescribeUserPool", "TooManyRequestsException")
    assert standard.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id

    cognito_fake.faults.inject("DescribeUserPool", "InternalErrorException")
    with pytest.raises(ClientError) as excinfo:
        once.describe_user_pool(UserPoolId=pool_id)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_a_fault_that_never_fired_fails_the_test() -> None:
    with CognitoFake() as fake:
        fake.faults.inject("AdminGetUser", "TooManyRequestsException")
    with pytest.raises(AssertionError, match=r"cognito_fake\.faults\.clear\(\)"):
        fake.assert_clean()  # what the cognito_fake fixture runs after each test


def test_an_optional_fault_is_cleared(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.faults.inject("AdminCreateUser", "TooManyRequestsException")
    cache_hit = True  # say the code under test skipped the call this time

    if not cache_hit:
        invite(client, cognito_pool.user_pool_id, "ana", "ana@example.com")

    cognito_fake.faults.clear()  # the fault was optional: no teardown failure


def test_calls_record_what_the_fake_answered(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    pool_id = client.create_user_pool(PoolName="shop")["UserPool"]["Id"]
    with pytest.raises(ClientError):
        client.admin_get_user(UserPoolId=pool_id, Username="nobody")

    call = cognito_fake.calls[-1]
    assert (call.operation, call.error) == ("AdminGetUser", "UserNotFoundException")
    assert call.params == {"UserPoolId": pool_id, "Username": "nobody"}
    assert [c.operation for c in cognito_fake.calls] == ["CreateUserPool", "AdminGetUser"]


def test_a_fault_and_the_way_out(cognito_fake: CognitoFake, cognito_pool: Any) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.faults.inject("AdminCreateUser", "CodeDeliveryFailureException")

    with pytest.raises(client.exceptions.CodeDeliveryFailureException):
        client.admin_create_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")

    # A fault the code under test may or may not reach: clear what is left of it.
    cognito_fake.faults.inject("AdminCreateUser", "CodeDeliveryFailureException")
    cognito_fake.faults.clear()


PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
CUSTOM_MESSAGE = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"


def pre_sign_up(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if not event["request"]["userAttributes"]["email"].endswith("@example.com"):
        raise ValueError("Only example.com addresses may join")
    return event


def custom_message(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event["triggerSource"] == "CustomMessage_AdminCreateUser":
        event["response"]["emailSubject"] = "Welcome to the shop"
        event["response"]["emailMessage"] = (
            f"Hello {event['request']['usernameParameter']}, "
            f"your first password is {event['request']['codeParameter']}")
    return event


def test_python_functions_stand_in_for_lambda_triggers(cognito_fake: CognitoFake) -> None:
    cognito_fake.lambdas.register(PRE_SIGN_UP, pre_sign_up)
    cognito_fake.lambdas.register(CUSTOM_MESSAGE, custom_message)
    client = boto3.client("cognito-idp", region_name="us-east-1")
    pool_id = client.create_user_pool(
        PoolName="shop",
        LambdaConfig={"PreSignUp": PRE_SIGN_UP, "CustomMessage": CUSTOM_MESSAGE},
    )["UserPool"]["Id"]

    invite(client, pool_id, "ana", "ana@example.com")
    with pytest.raises(client.exceptions.UserLambdaValidationException) as excinfo:
        invite(client, pool_id, "eve", "eve@elsewhere.test")

    assert excinfo.value.response["Error"]["Message"] == (
        "PreSignUp failed with error Only example.com addresses may join.")
    welcome = cognito_fake.outbox.last("ana")
    assert welcome.subject == "Welcome to the shop"
    assert welcome.body == f"Hello ana, your first password is {welcome.code}"
    assert [event["triggerSource"] for _, event in cognito_fake.lambdas.invocations] == [
        "PreSignUp_AdminCreateUser", "CustomMessage_AdminCreateUser", "PreSignUp_AdminCreateUser"]
