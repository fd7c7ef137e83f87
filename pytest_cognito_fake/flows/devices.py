"""Remembered devices: the device record, its verifier, its attributes, and the device proof.

Facts: reference srp.md §7 (grades there). A pool with a ``DeviceConfiguration`` hands every
sign-in without a device a new device key (``NewDeviceMetadata``); ConfirmDevice stores the
device's SRP salt and verifier; later sign-ins that carry the key prove the device with a second
SRP exchange (``DEVICE_SRP_AUTH`` / ``DEVICE_PASSWORD_VERIFIER``), whose math is that of
:mod:`pytest_cognito_fake.flows.srp` with the device verifier and with the DeviceGroupKey and
DeviceKey in place of the pool name and username.

Pure: times and random draws come in as arguments; errors come back as values.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from typing import Any

import attrs

from pytest_cognito_fake.errors import CognitoError, InvalidParameterException
from pytest_cognito_fake.flows import srp

REMEMBERED = "remembered"
NOT_REMEMBERED = "not_remembered"
#: Where the caller's address would be: an in-process fake has no client socket, and its callers
#: run on this machine [INF].
LOCAL_IP = "127.0.0.1"
#: ``dev:device_sdk`` as the API reference's raw ListDevices response shows it for a device
#: confirmed by an SDK Cognito does not recognise [AWS-DOC]; the fake does not read User-Agent
#: headers, so every device gets it [INF].
DEVICE_SDK = "aws-sdk-unknown-unknown"


@attrs.frozen
class Device:
    """One device key handed to a user, confirmed or not.

    ``created``/``modified`` are ConfirmDevice's time and the last status change (epoch seconds
    with milliseconds); ``last_authenticated`` is whole seconds, the ``auth_time`` of the sign-in
    that issued the key, then of each device sign-in. In the API reference's examples
    ``DeviceCreateDate`` equals ``DeviceLastModifiedDate`` to the millisecond and
    ``DeviceLastAuthenticatedDate`` is the same second with ``.0`` [AWS-DOC]: the record is made
    at confirmation and the authentication time comes from the sign-in [INF]."""

    key: str
    group_key: str
    #: Issue order among the user's devices (ListDevices pages by it).
    seq: int
    last_authenticated: int
    confirmed: bool = False
    verifier: srp.Verifier | None = None
    name: str | None = None
    remembered: bool = False
    created: float = 0.0
    modified: float = 0.0
    last_ip: str = LOCAL_IP

    @property
    def status(self) -> str:
        return REMEMBERED if self.remembered else NOT_REMEMBERED

    def metadata(self) -> dict[str, str]:
        """``NewDeviceMetadataType``."""
        return {"DeviceKey": self.key, "DeviceGroupKey": self.group_key}


def device_key(region: str, uuid: str) -> str:
    """``<region>_<uuid>``, like ``us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`` [AWS-DOC]."""
    return f"{region}_{uuid}"


def group_key(chars: str) -> str:
    """Every DeviceGroupKey seen is ``-`` and 8 letters or digits (``-wt2ha1Zd``, ``-v7w9UcY6``,
    ``-ExAmPlE1``) [AWS-DOC, srp.md §7]."""
    return "-" + chars


def issued(key: str, group: str, seq: int, auth_time: int) -> Device:
    """The record of a key handed out in ``NewDeviceMetadata``, not confirmed yet."""
    return Device(key, group, seq, auth_time)


def _signed(text: Any) -> int | None:
    """A Base64 value read as a signed big-endian number, as Java's ``new BigInteger(bytes)``;
    None when it is absent, empty or not Base64."""
    if not isinstance(text, str) or not text:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(raw, "big", signed=True) if raw else None


def verifier_from(config: dict[str, Any] | None) -> srp.Verifier | CognitoError:
    """The device verifier of ConfirmDevice's ``DeviceSecretVerifierConfig``.

    Clients send ``Salt = Base64(salt bytes)`` and ``PasswordVerifier = Base64(pad(v))``; both
    are read as signed numbers and "Cognito rejects negative values" [REAL, srp.md §7]. A
    config left out gives ``Invalid device key given`` [REAL, weak]; an empty or undecodable
    member the same [INF]."""
    salt = _signed((config or {}).get("Salt"))
    v = _signed((config or {}).get("PasswordVerifier"))
    if salt is None or v is None:
        return InvalidParameterException.invalid_device_key()
    if salt < 0 or v < 0:
        return InvalidParameterException.negative_device_verifier()
    return srp.Verifier(salt, v)


def confirmed(device: Device, verifier: srp.Verifier, name: str | None, *,
              remember: bool, now: float) -> Device:
    """ConfirmDevice: remembered at once unless the pool asks the user first
    (``DeviceOnlyRememberedOnUserPrompt``) [AWS-DOC model, ``UserConfirmationNecessary``]."""
    return attrs.evolve(device, confirmed=True, verifier=verifier, name=name,
                        remembered=remember, created=now, modified=now)


def with_status(device: Device, status: str, now: float) -> Device:
    return attrs.evolve(device, remembered=status == REMEMBERED, modified=now)


def authenticated(device: Device, at: int) -> Device:
    """A device sign-in at ``at`` (whole seconds) from this machine."""
    return attrs.evolve(device, last_authenticated=at, last_ip=LOCAL_IP)


def page(records: Iterable[Device], after: int, limit: int) -> tuple[list[Device], bool]:
    """ListDevices: the remembered devices issued after number ``after``, oldest first, at
    most ``limit``, and whether more follow."""
    out: list[Device] = []
    for device in records:
        if device.seq <= after or not (device.confirmed and device.remembered):
            continue
        if len(out) == limit:
            return out, True
        out.append(device)
    return out, False


def skips_mfa(configuration: dict[str, Any], device: Device) -> bool:
    """"When true [ChallengeRequiredOnNewDevice], a remembered device can sign in with device
    authentication instead of SMS and TOTP factors" [AWS-DOC model]; a device confirmed but
    not remembered still gets MFA [AWS-DOC]."""
    return bool(configuration.get("ChallengeRequiredOnNewDevice")) and device.confirmed \
        and device.remembered


def owner(username: str, user_pool_id: str) -> str:
    """``dev:device_owner``: ``diego.us-west-2_EXAMPLE`` for user ``diego`` [AWS-DOC]."""
    return f"{username}.{user_pool_id}"


def attributes(device: Device, *, region: str, account_id: str, user_pool_id: str,
               username: str) -> list[dict[str, str]]:
    """``DeviceAttributes`` in the order the API reference shows them [AWS-DOC get-device,
    list-devices examples]; ``device_name`` only when ConfirmDevice named the device [INF]."""
    who = owner(username, user_pool_id)
    out = [{"Name": "device_status", "Value": "valid"}]
    if device.name is not None:
        out.append({"Name": "device_name", "Value": device.name})
    out += [
        {"Name": "dev:device_arn",
         "Value": f"arn:aws:cognito-idp:{region}:{account_id}:owner/{who}/device/{device.key}"},
        {"Name": "dev:device_owner", "Value": who},
        {"Name": "last_ip_used", "Value": device.last_ip},
        {"Name": "dev:device_remembered_status", "Value": device.status},
        {"Name": "dev:device_sdk", "Value": DEVICE_SDK},
    ]
    return out


def render(device: Device, *, region: str, account_id: str, user_pool_id: str,
           username: str) -> dict[str, Any]:
    """``DeviceType``."""
    return {
        "DeviceKey": device.key,
        "DeviceAttributes": attributes(device, region=region, account_id=account_id,
                                       user_pool_id=user_pool_id, username=username),
        "DeviceCreateDate": device.created,
        "DeviceLastModifiedDate": device.modified,
        "DeviceLastAuthenticatedDate": float(device.last_authenticated),
    }


# -- the device proof -----------------------------------------------------------------------------


def begin(device: Device, a: int, b: int, secret_block: bytes) -> srp.Challenge | None:
    """The ``DEVICE_PASSWORD_VERIFIER`` exchange for a client's ``A``: ``B = k·v_dev + g^b``
    (srp.md §7 step 3); None when this ``b`` must be redrawn (see :func:`srp.begin`)."""
    if device.verifier is None:
        return None
    return srp.begin(device.key, device.verifier, a, b, secret_block)


def challenge_parameters(exchange: srp.Challenge, username: str) -> dict[str, str]:
    """SALT (the stored salt as :func:`srp.to_hex`), SRP_B, SECRET_BLOCK, USERNAME and DEVICE_KEY
    (cognito-srp-helper throws without DEVICE_KEY; .NET reads it and USERNAME) [CODE, srp.md
    §7]; no USER_ID_FOR_SRP."""
    parameters = exchange.parameters(username)
    del parameters["USER_ID_FOR_SRP"]
    parameters["DEVICE_KEY"] = exchange.user_id
    return parameters


def claim_signature(key: bytes, device_group_key: str, device_key: str, secret_block: bytes,
                    timestamp: str) -> str:
    """``Base64(HMAC-SHA256(K, DeviceGroupKey ‖ DeviceKey ‖ SECRET_BLOCK ‖ TIMESTAMP))``: the
    group key takes the pool name's place and the device key the username's [CODE: every
    client, srp.md §7 step 4]."""
    message = (device_group_key.encode() + device_key.encode() + secret_block
               + timestamp.encode())
    return base64.b64encode(hmac.digest(key, message, "sha256")).decode()


def proves_device(exchange: srp.Challenge, device_group_key: str, timestamp: str,
                  signature: str) -> bool:
    """Whether ``signature`` proves the device secret for the canonical ``timestamp``
    (:func:`srp.canonical_timestamp`); compared in constant time."""
    key = srp.session_key(exchange.a, exchange.big_b, exchange.b, exchange.verifier.v)
    expected = claim_signature(key, device_group_key, exchange.user_id, exchange.secret_block,
                               timestamp)
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))
