"""Reading the members of a Lambda trigger's reply the way Cognito does, as pure functions.

Cognito reads a reply into typed fields; a member of the wrong JSON type makes the whole reply
unreadable, which the API reports as ``InvalidLambdaResponseException`` ``Invalid lambda function
output : Invalid JSON`` (triggers.md §4). [INF] where a Java string field meets a JSON number or
boolean, it takes the value's JSON text (``42``, ``true``), as Jackson's default scalar coercion
does; an object or array there is unreadable; ``null`` is "not set".
"""

from __future__ import annotations

import json
from typing import Any


class UnreadableReply(ValueError):
    """The reply does not have the shape Cognito reads (InvalidLambdaResponseException)."""


def object_member(value: Any, member: str) -> dict[str, Any] | None:
    """A JSON object member, or None when unset."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise UnreadableReply(f"{member} is not an object")
    return value


def string_value(value: Any, member: str) -> str | None:
    """A string member, or None when unset; numbers and booleans read as their JSON text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    raise UnreadableReply(f"{member} is not a string")


def string_list(value: Any, member: str) -> list[str]:
    """A list of strings, empty when unset."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise UnreadableReply(f"{member} is not a list")
    out = [string_value(v, member) for v in value]
    return [v for v in out if v is not None]


def string_map(value: Any, member: str) -> dict[str, str]:
    """A map of strings, empty when unset; entries whose value is null are left out."""
    given = object_member(value, member) or {}
    out = {}
    for key, item in given.items():
        text = string_value(item, member)
        if text is not None:
            out[str(key)] = text
    return out


def boolean(value: Any) -> bool:
    """A boolean member: only JSON ``true`` counts as true [INF]."""
    return value is True
