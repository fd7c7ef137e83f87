"""Sign-up as pure decisions: SignUp, ConfirmSignUp and ResendConfirmationCode.

Each function takes frozen records (the pool's rules, the app client, the user as stored, the
request), the current time and, where a code is issued, the code the operation drew, and returns
an outcome record: what to store (also on failures that count an attempt) and the error to answer
with, or what to create and where to send a code. Nothing here reads a clock, draws a random
number or touches the store, so hypothesis drives these functions directly. What needs the store
(is this username taken? does another user sign in with this email?) comes in as arguments the
operation looked up.

Facts: ../shared/reference/cognito-errors.md §2.3, §3.2-§3.4 and triggers.md §2.1-§2.3, §3, §5.
The order of checks of each operation is written once, in ``operations/signup.py``; the choices
where the reference marks a behaviour inferred are made here, each with its grade:

- **Where the code goes.** To the first attribute of the pool's ``AutoVerifiedAttributes`` the
  user supplied, ``phone_number`` before ``email``: "If both email and phone is set, Cognito only
  verifies the phone number" [AWS-DOC, the AWS CDK reference of ``AutoVerifiedAttrs``]. No code
  is sent to an auto-confirmed user [REAL amplify-ui#234]. A code goes out even when PreSignUp
  already verified the attribute, as long as the user is not confirmed [INF].
- **Code lifetime.** 24 hours from issue [AWS-DOC limits.md and user-pool-settings-email-phone-
  verification.md, "The verification code or link is valid for 24 hours"]. A new code
  (ResendConfirmationCode) replaces the old one, which then gives ``CodeMismatchException``
  [REAL amplify-ui#6678]; a consumed, expired or never-sent code gives ``ExpiredCodeException``
  [WIRE ios-samples#144; REAL amplify-flutter#1128, "expired" and "invalid" alike].
- **Budgets.** ConfirmSignUp: 15 calls per user in a sliding hour [AWS-DOC limits.md]; every call
  that reaches the user is counted, refused ones excepted (``flows.attempts``).
  ResendConfirmationCode: 5 per user and hour [AWS-DOC limits.md]; only calls that send a code
  count [INF]. SignUp itself issues the first code and counts toward neither [INF].
- **What a successful ConfirmSignUp verifies.** The attribute the code went to, provided it still
  holds the value the code went to (an administrator may have changed it since) [INF]. If that
  attribute is a sign-in alias (``AliasAttributes``) another user holds, the call fails with
  ``AliasExistsException`` unless ``ForceAliasCreation`` is set; then the alias moves and the
  other user's ``*_verified`` becomes ``"false"`` [AWS-DOC model ForceAliasCreation; the flag
  change INF]. A refused alias leaves the code usable [INF].
- **PreSignUp reply.** ``autoConfirmUser`` makes the user ``CONFIRMED``; ``autoVerifyEmail`` /
  ``autoVerifyPhone`` set ``email_verified`` / ``phone_number_verified`` to ``"true"``. A flag is
  on when the function returned JSON ``true`` (or the string ``"true"``, which a Java service
  would read as true [INF]). A verify flag without the attribute is an error the docs do not
  name ("Otherwise an error will occur") [AWS-DOC]; the fake answers
  ``InvalidParameterException`` ``Email is required to verify/un-verify an email`` (or the phone
  analogue), the texts of setting ``*_verified`` without the attribute [INF], and creates nobody.
- **Passwords.** ``Password did not conform with policy: <rule>``, one rule per call [REAL]. A
  request without a password creates a passwordless user when the pool's ``SignInPolicy`` allows
  a one-time-password first factor (``EMAIL_OTP``/``SMS_OTP``) [AWS-DOC signing-up-users-in-your-app
  "Passwords at sign-up"]; otherwise the missing password is checked as an empty one and breaks
  the length rule [INF]. The app client's auth flows are not consulted [INF].
- **Attributes.** The pool schema with required attributes enforced (``Attributes did not
  conform to the schema: <name>: The attribute is required\\n``) [REAL, weak], developer-only
  attributes refused, and, when the client has ``WriteAttributes``, anything else it names
  refused with ``A client attempted to write unauthorized attribute`` [REAL amplify-js#536].
- **Unknown and disabled users** (ConfirmSignUp, ResendConfirmationCode). LEGACY: unknown is
  ``UserNotFoundException`` ``Username/client id combination not found.`` [INF for these two
  operations]; disabled is ``NotAuthorizedException`` ``User is disabled.`` [INF]. ENABLED
  (PreventUserExistenceErrors): ConfirmSignUp answers ``CodeMismatchException`` for an unknown
  user, as ConfirmForgotPassword does [INF; the docs list only ExpiredCode, NotAuthorized and
  CodeMismatch for this operation], and ``User is disabled.`` for a disabled one ("returns
  NotAuthorizedException when a user isn't authorized" [AWS-DOC]); ResendConfirmationCode
  returns a simulated ``CodeDeliveryDetails`` for both and sends nothing [AWS-DOC].
- **ResendConfirmationCode refusals.** A pool without ``AutoVerifiedAttributes``, and a user who
  supplied none of them, get ``Cannot resend codes. Auto verification not turned on`` [REAL for
  the pool; INF for the user]; a user in any status but ``UNCONFIRMED`` gets ``User is already
  confirmed.`` [REAL for CONFIRMED; INF for the others].
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake._defaults import STANDARD_SCHEMA
from pytest_cognito_fake._state import UserStatus
from pytest_cognito_fake.errors import (
    AliasExistsException,
    CodeMismatchException,
    CognitoError,
    ExpiredCodeException,
    InvalidParameterException,
    InvalidPasswordException,
    LimitExceededException,
    NotAuthorizedException,
    UsernameExistsException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import client_auth, messages, usernames
from pytest_cognito_fake.flows.attempts import Attempts
from pytest_cognito_fake.flows.attributes import VERIFIABLE, Schema
from pytest_cognito_fake.flows.messages import Delivery, IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy, violation

#: A sign-up code is valid for 24 hours [AWS-DOC limits.md].
CODE_VALIDITY = 24 * 3600.0
#: ConfirmSignUp calls per user and hour [AWS-DOC limits.md].
CONFIRM_LIMIT = 15
#: ResendConfirmationCode calls per user and hour [AWS-DOC limits.md].
RESEND_LIMIT = 5
#: Where a user's confirmation state lives in ``User.codes``.
CONFIRMATION = "sign_up"
#: The attributes a sign-up code can go to, in the order Cognito prefers them.
CODE_ATTRIBUTES = ("phone_number", "email")
#: First factors that let a user sign up without a password.
PASSWORDLESS_FACTORS = frozenset({"EMAIL_OTP", "SMS_OTP"})


#: A pool with no custom attributes; built once (records are frozen, so it is safe to share).
STANDARD = Schema.from_pool(STANDARD_SCHEMA)


# -- records ------------------------------------------------------------------------------------


@attrs.frozen
class SignUpPool:
    """What the sign-up family reads of a pool."""

    username_attributes: tuple[str, ...] = ()
    alias_attributes: tuple[str, ...] = ()
    auto_verified: tuple[str, ...] = ()
    schema: Schema = STANDARD
    policy: PasswordPolicy = attrs.field(factory=PasswordPolicy)
    #: ``AdminCreateUserConfig.AllowAdminCreateUserOnly``.
    admin_create_user_only: bool = False
    #: The ``SignInPolicy`` allows a one-time-password first factor.
    passwordless: bool = False


@attrs.frozen
class SignUpClient:
    client_id: str
    secret: str | None = None
    prevent_user_existence_errors: bool = False
    #: ``WriteAttributes``; None when the client does not restrict writes.
    write_attributes: frozenset[str] | None = None


@attrs.frozen
class Confirmation:
    """A user's sign-up confirmation state, as stored in ``User.codes[CONFIRMATION]``.

    ``code`` is the outstanding code (its ``value`` the address it went to), ``attribute`` the
    attribute that address belongs to; ``checks`` counts ConfirmSignUp calls, ``sends``
    ResendConfirmationCode calls.
    """

    code: IssuedCode | None = None
    attribute: str | None = None
    checks: Attempts = attrs.field(factory=Attempts)
    sends: Attempts = attrs.field(factory=Attempts)


@attrs.frozen
class SignUpUser:
    """A stored user as ConfirmSignUp and ResendConfirmationCode see it."""

    username: str
    status: str = UserStatus.UNCONFIRMED
    enabled: bool = True
    attributes: Mapping[str, str] = attrs.field(factory=dict)
    confirmation: Confirmation = attrs.field(factory=Confirmation)


@attrs.frozen
class SignUpRequest:
    username: str
    password: str | None = None
    #: ``UserAttributes`` as ``(Name, Value)`` pairs, in request order.
    attributes: tuple[tuple[str, str | None], ...] = ()
    secret_hash: str | None = None


@attrs.frozen
class ConfirmSignUpRequest:
    username: str
    confirmation_code: str
    secret_hash: str | None = None
    force_alias_creation: bool = False


@attrs.frozen
class ResendConfirmationCodeRequest:
    username: str
    secret_hash: str | None = None


@attrs.frozen
class NewUser:
    """The user SignUp is about to create. ``username`` is the stored one (the ``sub`` in a pool
    with ``UsernameAttributes``); ``sign_in_attribute`` names the attribute the typed username
    became there. ``password`` is None for a passwordless user."""

    username: str
    sub: str
    attributes: Mapping[str, str]
    password: str | None
    sign_in_attribute: str | None = None


@attrs.frozen
class SignUpOutcome:
    """``new_user`` on success, else ``error``."""

    new_user: NewUser | None = None
    error: CognitoError | None = None


@attrs.frozen
class Admission:
    """What the PreSignUp reply made of a new user: its status and attributes, or the error."""

    status: str = UserStatus.UNCONFIRMED
    attributes: Mapping[str, str] = attrs.field(factory=dict)
    error: CognitoError | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == UserStatus.CONFIRMED


@attrs.frozen
class ConfirmOutcome:
    """``user``: the record to store (None: store nothing). ``error``: the answer instead of
    success. ``moved_alias``: the alias attribute to take from the user who holds it now."""

    user: SignUpUser | None = None
    error: CognitoError | None = None
    moved_alias: str | None = None


@attrs.frozen
class ResendOutcome:
    """``user`` to store; ``error``; ``delivery`` of the new code (None: nothing is sent);
    ``details``: the ``CodeDeliveryDetails`` to answer with, real or simulated."""

    user: SignUpUser | None = None
    error: CognitoError | None = None
    delivery: Delivery | None = None
    details: Mapping[str, str] | None = None


# -- shared steps -------------------------------------------------------------------------------


def _secret(client_id: str, secret: str | None, username: str,
            given: str | None) -> CognitoError | None:
    try:
        client_auth.check_secret_hash(client_id, secret, username, given)
    except NotAuthorizedException as error:
        return error
    return None


def code_delivery(auto_verified: Collection[str], attributes: Mapping[str, str]) -> Delivery | None:
    """Where a sign-up code goes: the first auto-verified attribute the user has, phone first."""
    for attribute in CODE_ATTRIBUTES:
        value = attributes.get(attribute)
        if attribute in auto_verified and value:
            return messages.verification_delivery(attribute, value)
    return None


def issue_code(confirmation: Confirmation, delivery: Delivery, code: str,
               now: float) -> Confirmation:
    """``confirmation`` with ``code`` outstanding (sent through ``delivery`` at ``now``); any
    earlier code is forgotten."""
    return attrs.evolve(confirmation, code=IssuedCode(code, now, value=delivery.to),
                        attribute=delivery.attribute)


def simulated_delivery(username: str, auto_verified: Collection[str]) -> Delivery:
    """The simulated delivery for sign-up codes: the pool's auto-verified attributes, phone
    first as at sign-up (``messages.simulated_delivery``)."""
    channels = [a for a in ("phone_number", "email") if a in auto_verified]
    return messages.simulated_delivery(username, channels)


# -- SignUp -------------------------------------------------------------------------------------


def sign_up(pool: SignUpPool, client: SignUpClient, request: SignUpRequest, *,
            sub: str) -> SignUpOutcome:
    """The checks of SignUp that need only the request (steps 2-6 of the order in
    ``operations/signup.py``). ``sub`` is the id the operation drew for the new user."""
    error = _secret(client.client_id, client.secret, request.username, request.secret_hash)
    if error is not None:
        return SignUpOutcome(error=error)
    if pool.admin_create_user_only:
        return SignUpOutcome(error=NotAuthorizedException.sign_up_not_permitted())
    try:
        sign_in = None
        if pool.username_attributes:
            sign_in = usernames.sign_in_attribute(request.username, pool.username_attributes)
        else:
            usernames.check_not_alias_format(request.username, pool.alias_attributes)
        given = list(request.attributes)
        if sign_in is not None:
            # The typed username becomes that attribute, as in AdminCreateUser.
            given.append((sign_in, request.username))
        attributes = attribute_rules.for_create(pool.schema, given, enforce_required=True,
                                                developer_access=False)
    except CognitoError as failure:
        return SignUpOutcome(error=failure)
    writable = client.write_attributes
    if writable is not None and any(name not in writable for name, _ in request.attributes):
        return SignUpOutcome(error=NotAuthorizedException.unauthorized_attribute())
    password = request.password or None
    if password is not None or not pool.passwordless:
        rule = violation(pool.policy, password or "")
        if rule is not None:
            return SignUpOutcome(error=InvalidPasswordException.did_not_conform(rule))
    username = sub if sign_in is not None else request.username
    return SignUpOutcome(NewUser(username, sub, attributes, password, sign_in))


def name_clash(pool: SignUpPool, new_user: NewUser, *, username_taken: bool,
               taken: Collection[str]) -> CognitoError | None:
    """The error for a name another user has, or None.

    ``username_taken``: a user with that username exists. ``taken``: the attributes of
    ``new_user`` whose value another user already signs in with (username attributes whatever
    their verification, ``preferred_username`` always; unverified aliases never count).
    """
    if username_taken:
        return UsernameExistsException.sign_up()
    for attribute in taken:
        if attribute in pool.username_attributes:
            if attribute == "email":
                return UsernameExistsException.email_taken()
            return UsernameExistsException.phone_taken()
        # Only preferred_username can clash before verification; AdminCreateUser's error [INF].
        return AliasExistsException.for_attribute(attribute)
    return None


def _flag(reply: Mapping[str, Any], name: str) -> bool:
    value = reply.get(name)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def admit(new_user: NewUser, reply: Mapping[str, Any] | None) -> Admission:
    """Apply the PreSignUp reply (None: no trigger) to the user about to be created."""
    attributes = dict(new_user.attributes)
    if reply is None:
        return Admission(UserStatus.UNCONFIRMED, attributes)
    for flag, attribute in (("autoVerifyEmail", "email"), ("autoVerifyPhone", "phone_number")):
        if not _flag(reply, flag):
            continue
        if not attributes.get(attribute):
            error = (InvalidParameterException.email_required_to_verify()
                     if attribute == "email"
                     else InvalidParameterException.phone_required_to_verify())
            return Admission(error=error)
        attributes[VERIFIABLE[attribute]] = "true"
    status = UserStatus.CONFIRMED if _flag(reply, "autoConfirmUser") else UserStatus.UNCONFIRMED
    return Admission(status, attributes)


# -- ConfirmSignUp ------------------------------------------------------------------------------


def confirm_sign_up(
    pool: SignUpPool,
    client: SignUpClient,
    user: SignUpUser | None,
    request: ConfirmSignUpRequest,
    *,
    now: float,
    taken_aliases: Collection[str] = (),
) -> ConfirmOutcome:
    """Decide a ConfirmSignUp request. ``taken_aliases``: the alias attributes (``email``,
    ``phone_number``) whose current value of this user another user signs in with."""
    error = _secret(client.client_id, client.secret, request.username, request.secret_hash)
    if error is not None:
        return ConfirmOutcome(error=error)
    if user is None:
        return ConfirmOutcome(error=CodeMismatchException() if client.prevent_user_existence_errors
                              else UserNotFoundException.username_client_combination())
    if not user.enabled:
        return ConfirmOutcome(error=NotAuthorizedException.user_is_disabled())
    confirmation = user.confirmation
    if confirmation.checks.spent(now, CONFIRM_LIMIT):
        return ConfirmOutcome(error=LimitExceededException())
    counted = attrs.evolve(user, confirmation=attrs.evolve(
        confirmation, checks=confirmation.checks.record(now)))
    if user.status != UserStatus.UNCONFIRMED:
        return ConfirmOutcome(counted, NotAuthorizedException.cannot_confirm(user.status))
    code = confirmation.code
    if code is None or now - code.issued_at >= CODE_VALIDITY:
        return ConfirmOutcome(counted, ExpiredCodeException())
    if request.confirmation_code != code.code:
        return ConfirmOutcome(counted, CodeMismatchException())
    attributes = dict(user.attributes)
    verified = confirmation.attribute
    moved = None
    if verified is not None and code.value is not None and attributes.get(verified) == code.value:
        if verified in pool.alias_attributes and verified in taken_aliases:
            if not request.force_alias_creation:
                return ConfirmOutcome(counted, AliasExistsException.alias_taken(verified))
            moved = verified
        attributes[VERIFIABLE[verified]] = "true"
    done = SignUpUser(user.username, UserStatus.CONFIRMED, user.enabled, attributes,
                      Confirmation())
    return ConfirmOutcome(done, moved_alias=moved)


# -- ResendConfirmationCode ---------------------------------------------------------------------


def resend_confirmation_code(
    pool: SignUpPool,
    client: SignUpClient,
    user: SignUpUser | None,
    request: ResendConfirmationCodeRequest,
    *,
    now: float,
    new_code: str,
) -> ResendOutcome:
    """Decide a ResendConfirmationCode request; ``new_code`` is the code the operation drew."""
    error = _secret(client.client_id, client.secret, request.username, request.secret_hash)
    if error is not None:
        return ResendOutcome(error=error)
    if not pool.auto_verified:
        return ResendOutcome(error=InvalidParameterException.auto_verification_not_turned_on())
    if user is None or not user.enabled:
        if client.prevent_user_existence_errors:
            simulated = simulated_delivery(request.username, pool.auto_verified)
            return ResendOutcome(details=simulated.details())
        return ResendOutcome(error=UserNotFoundException.username_client_combination()
                             if user is None else NotAuthorizedException.user_is_disabled())
    if user.status != UserStatus.UNCONFIRMED:
        return ResendOutcome(error=InvalidParameterException.user_already_confirmed())
    confirmation = user.confirmation
    if confirmation.sends.spent(now, RESEND_LIMIT):
        return ResendOutcome(error=LimitExceededException())
    delivery = code_delivery(pool.auto_verified, user.attributes)
    if delivery is None:
        return ResendOutcome(error=InvalidParameterException.auto_verification_not_turned_on())
    sent = issue_code(attrs.evolve(confirmation, sends=confirmation.sends.record(now)),
                      delivery, new_code, now)
    return ResendOutcome(attrs.evolve(user, confirmation=sent), delivery=delivery,
                         details=delivery.details())


def given_attributes(items: Sequence[Mapping[str, Any]] | None) -> tuple[tuple[str, str | None],
                                                                          ...]:
    """``AttributeListType`` as ``(Name, Value)`` pairs (a missing ``Value`` stays None)."""
    return tuple((str(item["Name"]), item.get("Value")) for item in items or ())
