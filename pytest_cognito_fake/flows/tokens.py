"""The claims of Cognito's ID and access tokens, and token lifetimes, as pure functions.

Facts: cognito-errors.md §4 [AWS-DOC, AWS-TEST, REAL]:

- Access token: ``sub``, ``cognito:groups`` (when the user has groups), ``device_key`` (when
  a device is tracked), ``iss``, ``client_id`` (no ``aud``), ``origin_jti``, ``event_id``,
  ``token_use: access``, ``scope: aws.cognito.signin.user.admin``, ``auth_time``, ``exp``,
  ``iat``, ``jti``, ``username``.
- ID token: ``sub``, ``cognito:groups``, ``cognito:preferred_role`` and ``cognito:roles`` (when
  the user's groups have IAM roles [AWS-DOC id-token page]), ``iss``, ``cognito:username``,
  ``origin_jti``, ``aud`` (the client id), ``event_id``, ``token_use: id``, ``auth_time``,
  ``exp``, ``iat``, ``jti``, and the user's readable attributes:
  ``email_verified``/``phone_number_verified`` as JSON booleans, ``updated_at`` as a number,
  everything else (``custom:*`` included) as strings [AWS-DOC id-token page]. Developer-only
  attributes never appear [INF].
- ``origin_jti`` appears only when the client's token revocation is on (the default)
  [AWS-DOC token-revocation.md].
- ``iss`` = ``https://cognito-idp.<region>.amazonaws.com/<userPoolId>``; ``auth_time`` is the
  original sign-in, kept across refreshes; ``origin_jti`` is shared by the tokens of one
  sign-in and kept across refreshes.
- Lifetimes: access and ID tokens 1 hour unless the client says otherwise (in
  ``TokenValidityUnits``, hours by default); refresh tokens 30 days (days by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

ACCESS_SCOPE = "aws.cognito.signin.user.admin"
_BOOLEAN_CLAIMS = frozenset({"email_verified", "phone_number_verified"})
_NUMBER_CLAIMS = frozenset({"updated_at"})
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}


@attrs.frozen
class Lifetimes:
    access: int = 3600
    id: int = 3600
    refresh: int = 30 * 86400

    @classmethod
    def from_client(cls, settings: Mapping[str, Any]) -> Lifetimes:
        """From an app client's ``AccessTokenValidity``, ``IdTokenValidity``,
        ``RefreshTokenValidity`` and ``TokenValidityUnits``."""
        units = {**_DEFAULT_UNITS, **(settings.get("TokenValidityUnits") or {})}

        def seconds(member: str, unit: str, default: int) -> int:
            value = settings.get(member)
            return default if not value else int(value) * _UNIT_SECONDS[units[unit]]

        return cls(seconds("AccessTokenValidity", "AccessToken", 3600),
                   seconds("IdTokenValidity", "IdToken", 3600),
                   seconds("RefreshTokenValidity", "RefreshToken", 30 * 86400))


@attrs.frozen
class Grant:
    """One issuing of tokens: who, for which client, and the ids drawn for it."""

    issuer: str
    client_id: str
    username: str
    sub: str
    attributes: Mapping[str, str]
    groups: Sequence[str]
    auth_time: int
    issued_at: int
    origin_jti: str
    event_id: str
    access_jti: str
    id_jti: str
    lifetimes: Lifetimes = attrs.field(factory=Lifetimes)
    device_key: str | None = None
    #: The attributes the client may read (None: all but developer-only ones).
    readable: frozenset[str] | None = None
    scopes: Sequence[str] = (ACCESS_SCOPE,)
    #: IAM roles of the user's groups, and the one of the highest-precedence group.
    roles: Sequence[str] = ()
    preferred_role: str | None = None
    #: The client's EnableTokenRevocation: ``origin_jti`` is added only when it is on [AWS-DOC].
    revocable: bool = True


def issuer(region: str, user_pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def access_claims(grant: Grant) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": grant.sub}
    if grant.groups:
        claims["cognito:groups"] = list(grant.groups)
    if grant.device_key is not None:
        claims["device_key"] = grant.device_key
    claims.update({
        "iss": grant.issuer,
        "client_id": grant.client_id,
        "origin_jti": grant.origin_jti,
        "event_id": grant.event_id,
        "token_use": "access",
        "scope": " ".join(grant.scopes),
        "auth_time": grant.auth_time,
        "exp": grant.issued_at + grant.lifetimes.access,
        "iat": grant.issued_at,
        "jti": grant.access_jti,
        "username": grant.username,
    })
    if not grant.revocable:
        del claims["origin_jti"]
    return claims


def _claim_value(name: str, value: str) -> Any:
    if name in _BOOLEAN_CLAIMS:
        return value == "true"
    if name in _NUMBER_CLAIMS:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def attribute_claims(attributes: Mapping[str, str],
                     readable: Iterable[str] | None) -> dict[str, Any]:
    allowed = None if readable is None else frozenset(readable)
    out: dict[str, Any] = {}
    for name, value in attributes.items():
        if name == "sub" or name.startswith("dev:"):
            continue
        if allowed is not None and name not in allowed:
            continue
        out[name] = _claim_value(name, value)
    return out


def id_claims(grant: Grant) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": grant.sub}
    if grant.groups:
        claims["cognito:groups"] = list(grant.groups)
    if grant.preferred_role is not None:
        claims["cognito:preferred_role"] = grant.preferred_role
    if grant.roles:
        claims["cognito:roles"] = list(grant.roles)
    claims.update(attribute_claims(grant.attributes, grant.readable))
    claims.update({
        "iss": grant.issuer,
        "cognito:username": grant.username,
        "origin_jti": grant.origin_jti,
        "aud": grant.client_id,
        "event_id": grant.event_id,
        "token_use": "id",
        "auth_time": grant.auth_time,
        "exp": grant.issued_at + grant.lifetimes.id,
        "iat": grant.issued_at,
        "jti": grant.id_jti,
    })
    if not grant.revocable:
        del claims["origin_jti"]
    return claims
