"""SignUp through boto3 (and raw HTTP): every check, exact errors, triggers and the code sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake, LambdaInvocationError
from pytest_cognito_fake.flows.client_auth import secret_hash
from tests.conftest import error_of

PASSWORD = "Passw0rd!"
PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
CUSTOM_MESSAGE = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"
POST_CONFIRMATION = "arn:aws:lambda:us-east-1:123456789012:function:post-confirmation"
SDK = "aws-sdk-unknown-unknown"


# -- helpers (also used by the ConfirmSignUp and ResendConfirmationCode tests) ----------------


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def make_pool(idp: Any, **settings: Any) -> str:
    return str(idp.create_user_pool(PoolName="sign-up", **settings)["UserPool"]["Id"])


def make_client(idp: Any, pool_id: str, **settings: Any) -> str:
    return str(idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web",
                                           **settings)["UserPoolClient"]["ClientId"])


def pool_and_client(idp: Any, client: dict[str, Any] | None = None,
                    **settings: Any) -> tuple[str, str]:
    pool_id = make_pool(idp, **settings)
    return pool_id, make_client(idp, pool_id, **(client or {}))


def attrs(**values: str) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in values.items()]


def fails(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(*args, **kwargs)
    return error_of(excinfo)


def user_of(idp: Any, pool_id: str, username: str) -> dict[str, Any]:
    """AdminGetUser as ``{"status", "enabled", "username", **attributes}``."""
    got = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    return {"username": got["Username"], "status": got["UserStatus"],
            **{a["Name"]: a["Value"] for a in got["UserAttributes"]}}


def recorder(events: list[dict[str, Any]], **response: Any) -> Any:
    """A handler that keeps a copy of each event and fills ``response`` in."""
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(copy.deepcopy(event))
        event["response"].update(response)
        return event
    return handler


def sign_up(idp: Any, client_id: str, username: str = "zed", **extra: Any) -> dict[str, Any]:
    extra.setdefault("Password", PASSWORD)
    return dict(idp.sign_up(ClientId=client_id, Username=username, **extra))


NOT_FOUND = ("UserNotFoundException", "Username/client id combination not found.", 400)
MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.", 400)
EXPIRED = ("ExpiredCodeException", "Invalid code provided, please request a code again.", 400)
LIMIT = ("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)


# -- success shapes ---------------------------------------------------------------------------


def test_sign_up_without_auto_verification(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = pool_and_client(idp)
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    # [AWS-TEST] test_sign_up: no CodeDeliveryDetails key at all.
    assert set(answer) == {"UserConfirmed", "UserSub", "ResponseMetadata"}
    assert answer["UserConfirmed"] is False
    user = user_of(idp, pool_id, "zed")
    assert user == {"username": "zed", "status": "UNCONFIRMED", "sub": answer["UserSub"],
                    "email": "zed@example.com"}
    assert len(cognito_fake.outbox) == 0


def test_auto_verified_email_not_supplied_sends_nothing(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    answer = sign_up(idp, client_id)
    assert "CodeDeliveryDetails" not in answer
    assert len(cognito_fake.outbox) == 0


def test_auto_verified_email_gets_a_code(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="test@test.com"))
    # [AWS-TEST] test_sign_up_with_verified_email.
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "t***@t***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.medium, sent.to, sent.username) == (
        "sign_up", "EMAIL", "test@test.com", "zed")
    assert sent.code is not None and len(sent.code) == 6 and sent.code.isdigit()
    assert (sent.subject, sent.body) == ("Your verification code",
                                         f"Your verification code is {sent.code}.")


def test_the_pool_templates_render_the_code(idp: Any, cognito_fake: CognitoFake) -> None:
    _, client_id = pool_and_client(
        idp, AutoVerifiedAttributes=["email"],
        VerificationMessageTemplate={"EmailSubject": "Welcome",
                                     "EmailMessage": "Code: {####} (valid one day)"})
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    sent = cognito_fake.outbox.last()
    assert (sent.subject, sent.body) == ("Welcome", f"Code: {sent.code} (valid one day)")


def test_phone_is_preferred_when_both_are_auto_verified(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email", "phone_number"],
                                   SmsVerificationMessage="Zed code {####}")
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com",
                                                          phone_number="+12065551212"))
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "+*******1212", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    sent = cognito_fake.outbox.last()
    assert (sent.medium, sent.to, sent.subject, sent.body) == (
        "SMS", "+12065551212", None, f"Zed code {sent.code}")
    assert len(cognito_fake.outbox) == 1


def test_email_as_username_stores_the_sub(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = pool_and_client(idp, UsernameAttributes=["email"],
                                         AutoVerifiedAttributes=["email"])
    answer = sign_up(idp, client_id, "Zed@Example.com")
    sub = answer["UserSub"]
    assert user_of(idp, pool_id, "zed@example.com") == {
        "username": sub, "status": "UNCONFIRMED", "sub": sub, "email": "Zed@Example.com"}
    assert cognito_fake.outbox.last().username == sub


def test_passwordless_sign_up_when_the_pool_allows_otp(idp: Any) -> None:
    pool_id, client_id = pool_and_client(
        idp, AutoVerifiedAttributes=["email"],
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}})
    answer = idp.sign_up(ClientId=client_id, Username="zed",
                         UserAttributes=attrs(email="zed@example.com"))
    assert answer["UserConfirmed"] is False
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"


def test_raw_http_sign_up(cognito_fake: CognitoFake) -> None:
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    url = "https://cognito-idp.us-east-1.amazonaws.com/"

    def post(body: dict[str, Any]) -> requests.Response:
        return requests.post(url, headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.SignUp",
            "Content-Type": "application/x-amz-json-1.1"}, data=json.dumps(body), timeout=5)

    ok = post({"ClientId": client_id, "Username": "zed", "Password": PASSWORD,
               "UserAttributes": attrs(email="zed@example.com")})
    assert ok.status_code == 200
    assert ok.json() == {"UserConfirmed": False, "UserSub": ok.json()["UserSub"],
                         "CodeDeliveryDetails": {"Destination": "z***@e***",
                                                 "DeliveryMedium": "EMAIL",
                                                 "AttributeName": "email"}}
    again = post({"ClientId": client_id, "Username": "zed", "Password": PASSWORD})
    assert (again.status_code, again.json()) == (
        400, {"__type": "UsernameExistsException", "message": "User already exists"})
    assert again.headers["x-amzn-ErrorType"] == "UsernameExistsException:"


# -- request checks -----------------------------------------------------------------------------


def test_unknown_client(idp: Any) -> None:
    assert fails(sign_up, idp, "nosuchclient0000000000000a") == (
        "ResourceNotFoundException", "User pool client nosuchclient0000000000000a does not exist.",
        400)


def test_secret_hash(idp: Any) -> None:
    pool_id = make_pool(idp)
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="s",
                                         GenerateSecret=True)["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    assert fails(sign_up, idp, client_id) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received", 400)
    assert fails(sign_up, idp, client_id, SecretHash=secret_hash(secret, "other", client_id)) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}", 400)
    sign_up(idp, client_id, SecretHash=secret_hash(secret, "zed", client_id))
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"


def test_admin_create_user_only_pool(idp: Any) -> None:
    _, client_id = pool_and_client(idp, AdminCreateUserConfig={"AllowAdminCreateUserOnly": True})
    assert fails(sign_up, idp, client_id) == (
        "NotAuthorizedException", "SignUp is not permitted for this user pool", 400)


@pytest.mark.parametrize(("username_attributes", "username", "message"), [
    (["email"], "zed", "Username should be an email."),
    (["phone_number"], "zed@example.com", "Username should be a phone number."),
    (["email", "phone_number"], "zed", "Username should be either an email or a phone number."),
])
def test_username_attribute_formats(idp: Any, username_attributes: list[str], username: str,
                                    message: str) -> None:
    _, client_id = pool_and_client(idp, UsernameAttributes=username_attributes)
    assert fails(sign_up, idp, client_id, username) == ("InvalidParameterException", message, 400)


def test_alias_shaped_username_is_refused(idp: Any) -> None:
    _, client_id = pool_and_client(idp, AliasAttributes=["email"])
    assert fails(sign_up, idp, client_id, "zed@example.com") == (
        "InvalidParameterException",
        "Username cannot be of email format, since user pool is configured for email alias.", 400)


@pytest.mark.parametrize(("password", "rule"), [
    ("Sh0rt!", "Password not long enough"),
    ("PASSW0RD!", "Password must have lowercase characters"),
    ("passw0rd!", "Password must have uppercase characters"),
    ("Password!", "Password must have numeric characters"),
    ("Passw0rdd", "Password must have symbol characters"),
])
def test_password_policy_uses_the_sign_up_wording(idp: Any, password: str, rule: str) -> None:
    pool_id, client_id = pool_and_client(idp)
    assert fails(sign_up, idp, client_id, Password=password) == (
        "InvalidPasswordException", f"Password did not conform with policy: {rule}", 400)
    assert fails(idp.admin_get_user, UserPoolId=pool_id, Username="zed") == (
        "UserNotFoundException", "User does not exist.", 400)


def test_missing_password_without_passwordless_sign_in(idp: Any) -> None:
    _, client_id = pool_and_client(idp)
    assert fails(idp.sign_up, ClientId=client_id, Username="zed") == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough", 400)


def test_required_attributes_are_enforced(idp: Any) -> None:
    required_email = [{"Name": "email", "AttributeDataType": "String", "Required": True,
                       "Mutable": True}]
    pool_id, client_id = pool_and_client(idp, Schema=required_email)
    assert fails(sign_up, idp, client_id) == (
        "InvalidParameterException",
        "Attributes did not conform to the schema: email: The attribute is required\n", 400)
    # AdminCreateUser leaves them to the user [AWS-DOC]: no error there.
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))


def test_unknown_attributes(idp: Any) -> None:
    _, client_id = pool_and_client(idp)
    assert fails(sign_up, idp, client_id, UserAttributes=attrs(**{
        "custom:firstName": "Zed", "custom:dateOfBirth": "1990"})) == (
        "InvalidParameterException",
        "Attributes did not conform to the schema: "
        "custom:firstName: Attribute does not exist in the schema.\n"
        "custom:dateOfBirth: Attribute does not exist in the schema.\n", 400)


def test_bad_email_format(idp: Any) -> None:
    _, client_id = pool_and_client(idp)
    assert fails(sign_up, idp, client_id, UserAttributes=attrs(email="not-an-email")) == (
        "InvalidParameterException", "Invalid email address format.", 400)


def test_client_write_attributes(idp: Any) -> None:
    _, client_id = pool_and_client(idp, client={"WriteAttributes": ["email"]})
    assert fails(sign_up, idp, client_id, UserAttributes=attrs(name="Zed")) == (
        "NotAuthorizedException", "A client attempted to write unauthorized attribute", 400)
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))


def test_username_taken(idp: Any) -> None:
    pool_id, client_id = pool_and_client(idp, UsernameConfiguration={"CaseSensitive": False})
    sign_up(idp, client_id)
    assert fails(sign_up, idp, client_id, "ZED") == (
        "UsernameExistsException", "User already exists", 400)
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    assert fails(sign_up, idp, client_id, "ann") == (
        "UsernameExistsException", "User already exists", 400)


def test_email_taken_where_email_is_the_username(idp: Any) -> None:
    _, client_id = pool_and_client(idp, UsernameAttributes=["email"])
    sign_up(idp, client_id, "zed@example.com")
    assert fails(sign_up, idp, client_id, "ZED@example.com") == (
        "UsernameExistsException", "An account with the given email already exists.", 400)


def test_phone_taken_where_phone_is_the_username(idp: Any) -> None:
    _, client_id = pool_and_client(idp, UsernameAttributes=["phone_number"])
    sign_up(idp, client_id, "+12065551212")
    assert fails(sign_up, idp, client_id, "+12065551212") == (
        "UsernameExistsException", "An account with the given phone_number already exists.", 400)


def test_an_unverified_alias_does_not_clash(idp: Any) -> None:
    pool_id, client_id = pool_and_client(idp, AliasAttributes=["email"])
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          UserAttributes=attrs(email="same@example.com", email_verified="true"))
    sign_up(idp, client_id, UserAttributes=attrs(email="same@example.com"))
    assert user_of(idp, pool_id, "same@example.com")["username"] == "ann"


# -- PreSignUp ----------------------------------------------------------------------------------


def test_pre_sign_up_event(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(PRE_SIGN_UP, recorder(events))
    pool_id, client_id = pool_and_client(idp, LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    sign_up(idp, client_id, UserAttributes=attrs(name="Zed", email="zed@example.com"),
            ValidationData=attrs(recaptcha="token"), ClientMetadata={"source": "web"})
    assert events == [{
        "version": "1",
        "region": "us-east-1",
        "userPoolId": pool_id,
        "userName": "zed",
        "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
        "triggerSource": "PreSignUp_SignUp",
        "request": {"userAttributes": {"name": "Zed", "email": "zed@example.com"},
                    "validationData": {"recaptcha": "token"},
                    "clientMetadata": {"source": "web"}},
        "response": {"autoConfirmUser": False, "autoVerifyEmail": False,
                     "autoVerifyPhone": False},
    }]
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"


def test_pre_sign_up_user_name_is_the_future_sub(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(PRE_SIGN_UP, recorder(events))
    _, client_id = pool_and_client(idp, UsernameAttributes=["email"],
                                   LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    answer = sign_up(idp, client_id, "zed@example.com")
    (event,) = events
    assert event["userName"] == answer["UserSub"]
    # Only the submitted attributes, validationData null, no clientMetadata key (triggers §1.1).
    assert event["request"] == {"userAttributes": {"email": "zed@example.com"},
                                "validationData": None}


def test_auto_confirm_skips_the_code_and_fires_post_confirmation(
        idp: Any, cognito_fake: CognitoFake) -> None:
    confirmations: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(PRE_SIGN_UP, recorder([], autoConfirmUser=True))
    cognito_fake.lambdas.register(POST_CONFIRMATION, recorder(confirmations))
    pool_id, client_id = pool_and_client(
        idp, AutoVerifiedAttributes=["email"],
        LambdaConfig={"PreSignUp": PRE_SIGN_UP, "PostConfirmation": POST_CONFIRMATION})
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"),
                     ClientMetadata={"source": "web"})
    assert answer["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in answer
    assert len(cognito_fake.outbox) == 0
    assert user_of(idp, pool_id, "zed") == {
        "username": "zed", "status": "CONFIRMED", "sub": answer["UserSub"],
        "email": "zed@example.com"}
    assert confirmations == [{
        "version": "1", "region": "us-east-1", "userPoolId": pool_id, "userName": "zed",
        "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "request": {"userAttributes": {"sub": answer["UserSub"], "email": "zed@example.com",
                                       "cognito:user_status": "CONFIRMED"},
                    "clientMetadata": {"source": "web"}},
        "response": {},
    }]
    # [REAL] amplify-ui#234: the confirmation step then fails.
    assert fails(idp.confirm_sign_up, ClientId=client_id, Username="zed",
                 ConfirmationCode="123456") == (
        "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", 400)


def test_auto_verify_flags(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.lambdas.register(PRE_SIGN_UP,
                                  recorder([], autoVerifyEmail=True, autoVerifyPhone=True))
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com",
                                                          phone_number="+12065551212"))
    assert answer["UserConfirmed"] is False
    user = user_of(idp, pool_id, "zed")
    assert (user["status"], user["email_verified"], user["phone_number_verified"]) == (
        "UNCONFIRMED", "true", "true")
    # Not confirmed: the confirmation code still goes out.
    assert answer["CodeDeliveryDetails"]["AttributeName"] == "email"


@pytest.mark.parametrize(("flag", "message"), [
    ("autoVerifyEmail", "Email is required to verify/un-verify an email"),
    ("autoVerifyPhone", "Phone Number is required to verify/un-verify a phone number"),
])
def test_auto_verify_without_the_attribute(idp: Any, cognito_fake: CognitoFake, flag: str,
                                           message: str) -> None:
    cognito_fake.lambdas.register(PRE_SIGN_UP, recorder([], **{flag: True}))
    pool_id, client_id = pool_and_client(idp, LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    assert fails(sign_up, idp, client_id) == ("InvalidParameterException", message, 400)
    assert fails(idp.admin_get_user, UserPoolId=pool_id, Username="zed") == (
        "UserNotFoundException", "User does not exist.", 400)


def test_auto_verified_alias_moves_from_its_holder(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.lambdas.register(PRE_SIGN_UP,
                                  recorder([], autoConfirmUser=True, autoVerifyEmail=True))
    pool_id, client_id = pool_and_client(idp, AliasAttributes=["email"],
                                         LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          UserAttributes=attrs(email="same@example.com", email_verified="true"))
    sign_up(idp, client_id, UserAttributes=attrs(email="same@example.com"))
    assert user_of(idp, pool_id, "same@example.com")["username"] == "zed"
    assert user_of(idp, pool_id, "ann")["email_verified"] == "false"


def test_pre_sign_up_error_creates_nobody(idp: Any, cognito_fake: CognitoFake) -> None:
    def reject(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ValueError("Registration from this domain is not allowed.")

    cognito_fake.lambdas.register(PRE_SIGN_UP, reject)
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    assert fails(sign_up, idp, client_id, UserAttributes=attrs(email="zed@example.com")) == (
        "UserLambdaValidationException",
        "PreSignUp failed with error Registration from this domain is not allowed..", 400)
    assert fails(idp.admin_get_user, UserPoolId=pool_id, Username="zed") == (
        "UserNotFoundException", "User does not exist.", 400)
    assert len(cognito_fake.outbox) == 0


def test_pre_sign_up_invocation_failure_and_invalid_output(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    def denied(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise LambdaInvocationError("AccessDeniedException")

    cognito_fake.lambdas.register(PRE_SIGN_UP, denied)
    _, client_id = pool_and_client(idp, LambdaConfig={"PreSignUp": PRE_SIGN_UP})
    assert fails(sign_up, idp, client_id) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error AccessDeniedException.", 400)
    cognito_fake.lambdas.register(PRE_SIGN_UP, lambda event, context: None)
    assert fails(sign_up, idp, client_id) == (
        "InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON", 400)


# -- CustomMessage and PostConfirmation ---------------------------------------------------------


def test_custom_message_sign_up(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(CUSTOM_MESSAGE, recorder(
        events, emailSubject="Hello", emailMessage="Your code: {####}"))
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"CustomMessage": CUSTOM_MESSAGE})
    answer = sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"),
                     ClientMetadata={"source": "web"})
    assert events == [{
        "version": "1", "region": "us-east-1", "userPoolId": pool_id, "userName": "zed",
        "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
        "triggerSource": "CustomMessage_SignUp",
        "request": {"userAttributes": {"sub": answer["UserSub"], "email": "zed@example.com",
                                       "cognito:user_status": "UNCONFIRMED"},
                    "codeParameter": "{####}", "linkParameter": "{##Click Here##}",
                    "usernameParameter": None, "clientMetadata": {"source": "web"}},
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }]
    sent = cognito_fake.outbox.last()
    assert (sent.subject, sent.body) == ("Hello", f"Your code: {sent.code}")


def test_custom_message_failure_leaves_the_user(idp: Any, cognito_fake: CognitoFake) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("template store down")

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, broken)
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"CustomMessage": CUSTOM_MESSAGE})
    assert fails(sign_up, idp, client_id, UserAttributes=attrs(email="zed@example.com")) == (
        "UserLambdaValidationException",
        "CustomMessage failed with error template store down.", 400)
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"
    assert len(cognito_fake.outbox) == 0


def test_post_confirmation_failure_leaves_the_user_confirmed(idp: Any,
                                                            cognito_fake: CognitoFake) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("callback is not a function")

    cognito_fake.lambdas.register(PRE_SIGN_UP, recorder([], autoConfirmUser=True))
    cognito_fake.lambdas.register(POST_CONFIRMATION, broken)
    pool_id, client_id = pool_and_client(
        idp, LambdaConfig={"PreSignUp": PRE_SIGN_UP, "PostConfirmation": POST_CONFIRMATION})
    assert fails(sign_up, idp, client_id) == (
        "UserLambdaValidationException",
        "PostConfirmation failed with error callback is not a function.", 400)
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"
