"""What a PreTokenGeneration reply does to the claims of the tokens, as pure functions.

Facts: triggers.md §2.6 [AWS-DOC ``user-pool-lambda-pre-token-generation`` unless noted].

- **V1_0** (``claimsOverrideDetails``): ``claimsToAddOrOverride`` and ``claimsToSuppress`` change
  the ID token only; ``groupOverrideDetails`` changes ``cognito:groups`` in both tokens and
  ``cognito:roles`` / ``cognito:preferred_role`` in the ID token.
- **V2_0 / V3_0** (``claimsAndScopeOverrideDetails``): ``idTokenGeneration`` and
  ``accessTokenGeneration`` each add/override and suppress claims; the access token also takes
  ``scopesToAdd`` / ``scopesToSuppress`` (the ``scope`` claim); ``groupOverrideDetails`` as in V1.
- Suppressing beats adding. ``groupOverrideDetails`` *replaces* the groups: present but
  ``null`` or ``{}`` removes them; absent leaves them as they are [INF for "absent"]. Suppressing
  ``cognito:groups`` also removes ``cognito:roles`` and ``cognito:preferred_role``.
- Claims no reply may add, change or suppress: ``acr``, ``amr``, ``at_hash``, ``auth_time``,
  ``azp``, ``exp``, ``iat``, ``iss``, ``jti``, ``nbf``, ``nonce``, ``origin_jti``,
  ``token_use``, ``sub``, ``identities``, ``cognito:username`` and every other ``cognito:``
  claim but the three group ones, ``username``, ``client_id``, ``event_id``, ``device_key``,
  ``version``, ``scope`` (the scopes have their own members) and ``aud`` (except an access-token
  ``aud`` equal to the app client id). ``dev:`` claims may only be suppressed.

[INF] choices, where Cognito's behaviour is not published (triggers.md §7.3):
- A reply touching a protected claim is not an error: that entry is dropped silently (as
  emulator authors report real pools do, KensioSoftware/yulin PR #461).
- V1 values must be strings: a number or boolean becomes its JSON text (``true``, ``42``), as a
  Java string map reads them; ``null`` drops the entry; an object or array makes the reply
  unreadable (``InvalidLambdaResponseException``). The same holds for a member of the wrong
  JSON type anywhere in the reply (a string where a list belongs, ...).
- V2 values may be any JSON, but in the ID token ``email_verified``, ``phone_number_verified``,
  ``updated_at`` and ``address`` take no object or array [AWS-DOC]; such an entry is dropped.
- A scope in ``scopesToAdd`` containing whitespace is dropped [AWS-DOC: "may not contain
  blanks"]; a token left with no scope has no ``scope`` claim.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake.flows.lambda_replies import (
    object_member,
    string_list,
    string_value,
)

GROUP_CLAIMS = ("cognito:groups", "cognito:roles", "cognito:preferred_role")
PROTECTED = frozenset({
    "acr", "amr", "at_hash", "auth_time", "azp", "exp", "iat", "iss", "jti", "nbf", "nonce",
    "origin_jti", "token_use", "sub", "identities", "username", "client_id", "event_id",
    "device_key", "version", "scope", "aud",
})
#: ID-token claims whose value must stay a plain value under V2.
_SCALAR_ID_CLAIMS = frozenset({"email_verified", "phone_number_verified", "updated_at",
                               "address"})


@attrs.frozen
class GroupConfiguration:
    """``request.groupConfiguration``: the user's groups, their roles, the preferred role."""

    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    preferred_role: str | None = None

    def as_event(self) -> dict[str, Any]:
        return {"groupsToOverride": list(self.groups), "iamRolesToOverride": list(self.roles),
                "preferredRole": self.preferred_role}


def group_configuration(groups: Sequence[tuple[str, str | None, int | None]],
                        ) -> GroupConfiguration:
    """From ``(name, role ARN, precedence)`` in the user's group order. The preferred role is
    the role of the group with the lowest precedence value, a group without one ranking below
    every number; groups tied at that rank give a preferred role only when they share one role
    [AWS-DOC CreateGroup ``Precedence``]."""
    roles = tuple(dict.fromkeys(role for _, role, _ in groups if role))
    ranked = [(math.inf if precedence is None else precedence, role)
              for _, role, precedence in groups if role]
    preferred = None
    if ranked:
        best = min(rank for rank, _ in ranked)
        top = {role for rank, role in ranked if rank == best}
        preferred = top.pop() if len(top) == 1 else None
    return GroupConfiguration(tuple(name for name, _, _ in groups), roles, preferred)


def _protected(name: str, *, access: bool, client_id: str, value: Any = None,
               suppress: bool = False) -> bool:
    if name in GROUP_CLAIMS:
        return False
    if name == "aud" and access and not suppress:
        return bool(value != client_id)
    if name.startswith("dev:"):
        return not suppress
    return name in PROTECTED or name.startswith("cognito:")


def _apply_claims(claims: dict[str, Any], spec: Mapping[str, Any] | None, *, access: bool,
                  client_id: str, v1: bool, member: str) -> None:
    if spec is None:
        return
    add = object_member(spec.get("claimsToAddOrOverride"), f"{member}.claimsToAddOrOverride") or {}
    suppress = string_list(spec.get("claimsToSuppress"), f"{member}.claimsToSuppress")
    for name, value in add.items():
        if v1:
            # V1 claim values are strings.
            value = string_value(value, f"{member}.claimsToAddOrOverride")
            if value is None:
                continue
        elif not access and name in _SCALAR_ID_CLAIMS and isinstance(value, (dict, list)):
            continue
        if _protected(name, access=access, client_id=client_id, value=value):
            continue
        claims[name] = value
    for name in suppress:
        if _protected(name, access=access, client_id=client_id, suppress=True):
            continue
        claims.pop(name, None)
        if name == "cognito:groups":
            claims.pop("cognito:roles", None)
            claims.pop("cognito:preferred_role", None)


def _apply_groups(access: dict[str, Any], id_claims: dict[str, Any],
                  spec: Mapping[str, Any]) -> None:
    """``groupOverrideDetails`` is in the reply: it replaces the group claims."""
    override = object_member(spec.get("groupOverrideDetails"), "groupOverrideDetails") or {}
    groups = string_list(override.get("groupsToOverride"), "groupsToOverride")
    roles = string_list(override.get("iamRolesToOverride"), "iamRolesToOverride")
    preferred = string_value(override.get("preferredRole"), "preferredRole")
    for claims in (access, id_claims):
        for name in GROUP_CLAIMS:
            claims.pop(name, None)
    if groups:
        access["cognito:groups"] = list(groups)
        id_claims["cognito:groups"] = list(groups)
    if roles:
        id_claims["cognito:roles"] = list(roles)
    if preferred:
        id_claims["cognito:preferred_role"] = preferred


def apply_v1(access: Mapping[str, Any], id_claims: Mapping[str, Any], details: Any, *,
             client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (access, ID) claims after a V1_0 ``claimsOverrideDetails``; raises
    :class:`~.lambda_replies.UnreadableReply`."""
    new_access, new_id = dict(access), dict(id_claims)
    spec = object_member(details, "claimsOverrideDetails")
    if spec is None:
        return new_access, new_id
    if "groupOverrideDetails" in spec:
        _apply_groups(new_access, new_id, spec)
    _apply_claims(new_id, spec, access=False, client_id=client_id, v1=True,
                  member="claimsOverrideDetails")
    return new_access, new_id


def apply_v2(access: Mapping[str, Any], id_claims: Mapping[str, Any], details: Any, *,
             client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (access, ID) claims after a V2_0/V3_0 ``claimsAndScopeOverrideDetails``; raises
    :class:`~.lambda_replies.UnreadableReply`."""
    new_access, new_id = dict(access), dict(id_claims)
    spec = object_member(details, "claimsAndScopeOverrideDetails")
    if spec is None:
        return new_access, new_id
    if "groupOverrideDetails" in spec:
        _apply_groups(new_access, new_id, spec)
    id_spec = object_member(spec.get("idTokenGeneration"), "idTokenGeneration")
    access_spec = object_member(spec.get("accessTokenGeneration"), "accessTokenGeneration")
    _apply_claims(new_id, id_spec, access=False, client_id=client_id, v1=False,
                  member="idTokenGeneration")
    _apply_claims(new_access, access_spec, access=True, client_id=client_id, v1=False,
                  member="accessTokenGeneration")
    if access_spec is not None:
        scopes = str(new_access.get("scope") or "").split()
        added = string_list(access_spec.get("scopesToAdd"), "scopesToAdd")
        removed = set(string_list(access_spec.get("scopesToSuppress"), "scopesToSuppress"))
        for scope in added:
            if scope and not any(c.isspace() for c in scope) and scope not in scopes:
                scopes.append(scope)
        scopes = [s for s in scopes if s not in removed]
        if scopes:
            new_access["scope"] = " ".join(scopes)
        else:
            new_access.pop("scope", None)
    return new_access, new_id
