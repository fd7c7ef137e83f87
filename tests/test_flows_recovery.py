"""The pure recovery core, called directly: every step of the documented order of
``forgot_password`` and ``confirm_forgot_password``, then properties over any input.

The order and every choice are in ``pytest_cognito_fake/flows/recovery.py``'s docstring; each
test below names the step it pins. Expected answers are written here from that docstring and from
the reference's messages, never computed by the functions under test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_cognito_fake._state import UserStatus
from pytest_cognito_fake.errors import CognitoError
from pytest_cognito_fake.flows import client_auth
from pytest_cognito_fake.flows.attempts import Attempts
from pytest_cognito_fake.flows.messages import Delivery, IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy
from pytest_cognito_fake.flows.recovery import (
    ATTEMPT_LIMIT,
    CODE_VALIDITY,
    ConfirmForgotPasswordRequest,
    ForgotPasswordRequest,
    Outcome,
    RecoveryClient,
    RecoveryPool,
    RecoveryUser,
    confirm_forgot_password,
    forgot_password,
    simulated_delivery,
)

NOW = 1_900_000_000.0
HOUR = 3600.0
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
SECRET = "s3cr3t-of-the-app-client"
PASSWORD = "Passw0rd!"
NEW_PASSWORD = "N3w-passw0rd"
CODE = "123456"
OTHER_CODE = "654321"

# The exact answers, from ../shared/reference/cognito-errors.md §2.1 and §3.1.
MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.", 400)
EXPIRED = ("ExpiredCodeException", "Invalid code provided, please request a code again.", 400)
LIMIT = ("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)
NOT_FOUND = ("UserNotFoundException", "Username/client id combination not found.", 400)
DISABLED = ("NotAuthorizedException", "User is disabled.", 400)
NOT_CONFIRMED = ("UserNotConfirmedException", "User is not confirmed.", 400)
CANNOT_RESET = ("NotAuthorizedException", "User password cannot be reset in the current state.",
                400)
ADMIN_ONLY = ("NotAuthorizedException", "Contact administrator to reset password.", 400)
NO_CHANNEL = ("InvalidParameterException", "Cannot reset password for the user as there is no "
              "registered/verified email or phone_number", 400)
HISTORY = ("PasswordHistoryPolicyViolationException",
           "The password you entered was used recently. Choose a different password.", 400)
SECRET_MISSING = ("NotAuthorizedException",
                  f"Client {CLIENT_ID} is configured for secret but secret was not received", 400)
SECRET_WRONG = ("NotAuthorizedException", f"Unable to verify secret hash for client {CLIENT_ID}",
                400)


def policy_error(rule: str) -> tuple[str, str, int]:
    return ("InvalidPasswordException", f"Password does not conform to policy: {rule}", 400)


POOL = RecoveryPool()
LEGACY = RecoveryClient(CLIENT_ID)
ENABLED = RecoveryClient(CLIENT_ID, prevent_user_existence_errors=True)
WITH_SECRET = RecoveryClient(CLIENT_ID, secret=SECRET)
EMAIL_VERIFIED = {"email": "zed@example.com", "email_verified": "true"}
ZED = RecoveryUser("zed", attributes=EMAIL_VERIFIED, password=PASSWORD)
#: Zed holding a code sent a minute ago (one attempt counted for the request).
ZED_WITH_CODE = attrs.evolve(ZED, code=IssuedCode(CODE, NOW - 60),
                             attempts=Attempts((NOW - 60,)))
ADMIN_ONLY_POOL = RecoveryPool(account_recovery={
    "RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]})


def hash_for(username: str, client_id: str = CLIENT_ID, secret: str = SECRET) -> str:
    """SECRET_HASH as the AWS docs define it, written here independently of client_auth."""
    mac = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def answer(outcome: Outcome) -> tuple[str, str | None, int]:
    assert outcome.error is not None, f"expected an error, got {outcome!r}"
    assert not outcome.ok
    return outcome.error.code, outcome.error.message, outcome.error.status


def forgot(user: RecoveryUser | None, *, pool: RecoveryPool = POOL,
           client: RecoveryClient = LEGACY, now: float = NOW, new_code: str = CODE,
           username: str = "zed", secret_hash: str | None = None) -> Outcome:
    return forgot_password(pool, client, user, ForgotPasswordRequest(username, secret_hash),
                           now=now, new_code=new_code)


def confirm(user: RecoveryUser | None, *, code: str = CODE, password: str = NEW_PASSWORD,
            pool: RecoveryPool = POOL, client: RecoveryClient = LEGACY, now: float = NOW,
            username: str = "zed", secret_hash: str | None = None) -> Outcome:
    return confirm_forgot_password(
        pool, client, user, ConfirmForgotPasswordRequest(username, code, password, secret_hash),
        now=now)


def spent(at: float = NOW) -> Attempts:
    """Five attempts inside the hour ending at ``at``."""
    return Attempts(tuple(at - 600 + i for i in range(ATTEMPT_LIMIT)))


def counted_once_more(before: RecoveryUser, after: RecoveryUser | None, now: float) -> None:
    """``after`` is ``before`` with one attempt counted at ``now`` and nothing else changed."""
    assert after is not None
    assert after.attempts.at[-1] == now
    assert after.attempts.within(now).at == (*before.attempts.within(now).at, now)
    assert attrs.evolve(after, attempts=before.attempts) == before


def test_the_documented_constants() -> None:
    assert (CODE_VALIDITY, ATTEMPT_LIMIT) == (3600.0, 5)


def test_the_secret_hash_formula_agrees_with_client_auth() -> None:
    assert hash_for("zed") == client_auth.secret_hash(SECRET, "zed", CLIENT_ID)


@pytest.mark.parametrize(("setting", "admin_only"), [
    (None, False),
    ({}, False),
    ({"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]}, False),
    ({"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]}, True),
])
def test_recovery_pool_admin_only(setting: dict[str, Any] | None, admin_only: bool) -> None:
    assert RecoveryPool(account_recovery=setting).admin_only is admin_only


# -- simulated deliveries (PreventUserExistenceErrors=ENABLED) --------------------------------


def test_simulated_delivery_of_an_email_or_phone_shaped_username() -> None:
    assert simulated_delivery("ana@example.com") == Delivery("EMAIL", "email", "ana@example.com")
    assert simulated_delivery("+14155550123") == Delivery("SMS", "phone_number", "+14155550123")


@given(st.from_regex(r"[a-z][a-z0-9_.-]{0,30}", fullmatch=True))
def test_simulated_delivery_of_any_other_name_is_a_stable_masked_email(name: str) -> None:
    delivery = simulated_delivery(name)
    assert delivery == simulated_delivery(name)
    assert (delivery.medium, delivery.attribute) == ("EMAIL", "email")
    local, at, domain = delivery.to.partition("@")
    assert at and len(local) == 1 and len(domain) == 1
    assert local.isalpha() and domain.isalpha()
    assert delivery.details() == {"Destination": f"{local}***@{domain}***",
                                  "DeliveryMedium": "EMAIL", "AttributeName": "email"}


# -- ForgotPassword, step by step ---------------------------------------------------------------


def test_forgot_1_secret_hash_missing_then_wrong() -> None:
    assert answer(forgot(ZED, client=WITH_SECRET)) == SECRET_MISSING
    assert answer(forgot(ZED, client=WITH_SECRET, secret_hash="d3Jvbmc=")) == SECRET_WRONG
    # The hash is over the name as typed: another user's hash is wrong.
    assert answer(forgot(ZED, client=WITH_SECRET, secret_hash=hash_for("ana"))) == SECRET_WRONG
    assert forgot(ZED, client=WITH_SECRET, secret_hash=hash_for("zed")).ok


def test_forgot_1_secret_comes_before_the_user_lookup() -> None:
    for user in (None, attrs.evolve(ZED, enabled=False)):
        outcome = forgot(user, client=attrs.evolve(ENABLED, secret=SECRET))
        assert answer(outcome) == SECRET_MISSING
        assert outcome.user is None and outcome.details is None


def test_forgot_1_a_client_without_a_secret_ignores_a_hash() -> None:
    assert forgot(ZED, secret_hash="aWdub3JlZA==").ok


def test_forgot_2_unknown_or_disabled_user_legacy() -> None:
    for user in (None, attrs.evolve(ZED, enabled=False)):
        outcome = forgot(user)
        assert answer(outcome) == NOT_FOUND
        assert outcome.user is None and outcome.delivery is None


def test_forgot_2_unknown_or_disabled_user_enabled_is_a_simulated_delivery() -> None:
    for user in (None, attrs.evolve(ZED, enabled=False)):
        outcome = forgot(user, client=ENABLED, username="ana@example.com")
        assert outcome.ok
        assert outcome.user is None and outcome.delivery is None
        assert outcome.details == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL",
                                   "AttributeName": "email"}


def test_forgot_2_disabled_comes_before_the_budget() -> None:
    off = attrs.evolve(ZED, enabled=False, attempts=spent())
    assert answer(forgot(off)) == NOT_FOUND
    assert forgot(off, client=ENABLED).ok


def test_forgot_3_budget_spent_is_limit_exceeded_and_not_counted() -> None:
    user = attrs.evolve(ZED_WITH_CODE, attempts=spent())
    outcome = forgot(user)
    assert answer(outcome) == LIMIT
    assert outcome.user is None  # the refused request is not counted, the old code stays


def test_forgot_3_budget_applies_under_enabled_too() -> None:
    assert answer(forgot(attrs.evolve(ZED, attempts=spent()), client=ENABLED)) == LIMIT


def test_forgot_3_the_window_frees_an_hour_after_the_oldest_attempt() -> None:
    user = attrs.evolve(ZED, attempts=spent())
    oldest = user.attempts.at[0]
    assert answer(forgot(user, now=oldest + HOUR - 0.001)) == LIMIT
    assert forgot(user, now=oldest + HOUR).ok


def test_forgot_3_four_attempts_leave_room_for_a_fifth() -> None:
    user = attrs.evolve(ZED, attempts=Attempts(spent().at[1:]))
    outcome = forgot(user)
    assert outcome.ok and outcome.user is not None
    assert len(outcome.user.attempts.within(NOW).at) == ATTEMPT_LIMIT


def test_forgot_3_every_request_past_the_budget_check_counts() -> None:
    """The request counts whatever follows: each later failure stores the user with one more
    attempt and nothing else changed."""
    cases = [
        (attrs.evolve(ZED_WITH_CODE, status=UserStatus.FORCE_CHANGE_PASSWORD), POOL, LEGACY),
        (ZED_WITH_CODE, ADMIN_ONLY_POOL, LEGACY),
        (attrs.evolve(ZED_WITH_CODE, attributes={"email": "zed@example.com"}), POOL, LEGACY),
        (attrs.evolve(ZED_WITH_CODE, status=UserStatus.UNCONFIRMED), POOL, LEGACY),
        (attrs.evolve(ZED_WITH_CODE, attributes={}), POOL, ENABLED),
    ]
    for user, pool, client in cases:
        outcome = forgot(user, pool=pool, client=client, new_code=OTHER_CODE)
        counted_once_more(user, outcome.user, NOW)
        assert outcome.delivery is None


def test_forgot_4_force_change_password() -> None:
    user = attrs.evolve(ZED, status=UserStatus.FORCE_CHANGE_PASSWORD)
    assert answer(forgot(user)) == CANNOT_RESET
    # Before admin_only.
    assert answer(forgot(user, pool=ADMIN_ONLY_POOL)) == CANNOT_RESET
    # Even under ENABLED: the user exists and is enabled.
    assert answer(forgot(user, client=ENABLED)) == CANNOT_RESET


def test_forgot_5_admin_only() -> None:
    assert answer(forgot(ZED, pool=ADMIN_ONLY_POOL)) == ADMIN_ONLY
    # Before the delivery channel and the UNCONFIRMED check.
    user = attrs.evolve(ZED, attributes={}, status=UserStatus.UNCONFIRMED)
    assert answer(forgot(user, pool=ADMIN_ONLY_POOL)) == ADMIN_ONLY


@pytest.mark.parametrize("attributes", [
    {},
    {"email": "zed@example.com"},
    {"email": "zed@example.com", "email_verified": "false"},
    {"phone_number": "+14155550123", "phone_number_verified": "false"},
    {"email_verified": "true"},
])
def test_forgot_6_no_verified_channel(attributes: dict[str, str]) -> None:
    user = attrs.evolve(ZED, attributes=attributes)
    assert answer(forgot(user)) == NO_CHANNEL
    simulated = forgot(user, client=ENABLED)
    assert simulated.ok and simulated.delivery is None
    assert simulated.details == simulated_delivery("zed").details()
    assert simulated.user is not None and simulated.user.code is None  # no code issued


def test_forgot_6_a_channel_the_setting_leaves_out_does_not_count() -> None:
    pool = RecoveryPool(account_recovery={
        "RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]})
    assert answer(forgot(ZED, pool=pool)) == NO_CHANNEL


def test_forgot_6_no_channel_comes_before_unconfirmed() -> None:
    user = attrs.evolve(ZED, attributes={}, status=UserStatus.UNCONFIRMED)
    assert answer(forgot(user)) == NO_CHANNEL


def test_forgot_7_unconfirmed_with_a_verified_channel() -> None:
    user = attrs.evolve(ZED, status=UserStatus.UNCONFIRMED)
    outcome = forgot(user)
    assert answer(outcome) == NOT_CONFIRMED
    assert outcome.user is not None and outcome.user.code is None


@pytest.mark.parametrize("status", [UserStatus.CONFIRMED, UserStatus.RESET_REQUIRED])
def test_forgot_8_success_issues_the_code_and_keeps_the_status(status: str) -> None:
    user = attrs.evolve(ZED_WITH_CODE, status=status)
    outcome = forgot(user, new_code=OTHER_CODE)
    assert outcome.ok and outcome.error is None
    assert outcome.user == attrs.evolve(user, code=IssuedCode(OTHER_CODE, NOW),
                                        attempts=Attempts((NOW - 60, NOW)))
    assert outcome.delivery == Delivery("EMAIL", "email", "zed@example.com")
    assert outcome.details == {"Destination": "z***@e***", "DeliveryMedium": "EMAIL",
                               "AttributeName": "email"}


def test_forgot_8_legacy_order_prefers_a_verified_phone() -> None:
    user = attrs.evolve(ZED, attributes={**EMAIL_VERIFIED, "phone_number": "+14155550123",
                                         "phone_number_verified": "true"})
    outcome = forgot(user)
    assert outcome.delivery == Delivery("SMS", "phone_number", "+14155550123")
    assert outcome.details == {"Destination": "+*******0123", "DeliveryMedium": "SMS",
                               "AttributeName": "phone_number"}


def test_forgot_8_success_under_enabled_is_the_real_delivery() -> None:
    outcome = forgot(ZED, client=ENABLED)
    assert outcome.delivery == Delivery("EMAIL", "email", "zed@example.com")
    assert outcome.user is not None and outcome.user.code == IssuedCode(CODE, NOW)


def test_forgot_8_latest_code_wins() -> None:
    first = forgot(ZED, new_code=CODE).user
    assert first is not None
    second = forgot(first, new_code=OTHER_CODE, now=NOW + 10).user
    assert second is not None and second.code == IssuedCode(OTHER_CODE, NOW + 10)
    assert answer(confirm(second, code=CODE, now=NOW + 20)) == MISMATCH
    assert confirm(second, code=OTHER_CODE, now=NOW + 20).ok


# -- ConfirmForgotPassword, step by step ------------------------------------------------------


def test_confirm_1_secret_hash_missing_then_wrong() -> None:
    user = ZED_WITH_CODE
    assert answer(confirm(user, client=WITH_SECRET)) == SECRET_MISSING
    assert answer(confirm(user, client=WITH_SECRET, secret_hash="d3Jvbmc=")) == SECRET_WRONG
    assert confirm(user, client=WITH_SECRET, secret_hash=hash_for("zed")).ok


def test_confirm_1_secret_comes_before_everything_and_stores_nothing() -> None:
    client = attrs.evolve(ENABLED, secret=SECRET)
    for user in (None, attrs.evolve(ZED, enabled=False), attrs.evolve(ZED, attempts=spent()),
                 attrs.evolve(ZED, status=UserStatus.UNCONFIRMED), ZED):
        outcome = confirm(user, client=client, code=OTHER_CODE, password="weak")
        assert answer(outcome) == SECRET_MISSING
        assert outcome.user is None


def test_confirm_2_unknown_user() -> None:
    assert answer(confirm(None)) == NOT_FOUND
    assert answer(confirm(None, client=ENABLED)) == MISMATCH
    assert confirm(None).user is None and confirm(None, client=ENABLED).user is None


def test_confirm_2_disabled_user_even_with_the_right_code() -> None:
    off = attrs.evolve(ZED_WITH_CODE, enabled=False)
    assert answer(confirm(off)) == DISABLED
    assert answer(confirm(off, client=ENABLED)) == MISMATCH
    assert confirm(off).user is None and confirm(off, client=ENABLED).user is None


def test_confirm_2_disabled_comes_before_the_budget() -> None:
    off = attrs.evolve(ZED_WITH_CODE, enabled=False, attempts=spent())
    assert answer(confirm(off)) == DISABLED


def test_confirm_3_budget_spent_refuses_even_the_right_code() -> None:
    user = attrs.evolve(ZED_WITH_CODE, attempts=spent())
    outcome = confirm(user)
    assert answer(outcome) == LIMIT
    assert outcome.user is None  # not counted, code kept


def test_confirm_3_budget_comes_before_unconfirmed() -> None:
    user = attrs.evolve(ZED_WITH_CODE, attempts=spent(), status=UserStatus.UNCONFIRMED)
    assert answer(confirm(user)) == LIMIT


def test_confirm_3_requests_and_failures_share_the_budget() -> None:
    user: RecoveryUser | None = ZED
    for i in range(3):  # three requests
        assert user is not None
        user = forgot(user, now=NOW + i, new_code=CODE).user
    for i in range(2):  # two wrong codes
        assert user is not None
        outcome = confirm(user, code=OTHER_CODE, now=NOW + 10 + i)
        assert answer(outcome) == MISMATCH
        user = outcome.user
    assert user is not None
    assert answer(confirm(user, now=NOW + 20)) == LIMIT
    assert answer(forgot(user, now=NOW + 20)) == LIMIT
    assert answer(confirm(user, now=NOW + HOUR - 0.5)) == LIMIT
    # The first request leaves the window at NOW + HOUR; by then the code (sent at NOW + 2)
    # is still valid for two seconds.
    assert confirm(user, now=NOW + HOUR).ok


def test_confirm_4_unconfirmed_user_is_not_counted() -> None:
    user = attrs.evolve(ZED_WITH_CODE, status=UserStatus.UNCONFIRMED)
    outcome = confirm(user)
    assert answer(outcome) == NOT_CONFIRMED
    assert outcome.user is None


def test_confirm_4_unconfirmed_comes_before_the_code() -> None:
    user = attrs.evolve(ZED, status=UserStatus.UNCONFIRMED)  # no code at all
    assert answer(confirm(user)) == NOT_CONFIRMED


def test_confirm_5_no_code_requested_is_expired_and_counted() -> None:
    outcome = confirm(ZED)
    assert answer(outcome) == EXPIRED
    counted_once_more(ZED, outcome.user, NOW)


def test_confirm_5_a_used_code_is_expired() -> None:
    done = confirm(ZED_WITH_CODE).user
    assert done is not None
    assert answer(confirm(done, password="An0ther-pw", now=NOW + 1)) == EXPIRED


def test_confirm_5_the_code_lives_exactly_one_hour() -> None:
    user = attrs.evolve(ZED, code=IssuedCode(CODE, NOW))
    assert confirm(user, now=NOW + HOUR - 0.001).ok
    outcome = confirm(user, now=NOW + HOUR)
    assert answer(outcome) == EXPIRED
    counted_once_more(user, outcome.user, NOW + HOUR)
    assert outcome.user is not None and outcome.user.code == user.code


def test_confirm_5_expired_comes_before_mismatch() -> None:
    user = attrs.evolve(ZED, code=IssuedCode(CODE, NOW - HOUR))
    assert answer(confirm(user, code=OTHER_CODE)) == EXPIRED


def test_confirm_5_wrong_code_is_a_mismatch_and_counted() -> None:
    outcome = confirm(ZED_WITH_CODE, code=OTHER_CODE)
    assert answer(outcome) == MISMATCH
    counted_once_more(ZED_WITH_CODE, outcome.user, NOW)


def test_confirm_5_the_code_is_compared_exactly() -> None:
    for given_code in (" 123456", "1234567", "12345", "123456 ", "１２３４５６"):
        assert answer(confirm(ZED_WITH_CODE, code=given_code)) == MISMATCH


def test_confirm_5_a_wrong_code_comes_before_the_password() -> None:
    assert answer(confirm(ZED_WITH_CODE, code=OTHER_CODE, password="weak")) == MISMATCH


@pytest.mark.parametrize(("password", "rule"), [
    ("Sh0rt!x", "Password not long enough"),
    ("NOLOWER1!", "Password must have lowercase characters"),
    ("noupper1!", "Password must have uppercase characters"),
    ("NoNumbers!", "Password must have numeric characters"),
    ("NoSymbols1", "Password must have symbol characters"),
    ("", "Password not long enough"),
])
def test_confirm_6_policy_one_rule_per_call_code_kept_nothing_counted(password: str,
                                                                      rule: str) -> None:
    outcome = confirm(ZED_WITH_CODE, password=password)
    assert answer(outcome) == policy_error(rule)
    assert outcome.user is None
    assert confirm(ZED_WITH_CODE).ok  # the same code still works


def test_confirm_6_policy_is_the_pool_s() -> None:
    lax = RecoveryPool(policy=PasswordPolicy(6, False, False, False, False))
    assert confirm(ZED_WITH_CODE, password="abcdef", pool=lax).ok
    strict = RecoveryPool(policy=PasswordPolicy(minimum_length=20))
    assert answer(confirm(ZED_WITH_CODE, pool=strict)) == policy_error(
        "Password not long enough")


def test_confirm_6_history_size_forbids_the_current_and_recent_passwords() -> None:
    pool = RecoveryPool(password_history_size=3)
    user = attrs.evolve(ZED_WITH_CODE, history=("0ld-Passw0rd", "01der-Passw0rd",
                                                "0ldest-Passw0rd"))
    for reused in (PASSWORD, "0ld-Passw0rd", "01der-Passw0rd"):
        outcome = confirm(user, password=reused, pool=pool)
        assert answer(outcome) == HISTORY
        assert outcome.user is None
    assert confirm(user, password="0ldest-Passw0rd", pool=pool).ok


def test_confirm_6_history_size_zero_allows_the_current_password() -> None:
    assert confirm(ZED_WITH_CODE, password=PASSWORD).ok
    assert answer(confirm(ZED_WITH_CODE, password=PASSWORD,
                          pool=RecoveryPool(password_history_size=1))) == HISTORY


def test_confirm_6_policy_comes_before_history() -> None:
    pool = RecoveryPool(policy=PasswordPolicy(minimum_length=12), password_history_size=2)
    assert answer(confirm(ZED_WITH_CODE, password=PASSWORD, pool=pool)) == policy_error(
        "Password not long enough")


@pytest.mark.parametrize("status", [UserStatus.CONFIRMED, UserStatus.RESET_REQUIRED,
                                    UserStatus.FORCE_CHANGE_PASSWORD])
def test_confirm_7_success(status: str) -> None:
    user = attrs.evolve(ZED_WITH_CODE, status=status, history=("0ld-passw0rd",))
    outcome = confirm(user, pool=RecoveryPool(password_history_size=3))
    assert outcome.ok and outcome.delivery is None and outcome.details is None
    assert outcome.user == attrs.evolve(
        user, password=NEW_PASSWORD, history=(PASSWORD, "0ld-passw0rd"),
        status=UserStatus.CONFIRMED, code=None, attempts=Attempts())


def test_confirm_7_history_keeps_what_the_policy_can_ask_about() -> None:
    user = attrs.evolve(ZED_WITH_CODE, history=("a", "b", "c"))
    for size, kept in [(0, ()), (1, ()), (2, (PASSWORD,)), (3, (PASSWORD, "a")),
                       (5, (PASSWORD, "a", "b", "c"))]:
        done = confirm(user, pool=RecoveryPool(password_history_size=size)).user
        assert done is not None and done.history == kept


def test_confirm_7_a_user_without_a_password_gets_one() -> None:
    user = attrs.evolve(ZED_WITH_CODE, password=None, status=UserStatus.RESET_REQUIRED)
    done = confirm(user, pool=RecoveryPool(password_history_size=3)).user
    assert done is not None
    assert (done.password, done.history) == (NEW_PASSWORD, ())


# -- properties over any input ------------------------------------------------------------------

STATUSES = (UserStatus.CONFIRMED, UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD,
            UserStatus.UNCONFIRMED)
CODES = st.sampled_from([CODE, OTHER_CODE, "000000"])
PASSWORDS = st.sampled_from([PASSWORD, NEW_PASSWORD, "0ld-passw0rd", "weak", "NoSymbols1",
                             "n0-upper!", "Sh0rt!x", "An0ther-pw"])


@st.composite
def pools(draw: st.DrawFn) -> RecoveryPool:
    policy = PasswordPolicy(
        minimum_length=draw(st.integers(6, 12)),
        require_uppercase=draw(st.booleans()), require_lowercase=draw(st.booleans()),
        require_numbers=draw(st.booleans()), require_symbols=draw(st.booleans()))
    recovery = draw(st.sampled_from([
        None,
        {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]},
        {"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
    ]))
    return RecoveryPool(policy, draw(st.integers(0, 4)), recovery)


@st.composite
def clients(draw: st.DrawFn) -> RecoveryClient:
    return RecoveryClient(CLIENT_ID, draw(st.sampled_from([None, SECRET])), draw(st.booleans()))


@st.composite
def users(draw: st.DrawFn) -> RecoveryUser | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    ages = draw(st.lists(st.floats(0, 2 * HOUR), max_size=8))
    code = None
    if draw(st.booleans()):
        code = IssuedCode(draw(CODES), NOW - draw(st.sampled_from([0.0, 60.0, HOUR - 1, HOUR,
                                                                   2 * HOUR])))
    return RecoveryUser(
        "zed",
        status=draw(st.sampled_from(STATUSES)),
        enabled=draw(st.integers(0, 5)) > 0,
        attributes=draw(st.sampled_from([EMAIL_VERIFIED, {}, {"email": "zed@example.com"}])),
        password=draw(st.sampled_from([PASSWORD, None])),
        history=tuple(draw(st.lists(PASSWORDS, max_size=3))),
        code=code,
        attempts=Attempts(tuple(sorted(NOW - a for a in ages))),
    )


@st.composite
def secret_hashes(draw: st.DrawFn) -> str | None:
    return draw(st.sampled_from([None, hash_for("zed"), hash_for("zed"), "d3Jvbmc="]))


def stored_change(before: RecoveryUser, after: RecoveryUser | None) -> bool:
    return after is not None and after != before


@settings(max_examples=200, deadline=None)
@given(pool=pools(), client=clients(), user=users(), code=CODES, password=PASSWORDS,
       secret_hash=secret_hashes())
def test_a_failing_confirm_never_changes_the_password(
        pool: RecoveryPool, client: RecoveryClient, user: RecoveryUser | None, code: str,
        password: str, secret_hash: str | None) -> None:
    outcome = confirm(user, code=code, password=password, pool=pool, client=client,
                      secret_hash=secret_hash)
    if outcome.ok:
        return
    assert outcome.delivery is None and outcome.details is None
    if outcome.user is not None:
        # The only change a failure may store is one more counted attempt.
        assert user is not None
        counted_once_more(user, outcome.user, NOW)


@st.composite
def users_holding_a_live_code(draw: st.DrawFn) -> RecoveryUser:
    """Users a right code can succeed for: enabled, not UNCONFIRMED, a code under an hour old,
    up to four attempts in the window."""
    user = draw(users().filter(lambda u: u is not None))
    assert user is not None
    live = IssuedCode(draw(CODES), NOW - draw(st.sampled_from([0.0, 1.0, 60.0, HOUR - 1])))
    status = draw(st.sampled_from(STATUSES[:3]))
    attempts = Attempts(tuple(t for t in user.attempts.at if NOW - t >= HOUR)
                        + user.attempts.within(NOW).at[:ATTEMPT_LIMIT - 1])
    return attrs.evolve(user, enabled=True, status=status, code=live, attempts=attempts)


@settings(max_examples=200, deadline=None)
@given(pool=pools(), client=clients(), user=users_holding_a_live_code(), password=PASSWORDS)
def test_success_always_consumes_the_code_and_resets_attempts(
        pool: RecoveryPool, client: RecoveryClient, user: RecoveryUser, password: str) -> None:
    assert user.code is not None
    outcome = confirm(user, code=user.code.code, password=password, pool=pool, client=client,
                      secret_hash=hash_for("zed"))
    if not outcome.ok:
        # With the right code only the new password can be refused, and that stores nothing.
        assert answer(outcome)[0] in ("InvalidPasswordException",
                                      "PasswordHistoryPolicyViolationException")
        assert outcome.user is None
        return
    assert outcome.user is not None
    assert outcome.user.code is None
    assert outcome.user.attempts == Attempts()
    assert outcome.user.status == UserStatus.CONFIRMED
    assert outcome.user.password == password
    # The old password joins the history, which keeps what the policy can ask about.
    earlier = ((user.password,) if user.password is not None else ()) + user.history
    assert outcome.user.history == earlier[:max(pool.password_history_size - 1, 0)]
    assert attrs.evolve(outcome.user, password=user.password, history=user.history,
                        status=user.status, code=user.code, attempts=user.attempts) == user


@settings(max_examples=200, deadline=None)
@given(pool=pools(), client=clients(), user=users(), code=CODES, password=PASSWORDS,
       secret_hash=secret_hashes(), forgot_instead=st.booleans())
def test_an_error_from_the_secret_or_user_checks_stores_nothing(
        pool: RecoveryPool, client: RecoveryClient, user: RecoveryUser | None, code: str,
        password: str, secret_hash: str | None, forgot_instead: bool) -> None:
    secret_fails = client.secret is not None and secret_hash != hash_for("zed")
    user_fails = user is None or not user.enabled
    if forgot_instead:
        outcome = forgot(user, pool=pool, client=client, secret_hash=secret_hash)
    else:
        outcome = confirm(user, code=code, password=password, pool=pool, client=client,
                          secret_hash=secret_hash)
    if secret_fails:
        assert answer(outcome) == (SECRET_MISSING if secret_hash is None else SECRET_WRONG)
    if secret_fails or user_fails:
        assert outcome.user is None and outcome.delivery is None
    if not secret_fails and user_fails:
        if forgot_instead and client.prevent_user_existence_errors:
            assert outcome.ok and outcome.details == simulated_delivery("zed").details()
        elif client.prevent_user_existence_errors:
            assert answer(outcome) == MISMATCH
        elif forgot_instead or user is None:
            assert answer(outcome) == NOT_FOUND
        else:
            assert answer(outcome) == DISABLED


@settings(max_examples=200, deadline=None)
@given(pool=pools(), client=clients(), user=users(), code=CODES, password=PASSWORDS,
       secret_hash=secret_hashes(), forgot_instead=st.booleans())
def test_the_same_inputs_give_the_same_outcome(
        pool: RecoveryPool, client: RecoveryClient, user: RecoveryUser | None, code: str,
        password: str, secret_hash: str | None, forgot_instead: bool) -> None:
    def run() -> tuple[Any, ...]:
        if forgot_instead:
            out = forgot(user, pool=pool, client=client, secret_hash=secret_hash)
        else:
            out = confirm(user, code=code, password=password, pool=pool, client=client,
                          secret_hash=secret_hash)
        error = None if out.error is None else (out.error.code, out.error.message)
        return out.user, error, out.delivery, out.details

    assert run() == run()


# A run of calls on one user, each after a delay: (delay in seconds, what is called).
Step = tuple[float, str]
STEP_KINDS = ("forgot", "right", "wrong", "weak")


def _run(steps: list[Step]) -> list[tuple[float, str, CognitoError | None, bool]]:
    """Drive the core through ``steps``; returns (now, kind, error, counted) per step."""
    user = ZED
    now = NOW
    log: list[tuple[float, str, CognitoError | None, bool]] = []
    for delay, kind in steps:
        now += delay
        if kind == "forgot":
            outcome = forgot(user, now=now, new_code=f"{len(log):06d}")
        else:
            given_code = user.code.code if user.code is not None else "999999"
            if kind == "wrong":
                given_code = "x" + given_code
            outcome = confirm(user, code=given_code, now=now,
                              password="weak" if kind == "weak" else f"N3w-pw!{len(log)}")
        new = outcome.user
        counted = new is not None and new.attempts.at[-1:] == (now,) and \
            len(new.attempts.within(now).at) == len(user.attempts.within(now).at) + 1
        log.append((now, kind, outcome.error, counted))
        if new is not None:
            user = new
    return log


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 60.0, 599.0, 1200.0, 3599.0, 3600.0]),
                          st.sampled_from(STEP_KINDS)), max_size=40))
def test_at_most_five_counted_attempts_in_any_hour_window(steps: list[Step]) -> None:
    log = _run(steps)
    since_success: list[float] = []
    for now, kind, error, counted in log:
        recent = [t for t in since_success if now - t < HOUR]
        if error is not None and error.code == "LimitExceededException":
            # Refused exactly when the window is full, and then not counted.
            assert len(recent) >= ATTEMPT_LIMIT and not counted
        else:
            assert len(recent) < ATTEMPT_LIMIT
        if counted:
            since_success.append(now)
        if error is None and kind != "forgot":
            since_success = []  # a successful confirmation forgets the attempts
        window = [t for t in since_success if now - t < HOUR]
        assert len(window) <= ATTEMPT_LIMIT
