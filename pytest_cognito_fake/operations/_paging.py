"""Opaque page tokens bound to the request that made them.

A token carries where the next page starts and a digest of the request's other parameters, so
reusing it with a different request fails as Cognito's does (aws/aws-sdk-js#3705).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pytest_cognito_fake.errors import CognitoError, InvalidParameterException

T = TypeVar("T")


def _digest(request: dict[str, Any]) -> str:
    canon = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canon.encode()).hexdigest()[:16]


def encode(position: int, request: dict[str, Any]) -> str:
    raw = json.dumps({"p": position, "h": _digest(request)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, request: dict[str, Any], error: Callable[[], CognitoError]) -> int:
    """The position a token points at; ``error()`` is raised for a foreign or damaged token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        position = data["p"]
        ok = isinstance(position, int) and position >= 0 and data["h"] == _digest(request)
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise error()
    return int(position)


def page(items: Sequence[T], token: str | None, limit: int, request: dict[str, Any],
         error: Callable[[], CognitoError]) -> tuple[Sequence[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last)."""
    start = 0 if token is None else decode(token, request, error)
    end = start + limit
    chunk = items[start:end]
    return chunk, (encode(end, request) if end < len(items) else None)


def encode_state(state: Any, request: dict[str, Any]) -> str:
    """A token carrying any JSON ``state`` (a cursor key, an issue time), bound to ``request``."""
    raw = json.dumps({"s": state, "h": _digest(request)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_state(token: str, request: dict[str, Any]) -> Any:
    """The state a token carries, or None for a foreign, damaged or mismatched token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        if isinstance(data, dict) and data.get("h") == _digest(request):
            return data.get("s")
    except (ValueError, TypeError):
        pass
    return None


def next_token_listing(member: str, items: Sequence[T], render: Callable[[T], Any],
                       token: str | None, limit: int,
                       request: dict[str, Any]) -> dict[str, Any]:
    """A list operation's body: ``{member: [...], "NextToken": ...}``, the token only when more
    items follow; a token not issued for this request is ``Invalid pagination token.``."""
    chunk, next_token = page(items, token, limit, request, InvalidParameterException.next_token)
    out: dict[str, Any] = {member: [render(item) for item in chunk]}
    if next_token is not None:
        out["NextToken"] = next_token
    return out
