"""The code of docs/signup.md, run as tests."""

from __future__ import annotations

from typing import Any

import attrs
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import signup
from pytest_cognito_fake.flows.messages import IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy

SHOP = {"user_pools": [{
    "PoolName": "shop",
    "AutoVerifiedAttributes": ["email"],
    "clients": [{"ClientName": "web"}],
}]}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def register(client: Any, client_id: str, username: str, password: str, email: str) -> str:
    """The code under test: the sign-up form; returns what the form shows."""
    try:
        answer = client.sign_up(ClientId=client_id, Username=username, Password=password,
                                UserAttributes=[{"Name": "email", "Value": email}])
    except client.exceptions.UsernameExistsException:
        return "That username is taken."
    except client.exceptions.InvalidPasswordException as error:
        return str(error.response["Error"]["Message"])
    if answer["UserConfirmed"]:
        return "Welcome!"
    return f"We sent a code to {answer['CodeDeliveryDetails']['Destination']}."


def confirm(client: Any, client_id: str, username: str, code: str) -> str:
    """The code under test: the "enter your code" form; returns what the form shows."""
    try:
        client.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code)
    except client.exceptions.CodeMismatchException:
        return "That code is not right."
    except client.exceptions.ExpiredCodeException:
        return "That code has expired. Request a new one."
    except client.exceptions.LimitExceededException:
        return "Too many attempts. Try again later."
    return "ok"


def last_code(fake: CognitoFake, username: str = "zed") -> str:
    """The code in the newest message to ``username``."""
    code = fake.outbox.last(username).code
    assert code is not None
    return code


def test_a_user_signs_up_and_confirms(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]

    shown = register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")

    assert shown == "We sent a code to z***@e***."
    message = cognito_fake.outbox.last("zed")
    assert (message.kind, message.medium, message.to) == ("sign_up", "EMAIL", "zed@example.com")
    assert message.body == f"Your verification code is {message.code}."
    assert confirm(idp, shop.client_id, "zed", last_code(cognito_fake)) == "ok"
    user = idp.admin_get_user(UserPoolId=shop.user_pool_id, Username="zed")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]


def test_what_sign_up_refuses(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")

    assert register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com") == (
        "That username is taken.")
    assert register(idp, shop.client_id, "amy", "passw0rd!", "amy@example.com") == (
        "Password did not conform with policy: Password must have uppercase characters")
    with pytest.raises(ClientError) as excinfo:
        idp.sign_up(ClientId=shop.client_id, Username="bo", Password="Passw0rd!",
                    UserAttributes=[{"Name": "email", "Value": "not-an-email"}])
    assert excinfo.value.response["Error"] == {
        "Code": "InvalidParameterException", "Message": "Invalid email address format."}


def test_a_code_lives_one_day(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    cognito_fake.clock.freeze()
    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")
    code = last_code(cognito_fake)

    cognito_fake.clock.advance(24 * 3600)

    assert confirm(idp, shop.client_id, "zed", code) == (
        "That code has expired. Request a new one.")
    idp.resend_confirmation_code(ClientId=shop.client_id, Username="zed")
    assert cognito_fake.outbox.last("zed").kind == "resend_code"
    assert confirm(idp, shop.client_id, "zed", last_code(cognito_fake)) == "ok"


def test_a_resent_code_replaces_the_old_one(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")
    first = last_code(cognito_fake)

    sent = idp.resend_confirmation_code(ClientId=shop.client_id, Username="zed")

    assert sent["CodeDeliveryDetails"] == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    second = last_code(cognito_fake)
    assert confirm(idp, shop.client_id, "zed", first) == "That code is not right."
    assert confirm(idp, shop.client_id, "zed", second) == "ok"
    # Confirmed now: a second try is refused before the code is looked at.
    with pytest.raises(idp.exceptions.NotAuthorizedException) as excinfo:
        idp.confirm_sign_up(ClientId=shop.client_id, Username="zed", ConfirmationCode=second)
    assert excinfo.value.response["Error"]["Message"] == (
        "User cannot be confirmed. Current status is CONFIRMED")


def test_fifteen_checks_an_hour(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    cognito_fake.clock.freeze()
    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")
    code = last_code(cognito_fake)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(15):
        assert confirm(idp, shop.client_id, "zed", wrong) == "That code is not right."

    # The budget is spent: even the right code is refused.
    assert confirm(idp, shop.client_id, "zed", code) == "Too many attempts. Try again later."

    cognito_fake.clock.advance(3600)  # an hour after the 15 checks, they no longer count
    assert confirm(idp, shop.client_id, "zed", code) == "ok"


def test_five_codes_an_hour(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    cognito_fake.clock.freeze()
    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")  # not counted
    for _ in range(5):
        idp.resend_confirmation_code(ClientId=shop.client_id, Username="zed")

    with pytest.raises(ClientError) as excinfo:
        idp.resend_confirmation_code(ClientId=shop.client_id, Username="zed")
    assert excinfo.value.response["Error"] == {
        "Code": "LimitExceededException",
        "Message": "Attempt limit exceeded, please try after some time."}
    assert len(cognito_fake.outbox.filter(username="zed")) == 6  # the sign-up code and 5 more
    assert confirm(idp, shop.client_id, "zed", last_code(cognito_fake)) == "ok"


def test_signing_in_right_after_sign_up(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0],
        "clients": [{"ClientName": "web",
                     "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
    }]})[0]

    signed_up = idp.sign_up(ClientId=shop.client_id, Username="ana", Password="Passw0rd!",
                            UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    confirmed = idp.confirm_sign_up(ClientId=shop.client_id, Username="ana",
                                    ConfirmationCode=cognito_fake.outbox.last("ana").code,
                                    Session=signed_up["Session"])
    tokens = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="USER_AUTH",
                               AuthParameters={"USERNAME": "ana"},
                               Session=confirmed["Session"])

    me = idp.get_user(AccessToken=tokens["AuthenticationResult"]["AccessToken"])
    assert me["Username"] == "ana"
    with pytest.raises(ClientError) as again:  # each session signs in once
        idp.initiate_auth(ClientId=shop.client_id, AuthFlow="USER_AUTH",
                          AuthParameters={"USERNAME": "ana"}, Session=confirmed["Session"])
    assert again.value.response["Error"]["Message"] == (
        "Invalid session for the user, session can only be used once.")


def test_hiding_which_users_exist(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0],
        "clients": [{"ClientName": "web", "PreventUserExistenceErrors": "ENABLED"}],
    }]})[0]

    sent = idp.resend_confirmation_code(ClientId=shop.client_id, Username="ghost@example.com")

    assert sent["CodeDeliveryDetails"] == {
        "Destination": "g***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert len(cognito_fake.outbox) == 0  # nobody to send to
    assert confirm(idp, shop.client_id, "ghost@example.com", "123456") == (
        "That code is not right.")


PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
POST_CONFIRMATION = "arn:aws:lambda:us-east-1:123456789012:function:welcome"


def test_pre_sign_up_confirms_staff_at_once(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def pre_sign_up(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        if event["request"]["userAttributes"]["email"].endswith("@shop.example"):
            event["response"]["autoConfirmUser"] = True
            event["response"]["autoVerifyEmail"] = True
        return event

    def welcome(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        return event

    cognito_fake.lambdas.register(PRE_SIGN_UP, pre_sign_up)
    cognito_fake.lambdas.register(POST_CONFIRMATION, welcome)
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0],
        "LambdaConfig": {"PreSignUp": PRE_SIGN_UP, "PostConfirmation": POST_CONFIRMATION},
    }]})[0]

    shown = register(idp, shop.client_id, "sam", "Passw0rd!", "sam@shop.example")

    assert shown == "Welcome!"
    assert len(cognito_fake.outbox) == 0  # a confirmed user gets no code
    pre, post = events
    assert pre["triggerSource"] == "PreSignUp_SignUp"
    assert pre["request"] == {"userAttributes": {"email": "sam@shop.example"},
                              "validationData": None}
    assert post["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert post["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert post["request"]["userAttributes"]["email_verified"] == "true"


def test_pre_sign_up_can_refuse(idp: Any, cognito_fake: CognitoFake) -> None:
    def only_shop_staff(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ValueError("Staff only")

    cognito_fake.lambdas.register(PRE_SIGN_UP, only_shop_staff)
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0], "LambdaConfig": {"PreSignUp": PRE_SIGN_UP}}]})[0]

    with pytest.raises(idp.exceptions.UserLambdaValidationException) as excinfo:
        idp.sign_up(ClientId=shop.client_id, Username="zed", Password="Passw0rd!")

    assert excinfo.value.response["Error"]["Message"] == "PreSignUp failed with error Staff only."
    with pytest.raises(idp.exceptions.UserNotFoundException):  # nobody was created
        idp.admin_get_user(UserPoolId=shop.user_pool_id, Username="zed")


CUSTOM_MESSAGE = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"


def test_custom_message_words_the_code(idp: Any, cognito_fake: CognitoFake) -> None:
    def custom_message(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if event["triggerSource"] in ("CustomMessage_SignUp", "CustomMessage_ResendCode"):
            event["response"]["emailSubject"] = "Welcome to the shop"
            event["response"]["emailMessage"] = (
                f"Your code is {event['request']['codeParameter']}")
        return event

    cognito_fake.lambdas.register(CUSTOM_MESSAGE, custom_message)
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0], "LambdaConfig": {"CustomMessage": CUSTOM_MESSAGE}}]})[0]

    register(idp, shop.client_id, "zed", "Passw0rd!", "zed@example.com")

    message = cognito_fake.outbox.last("zed")
    assert (message.subject, message.body) == ("Welcome to the shop",
                                               f"Your code is {message.code}")


def test_the_pure_core_needs_no_fake() -> None:
    pool = signup.SignUpPool(auto_verified=("email",), policy=PasswordPolicy(minimum_length=10))
    client = signup.SignUpClient("web-client-id")
    request = signup.SignUpRequest("zed", "Passw0rd!", (("email", "zed@example.com"),))

    refused = signup.sign_up(pool, client, request, sub="a-sub")
    assert repr(refused.error) == (
        "InvalidPasswordException('Password did not conform with policy: "
        "Password not long enough')")

    outcome = signup.sign_up(pool, client, attrs.evolve(request, password="L0nger-pw!"),
                             sub="a-sub")
    assert outcome.new_user is not None
    admission = signup.admit(outcome.new_user, None)  # None: no PreSignUp trigger
    delivery = signup.code_delivery(pool.auto_verified, admission.attributes)
    assert delivery is not None and delivery.details() == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    zed = signup.SignUpUser("zed", admission.status, attributes=admission.attributes,
                            confirmation=signup.issue_code(signup.Confirmation(), delivery,
                                                           "123456", now=1000.0))

    wrong = signup.confirm_sign_up(pool, client, zed,
                                   signup.ConfirmSignUpRequest("zed", "654321"), now=1060.0)
    assert repr(wrong.error) == (
        "CodeMismatchException('Invalid verification code provided, please try again.')")
    assert wrong.user is not None  # the failed check counts: store it
    zed = wrong.user

    done = signup.confirm_sign_up(pool, client, zed,
                                  signup.ConfirmSignUpRequest("zed", "123456"), now=1120.0)
    assert done.error is None and done.user is not None
    assert (done.user.status, done.user.attributes["email_verified"]) == ("CONFIRMED", "true")


ZED = signup.SignUpUser(
    "zed", attributes={"email": "zed@example.com"},
    confirmation=signup.Confirmation(
        code=IssuedCode("123456", 0.0, value="zed@example.com"),
        attribute="email"))


@given(checks=st.lists(st.tuples(st.just("123456") | st.from_regex(r"[0-9]{6}", fullmatch=True),
                                 st.floats(0, 2 * 24 * 3600)), max_size=20))
def test_only_the_code_sent_within_the_day_confirms(checks: list[tuple[str, float]]) -> None:
    pool, client, user = signup.SignUpPool(), signup.SignUpClient("web-client-id"), ZED
    confirmed = False
    for code, now in sorted(checks, key=lambda check: check[1]):
        outcome = signup.confirm_sign_up(pool, client, user,
                                         signup.ConfirmSignUpRequest("zed", code), now=now)
        if outcome.error is None:
            assert not confirmed and code == "123456" and now < signup.CODE_VALIDITY
            confirmed = True
        user = outcome.user or user  # what the operation would store
    assert (user.status == "CONFIRMED") == confirmed
