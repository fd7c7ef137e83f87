"""App clients: CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients,
UpdateUserPoolClient, DeleteUserPoolClient."""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import AppClient, UserPool
from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.operations import _paging
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation

#: Request members stored and echoed as given (absent when not given), defaults.md §2.2.
_AS_GIVEN = (
    "AccessTokenValidity", "IdTokenValidity", "ReadAttributes", "WriteAttributes",
    "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs",
    "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AnalyticsConfiguration",
    "PreventUserExistenceErrors", "RefreshTokenRotation",
)
_WITH_DEFAULT = (
    "TokenValidityUnits", "AllowedOAuthFlowsUserPoolClient", "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData", "AuthSessionValidity",
)

#: Token lifetime bounds in seconds (user-pool-settings-client-apps.md, cognito-errors.md §4).
_ACCESS_ID_BOUNDS = (5 * 60, 24 * 3600)
_REFRESH_BOUNDS = (60 * 60, 10 * 365 * 24 * 3600)
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}


def _check_validity(settings: dict[str, Any]) -> None:
    units = {**_DEFAULT_UNITS, **(settings.get("TokenValidityUnits") or {})}
    for member, unit_key, (low, high) in (
        ("AccessTokenValidity", "AccessToken", _ACCESS_ID_BOUNDS),
        ("IdTokenValidity", "IdToken", _ACCESS_ID_BOUNDS),
        ("RefreshTokenValidity", "RefreshToken", _REFRESH_BOUNDS),
    ):
        value = settings.get(member)
        if value is None:
            continue
        seconds = value * _UNIT_SECONDS[units[unit_key]]
        if not low <= seconds <= high:
            raise InvalidParameterException.token_validity_range()


def _check_attributes(pool: UserPool, settings: dict[str, Any]) -> None:
    known = {a["Name"] for a in pool.schema}
    for member, error in (("ReadAttributes", InvalidParameterException.read_attributes),
                          ("WriteAttributes", InvalidParameterException.write_attributes)):
        names = settings.get(member) or []
        if any(name not in known for name in names):
            raise error()
    # sub can't be written, nor anything immutable after creation.
    immutable = {a["Name"] for a in pool.schema if not a.get("Mutable", True)}
    if any(name in immutable for name in settings.get("WriteAttributes") or []):
        raise InvalidParameterException.write_attributes()


def _settings(pool: UserPool, params: dict[str, Any]) -> dict[str, Any]:
    settings: dict[str, Any] = _defaults.fresh(_defaults.CLIENT_DEFAULTS)
    for name in _WITH_DEFAULT:
        if params.get(name) is not None:
            settings[name] = _defaults.fresh(params[name])
    # 0 (or nothing) is overridden with the default of 30 days (model doc, defaults.md §2.2).
    settings["RefreshTokenValidity"] = params.get("RefreshTokenValidity") or 30
    for name in _AS_GIVEN:
        if params.get(name) is not None:
            settings[name] = _defaults.fresh(params[name])
    _check_validity(settings)
    _check_attributes(pool, settings)
    return settings


def render_client(client: AppClient, *, with_secret: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "UserPoolId": client.user_pool_id,
        "ClientName": client.name,
        "ClientId": client.client_id,
    }
    if with_secret and client.secret is not None:
        out["ClientSecret"] = client.secret
    out["LastModifiedDate"] = client.modified
    out["CreationDate"] = client.created
    out.update(_defaults.fresh(client.settings))
    return out


def create_client(ctx: Context, pool: UserPool, params: dict[str, Any]) -> AppClient:
    """The client CreateUserPoolClient makes; also used by seeding."""
    settings = _settings(pool, params)
    secret = params.get("ClientSecret")
    if secret is None and params.get("GenerateSecret"):
        secret = ctx.backend.ids.client_secret()
    now = ctx.timestamp()
    client = AppClient(
        client_id=ctx.backend.ids.client_id(),
        user_pool_id=pool.id,
        name=params["ClientName"],
        secret=secret,
        created=now,
        modified=now,
        settings=settings,
    )
    pool.clients[client.client_id] = client
    ctx.store.client_pools[client.client_id] = pool.id
    return client


@operation("CreateUserPoolClient")
def create_user_pool_client(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    return {"UserPoolClient": render_client(create_client(ctx, pool, params))}


@operation("DescribeUserPoolClient")
def describe_user_pool_client(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    return {"UserPoolClient": render_client(ctx.pool_client(pool, params["ClientId"]))}


@operation("ListUserPoolClients")
def list_user_pool_clients(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    limit = params.get("MaxResults") or _defaults.DEFAULT_PAGE_SIZE
    return _paging.next_token_listing(
        "UserPoolClients", list(pool.clients.values()),
        lambda c: {"ClientId": c.client_id, "ClientName": c.name, "UserPoolId": c.user_pool_id},
        params.get("NextToken"), limit, {"op": "ListUserPoolClients", "pool": pool.id})


@operation("UpdateUserPoolClient")
def update_user_pool_client(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """A full replace, like UpdateUserPool: omitted settings return to their defaults
    (model documentation). The secret and, when not given, the name are kept."""
    pool = ctx.pool(params["UserPoolId"])
    client = ctx.pool_client(pool, params["ClientId"])
    client.settings = _settings(pool, params)
    if params.get("ClientName"):
        client.name = params["ClientName"]
    client.modified = ctx.timestamp()
    return {"UserPoolClient": render_client(client)}


@operation("DeleteUserPoolClient")
def delete_user_pool_client(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    client = ctx.pool_client(pool, params["ClientId"])
    del pool.clients[client.client_id]
    ctx.store.client_pools.pop(client.client_id, None)
    return {}
