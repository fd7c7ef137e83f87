"""What every sign-in path shares: challenge sessions, issuing tokens, reading tokens back.

- **Sessions** (cognito-errors.md §3.6, §5): an opaque string (URL-safe Base64 beginning
  ``AYAB``, about 1,500 characters, like the AWS Encryption SDK messages real pools send), valid
  for the client's ``AuthSessionValidity`` minutes (3 by default) on the fake clock, and usable
  once: answering its challenge consumes it. Unknown: ``Invalid session for the user.``; late:
  ``... session is expired.``; reused: ``... session can only be used once.``
- **Tokens**: RS256 JWTs signed with the pool's keys (``_keys``), claims from
  :mod:`pytest_cognito_fake.flows.tokens`. Refresh tokens are opaque: five dot-separated
  Base64url segments like the JWE real pools send, standing for a server-side record.
- **Reading an access token** (GetUser and the other token operations, §3.8): not a JWT of
  this fake, signed by another key, or an ID token: ``Invalid Access Token``; past ``exp`` on the
  fake clock: ``Access Token has expired``; its sign-in revoked (RevokeToken, GlobalSignOut):
  ``Access Token has been revoked``; user gone: ``User does not exist.``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt

from pytest_cognito_fake._keys import PoolKeys
from pytest_cognito_fake._state import (
    AppClient,
    AuthSession,
    RefreshTokenRecord,
    User,
    UserPool,
)
from pytest_cognito_fake.errors import (
    NotAuthorizedException,
    RefreshTokenReuseException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import pre_token, tokens
from pytest_cognito_fake.operations._context import Context

_REFRESH_HEADER = base64.urlsafe_b64encode(
    json.dumps({"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"},
               separators=(",", ":")).encode()).decode().rstrip("=")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _random_bytes(ctx: Context, n: int) -> bytes:
    return ctx.backend.ids.rng.getrandbits(8 * n).to_bytes(n, "big")


# -- sessions ------------------------------------------------------------------------------------


def new_session(ctx: Context, pool: UserPool, client: AppClient, user: User, challenge: str,
                data: dict[str, Any] | None = None) -> str:
    minutes = int(client.settings.get("AuthSessionValidity") or 3)
    session_id = "AYAB" + _b64(_random_bytes(ctx, 1100))
    ctx.store.sessions[session_id] = AuthSession(
        id=session_id, user_pool_id=pool.id, client_id=client.client_id,
        username=user.username, challenge=challenge, created=ctx.now,
        expires=ctx.now + minutes * 60, data=dict(data or {}))
    return session_id


#: The ``challenge`` of the two sessions that sign a user in right after sign-up: SignUp's,
#: which ConfirmSignUp takes, and ConfirmSignUp's, which InitiateAuth's USER_AUTH takes
#: (:mod:`.signup`). No challenge answer has these names, so no answer can spend them.
SIGN_UP_SESSION = "SignUp"
CONFIRM_SIGN_UP_SESSION = "ConfirmSignUp"


def open_session(ctx: Context, session_id: str | None, client: AppClient, *,
                 issued_by: tuple[str, ...] | None = None) -> AuthSession:
    """The live session a request names, or the error Cognito gives. ``issued_by``: the
    ``challenge`` values the session may have (the sign-up sessions); any other is unknown."""
    session = ctx.store.sessions.get(session_id or "")
    if session is None or session.client_id != client.client_id \
            or (issued_by is not None and session.challenge not in issued_by):
        raise NotAuthorizedException.invalid_session()
    if session.used:
        raise NotAuthorizedException.session_used()
    if ctx.now >= session.expires:
        raise NotAuthorizedException.session_expired()
    return session


def close_session(session: AuthSession) -> None:
    session.used = True


# -- issuing tokens ------------------------------------------------------------------------------


def _sign(key_id: str, private_key: Any, claims: dict[str, Any]) -> str:
    return jwt.encode(claims, private_key, algorithm="RS256",
                      headers={"kid": key_id, "typ": None})


def pool_keys(ctx: Context, pool: UserPool) -> PoolKeys:
    return ctx.backend.keys.for_pool(pool.id)


def readable_attributes(pool: UserPool, client: AppClient) -> frozenset[str] | None:
    names = client.settings.get("ReadAttributes")
    return None if names is None else frozenset(names)


def user_groups(pool: UserPool, user: User) -> list[str]:
    """Group names in Cognito's order: by precedence, then name [INF]."""
    groups = [pool.groups[name] for name in user.groups if name in pool.groups]
    groups.sort(key=lambda g: (g.precedence if g.precedence is not None else 2**31, g.name))
    return [g.name for g in groups]


def grant_for(ctx: Context, pool: UserPool, client: AppClient, user: User, *,
              auth_time: int | None = None, origin_jti: str | None = None,
              device_key: str | None = None) -> tokens.Grant:
    ids = ctx.backend.ids
    now = int(ctx.now)
    groups = [pool.groups[name] for name in user_groups(pool, user)]
    configuration = pre_token.group_configuration(
        [(g.name, g.role_arn, g.precedence) for g in groups])
    return tokens.Grant(
        issuer=tokens.issuer(pool.region, pool.id),
        client_id=client.client_id,
        username=user.username,
        sub=user.sub,
        attributes=dict(user.attributes),
        groups=user_groups(pool, user),
        auth_time=now if auth_time is None else auth_time,
        issued_at=now,
        origin_jti=origin_jti or ids.uuid4(),
        event_id=ids.uuid4(),
        access_jti=ids.uuid4(),
        id_jti=ids.uuid4(),
        lifetimes=tokens.Lifetimes.from_client(client.settings),
        device_key=device_key,
        readable=readable_attributes(pool, client),
        roles=configuration.roles,
        preferred_role=configuration.preferred_role,
        revocable=client.settings.get("EnableTokenRevocation", True) is not False,
    )


def sign_grant(ctx: Context, pool: UserPool, grant: tokens.Grant,
               access: dict[str, Any] | None = None,
               id_token: dict[str, Any] | None = None) -> tuple[str, str]:
    """The signed (access, ID) tokens of a grant; claims may be given already overridden."""
    keys = pool_keys(ctx, pool)
    access_claims = access if access is not None else tokens.access_claims(grant)
    id_claims = id_token if id_token is not None else tokens.id_claims(grant)
    return (_sign(keys.access_token.kid, keys.access_token.private_key, access_claims),
            _sign(keys.id_token.kid, keys.id_token.private_key, id_claims))


def new_refresh_token(ctx: Context, pool: UserPool, client: AppClient, user: User,
                      grant: tokens.Grant) -> str:
    token = ".".join([_REFRESH_HEADER, _b64(_random_bytes(ctx, 256)),
                      _b64(_random_bytes(ctx, 12)), _b64(_random_bytes(ctx, 600)),
                      _b64(_random_bytes(ctx, 16))])
    record = ctx.store.refresh_tokens[token] = RefreshTokenRecord(
        token=token, user_pool_id=pool.id, client_id=client.client_id,
        username=user.username, origin_jti=grant.origin_jti, auth_time=grant.auth_time,
        issued=ctx.now, expires=ctx.now + grant.lifetimes.refresh,
        device_key=grant.device_key)
    ctx.store.user_refresh_tokens.setdefault((pool.id, user.username), []).append(record)
    return token


def authentication_result(ctx: Context, pool: UserPool, client: AppClient, user: User, *,
                          grant: tokens.Grant | None = None,
                          access: dict[str, Any] | None = None,
                          id_token: dict[str, Any] | None = None,
                          refresh: bool = True,
                          new_device: dict[str, str] | None = None) -> dict[str, Any]:
    """``AuthenticationResultType`` for a finished sign-in (or a refresh, ``refresh=False``)."""
    grant = grant or grant_for(ctx, pool, client, user)
    access_token, id_token_str = sign_grant(ctx, pool, grant, access, id_token)
    result: dict[str, Any] = {
        "AccessToken": access_token,
        "ExpiresIn": grant.lifetimes.access,
        "TokenType": "Bearer",
    }
    if refresh:
        result["RefreshToken"] = new_refresh_token(ctx, pool, client, user, grant)
    result["IdToken"] = id_token_str
    if new_device:
        result["NewDeviceMetadata"] = new_device
    return result


# -- reading tokens back -------------------------------------------------------------------------


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    try:
        return jwt.get_unverified_header(token), jwt.decode(
            token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None


def read_access_token(ctx: Context, token: str) -> tuple[UserPool, User, dict[str, Any]]:
    """The pool, user and claims of a valid access token (module docstring for the errors)."""
    parsed = _unverified(token)
    if parsed is None:
        raise NotAuthorizedException.invalid_access_token()
    header, claims = parsed
    iss = claims.get("iss")
    pool_id = iss.rsplit("/", 1)[-1] if isinstance(iss, str) else ""
    pool = ctx.store.pools.get(pool_id)
    if pool is None or claims.get("token_use") != "access":
        raise NotAuthorizedException.invalid_access_token()
    key = pool_keys(ctx, pool).by_kid(str(header.get("kid")))
    if key is None:
        raise NotAuthorizedException.invalid_access_token()
    try:
        # Only the signature here: time claims are read against the fake's clock below, never
        # the machine's (PyJWT would refuse an ``iat`` ahead of real time).
        jwt.decode(token, key.private_key.public_key(), algorithms=["RS256"],
                   options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                            "verify_aud": False})
    except jwt.PyJWTError:
        raise NotAuthorizedException.invalid_access_token() from None
    if ctx.now >= float(claims.get("exp", 0)):
        raise NotAuthorizedException.access_token_expired()
    if claims.get("origin_jti") in ctx.store.revoked_origin_jtis:
        raise NotAuthorizedException.access_token_revoked()
    user = pool.by_sub.get(str(claims.get("sub")))
    if user is None:
        raise UserNotFoundException.user_does_not_exist()
    return pool, user, claims


def read_refresh_token(ctx: Context, token: str | None,
                       client: AppClient) -> RefreshTokenRecord:
    """The record behind a refresh token presented with ``client``."""
    record = ctx.store.refresh_tokens.get(token or "")
    if record is None or record.client_id != client.client_id:
        raise NotAuthorizedException.invalid_refresh_token()
    if record.revoked or record.origin_jti in ctx.store.revoked_origin_jtis:
        raise NotAuthorizedException.refresh_token_revoked()
    if ctx.now >= record.expires:
        raise NotAuthorizedException.refresh_token_expired()
    if record.usable_until is not None and ctx.now >= record.usable_until:
        # Replaced by refresh-token rotation and past the grace period (GetTokensFromRefreshToken).
        raise RefreshTokenReuseException()
    return record


def revoke_sign_in(ctx: Context, record: RefreshTokenRecord) -> None:
    """Revoke a refresh token and every access token of its sign-in (token-revocation.md)."""
    record.revoked = True
    ctx.store.revoked_origin_jtis.add(record.origin_jti)


def sign_out_everywhere(ctx: Context, pool: UserPool, user: User) -> None:
    """GlobalSignOut / AdminUserGlobalSignOut: every refresh token of the user, and the access
    tokens of those sign-ins, stop working [AWS-DOC]."""
    for record in ctx.store.user_refresh_tokens.get((pool.id, user.username), ()):
        revoke_sign_in(ctx, record)
