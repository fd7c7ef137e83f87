"""Choice-based sign-in: the ``USER_AUTH`` flow of InitiateAuth / AdminInitiateAuth, its
``SELECT_CHALLENGE``, ``PASSWORD``, ``PASSWORD_SRP``, ``EMAIL_OTP`` and ``SMS_OTP`` challenges,
and GetUserAuthFactors.

The decisions (which factors a user has, what a preference or an answer leads to) are the pure
functions of :mod:`pytest_cognito_fake.flows.user_auth`, whose docstring gives the facts and the
[INF] choices. This module looks state up, sends codes and keeps sessions; the password factors
are the existing flows: ``PASSWORD`` is :func:`.auth.password_auth` (USER_PASSWORD_AUTH's checks
in its order), ``PASSWORD_SRP`` is :func:`.srp.start` (USER_SRP_AUTH's), each then going on with
:func:`.auth.after_password` (NEW_PASSWORD_REQUIRED, MFA, devices, tokens).

``InitiateAuth`` with ``USER_AUTH``, in this order [INF where marked in the flows module]:

1. The client allows ``ALLOW_USER_AUTH`` (``USER_AUTH flow not enabled for this client``,
   :mod:`.auth`).
2. ``USERNAME`` (``Missing required parameter USERNAME``), then ``SECRET_HASH``.
3. The choice: ``PREFERRED_CHALLENGE`` if the user can use it, else ``SELECT_CHALLENGE``.
4. ``PASSWORD`` with ``PASSWORD``: the USER_PASSWORD_AUTH checks (PreAuthentication, unknown
   user, lockout, disabled, UNCONFIRMED, the password, RESET_REQUIRED). ``PASSWORD_SRP`` with
   ``SRP_A``: USER_SRP_AUTH's first step, answered by ``PASSWORD_VERIFIER`` as there; unlike
   USER_SRP_AUTH, a ``Session`` comes with it [INF: every other USER_AUTH step has one, and
   Amplify passes it along; the answer is found by its SECRET_BLOCK either way].
5. Any other step: an unknown user gets ``User does not exist.`` (LEGACY) or a simulated step
   (ENABLED: a SELECT_CHALLENGE offering what the pool allows, an OTP challenge that sends
   nothing and whose answer fails with ``CodeMismatchException``); a known one the checks SRP
   makes before its challenge (``Password attempts exceeded``, ``User is disabled.``, ``User is
   not confirmed.``) [INF].
6. ``SELECT_CHALLENGE`` (``AvailableChallenges``, empty ``ChallengeParameters``, a Session), the
   ``PASSWORD`` / ``PASSWORD_SRP`` challenge (empty ``ChallengeParameters``), or a one-time
   password: PreAuthentication, then a code to the outbox (8 digits by email, 6 by SMS, the
   templates of ``EmailMfaConfiguration`` / ``SmsAuthenticationMessage`` through the
   ``CustomMessage_Authentication`` trigger, outbox kind ``"mfa"``, exactly as MFA codes go, see
   :mod:`.mfa`) and ``EMAIL_OTP`` / ``SMS_OTP`` with ``CODE_DELIVERY_DELIVERY_MEDIUM``,
   ``CODE_DELIVERY_DESTINATION`` (masked) and ``USER_ID_FOR_SRP``.

Challenge answers (``RespondToAuthChallenge`` / ``AdminRespondToAuthChallenge``) check, like the
MFA answers: the session (``Invalid session for the user.``, ``... session is expired.``,
``... can only be used once.``), ``USERNAME`` and the answer's parameters (``Missing required
parameter <NAME>``), ``SECRET_HASH``, then that the session is this challenge's and this user's
(``Invalid session for the user.``). A session is used up once its step succeeds; a wrong
password or code leaves it open for another try [INF], the failure counting toward the password
lockout. A wrong or simulated one-time password: ``CodeMismatchException`` ``Invalid code or auth
state for the user.`` [INF: the MFA text]. A right one leads to :func:`.auth.after_password`
without MFA (module docstring of the flows): a user still on a temporary password gets
``NEW_PASSWORD_REQUIRED`` first [INF], then device steps and tokens. The code lives as long as
the session.

``EMAIL_OTP`` names both this first factor and email MFA: one handler answers both, by what the
session was issued for.

With InitiateAuth's own ``Session`` from a sign-up, ``USER_AUTH`` signs the user in after
``USERNAME`` and ``SECRET_HASH``, without a challenge (:mod:`.signup` gives the rules): the
session, PreAuthentication, the checks SRP makes before its challenge, then
:func:`.auth.after_password` without MFA.

Not modelled: passkeys (a ``WEB_AUTHN`` preference or answer in a pool that allows passkeys
raises :class:`~pytest_cognito_fake.errors.NotImplementedByFake`) and UserMigration (fired for
the USER_PASSWORD_AUTH family only, :mod:`.auth_triggers`).

**GetUserAuthFactors** reads the access token as every token operation does
(:func:`.token_ops.signed_in`) and answers ``Username``, the MFA settings once set
(``PreferredMfaSetting``, ``UserMFASettingList``, absent otherwise as in GetUser) and
``ConfiguredUserAuthFactors``: the first factors the user could choose now, by the same rule as
``AvailableChallenges`` (``PASSWORD`` standing for both password challenges); absent when there
are none [INF].
"""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import AuthSession, User, UserPool, UserStatus
from pytest_cognito_fake.errors import (
    CodeMismatchException,
    CognitoError,
    NotAuthorizedException,
    NotImplementedByFake,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import mfa as mfa_rules
from pytest_cognito_fake.flows import sign_in
from pytest_cognito_fake.flows import user_auth as rules
from pytest_cognito_fake.flows.messages import EMAIL, SMS, mask_destination
from pytest_cognito_fake.operations import _auth, auth, mfa, signup, srp, token_ops
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.auth import SignIn, challenge, flow

#: Session data: the challenges a SELECT_CHALLENGE offered.
AVAILABLE = "available"
#: Session data: an EMAIL_OTP / SMS_OTP session issued as a first factor (not as MFA).
FIRST_FACTOR = "first_factor"
#: Session data: the session of a user who does not exist (a client hiding users).
SIMULATED = "simulated"

#: Each one-time-password challenge: the MFA factor whose sending it shares, the medium, the
#: answer's parameter.
_OTP = {
    rules.EMAIL_OTP: (mfa_rules.EMAIL_OTP, EMAIL, "EMAIL_OTP_CODE"),
    rules.SMS_OTP: (mfa_rules.SMS_MFA, SMS, "SMS_OTP_CODE"),
}


# -- reading the state ----------------------------------------------------------------------------


def first_factor_pool(pool: UserPool) -> rules.FirstFactorPool:
    policy = (pool.settings.get("Policies") or {}).get("SignInPolicy") \
        or _defaults.DEFAULT_SIGN_IN_POLICY
    allowed = policy.get("AllowedFirstAuthFactors") or rules.DEFAULT_FIRST_FACTORS
    return rules.FirstFactorPool(
        allowed=frozenset(allowed),
        mfa_required=pool.settings.get("MfaConfiguration") == mfa_rules.ON)


def first_factor_user(user: User) -> rules.FirstFactorUser:
    attributes = user.attributes
    return rules.FirstFactorUser(
        has_password=user.password is not None,
        verified_email=bool(attributes.get("email"))
        and attributes.get("email_verified") == "true",
        verified_phone=bool(attributes.get("phone_number"))
        and attributes.get("phone_number_verified") == "true",
    )


def _given(sign: SignIn) -> frozenset[str]:
    """Which of the password factors' parameters (``PASSWORD``, ``SRP_A``) came along."""
    return frozenset(name for name in rules.NEEDS.values() if sign.parameters.get(name))


def _passkeys_not_modelled() -> NotImplementedByFake:
    return NotImplementedByFake(
        "pytest-cognito-fake does not model passkeys: WEB_AUTHN sign-in is not implemented")


# -- InitiateAuth ---------------------------------------------------------------------------------


@flow("USER_AUTH")
def user_auth(sign: SignIn) -> dict[str, Any]:
    username = sign.require("USERNAME")
    sign.check_secret(username)
    if sign.session is not None:
        return _signed_up(sign, username)
    pool = first_factor_pool(sign.pool)
    user = sign.pool.find_user(username)
    available = rules.available_challenges(
        pool, None if user is None else first_factor_user(user))
    step = rules.start(pool, available, sign.parameters.get("PREFERRED_CHALLENGE"),
                       _given(sign))
    if step.challenge == rules.WEB_AUTHN:
        raise _passkeys_not_modelled()
    if step.challenge in rules.NEEDS and not step.ask:
        return _password_factor(sign, step.challenge, username)
    if user is None:
        if not sign.hides_users:
            raise UserNotFoundException.user_does_not_exist()
        return _issue(sign, _stand_in(sign, username), step, simulated=True)
    srp._refuse_early(sign, user)
    return _issue(sign, user, step)


def _signed_up(sign: SignIn, username: str) -> dict[str, Any]:
    """``USER_AUTH`` with the Session of a sign-up (order and choices: :mod:`.signup`)."""
    session = _auth.open_session(
        sign.ctx, sign.session, sign.client,
        issued_by=(_auth.CONFIRM_SIGN_UP_SESSION, _auth.SIGN_UP_SESSION))
    user = sign.pool.find_user(username)
    if user is None or user.username != session.username or (
            session.challenge == _auth.SIGN_UP_SESSION
            and not session.data.get(signup.CONFIRMED_AT_SIGN_UP)):
        raise NotAuthorizedException.invalid_session()
    auth.before_password(sign, user, username)
    srp._refuse_early(sign, user)
    _auth.close_session(session)
    return auth.after_password(sign, user, {"skip_mfa": True})


def _stand_in(sign: SignIn, username: str) -> User:
    """A user record for a name nobody has, never stored: it carries the simulated steps."""
    now = sign.ctx.timestamp()
    return User(username=username, sub="", attributes={}, enabled=True,
                status=UserStatus.UNKNOWN, created=now, modified=now)


def _password_factor(sign: SignIn, name: str, username: str) -> dict[str, Any]:
    """``PASSWORD`` with its password, or ``PASSWORD_SRP`` with its ``SRP_A``."""
    if name == rules.PASSWORD:
        return auth.password_auth(sign)
    response = srp.start(sign, username, sign.require("SRP_A"))
    user = sign.pool.find_user(username) or _stand_in(sign, username)
    response["Session"] = _auth.new_session(sign.ctx, sign.pool, sign.client, user,
                                            "PASSWORD_VERIFIER")
    return response


def _issue(sign: SignIn, user: User, step: rules.Step, *,
           simulated: bool = False) -> dict[str, Any]:
    """The challenge of ``step`` (not a password factor carrying its parameter)."""
    data: dict[str, Any] = {SIMULATED: True} if simulated else {}
    if step.challenge == rules.SELECT_CHALLENGE:
        data[AVAILABLE] = list(step.options)
        response = auth.challenge_response(sign, user, rules.SELECT_CHALLENGE, {}, data)
        response["AvailableChallenges"] = list(step.options)
        return response
    if step.challenge in rules.OTP_CHALLENGES:
        return _send_otp(sign, user, step.challenge, data)
    # PASSWORD / PASSWORD_SRP without their parameter: asked for as a challenge of their own.
    return auth.challenge_response(sign, user, step.challenge, {}, data)


def _send_otp(sign: SignIn, user: User, name: str, data: dict[str, Any]) -> dict[str, Any]:
    factor, medium, _parameter = _OTP[name]
    data[FIRST_FACTOR] = name
    if data.get(SIMULATED):
        auth.before_password(sign, None, user.username)
        # Nothing is sent; the destination is the typed name, masked.
        destination = mask_destination(medium, user.username)
    else:
        auth.before_password(sign, user, user.username)
        delivery = mfa._send_code(sign, user, factor, data)
        destination = mask_destination(delivery.medium, delivery.to)
    parameters = {"CODE_DELIVERY_DELIVERY_MEDIUM": medium,
                  "CODE_DELIVERY_DESTINATION": destination,
                  "USER_ID_FOR_SRP": user.username}
    return auth.challenge_response(sign, user, name, parameters, data)


# -- challenge answers ----------------------------------------------------------------------------


def _open(sign: SignIn, session_id: Any, name: str,
          *needed: str) -> tuple[AuthSession, User | None, str]:
    """The session, the user (None when simulated) and the typed username of an answer."""
    session = _auth.open_session(sign.ctx, session_id, sign.client)
    username = sign.require("USERNAME")
    for parameter in needed:
        sign.require(parameter)
    sign.check_secret(username)
    if session.challenge != name:
        raise NotAuthorizedException.invalid_session()
    if session.data.get(SIMULATED):
        if sign.pool.key(username) != sign.pool.key(session.username):
            raise NotAuthorizedException.invalid_session()
        return session, None, username
    user = sign.pool.find_user(username)
    if user is None or user.username != session.username:
        raise NotAuthorizedException.invalid_session()
    return session, user, username


def _then(sign: SignIn, session: AuthSession, user: User | None, username: str,
          step: rules.Step) -> dict[str, Any]:
    """Go on with the factor an answer chose; the session is spent once that step answers."""
    if step.challenge in rules.NEEDS and not step.ask:
        if user is None and step.challenge == rules.PASSWORD:
            # As USER_PASSWORD_AUTH treats a name nobody has under ENABLED.
            auth.before_password(sign, None, username)
            raise NotAuthorizedException.incorrect_username_or_password()
        response = _password_factor(sign, step.challenge, username)
    else:
        response = _issue(sign, user or _stand_in(sign, session.username), step,
                          simulated=user is None)
    _auth.close_session(session)
    return response


@challenge(rules.SELECT_CHALLENGE)
def select_challenge(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session, user, username = _open(sign, session_id, rules.SELECT_CHALLENGE, "ANSWER")
    step = rules.select(first_factor_pool(sign.pool), tuple(session.data.get(AVAILABLE, ())),
                        sign.parameters["ANSWER"], _given(sign))
    if isinstance(step, CognitoError):
        raise step
    if step.challenge == rules.WEB_AUTHN:
        raise _passkeys_not_modelled()
    if user is not None and step.challenge in rules.OTP_CHALLENGES:
        srp._refuse_early(sign, user)
    return _then(sign, session, user, username, step)


@challenge(rules.PASSWORD)
def password(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session, user, username = _open(sign, session_id, rules.PASSWORD, "PASSWORD")
    return _then(sign, session, user, username, rules.Step(rules.PASSWORD))


@challenge(rules.PASSWORD_SRP)
def password_srp(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session, user, username = _open(sign, session_id, rules.PASSWORD_SRP, "SRP_A")
    return _then(sign, session, user, username, rules.Step(rules.PASSWORD_SRP))


def _answer_otp(sign: SignIn, session_id: Any, name: str) -> dict[str, Any]:
    parameter = _OTP[name][2]
    session, user, _username = _open(sign, session_id, name, parameter)
    if user is None:
        raise CodeMismatchException.auth_state()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    error = mfa_rules.check_sent_code(str(session.data.get("code")), sign.parameters[parameter])
    if error is not None:
        failures = user.codes.get(auth.FAILURES)
        if not isinstance(failures, sign_in.Failures):
            failures = sign_in.Failures()
        user.codes[auth.FAILURES] = failures.failed(sign.ctx.now)
        raise error
    _auth.close_session(session)
    # No MFA after a one-time-password first factor (flows docstring).
    return auth.after_password(sign, user, {"skip_mfa": True})


_mfa_email_otp = mfa.email_otp


@challenge(rules.EMAIL_OTP)
def email_otp(sign: SignIn, session_id: Any) -> dict[str, Any]:
    """A first-factor code when the session was issued as one; the MFA answer otherwise."""
    issued = sign.ctx.store.sessions.get(session_id or "")
    if issued is not None and issued.data.get(FIRST_FACTOR) == rules.EMAIL_OTP:
        return _answer_otp(sign, session_id, rules.EMAIL_OTP)
    return _mfa_email_otp(sign, session_id)


@challenge(rules.SMS_OTP)
def sms_otp(sign: SignIn, session_id: Any) -> dict[str, Any]:
    return _answer_otp(sign, session_id, rules.SMS_OTP)


# -- GetUserAuthFactors ---------------------------------------------------------------------------


@operation("GetUserAuthFactors")
def get_user_auth_factors(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = token_ops.signed_in(ctx, params["AccessToken"])
    result: dict[str, Any] = {"Username": me.user.username}
    for member in ("PreferredMfaSetting", "UserMFASettingList"):
        if me.user.mfa.get(member):
            result[member] = _defaults.fresh(me.user.mfa[member])
    factors = rules.configured_factors(first_factor_pool(me.pool), first_factor_user(me.user))
    if factors:
        result["ConfiguredUserAuthFactors"] = list(factors)
    return result
