"""MFA: the pool's MFA configuration, a user's factors, TOTP enrolment, and the MFA challenges of
sign-in.

Operations: SetUserPoolMfaConfig, GetUserPoolMfaConfig, AssociateSoftwareToken,
VerifySoftwareToken, SetUserMFAPreference, AdminSetUserMFAPreference, SetUserSettings,
AdminSetUserSettings. The decisions are the pure functions of :mod:`pytest_cognito_fake.flows.mfa`
(see its docstring for the rules and their sources); this module looks state up, asks them,
draws secrets and codes from the seeded generator, sends codes and commits.

Sign-in: :func:`mfa_step` is a :data:`~pytest_cognito_fake.operations.auth.NEXT_STEPS` hook
that runs once a password is proven (after NEW_PASSWORD_REQUIRED); hooks registered after it
(device confirmation) run after the MFA answer. It answers with
``SMS_MFA`` or ``EMAIL_OTP`` (a code to the outbox, ``kind="mfa"``, through the
``CustomMessage_Authentication`` trigger), ``SOFTWARE_TOKEN_MFA``, ``SELECT_MFA_TYPE`` or
``MFA_SETUP``. A sign-in state carrying ``skip_mfa`` (a remembered device) or ``mfa_passed`` goes
on without MFA. Each answer is a registered challenge handler; the state between steps lives in
the session (valid ``AuthSessionValidity`` minutes, 3 by default, on the fake clock: an SMS or
email code expires with it).

Where things live:

- ``UserPool.settings["MfaConfiguration"]`` (DescribeUserPool shows it) and
  ``UserPool.mfa_config`` (the factor blocks of the last SetUserPoolMfaConfig; SMS texts and the
  SNS role are mirrored into ``SmsAuthenticationMessage``/``SmsConfiguration`` [INF]). A pool
  never configured offers SMS when it has an ``SmsConfiguration`` [INF].
- ``User.mfa``: ``UserMFASettingList``, ``PreferredMfaSetting`` and ``MFAOptions`` under those
  names (AdminGetUser renders them, absent until set, defaults.md §5.1), the verified
  :class:`~pytest_cognito_fake.flows.mfa.SoftwareToken` under ``SoftwareToken`` and a secret
  awaiting VerifySoftwareToken under ``PendingSoftwareToken``. "You can't delete a user's TOTP
  software token. To replace [it], associate and verify a new software token" [AWS-DOC]: the
  verified token stays until another is verified.

Errors and order, beyond model validation:

- AssociateSoftwareToken / VerifySoftwareToken take exactly one of ``AccessToken`` and
  ``Session`` [INF wording]. A token is read as every token operation reads it (``Invalid Access
  Token`` ...). A session must be a live ``MFA_SETUP`` session: unknown, or one without an
  associated secret, ``Invalid session for the user.`` [REAL amplify-js#6461]; used:
  ``... can only be used once.``; late: ``... session is expired.``. Each of these steps
  consumes its session and hands out a new one [INF]. Then a pool without TOTP:
  ``SoftwareTokenMFANotFoundException`` ``Software Token MFA has not been enabled by the
  userPool`` [AWS-DOC]. VerifySoftwareToken with nothing associated:
  ``Software Token MFA does not exist for the user.`` [INF for this operation]; a wrong code:
  ``EnableSoftwareTokenMFAException`` ``Code mismatch and fail enable Software Token MFA``
  [REAL], the session staying usable. Success answers ``Status: SUCCESS`` (never ``ERROR``
  [INF]) and, with a Session, a new Session for the ``MFA_SETUP`` answer. Verifying does not turn
  TOTP on: SetUserMFAPreference does ("Next, you can enable TOTP MFA for your user" [AWS-DOC]);
  in a pool requiring MFA the verified token is used anyway.
- Challenge answers: the session, ``USERNAME``, the code, ``SECRET_HASH``, then the user
  (``Invalid session for the user.`` when the session is another user's or another challenge's).
  A wrong code: ``CodeMismatchException`` ``Invalid code or auth state for the user.``, the
  session staying usable for retries [REAL runbook], and the failure counting towards the
  password lockout ("After 5 failed MFA attempts the password-lockout mechanism applies"
  [AWS-DOC]); a TOTP code of a step already used: ``ExpiredCodeException`` ``Your software token
  has already been used once.`` [AWS-TEST]. A ``SELECT_MFA_TYPE`` answer not offered:
  ``MFAMethodNotFoundException`` [INF text]. ``MFA_SETUP`` answered before VerifySoftwareToken
  succeeded: ``Software Token MFA does not exist for the user.`` [INF].
- Challenge parameters: ``CODE_DELIVERY_DELIVERY_MEDIUM``/``CODE_DELIVERY_DESTINATION``
  (masked) for SMS and email, ``FRIENDLY_DEVICE_NAME`` for TOTP when the token has one
  [AWS-DOC CLI example], ``MFAS_CAN_CHOOSE``/``MFAS_CAN_SETUP`` as JSON lists [REAL], and
  ``USER_ID_FOR_SRP`` (the username) on all but ``MFA_SETUP`` [INF].
"""

from __future__ import annotations

from typing import Any

import attrs

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import AppClient, AuthSession, User, UserPool
from pytest_cognito_fake.errors import (
    CodeMismatchException,
    CognitoError,
    InvalidParameterException,
    MFAMethodNotFoundException,
    NotAuthorizedException,
    SoftwareTokenMFANotFoundException,
)
from pytest_cognito_fake.flows import mfa as rules
from pytest_cognito_fake.flows import sign_in
from pytest_cognito_fake.flows.messages import EMAIL, SMS, Delivery, Text, mask_destination
from pytest_cognito_fake.operations import _auth, _messaging, auth
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.auth import SignIn, challenge
from pytest_cognito_fake.operations.users import find_user, touch

#: ``User.mfa`` keys of the TOTP state (not rendered by AdminGetUser).
SOFTWARE_TOKEN = "SoftwareToken"
PENDING_SOFTWARE_TOKEN = "PendingSoftwareToken"

#: The request members of each factor in (Admin)SetUserMFAPreference.
_PREFERENCE_MEMBERS = (
    ("SMSMfaSettings", rules.SMS_MFA),
    ("SoftwareTokenMfaSettings", rules.SOFTWARE_TOKEN_MFA),
    ("EmailMfaSettings", rules.EMAIL_OTP),
)
_FACTOR_BLOCKS = ("SmsMfaConfiguration", "SoftwareTokenMfaConfiguration",
                  "EmailMfaConfiguration")
_SMS_SETTINGS = ("SmsAuthenticationMessage", "SmsConfiguration")


# -- reading the state ----------------------------------------------------------------------------


def pool_mfa(pool: UserPool) -> rules.PoolMfa:
    mode = str(pool.settings.get("MfaConfiguration") or rules.OFF)
    config = pool.mfa_config
    if config is None:
        return rules.PoolMfa(mode, sms=bool(pool.settings.get("SmsConfiguration")))
    return rules.PoolMfa(
        mode,
        sms="SmsMfaConfiguration" in config,
        software_token=bool((config.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")),
        email="EmailMfaConfiguration" in config,
    )


def software_token(user: User) -> rules.SoftwareToken | None:
    token = user.mfa.get(SOFTWARE_TOKEN)
    return token if isinstance(token, rules.SoftwareToken) else None


def user_mfa(user: User) -> rules.UserMfa:
    options = user.mfa.get("MFAOptions") or ()
    return rules.UserMfa(
        enabled=frozenset(user.mfa.get("UserMFASettingList") or ()),
        preferred=user.mfa.get("PreferredMfaSetting"),
        legacy_sms=any(o.get("DeliveryMedium") == SMS for o in options),
        software_token=software_token(user) is not None,
        phone_number=user.attributes.get("phone_number"),
        email=user.attributes.get("email"),
    )


def render_mfa_config(pool: UserPool) -> dict[str, Any]:
    """GetUserPoolMfaConfig's body: a fresh pool gives ``{"MfaConfiguration": "OFF"}`` only
    (defaults.md §1.5)."""
    out: dict[str, Any] = {}
    offered = pool_mfa(pool)
    if offered.sms:
        out["SmsMfaConfiguration"] = {k: _defaults.fresh(pool.settings[k])
                                      for k in _SMS_SETTINGS if pool.settings.get(k)}
    for name in ("SoftwareTokenMfaConfiguration", "EmailMfaConfiguration",
                 "WebAuthnConfiguration"):
        if pool.mfa_config and name in pool.mfa_config:
            out[name] = _defaults.fresh(pool.mfa_config[name])
    out["MfaConfiguration"] = offered.configuration
    return out


# -- pool configuration ---------------------------------------------------------------------------


@operation("SetUserPoolMfaConfig")
def set_user_pool_mfa_config(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """A full replace of the factor blocks (aws-sdk-js#4186: a call naming only the mode is
    refused even when the pool had SMS) [REAL]; ``WebAuthnConfiguration``, independent of MFA,
    is kept when absent [INF]. The answer is the configuration as GetUserPoolMfaConfig then
    shows it [INF]."""
    pool = ctx.pool(params["UserPoolId"])
    email_account = (pool.settings.get("EmailConfiguration") or {}).get(
        "EmailSendingAccount", "COGNITO_DEFAULT")
    decided = rules.configure_pool(
        str(pool.settings.get("MfaConfiguration") or rules.OFF),
        rules.PoolConfigRequest(
            configuration=params.get("MfaConfiguration"),
            sms=params.get("SmsMfaConfiguration") is not None,
            software_token=bool((params.get("SoftwareTokenMfaConfiguration") or {})
                                .get("Enabled")),
            email=params.get("EmailMfaConfiguration") is not None,
            tier=str(pool.settings.get("UserPoolTier") or "ESSENTIALS"),
            email_sending_account=str(email_account)))
    if isinstance(decided, CognitoError):
        raise decided
    config = {name: _defaults.fresh(params[name]) for name in _FACTOR_BLOCKS
              if params.get(name) is not None}
    webauthn = params.get("WebAuthnConfiguration")
    if webauthn is not None:
        config["WebAuthnConfiguration"] = _defaults.fresh(webauthn)
    elif pool.mfa_config and "WebAuthnConfiguration" in pool.mfa_config:
        config["WebAuthnConfiguration"] = pool.mfa_config["WebAuthnConfiguration"]
    for name in _SMS_SETTINGS:
        value = (params.get("SmsMfaConfiguration") or {}).get(name)
        if value is not None:
            pool.settings[name] = _defaults.fresh(value)
    pool.settings["MfaConfiguration"] = decided
    pool.mfa_config = config
    pool.modified = ctx.timestamp()
    return render_mfa_config(pool)


@operation("GetUserPoolMfaConfig")
def get_user_pool_mfa_config(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return render_mfa_config(ctx.pool(params["UserPoolId"]))


# -- TOTP enrolment -------------------------------------------------------------------------------


@attrs.frozen
class _Caller:
    """Who AssociateSoftwareToken / VerifySoftwareToken act for: from a token or a session."""

    pool: UserPool
    user: User
    session: AuthSession | None = None
    client: AppClient | None = None


def _setup_session(ctx: Context, session_id: str) -> _Caller:
    """The live MFA_SETUP session a Session parameter names (no ClientId comes with it)."""
    session = ctx.store.sessions.get(session_id)
    if session is None:
        raise NotAuthorizedException.invalid_session()
    if session.used:
        raise NotAuthorizedException.session_used()
    if ctx.now >= session.expires:
        raise NotAuthorizedException.session_expired()
    pool = ctx.store.pools.get(session.user_pool_id)
    client = pool.clients.get(session.client_id) if pool else None
    user = pool.users.get(pool.key(session.username)) if pool else None
    if session.challenge != rules.MFA_SETUP or pool is None or client is None or user is None:
        raise NotAuthorizedException.invalid_session()
    return _Caller(pool, user, session, client)


def _caller(ctx: Context, params: dict[str, Any]) -> _Caller:
    token, session_id = params.get("AccessToken"), params.get("Session")
    if (token is None) == (session_id is None):
        raise InvalidParameterException.access_token_or_session()
    if token is not None:
        pool, user, _claims = _auth.read_access_token(ctx, token)
        return _Caller(pool, user)
    return _setup_session(ctx, str(session_id))


def _next_setup_session(ctx: Context, caller: _Caller, **data: Any) -> str:
    """Consume the caller's MFA_SETUP session and hand out the next one."""
    assert caller.session is not None and caller.client is not None
    _auth.close_session(caller.session)
    return _auth.new_session(ctx, caller.pool, caller.client, caller.user, rules.MFA_SETUP,
                             {**caller.session.data, **data})


@operation("AssociateSoftwareToken")
def associate_software_token(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """A new secret per call (``SECRET_BYTES`` random bytes from the seeded generator, base32),
    never shared between users or calls."""
    caller = _caller(ctx, params)
    if not pool_mfa(caller.pool).software_token:
        raise SoftwareTokenMFANotFoundException.not_enabled_by_pool()
    raw = ctx.backend.ids.rng.getrandbits(8 * rules.SECRET_BYTES).to_bytes(
        rules.SECRET_BYTES, "big")
    secret = rules.new_secret(raw)
    caller.user.mfa[PENDING_SOFTWARE_TOKEN] = secret
    if caller.session is None:
        return {"SecretCode": secret}
    return {"SecretCode": secret,
            "Session": _next_setup_session(ctx, caller, secret=secret, verified=False)}


@operation("VerifySoftwareToken")
def verify_software_token(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    caller = _caller(ctx, params)
    if caller.session is not None and not caller.session.data.get("secret"):
        raise NotAuthorizedException.invalid_session()
    if not pool_mfa(caller.pool).software_token:
        raise SoftwareTokenMFANotFoundException.not_enabled_by_pool()
    secret = (caller.session.data["secret"] if caller.session is not None
              else caller.user.mfa.get(PENDING_SOFTWARE_TOKEN))
    if not secret:
        raise SoftwareTokenMFANotFoundException.for_user()
    checked = rules.verify_new_token(str(secret), params["UserCode"], ctx.now)
    if checked.error is not None:
        raise checked.error
    user = caller.user
    user.mfa[SOFTWARE_TOKEN] = rules.SoftwareToken(
        str(secret), params.get("FriendlyDeviceName") or None, checked.step)
    if user.mfa.get(PENDING_SOFTWARE_TOKEN) == secret:
        del user.mfa[PENDING_SOFTWARE_TOKEN]
    touch(ctx, caller.pool, user)
    if caller.session is None:
        return {"Status": "SUCCESS"}
    return {"Status": "SUCCESS", "Session": _next_setup_session(ctx, caller, verified=True)}


# -- a user's factors -----------------------------------------------------------------------------


def _set_preference(ctx: Context, pool: UserPool, user: User, params: dict[str, Any]) -> None:
    requested = {factor: rules.FactorSetting.from_request(params[member])
                 for member, factor in _PREFERENCE_MEMBERS if params.get(member) is not None}
    current = rules.Preference(tuple(user.mfa.get("UserMFASettingList") or ()),
                               user.mfa.get("PreferredMfaSetting"))
    outcome = rules.set_preference(current, requested, user_mfa(user))
    if outcome.error is not None:
        raise outcome.error
    assert outcome.preference is not None
    # Absent, not empty, once nothing is set (defaults.md §5.1) [REAL].
    user.mfa.pop("UserMFASettingList", None)
    user.mfa.pop("PreferredMfaSetting", None)
    if outcome.preference.enabled:
        user.mfa["UserMFASettingList"] = list(outcome.preference.enabled)
    if outcome.preference.preferred:
        user.mfa["PreferredMfaSetting"] = outcome.preference.preferred
    touch(ctx, pool, user)


@operation("SetUserMFAPreference")
def set_user_mfa_preference(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """``WebAuthnMfaSettings`` is accepted and ignored: passkeys are not modelled [INF]."""
    pool, user, _claims = _auth.read_access_token(ctx, params["AccessToken"])
    _set_preference(ctx, pool, user, params)
    return {}


@operation("AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    _set_preference(ctx, pool, find_user(pool, params["Username"]), params)
    return {}


def _set_settings(ctx: Context, pool: UserPool, user: User, params: dict[str, Any]) -> None:
    """Legacy SMS MFA: ``MFAOptions`` stored as given (an empty list clears them); only SMS to
    ``phone_number`` ("You can use it to configure only SMS MFA", model) [AWS-DOC]."""
    options = [dict(o) for o in params["MFAOptions"]]
    for option in options:
        if option.get("DeliveryMedium") != SMS or option.get("AttributeName") != "phone_number":
            raise InvalidParameterException.mfa_options_sms_only()
    if options:
        user.mfa["MFAOptions"] = options[:1]
    else:
        user.mfa.pop("MFAOptions", None)
    touch(ctx, pool, user)


@operation("SetUserSettings")
def set_user_settings(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool, user, _claims = _auth.read_access_token(ctx, params["AccessToken"])
    _set_settings(ctx, pool, user, params)
    return {}


@operation("AdminSetUserSettings")
def admin_set_user_settings(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    _set_settings(ctx, pool, find_user(pool, params["Username"]), params)
    return {}


# -- sign-in --------------------------------------------------------------------------------------


def mfa_step(sign: SignIn, user: User, state: dict[str, Any]) -> dict[str, Any] | None:
    """The NEXT_STEPS hook: the MFA challenge a proven password leads to, or None."""
    if state.get("skip_mfa") or state.get("mfa_passed"):
        return None
    step = rules.next_step(pool_mfa(sign.pool), user_mfa(user))
    return None if step is None else _issue(sign, user, step, state)


def _issue(sign: SignIn, user: User, step: rules.Step, state: dict[str, Any]) -> dict[str, Any]:
    """Answer with ``step``'s challenge; SMS and email codes are sent now."""
    data: dict[str, Any] = {"state": dict(state)}
    who = {"USER_ID_FOR_SRP": user.username}
    name = step.challenge
    if name in (rules.SMS_MFA, rules.EMAIL_OTP):
        delivery = _send_code(sign, user, name, data)
        parameters = {"CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                      "CODE_DELIVERY_DESTINATION": mask_destination(delivery.medium,
                                                                    delivery.to), **who}
    elif name == rules.SOFTWARE_TOKEN_MFA:
        token = software_token(user)
        named = {"FRIENDLY_DEVICE_NAME": token.friendly_device_name} \
            if token is not None and token.friendly_device_name else {}
        parameters = {**named, **who}
    elif name == rules.SELECT_MFA_TYPE:
        data["options"] = list(step.options)
        parameters = {"MFAS_CAN_CHOOSE": step.options_json(), **who}
    else:
        parameters = {"MFAS_CAN_SETUP": step.options_json()}
    return auth.challenge_response(sign, user, name, parameters, data)


def _send_code(sign: SignIn, user: User, factor: str, data: dict[str, Any]) -> Delivery:
    ctx, pool = sign.ctx, sign.pool
    built_in = _defaults.BUILT_IN_MESSAGES["mfa"]
    if factor == rules.SMS_MFA:
        delivery = Delivery(SMS, "phone_number", user.attributes["phone_number"])
        template = Text(None, pool.settings.get("SmsAuthenticationMessage") or built_in["sms"])
        code = ctx.backend.ids.code(rules.SMS_CODE_DIGITS)
    else:
        delivery = Delivery(EMAIL, "email", user.attributes["email"])
        given = (pool.mfa_config or {}).get("EmailMfaConfiguration") or {}
        template = Text(given.get("Subject") or built_in["subject"],
                        given.get("Message") or built_in["email"])
        code = ctx.backend.ids.code(rules.EMAIL_CODE_DIGITS)
    # ClientMetadata reaches CustomMessage from AdminRespondToAuthChallenge only (triggers.md
    # §2.3), i.e. when an admin challenge answer leads here.
    metadata = sign.client_metadata if sign.admin and sign.flow in auth.CHALLENGES else None
    _messaging.deliver(ctx, pool, user, trigger_source="CustomMessage_Authentication",
                       delivery=delivery, template=template, code=code,
                       client_id=sign.client.client_id, client_metadata=metadata, kind="mfa")
    data["code"] = code
    return delivery


def _open(sign: SignIn, session_id: Any, name: str, *needed: str) -> tuple[AuthSession, User]:
    """The session and user of a challenge answer, checked in the module docstring's order."""
    session = _auth.open_session(sign.ctx, session_id, sign.client)
    username = sign.require("USERNAME")
    for parameter in needed:
        sign.require(parameter)
    sign.check_secret(username)
    user = sign.pool.find_user(username)
    if user is None or user.username != session.username or session.challenge != name:
        raise NotAuthorizedException.invalid_session()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    return session, user


def _failed(sign: SignIn, user: User, error: CognitoError) -> CognitoError:
    """Count a wrong code towards the password lockout; return the error to raise."""
    if isinstance(error, CodeMismatchException):
        failures = user.codes.get(auth.FAILURES)
        if not isinstance(failures, sign_in.Failures):
            failures = sign_in.Failures()
        user.codes[auth.FAILURES] = failures.failed(sign.ctx.now)
    return error


def _finish(sign: SignIn, user: User, session: AuthSession) -> dict[str, Any]:
    """MFA passed: the session is spent; the NEXT_STEPS after this one run, then tokens."""
    _auth.close_session(session)
    state = {**session.data.get("state", {}), "mfa_passed": True}
    steps = auth.NEXT_STEPS
    later = steps[steps.index(mfa_step) + 1:] if mfa_step in steps else []
    for step in later:
        response = step(sign, user, state)
        if response is not None:
            return response
    return auth.tokens_for(sign, user, state,
                           state.get("token_source", "TokenGeneration_Authentication"))


def _mark_verified(sign: SignIn, user: User, attribute: str) -> None:
    """"When a user completes their first MFA, Amazon Cognito marks their email address or phone
    number as verified" [AWS-DOC]."""
    flag = f"{attribute}_verified"
    if user.attributes.get(flag) != "true":
        user.attributes[flag] = "true"
        sign.pool.reindex(user)
        touch(sign.ctx, sign.pool, user)


def _answer_sent_code(sign: SignIn, session_id: Any, name: str, parameter: str,
                      attribute: str) -> dict[str, Any]:
    session, user = _open(sign, session_id, name, parameter)
    error = rules.check_sent_code(str(session.data.get("code")), sign.parameters[parameter])
    if error is not None:
        raise _failed(sign, user, error)
    _mark_verified(sign, user, attribute)
    return _finish(sign, user, session)


@challenge(rules.SMS_MFA)
def sms_mfa(sign: SignIn, session_id: Any) -> dict[str, Any]:
    return _answer_sent_code(sign, session_id, rules.SMS_MFA, "SMS_MFA_CODE", "phone_number")


@challenge(rules.EMAIL_OTP)
def email_otp(sign: SignIn, session_id: Any) -> dict[str, Any]:
    return _answer_sent_code(sign, session_id, rules.EMAIL_OTP, "EMAIL_OTP_CODE", "email")


@challenge(rules.SOFTWARE_TOKEN_MFA)
def software_token_mfa(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session, user = _open(sign, session_id, rules.SOFTWARE_TOKEN_MFA, "SOFTWARE_TOKEN_MFA_CODE")
    token = software_token(user)
    if token is None:
        raise SoftwareTokenMFANotFoundException.for_user()
    checked = rules.check_totp(token, sign.parameters["SOFTWARE_TOKEN_MFA_CODE"], sign.ctx.now)
    if checked.error is not None:
        raise _failed(sign, user, checked.error)
    user.mfa[SOFTWARE_TOKEN] = attrs.evolve(token, last_used_step=checked.step)
    return _finish(sign, user, session)


@challenge(rules.SELECT_MFA_TYPE)
def select_mfa_type(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session, user = _open(sign, session_id, rules.SELECT_MFA_TYPE, "ANSWER")
    answer = sign.parameters["ANSWER"]
    if answer not in session.data.get("options", ()):
        raise MFAMethodNotFoundException()
    _auth.close_session(session)
    return _issue(sign, user, rules.Step(answer), session.data.get("state", {}))


@challenge(rules.MFA_SETUP)
def mfa_setup(sign: SignIn, session_id: Any) -> dict[str, Any]:
    """Answered with the Session VerifySoftwareToken returned and ``USERNAME`` (cognito-errors.md
    §3.6 flow facts) [AWS-TEST]; the tokens follow."""
    session, user = _open(sign, session_id, rules.MFA_SETUP)
    if not session.data.get("verified"):
        raise SoftwareTokenMFANotFoundException.for_user()
    return _finish(sign, user, session)


if mfa_step not in auth.NEXT_STEPS:
    # After the custom-auth hook (a proven SRP password goes back to DefineAuthChallenge first)
    # and before device steps, which register after this one: an MFA answer runs the steps
    # that follow it (``_finish``).
    auth.NEXT_STEPS.append(mfa_step)
