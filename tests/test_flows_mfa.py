"""The pure MFA core: which challenge follows a password, preferences, pool configuration, TOTP."""

from __future__ import annotations

import base64

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake.errors import (
    CodeMismatchException,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    FeatureUnavailableInTierException,
    InvalidParameterException,
)
from pytest_cognito_fake.flows import mfa
from pytest_cognito_fake.flows.mfa import (
    EMAIL_OTP,
    MFA_SETUP,
    SELECT_MFA_TYPE,
    SMS_MFA,
    SOFTWARE_TOKEN_MFA,
    FactorSetting,
    PoolConfigRequest,
    PoolMfa,
    Preference,
    SoftwareToken,
    Step,
    UserMfa,
)

NOW = 1_800_000_000.0  # a step boundary: 1_800_000_000 / 30 is whole
SECRET = mfa.new_secret(bytes(range(32)))
ALL = PoolMfa(mfa.OPTIONAL, sms=True, software_token=True, email=True)
PHONE = "+15550100"
EMAIL = "ann@example.com"


def user(*enabled: str, preferred: str | None = None, token: bool = False,
         phone: str | None = PHONE, email: str | None = EMAIL,
         legacy_sms: bool = False) -> UserMfa:
    return UserMfa(frozenset(enabled), preferred, legacy_sms, token, phone, email)


# -- next_step ------------------------------------------------------------------------------------


def test_mfa_off_never_challenges() -> None:
    pool = PoolMfa(mfa.OFF, sms=True, software_token=True)
    assert mfa.next_step(pool, user(SMS_MFA, SOFTWARE_TOKEN_MFA, token=True)) is None


def test_optional_without_factors_gives_tokens() -> None:
    assert mfa.next_step(ALL, user()) is None


def test_one_enabled_factor_is_the_challenge() -> None:
    assert mfa.next_step(ALL, user(SMS_MFA)) == Step(SMS_MFA)
    assert mfa.next_step(ALL, user(EMAIL_OTP)) == Step(EMAIL_OTP)
    assert mfa.next_step(ALL, user(SOFTWARE_TOKEN_MFA, token=True)) == Step(SOFTWARE_TOKEN_MFA)


def test_several_without_preference_select_in_sms_totp_email_order() -> None:
    step = mfa.next_step(ALL, user(EMAIL_OTP, SOFTWARE_TOKEN_MFA, SMS_MFA, token=True))
    assert step == Step(SELECT_MFA_TYPE, (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP))
    assert step.options_json() == '["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]'


def test_the_preferred_factor_wins() -> None:
    both = user(SMS_MFA, SOFTWARE_TOKEN_MFA, preferred=SOFTWARE_TOKEN_MFA, token=True)
    assert mfa.next_step(ALL, both) == Step(SOFTWARE_TOKEN_MFA)


def test_a_factor_without_its_delivery_is_not_usable() -> None:
    assert mfa.next_step(ALL, user(SMS_MFA, phone=None)) is None
    assert mfa.next_step(ALL, user(SMS_MFA, EMAIL_OTP, email=None)) == Step(SMS_MFA)


def test_a_factor_the_pool_stopped_offering_is_not_used_except_totp() -> None:
    pool = PoolMfa(mfa.OPTIONAL, sms=False, software_token=False, email=False)
    assert mfa.next_step(pool, user(SMS_MFA, EMAIL_OTP)) is None
    # "users who previously associated and verified a TOTP token can continue to use it"
    assert mfa.next_step(pool, user(SOFTWARE_TOKEN_MFA, token=True)) == Step(SOFTWARE_TOKEN_MFA)


def test_legacy_mfa_options_count_as_sms() -> None:
    assert mfa.next_step(ALL, user(legacy_sms=True)) == Step(SMS_MFA)


def test_required_mfa_without_setup_asks_for_setup_of_what_the_pool_offers() -> None:
    pool = PoolMfa(mfa.ON, software_token=True)
    assert mfa.next_step(pool, user()) == Step(MFA_SETUP, (SOFTWARE_TOKEN_MFA,))
    assert Step(MFA_SETUP, (SOFTWARE_TOKEN_MFA,)).options_json() == '["SOFTWARE_TOKEN_MFA"]'


def test_required_mfa_uses_what_the_user_has_without_a_preference() -> None:
    assert mfa.next_step(PoolMfa(mfa.ON, software_token=True),
                         user(token=True)) == Step(SOFTWARE_TOKEN_MFA)
    assert mfa.next_step(PoolMfa(mfa.ON, sms=True), user()) == Step(SMS_MFA)
    assert mfa.next_step(PoolMfa(mfa.ON, sms=True, email=True), user()) == Step(
        SELECT_MFA_TYPE, (SMS_MFA, EMAIL_OTP))
    assert mfa.next_step(PoolMfa(mfa.ON, sms=True), user(phone=None)) == Step(
        MFA_SETUP, (SMS_MFA,))


# -- preferences ----------------------------------------------------------------------------------


def test_enabling_and_preferring() -> None:
    outcome = mfa.set_preference(Preference(), {SMS_MFA: FactorSetting(True, True)}, user())
    assert outcome == mfa.PreferenceOutcome(Preference((SMS_MFA,), SMS_MFA))


def test_preferring_turns_the_factor_on() -> None:
    outcome = mfa.set_preference(Preference(), {EMAIL_OTP: FactorSetting(None, True)}, user())
    assert outcome.preference == Preference((EMAIL_OTP,), EMAIL_OTP)


def test_turning_off_clears_the_preference_and_keeps_other_factors() -> None:
    current = Preference((SMS_MFA, SOFTWARE_TOKEN_MFA), SOFTWARE_TOKEN_MFA)
    outcome = mfa.set_preference(current, {SOFTWARE_TOKEN_MFA: FactorSetting(False, None)},
                                 user(token=True))
    assert outcome.preference == Preference((SMS_MFA,), None)


def test_preferred_false_drops_only_the_preference() -> None:
    current = Preference((SMS_MFA,), SMS_MFA)
    outcome = mfa.set_preference(current, {SMS_MFA: FactorSetting(True, False)}, user())
    assert outcome.preference == Preference((SMS_MFA,), None)


@pytest.mark.parametrize(("factor", "who"), [
    (SOFTWARE_TOKEN_MFA, user()),
    (SMS_MFA, user(phone=None)),
    (EMAIL_OTP, user(email=None)),
])
def test_a_factor_cannot_be_turned_on_without_its_delivery(factor: str, who: UserMfa) -> None:
    outcome = mfa.set_preference(Preference(), {factor: FactorSetting(True, None)}, who)
    assert outcome.preference is None
    assert isinstance(outcome.error, InvalidParameterException)
    assert outcome.error.message == f"User does not have delivery config set to turn on {factor}"


def test_turning_off_what_cannot_be_delivered_is_fine() -> None:
    outcome = mfa.set_preference(Preference(), {SOFTWARE_TOKEN_MFA: FactorSetting(False, False)},
                                 user())
    assert outcome.preference == Preference()


def test_two_preferred_factors_are_refused() -> None:
    outcome = mfa.set_preference(Preference(), {SMS_MFA: FactorSetting(True, True),
                                                EMAIL_OTP: FactorSetting(True, True)}, user())
    assert isinstance(outcome.error, InvalidParameterException)
    assert outcome.error.message == (
        "Invalid MFA settings given, can't set more than one MFA as preferred.")


settings = st.builds(FactorSetting, st.none() | st.booleans(), st.none() | st.booleans())


@given(st.dictionaries(st.sampled_from(mfa.FACTORS), settings),
       st.lists(st.sampled_from(mfa.FACTORS), unique=True),
       st.none() | st.sampled_from(mfa.FACTORS))
def test_the_preferred_factor_is_always_an_enabled_one(
        requested: dict[str, FactorSetting], enabled: list[str], preferred: str | None) -> None:
    if preferred is not None and preferred not in enabled:
        enabled.append(preferred)
    current = Preference(tuple(f for f in mfa.FACTORS if f in enabled), preferred)
    outcome = mfa.set_preference(current, requested, user(token=True))
    if outcome.preference is not None:
        assert outcome.preference.preferred in (None, *outcome.preference.enabled)
        assert list(outcome.preference.enabled) == [
            f for f in mfa.FACTORS if f in outcome.preference.enabled]
        for factor in mfa.FACTORS:
            if factor not in requested:
                assert (factor in outcome.preference.enabled) == (factor in enabled)


# -- pool configuration ---------------------------------------------------------------------------


def request(mode: str | None, *, sms: bool = False, totp: bool = False, email: bool = False,
            tier: str = "ESSENTIALS", account: str = "DEVELOPER") -> PoolConfigRequest:
    return PoolConfigRequest(mode, sms, totp, email, tier, account)


def test_pool_configuration_accepted() -> None:
    assert mfa.configure_pool(mfa.OFF, request(mfa.ON, totp=True)) == mfa.ON
    assert mfa.configure_pool(mfa.OFF, request(mfa.OFF)) == mfa.OFF
    assert mfa.configure_pool(mfa.OPTIONAL, request(None, sms=True)) == mfa.OPTIONAL


@pytest.mark.parametrize(("current", "req", "message"), [
    (mfa.OFF, request(mfa.OFF, totp=True),
     "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."),
    (mfa.ON, request(mfa.OFF, email=True),
     "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."),
    (mfa.OFF, request(None, sms=True),
     "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."),
    (mfa.OFF, request(mfa.ON),
     "Invalid MFA configuration given, can't disable all MFAs with a required or optional "
     "configuration."),
    (mfa.OFF, request(mfa.OPTIONAL, account="COGNITO_DEFAULT", email=True),
     "Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains an "
     "EmailSendingAccount of COGNITO_DEFAULT.Update the value of EmailSendingAccount"),
])
def test_pool_configuration_refused(current: str, req: PoolConfigRequest, message: str) -> None:
    error = mfa.configure_pool(current, req)
    assert isinstance(error, InvalidParameterException)
    assert error.message == message


def test_email_mfa_needs_a_paid_tier() -> None:
    error = mfa.configure_pool(mfa.OFF, request(mfa.ON, email=True, tier="LITE"))
    assert isinstance(error, FeatureUnavailableInTierException)
    assert error.message == (
        "The following feature is not available for the LITE pricing tier configured: Email MFA")


# -- TOTP -----------------------------------------------------------------------------------------


def test_secrets_are_unpadded_base32_of_the_bytes() -> None:
    raw = bytes(range(32))
    secret = mfa.new_secret(raw)
    assert len(secret) == 52 and secret.isalnum() and secret.isupper()
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == raw


def test_codes_are_rfc_6238() -> None:
    assert mfa.totp_code(SECRET, mfa.step_of(NOW)) == pyotp.TOTP(SECRET).at(NOW)


@pytest.mark.parametrize("offset", [-30, -1, 0, 29, 30, 59])
def test_a_code_is_accepted_a_step_either_side(offset: float) -> None:
    code = pyotp.TOTP(SECRET).at(NOW + offset)
    assert mfa.verify_new_token(SECRET, code, NOW).step == mfa.step_of(NOW + offset)
    assert mfa.check_totp(SoftwareToken(SECRET), code, NOW).step == mfa.step_of(NOW + offset)


@pytest.mark.parametrize("offset", [-31, -60, 60, 90])
def test_a_code_further_away_is_wrong(offset: float) -> None:
    code = pyotp.TOTP(SECRET).at(NOW + offset)
    verified = mfa.verify_new_token(SECRET, code, NOW)
    assert verified.step is None and isinstance(verified.error, EnableSoftwareTokenMFAException)
    assert verified.error.message == "Code mismatch and fail enable Software Token MFA"
    answered = mfa.check_totp(SoftwareToken(SECRET), code, NOW)
    assert isinstance(answered.error, CodeMismatchException)
    assert answered.error.message == "Invalid code or auth state for the user."


def test_a_used_step_cannot_answer_again() -> None:
    token = SoftwareToken(SECRET, last_used_step=mfa.step_of(NOW))
    for at in (NOW, NOW - 30):
        outcome = mfa.check_totp(token, pyotp.TOTP(SECRET).at(at), NOW)
        assert isinstance(outcome.error, ExpiredCodeException)
        assert outcome.error.message == "Your software token has already been used once."
    assert mfa.check_totp(token, pyotp.TOTP(SECRET).at(NOW + 30), NOW).step == \
        mfa.step_of(NOW) + 1


@given(st.binary(min_size=20, max_size=40), st.floats(min_value=0, max_value=4e9))
def test_the_current_code_of_any_secret_is_accepted(raw: bytes, now: float) -> None:
    secret = mfa.new_secret(raw)
    assert mfa.verify_new_token(secret, pyotp.TOTP(secret).at(now), now).error is None


def test_sent_codes() -> None:
    assert mfa.check_sent_code("123456", "123456") is None
    error = mfa.check_sent_code("123456", "123457")
    assert isinstance(error, CodeMismatchException)
    assert error.message == "Invalid code or auth state for the user."
