"""Users: the Admin* user operations.

``add_user`` is the one way a user record comes to exist (AdminCreateUser, SignUp, seeding): it
makes the record and indexes it, with no checks; callers check first.

The decisions (schema checks, password policy, usernames, message texts and destinations) are
pure functions in ``flows/``; this module looks state up, asks them, draws the random values
they need from the fake's seeded generator, and commits. Lookups go through the pool's indexes
(``find_user``: username, ``sub``, alias), never a scan.

Order of checks in AdminCreateUser [INF; Cognito's order is not published]: pool, username
rules (UsernameAttributes format / alias format), attributes against the schema, username taken,
sign-in attribute and alias uniqueness, password policy, delivery mediums. Nothing is stored or
sent unless every check passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import User, UserPool, UserStatus
from pytest_cognito_fake.errors import (
    AliasExistsException,
    InvalidParameterException,
    InvalidPasswordException,
    NotAuthorizedException,
    PasswordHistoryPolicyViolationException,
    UnsupportedUserStateException,
    UsernameExistsException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import messages, passwords, usernames
from pytest_cognito_fake.flows.attributes import Schema
from pytest_cognito_fake.flows.messages import Delivery, IssuedCode
from pytest_cognito_fake.flows.passwords import PasswordPolicy
from pytest_cognito_fake.operations import _auth, _messaging, _triggers
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation

#: AdminGetUser members that appear only once an MFA setting exists (defaults.md §5.1); the
#: MFA operations store them in ``User.mfa`` under these names.
_MFA_MEMBERS = ("MFAOptions", "PreferredMfaSetting", "UserMFASettingList")


def add_user(
    ctx: Context,
    pool: UserPool,
    username: str,
    attributes: dict[str, str],
    *,
    status: str,
    enabled: bool = True,
    password: str | None = None,
    sub: str | None = None,
) -> User:
    """Create, store and index a user. ``attributes`` must not hold ``sub``: it is drawn here
    (or given, for seeds that pin it) and put first, as Cognito lists it (defaults.md §5.1)."""
    sub = sub or ctx.backend.ids.uuid4()
    now = ctx.timestamp()
    user = User(
        username=username,
        sub=sub,
        attributes={"sub": sub, **attributes},
        enabled=enabled,
        status=status,
        created=now,
        modified=now,
        password=password,
        password_set_at=now if password is not None else None,
    )
    pool.add_user(user)
    return user


def attribute_list(user: User, names: set[str] | None = None) -> list[dict[str, str]]:
    """``AttributeListType``: ``[{"Name", "Value"}]`` in stored order, optionally restricted."""
    return [{"Name": k, "Value": v} for k, v in user.attributes.items()
            if names is None or k in names]


def render_user_type(user: User, names: set[str] | None = None) -> dict[str, Any]:
    """``UserType`` as AdminCreateUser, ListUsers and ListUsersInGroup return it; ``MFAOptions``
    only when legacy SMS MFA options exist (defaults.md §5.1) [REAL]."""
    out: dict[str, Any] = {
        "Username": user.username,
        "Attributes": attribute_list(user, names),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }
    if user.mfa.get("MFAOptions"):
        out["MFAOptions"] = _defaults.fresh(user.mfa["MFAOptions"])
    return out


def render_get_user(user: User) -> dict[str, Any]:
    """AdminGetUser's body: ``UserAttributes`` (not ``Attributes``), MFA members only when set."""
    out: dict[str, Any] = {
        "Username": user.username,
        "UserAttributes": attribute_list(user),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }
    out.update(mfa_members(user))
    return out


def mfa_members(user: User) -> dict[str, Any]:
    """The MFA members of AdminGetUser and GetUser, only those that are set (defaults.md §5.1:
    "AWS returns no values" once MFA is off)."""
    return {member: _defaults.fresh(user.mfa[member]) for member in _MFA_MEMBERS
            if user.mfa.get(member)}


# -- helpers shared by the operations ---------------------------------------------------------


def find_user(pool: UserPool, username: str) -> User:
    """The user a ``Username`` parameter names (username, sub or alias), or the Admin* error."""
    user = pool.find_user(username)
    if user is None:
        raise UserNotFoundException.user_does_not_exist()
    return user


def touch(ctx: Context, pool: UserPool, user: User) -> None:
    """Record a change: ``UserLastModifiedDate`` moves and derived indexes know to rebuild."""
    user.modified = ctx.timestamp()
    pool.changed(user)


def schema_of(pool: UserPool) -> Schema:
    return Schema.from_pool(pool.schema)


def password_policy_of(pool: UserPool) -> PasswordPolicy:
    return PasswordPolicy.from_settings(pool.password_policy)


def history_size_of(pool: UserPool) -> int:
    """The pool's ``PasswordHistorySize``; 0 (no history kept) when unset."""
    return int(pool.password_policy.get("PasswordHistorySize") or 0)


def check_new_password(pool: UserPool, user: User, password: str, *,
                       current: str | None) -> None:
    """The pool's policy, one rule at a time, then its password history (``current`` counts
    as the newest earlier password; None when it does not count)."""
    rule = passwords.violation(password_policy_of(pool), password)
    if rule is not None:
        raise InvalidPasswordException.does_not_conform(rule)
    if passwords.reused(password, current, user.password_history, history_size_of(pool)):
        raise PasswordHistoryPolicyViolationException()


def set_password(ctx: Context, pool: UserPool, user: User, password: str) -> None:
    """Store a new password checked by :func:`check_new_password`; the old one joins the
    history (as far as the pool keeps one)."""
    user.password_history = list(passwords.pushed_history(
        user.password, user.password_history, history_size_of(pool)))
    user.password = password
    user.password_set_at = ctx.timestamp()


def draw_temporary_password(ctx: Context, policy: PasswordPolicy) -> str:
    """A generated temporary password, from the fake's seeded generator."""
    rng = ctx.backend.ids.rng
    draws = [rng.getrandbits(32) for _ in range(passwords.temporary_password_draws(policy))]
    return passwords.temporary_password(policy, draws)


def given_attributes(params: Mapping[str, Any], member: str) -> list[tuple[str, str | None]]:
    return [(a["Name"], a.get("Value")) for a in params.get(member) or []]


def taken_sign_in_values(pool: UserPool, user: User | None,
           attributes: Mapping[str, str]) -> list[tuple[User, str]]:
    """Other users already signing in with a value these attributes would make a sign-in key:
    username attributes whatever their verification, alias attributes once verified
    (preferred_username always) — the entries ``UserPool.reindex`` would write."""
    clashes: list[tuple[User, str]] = []
    for attr in (*pool.username_attributes, *pool.alias_attributes):
        value = attributes.get(attr)
        if not value:
            continue
        if (attr in pool.alias_attributes and attr != "preferred_username"
                and attributes.get(f"{attr}_verified") != "true"):
            continue
        other = pool.by_alias.get((attr, pool.alias_key(value)))
        if other is not None and other is not user:
            clashes.append((other, attr))
    return clashes


def _send_invitation(ctx: Context, pool: UserPool, user: User, deliveries: list[Delivery],
                     password: str, shown_username: str,
                     client_metadata: dict[str, str] | None) -> None:
    template = pool.settings.get("AdminCreateUserConfig", {}).get("InviteMessageTemplate")
    for delivery in deliveries:
        _messaging.deliver(
            ctx, pool, user, trigger_source="CustomMessage_AdminCreateUser", delivery=delivery,
            template=messages.invitation_template(template, delivery.medium), code=password,
            shown_username=shown_username, client_metadata=client_metadata)


def _pre_sign_up(ctx: Context, pool: UserPool, username: str, attributes: dict[str, str],
                 params: dict[str, Any]) -> None:
    """PreSignUp_AdminCreateUser: only the submitted attributes, ``validationData`` null when
    none; the reply's flags are ignored for this source (triggers.md §2.1) [AWS-DOC]."""
    validation = params.get("ValidationData")
    request: dict[str, Any] = {
        "userAttributes": dict(attributes),
        "validationData": ({a["Name"]: a.get("Value") for a in validation}
                           if validation else None),
    }
    if params.get("ClientMetadata"):
        request["clientMetadata"] = dict(params["ClientMetadata"])
    _triggers.invoke(ctx, pool, "PreSignUp", "PreSignUp_AdminCreateUser", user_name=username,
                     client_id=None, request=request,
                     response={"autoConfirmUser": False, "autoVerifyEmail": False,
                               "autoVerifyPhone": False})


def _temporary_password(ctx: Context, pool: UserPool, given: str | None) -> str:
    policy = password_policy_of(pool)
    if not given:
        return draw_temporary_password(ctx, policy)
    rule = passwords.violation(policy, given)
    if rule is not None:
        raise InvalidPasswordException.did_not_conform_password_policy(rule)
    return given


# -- operations ---------------------------------------------------------------------------------


@operation("AdminCreateUser")
def admin_create_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """A new user in FORCE_CHANGE_PASSWORD with a temporary password and an invitation.

    ``MessageAction=RESEND`` re-invites an existing FORCE_CHANGE_PASSWORD user with a new
    temporary password (reviving an expired one); ``SUPPRESS`` sends nothing. ``ForceAliasCreation``
    moves a verified email/phone alias from its current holder, whose ``*_verified`` becomes
    ``false`` so it no longer signs in with it [AWS-DOC; the flag change is INF]; a taken
    preferred_username cannot be moved [INF]. ``AliasExistsException`` is not among this
    operation's modelled errors, but the model's own ForceAliasCreation text says it is raised;
    botocore still surfaces it as a ``ClientError`` with that code.
    """
    pool = ctx.pool(params["UserPoolId"])
    if params.get("MessageAction") == "RESEND":
        return _resend_invitation(ctx, pool, params)
    username = params["Username"]
    sign_in = None
    if pool.username_attributes:
        sign_in = usernames.sign_in_attribute(username, pool.username_attributes)
    else:
        usernames.check_not_alias_format(username, pool.alias_attributes)
    given = given_attributes(params, "UserAttributes")
    if sign_in is not None:
        # The Username becomes the attribute: in its place if also listed (a name given twice
        # keeps its first place and last value), else last [INF].
        given.append((sign_in, username))
    attributes = attribute_rules.for_create(schema_of(pool), given)
    if sign_in is None and pool.key(username) in pool.users:
        raise UsernameExistsException.admin_create_user()
    moves: list[tuple[User, str]] = []
    for other, attr in taken_sign_in_values(pool, None, attributes):
        if attr in pool.username_attributes:
            if attr == "email":
                raise UsernameExistsException.email_taken()
            raise UsernameExistsException.phone_taken()
        if not params.get("ForceAliasCreation") or attr == "preferred_username":
            raise AliasExistsException.for_attribute(attr)
        moves.append((other, attr))
    password = _temporary_password(ctx, pool, params.get("TemporaryPassword"))
    deliveries = [] if params.get("MessageAction") == "SUPPRESS" else \
        messages.invitation_deliveries(params.get("DesiredDeliveryMediums"), attributes)

    sub = ctx.backend.ids.uuid4()
    stored_username = sub if sign_in is not None else username
    _pre_sign_up(ctx, pool, stored_username, attributes, params)
    for other, attr in moves:
        other.attributes[f"{attr}_verified"] = "false"
        pool.reindex(other)
        touch(ctx, pool, other)
    user = add_user(ctx, pool, stored_username, attributes,
                    status=UserStatus.FORCE_CHANGE_PASSWORD, password=password, sub=sub)
    _send_invitation(ctx, pool, user, deliveries, password, username,
                     params.get("ClientMetadata"))
    return {"User": render_user_type(user)}


def _resend_invitation(ctx: Context, pool: UserPool, params: dict[str, Any]) -> dict[str, Any]:
    """``MessageAction=RESEND``: a new temporary password, a new validity period, a new message.
    The request's attributes are not applied [INF]."""
    user = find_user(pool, params["Username"])
    if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
        raise UnsupportedUserStateException.resend_not_force_change()
    password = _temporary_password(ctx, pool, params.get("TemporaryPassword"))
    deliveries = messages.invitation_deliveries(params.get("DesiredDeliveryMediums"),
                                                user.attributes)
    user.password = password
    user.password_set_at = ctx.timestamp()
    touch(ctx, pool, user)
    _send_invitation(ctx, pool, user, deliveries, password, params["Username"],
                     params.get("ClientMetadata"))
    return {"User": render_user_type(user)}


@operation("AdminGetUser")
def admin_get_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    return render_get_user(find_user(pool, params["Username"]))


@operation("AdminDeleteUser")
def admin_delete_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    pool.remove_user(find_user(pool, params["Username"]))
    return {}


@operation("AdminSetUserPassword")
def admin_set_user_password(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """``Permanent: true`` makes the user CONFIRMED, otherwise FORCE_CHANGE_PASSWORD with a new
    temporary-password period (model documentation) [AWS-DOC]."""
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    password = params["Password"]
    check_new_password(pool, user, password, current=user.password)
    set_password(ctx, pool, user, password)
    user.status = (UserStatus.CONFIRMED if params.get("Permanent")
                   else UserStatus.FORCE_CHANGE_PASSWORD)
    touch(ctx, pool, user)
    return {}


def update_user_attributes(
    ctx: Context,
    pool: UserPool,
    user: User,
    given: list[tuple[str, str | None]],
    *,
    developer_access: bool,
    client_id: str | None = None,
    client_metadata: dict[str, str] | None = None,
) -> list[Delivery]:
    """What AdminUpdateUserAttributes and UpdateUserAttributes share: set (or, with an empty
    value, delete) attributes; a changed email/phone is unverified and, when the pool
    auto-verifies it, a code (valid 24 hours) goes to the new value through the CustomMessage
    trigger (``CustomMessage_UpdateUserAttribute``) [AWS-DOC]; with
    ``AttributesRequireVerificationBeforeUpdate`` the old value stays until VerifyUserAttribute.
    A value another user signs in with: ``AliasExistsException`` (no ForceAliasCreation here)
    [INF wording]. Returns where the codes went."""
    auto_verified = pool.settings.get("AutoVerifiedAttributes") or ()
    # Only an attribute a code is sent for can wait for one (Cognito requires the list to be
    # a subset of AutoVerifiedAttributes).
    hold = [attr for attr in pool.settings.get("UserAttributeUpdateSettings", {}).get(
        "AttributesRequireVerificationBeforeUpdate") or () if attr in auto_verified]
    update = attribute_rules.for_update(schema_of(pool), user.attributes, given,
                                        hold_until_verified=hold,
                                        developer_access=developer_access)
    for _other, attr in taken_sign_in_values(pool, user, update.attributes):
        raise AliasExistsException.for_attribute(attr)
    user.attributes = update.attributes
    pool.reindex(user)
    touch(ctx, pool, user)
    deliveries: list[Delivery] = []
    for attr, value in update.awaiting.items():
        if attr not in auto_verified:
            continue
        delivery = messages.verification_delivery(attr, value)
        send_verification_code(ctx, pool, user, delivery, held=attr in update.held,
                               trigger_source="CustomMessage_UpdateUserAttribute",
                               client_id=client_id, client_metadata=client_metadata)
        deliveries.append(delivery)
    return deliveries


def send_verification_code(ctx: Context, pool: UserPool, user: User, delivery: Delivery, *,
                           held: bool, trigger_source: str, client_id: str | None = None,
                           client_metadata: dict[str, str] | None = None) -> None:
    """Draw a code verifying ``delivery.to`` as the user's ``delivery.attribute``, keep it in
    ``user.codes`` (the latest code wins) and send it with the pool's verification template."""
    code = ctx.backend.ids.code()
    user.codes[messages.verify_attribute_key(delivery.attribute)] = IssuedCode(
        code, ctx.now, value=delivery.to, held=held)
    _messaging.deliver(
        ctx, pool, user, trigger_source=trigger_source, delivery=delivery, code=code,
        template=_messaging.code_template(pool, delivery.medium, built_in="verification"),
        client_id=client_id, client_metadata=client_metadata)


@operation("AdminUpdateUserAttributes")
def admin_update_user_attributes(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """See :func:`update_user_attributes`; administrators may write developer-only attributes."""
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    update_user_attributes(ctx, pool, user, given_attributes(params, "UserAttributes"),
                           developer_access=True,
                           client_metadata=params.get("ClientMetadata"))
    return {}


@operation("AdminDeleteUserAttributes")
def admin_delete_user_attributes(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    user.attributes = attribute_rules.for_delete(schema_of(pool), user.attributes,
                                                 params["UserAttributeNames"])
    pool.reindex(user)
    touch(ctx, pool, user)
    return {}


@operation("AdminDisableUser")
def admin_disable_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """The user can no longer sign in, and "all access tokens for the user" are revoked [AWS-DOC
    model]; their refresh tokens go with them, so re-enabling needs a new sign-in [INF]."""
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    user.enabled = False
    _auth.sign_out_everywhere(ctx, pool, user)
    touch(ctx, pool, user)
    return {}


@operation("AdminEnableUser")
def admin_enable_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    user.enabled = True
    touch(ctx, pool, user)
    return {}


@operation("AdminConfirmSignUp")
def admin_confirm_sign_up(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """UNCONFIRMED becomes CONFIRMED; ``email_verified`` is left as it is [REAL
    amazon-cognito-identity-js#566]. Any other status: NotAuthorizedException."""
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    if user.status != UserStatus.UNCONFIRMED:
        raise NotAuthorizedException.cannot_confirm(user.status)
    user.status = UserStatus.CONFIRMED
    touch(ctx, pool, user)
    _messaging.post_confirmation(ctx, pool, user, "PostConfirmation_ConfirmSignUp",
                                 client_id=None, client_metadata=params.get("ClientMetadata"))
    return {}


@operation("AdminResetUserPassword")
def admin_reset_user_password(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """RESET_REQUIRED, and a 6-digit code (valid 1 hour, checked by ConfirmForgotPassword) to
    the first verified recovery channel, rendered with the code template.

    Refused for a disabled user (``User is disabled`` [REAL]), for a FORCE_CHANGE_PASSWORD user
    (``User password cannot be reset in the current state.``, the ForgotPassword text [INF for
    this operation]) and for a user with no verified email or phone [REAL].
    """
    pool = ctx.pool(params["UserPoolId"])
    user = find_user(pool, params["Username"])
    if not user.enabled:
        raise NotAuthorizedException.user_disabled()
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        raise NotAuthorizedException.cannot_reset_in_current_state()
    delivery = messages.recovery_delivery(pool.settings.get("AccountRecoverySetting"),
                                          user.attributes)
    if delivery is None:
        raise InvalidParameterException.no_verified_recovery_channel()
    code = ctx.backend.ids.code()
    user.codes[messages.FORGOT_PASSWORD] = IssuedCode(code, ctx.now)
    user.status = UserStatus.RESET_REQUIRED
    touch(ctx, pool, user)
    _messaging.deliver(
        ctx, pool, user, trigger_source="CustomMessage_ForgotPassword", delivery=delivery,
        template=_messaging.code_template(pool, delivery.medium, built_in="forgot_password"),
        code=code, client_metadata=params.get("ClientMetadata"), kind="admin_reset_password")
    return {}
