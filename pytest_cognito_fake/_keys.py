"""Signing keys per user pool, and the JWKS a pool publishes.

Real pools sign ID and access tokens with two different RSA keys (distinct ``kid``s, RS256) and
publish both at ``https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json``
(cognito-errors.md §4). A kid is the Base64 of 32 bytes (44 characters) [REAL].

Generating a 2048-bit RSA key costs tens of milliseconds, so keys come from a process-wide
supply made on first use: the n-th key a fake hands out is the n-th key of the supply, so tests
stay fast and every pool of a fake still gets keys of its own. ``rotate`` gives a pool new
current keys; the old ones stay in its JWKS, so tokens already issued still verify.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from typing import Any

import attrs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

_SUPPLY: list[rsa.RSAPrivateKey] = []
_SUPPLY_LOCK = threading.Lock()


def _supplied(index: int) -> rsa.RSAPrivateKey:
    with _SUPPLY_LOCK:
        while len(_SUPPLY) <= index:
            _SUPPLY.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _SUPPLY[index]


def _b64url_uint(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@attrs.frozen
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey = attrs.field(repr=False)

    @property
    def pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())

    def jwk(self) -> dict[str, str]:
        """The public key as a JWKS entry, members as Cognito lists them."""
        numbers = self.private_key.public_key().public_numbers()
        return {"alg": "RS256", "e": _b64url_uint(numbers.e), "kid": self.kid, "kty": "RSA",
                "n": _b64url_uint(numbers.n), "use": "sig"}


def _kid(key: rsa.RSAPrivateKey) -> str:
    der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@attrs.define
class PoolKeys:
    """A pool's keys: the current ID-token and access-token keys, and all it ever published."""

    id_token: SigningKey
    access_token: SigningKey
    published: list[SigningKey]

    def by_kid(self, kid: str) -> SigningKey | None:
        for key in self.published:
            if key.kid == kid:
                return key
        return None

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.jwk() for key in self.published]}


class KeyRing:
    """The keys of every pool of one fake (see the module docstring)."""

    def __init__(self) -> None:
        self._pools: dict[str, PoolKeys] = {}
        self._handed_out = 0

    def _next(self) -> SigningKey:
        key = _supplied(self._handed_out)
        self._handed_out += 1
        return SigningKey(_kid(key), key)

    def for_pool(self, user_pool_id: str) -> PoolKeys:
        keys = self._pools.get(user_pool_id)
        if keys is None:
            id_key, access_key = self._next(), self._next()
            keys = PoolKeys(id_key, access_key, [id_key, access_key])
            self._pools[user_pool_id] = keys
        return keys

    def rotate(self, user_pool_id: str) -> PoolKeys:
        """New current keys for the pool; the old ones stay published."""
        keys = self.for_pool(user_pool_id)
        keys.id_token, keys.access_token = self._next(), self._next()
        keys.published = [keys.id_token, keys.access_token, *keys.published]
        return keys

    def forget(self, user_pool_id: str) -> None:
        self._pools.pop(user_pool_id, None)
