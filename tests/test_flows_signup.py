"""The pure sign-up core, driven directly: no HTTP, no fixture, time and codes as arguments."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pytest_cognito_fake.errors import (
    AliasExistsException,
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    InvalidPasswordException,
    LimitExceededException,
    NotAuthorizedException,
    UsernameExistsException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import signup
from pytest_cognito_fake.flows.attempts import Attempts
from pytest_cognito_fake.flows.client_auth import secret_hash
from pytest_cognito_fake.flows.messages import EMAIL, SMS, Delivery, mask_destination
from pytest_cognito_fake.flows.passwords import PasswordPolicy, violation
from pytest_cognito_fake.flows.signup import (
    CODE_VALIDITY,
    CONFIRM_LIMIT,
    RESEND_LIMIT,
    Confirmation,
    ConfirmSignUpRequest,
    NewUser,
    ResendConfirmationCodeRequest,
    SignUpClient,
    SignUpPool,
    SignUpRequest,
    SignUpUser,
)

T0 = 1_700_000_000.0
SUB = "00000000-0000-4000-8000-000000000000"
CLIENT = SignUpClient("client0123456789abcdefghij")
HIDING = attrs.evolve(CLIENT, prevent_user_existence_errors=True)
POOL = SignUpPool(auto_verified=("email",))

codes = st.text(st.sampled_from("0123456789"), min_size=6, max_size=6)
offsets = st.floats(min_value=0, max_value=3 * CODE_VALIDITY, allow_nan=False)


def pending(code: str, issued_at: float = T0, email: str = "zed@example.com") -> SignUpUser:
    """An UNCONFIRMED user with ``code`` sent to ``email`` at ``issued_at``."""
    confirmation = signup.issue_code(Confirmation(), Delivery(EMAIL, "email", email), code,
                                     issued_at)
    return SignUpUser("zed", attributes={"sub": SUB, "email": email},
                      confirmation=confirmation)


def confirm(user: SignUpUser | None, code: str, now: float, *, pool: SignUpPool = POOL,
            client: SignUpClient = CLIENT) -> signup.ConfirmOutcome:
    return signup.confirm_sign_up(pool, client, user, ConfirmSignUpRequest("zed", code),
                                  now=now)


# -- ConfirmSignUp --------------------------------------------------------------------------------


@given(code=codes, given_code=codes, elapsed=offsets)
def test_confirm_decides_by_code_and_age(code: str, given_code: str, elapsed: float) -> None:
    outcome = confirm(pending(code), given_code, T0 + elapsed)
    assert outcome.user is not None
    if elapsed >= CODE_VALIDITY or given_code != code:
        expected = ExpiredCodeException if elapsed >= CODE_VALIDITY else CodeMismatchException
        assert isinstance(outcome.error, expected)
        # The failure is counted and nothing else changes.
        assert outcome.user == attrs.evolve(pending(code), confirmation=attrs.evolve(
            pending(code).confirmation, checks=Attempts((T0 + elapsed,))))
    else:
        assert outcome.error is None
        assert outcome.user.status == "CONFIRMED"
        assert outcome.user.attributes["email_verified"] == "true"
        assert outcome.user.confirmation == Confirmation()  # consumed, counters reset


@given(code=codes, calls=st.lists(st.floats(min_value=0, max_value=2 * 3600,
                                            allow_nan=False), min_size=1, max_size=40))
def test_the_confirm_budget_is_fifteen_in_a_sliding_hour(code: str, calls: list[float]) -> None:
    user = pending(code)
    wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
    accepted: list[float] = []
    for now in sorted(T0 + c for c in calls):
        outcome = confirm(user, wrong_code, now)
        in_window = [t for t in accepted if now - t < 3600]
        if len(in_window) >= CONFIRM_LIMIT:
            assert isinstance(outcome.error, LimitExceededException)
            assert outcome.user is None  # a refused call is not counted
        else:
            assert isinstance(outcome.error, CodeMismatchException)
            assert outcome.user is not None
            accepted.append(now)
            user = outcome.user


def test_confirm_without_a_code_is_expired() -> None:
    outcome = confirm(SignUpUser("zed"), "123456", T0)
    assert isinstance(outcome.error, ExpiredCodeException)


@pytest.mark.parametrize("status", ["CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"])
def test_only_unconfirmed_users_confirm(status: str) -> None:
    outcome = confirm(attrs.evolve(pending("123456"), status=status), "123456", T0)
    assert isinstance(outcome.error, NotAuthorizedException)
    assert outcome.error.message == f"User cannot be confirmed. Current status is {status}"


def test_unknown_and_disabled_users() -> None:
    assert isinstance(confirm(None, "123456", T0).error, UserNotFoundException)
    assert isinstance(confirm(None, "123456", T0, client=HIDING).error, CodeMismatchException)
    disabled = attrs.evolve(pending("123456"), enabled=False)
    for client in (CLIENT, HIDING):
        error = confirm(disabled, "123456", T0, client=client).error
        assert isinstance(error, NotAuthorizedException)
        assert error.message == "User is disabled."


@given(force=st.booleans())
def test_alias_taken_refuses_or_moves(force: bool) -> None:
    pool = attrs.evolve(POOL, alias_attributes=("email",))
    outcome = signup.confirm_sign_up(
        pool, CLIENT, pending("123456"),
        ConfirmSignUpRequest("zed", "123456", force_alias_creation=force),
        now=T0, taken_aliases=("email",))
    if force:
        assert (outcome.error, outcome.moved_alias) == (None, "email")
    else:
        assert isinstance(outcome.error, AliasExistsException)
        assert outcome.error.message == "An account with the email already exists."
        assert outcome.user is not None and outcome.user.confirmation.code is not None


def test_a_changed_address_is_not_verified() -> None:
    user = attrs.evolve(pending("123456"), attributes={"sub": SUB, "email": "new@example.com"})
    outcome = confirm(user, "123456", T0)
    assert outcome.user is not None and outcome.user.status == "CONFIRMED"
    assert "email_verified" not in outcome.user.attributes


# -- ResendConfirmationCode -----------------------------------------------------------------------


def resend(user: SignUpUser | None, now: float, new_code: str, *, pool: SignUpPool = POOL,
           client: SignUpClient = CLIENT) -> signup.ResendOutcome:
    return signup.resend_confirmation_code(pool, client, user,
                                           ResendConfirmationCodeRequest("zed"),
                                           now=now, new_code=new_code)


@given(old=codes, new=codes, elapsed=st.floats(min_value=0, max_value=CODE_VALIDITY / 2))
def test_the_latest_code_wins(old: str, new: str, elapsed: float) -> None:
    assume(old != new)
    outcome = resend(pending(old), T0 + elapsed, new)
    assert outcome.user is not None and outcome.error is None
    assert outcome.details == {"Destination": "z***@e***", "DeliveryMedium": EMAIL,
                               "AttributeName": "email"}
    later = T0 + elapsed + CODE_VALIDITY - 1
    assert isinstance(confirm(outcome.user, old, later).error, CodeMismatchException)
    assert confirm(outcome.user, new, later).error is None


@given(calls=st.lists(st.floats(min_value=0, max_value=2 * 3600, allow_nan=False),
                      min_size=1, max_size=15))
def test_the_resend_budget_is_five_in_a_sliding_hour(calls: list[float]) -> None:
    user = pending("000000")
    sent: list[float] = []
    for now in sorted(T0 + c for c in calls):
        outcome = resend(user, now, "111111")
        if len([t for t in sent if now - t < 3600]) >= RESEND_LIMIT:
            assert isinstance(outcome.error, LimitExceededException)
            assert outcome.delivery is None
        else:
            assert outcome.error is None and outcome.user is not None
            sent.append(now)
            user = outcome.user


def test_resend_refusals() -> None:
    none_verified = resend(pending("1"), T0, "2", pool=SignUpPool())
    assert none_verified.error is not None
    assert none_verified.error.message == "Cannot resend codes. Auto verification not turned on"
    confirmed = resend(attrs.evolve(pending("1"), status="CONFIRMED"), T0, "2")
    assert isinstance(confirmed.error, InvalidParameterException)
    assert confirmed.error.message == "User is already confirmed."
    no_email = resend(SignUpUser("zed", attributes={"phone_number": "+12065551212"}), T0, "2")
    assert isinstance(no_email.error, InvalidParameterException)
    assert isinstance(resend(None, T0, "2").error, UserNotFoundException)


@given(username=st.text(min_size=1, max_size=40),
       auto_verified=st.sampled_from([("email",), ("phone_number",),
                                      ("email", "phone_number")]))
def test_simulated_delivery_is_stable_and_masked(username: str,
                                                 auto_verified: tuple[str, ...]) -> None:
    first = signup.simulated_delivery(username, auto_verified)
    assert first == signup.simulated_delivery(username, auto_verified)
    assert first.attribute in auto_verified
    assert first.medium == (SMS if first.attribute == "phone_number" else EMAIL)
    details = first.details()
    assert details["Destination"] == mask_destination(first.medium, first.to)
    outcome = resend(None, T0, "123456", pool=SignUpPool(auto_verified=auto_verified),
                     client=HIDING)
    assert outcome.error is None and outcome.delivery is None and outcome.user is None


# -- SignUp ---------------------------------------------------------------------------------------


def test_code_delivery_prefers_the_phone() -> None:
    both = {"email": "zed@example.com", "phone_number": "+12065551212"}
    assert signup.code_delivery(("email", "phone_number"), both) == Delivery(
        SMS, "phone_number", "+12065551212")
    assert signup.code_delivery(("email",), both) == Delivery(EMAIL, "email", "zed@example.com")
    assert signup.code_delivery(("phone_number",), {"email": "zed@example.com"}) is None
    assert signup.code_delivery((), both) is None


@given(password=st.text(max_size=20))
def test_sign_up_reports_the_policy_in_its_own_words(password: str) -> None:
    outcome = signup.sign_up(SignUpPool(), CLIENT, SignUpRequest("zed", password), sub=SUB)
    rule = violation(PasswordPolicy(), password)
    if rule is None:
        assert outcome.new_user == NewUser("zed", SUB, {}, password)
    else:
        assert isinstance(outcome.error, InvalidPasswordException)
        assert outcome.error.message == f"Password did not conform with policy: {rule}"


def test_sign_up_with_email_as_username() -> None:
    pool = SignUpPool(username_attributes=("email",))
    outcome = signup.sign_up(pool, CLIENT, SignUpRequest("zed@example.com", "Passw0rd!"),
                             sub=SUB)
    assert outcome.new_user == NewUser(SUB, SUB, {"email": "zed@example.com"}, "Passw0rd!",
                                       "email")
    bad = signup.sign_up(pool, CLIENT, SignUpRequest("zed", "Passw0rd!"), sub=SUB)
    assert bad.error is not None and bad.error.message == "Username should be an email."


def test_sign_up_checks_the_secret_first() -> None:
    client = SignUpClient("abc", secret="s3cr3t")
    missing = signup.sign_up(SignUpPool(), client, SignUpRequest("zed", ""), sub=SUB)
    assert missing.error is not None
    assert missing.error.message == (
        "Client abc is configured for secret but secret was not received")
    good = SignUpRequest("zed", "Passw0rd!", secret_hash=secret_hash("s3cr3t", "zed", "abc"))
    assert signup.sign_up(SignUpPool(), client, good, sub=SUB).error is None


def test_passwordless_pools_take_no_password() -> None:
    pool = SignUpPool(passwordless=True)
    assert signup.sign_up(pool, CLIENT, SignUpRequest("zed"), sub=SUB).new_user == NewUser(
        "zed", SUB, {}, None)
    weak = signup.sign_up(pool, CLIENT, SignUpRequest("zed", "weak"), sub=SUB)
    assert isinstance(weak.error, InvalidPasswordException)


def test_name_clash() -> None:
    new = NewUser("zed", SUB, {"email": "zed@example.com"}, "Passw0rd!")
    assert isinstance(signup.name_clash(POOL, new, username_taken=True, taken=()),
                      UsernameExistsException)
    by_email = signup.name_clash(SignUpPool(username_attributes=("email",)), new,
                                 username_taken=False, taken=["email"])
    assert by_email is not None
    assert by_email.message == "An account with the given email already exists."
    assert isinstance(signup.name_clash(POOL, new, username_taken=False,
                                        taken=["preferred_username"]), AliasExistsException)
    assert signup.name_clash(POOL, new, username_taken=False, taken=()) is None


@given(confirm_user=st.booleans(), verify_email=st.booleans(), verify_phone=st.booleans(),
       as_strings=st.booleans())
def test_admit_applies_the_pre_sign_up_flags(confirm_user: bool, verify_email: bool,
                                             verify_phone: bool, as_strings: bool) -> None:
    new = NewUser("zed", SUB, {"email": "zed@example.com"}, "Passw0rd!")

    def flag(value: bool) -> object:
        return str(value).lower() if as_strings else value

    admission = signup.admit(new, {"autoConfirmUser": flag(confirm_user),
                                   "autoVerifyEmail": flag(verify_email),
                                   "autoVerifyPhone": flag(verify_phone)})
    if verify_phone:  # there is no phone number to verify
        assert isinstance(admission.error, InvalidParameterException)
        return
    assert admission.error is None
    assert admission.confirmed is confirm_user
    assert ("email_verified" in admission.attributes) is verify_email


def test_admit_without_a_trigger() -> None:
    new = NewUser("zed", SUB, {"name": "Zed"}, "Passw0rd!")
    assert signup.admit(new, None) == signup.Admission("UNCONFIRMED", {"name": "Zed"})
