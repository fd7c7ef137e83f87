"""MFA as pure decisions: which challenge follows a proven password, preferences, pool
configuration, and TOTP codes.

No clock reads and no randomness here: ``now`` and the secret's random bytes are arguments, so
these functions run under hypothesis without a fake. The operations (``operations/mfa.py``) look
state up, call these, commit, send the codes and sign tokens.

Facts: cognito-errors.md §3.6 and §5; the AWS developer guide pages on MFA, TOTP and SMS/email
MFA [AWS-DOC]; where marked, [INF] choices made here, once.

**Factors.** ``SMS_MFA`` (6-digit code by SMS to ``phone_number``), ``SOFTWARE_TOKEN_MFA``
(RFC 6238 TOTP, HMAC-SHA1, 6 digits, 30-second steps) and ``EMAIL_OTP`` (8-digit code by email,
cognito-errors.md §5). SMS and email codes go to unverified numbers and addresses too; the
first MFA that succeeds marks the attribute verified [AWS-DOC user-pool-settings-mfa-sms-email].

**Which factors a user can use at sign-in** (:func:`usable_factors`):

- ``SMS_MFA``: the pool offers SMS and the user has turned it on (``UserMFASettingList`` or
  legacy ``MFAOptions``) and has a phone number.
- ``SOFTWARE_TOKEN_MFA``: the user has turned it on and has a verified token. The pool need not
  offer TOTP any more: "users who previously associated and verified a TOTP token can continue
  to use it" [AWS-DOC user-pool-settings-mfa-totp].
- ``EMAIL_OTP``: the pool offers email MFA and the user has turned it on and has an email.
- In a pool where MFA is required (``ON``) and the user turned nothing on [INF, following "SMS
  and email message MFA require no additional configuration after your user adds an email
  address or phone number" [AWS-DOC] and moto PR #8049 for TOTP]: a verified token, a phone
  number when the pool offers SMS, an email address when the pool offers email.

**What follows the password** (:func:`next_step`): nothing when MFA is ``OFF``; else, with
usable factors, the preferred one if usable, the only one if there is one, else
``SELECT_MFA_TYPE`` listing them in the order SMS, TOTP, email [INF]; with none, ``MFA_SETUP``
when MFA is required (listing the factors the pool offers, ``MFAS_CAN_SETUP``), tokens when it is
optional.

**Preferences** (:func:`set_preference`): each factor named in the request is turned on or off
(``Enabled``); ``PreferredMfa`` true makes it the preferred one and turns it on [INF]; a factor
turned off or no longer preferred stops being the preferred one; factors not named keep their
state. Turning a factor on needs its delivery: ``User does not have delivery config set to turn
on <factor>`` [REAL for TOTP]. Two preferred factors in one call are refused [INF].

**Pool configuration** (:func:`configure_pool`): a full replace of the factor blocks; a missing
``MfaConfiguration`` keeps the current one [INF]. ``OFF`` with a factor configured and
``ON``/``OPTIONAL`` with none are refused [REAL]. Email MFA needs the Essentials tier or above
(``FeatureUnavailableInTierException``) and ``EmailSendingAccount`` DEVELOPER [AWS-DOC].

**TOTP** (:func:`check_totp`): a code is accepted for its own 30-second step and the steps just
before and after ("within 30 seconds before or after the attempt, to account for minor clock
skew" [AWS-DOC]). A code for a step no later than the last one accepted for the same token is a
reuse: ``Your software token has already been used once.`` [AWS-TEST]. The step a
VerifySoftwareToken accepted counts too, so its code cannot also answer the next sign-in.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

import attrs
import pyotp

from pytest_cognito_fake.errors import (
    CodeMismatchException,
    CognitoError,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    FeatureUnavailableInTierException,
    InvalidParameterException,
)

SMS_MFA = "SMS_MFA"
SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA"
EMAIL_OTP = "EMAIL_OTP"
#: Every factor, in the order Cognito's lists show them here [INF].
FACTORS = (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP)

OFF = "OFF"
ON = "ON"
OPTIONAL = "OPTIONAL"

SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
MFA_SETUP = "MFA_SETUP"

#: Digits of the codes Cognito sends (cognito-errors.md §5).
SMS_CODE_DIGITS = 6
EMAIL_CODE_DIGITS = 8
#: RFC 6238 time step, and how many steps either side are still accepted [AWS-DOC].
TOTP_STEP_SECONDS = 30
TOTP_WINDOW = 1
#: Random bytes behind a new TOTP secret: 256 bits, 52 base32 characters (≥160 bits asked).
SECRET_BYTES = 32


# -- who can use what -----------------------------------------------------------------------------


@attrs.frozen
class PoolMfa:
    """A pool's MFA settings: the mode and which factors it offers."""

    configuration: str = OFF
    sms: bool = False
    software_token: bool = False
    email: bool = False

    def offered(self) -> tuple[str, ...]:
        flags = {SMS_MFA: self.sms, SOFTWARE_TOKEN_MFA: self.software_token,
                 EMAIL_OTP: self.email}
        return tuple(f for f in FACTORS if flags[f])


@attrs.frozen
class UserMfa:
    """What a user set up: factors turned on, the preferred one, a verified token, addresses."""

    enabled: frozenset[str] = frozenset()
    preferred: str | None = None
    #: Legacy ``MFAOptions`` with SMS to the phone number (SetUserSettings).
    legacy_sms: bool = False
    software_token: bool = False
    phone_number: str | None = None
    email: str | None = None

    def can_receive(self, factor: str) -> bool:
        """Whether the user has what ``factor`` delivers to."""
        if factor == SMS_MFA:
            return bool(self.phone_number)
        if factor == EMAIL_OTP:
            return bool(self.email)
        return self.software_token


@attrs.frozen
class Step:
    """The challenge that follows the password; ``options`` for SELECT_MFA_TYPE/MFA_SETUP."""

    challenge: str
    options: tuple[str, ...] = ()

    def options_json(self) -> str:
        """``MFAS_CAN_CHOOSE`` / ``MFAS_CAN_SETUP``: a JSON list in a string."""
        return json.dumps(list(self.options), separators=(",", ":"))


def usable_factors(pool: PoolMfa, user: UserMfa) -> tuple[str, ...]:
    """The factors ``user`` can answer a sign-in with (module docstring)."""
    turned_on = {
        SMS_MFA: pool.sms and (SMS_MFA in user.enabled or user.legacy_sms),
        SOFTWARE_TOKEN_MFA: SOFTWARE_TOKEN_MFA in user.enabled,
        EMAIL_OTP: pool.email and EMAIL_OTP in user.enabled,
    }
    usable = tuple(f for f in FACTORS if turned_on[f] and user.can_receive(f))
    if usable or pool.configuration != ON:
        return usable
    implied = {SMS_MFA: pool.sms, SOFTWARE_TOKEN_MFA: True, EMAIL_OTP: pool.email}
    return tuple(f for f in FACTORS if implied[f] and user.can_receive(f))


def next_step(pool: PoolMfa, user: UserMfa) -> Step | None:
    """The MFA challenge after a proven password, or None for tokens (module docstring)."""
    if pool.configuration == OFF:
        return None
    usable = usable_factors(pool, user)
    if not usable:
        if pool.configuration == ON:
            return Step(MFA_SETUP, pool.offered())
        return None
    if user.preferred in usable:
        return Step(user.preferred)
    if len(usable) == 1:
        return Step(usable[0])
    return Step(SELECT_MFA_TYPE, usable)


# -- preferences ----------------------------------------------------------------------------------


@attrs.frozen
class FactorSetting:
    """One ``*MfaSettings`` member of a preference request; None where the member is absent."""

    enabled: bool | None = None
    preferred: bool | None = None

    @classmethod
    def from_request(cls, given: Mapping[str, object]) -> FactorSetting:
        enabled, preferred = given.get("Enabled"), given.get("PreferredMfa")
        return cls(None if enabled is None else bool(enabled),
                   None if preferred is None else bool(preferred))


@attrs.frozen
class Preference:
    """``UserMFASettingList`` (in :data:`FACTORS` order) and ``PreferredMfaSetting``."""

    enabled: tuple[str, ...] = ()
    preferred: str | None = None


@attrs.frozen
class PreferenceOutcome:
    preference: Preference | None = None
    error: CognitoError | None = None


def set_preference(current: Preference, requested: Mapping[str, FactorSetting],
                   user: UserMfa) -> PreferenceOutcome:
    """SetUserMFAPreference / AdminSetUserMFAPreference (module docstring)."""
    if sum(1 for s in requested.values() if s.preferred) > 1:
        return PreferenceOutcome(error=InvalidParameterException.several_preferred_mfa())
    enabled = set(current.enabled)
    preferred = current.preferred
    for factor in FACTORS:
        setting = requested.get(factor)
        if setting is None:
            continue
        on = setting.enabled if setting.enabled is not None else (
            True if setting.preferred else factor in enabled)
        if on and not user.can_receive(factor):
            return PreferenceOutcome(error=InvalidParameterException.mfa_delivery_config(factor))
        if on:
            enabled.add(factor)
        else:
            enabled.discard(factor)
        if on and setting.preferred:
            preferred = factor
        elif preferred == factor and (not on or setting.preferred is False):
            preferred = None
    return PreferenceOutcome(Preference(tuple(f for f in FACTORS if f in enabled), preferred))


# -- pool configuration ---------------------------------------------------------------------------


@attrs.frozen
class PoolConfigRequest:
    """The parts of SetUserPoolMfaConfig that decide whether it is allowed."""

    configuration: str | None
    sms: bool
    software_token: bool
    email: bool
    tier: str
    email_sending_account: str


def configure_pool(current: str, request: PoolConfigRequest) -> str | CognitoError:
    """The new ``MfaConfiguration``, or the error (module docstring)."""
    mode = request.configuration or current
    configured = request.sms or request.software_token or request.email
    if mode == OFF and configured:
        return InvalidParameterException.mfa_off_with_factor()
    if mode != OFF and not configured:
        return InvalidParameterException.mfa_without_factor()
    if request.email:
        if request.tier == "LITE":
            return FeatureUnavailableInTierException.email_mfa(request.tier)
        if request.email_sending_account != "DEVELOPER":
            return InvalidParameterException.email_mfa_cognito_default()
    return mode


# -- codes ----------------------------------------------------------------------------------------


@attrs.frozen
class SoftwareToken:
    """A user's verified TOTP authenticator."""

    secret: str
    friendly_device_name: str | None = None
    #: The time step of the last code accepted (VerifySoftwareToken or a sign-in).
    last_used_step: int | None = None


@attrs.frozen
class TotpOutcome:
    """The step a code was accepted for, or the error."""

    step: int | None = None
    error: CognitoError | None = None


def new_secret(raw: bytes) -> str:
    """A TOTP secret from random bytes: base32 without padding (the model: ``[A-Za-z0-9]+``)."""
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def step_of(now: float) -> int:
    return int(now // TOTP_STEP_SECONDS)


def totp_code(secret: str, step: int) -> str:
    """The 6-digit code of ``secret`` for time step ``step``."""
    return pyotp.TOTP(secret).generate_otp(step)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    current = step_of(now)
    # A clock frozen near the epoch has no step before 0 (HOTP counters are unsigned).
    for step in range(max(current - TOTP_WINDOW, 0), current + TOTP_WINDOW + 1):
        if totp_code(secret, step) == code:
            return step
    return None


def check_totp(token: SoftwareToken, code: str, now: float) -> TotpOutcome:
    """A SOFTWARE_TOKEN_MFA answer: accepted, reused, or wrong."""
    step = _matching_step(token.secret, code, now)
    if step is None:
        return TotpOutcome(error=CodeMismatchException.auth_state())
    if token.last_used_step is not None and step <= token.last_used_step:
        return TotpOutcome(error=ExpiredCodeException.software_token_used())
    return TotpOutcome(step=step)


def verify_new_token(secret: str, code: str, now: float) -> TotpOutcome:
    """VerifySoftwareToken for a freshly associated secret."""
    step = _matching_step(secret, code, now)
    if step is None:
        return TotpOutcome(error=EnableSoftwareTokenMFAException())
    return TotpOutcome(step=step)


def check_sent_code(sent: str, given: str) -> CognitoError | None:
    """An SMS_MFA / EMAIL_OTP answer against the code sent for this session. Expiry is the
    session's (3 minutes by default, ``AuthSessionValidity``; limits.md "MFA codes 3–15
    minutes"), checked before the code."""
    return None if given == sent else CodeMismatchException.auth_state()
