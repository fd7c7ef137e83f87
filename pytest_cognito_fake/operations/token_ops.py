"""What a signed-in user does with an access token, and the token operations.

GetUser, UpdateUserAttributes, DeleteUser, DeleteUserAttributes,
GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut,
AdminUserGlobalSignOut, RevokeToken, GetTokensFromRefreshToken, GetSigningCertificate.

**The access token** (cognito-errors.md §3.8) is read by :func:`_auth.read_access_token`:
garbage, an ID token, a token of another pool or fake: ``Invalid Access Token``; past ``exp`` on
the fake clock: ``Access Token has expired``; its sign-in revoked (GlobalSignOut,
AdminUserGlobalSignOut, RevokeToken, AdminDisableUser): ``Access Token has been revoked``; the
user deleted: ``User does not exist.``. Then, here: a token without the
``aws.cognito.signin.user.admin`` scope (a PreTokenGeneration trigger may remove it):
``Access Token does not have required scopes`` [REAL]; a user an administrator put in
RESET_REQUIRED since: ``PasswordResetRequiredException`` [INF: the model lists it for every
token operation]. A request without ``AccessToken`` at all gets ``accessToken must not be null``
(``_validation``).

Choices, [INF] unless marked:

- **UpdateUserAttributes** is AdminUpdateUserAttributes (``users.update_user_attributes``) with
  the client's rules: an attribute outside the client's ``WriteAttributes``, or a developer-only
  one, is refused with ``A client attempted to write unauthorized attribute`` [REAL
  amplify-js#536], checked before the schema. ``CodeDeliveryDetailsList`` lists where codes
  went, and is absent when none was sent.
- **Verification codes** (GetUserAttributeVerificationCode, the codes UpdateUserAttributes sends):
  only ``email`` and ``phone_number`` [REAL, weak: compared with a real pool in
  floci-io/floci#1898], a fresh code even for a verified, unchanged value [same source]; 6
  digits valid 24 hours (limits.md) [AWS-DOC]; the latest code wins. A held new value (the pool's
  ``AttributesRequireVerificationBeforeUpdate``) gets a code again on request. At most 5 code
  requests per user and hour, then ``LimitExceededException``, like ResendConfirmationCode.
- **VerifyUserAttribute**: no code outstanding, a used one, or one older than 24 hours:
  ``ExpiredCodeException``; a code for a value the user no longer has: the same; a wrong code:
  ``CodeMismatchException`` [REAL for both texts, floci-io/floci#2018], counted: 5 wrong codes
  an hour, then ``LimitExceededException``. Success sets ``<attr>_verified`` and applies a held
  value; a value another user already signs in with: ``AliasExistsException`` (the ConfirmSignUp
  wording).
- **ChangePassword** [AWS-DOC quotas: "5 attempts per hour" per user; REAL: classmethod.jp
  reports LimitExceededException after a few quick successful calls]: every call with a valid
  token counts, successful or not; then ``PreviousPassword`` (``Incorrect username or
  password.`` [REAL]), the policy (``Password does not conform to policy: ...`` [REAL]), the
  history. The user's sessions stay signed in.
- **DeleteUser** removes the user; its tokens then fail with ``User does not exist.`` /
  ``Invalid Refresh Token.``.
- **RevokeToken** (token-revocation.md [AWS-DOC]): revokes the refresh token and every access
  token of its sign-in (same ``origin_jti``); other sign-ins stay. Unknown client:
  ``ResourceNotFoundException`` (every client operation's first step); the client's secret as
  ``ClientSecret`` (missing or wrong: ``UnauthorizedException``); ``EnableTokenRevocation``
  false: ``UnsupportedOperationException``; anything that is not a refresh token this fake
  issued (an access or ID token, garbage): ``UnsupportedTokenTypeException``; a refresh token of
  another client: ``UnauthorizedException`` ``Invalid Refresh Token.``; an already revoked or
  expired one: success, as RFC 7009 has it.
- **GetTokensFromRefreshToken**: the REFRESH_TOKEN_AUTH rules (refresh-token errors, disabled
  user, PreTokenGeneration with ``TokenGeneration_RefreshTokens``), the secret as
  ``ClientSecret`` (NotAuthorizedException with the secret texts), and the client must allow
  ``ALLOW_REFRESH_TOKEN_AUTH`` (``Auth flow not enabled for this client``). With
  ``RefreshTokenRotation.Feature`` ENABLED [AWS-DOC RefreshTokenRotationType]: a new refresh
  token too (same sign-in: ``origin_jti`` and ``auth_time`` kept, a full validity from now);
  the old one keeps working for ``RetryGracePeriodSeconds`` (0 when absent), then
  ``RefreshTokenReuseException``.
- **GetSigningCertificate**: a self-signed X.509 certificate over the pool's current ID-token
  key, issued at the pool's creation and valid 10 years [AWS-DOC model], subject
  ``CN=<poolId>``, as Base64 DER without PEM armour (the form SAML metadata takes; real output
  is not captured). Rotating the pool's keys gives a new certificate.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
from typing import Any

import attrs
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from pytest_cognito_fake._state import AppClient, User, UserPool, UserStatus
from pytest_cognito_fake.errors import (
    AliasExistsException,
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    LimitExceededException,
    NotAuthorizedException,
    PasswordResetRequiredException,
    UnauthorizedException,
    UnsupportedOperationException,
    UnsupportedTokenTypeException,
)
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import messages, sign_in, tokens
from pytest_cognito_fake.flows.attempts import NO_ATTEMPTS, Attempts
from pytest_cognito_fake.flows.messages import IssuedCode
from pytest_cognito_fake.operations import _auth, auth
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import (
    check_new_password,
    find_user,
    given_attributes,
    mfa_members,
    schema_of,
    send_verification_code,
    set_password,
    taken_sign_in_values,
    touch,
    update_user_attributes,
)

#: Where the per-user budgets live in ``User.codes``.
CHANGE_PASSWORD_ATTEMPTS = "change_password_attempts"
VERIFICATION_CODE_REQUESTS = "verification_code_requests"
VERIFY_ATTRIBUTE_FAILURES = "verify_attribute_failures"

CHANGE_PASSWORD_LIMIT = 5
CODE_REQUEST_LIMIT = 5
VERIFY_FAILURE_LIMIT = 5
#: Attribute-verification codes are valid 24 hours (limits.md) [AWS-DOC].
VERIFICATION_CODE_VALIDITY = 24 * 3600.0
#: GetSigningCertificate: "valid for 10 years from the date of issue" [AWS-DOC model].
CERTIFICATE_VALIDITY = _dt.timedelta(days=3652)


@attrs.frozen
class SignedIn:
    """Who an access token speaks for: the pool, the user, the app client, the claims."""

    pool: UserPool
    user: User
    client: AppClient | None
    claims: dict[str, Any]


def signed_in(ctx: Context, access_token: str) -> SignedIn:
    """The signed-in user of an access token, or the error Cognito gives (module docstring)."""
    pool, user, claims = _auth.read_access_token(ctx, access_token)
    if tokens.ACCESS_SCOPE not in str(claims.get("scope", "")).split():
        raise NotAuthorizedException.missing_required_scopes()
    if user.status == UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException()
    return SignedIn(pool, user, pool.clients.get(str(claims.get("client_id"))), claims)


def _attempts(user: User, key: str) -> Attempts:
    found = user.codes.get(key)
    return found if isinstance(found, Attempts) else NO_ATTEMPTS


def _check_writable(me: SignedIn, names: list[str]) -> None:
    """The client's ``WriteAttributes`` (all but developer-only ones when not set)."""
    allowed = me.client.settings.get("WriteAttributes") if me.client is not None else None
    schema = schema_of(me.pool)
    for name in names:
        spec = schema.get(name)
        if spec is not None and spec.developer_only:
            raise NotAuthorizedException.unauthorized_attribute()
        if allowed is not None and name not in allowed:
            raise NotAuthorizedException.unauthorized_attribute()


def _verifiable(name: str) -> str:
    if name not in attribute_rules.VERIFIABLE:
        raise InvalidParameterException.not_verifiable_attribute()
    return name


# -- the signed-in user -------------------------------------------------------------------------


@operation("GetUser")
def get_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """``Username`` and ``UserAttributes``, and the MFA members once set; no dates, status or
    Enabled flag (model; defaults.md §5.1)."""
    me = signed_in(ctx, params["AccessToken"])
    return {"Username": me.user.username,
            "UserAttributes": [{"Name": k, "Value": v} for k, v in me.user.attributes.items()],
            **mfa_members(me.user)}


@operation("UpdateUserAttributes")
def update_user_attributes_op(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    given = given_attributes(params, "UserAttributes")
    _check_writable(me, [name for name, _ in given])
    deliveries = update_user_attributes(
        ctx, me.pool, me.user, given, developer_access=False,
        client_id=me.client.client_id if me.client is not None else None,
        client_metadata=params.get("ClientMetadata"))
    if not deliveries:
        return {}
    return {"CodeDeliveryDetailsList": [d.details() for d in deliveries]}


@operation("DeleteUserAttributes")
def delete_user_attributes(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    names = list(params["UserAttributeNames"])
    _check_writable(me, names)
    me.user.attributes = attribute_rules.for_delete(schema_of(me.pool), me.user.attributes,
                                                    names, developer_access=False)
    me.pool.reindex(me.user)
    touch(ctx, me.pool, me.user)
    return {}


@operation("DeleteUser")
def delete_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    me.pool.remove_user(me.user)
    return {}


@operation("GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    attr = _verifiable(params["AttributeName"])
    pending = me.user.codes.get(messages.verify_attribute_key(attr))
    held = isinstance(pending, IssuedCode) and pending.held and pending.value is not None
    value = pending.value if held and isinstance(pending, IssuedCode) \
        else me.user.attributes.get(attr)
    if not value:
        if attr == "email":
            raise InvalidParameterException.no_registered_email()
        raise InvalidParameterException.no_registered_phone()
    requests = _attempts(me.user, VERIFICATION_CODE_REQUESTS)
    if requests.spent(ctx.now, CODE_REQUEST_LIMIT):
        raise LimitExceededException()
    me.user.codes[VERIFICATION_CODE_REQUESTS] = requests.record(ctx.now)
    delivery = messages.verification_delivery(attr, value)
    send_verification_code(ctx, me.pool, me.user, delivery, held=held,
                           trigger_source="CustomMessage_VerifyUserAttribute",
                           client_id=me.client.client_id if me.client is not None else None,
                           client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetails": delivery.details()}


@operation("VerifyUserAttribute")
def verify_user_attribute(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    user, pool = me.user, me.pool
    attr = _verifiable(params["AttributeName"])
    key = messages.verify_attribute_key(attr)
    issued = user.codes.get(key)
    failures = _attempts(user, VERIFY_ATTRIBUTE_FAILURES)
    if failures.spent(ctx.now, VERIFY_FAILURE_LIMIT):
        raise LimitExceededException()
    if (not isinstance(issued, IssuedCode)
            or ctx.now >= issued.issued_at + VERIFICATION_CODE_VALIDITY
            or (not issued.held and issued.value != user.attributes.get(attr))):
        raise ExpiredCodeException()
    if params["Code"] != issued.code:
        user.codes[VERIFY_ATTRIBUTE_FAILURES] = failures.record(ctx.now)
        raise CodeMismatchException()
    attributes = dict(user.attributes)
    attributes[attr] = issued.value or attributes[attr]
    attributes[attribute_rules.VERIFIABLE[attr]] = "true"
    for _other, taken in taken_sign_in_values(pool, user, attributes):
        raise AliasExistsException.alias_taken(taken)
    del user.codes[key]
    user.attributes = attributes
    pool.reindex(user)
    touch(ctx, pool, user)
    return {}


@operation("ChangePassword")
def change_password(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    user, pool = me.user, me.pool
    attempts = _attempts(user, CHANGE_PASSWORD_ATTEMPTS)
    if attempts.spent(ctx.now, CHANGE_PASSWORD_LIMIT):
        raise LimitExceededException()
    user.codes[CHANGE_PASSWORD_ATTEMPTS] = attempts.record(ctx.now)
    if user.password is None or params.get("PreviousPassword") != user.password:
        raise NotAuthorizedException.incorrect_username_or_password()
    proposed = params["ProposedPassword"]
    check_new_password(pool, user, proposed, current=user.password)
    set_password(ctx, pool, user, proposed)
    touch(ctx, pool, user)
    return {}


@operation("GlobalSignOut")
def global_sign_out(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    me = signed_in(ctx, params["AccessToken"])
    _auth.sign_out_everywhere(ctx, me.pool, me.user)
    return {}


@operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    _auth.sign_out_everywhere(ctx, pool, find_user(pool, params["Username"]))
    return {}


# -- refresh tokens ----------------------------------------------------------------------------


def _looks_like_jwt(token: str) -> bool:
    try:
        jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return False
    return token.count(".") == 2


@operation("RevokeToken")
def revoke_token(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client = ctx.client(params["ClientId"])
    if client.secret is not None:
        given = params.get("ClientSecret")
        if not given:
            raise UnauthorizedException.secret_not_received(client.client_id)
        if given != client.secret:
            raise UnauthorizedException.secret_mismatch(client.client_id)
    if client.settings.get("EnableTokenRevocation") is False:
        raise UnsupportedOperationException.token_revocation_disabled()
    token = params["Token"]
    record = ctx.store.refresh_tokens.get(token)
    if record is None or record.user_pool_id != client.user_pool_id or _looks_like_jwt(token):
        raise UnsupportedTokenTypeException()
    if record.client_id != client.client_id:
        raise UnauthorizedException.token_of_another_client()
    _auth.revoke_sign_in(ctx, record)
    return {}


def _rotation(client: AppClient) -> tuple[bool, float]:
    """Whether the client rotates refresh tokens, and its grace period in seconds."""
    setting = client.settings.get("RefreshTokenRotation") or {}
    return setting.get("Feature") == "ENABLED", float(setting.get("RetryGracePeriodSeconds") or 0)


@operation("GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    client = ctx.client(params["ClientId"])
    pool = ctx.pool(client.user_pool_id)
    if client.secret is not None:
        given = params.get("ClientSecret")
        if not given:
            raise NotAuthorizedException.secret_not_received(client.client_id)
        if given != client.secret:
            raise NotAuthorizedException.secret_hash_mismatch(client.client_id)
    if not sign_in.flow_allowed("REFRESH_TOKEN_AUTH", client.settings.get("ExplicitAuthFlows")):
        raise InvalidParameterException.auth_flow_not_enabled()
    record = _auth.read_refresh_token(ctx, params["RefreshToken"], client)
    user = pool.users.get(pool.key(record.username))
    if user is None:
        raise NotAuthorizedException.invalid_refresh_token()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    sign = auth.SignIn(ctx, pool, client, False, {}, params.get("ClientMetadata"),
                       "REFRESH_TOKEN_AUTH")
    grant = _auth.grant_for(ctx, pool, client, user, auth_time=record.auth_time,
                            origin_jti=record.origin_jti, device_key=record.device_key)
    overrides: Any = None
    for hook in auth.TOKEN_HOOKS:
        overrides = hook(sign, user, grant, "TokenGeneration_RefreshTokens") or overrides
    access, id_token = overrides if overrides else (None, None)
    rotates, grace = _rotation(client)
    result = _auth.authentication_result(ctx, pool, client, user, grant=grant, access=access,
                                         id_token=id_token, refresh=rotates)
    if rotates and record.usable_until is None:
        record.usable_until = ctx.now + grace
    return {"AuthenticationResult": result}


# -- keys ----------------------------------------------------------------------------------------


@operation("GetSigningCertificate")
def get_signing_certificate(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    key = _auth.pool_keys(ctx, pool).id_token
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, pool.id)])
    issued = _dt.datetime.fromtimestamp(int(pool.created), tz=_dt.timezone.utc)
    serial = int.from_bytes(hashlib.sha256(f"{pool.id}/{key.kid}".encode()).digest()[:16],
                            "big") >> 1
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.private_key.public_key())
        .serial_number(serial)
        .not_valid_before(issued)
        .not_valid_after(issued + CERTIFICATE_VALIDITY)
        .sign(key.private_key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return {"Certificate": base64.b64encode(der).decode()}
