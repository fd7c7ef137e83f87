"""User pools: CreateUserPool, DescribeUserPool, ListUserPools, UpdateUserPool, DeleteUserPool."""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import UserPool
from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.operations import _paging
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation

#: Members fixed at creation: UpdateUserPool neither takes nor resets them.
_IMMUTABLE = ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration")
#: Members stored as given, absent when not given (defaults.md §1.2).
_AS_GIVEN = (
    "AutoVerifiedAttributes", "SmsAuthenticationMessage", "DeviceConfiguration",
    "SmsConfiguration", "UserPoolAddOns",
)
#: VerificationMessageTemplate members and the top-level members that mirror them (§1.5).
_MIRRORED = (
    ("SmsMessage", "SmsVerificationMessage"),
    ("EmailMessage", "EmailVerificationMessage"),
    ("EmailSubject", "EmailVerificationSubject"),
)


def _password_policy(given: dict[str, Any] | None) -> dict[str, Any]:
    """A given policy keeps what it says; unset booleans are false, length 8, TPVD 7 (0 is 7)."""
    if given is None:
        return _defaults.fresh(_defaults.DEFAULT_PASSWORD_POLICY)
    policy: dict[str, Any] = {
        "MinimumLength": given.get("MinimumLength", 8),
        "RequireUppercase": given.get("RequireUppercase", False),
        "RequireLowercase": given.get("RequireLowercase", False),
        "RequireNumbers": given.get("RequireNumbers", False),
        "RequireSymbols": given.get("RequireSymbols", False),
    }
    if "PasswordHistorySize" in given:
        policy["PasswordHistorySize"] = given["PasswordHistorySize"]
    policy["TemporaryPasswordValidityDays"] = given.get("TemporaryPasswordValidityDays") or 7
    return policy


def _settings(params: dict[str, Any]) -> dict[str, Any]:
    """The stored pool settings for a Create or Update request: given values over defaults."""
    settings: dict[str, Any] = _defaults.fresh(_defaults.POOL_DEFAULTS)
    policies = params.get("Policies") or {}
    settings["Policies"] = {
        "PasswordPolicy": _password_policy(policies.get("PasswordPolicy")),
        "SignInPolicy": _defaults.fresh(
            policies.get("SignInPolicy") or _defaults.DEFAULT_SIGN_IN_POLICY),
    }
    for name in ("DeletionProtection", "LambdaConfig", "MfaConfiguration",
                 "UserAttributeUpdateSettings", "EmailConfiguration", "AccountRecoverySetting",
                 "UserPoolTier"):
        if params.get(name) is not None:
            settings[name] = _defaults.fresh(params[name])
    admin = params.get("AdminCreateUserConfig")
    if admin is not None:
        merged = _defaults.fresh(_defaults.POOL_DEFAULTS["AdminCreateUserConfig"])
        merged.update(_defaults.fresh(admin))
        settings["AdminCreateUserConfig"] = merged
    for name in _AS_GIVEN:
        if params.get(name):
            settings[name] = _defaults.fresh(params[name])
    template = dict(settings["VerificationMessageTemplate"])
    template.update(params.get("VerificationMessageTemplate") or {})
    for inner, outer in _MIRRORED:
        value = template.get(inner) or params.get(outer)
        if value is not None:
            template[inner] = value
            settings[outer] = value
    settings["VerificationMessageTemplate"] = template
    return settings


def _schema(given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The standard attributes (with any Required/Mutable the request sets) plus custom ones."""
    schema = _defaults.fresh(_defaults.STANDARD_SCHEMA)
    by_name = {a["Name"]: a for a in schema}
    for item in given:
        name = item.get("Name", "")
        if name in by_name:
            for flag in ("Required", "Mutable"):
                if flag in item:
                    by_name[name][flag] = item[flag]
            if "StringAttributeConstraints" in item and "StringAttributeConstraints" in \
                    by_name[name]:
                by_name[name]["StringAttributeConstraints"].update(
                    item["StringAttributeConstraints"])
            continue
        if item.get("Required"):
            raise InvalidParameterException.required_custom_attribute()
        kind = item.get("AttributeDataType", "String")
        developer = bool(item.get("DeveloperOnlyAttribute", False))
        attr: dict[str, Any] = {
            "Name": ("dev:custom:" if developer else "custom:") + name,
            "AttributeDataType": kind,
            "DeveloperOnlyAttribute": developer,
            "Mutable": item.get("Mutable", True),
            "Required": False,
        }
        if kind == "String":
            attr["StringAttributeConstraints"] = dict(
                item.get("StringAttributeConstraints")
                or _defaults.CUSTOM_STRING_DEFAULT_CONSTRAINTS)
        elif kind == "Number":
            attr["NumberAttributeConstraints"] = dict(item.get("NumberAttributeConstraints") or {})
        schema.append(attr)
    return schema


def render_pool(pool: UserPool, *, describe: bool) -> dict[str, Any]:
    """``UserPoolType`` as Create (``describe=False``) or Describe returns it (§1.3)."""
    settings = pool.settings
    out: dict[str, Any] = {"Id": pool.id, "Name": pool.name}
    out.update(settings)
    out.pop("UserPoolTags", None)
    out["LastModifiedDate"] = pool.modified
    out["CreationDate"] = pool.created
    out["SchemaAttributes"] = pool.schema
    out["EstimatedNumberOfUsers"] = len(pool.users)
    tags = settings.get("UserPoolTags") or {}
    if describe or tags:
        out["UserPoolTags"] = tags
    out["Arn"] = pool.arn
    for name in _IMMUTABLE:
        if settings.get(name):
            out[name] = settings[name]
    return _defaults.fresh(out)


def create_pool(ctx: Context, params: dict[str, Any]) -> UserPool:
    """The pool CreateUserPool makes; also used by seeding."""
    if params.get("AliasAttributes") and params.get("UsernameAttributes"):
        raise InvalidParameterException.username_and_alias_attributes()
    settings = _settings(params)
    for name in _IMMUTABLE:
        if params.get(name):
            settings[name] = _defaults.fresh(params[name])
    if params.get("UserPoolTags"):
        settings["UserPoolTags"] = dict(params["UserPoolTags"])
    schema = _schema(params.get("Schema") or [])
    pool_id = ctx.backend.ids.user_pool_id(ctx.region)
    partition = "aws-cn" if ctx.region.startswith("cn-") else (
        "aws-us-gov" if ctx.region.startswith("us-gov-") else "aws")
    now = ctx.timestamp()
    pool = UserPool(
        id=pool_id,
        name=params["PoolName"],
        region=ctx.region,
        arn=f"arn:{partition}:cognito-idp:{ctx.region}:{ctx.store.account_id}:userpool/{pool_id}",
        created=now,
        modified=now,
        settings=settings,
        schema=schema,
    )
    ctx.store.pools[pool_id] = pool
    return pool


@operation("CreateUserPool")
def create_user_pool(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return {"UserPool": render_pool(create_pool(ctx, params), describe=False)}


@operation("DescribeUserPool")
def describe_user_pool(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return {"UserPool": render_pool(ctx.pool(params["UserPoolId"]), describe=True)}


@operation("ListUserPools")
def list_user_pools(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pools = [p for p in ctx.store.pools.values() if p.region == ctx.region]
    return _paging.next_token_listing(
        "UserPools", pools,
        lambda p: {"Id": p.id, "Name": p.name, "LambdaConfig": _defaults.fresh(p.lambda_config),
                   "LastModifiedDate": p.modified, "CreationDate": p.created},
        params.get("NextToken"), params["MaxResults"],
        {"op": "ListUserPools", "region": ctx.region})


@operation("UpdateUserPool")
def update_user_pool(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """A full replace: what the request leaves out goes back to its default, except the tier
    (and the tags, which have their own operations) (defaults.md §1.5)."""
    pool = ctx.pool(params["UserPoolId"])
    settings = _settings(params)
    if params.get("UserPoolTier") is None:
        settings["UserPoolTier"] = pool.settings.get("UserPoolTier", "ESSENTIALS")
    for name in _IMMUTABLE:
        if pool.settings.get(name):
            settings[name] = pool.settings[name]
    tags = params.get("UserPoolTags")
    settings["UserPoolTags"] = dict(tags) if tags is not None else \
        pool.settings.get("UserPoolTags", {})
    pool.settings = settings
    if params.get("PoolName"):
        pool.name = params["PoolName"]
    pool.modified = ctx.timestamp()
    return {}


@operation("DeleteUserPool")
def delete_user_pool(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    if pool.settings.get("DeletionProtection") == "ACTIVE":
        raise InvalidParameterException.deletion_protection()
    del ctx.store.pools[pool.id]
    for client_id in pool.clients:
        ctx.store.client_pools.pop(client_id, None)
    return {}
