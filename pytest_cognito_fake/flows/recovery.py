"""Password recovery as pure decisions: ForgotPassword and ConfirmForgotPassword.

Each function takes frozen records (the pool's rules, the client, the user as stored, the
request), the current time and, for ForgotPassword, the code the operation drew, and returns an
:class:`Outcome`: the user record to store (also on failures that count an attempt) and the
error to answer with, or the delivery of a new code. Nothing here reads a clock, draws a random
number or touches the store, so hypothesis drives these functions directly.

Facts: ../shared/reference/cognito-errors.md §2 and §3.1. Where the reference marks a behaviour
inferred, the choice is made here, once:

**ConfirmForgotPassword, in order** (each step answers or passes on):

1. Secret hash: missing, then wrong (``NotAuthorizedException``).
2. User lookup. Unknown: ``UserNotFoundException`` ``Username/client id combination not
   found.`` (LEGACY) or ``CodeMismatchException`` (ENABLED). Disabled: ``NotAuthorizedException``
   ``User is disabled.`` (LEGACY, [INF]) or ``CodeMismatchException`` (ENABLED, [AWS-DOC]).
3. Attempt budget: 5 counted attempts in a sliding hour, shared with ForgotPassword requests
   (``LimitExceededException``) [AWS-DOC 5-20; REAL 5]. A refused attempt is not counted, so the
   window frees an hour after the attempts that filled it.
4. ``UNCONFIRMED`` user: ``UserNotConfirmedException`` ``User is not confirmed.`` [INF].
5. The code. None outstanding (never requested, or already used): ``ExpiredCodeException``.
   One hour old or more: ``ExpiredCodeException``. Different from the latest code sent:
   ``CodeMismatchException`` (an older code is a mismatch: latest wins). Each of these failures
   counts one attempt.
6. The new password: the pool policy, one rule per call with the ``does not conform to`` wording
   (``InvalidPasswordException``), then ``PasswordHistorySize``
   (``PasswordHistoryPolicyViolationException``). A rejected password neither consumes the
   code nor counts an attempt, so the user can retry with a better password [INF].
7. Success: the password is set (the old one joins the history), status becomes ``CONFIRMED``
   (whatever it was: ``RESET_REQUIRED``, ``FORCE_CHANGE_PASSWORD``, ``CONFIRMED``, ...), the code
   is consumed and the attempts are forgotten. The operation then fires PostConfirmation.

**ForgotPassword, in order**:

1. Secret hash.
2. User lookup. Unknown: ``UserNotFoundException`` (LEGACY) or a simulated delivery (ENABLED,
   [AWS-DOC]); the operation first runs the UserMigration trigger when the pool has one.
   Disabled: ``UserNotFoundException`` ``Username/client id combination not found.`` (LEGACY,
   the 2016 text under today's type [INF]) or a simulated delivery (ENABLED).
3. Attempt budget (as above); then the request counts one attempt, whatever follows.
4. ``FORCE_CHANGE_PASSWORD``: ``NotAuthorizedException`` ``User password cannot be reset in the
   current state.`` [REAL].
5. ``AccountRecoverySetting`` ``admin_only``: ``NotAuthorizedException`` ``Contact administrator
   to reset password.`` [INF, moto's text].
6. No verified email or phone to send to (per ``AccountRecoverySetting``):
   ``InvalidParameterException`` [REAL]; a simulated delivery under ENABLED [AWS-DOC].
7. ``UNCONFIRMED`` (with a verified channel, e.g. set by an administrator):
   ``UserNotConfirmedException`` [INF].
8. Success: the new code replaces any outstanding one (latest wins), valid for one hour; the
   status is unchanged. The answer is the masked destination.

**Password history** [INF]: ``PasswordHistorySize`` N forbids the current password and the
N-1 before it; 0 or absent turns the check off. Only as many earlier passwords are kept as the
policy in force at each change asks for, so raising the size later does not bring back
forgotten ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from pytest_cognito_fake._state import UserStatus
from pytest_cognito_fake.errors import (
    CodeMismatchException,
    CognitoError,
    ExpiredCodeException,
    InvalidParameterException,
    InvalidPasswordException,
    LimitExceededException,
    NotAuthorizedException,
    PasswordHistoryPolicyViolationException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import client_auth, messages
from pytest_cognito_fake.flows.attempts import NO_ATTEMPTS, Attempts
from pytest_cognito_fake.flows.messages import Delivery, IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy, pushed_history, reused, violation

#: A reset code is valid for one hour [AWS-DOC limits.md].
CODE_VALIDITY = 3600.0
#: ForgotPassword requests plus ConfirmForgotPassword failures per user and hour [REAL 5].
ATTEMPT_LIMIT = 5


@attrs.frozen
class RecoveryPool:
    """What recovery reads of a pool."""

    policy: PasswordPolicy = attrs.field(factory=PasswordPolicy)
    password_history_size: int = 0
    account_recovery: Mapping[str, Any] | None = None
    #: Derived from ``account_recovery`` once (the operation caches the record per pool).
    admin_only: bool = attrs.field(init=False)
    #: The recovery mechanisms by priority, derived once likewise.
    recovery_order: tuple[str, ...] = attrs.field(init=False)

    @admin_only.default
    def _admin_only(self) -> bool:
        mechanisms = (self.account_recovery or {}).get("RecoveryMechanisms") or ()
        return any(m.get("Name") == "admin_only" for m in mechanisms)

    @recovery_order.default
    def _recovery_order(self) -> tuple[str, ...]:
        return messages.recovery_order(self.account_recovery)


@attrs.frozen
class RecoveryClient:
    client_id: str
    secret: str | None = None
    prevent_user_existence_errors: bool = False


@attrs.frozen
class RecoveryUser:
    """The user as recovery sees it. ``code`` is the outstanding reset code, ``history`` the
    earlier passwords, newest first."""

    username: str
    status: str = UserStatus.CONFIRMED
    enabled: bool = True
    attributes: Mapping[str, str] = attrs.field(factory=dict)
    password: str | None = None
    history: tuple[str, ...] = ()
    code: IssuedCode | None = None
    attempts: Attempts = attrs.field(factory=Attempts)

    def counted(self, attempts: Attempts, code: IssuedCode | None) -> RecoveryUser:
        """This user with new ``attempts`` and outstanding ``code`` (``attrs.evolve`` spelled
        out: it runs on every request, and evolve's field walk costs more than the rest)."""
        return RecoveryUser(self.username, self.status, self.enabled, self.attributes,
                            self.password, self.history, code, attempts)


@attrs.frozen
class ForgotPasswordRequest:
    username: str
    secret_hash: str | None = None


@attrs.frozen
class ConfirmForgotPasswordRequest:
    username: str
    confirmation_code: str
    password: str
    secret_hash: str | None = None


@attrs.frozen
class Outcome:
    """``user``: the record to store (None: store nothing). ``error``: what to answer with
    instead of success. ``delivery``: where ForgotPassword's code goes (None when simulated or
    failed); ``details``: ForgotPassword's ``CodeDeliveryDetails``, real or simulated."""

    user: RecoveryUser | None = None
    error: CognitoError | None = None
    delivery: Delivery | None = None
    details: Mapping[str, str] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def simulated_delivery(username: str) -> Delivery:
    """The simulated delivery for reset codes: email before phone, as the default
    AccountRecoverySetting (``messages.simulated_delivery``)."""
    return messages.simulated_delivery(username, ("email", "phone_number"))


def _simulated(username: str) -> Outcome:
    return Outcome(details=simulated_delivery(username).details())


def _secret(client: RecoveryClient, username: str, secret_hash: str | None) -> CognitoError | None:
    if client.secret is None:
        return None  # nothing to check (the common case, decided without the call below)
    try:
        client_auth.check_secret_hash(client.client_id, client.secret, username, secret_hash)
    except NotAuthorizedException as error:
        return error
    return None


def forgot_password(
    pool: RecoveryPool,
    client: RecoveryClient,
    user: RecoveryUser | None,
    request: ForgotPasswordRequest,
    *,
    now: float,
    new_code: str,
) -> Outcome:
    """Decide a ForgotPassword request (order in the module docstring)."""
    error = _secret(client, request.username, request.secret_hash)
    if error is not None:
        return Outcome(error=error)
    hidden = client.prevent_user_existence_errors
    if user is None or not user.enabled:
        if hidden:
            return _simulated(request.username)
        return Outcome(error=UserNotFoundException.username_client_combination())
    if user.attempts.spent(now, ATTEMPT_LIMIT):
        return Outcome(error=LimitExceededException())
    attempts = user.attempts.record(now)  # this request counts, whatever follows
    error_now: CognitoError | None = None
    delivery = None
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        error_now = NotAuthorizedException.cannot_reset_in_current_state()
    elif pool.admin_only:
        error_now = NotAuthorizedException.contact_administrator()
    else:
        delivery = messages.delivery_by(pool.recovery_order, user.attributes)
        if delivery is None:
            if hidden:
                return Outcome(user.counted(attempts, user.code),
                               details=_simulated(request.username).details)
            error_now = InvalidParameterException.no_verified_recovery_channel()
        elif user.status == UserStatus.UNCONFIRMED:
            error_now = UserNotConfirmedException()
    if error_now is not None or delivery is None:
        return Outcome(user.counted(attempts, user.code), error_now)
    issued = user.counted(attempts, IssuedCode(new_code, now))
    return Outcome(issued, delivery=delivery, details=delivery.details())


def password_problem(pool: RecoveryPool, user: RecoveryUser,
                     password: str) -> CognitoError | None:
    """The policy, then the history check, for a new password (module docstring)."""
    rule = violation(pool.policy, password)
    if rule is not None:
        return InvalidPasswordException.does_not_conform(rule)
    if reused(password, user.password, user.history, pool.password_history_size):
        return PasswordHistoryPolicyViolationException()
    return None


def confirm_forgot_password(
    pool: RecoveryPool,
    client: RecoveryClient,
    user: RecoveryUser | None,
    request: ConfirmForgotPasswordRequest,
    *,
    now: float,
) -> Outcome:
    """Decide a ConfirmForgotPassword request (order in the module docstring)."""
    error = _secret(client, request.username, request.secret_hash)
    if error is not None:
        return Outcome(error=error)
    hidden = client.prevent_user_existence_errors
    if user is None:
        return Outcome(error=CodeMismatchException() if hidden
                       else UserNotFoundException.username_client_combination())
    if not user.enabled:
        return Outcome(error=CodeMismatchException() if hidden
                       else NotAuthorizedException.user_is_disabled())
    if user.attempts.spent(now, ATTEMPT_LIMIT):
        return Outcome(error=LimitExceededException())
    if user.status == UserStatus.UNCONFIRMED:
        return Outcome(error=UserNotConfirmedException())
    code = user.code
    if code is None or now - code.issued_at >= CODE_VALIDITY:
        return Outcome(user.counted(user.attempts.record(now), code), ExpiredCodeException())
    if request.confirmation_code != code.code:
        return Outcome(user.counted(user.attempts.record(now), code), CodeMismatchException())
    problem = password_problem(pool, user, request.password)
    if problem is not None:
        return Outcome(error=problem)
    return Outcome(RecoveryUser(
        user.username, UserStatus.CONFIRMED, user.enabled, user.attributes, request.password,
        pushed_history(user.password, user.history, pool.password_history_size),
        code=None, attempts=NO_ATTEMPTS))
