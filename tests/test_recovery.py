"""ForgotPassword and ConfirmForgotPassword through boto3: every modelled error, exact."""

from __future__ import annotations

import copy
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake, LambdaInvocationError
from pytest_cognito_fake._services import LambdaNotRegistered
from pytest_cognito_fake.flows.client_auth import secret_hash
from tests.conftest import error_of

PASSWORD = "Passw0rd!"
NEW_PASSWORD = "N3w-passw0rd"
POST_CONFIRMATION = "arn:aws:lambda:us-east-1:123456789012:function:post-confirmation"
CUSTOM_MESSAGE = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"
MIGRATION = "arn:aws:lambda:us-east-1:123456789012:function:migrate"

MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.", 400)
EXPIRED = ("ExpiredCodeException", "Invalid code provided, please request a code again.", 400)
LIMIT = ("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)
NOT_FOUND = ("UserNotFoundException", "Username/client id combination not found.", 400)


def _seed(fake: CognitoFake, *, pool: dict[str, Any] | None = None,
          client: dict[str, Any] | None = None,
          users: list[dict[str, Any]] | None = None) -> tuple[str, str]:
    default_users = [{
        "Username": "zed", "Password": PASSWORD,
        "Attributes": {"email": "zed@example.com", "email_verified": "true"},
    }]
    (seeded,) = fake.seed({"user_pools": [{
        "PoolName": "shop", **(pool or {}),
        "clients": [{"ClientName": "web", **(client or {})}],
        "users": default_users if users is None else users,
    }]})
    return seeded.user_pool_id, seeded.client_id


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def _code(idp: Any, fake: CognitoFake, client_id: str, username: str = "zed") -> str:
    idp.forgot_password(ClientId=client_id, Username=username)
    code = fake.outbox.last().code
    assert code is not None
    return code


def _confirm(idp: Any, client_id: str, code: str, password: str = NEW_PASSWORD,
             username: str = "zed", **extra: Any) -> Any:
    return idp.confirm_forgot_password(ClientId=client_id, Username=username,
                                       ConfirmationCode=code, Password=password, **extra)


def _fails(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(*args, **kwargs)
    return error_of(excinfo)


def _stored_user(fake: CognitoFake, pool_id: str, username: str = "zed") -> Any:
    user = fake.backend.store.pools[pool_id].find_user(username)
    assert user is not None
    return user


# -- ForgotPassword ---------------------------------------------------------------------------


def test_forgot_password_sends_a_code_to_the_verified_email(idp: Any,
                                                            cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    response = idp.forgot_password(ClientId=client_id, Username="zed")
    assert response["CodeDeliveryDetails"] == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    message = cognito_fake.outbox.last()
    assert (message.kind, message.medium, message.to, message.username) == (
        "forgot_password", "EMAIL", "zed@example.com", "zed")
    assert message.code is not None and len(message.code) == 6 and message.code.isdigit()
    assert message.subject == "Your verification code"
    assert message.body == f"Your password reset code is {message.code}"


def test_forgot_password_uses_the_pool_template(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, pool={"VerificationMessageTemplate": {
        "EmailMessage": "Reset code: {####}", "EmailSubject": "Shop reset"}})
    idp.forgot_password(ClientId=client_id, Username="zed")
    message = cognito_fake.outbox.last()
    assert (message.subject, message.body) == ("Shop reset", f"Reset code: {message.code}")


def test_forgot_password_follows_a_template_changed_by_update_user_pool(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake, pool={"VerificationMessageTemplate": {
        "EmailMessage": "Reset code: {####}", "EmailSubject": "Shop reset"}})
    idp.forgot_password(ClientId=client_id, Username="zed")
    idp.update_user_pool(UserPoolId=pool_id, VerificationMessageTemplate={
        "EmailMessage": "New code: {####}", "EmailSubject": "Shop reset, again"})
    idp.forgot_password(ClientId=client_id, Username="zed")
    message = cognito_fake.outbox.last()
    assert (message.subject, message.body) == ("Shop reset, again", f"New code: {message.code}")
    idp.update_user_pool(UserPoolId=pool_id)  # no template: the built-in texts again
    idp.forgot_password(ClientId=client_id, Username="zed")
    message = cognito_fake.outbox.last()
    assert (message.subject, message.body) == (
        "Your verification code", f"Your password reset code is {message.code}")


def test_forgot_password_sms_when_only_the_phone_is_verified(idp: Any,
                                                             cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, users=[{
        "Username": "zed", "Password": PASSWORD,
        "Attributes": {"phone_number": "+14155550123", "phone_number_verified": "true",
                       "email": "zed@example.com"},
    }])
    details = idp.forgot_password(ClientId=client_id, Username="zed")["CodeDeliveryDetails"]
    assert details == {"Destination": "+*******0123", "DeliveryMedium": "SMS",
                       "AttributeName": "phone_number"}
    assert cognito_fake.outbox.last().subject is None


def test_forgot_password_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, users=[
        {"Username": "zed", "Password": PASSWORD, "Attributes": {"email": "zed@example.com"}},
        {"Username": "new", "Attributes": {"email": "new@example.com",
                                           "email_verified": "true"}},
        {"Username": "off", "Password": PASSWORD, "Enabled": False,
         "Attributes": {"email": "off@example.com", "email_verified": "true"}},
    ])
    assert _fails(idp.forgot_password, ClientId="nosuchclient0000000000000",
                  Username="zed") == (
        "ResourceNotFoundException",
        "User pool client nosuchclient0000000000000 does not exist.", 400)
    assert _fails(idp.forgot_password, ClientId=client_id, Username="nobody") == NOT_FOUND
    assert _fails(idp.forgot_password, ClientId=client_id, Username="off") == NOT_FOUND
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == (
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or "
        "phone_number", 400)
    assert _fails(idp.forgot_password, ClientId=client_id, Username="new") == (
        "NotAuthorizedException", "User password cannot be reset in the current state.", 400)
    assert len(cognito_fake.outbox.filter(kind="forgot_password")) == 0


def test_forgot_password_admin_only(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, pool={"AccountRecoverySetting": {
        "RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]}})
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == (
        "NotAuthorizedException", "Contact administrator to reset password.", 400)


def test_forgot_password_prevent_user_existence_errors_simulates(
        idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, client={"PreventUserExistenceErrors": "ENABLED"})
    details = idp.forgot_password(ClientId=client_id,
                                  Username="ghost@example.org")["CodeDeliveryDetails"]
    assert details == {"Destination": "g***@e***", "DeliveryMedium": "EMAIL",
                       "AttributeName": "email"}
    first = idp.forgot_password(ClientId=client_id, Username="ghost")["CodeDeliveryDetails"]
    again = idp.forgot_password(ClientId=client_id, Username="ghost")["CodeDeliveryDetails"]
    assert first == again and first["DeliveryMedium"] == "EMAIL"
    assert len(cognito_fake.outbox) == 0


def test_forgot_password_secret_hash(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, client={"GenerateSecret": True})
    secret = idp.describe_user_pool_client(
        UserPoolId=cognito_fake.backend.store.client_pools[client_id],
        ClientId=client_id)["UserPoolClient"]["ClientSecret"]
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received", 400)
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed",
                  SecretHash="d3Jvbmc=") == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}", 400)
    good = secret_hash(secret, "zed", client_id)
    idp.forgot_password(ClientId=client_id, Username="zed", SecretHash=good)
    code = cognito_fake.outbox.last().code
    assert _fails(_confirm, idp, client_id, code) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received", 400)
    _confirm(idp, client_id, code, SecretHash=good)


def test_forgot_password_custom_message(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(copy.deepcopy(event))
        event["response"]["emailMessage"] = f"Use {event['request']['codeParameter']} soon"
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, handler)
    pool_id, client_id = _seed(cognito_fake, pool={"LambdaConfig": {
        "CustomMessage": CUSTOM_MESSAGE}})
    idp.forgot_password(ClientId=client_id, Username="zed", ClientMetadata={"app": "shop"})
    message = cognito_fake.outbox.last()
    assert message.body == f"Use {message.code} soon"
    (event,) = events
    assert event["triggerSource"] == "CustomMessage_ForgotPassword"
    assert event["callerContext"]["clientId"] == client_id
    assert event["request"]["clientMetadata"] == {"app": "shop"}
    assert event["request"]["codeParameter"] == "{####}"
    assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert event["userPoolId"] == pool_id


def test_forgot_password_migrates_an_unknown_user(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def migrate(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(copy.deepcopy(event))
        if event["userName"] == "legacy":
            event["response"]["userAttributes"] = {
                "email": "legacy@example.com", "email_verified": "true"}
        return event

    cognito_fake.lambdas.register(MIGRATION, migrate)
    pool_id, client_id = _seed(cognito_fake, pool={"LambdaConfig": {"UserMigration": MIGRATION}})
    details = idp.forgot_password(ClientId=client_id, Username="legacy",
                                  ClientMetadata={"k": "v"})["CodeDeliveryDetails"]
    assert details["Destination"] == "l***@e***"
    assert events[0]["triggerSource"] == "UserMigration_ForgotPassword"
    assert events[0]["request"] == {"clientMetadata": {"k": "v"}}
    user = idp.admin_get_user(UserPoolId=pool_id, Username="legacy")
    assert user["UserStatus"] == "RESET_REQUIRED"
    code = cognito_fake.outbox.last().code
    _confirm(idp, client_id, code, username="legacy")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="legacy")["UserStatus"] == "CONFIRMED"
    # A reply without attributes: the migration found nobody.
    assert _fails(idp.forgot_password, ClientId=client_id, Username="stranger") == (
        "UserNotFoundException", f"Exception migrating user in app client {client_id}", 400)


# -- ConfirmForgotPassword: success -----------------------------------------------------------


def test_confirm_forgot_password_sets_the_password(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake)
    code = _code(idp, cognito_fake, client_id)
    assert _confirm(idp, client_id, code)["ResponseMetadata"]["HTTPStatusCode"] == 200
    user = _stored_user(cognito_fake, pool_id)
    assert user.password == NEW_PASSWORD
    assert idp.admin_get_user(UserPoolId=pool_id, Username="zed")["UserStatus"] == "CONFIRMED"
    # The code is consumed.
    assert _fails(_confirm, idp, client_id, code) == EXPIRED


def test_reset_required_user_becomes_confirmed(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake)
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="zed")
    assert idp.admin_get_user(UserPoolId=pool_id,
                              Username="zed")["UserStatus"] == "RESET_REQUIRED"
    code = cognito_fake.outbox.last().code
    _confirm(idp, client_id, code)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="zed")["UserStatus"] == "CONFIRMED"


def test_confirm_through_raw_requests(cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    url = "https://cognito-idp.us-east-1.amazonaws.com/"

    def post(op: str, body: str) -> requests.Response:
        return requests.post(url, data=body, headers={
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{op}",
            "Content-Type": "application/x-amz-json-1.1"})

    assert post("ForgotPassword",
                f'{{"ClientId":"{client_id}","Username":"zed"}}').status_code == 200
    code = cognito_fake.outbox.last().code
    wrong = post("ConfirmForgotPassword", f'{{"ClientId":"{client_id}","Username":"zed",'
                 f'"ConfirmationCode":"000000x","Password":"{NEW_PASSWORD}"}}')
    assert (wrong.status_code, wrong.content) == (
        400, b'{"__type":"CodeMismatchException",'
             b'"message":"Invalid verification code provided, please try again."}')
    ok = post("ConfirmForgotPassword", f'{{"ClientId":"{client_id}","Username":"zed",'
              f'"ConfirmationCode":"{code}","Password":"{NEW_PASSWORD}"}}')
    assert (ok.status_code, ok.content) == (200, b"{}")


# -- ConfirmForgotPassword: codes -------------------------------------------------------------


def test_wrong_code_is_a_mismatch(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    code = _code(idp, cognito_fake, client_id)
    wrong = "000000" if code != "000000" else "111111"
    assert _fails(_confirm, idp, client_id, wrong) == MISMATCH


def test_no_code_requested_is_expired(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    assert _fails(_confirm, idp, client_id, "123456") == EXPIRED


def test_code_expires_after_an_hour(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    cognito_fake.clock.freeze()
    code = _code(idp, cognito_fake, client_id)
    cognito_fake.clock.advance(3599)
    assert _fails(_confirm, idp, client_id, code, password="weak") == (
        "InvalidPasswordException", "Password does not conform to policy: Password not long "
        "enough", 400)
    cognito_fake.clock.advance(1)
    assert _fails(_confirm, idp, client_id, code) == EXPIRED


def test_latest_code_wins(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    first = _code(idp, cognito_fake, client_id)
    second = _code(idp, cognito_fake, client_id)
    assert first != second
    assert _fails(_confirm, idp, client_id, first) == MISMATCH
    _confirm(idp, client_id, second)


# -- ConfirmForgotPassword: the attempt budget ------------------------------------------------


def test_five_failures_then_limit_exceeded_until_the_window_frees(
        idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    cognito_fake.clock.freeze()
    code = _code(idp, cognito_fake, client_id)  # 1 attempt: the request
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):  # attempts 2-5
        assert _fails(_confirm, idp, client_id, wrong) == MISMATCH
    assert _fails(_confirm, idp, client_id, wrong) == LIMIT
    assert _fails(_confirm, idp, client_id, code) == LIMIT  # even the right code
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == LIMIT
    cognito_fake.clock.advance(3599)
    assert _fails(_confirm, idp, client_id, code) == LIMIT
    cognito_fake.clock.advance(1)  # the request's slot frees; the code is an hour old now
    assert _fails(_confirm, idp, client_id, code) == EXPIRED


def test_success_resets_the_attempts(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake)
    code = _code(idp, cognito_fake, client_id)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        _fails(_confirm, idp, client_id, wrong)
    _confirm(idp, client_id, code)
    for _ in range(5):
        _code(idp, cognito_fake, client_id)
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == LIMIT


# -- ConfirmForgotPassword: passwords ---------------------------------------------------------


@pytest.mark.parametrize(("password", "rule"), [
    ("Sh0rt!", "Password not long enough"),
    ("NOLOWER1!", "Password must have lowercase characters"),
    ("noupper1!", "Password must have uppercase characters"),
    ("NoNumbers!", "Password must have numeric characters"),
    ("NoSymbols1", "Password must have symbol characters"),
])
def test_policy_one_rule_per_call_and_the_code_survives(
        idp: Any, cognito_fake: CognitoFake, password: str, rule: str) -> None:
    _, client_id = _seed(cognito_fake)
    code = _code(idp, cognito_fake, client_id)
    assert _fails(_confirm, idp, client_id, code, password=password) == (
        "InvalidPasswordException", f"Password does not conform to policy: {rule}", 400)
    _confirm(idp, client_id, code)


def test_password_history(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, pool={"Policies": {"PasswordPolicy": {
        "MinimumLength": 8, "PasswordHistorySize": 2}}})
    history_error = (
        "PasswordHistoryPolicyViolationException",
        "The password you entered was used recently. Choose a different password.", 400)
    code = _code(idp, cognito_fake, client_id)
    assert _fails(_confirm, idp, client_id, code, password=PASSWORD) == history_error
    _confirm(idp, client_id, code, password="second-pw")
    code = _code(idp, cognito_fake, client_id)
    assert _fails(_confirm, idp, client_id, code, password=PASSWORD) == history_error
    _confirm(idp, client_id, code, password="third-pw")
    code = _code(idp, cognito_fake, client_id)
    _confirm(idp, client_id, code, password=PASSWORD)  # three passwords ago: allowed again


# -- ConfirmForgotPassword: users and clients -------------------------------------------------


def test_unknown_client(idp: Any, cognito_fake: CognitoFake) -> None:
    _seed(cognito_fake)
    assert _fails(_confirm, idp, "nosuchclient0000000000000", "123456") == (
        "ResourceNotFoundException",
        "User pool client nosuchclient0000000000000 does not exist.", 400)


def test_unknown_and_disabled_users_legacy(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake)
    assert _fails(_confirm, idp, client_id, "123456", username="nobody") == NOT_FOUND
    code = _code(idp, cognito_fake, client_id)
    idp.admin_disable_user(UserPoolId=pool_id, Username="zed")
    assert _fails(_confirm, idp, client_id, code) == (
        "NotAuthorizedException", "User is disabled.", 400)


def test_unknown_and_disabled_users_enabled(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake, client={"PreventUserExistenceErrors": "ENABLED"})
    assert _fails(_confirm, idp, client_id, "123456", username="nobody") == MISMATCH
    code = _code(idp, cognito_fake, client_id)
    idp.admin_disable_user(UserPoolId=pool_id, Username="zed")
    assert _fails(_confirm, idp, client_id, code) == MISMATCH


def test_unconfirmed_user(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, users=[{
        "Username": "zed", "Password": PASSWORD, "UserStatus": "UNCONFIRMED",
        "Attributes": {"email": "zed@example.com", "email_verified": "true"}}])
    not_confirmed = ("UserNotConfirmedException", "User is not confirmed.", 400)
    assert _fails(idp.forgot_password, ClientId=client_id, Username="zed") == not_confirmed
    assert _fails(_confirm, idp, client_id, "123456") == not_confirmed


def test_alias_sign_in_name_works(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _seed(cognito_fake, pool={"UsernameAttributes": ["email"]}, users=[{
        "Username": "zed@example.com", "Password": PASSWORD,
        "Attributes": {"email_verified": "true"}}])
    code = _code(idp, cognito_fake, client_id, username="zed@example.com")
    _confirm(idp, client_id, code, username="zed@example.com")
    assert _stored_user(cognito_fake, pool_id, "zed@example.com").password == NEW_PASSWORD


# -- ConfirmForgotPassword: the PostConfirmation trigger --------------------------------------


def test_post_confirmation_fires_with_client_metadata(idp: Any,
                                                      cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(copy.deepcopy(event))
        return event

    cognito_fake.lambdas.register(POST_CONFIRMATION, handler)
    pool_id, client_id = _seed(cognito_fake, pool={"LambdaConfig": {
        "PostConfirmation": POST_CONFIRMATION}})
    code = _code(idp, cognito_fake, client_id)
    _confirm(idp, client_id, code, ClientMetadata={"flow": "reset"})
    (event,) = events
    assert event["triggerSource"] == "PostConfirmation_ConfirmForgotPassword"
    assert event["callerContext"] == {"awsSdkVersion": "aws-sdk-unknown-unknown",
                                      "clientId": client_id}
    assert event["request"]["clientMetadata"] == {"flow": "reset"}
    assert event["request"]["userAttributes"]["email"] == "zed@example.com"
    assert event["response"] == {}
    assert event["userPoolId"] == pool_id


@pytest.mark.parametrize(("handler", "expected"), [
    (lambda event, context: (_ for _ in ()).throw(RuntimeError("no welcome mail")),
     ("UserLambdaValidationException", "PostConfirmation failed with error no welcome mail.",
      400)),
    (lambda event, context: None,
     ("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON", 400)),
    (lambda event, context: (_ for _ in ()).throw(
        LambdaInvocationError("Socket timeout while invoking Lambda function")),
     ("UnexpectedLambdaException", "PostConfirmation invocation failed due to error Socket "
      "timeout while invoking Lambda function.", 400)),
])
def test_post_confirmation_failures(idp: Any, cognito_fake: CognitoFake, handler: Any,
                                    expected: tuple[str, str, int]) -> None:
    cognito_fake.lambdas.register(POST_CONFIRMATION, handler)
    pool_id, client_id = _seed(cognito_fake, pool={"LambdaConfig": {
        "PostConfirmation": POST_CONFIRMATION}})
    code = _code(idp, cognito_fake, client_id)
    assert _fails(_confirm, idp, client_id, code) == expected
    # The password change stands (triggers.md §5).
    assert _stored_user(cognito_fake, pool_id).password == NEW_PASSWORD


def test_post_confirmation_not_registered(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = _seed(cognito_fake, pool={"LambdaConfig": {
        "PostConfirmation": POST_CONFIRMATION}})
    code = _code(idp, cognito_fake, client_id)
    with pytest.raises(LambdaNotRegistered, match=r"lambdas\.register"):
        _confirm(idp, client_id, code)
    cognito_fake.bugs.clear()


# -- modelled errors only faults can produce --------------------------------------------------


@pytest.mark.parametrize(("code", "message", "status"), [
    ("TooManyRequestsException", "Rate exceeded", 400),
    ("InternalErrorException", "Internal server error.", 500),
    ("ForbiddenException", "Request not allowed due to WAF block.", 403),
    ("TooManyFailedAttemptsException", "Too many failed attempts.", 400),
])
def test_injected_faults(idp: Any, cognito_fake: CognitoFake, code: str, message: str,
                         status: int) -> None:
    _, client_id = _seed(cognito_fake)
    cognito_fake.faults.inject("ConfirmForgotPassword", code,
                               message=None if code != "TooManyFailedAttemptsException"
                               else message)
    assert _fails(_confirm, idp, client_id, "123456") == (code, message, status)
