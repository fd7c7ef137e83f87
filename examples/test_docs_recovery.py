"""The code of docs/recovery.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import recovery
from pytest_cognito_fake.flows.messages import IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy

SHOP = {"user_pools": [{
    "PoolName": "shop",
    "clients": [{"ClientName": "web"}],
    "users": [{"Username": "zed", "Password": "Passw0rd!",
               "Attributes": {"email": "zed@example.com", "email_verified": "true"}}],
}]}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def finish_reset(client: Any, client_id: str, username: str, code: str, password: str) -> str:
    """The code under test: the last step of "forgot password"; returns what the form shows."""
    try:
        client.confirm_forgot_password(ClientId=client_id, Username=username,
                                       ConfirmationCode=code, Password=password)
    except client.exceptions.CodeMismatchException:
        return "That code is not right."
    except client.exceptions.ExpiredCodeException:
        return "That code has expired. Request a new one."
    except client.exceptions.LimitExceededException:
        return "Too many attempts. Try again later."
    except client.exceptions.InvalidPasswordException as error:
        return str(error.response["Error"]["Message"])
    return "ok"


def last_code(fake: CognitoFake) -> str:
    """The code in the newest message to zed."""
    code = fake.outbox.last("zed").code
    assert code is not None
    return code


def test_a_user_resets_a_forgotten_password(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]

    sent = idp.forgot_password(ClientId=shop.client_id, Username="zed")

    assert sent["CodeDeliveryDetails"] == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    message = cognito_fake.outbox.last("zed")
    assert (message.kind, message.to) == ("forgot_password", "zed@example.com")
    assert message.code is not None
    assert message.body == f"Your password reset code is {message.code}"
    assert finish_reset(idp, shop.client_id, "zed", message.code, "N3w-passw0rd") == "ok"
    # A used code is gone: the same answer as when no code was ever requested.
    assert finish_reset(idp, shop.client_id, "zed", message.code, "An0ther-pw") == (
        "That code has expired. Request a new one.")


def test_only_the_latest_code_counts(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    idp.forgot_password(ClientId=shop.client_id, Username="zed")
    first = last_code(cognito_fake)
    idp.forgot_password(ClientId=shop.client_id, Username="zed")
    second = last_code(cognito_fake)

    assert finish_reset(idp, shop.client_id, "zed", first, "N3w-passw0rd") == (
        "That code is not right.")
    assert finish_reset(idp, shop.client_id, "zed", second, "N3w-passw0rd") == "ok"


def test_a_code_lives_one_hour(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    cognito_fake.clock.freeze()
    idp.forgot_password(ClientId=shop.client_id, Username="zed")
    code = last_code(cognito_fake)

    cognito_fake.clock.advance(3600)

    assert finish_reset(idp, shop.client_id, "zed", code, "N3w-passw0rd") == (
        "That code has expired. Request a new one.")


def test_five_attempts_an_hour(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    cognito_fake.clock.freeze()
    idp.forgot_password(ClientId=shop.client_id, Username="zed")  # attempt 1
    code = last_code(cognito_fake)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):  # attempts 2 to 5
        finish_reset(idp, shop.client_id, "zed", wrong, "N3w-passw0rd")

    # The budget is spent: even the right code is refused, and so is a new request.
    assert finish_reset(idp, shop.client_id, "zed", code, "N3w-passw0rd") == (
        "Too many attempts. Try again later.")
    with pytest.raises(ClientError) as excinfo:
        idp.forgot_password(ClientId=shop.client_id, Username="zed")
    assert excinfo.value.response["Error"] == {
        "Code": "LimitExceededException",
        "Message": "Attempt limit exceeded, please try after some time."}

    # An hour after the first attempt its slot frees; a new code can be requested.
    cognito_fake.clock.advance(3600)
    idp.forgot_password(ClientId=shop.client_id, Username="zed")
    code = last_code(cognito_fake)
    assert finish_reset(idp, shop.client_id, "zed", code, "N3w-passw0rd") == "ok"


def test_a_weak_password_keeps_the_code(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    idp.forgot_password(ClientId=shop.client_id, Username="zed")
    code = last_code(cognito_fake)

    assert finish_reset(idp, shop.client_id, "zed", code, "n3w-passw0rd") == (
        "Password does not conform to policy: Password must have uppercase characters")
    assert finish_reset(idp, shop.client_id, "zed", code, "N3w-passw0rd") == "ok"


def test_hiding_which_users_exist(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "clients": [{"ClientName": "web", "PreventUserExistenceErrors": "ENABLED"}],
    }]})[0]

    sent = idp.forgot_password(ClientId=shop.client_id, Username="ghost@example.com")

    assert sent["CodeDeliveryDetails"] == {
        "Destination": "g***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert len(cognito_fake.outbox) == 0  # nobody to send to
    assert finish_reset(idp, shop.client_id, "ghost@example.com", "123456",
                        "N3w-passw0rd") == "That code is not right."


POST_CONFIRMATION = "arn:aws:lambda:us-east-1:123456789012:function:welcome-back"


def test_post_confirmation_runs_after_the_reset(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def welcome_back(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        return event

    cognito_fake.lambdas.register(POST_CONFIRMATION, welcome_back)
    shop = cognito_fake.seed({"user_pools": [{
        **SHOP["user_pools"][0], "LambdaConfig": {"PostConfirmation": POST_CONFIRMATION}}]})[0]
    idp.forgot_password(ClientId=shop.client_id, Username="zed")

    idp.confirm_forgot_password(
        ClientId=shop.client_id, Username="zed", Password="N3w-passw0rd",
        ConfirmationCode=last_code(cognito_fake),
        ClientMetadata={"source": "reset-form"})

    (event,) = events
    assert event["triggerSource"] == "PostConfirmation_ConfirmForgotPassword"
    assert event["request"]["clientMetadata"] == {"source": "reset-form"}


def test_the_pure_core_needs_no_fake() -> None:
    pool = recovery.RecoveryPool(policy=PasswordPolicy(minimum_length=10))
    client = recovery.RecoveryClient("web-client-id")
    zed = recovery.RecoveryUser(
        "zed", attributes={"email": "zed@example.com", "email_verified": "true"},
        password="Passw0rd!")

    sent = recovery.forgot_password(pool, client, zed, recovery.ForgotPasswordRequest("zed"),
                                    now=1000.0, new_code="123456")
    assert sent.ok and sent.details == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert sent.user is not None and sent.user.code == IssuedCode("123456", 1000.0)
    zed = sent.user  # what the operation stores

    short = recovery.confirm_forgot_password(
        pool, client, zed, recovery.ConfirmForgotPasswordRequest("zed", "123456", "Sh0rt-pw"),
        now=1060.0)
    assert repr(short.error) == (
        "InvalidPasswordException('Password does not conform to policy: "
        "Password not long enough')")
    assert short.user is None  # nothing to store: the code stays, no attempt counted

    done = recovery.confirm_forgot_password(
        pool, client, zed, recovery.ConfirmForgotPasswordRequest("zed", "123456", "L0nger-pw!"),
        now=1120.0)
    assert done.ok and done.user is not None
    assert (done.user.password, done.user.status, done.user.code) == (
        "L0nger-pw!", "CONFIRMED", None)


ZED = recovery.RecoveryUser(
    "zed", attributes={"email": "zed@example.com", "email_verified": "true"},
    password="Passw0rd!", code=IssuedCode("123456", issued_at=0.0))


@given(code=st.just("123456") | st.from_regex(r"[0-9]{6}", fullmatch=True),
       wait=st.floats(0, 7200))
def test_only_the_code_sent_within_the_hour_resets(code: str, wait: float) -> None:
    outcome = recovery.confirm_forgot_password(
        recovery.RecoveryPool(), recovery.RecoveryClient("web-client-id"), ZED,
        recovery.ConfirmForgotPasswordRequest("zed", code, "N3w-passw0rd"), now=wait)

    if outcome.ok:
        assert code == "123456" and wait < recovery.CODE_VALIDITY
    else:
        assert outcome.user is None or outcome.user.password == "Passw0rd!"
