"""Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge.

The four operations share one engine. Each auth flow (``USER_PASSWORD_AUTH``, ``USER_SRP_AUTH``,
...) and each challenge answer (``NEW_PASSWORD_REQUIRED``, ``PASSWORD_VERIFIER``, ...) is a
handler registered in :data:`FLOWS` / :data:`CHALLENGES`, so the modules for SRP, MFA, devices and
custom auth add theirs without touching this one. Once a password is proven,
:func:`after_password` walks the remaining steps in Cognito's order: a new password when the
user must change it, then each registered :data:`NEXT_STEPS` hook (MFA, device), then tokens.

Order of checks of a password sign-in (``USER_PASSWORD_AUTH``, ``ADMIN_USER_PASSWORD_AUTH``),
[INF] where Cognito's order is not published (cognito-errors.md §3.5):

1. Flow for the operation (``Initiate Auth method not supported.``), then for the client
   (``<FLOW> flow not enabled for this client`` / ``Auth flow not enabled for this client``;
   a custom-auth-only client: ``Only custom auth (lambda driven) is enabled for this client.``).
2. ``USERNAME`` / ``PASSWORD`` present (``Missing required parameter USERNAME``).
3. ``SECRET_HASH`` (``Client <id> is configured with secret but SECRET_HASH was not received``).
4. The user, by username or alias (else :data:`USER_NOT_FOUND_HOOKS`: UserMigration), then
   :data:`PRE_PASSWORD_HOOKS` (PreAuthentication); unknown: ``User does not exist.`` (LEGACY)
   or ``Incorrect username or password.`` (ENABLED).
5. Lockout (``Password attempts exceeded``).
6. Disabled (``User is disabled.``), then UNCONFIRMED (``User is not confirmed.``, even with a
   wrong password [REAL]).
7. The password (``Incorrect username or password.``, counted for the lockout); an expired
   temporary password fails the same way [REAL].
8. RESET_REQUIRED: ``PasswordResetRequiredException``.
9. :func:`after_password`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs

from pytest_cognito_fake._state import AppClient, User, UserPool, UserStatus
from pytest_cognito_fake.errors import (
    InvalidParameterException,
    NotAuthorizedException,
    NotImplementedByFake,
    PasswordResetRequiredException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import client_auth, passwords, sign_in
from pytest_cognito_fake.operations import _auth
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import (
    check_new_password,
    password_policy_of,
    schema_of,
    set_password,
    touch,
)

#: Where a user's failed-password record lives in ``User.codes``.
FAILURES = "sign_in_failures"

ADMIN_ONLY_FLOWS = frozenset({"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
CLIENT_ONLY_FLOWS = frozenset({"USER_PASSWORD_AUTH"})


@attrs.define
class SignIn:
    """One request of a sign-in: where it came from and what it carries."""

    ctx: Context
    pool: UserPool
    client: AppClient
    admin: bool
    parameters: dict[str, str]
    client_metadata: dict[str, str] | None
    flow: str = ""
    #: InitiateAuth's own ``Session`` (a sign-up session, read by USER_AUTH only).
    session: str | None = None
    #: What travels with the sign-in (device key, ...), as ``tokens_for`` last saw it.
    state: dict[str, Any] = attrs.field(factory=dict)

    def require(self, name: str) -> str:
        value = self.parameters.get(name)
        if not value:
            raise InvalidParameterException.missing_parameter(name)
        return value

    def check_secret(self, username: str) -> None:
        # A challenge answer without SECRET_HASH gets the mismatch text [REAL] (warrant#73,
        # pycognito#13: NEW_PASSWORD_REQUIRED); an AuthParameters one the "not received" text.
        client_auth.check_secret_hash(
            self.client.client_id, self.client.secret, username,
            self.parameters.get("SECRET_HASH"),
            missing=(NotAuthorizedException.secret_hash_mismatch if self.flow in CHALLENGES
                     else NotAuthorizedException.secret_hash_not_received))

    @property
    def hides_users(self) -> bool:
        return client_auth.prevents_user_existence_errors(
            self.client.settings.get("PreventUserExistenceErrors"))


Handler = Callable[[SignIn], dict[str, Any]]
ChallengeHandler = Callable[[SignIn, Any], dict[str, Any]]
#: A step after the password: returns a challenge response, or None to go on.
NextStep = Callable[[SignIn, User, dict[str, Any]], "dict[str, Any] | None"]

FLOWS: dict[str, Handler] = {}
CHALLENGES: dict[str, ChallengeHandler] = {}
NEXT_STEPS: list[NextStep] = []
#: Called with the finished sign-in just before tokens are issued; may return overridden
#: (access, id) claims — the PreTokenGeneration and PostAuthentication triggers plug in here.
TOKEN_HOOKS: list[Callable[[SignIn, User, Any, str], Any]] = []
#: Called when no user or alias matches a password sign-in, with (sign, username, password);
#: may return a user made on the spot (UserMigration_Authentication).
USER_NOT_FOUND_HOOKS: list[Callable[[SignIn, str, str], User | None]] = []
#: Called before a password is checked, with (sign, user or None, username): the
#: PreAuthentication trigger plugs in here. Password flows call :func:`before_password`.
PRE_PASSWORD_HOOKS: list[Callable[[SignIn, User | None, str], None]] = []


def flow(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            FLOWS[name] = fn
        return fn
    return register


def challenge(name: str) -> Callable[[ChallengeHandler], ChallengeHandler]:
    def register(fn: ChallengeHandler) -> ChallengeHandler:
        CHALLENGES[name] = fn
        return fn
    return register


# -- shared steps --------------------------------------------------------------------------------


def find_user_or_fail(sign: SignIn, username: str) -> User:
    user = sign.pool.find_user(username)
    if user is None:
        if sign.hides_users:
            raise NotAuthorizedException.incorrect_username_or_password()
        raise UserNotFoundException.user_does_not_exist()
    return user


def before_password(sign: SignIn, user: User | None, username: str) -> None:
    """Run each PRE_PASSWORD_HOOKS entry (PreAuthentication) for a sign-in about to check a
    password; ``user`` is None for an unknown username."""
    for hook in PRE_PASSWORD_HOOKS:
        hook(sign, user, username)


def check_password(sign: SignIn, user: User, password: str) -> None:
    """Steps 5-8 of the module docstring."""
    ctx = sign.ctx
    failures = user.codes.get(FAILURES)
    if not isinstance(failures, sign_in.Failures):
        failures = sign_in.Failures()
    if failures.locked(ctx.now):
        raise NotAuthorizedException.password_attempts_exceeded()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException()
    if user.status == UserStatus.RESET_REQUIRED and user.password is None:
        # An imported user has no password to check: reset required whatever was typed
        # [AWS-DOC cognito-user-pools-using-import-tool-password-reset.md].
        raise PasswordResetRequiredException()
    validity = password_policy_of(sign.pool).temporary_password_validity_days
    expired = (user.status == UserStatus.FORCE_CHANGE_PASSWORD
               and user.password_set_at is not None
               # ``password_set_at`` is kept as ``timestamp()`` (ms): compare like with like.
               and passwords.temporary_password_expired(user.password_set_at, validity,
                                                        ctx.timestamp()))
    if user.password is None or password != user.password or expired:
        user.codes[FAILURES] = failures.failed(ctx.now)
        raise NotAuthorizedException.incorrect_username_or_password()
    user.codes.pop(FAILURES, None)
    if user.status == UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException()


def challenge_response(sign: SignIn, user: User, name: str, parameters: dict[str, str],
                       data: dict[str, Any] | None = None) -> dict[str, Any]:
    session = _auth.new_session(sign.ctx, sign.pool, sign.client, user, name, data)
    return {"ChallengeName": name, "Session": session, "ChallengeParameters": parameters}


def after_password(sign: SignIn, user: User, state: dict[str, Any]) -> dict[str, Any]:
    """What follows a proven password: NEW_PASSWORD_REQUIRED (``ChallengeParameters`` with
    ``USERNAME`` [AWS-TEST], ``USER_ID_FOR_SRP``, ``requiredAttributes``, ``userAttributes``), then
    each NEXT_STEPS hook, then tokens. ``state`` travels with the sign-in (device key, auth
    time, ...)."""
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        attributes = {k: v for k, v in user.attributes.items()
                      if k not in ("sub",) and not k.startswith("dev:")}
        return challenge_response(sign, user, "NEW_PASSWORD_REQUIRED", {
            "USERNAME": user.username,
            "USER_ID_FOR_SRP": user.username,
            "requiredAttributes": json.dumps(_missing_required(sign.pool, user)),
            "userAttributes": json.dumps(attributes),
        }, state)
    for step in NEXT_STEPS:
        response = step(sign, user, state)
        if response is not None:
            return response
    return tokens_for(sign, user, state,
                      state.get("token_source", "TokenGeneration_Authentication"))


def tokens_for(sign: SignIn, user: User, state: dict[str, Any],
               source: str = "TokenGeneration_Authentication") -> dict[str, Any]:
    grant = _auth.grant_for(sign.ctx, sign.pool, sign.client, user,
                            device_key=state.get("device_key"))
    sign.state = state
    overrides: Any = None
    for hook in TOKEN_HOOKS:
        overrides = hook(sign, user, grant, source) or overrides
    access, id_token = overrides if overrides else (None, None)
    result = _auth.authentication_result(sign.ctx, sign.pool, sign.client, user, grant=grant,
                                         access=access, id_token=id_token,
                                         new_device=state.get("new_device"))
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def _missing_required(pool: UserPool, user: User) -> list[str]:
    return [f"userAttributes.{a['Name']}" for a in pool.schema
            if a.get("Required") and a["Name"] != "sub" and not user.attributes.get(a["Name"])]


# -- the operations ------------------------------------------------------------------------------


def _client_and_pool(ctx: Context, params: dict[str, Any], *,
                     admin: bool) -> tuple[AppClient, UserPool]:
    """Admin operations name the pool and a client of it; the others name only the client."""
    if admin:
        pool = ctx.pool(params["UserPoolId"])
        return ctx.pool_client(pool, params["ClientId"]), pool
    return ctx.client_and_pool(params["ClientId"])


def _initiate(ctx: Context, params: dict[str, Any], *, admin: bool) -> dict[str, Any]:
    client, pool = _client_and_pool(ctx, params, admin=admin)
    name = params["AuthFlow"]
    if name in (CLIENT_ONLY_FLOWS if admin else ADMIN_ONLY_FLOWS):
        raise InvalidParameterException.initiate_auth_method_not_supported()
    explicit = client.settings.get("ExplicitAuthFlows")
    if sign_in.custom_auth_only(explicit) and name != "CUSTOM_AUTH":
        raise InvalidParameterException.custom_auth_only()
    if not sign_in.flow_allowed(name, explicit):
        if admin:
            raise InvalidParameterException.auth_flow_not_enabled()
        raise InvalidParameterException.flow_not_enabled(name)
    handler = FLOWS.get(name)
    if handler is None:
        raise NotImplementedByFake(f"pytest-cognito-fake does not implement the {name} flow yet")
    sign = SignIn(ctx, pool, client, admin, dict(params.get("AuthParameters") or {}),
                  params.get("ClientMetadata"), name, session=params.get("Session"))
    return handler(sign)


def _respond(ctx: Context, params: dict[str, Any], *, admin: bool) -> dict[str, Any]:
    client, pool = _client_and_pool(ctx, params, admin=admin)
    name = params["ChallengeName"]
    handler = CHALLENGES.get(name)
    if handler is None:
        raise NotImplementedByFake(
            f"pytest-cognito-fake does not implement the {name} challenge yet")
    sign = SignIn(ctx, pool, client, admin, dict(params.get("ChallengeResponses") or {}),
                  params.get("ClientMetadata"), name)
    return handler(sign, params.get("Session"))


@operation("InitiateAuth")
def initiate_auth(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _initiate(ctx, params, admin=False)


@operation("AdminInitiateAuth")
def admin_initiate_auth(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _initiate(ctx, params, admin=True)


@operation("RespondToAuthChallenge")
def respond_to_auth_challenge(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _respond(ctx, params, admin=False)


@operation("AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _respond(ctx, params, admin=True)


# -- password flows ------------------------------------------------------------------------------


@flow("USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")
def password_auth(sign: SignIn) -> dict[str, Any]:
    username = sign.require("USERNAME")
    password = sign.require("PASSWORD")
    sign.check_secret(username)
    found = sign.pool.find_user(username)
    for migrate in USER_NOT_FOUND_HOOKS:
        found = found or migrate(sign, username, password)
    before_password(sign, found, username)
    user = found or find_user_or_fail(sign, username)
    check_password(sign, user, password)
    return after_password(sign, user, {})


@flow("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")
def refresh_token_auth(sign: SignIn) -> dict[str, Any]:
    """New access and ID tokens for a refresh token: same ``origin_jti`` and ``auth_time``, new
    ``jti``s, no new refresh token (cognito-errors.md §3.5) [AWS-TEST]. The SECRET_HASH of a
    secret client is computed over the user's username [INF: some SDKs send the sub; both are
    accepted]."""
    if (sign.client.settings.get("RefreshTokenRotation") or {}).get("Feature") == "ENABLED":
        # "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token
        # rotation enabled" [AWS-DOC refresh-token page]; the flow texts are [INF] here.
        if sign.admin:
            raise InvalidParameterException.auth_flow_not_enabled()
        raise InvalidParameterException.flow_not_enabled(sign.flow)
    token = sign.require("REFRESH_TOKEN")
    record = _auth.read_refresh_token(sign.ctx, token, sign.client)
    user = sign.pool.users.get(sign.pool.key(record.username))
    if user is None:
        raise NotAuthorizedException.invalid_refresh_token()
    given = sign.parameters.get("SECRET_HASH")
    by_sub = sign.client.secret is not None and given == client_auth.secret_hash(
        sign.client.secret, user.sub, sign.client.client_id)
    if not by_sub:
        sign.check_secret(user.username)
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    grant = _auth.grant_for(sign.ctx, sign.pool, sign.client, user, auth_time=record.auth_time,
                            origin_jti=record.origin_jti, device_key=record.device_key)
    overrides: Any = None
    for hook in TOKEN_HOOKS:
        overrides = hook(sign, user, grant, "TokenGeneration_RefreshTokens") or overrides
    access, id_token = overrides if overrides else (None, None)
    result = _auth.authentication_result(sign.ctx, sign.pool, sign.client, user, grant=grant,
                                         access=access, id_token=id_token, refresh=False)
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


# -- NEW_PASSWORD_REQUIRED -----------------------------------------------------------------------


@challenge("NEW_PASSWORD_REQUIRED")
def new_password_required(sign: SignIn, session_id: Any) -> dict[str, Any]:
    """The temporary password is replaced: required attributes must be supplied
    (``Invalid attributes given, <name> is missing`` [REAL]), the policy applies with the
    ``does not conform to`` wording [REAL]; the user becomes CONFIRMED (no PostConfirmation
    [REAL]) and the sign-in goes on (MFA setup, tokens with
    ``TokenGeneration_NewPasswordChallenge``)."""
    session = _auth.open_session(sign.ctx, session_id, sign.client)
    username = sign.require("USERNAME")
    new_password = sign.require("NEW_PASSWORD")
    sign.check_secret(username)
    user = sign.pool.find_user(username)
    if user is None or user.username != session.username \
            or session.challenge != "NEW_PASSWORD_REQUIRED":
        raise NotAuthorizedException.invalid_session()
    given = {k[len("userAttributes."):]: v for k, v in sign.parameters.items()
             if k.startswith("userAttributes.")}
    missing = [name for name in (m[len("userAttributes."):]
                                 for m in _missing_required(sign.pool, user))
               if not given.get(name)]
    if missing:
        raise InvalidParameterException.attributes_missing(missing)
    check_new_password(sign.pool, user, new_password, current=None)
    if given:
        update = attribute_rules.for_update(schema_of(sign.pool), user.attributes,
                                            list(given.items()))
        user.attributes = update.attributes
        sign.pool.reindex(user)
    _auth.close_session(session)
    set_password(sign.ctx, sign.pool, user, new_password)
    user.status = UserStatus.CONFIRMED
    touch(sign.ctx, sign.pool, user)
    state = {**session.data, "token_source": "TokenGeneration_NewPasswordChallenge"}
    return after_password(sign, user, state)
