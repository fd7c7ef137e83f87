"""Lambda triggers fired by the Admin* user operations, through boto3."""

from __future__ import annotations

import copy
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake, LambdaInvocationError
from pytest_cognito_fake._services import LambdaNotRegistered
from tests.conftest import error_of

PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
CUSTOM_MESSAGE = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"
POST_CONFIRMATION = "arn:aws:lambda:us-east-1:123456789012:function:post-confirmation"


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1")


def _pool(client: Any, **lambda_config: str) -> str:
    return str(client.create_user_pool(PoolName="p", LambdaConfig=lambda_config)["UserPool"]["Id"])


def test_pre_sign_up_admin_create_user_event(client: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(copy.deepcopy(event))
        event["response"]["autoConfirmUser"] = True  # ignored for AdminCreateUser
        return event

    cognito_fake.lambdas.register(PRE_SIGN_UP, handler)
    pool_id = _pool(client, PreSignUp=PRE_SIGN_UP)
    user = client.admin_create_user(
        UserPoolId=pool_id, Username="zed", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "name", "Value": "Zed"}],
        ClientMetadata={"source": "test"})["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    (event,) = events
    assert event == {
        "version": "1",
        "region": "us-east-1",
        "userPoolId": pool_id,
        "userName": "zed",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown",
                          "clientId": "CLIENT_ID_NOT_APPLICABLE"},
        "triggerSource": "PreSignUp_AdminCreateUser",
        "request": {"userAttributes": {"name": "Zed"}, "validationData": None,
                    "clientMetadata": {"source": "test"}},
        "response": {"autoConfirmUser": False, "autoVerifyEmail": False,
                     "autoVerifyPhone": False},
    }


def test_pre_sign_up_error_blocks_creation(client: Any, cognito_fake: CognitoFake) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ValueError("Registration from this domain is not allowed.")

    cognito_fake.lambdas.register(PRE_SIGN_UP, handler)
    pool_id = _pool(client, PreSignUp=PRE_SIGN_UP)
    with pytest.raises(ClientError) as excinfo:
        client.admin_create_user(UserPoolId=pool_id, Username="zed")
    assert error_of(excinfo) == (
        "UserLambdaValidationException",
        "PreSignUp failed with error Registration from this domain is not allowed..", 400)
    with pytest.raises(ClientError) as excinfo:
        client.admin_get_user(UserPoolId=pool_id, Username="zed")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)


def test_invocation_failure_and_invalid_output(client: Any, cognito_fake: CognitoFake) -> None:
    def denied(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise LambdaInvocationError("AccessDeniedException")

    cognito_fake.lambdas.register(PRE_SIGN_UP, denied)
    pool_id = _pool(client, PreSignUp=PRE_SIGN_UP)
    with pytest.raises(ClientError) as excinfo:
        client.admin_create_user(UserPoolId=pool_id, Username="zed")
    assert error_of(excinfo) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error AccessDeniedException.", 400)

    cognito_fake.lambdas.register(PRE_SIGN_UP, lambda event, context: None)
    with pytest.raises(ClientError) as excinfo:
        client.admin_create_user(UserPoolId=pool_id, Username="zed")
    assert error_of(excinfo) == (
        "InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON", 400)


def test_unregistered_arn_fails_the_test_with_a_way_out(client: Any,
                                                        cognito_fake: CognitoFake) -> None:
    pool_id = _pool(client, PreSignUp=PRE_SIGN_UP)
    with pytest.raises(LambdaNotRegistered, match=r"cognito_fake\.lambdas\.register"):
        client.admin_create_user(UserPoolId=pool_id, Username="zed")
    # Teardown would fail this test too, even had the code under test swallowed the error.
    assert [type(e) for e in cognito_fake.bugs] == [LambdaNotRegistered]
    cognito_fake.bugs.clear()


def test_custom_message_admin_create_user(client: Any, cognito_fake: CognitoFake) -> None:
    seen: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["request"])
        event["response"]["emailSubject"] = "Welcome aboard"
        event["response"]["emailMessage"] = (
            f"Hi {event['request']['usernameParameter']}, "
            f"your password is {event['request']['codeParameter']}")
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, handler)
    pool_id = _pool(client, CustomMessage=CUSTOM_MESSAGE)
    client.admin_create_user(
        UserPoolId=pool_id, Username="zed", TemporaryPassword="Temp0rary!",
        DesiredDeliveryMediums=["EMAIL"],
        UserAttributes=[{"Name": "email", "Value": "zed@example.com"}])
    message = cognito_fake.outbox.last()
    assert (message.kind, message.subject, message.body) == (
        "invitation", "Welcome aboard", "Hi zed, your password is Temp0rary!")
    assert seen[0]["codeParameter"] == "{####}"
    assert seen[0]["usernameParameter"] == "{username}"
    assert seen[0]["userAttributes"]["cognito:user_status"] == "FORCE_CHANGE_PASSWORD"


def test_custom_message_invitation_without_placeholders_uses_default(
        client: Any, cognito_fake: CognitoFake) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["emailMessage"] = "Your code is {####}"  # no {username}
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, handler)
    pool_id = _pool(client, CustomMessage=CUSTOM_MESSAGE)
    client.admin_create_user(
        UserPoolId=pool_id, Username="zed", TemporaryPassword="Temp0rary!",
        DesiredDeliveryMediums=["EMAIL"],
        UserAttributes=[{"Name": "email", "Value": "zed@example.com"}])
    assert cognito_fake.outbox.last().body == (
        "Your username is zed and temporary password is Temp0rary!.")


def test_custom_message_reset_code_must_hold_the_code(client: Any,
                                                      cognito_fake: CognitoFake) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["emailMessage"] = "<p> </p>no code here"
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, handler)
    pool_id = _pool(client, CustomMessage=CUSTOM_MESSAGE)
    client.admin_create_user(
        UserPoolId=pool_id, Username="zed", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "zed@example.com"},
                        {"Name": "email_verified", "Value": "true"}])
    client.admin_set_user_password(UserPoolId=pool_id, Username="zed", Password="Passw0rd!",
                                   Permanent=True)
    with pytest.raises(ClientError) as excinfo:
        client.admin_reset_user_password(UserPoolId=pool_id, Username="zed")
    pattern = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value '<p> </p>no code here' at 'emailBody' failed to "
        f"satisfy constraint: Member must satisfy regular expression pattern: {pattern}", 400)


def test_custom_message_forgot_password_source_for_admin_reset(
        client: Any, cognito_fake: CognitoFake) -> None:
    sources: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        sources.append(event["triggerSource"])
        event["response"]["emailMessage"] = "Reset with {####} now"
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, handler)
    pool_id = _pool(client, CustomMessage=CUSTOM_MESSAGE)
    client.admin_create_user(
        UserPoolId=pool_id, Username="zed", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "zed@example.com"},
                        {"Name": "email_verified", "Value": "true"}])
    client.admin_set_user_password(UserPoolId=pool_id, Username="zed", Password="Passw0rd!",
                                   Permanent=True)
    client.admin_reset_user_password(UserPoolId=pool_id, Username="zed")
    message = cognito_fake.outbox.last()
    assert sources == ["CustomMessage_ForgotPassword"]
    assert message.kind == "admin_reset_password"
    assert message.body == f"Reset with {message.code} now"


def test_post_confirmation_after_admin_confirm_sign_up(client: Any,
                                                       cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> None:
        events.append(event)
        return None  # forgot to return the event

    cognito_fake.lambdas.register(POST_CONFIRMATION, handler)
    (seeded,) = cognito_fake.seed({"user_pools": [{
        "PoolName": "p", "LambdaConfig": {"PostConfirmation": POST_CONFIRMATION},
        "users": [{"Username": "zed", "Password": "Passw0rd!", "UserStatus": "UNCONFIRMED"}],
    }]})
    pool_id = seeded.user_pool_id
    with pytest.raises(ClientError) as excinfo:
        client.admin_confirm_sign_up(UserPoolId=pool_id, Username="zed",
                                     ClientMetadata={"k": "v"})
    assert error_of(excinfo) == (
        "InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON", 400)
    # The confirmation stands even though the trigger failed (triggers.md §5).
    assert client.admin_get_user(UserPoolId=pool_id, Username="zed")["UserStatus"] == "CONFIRMED"
    (event,) = events
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert event["request"]["clientMetadata"] == {"k": "v"}
    assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert event["response"] == {}
