"""The in-memory state: user pools, app clients, users and groups, per account.

Pools are keyed by their id, which carries the region (``eu-west-1_AbC123xYz``), so a call that
names a pool finds it whatever endpoint the client used. Lists (ListUserPools) filter by region.

Mutable records are ``attrs.define`` classes; the pure flows work on frozen copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs


class UserStatus:
    """Cognito's ``UserStatusType`` values, by name."""

    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"
    ARCHIVED = "ARCHIVED"
    COMPROMISED = "COMPROMISED"
    UNKNOWN = "UNKNOWN"
    RESET_REQUIRED = "RESET_REQUIRED"
    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
    EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"


#: Attributes that can serve as sign-in aliases (AliasAttributes) and must then be unique.
ALIAS_ATTRIBUTES = ("email", "phone_number", "preferred_username")


@attrs.define(eq=False)
class User:
    username: str
    sub: str
    #: Attribute name -> value, in Cognito's order: ``sub`` first, then the order given.
    attributes: dict[str, str]
    enabled: bool
    status: str
    created: float
    modified: float
    password: str | None = None
    #: When the current (temporary or permanent) password was set.
    password_set_at: float | None = None
    #: Earlier passwords, newest first (for PasswordHistorySize).
    password_history: list[str] = attrs.field(factory=list)
    groups: set[str] = attrs.field(factory=set)
    #: Outstanding codes and counters of the flows; keyed by flow name.
    codes: dict[str, Any] = attrs.field(factory=dict)
    mfa: dict[str, Any] = attrs.field(factory=dict)
    #: The (attribute, value key) entries this user holds in its pool's alias index.
    alias_keys: list[tuple[str, str]] = attrs.field(factory=list)


@attrs.define(eq=False)
class Group:
    name: str
    user_pool_id: str
    description: str | None
    role_arn: str | None
    precedence: int | None
    created: float
    modified: float
    #: Members by the pool's username lookup key (``UserPool.key``); mirrors ``User.groups``.
    #: Entries of deleted users linger until read: readers check ``pool.users[key] is user``.
    members: dict[str, User] = attrs.field(factory=dict)


@attrs.define(eq=False)
class AppClient:
    client_id: str
    user_pool_id: str
    name: str
    secret: str | None
    created: float
    modified: float
    #: The remaining ``UserPoolClientType`` members, as Cognito stores them.
    settings: dict[str, Any]


@attrs.define(eq=False)
class UserPool:
    id: str
    name: str
    region: str
    arn: str
    created: float
    modified: float
    #: The remaining ``UserPoolType`` members, as Cognito stores them (defaults filled in).
    settings: dict[str, Any]
    schema: list[dict[str, Any]]
    clients: dict[str, AppClient] = attrs.field(factory=dict)
    #: Users by lookup key: the username, case-folded when the pool is case-insensitive.
    users: dict[str, User] = attrs.field(factory=dict)
    groups: dict[str, Group] = attrs.field(factory=dict)
    #: Users by ``sub``.
    by_sub: dict[str, User] = attrs.field(factory=dict)
    #: ``(attribute, value key) -> user`` for sign-in aliases and username attributes.
    by_alias: dict[tuple[str, str], User] = attrs.field(factory=dict)
    #: Bumped on every user change, so derived indexes (ListUsers) know they are stale.
    version: int = 0
    #: The lookup keys of the users changed, in order (one entry per change): derived indexes
    #: replay the tail they have not seen instead of rebuilding.
    changes: list[str] = attrs.field(factory=list)
    #: The factor blocks of the last SetUserPoolMfaConfig (SmsMfaConfiguration,
    #: SoftwareTokenMfaConfiguration, EmailMfaConfiguration, WebAuthnConfiguration); None until
    #: that operation is called. Kept out of ``settings``, which DescribeUserPool renders whole.
    mfa_config: dict[str, Any] | None = None
    #: Whether usernames match case-sensitively. Read once from ``UsernameConfiguration``,
    #: which cannot change after the pool is created (UpdateUserPool has no such member);
    #: absent, it behaves as case-sensitive (defaults.md §1.2). A field, not a property:
    #: every user lookup reads it.
    case_sensitive: bool = attrs.field(init=False)

    @case_sensitive.default
    def _case_sensitive(self) -> bool:
        config = self.settings.get("UsernameConfiguration")
        return bool(config.get("CaseSensitive", True)) if config else True

    # -- derived settings ------------------------------------------------------------------

    @property
    def username_attributes(self) -> list[str]:
        return list(self.settings.get("UsernameAttributes") or [])

    @property
    def alias_attributes(self) -> list[str]:
        return list(self.settings.get("AliasAttributes") or [])

    @property
    def password_policy(self) -> dict[str, Any]:
        return dict(self.settings.get("Policies", {}).get("PasswordPolicy", {}))

    @property
    def lambda_config(self) -> dict[str, Any]:
        return dict(self.settings.get("LambdaConfig") or {})

    def key(self, username: str) -> str:
        """The lookup key of a username: folded when the pool is case-insensitive."""
        return username if self.case_sensitive else username.casefold()

    def alias_key(self, value: str) -> str:
        # Email aliases match without regard to case; phone numbers are digits anyway.
        return value.casefold()

    # -- users -----------------------------------------------------------------------------

    def add_user(self, user: User) -> None:
        self.users[self.key(user.username)] = user
        self.by_sub[user.sub] = user
        self.reindex(user)

    def changed(self, user: User) -> None:
        """Record that ``user`` (added, changed or removed) may index differently now."""
        self.changes.append(self.key(user.username))
        self.version += 1

    def remove_user(self, user: User) -> None:
        self.users.pop(self.key(user.username), None)
        self.by_sub.pop(user.sub, None)
        self.unindex(user)
        self.changed(user)

    def unindex(self, user: User) -> None:
        for key in user.alias_keys:
            if self.by_alias.get(key) is user:
                del self.by_alias[key]
        user.alias_keys = []

    def reindex(self, user: User) -> None:
        """Refresh the alias entries of ``user`` after its attributes changed."""
        self.unindex(user)
        if self.username_attributes or self.alias_attributes:
            user.alias_keys = [key for key, _ in self._alias_entries(user)]
            for key in user.alias_keys:
                self.by_alias[key] = user
        self.changed(user)

    def _alias_entries(self, user: User) -> Iterator[tuple[tuple[str, str], User]]:
        """Which (attribute, value) pairs sign ``user`` in besides the username.

        Username attributes (email/phone as username) count whatever their verification;
        alias attributes count only once verified (preferred_username needs no verification).
        """
        for attr in self.username_attributes:
            value = user.attributes.get(attr)
            if value:
                yield (attr, self.alias_key(value)), user
        for attr in self.alias_attributes:
            value = user.attributes.get(attr)
            if not value:
                continue
            if attr == "preferred_username" or user.attributes.get(f"{attr}_verified") == "true":
                yield (attr, self.alias_key(value)), user

    def find_user(self, name: str) -> User | None:
        """The user a ``Username`` parameter names: username, then sub, then an alias."""
        user = self.users.get(self.key(name))
        if user is not None:
            return user
        if self.username_attributes or self.alias_attributes:
            user = self.by_sub.get(name)
            if user is not None:
                return user
            folded = self.alias_key(name)
            for attr in (*self.username_attributes, *self.alias_attributes):
                user = self.by_alias.get((attr, folded))
                if user is not None:
                    return user
        return None


@attrs.define(eq=False)
class AuthSession:
    """A challenge in progress, found by the opaque ``Session`` string Cognito handed out.

    ``data`` holds what the next step needs (the SRP state, the MFA code sent, ...)."""

    id: str
    user_pool_id: str
    client_id: str
    username: str
    challenge: str
    created: float
    expires: float
    data: dict[str, Any] = attrs.field(factory=dict)
    used: bool = False


@attrs.define(eq=False)
class RefreshTokenRecord:
    """What an opaque refresh token stands for."""

    token: str
    user_pool_id: str
    client_id: str
    username: str
    origin_jti: str
    auth_time: int
    issued: float
    expires: float
    device_key: str | None = None
    revoked: bool = False
    #: Set when refresh-token rotation replaced this token: it works until then (the client's
    #: RetryGracePeriodSeconds), and is refused as reused after.
    usable_until: float | None = None


@attrs.define
class Store:
    """All pools of one fake, across regions."""

    account_id: str
    pools: dict[str, UserPool] = attrs.field(factory=dict)
    #: client id -> pool id, so client-id-only operations (SignUp, InitiateAuth) find the pool.
    client_pools: dict[str, str] = attrs.field(factory=dict)
    sessions: dict[str, AuthSession] = attrs.field(factory=dict)
    #: SRP exchanges awaiting their verifier answer, by the SECRET_BLOCK handed out: clients
    #: answer PASSWORD_VERIFIER without a Session (srp.md §3). Oldest first.
    secret_blocks: dict[str, AuthSession] = attrs.field(factory=dict)
    refresh_tokens: dict[str, RefreshTokenRecord] = attrs.field(factory=dict)
    #: ``(user pool id, username)`` -> that user's refresh tokens, so signing a user out does
    #: not walk every token of the fake.
    user_refresh_tokens: dict[tuple[str, str], list[RefreshTokenRecord]] = attrs.field(
        factory=dict)
    #: ``origin_jti`` values whose tokens were revoked (RevokeToken, GlobalSignOut).
    revoked_origin_jtis: set[str] = attrs.field(factory=set)

    def find_client(self, client_id: str) -> AppClient | None:
        found = self.find_client_and_pool(client_id)
        return None if found is None else found[0]

    def find_client_and_pool(self, client_id: str) -> tuple[AppClient, UserPool] | None:
        """A client (any pool, any region) and the pool it belongs to."""
        pool_id = self.client_pools.get(client_id)
        pool = self.pools.get(pool_id) if pool_id is not None else None
        client = pool.clients.get(client_id) if pool is not None else None
        return None if client is None or pool is None else (client, pool)
