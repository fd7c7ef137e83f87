"""ListUsers: filter, AttributesToGet, paging, over indexes built on demand.

Order [INF]: real Cognito guarantees no order, only that one token chain never repeats a user
(model ListUsersRequest). Without a Filter the fake lists users by username (the pool's lookup
key, so case-folded in case-insensitive pools); with one, by the filtered attribute's compared
value, then username (the older Developer Guide: "sorted by the attribute ... ascending").

Indexes: for each attribute a filter names, a sorted list of ``compared value, username key``
entries, built on first use and then kept up to date from the pool's change log
(``UserPool.changes``: every user change records the user), each change a bisection and an
insertion; many pending changes (a seed) rebuild it instead. A page is then two bisections and
at most ``Limit + 1`` steps, whatever the pool's size. Candidates are re-checked against the
live record, so a change that forgot to record itself can hide a new match but never show a
wrong one.

Tokens carry the last key returned, not a position, so users created or deleted between pages
neither repeat nor shift the chain; a user whose filtered attribute changes mid-chain can move.
A token is bound to the pool and the exact Filter string (reused with another: ``Paging marker
<token> is invalid for request <request id>`` [REAL] aws/aws-sdk-js#3705, exception name [INF]),
and lives one hour (Developer Guide); an expired token fails the same way [INF].
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Iterator
from typing import Any

import attrs

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import User, UserPool
from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.flows.filter import SEARCHABLE, Filter, fold, parse_filter
from pytest_cognito_fake.operations import _paging
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import render_user_type

#: How long a PaginationToken stays valid (Developer Guide: one hour) [AWS-DOC].
TOKEN_LIFETIME = 3600.0

#: The pseudo attribute of the unfiltered listing: every user, by username key.
_ALL = ""


def attribute_value(user: User, attribute: str) -> str | None:
    """What a filter on ``attribute`` compares for ``user`` (None: the user lacks it).

    ``status`` is ``Enabled``/``Disabled`` (the console's names) [INF-strong, defaults.md §4.1];
    ``cognito:user_status`` is the UserStatus; the rest are stored attributes (``sub`` included).
    """
    if attribute == "username":
        return user.username
    if attribute == "status":
        return "Enabled" if user.enabled else "Disabled"
    if attribute == "cognito:user_status":
        return user.status
    return user.attributes.get(attribute)


#: Joins an index entry's compared value and username key. Sorting the joined strings sorts
#: by value, then key, as NUL sorts first and no username holds it (model UsernameType).
_SEP = "\x00"


@attrs.define
class _Index:
    """One attribute's sorted ``value + _SEP + username key`` strings, the entry of each user,
    and how much of the pool's change log it has taken in. Plain strings are not tracked by the
    cyclic GC, so an index over 100,000 users triggers no collection."""

    entries: list[str]
    entry_of: dict[str, str]
    seen: int


#: Past this many pending changes an index is rebuilt rather than patched.
_PATCH_LIMIT = 2000

_CACHE: weakref.WeakKeyDictionary[UserPool, dict[str, _Index]] = weakref.WeakKeyDictionary()


def _entry(pool: UserPool, key: str, attribute: str) -> str | None:
    user = pool.users.get(key)
    if user is None:
        return None
    if attribute == _ALL:
        return key
    value = attribute_value(user, attribute)
    return None if value is None else fold(attribute, value) + _SEP + key


def _index(pool: UserPool, attribute: str) -> list[str]:
    """The attribute's index, brought up to date: patched with the users changed since it was
    last used (each a bisection and an insertion), rebuilt when too many changed."""
    indexes = _CACHE.get(pool)
    if indexes is None:
        indexes = _CACHE[pool] = {}
    index = indexes.get(attribute)
    pending = len(pool.changes) - index.seen if index is not None else 0
    if index is None or pending > max(_PATCH_LIMIT, len(index.entries) // 10):
        index = indexes[attribute] = _build(pool, attribute)
    elif pending:
        for key in dict.fromkeys(pool.changes[index.seen:]):
            old = index.entry_of.pop(key, None)
            if old is not None:
                del index.entries[bisect.bisect_left(index.entries, old)]
            new = _entry(pool, key, attribute)
            if new is not None:
                bisect.insort(index.entries, new)
                index.entry_of[key] = new
        index.seen = len(pool.changes)
    return index.entries


def warm_indexes(pool: UserPool) -> None:
    """Build the indexes of every searchable attribute (and of the unfiltered listing) now."""
    for attribute in (_ALL, *sorted(SEARCHABLE)):
        _index(pool, attribute)


def _build(pool: UserPool, attribute: str) -> _Index:
    entry_of: dict[str, str] = {}
    for key in pool.users:
        entry = _entry(pool, key, attribute)
        if entry is not None:
            entry_of[key] = entry
    return _Index(sorted(entry_of.values()), entry_of, len(pool.changes))


def _select(pool: UserPool, condition: Filter | None,
            after: str | None) -> Iterator[tuple[str, User]]:
    """The users ``condition`` selects, in index order, strictly after the entry ``after``."""
    attribute = _ALL if condition is None else condition.attribute
    index = _index(pool, attribute)
    if condition is None:
        want = stop = ""
    else:
        want = condition.fold(condition.value)
        if _SEP in want:
            return  # no stored value holds NUL; it would only confuse the bisection
        # ``=`` selects the entries starting with value + NUL; ``^=`` those starting with value.
        stop = want if condition.prefix else want + _SEP
    lo = bisect.bisect_left(index, stop)
    if after is not None:
        lo = max(lo, bisect.bisect_right(index, after))
    users = pool.users
    for i in range(lo, len(index)):
        entry = index[i]
        if not entry.startswith(stop):
            return
        user = users.get(entry if condition is None else entry[entry.rindex(_SEP) + 1:])
        if user is None:
            continue  # deleted since the index was built
        if condition is not None and not condition.matches(attribute_value(user, attribute)):
            continue  # changed without a version bump: never show a wrong match
        yield entry, user


def _attribute_names(pool: UserPool, requested: list[str] | None) -> set[str] | None:
    """AttributesToGet as a set; None (or an empty list [INF, as moto]) means every attribute.

    A name outside the pool's schema can be set on no user, so it always fails with the text
    Cognito gives when a requested attribute is unset: ``Input fails to satisfy the
    constraints.`` [REAL message, aws-samples/sample-collaborative-ai-dlc#52; cause INF].
    """
    if not requested:
        return None
    schema = {a["Name"] for a in pool.schema}
    if any(name not in schema for name in requested):
        raise InvalidParameterException.attributes_to_get_missing()
    return set(requested)


def _check_attributes_set(users: list[User], names: set[str] | None) -> None:
    """Model ListUsersRequest.AttributesToGet: "Attributes that you can't filter on, including
    custom attributes, must have a value set in every user profile"; checked over the users of
    the page returned [INF: the page, not the whole pool]. Searchable ones may be unset."""
    if names is None:
        return
    strict = [n for n in names if n not in SEARCHABLE]
    for user in users:
        for name in strict:
            if name not in user.attributes:
                raise InvalidParameterException.attributes_to_get_missing()


@operation("ListUsers")
def list_users(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    text = params.get("Filter") or ""
    condition = parse_filter(text)
    if condition is not None and condition.attribute not in SEARCHABLE:
        raise InvalidParameterException.invalid_search_attribute(condition.attribute)
    names = _attribute_names(pool, params.get("AttributesToGet"))
    limit = params.get("Limit") or _defaults.DEFAULT_PAGE_SIZE
    request = {"op": "ListUsers", "pool": pool.id, "filter": text}

    after: str | None = None
    token = params.get("PaginationToken")
    if token is not None:
        after = _cursor(ctx, token, request)

    users: list[User] = []
    last: str | None = None
    more = False
    for key, user in _select(pool, condition, after):
        if len(users) == limit:
            more = True
            break
        users.append(user)
        last = key
    _check_attributes_set(users, names)

    out: dict[str, Any] = {"Users": [render_user_type(u, names) for u in users]}
    if more and last is not None:
        out["PaginationToken"] = _paging.encode_state(
            {"k": last, "t": ctx.now}, request)
    return out


def _cursor(ctx: Context, token: str, request: dict[str, Any]) -> str:
    state = _paging.decode_state(token, request)
    if (
        isinstance(state, dict)
        and isinstance(state.get("t"), (int, float))
        and ctx.now - state["t"] <= TOKEN_LIFETIME
        and isinstance(state.get("k"), str)
    ):
        return str(state["k"])
    raise InvalidParameterException.pagination_token(token, ctx.request_id)
