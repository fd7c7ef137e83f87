"""Remembered devices: device keys at sign-in, ConfirmDevice, device sign-in, and the device
operations.

Facts: reference srp.md §7 (grades there); the record, verifier and proof are the pure functions
of :mod:`pytest_cognito_fake.flows.devices`. Device tracking is on while the pool has a
``DeviceConfiguration`` with a member set ("When you provide a value for any property of
DeviceConfiguration, you activate the device remembering" [AWS-DOC model]).

**Sign-in** (two :data:`.auth.NEXT_STEPS` hooks around :func:`.mfa.mfa_step`):

- :func:`device_check`, just before MFA: a sign-in that carries ``DEVICE_KEY`` (in the
  ``PASSWORD_VERIFIER`` answer, or in the AuthParameters of a password flow) names one of this
  user's devices, else ``ResourceNotFoundException`` ``Device does not exist.`` [REAL]. This
  leaves the SRP ``SECRET_BLOCK`` open, so Amplify's retry without DEVICE_KEY works (srp.md §5).
  A confirmed device is proved after MFA; a remembered one skips MFA when the pool's
  ``ChallengeRequiredOnNewDevice`` says so [AWS-DOC model]. A key handed out but never
  confirmed is this sign-in's device again: it returns in ``NewDeviceMetadata`` so the client can
  confirm it now [INF].
- :func:`device_step`, just after MFA: a confirmed device gets ``DEVICE_SRP_AUTH`` with a
  Session and empty ``ChallengeParameters`` (no client reads them [INF, srp.md §7]); a sign-in
  without a device gets a new key, ``NewDeviceMetadata {DeviceKey: <region>_<uuid>,
  DeviceGroupKey}`` in ``AuthenticationResult`` and ``device_key`` in the access token [AWS-DOC].
  The DeviceGroupKey is one per user [INF, srp.md §10.5].
- ``DEVICE_SRP_AUTH`` answer (``USERNAME``, ``DEVICE_KEY``, ``SRP_A``): the Session is optional
  (pycognito sends none [CODE]); without one, the open device challenge of this client, user and
  device is used. Order [INF]: the three parameters (``Missing required parameter <NAME>``),
  ``SECRET_HASH``, the session (``Invalid session for the user.`` for none, another user's or
  another device's; used, expired as for every session), disabled user, the device (``Device
  does not exist.``), ``SRP_A`` (``Invalid SRP_A given``, as USER_SRP_AUTH). The answer:
  ``DEVICE_PASSWORD_VERIFIER`` with SALT, SRP_B, SECRET_BLOCK, USERNAME, DEVICE_KEY and a Session.
- ``DEVICE_PASSWORD_VERIFIER`` answer: found by Session or, without one (pycognito, AWS's Java
  sample), by ``PASSWORD_CLAIM_SECRET_BLOCK``. Order [INF]: parameters (DEVICE_KEY included),
  ``SECRET_HASH``, TIMESTAMP format [REAL text], the exchange (a block not issued, answered or
  late, or another device's: ``Incorrect username or password.``), disabled user, the device,
  then the signature over DeviceGroupKey ‖ DeviceKey ‖ SECRET_BLOCK ‖ TIMESTAMP; wrong:
  ``Incorrect username or password.`` [REAL aws-sdk-net-extensions-cognito#44, #73], the exchange
  staying open. Success: tokens with ``device_key``, no ``NewDeviceMetadata``, PreTokenGeneration
  source ``TokenGeneration_AuthenticateDevice`` [AWS-DOC].

Without a DeviceConfiguration a ``DEVICE_KEY`` is ignored and no key is handed out [INF].

**Operations**: ConfirmDevice (``UserConfirmationNecessary`` is the pool's
``DeviceOnlyRememberedOnUserPrompt``; when false the device is remembered at once [AWS-DOC]),
GetDevice, ListDevices, ForgetDevice, UpdateDeviceStatus and the Admin variants. [INF] unless
marked:

- The client-side ones read the access token as every token operation does
  (:func:`.token_ops.signed_in`); GetDevice and ForgetDevice, whose model leaves AccessToken
  optional, answer its absence as the others do (``accessToken must not be null``).
- A device key that is unknown, another user's, forgotten, or handed out but not confirmed:
  ``ResourceNotFoundException`` ``Device does not exist.`` [REAL after ForgetDevice].
- ConfirmDevice: ``DeviceSecretVerifierConfig`` checked first (``Invalid device key given``
  [REAL, weak], ``Negate value passed for salt and Password verifier`` [REAL, weak]), then the
  device, then a second confirmation: ``DeviceKeyExistsException``.
- ListDevices / AdminListDevices list **remembered** devices only ("cognitoUser.listDevices only
  returns remembered devices", amazon-cognito-identity-js#199; amplify-js#12171 checked it
  against a pool with user opt-in) [REAL], oldest first; ``Limit`` 0 or absent is 60
  (defaults.md §3); a ``PaginationToken`` is bound to its request and survives devices forgotten
  in between; a foreign one: ``Paging marker <token> is invalid for request <id>``.
- GetDevice shows a confirmed device whatever its remembered status (a not-remembered device
  "will still be tracked", amplify-js#14622).
- UpdateDeviceStatus without ``DeviceRememberedStatus`` changes nothing.
- ForgetDevice leaves tokens already issued alone.
- ``last_ip_used`` is ``127.0.0.1`` and ``dev:device_sdk`` ``aws-sdk-unknown-unknown``
  (:mod:`.flows.devices`).
"""

from __future__ import annotations

import base64
from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import AuthSession, User, UserPool
from pytest_cognito_fake.errors import (
    CognitoError,
    DeviceKeyExistsException,
    InvalidParameterException,
    NotAuthorizedException,
    ResourceNotFoundException,
)
from pytest_cognito_fake.flows import devices, srp
from pytest_cognito_fake.operations import _auth, _paging, auth, mfa
from pytest_cognito_fake.operations import srp as srp_sign_in
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.auth import SignIn, challenge
from pytest_cognito_fake.operations.token_ops import signed_in
from pytest_cognito_fake.operations.users import find_user

#: ``User.codes`` keys: the user's devices by key (issue order), the user's DeviceGroupKey, the
#: next issue number, the open DEVICE_SRP_AUTH sessions by (client id, device key), and the open
#: DEVICE_PASSWORD_VERIFIER sessions by SECRET_BLOCK.
DEVICES = "devices"
GROUP_KEY = "device_group_key"
NEXT_SEQ = "device_seq"
OPEN_DEVICE_SIGN_INS = "device_sign_ins"
OPEN_DEVICE_BLOCKS = "device_blocks"

DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH"
DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER"
TOKEN_SOURCE = "TokenGeneration_AuthenticateDevice"

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Device SECRET_BLOCKs look like the user ones (:mod:`.operations.srp`).
_SECRET_BLOCK_HEADER = b"\x02\x05\x78"


# -- state -----------------------------------------------------------------------------------------


def tracking(pool: UserPool) -> dict[str, Any] | None:
    """The pool's DeviceConfiguration while device tracking is on, else None."""
    config = pool.settings.get("DeviceConfiguration")
    return config if isinstance(config, dict) and config else None


def devices_of(user: User) -> dict[str, devices.Device]:
    found = user.codes.get(DEVICES)
    if not isinstance(found, dict):
        found = user.codes[DEVICES] = {}
    return found


def _group_key(ctx: Context, user: User) -> str:
    key = user.codes.get(GROUP_KEY)
    if not isinstance(key, str):
        rng = ctx.backend.ids.rng
        key = user.codes[GROUP_KEY] = devices.group_key(
            "".join(rng.choice(_ALNUM) for _ in range(8)))
    return key


def _issue(ctx: Context, pool: UserPool, user: User) -> devices.Device:
    """A new device key for ``user``, recorded unconfirmed."""
    seq = int(user.codes.get(NEXT_SEQ) or 0)
    user.codes[NEXT_SEQ] = seq + 1
    device = devices.issued(devices.device_key(pool.region, ctx.backend.ids.uuid4()),
                            _group_key(ctx, user), seq, int(ctx.now))
    devices_of(user)[device.key] = device
    return device


def confirmed_device(user: User, key: str) -> devices.Device:
    """A confirmed device of ``user``, or ``Device does not exist.``"""
    device = devices_of(user).get(key)
    if device is None or not device.confirmed:
        raise ResourceNotFoundException.device()
    return device


def _open_sessions(ctx: Context, user: User, name: str) -> dict[Any, str]:
    """One of the user's session indexes, without the sessions that can no longer be answered
    (a user has few of these at a time)."""
    index = user.codes.get(name)
    if not isinstance(index, dict):
        index = user.codes[name] = {}
    for key, session_id in list(index.items()):
        session = ctx.store.sessions.get(session_id)
        if session is None or session.used or ctx.now >= session.expires:
            del index[key]
    return index


# -- sign-in ---------------------------------------------------------------------------------------


def device_check(sign: SignIn, user: User, state: dict[str, Any]) -> None:
    """The NEXT_STEPS hook before MFA (module docstring)."""
    config = tracking(sign.pool)
    if config is None or "device_key" in state or "device_to_prove" in state:
        return None
    key = sign.parameters.get("DEVICE_KEY")
    if not key:
        return None
    device = devices_of(user).get(key)
    if device is None:
        raise ResourceNotFoundException.device()
    if device.confirmed:
        state["device_to_prove"] = key
        if devices.skips_mfa(config, device):
            state["skip_mfa"] = True
    else:
        state["device_key"] = key
        state["new_device"] = device.metadata()
    return None


def device_step(sign: SignIn, user: User, state: dict[str, Any]) -> dict[str, Any] | None:
    """The NEXT_STEPS hook after MFA (module docstring)."""
    if tracking(sign.pool) is None or "device_key" in state:
        return None
    key = state.get("device_to_prove")
    if isinstance(key, str):
        response = auth.challenge_response(sign, user, DEVICE_SRP_AUTH, {},
                                           {"state": dict(state), "device_key": key})
        _open_sessions(sign.ctx, user, OPEN_DEVICE_SIGN_INS)[
            (sign.client.client_id, key)] = response["Session"]
        return response
    device = _issue(sign.ctx, sign.pool, user)
    state["device_key"] = device.key
    state["new_device"] = device.metadata()
    return None


@challenge(DEVICE_SRP_AUTH)
def device_srp_auth(sign: SignIn, session_id: Any) -> dict[str, Any]:
    username = sign.require("USERNAME")
    key = sign.require("DEVICE_KEY")
    srp_a = sign.require("SRP_A")
    sign.check_secret(username)
    user = sign.pool.find_user(username)
    if not session_id and user is not None:
        session_id = _open_sessions(sign.ctx, user, OPEN_DEVICE_SIGN_INS).get(
            (sign.client.client_id, key))
    session = _auth.open_session(sign.ctx, session_id, sign.client)
    if (user is None or user.username != session.username
            or session.challenge != DEVICE_SRP_AUTH or session.data.get("device_key") != key):
        raise NotAuthorizedException.invalid_session()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    device = confirmed_device(user, key)
    a = srp.parse_public(srp_a)
    if a is None:
        raise InvalidParameterException.invalid_srp_a()
    rng = sign.ctx.backend.ids.rng
    exchange = None
    while exchange is None:
        block = _SECRET_BLOCK_HEADER + rng.getrandbits(
            8 * (srp_sign_in.SECRET_BLOCK_BYTES - 3)).to_bytes(
            srp_sign_in.SECRET_BLOCK_BYTES - 3, "big")
        exchange = devices.begin(device, a, rng.getrandbits(256), block)
    _auth.close_session(session)
    _open_sessions(sign.ctx, user, OPEN_DEVICE_SIGN_INS).pop((sign.client.client_id, key), None)
    parameters = devices.challenge_parameters(exchange, user.username)
    response = auth.challenge_response(
        sign, user, DEVICE_PASSWORD_VERIFIER, parameters,
        {"state": session.data.get("state", {}), "device_key": key, "srp": exchange})
    _open_sessions(sign.ctx, user, OPEN_DEVICE_BLOCKS)[parameters["SECRET_BLOCK"]] = \
        response["Session"]
    return response


def _verifier_session(sign: SignIn, session_id: Any, user: User | None,
                      block: str) -> AuthSession:
    """The DEVICE_PASSWORD_VERIFIER exchange an answer names, by Session or by SECRET_BLOCK."""
    if session_id:
        session = _auth.open_session(sign.ctx, session_id, sign.client)
        if user is None or user.username != session.username \
                or session.challenge != DEVICE_PASSWORD_VERIFIER:
            raise NotAuthorizedException.invalid_session()
        return session
    found = None if user is None else _open_sessions(
        sign.ctx, user, OPEN_DEVICE_BLOCKS).get(block)
    kept = sign.ctx.store.sessions.get(found or "")
    if kept is None or kept.client_id != sign.client.client_id:
        raise NotAuthorizedException.incorrect_username_or_password()
    return kept


@challenge(DEVICE_PASSWORD_VERIFIER)
def device_password_verifier(sign: SignIn, session_id: Any) -> dict[str, Any]:
    username = sign.require("USERNAME")
    block = sign.require("PASSWORD_CLAIM_SECRET_BLOCK")
    signature = sign.require("PASSWORD_CLAIM_SIGNATURE")
    timestamp = sign.require("TIMESTAMP")
    key = sign.require("DEVICE_KEY")
    sign.check_secret(username)
    canonical = srp.canonical_timestamp(timestamp)
    if canonical is None:
        raise InvalidParameterException.srp_timestamp_format()
    user = sign.pool.find_user(username)
    session = _verifier_session(sign, session_id, user, block)
    exchange = session.data.get("srp")
    if (user is None or not isinstance(exchange, srp.Challenge)
            or session.data.get("device_key") != key
            or base64.b64encode(exchange.secret_block).decode() != block):
        raise NotAuthorizedException.incorrect_username_or_password()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    device = confirmed_device(user, key)
    if exchange.verifier != device.verifier or not devices.proves_device(
            exchange, device.group_key, canonical, signature):
        raise NotAuthorizedException.incorrect_username_or_password()
    _auth.close_session(session)
    _open_sessions(sign.ctx, user, OPEN_DEVICE_BLOCKS).pop(block, None)
    devices_of(user)[key] = devices.authenticated(device, int(sign.ctx.now))
    state = {k: v for k, v in dict(session.data.get("state", {})).items()
             if k not in ("device_to_prove", "new_device")}
    state["device_key"] = key
    return auth.tokens_for(sign, user, state, TOKEN_SOURCE)


# -- operations ------------------------------------------------------------------------------------


def _render(ctx: Context, pool: UserPool, user: User, device: devices.Device) -> dict[str, Any]:
    return devices.render(device, region=pool.region, account_id=ctx.store.account_id,
                          user_pool_id=pool.id, username=user.username)


def _token_user(ctx: Context, params: dict[str, Any]) -> tuple[UserPool, User]:
    token = params.get("AccessToken")
    if token is None:
        raise InvalidParameterException.access_token_null()
    me = signed_in(ctx, token)
    return me.pool, me.user


def _admin_user(ctx: Context, params: dict[str, Any]) -> tuple[UserPool, User]:
    pool = ctx.pool(params["UserPoolId"])
    return pool, find_user(pool, params["Username"])


@operation("ConfirmDevice")
def confirm_device(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool, user = _token_user(ctx, params)
    verifier = devices.verifier_from(params.get("DeviceSecretVerifierConfig"))
    if isinstance(verifier, CognitoError):
        raise verifier
    key = params["DeviceKey"]
    device = devices_of(user).get(key)
    if device is None:
        raise ResourceNotFoundException.device()
    if device.confirmed:
        raise DeviceKeyExistsException()
    ask_first = bool((tracking(pool) or {}).get("DeviceOnlyRememberedOnUserPrompt"))
    devices_of(user)[key] = devices.confirmed(device, verifier, params.get("DeviceName"),
                                              remember=not ask_first, now=ctx.timestamp())
    return {"UserConfirmationNecessary": ask_first}


def _get(ctx: Context, pool: UserPool, user: User, params: dict[str, Any]) -> dict[str, Any]:
    return {"Device": _render(ctx, pool, user, confirmed_device(user, params["DeviceKey"]))}


@operation("GetDevice")
def get_device(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _get(ctx, *_token_user(ctx, params), params)


@operation("AdminGetDevice")
def admin_get_device(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _get(ctx, *_admin_user(ctx, params), params)


def _list(ctx: Context, pool: UserPool, user: User, params: dict[str, Any],
          request: dict[str, Any]) -> dict[str, Any]:
    limit = params.get("Limit") or _defaults.DEFAULT_PAGE_SIZE
    token = params.get("PaginationToken")
    after = -1
    if token is not None:
        state = _paging.decode_state(token, request)
        if not isinstance(state, int) or isinstance(state, bool):
            raise InvalidParameterException.pagination_token(token, ctx.request_id)
        after = state
    page, more = devices.page(devices_of(user).values(), after, limit)
    out: dict[str, Any] = {"Devices": [_render(ctx, pool, user, d) for d in page]}
    if more:
        out["PaginationToken"] = _paging.encode_state(page[-1].seq, request)
    return out


@operation("ListDevices")
def list_devices(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool, user = _token_user(ctx, params)
    return _list(ctx, pool, user, params,
                 {"op": "ListDevices", "pool": pool.id, "user": user.sub})


@operation("AdminListDevices")
def admin_list_devices(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool, user = _admin_user(ctx, params)
    return _list(ctx, pool, user, params,
                 {"op": "AdminListDevices", "pool": pool.id, "user": user.sub})


def _forget(user: User, params: dict[str, Any]) -> dict[str, Any]:
    key = params["DeviceKey"]
    confirmed_device(user, key)
    del devices_of(user)[key]
    return {}


@operation("ForgetDevice")
def forget_device(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _forget(_token_user(ctx, params)[1], params)


@operation("AdminForgetDevice")
def admin_forget_device(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _forget(_admin_user(ctx, params)[1], params)


def _update_status(ctx: Context, user: User, params: dict[str, Any]) -> dict[str, Any]:
    device = confirmed_device(user, params["DeviceKey"])
    status = params.get("DeviceRememberedStatus")
    if status is not None:
        devices_of(user)[device.key] = devices.with_status(device, status, ctx.timestamp())
    return {}


@operation("UpdateDeviceStatus")
def update_device_status(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _update_status(ctx, _token_user(ctx, params)[1], params)


@operation("AdminUpdateDeviceStatus")
def admin_update_device_status(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _update_status(ctx, _admin_user(ctx, params)[1], params)


# Around MFA: the check before it (a remembered device may skip it), the device step after it
# (an MFA answer runs the steps that follow mfa_step).
if device_check not in auth.NEXT_STEPS:
    auth.NEXT_STEPS.insert(auth.NEXT_STEPS.index(mfa.mfa_step), device_check)
if device_step not in auth.NEXT_STEPS:
    auth.NEXT_STEPS.insert(auth.NEXT_STEPS.index(mfa.mfa_step) + 1, device_step)
