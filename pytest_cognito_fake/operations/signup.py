"""Sign-up: SignUp, ConfirmSignUp and ResendConfirmationCode.

The decisions are :mod:`pytest_cognito_fake.flows.signup`'s (its docstring gives the evidence
for each choice); this module looks the client, pool and users up through the indexes, calls the
pure core, stores what it returns (attempts count even when the call fails), sends codes through
the CustomMessage trigger and fires PreSignUp and PostConfirmation.

Order of checks (shape validation of the request comes first, for every operation; each step
answers or passes on; [INF] where the reference has no evidence of the order):

**SignUp**

1. App client: ``ResourceNotFoundException`` ``User pool client <id> does not exist.``
2. Secret hash: missing, then wrong (``NotAuthorizedException``).
3. ``AllowAdminCreateUserOnly``: ``NotAuthorizedException`` ``SignUp is not permitted for this
   user pool``.
4. Username format: ``Username should be an email.`` and friends (UsernameAttributes), or an
   alias-shaped username (AliasAttributes), ``InvalidParameterException``.
5. Attributes: the schema (unknown names, types, bounds, then missing required ones), developer-
   only attributes, email/phone formats, the client's ``WriteAttributes``.
6. Password policy: ``InvalidPasswordException`` ``Password did not conform with policy: ...``.
7. Names taken: ``UsernameExistsException`` ``User already exists``; in a pool whose username
   is the email (phone), ``An account with the given email (phone_number) already exists.``;
   a taken ``preferred_username``: ``AliasExistsException``.
8. PreSignUp (``PreSignUp_SignUp``): the submitted attributes, ``validationData`` (null if none),
   ``clientMetadata`` (only if given); ``userName`` is the future username. A failure answers
   its Lambda error and nobody is created. The reply's flags are applied (a verify flag without
   its attribute: ``InvalidParameterException``).
9. The user is created, ``UNCONFIRMED`` or (auto-confirmed) ``CONFIRMED``; an email/phone the
   reply verified and another user holds as an alias moves to the new user [AWS-DOC].
10. Not confirmed and an auto-verified attribute supplied: a code (valid 24 hours) goes out
    through ``CustomMessage_SignUp``. A CustomMessage failure answers its error; the user stays.
11. Auto-confirmed: ``PostConfirmation_ConfirmSignUp`` with ``ClientMetadata``; a failure
    answers its error and the user stays confirmed.

**ConfirmSignUp**

1. App client. 2. Secret hash.
3. User (username, ``sub`` or alias): unknown gives ``UserNotFoundException`` ``Username/client id
   combination not found.`` (LEGACY) or ``CodeMismatchException`` (ENABLED); disabled gives
   ``NotAuthorizedException`` ``User is disabled.``.
4. Budget: the 16th call within an hour gives ``LimitExceededException``; every call from here on
   counts.
5. Status not ``UNCONFIRMED``: ``NotAuthorizedException`` ``User cannot be confirmed. Current
   status is <status>``.
6. Code: none outstanding or older than 24 hours, ``ExpiredCodeException``; a different one
   (including a code a resend replaced), ``CodeMismatchException``.
7. Alias: the verified email/phone is another user's alias, ``AliasExistsException`` unless
   ``ForceAliasCreation``.
8. Success: ``CONFIRMED``, the attribute the code went to verified, the alias created (moved),
   the code consumed, the counters reset; then ``PostConfirmation_ConfirmSignUp`` with
   ``ClientMetadata`` (a failure answers its error, the user stays confirmed).

**Signing in right after sign-up** (the ``USER_AUTH`` flow; InitiateAuth in :mod:`.user_auth`)

- SignUp answers a ``Session`` when the client allows ``ALLOW_USER_AUTH`` [REAL
  aws/aws-sdk-js-v3#6724: "I have enabled USER_AUTH for the Cognito App Client and it worked"],
  confirmed at sign-up or not [INF]. It lives the client's ``AuthSessionValidity`` (3 minutes
  unless set), as challenge sessions do [INF: AWS-DOC says "the authentication flow session
  duration"].
- ConfirmSignUp with that ``Session`` checks it right after the app client, with the texts of a
  challenge answer: unknown, another client's or not SignUp's ``Invalid session for the user.``,
  spent ``... session can only be used once.``, late ``... session is expired.``; then, once
  the user is found, that it is this user's (``Invalid session for the user.``) [INF: order and
  texts]. On success the Session is spent and the answer carries a new one (``{}`` without a
  Session, as before) [AWS-DOC API_ConfirmSignUp].
- InitiateAuth / AdminInitiateAuth ``USER_AUTH`` with ``USERNAME`` and ConfirmSignUp's
  ``Session`` (or SignUp's, for a user confirmed at sign-up, as Amplify's ``autoSignIn`` sends
  it [INF]) signs the user in: the confirmation code stood for the first factor [AWS-DOC
  API_InitiateAuth], so no MFA follows, as after any one-time-password first factor [INF].
  Usable once [AWS-DOC: "signing in for the first time"].

**ResendConfirmationCode**

1. App client. 2. Secret hash.
3. Pool without ``AutoVerifiedAttributes``: ``InvalidParameterException`` ``Cannot resend codes.
   Auto verification not turned on``.
4. User: unknown gives ``UserNotFoundException`` (LEGACY), disabled ``NotAuthorizedException``
   ``User is disabled.`` (LEGACY); under ENABLED both get a simulated ``CodeDeliveryDetails``.
5. Status not ``UNCONFIRMED``: ``InvalidParameterException`` ``User is already confirmed.``
6. Budget: a 6th code within an hour gives ``LimitExceededException``.
7. No auto-verified attribute on the user: the step-3 error.
8. Success: a new code replaces the old one, goes out through ``CustomMessage_ResendCode``, and
   the masked destination is the answer.
"""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake._state import AppClient, User, UserPool, UserStatus
from pytest_cognito_fake.errors import NotAuthorizedException
from pytest_cognito_fake.flows import client_auth, messages, sign_in, signup
from pytest_cognito_fake.flows.signup import Confirmation
from pytest_cognito_fake.operations import _auth, _messaging, _triggers
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import (
    add_user,
    password_policy_of,
    schema_of,
    taken_sign_in_values,
    touch,
)

#: Session data: SignUp's Session of a user confirmed at sign-up (by PreSignUp), which signs
#: in without a ConfirmSignUp.
CONFIRMED_AT_SIGN_UP = "confirmed_at_sign_up"


def sign_up_pool(pool: UserPool) -> signup.SignUpPool:
    factors = pool.settings.get("Policies", {}).get("SignInPolicy", {}).get(
        "AllowedFirstAuthFactors") or ()
    return signup.SignUpPool(
        username_attributes=tuple(pool.username_attributes),
        alias_attributes=tuple(pool.alias_attributes),
        auto_verified=tuple(pool.settings.get("AutoVerifiedAttributes") or ()),
        schema=schema_of(pool),
        policy=password_policy_of(pool),
        admin_create_user_only=bool(pool.settings.get("AdminCreateUserConfig", {}).get(
            "AllowAdminCreateUserOnly")),
        passwordless=any(factor in signup.PASSWORDLESS_FACTORS for factor in factors),
    )


def code_pool(pool: UserPool) -> signup.SignUpPool:
    """The part of the rules ConfirmSignUp and ResendConfirmationCode read (no schema or policy
    to build on every call)."""
    return signup.SignUpPool(
        alias_attributes=tuple(pool.alias_attributes),
        auto_verified=tuple(pool.settings.get("AutoVerifiedAttributes") or ()),
    )


def sign_up_client(client: AppClient) -> signup.SignUpClient:
    write = client.settings.get("WriteAttributes")
    return signup.SignUpClient(
        client_id=client.client_id,
        secret=client.secret,
        prevent_user_existence_errors=client_auth.prevents_user_existence_errors(
            client.settings.get("PreventUserExistenceErrors")),
        write_attributes=None if write is None else frozenset(write),
    )


def confirmation_of(user: User) -> Confirmation:
    stored = user.codes.get(signup.CONFIRMATION)
    return stored if isinstance(stored, Confirmation) else Confirmation()


def sign_up_user(user: User) -> signup.SignUpUser:
    return signup.SignUpUser(user.username, user.status, user.enabled, dict(user.attributes),
                             confirmation_of(user))


def _store(ctx: Context, pool: UserPool, user: User, view: signup.SignUpUser) -> None:
    """Write back what the pure core changed."""
    user.codes[signup.CONFIRMATION] = view.confirmation
    if view.status != user.status or view.attributes != user.attributes:
        user.status = view.status
        if view.attributes != user.attributes:
            user.attributes = dict(view.attributes)
            pool.reindex(user)
        touch(ctx, pool, user)


def _move_alias(ctx: Context, pool: UserPool, attribute: str, value: str,
                to: User | None) -> None:
    """Take the alias ``attribute`` = ``value`` from the user who holds it: its ``*_verified``
    becomes ``"false"``, so it no longer signs in with it."""
    other = pool.by_alias.get((attribute, pool.alias_key(value)))
    if other is None or other is to:
        return
    other.attributes[f"{attribute}_verified"] = "false"
    pool.reindex(other)
    touch(ctx, pool, other)


def _send_code(ctx: Context, pool: UserPool, user: User, delivery: messages.Delivery, code: str,
               *, trigger_source: str, client_id: str,
               client_metadata: dict[str, str] | None) -> None:
    template = _messaging.code_template(pool, delivery.medium, built_in="verification")
    _messaging.deliver(ctx, pool, user, trigger_source=trigger_source, delivery=delivery,
                       template=template, code=code, client_id=client_id,
                       client_metadata=client_metadata)


def _pre_sign_up(ctx: Context, pool: UserPool, client: AppClient, new_user: signup.NewUser,
                 params: dict[str, Any]) -> dict[str, Any] | None:
    """PreSignUp_SignUp (triggers.md §2.1): the submitted attributes only (the typed username
    included where it became the email/phone), ``validationData`` null when none,
    ``clientMetadata`` only when given."""
    validation = params.get("ValidationData")
    request: dict[str, Any] = {
        "userAttributes": dict(new_user.attributes),
        "validationData": ({item["Name"]: item.get("Value") for item in validation}
                           if validation else None),
    }
    if params.get("ClientMetadata"):
        request["clientMetadata"] = dict(params["ClientMetadata"])
    return _triggers.invoke(
        ctx, pool, "PreSignUp", "PreSignUp_SignUp", user_name=new_user.username,
        client_id=client.client_id, request=request,
        response={"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False})


@operation("SignUp")
def sign_up(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client, pool = ctx.client_and_pool(params["ClientId"])
    rules = sign_up_pool(pool)
    request = signup.SignUpRequest(
        params["Username"], params.get("Password"),
        signup.given_attributes(params.get("UserAttributes")), params.get("SecretHash"))
    outcome = signup.sign_up(rules, sign_up_client(client), request, sub=ctx.backend.ids.uuid4())
    if outcome.error is not None:
        raise outcome.error
    new_user = outcome.new_user
    assert new_user is not None  # no error means a user to create
    clash = signup.name_clash(
        rules, new_user,
        username_taken=new_user.sign_in_attribute is None
        and pool.key(new_user.username) in pool.users,
        taken=[attr for _, attr in taken_sign_in_values(pool, None, new_user.attributes)])
    if clash is not None:
        raise clash
    admission = signup.admit(new_user, _pre_sign_up(ctx, pool, client, new_user, params))
    if admission.error is not None:
        raise admission.error

    for attribute in ("email", "phone_number"):
        value = admission.attributes.get(attribute)
        if (value and attribute in pool.alias_attributes
                and admission.attributes.get(f"{attribute}_verified") == "true"):
            _move_alias(ctx, pool, attribute, value, to=None)
    user = add_user(ctx, pool, new_user.username, dict(admission.attributes),
                    status=admission.status, password=new_user.password, sub=new_user.sub)
    response: dict[str, Any] = {"UserConfirmed": admission.confirmed, "UserSub": new_user.sub}
    delivery = None if admission.confirmed else signup.code_delivery(rules.auto_verified,
                                                                     admission.attributes)
    if delivery is not None:
        code = ctx.backend.ids.code()
        user.codes[signup.CONFIRMATION] = signup.issue_code(Confirmation(), delivery, code,
                                                            ctx.now)
        response["CodeDeliveryDetails"] = delivery.details()
        _send_code(ctx, pool, user, delivery, code, trigger_source="CustomMessage_SignUp",
                   client_id=client.client_id, client_metadata=params.get("ClientMetadata"))
    if admission.confirmed:
        _messaging.post_confirmation(ctx, pool, user, "PostConfirmation_ConfirmSignUp",
                                     client_id=client.client_id,
                                     client_metadata=params.get("ClientMetadata"))
    if sign_in.flow_allowed("USER_AUTH", client.settings.get("ExplicitAuthFlows")):
        response["Session"] = _auth.new_session(
            ctx, pool, client, user, _auth.SIGN_UP_SESSION,
            {CONFIRMED_AT_SIGN_UP: True} if admission.confirmed else None)
    return response


def _taken_aliases(pool: UserPool, user: User) -> list[str]:
    """The alias attributes whose value on ``user`` another user signs in with."""
    taken: list[str] = []
    for attribute in ("email", "phone_number"):
        value = user.attributes.get(attribute)
        if value and attribute in pool.alias_attributes:
            other = pool.by_alias.get((attribute, pool.alias_key(value)))
            if other is not None and other is not user:
                taken.append(attribute)
    return taken


@operation("ConfirmSignUp")
def confirm_sign_up(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client, pool = ctx.client_and_pool(params["ClientId"])
    session = None if params.get("Session") is None else _auth.open_session(
        ctx, params["Session"], client, issued_by=(_auth.SIGN_UP_SESSION,))
    user = pool.find_user(params["Username"])
    if session is not None and (user is None or user.username != session.username):
        raise NotAuthorizedException.invalid_session()
    outcome = signup.confirm_sign_up(
        code_pool(pool), sign_up_client(client), sign_up_user(user) if user else None,
        signup.ConfirmSignUpRequest(params["Username"], params["ConfirmationCode"],
                                    params.get("SecretHash"),
                                    bool(params.get("ForceAliasCreation"))),
        now=ctx.now, taken_aliases=_taken_aliases(pool, user) if user else ())
    if user is not None and outcome.user is not None:
        if outcome.moved_alias is not None:
            _move_alias(ctx, pool, outcome.moved_alias, user.attributes[outcome.moved_alias],
                        to=user)
        _store(ctx, pool, user, outcome.user)
    if outcome.error is not None:
        raise outcome.error
    assert user is not None and user.status == UserStatus.CONFIRMED
    if session is not None:
        _auth.close_session(session)
    _messaging.post_confirmation(ctx, pool, user, "PostConfirmation_ConfirmSignUp",
                                 client_id=client.client_id,
                                 client_metadata=params.get("ClientMetadata"))
    if session is None:
        return {}
    return {"Session": _auth.new_session(ctx, pool, client, user,
                                         _auth.CONFIRM_SIGN_UP_SESSION)}


@operation("ResendConfirmationCode")
def resend_confirmation_code(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client, pool = ctx.client_and_pool(params["ClientId"])
    user = pool.find_user(params["Username"])
    outcome = signup.resend_confirmation_code(
        code_pool(pool), sign_up_client(client), sign_up_user(user) if user else None,
        signup.ResendConfirmationCodeRequest(params["Username"], params.get("SecretHash")),
        now=ctx.now, new_code=ctx.backend.ids.code())
    if user is not None and outcome.user is not None:
        _store(ctx, pool, user, outcome.user)
    if outcome.error is not None:
        raise outcome.error
    confirmation = outcome.user.confirmation if outcome.user is not None else None
    if (user is not None and outcome.delivery is not None and confirmation is not None
            and confirmation.code is not None):
        _send_code(ctx, pool, user, outcome.delivery, confirmation.code.code,
                   trigger_source="CustomMessage_ResendCode", client_id=client.client_id,
                   client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetails": dict(outcome.details or {})}
