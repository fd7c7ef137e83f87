"""Password recovery: ForgotPassword and ConfirmForgotPassword.

The decisions are :mod:`pytest_cognito_fake.flows.recovery`'s (read its docstring for the order
of checks); this module looks the client, pool and user up, runs the UserMigration trigger for an
unknown user, calls the pure core, stores what it returns (attempts count even when the call
fails), sends the code through the CustomMessage trigger, and fires PostConfirmation.
"""

from __future__ import annotations

import weakref
from typing import Any

from pytest_cognito_fake._state import AppClient, User, UserPool
from pytest_cognito_fake.flows import client_auth, messages, recovery
from pytest_cognito_fake.flows.attempts import NO_ATTEMPTS, Attempts
from pytest_cognito_fake.flows.messages import IssuedCode
from pytest_cognito_fake.operations import _messaging, _migration, _triggers
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import history_size_of, password_policy_of, touch

#: Where the shared ForgotPassword/ConfirmForgotPassword budget lives in ``User.codes``.
ATTEMPTS = "forgot_password_attempts"


# The records of a client and its pool are kept between requests, with the objects they were
# derived from, and reused while those are the very same objects: UpdateUserPool and
# UpdateUserPoolClient replace a settings dict rather than edit it, and nothing else changes a
# pool's ``Policies`` or ``AccountRecoverySetting`` or a client's settings in place. Keyed by
# ``id()`` of the client with a weak reference to it, so a lookup costs no Python frame (a
# WeakKeyDictionary's does), the client is not kept alive, and a reused id is told apart.
# Emptied when it reaches ``_CACHE_LIMIT`` entries.
_CACHE_LIMIT = 256
_RULES: dict[int, tuple[weakref.ref[AppClient], object, str | None, object,
                        recovery.RecoveryPool, recovery.RecoveryClient]] = {}


def recovery_rules(pool: UserPool,
                   client: AppClient) -> tuple[recovery.RecoveryPool, recovery.RecoveryClient]:
    """What recovery reads of the pool and of the client (``client`` belongs to ``pool``)."""
    cached = _RULES.get(id(client))
    if cached is not None and cached[0]() is client and cached[1] is client.settings \
            and cached[2] == client.secret and cached[3] is pool.settings:
        return cached[4], cached[5]
    settings = pool.settings
    pool_rules = recovery.RecoveryPool(
        policy=password_policy_of(pool),
        password_history_size=history_size_of(pool),
        account_recovery=settings.get("AccountRecoverySetting"),
    )
    client_rules = recovery.RecoveryClient(
        client_id=client.client_id,
        secret=client.secret,
        prevent_user_existence_errors=client_auth.prevents_user_existence_errors(
            client.settings.get("PreventUserExistenceErrors")),
    )
    if len(_RULES) >= _CACHE_LIMIT:
        _RULES.clear()
    _RULES[id(client)] = (weakref.ref(client), client.settings, client.secret, settings,
                          pool_rules, client_rules)
    return pool_rules, client_rules


def recovery_user(user: User) -> recovery.RecoveryUser:
    code = user.codes.get(messages.FORGOT_PASSWORD)
    attempts = user.codes.get(ATTEMPTS)
    return recovery.RecoveryUser(
        user.username, user.status, user.enabled, dict(user.attributes), user.password,
        tuple(user.password_history), code if isinstance(code, IssuedCode) else None,
        attempts if isinstance(attempts, Attempts) else NO_ATTEMPTS)


def store_recovery_user(ctx: Context, pool: UserPool, user: User,
                        view: recovery.RecoveryUser, *, password_set: bool = False) -> None:
    """Write back what the pure core changed; ``password_set`` after a successful
    ConfirmForgotPassword (the password may equal the old one when no history is kept)."""
    user.codes[ATTEMPTS] = view.attempts
    if view.code is None:
        user.codes.pop(messages.FORGOT_PASSWORD, None)
    else:
        user.codes[messages.FORGOT_PASSWORD] = view.code
    changed = password_set or view.status != user.status
    user.status = view.status
    if changed:
        touch(ctx, pool, user)
    if password_set:
        user.password = view.password
        user.password_history = list(view.history)
        user.password_set_at = user.modified  # the instant touch stamped


def _migrate(ctx: Context, pool: UserPool, client: AppClient, username: str,
             params: dict[str, Any]) -> User | None:
    """UserMigration_ForgotPassword for a username nobody has (triggers.md §2.7): the reply's
    ``userAttributes`` make a new user in RESET_REQUIRED [INF: the status a migrated user is given
    for a password reset], who then gets the reset code. A reply without attributes means
    "no such user" (:mod:`._migration`)."""
    request: dict[str, Any] = {}
    if params.get("ClientMetadata"):
        request["clientMetadata"] = dict(params["ClientMetadata"])
    return _migration.migrate_user(ctx, pool, client, username,
                                   trigger_source="UserMigration_ForgotPassword",
                                   request=request)


@operation("ForgotPassword")
def forgot_password(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client, pool = ctx.client_and_pool(params["ClientId"])
    username = params["Username"]
    rpool, rclient = recovery_rules(pool, client)
    user = pool.find_user(username)
    if user is None and _triggers.trigger_arn(pool, "UserMigration"):
        client_auth.check_secret_hash(client.client_id, client.secret, username,
                                      params.get("SecretHash"))
        user = _migrate(ctx, pool, client, username, params)
    outcome = recovery.forgot_password(
        rpool, rclient, recovery_user(user) if user else None,
        recovery.ForgotPasswordRequest(username, params.get("SecretHash")),
        now=ctx.now, new_code=ctx.backend.ids.code())
    if user is not None and outcome.user is not None:
        store_recovery_user(ctx, pool, user, outcome.user)
    if outcome.error is not None:
        raise outcome.error
    if user is not None and outcome.delivery is not None and outcome.user is not None \
            and outcome.user.code is not None:
        _messaging.deliver(
            ctx, pool, user, trigger_source="CustomMessage_ForgotPassword",
            delivery=outcome.delivery, code=outcome.user.code.code,
            template=_messaging.code_template(pool, outcome.delivery.medium,
                                              built_in="forgot_password"),
            client_id=client.client_id, client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetails": dict(outcome.details or {})}


@operation("ConfirmForgotPassword")
def confirm_forgot_password(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client, pool = ctx.client_and_pool(params["ClientId"])
    user = pool.find_user(params["Username"])
    rpool, rclient = recovery_rules(pool, client)
    outcome = recovery.confirm_forgot_password(
        rpool, rclient, recovery_user(user) if user else None,
        recovery.ConfirmForgotPasswordRequest(params["Username"], params["ConfirmationCode"],
                                              params["Password"], params.get("SecretHash")),
        now=ctx.now)
    if user is not None and outcome.user is not None:
        store_recovery_user(ctx, pool, user, outcome.user, password_set=outcome.error is None)
    if outcome.error is not None:
        raise outcome.error
    assert user is not None  # success needs a user
    _messaging.post_confirmation(ctx, pool, user, "PostConfirmation_ConfirmForgotPassword",
                                 client_id=client.client_id,
                                 client_metadata=params.get("ClientMetadata"))
    return {}
