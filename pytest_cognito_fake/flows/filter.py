"""The ListUsers ``Filter``: parsing and matching, pure.

Grammar (reference defaults.md §4.1, model ListUsersRequest.Filter)::

    filter    = ws [ name ws op ws value ws ]         ; empty (or blank) lists every user
    name      = bare | '"' bare '"'                   ; ``"email"^="x"`` is the API example
    bare      = 1*( any char but whitespace, '=', '^', '"', '\\' )
    op        = "=" | "^="                            ; exact, prefix ("starts with")
    value     = '"' *( char but '"' and '\\' | '\\' char ) '"'
    ws        = *( " " | tab | CR | LF )

A backslash inside the value escapes the next character (``\\"`` is a quote, ``\\\\`` a
backslash). Anything else, including backslashes before the delimiting quotes (a doubly escaped
filter, ``phone_number ^= \\"+4474\\"``), is ``Error while parsing filter.`` [REAL]. Which
whitespace characters count [INF]: ASCII space, tab, CR, LF.

Which attributes are searchable and how they compare is data here, used by the ListUsers
operation to build its indexes. The name check is exact (``Email`` is not ``email``) [INF].
"""

from __future__ import annotations

import attrs

from pytest_cognito_fake.errors import InvalidParameterException

#: The attributes ListUsers can filter on (model ListUsersRequest.Filter) [AWS-DOC].
SEARCHABLE = frozenset({
    "username", "email", "phone_number", "name", "given_name", "family_name",
    "preferred_username", "cognito:user_status", "status", "sub",
})

#: Compared exactly [AWS-DOC: "username (case-sensitive)", "status ... (case-sensitive)"].
#: Every other searchable attribute compares case-insensitively: the model calls
#: ``cognito:user_status`` case-insensitive and the 2023 Developer Guide says "All searches are
#: case-insensitive" (defaults.md §4.1, conflicting sources; this is the chosen reading).
CASE_SENSITIVE = frozenset({"username", "status"})

_WS = " \t\r\n"
_NAME_STOP = _WS + '="^\\'


@attrs.frozen
class Filter:
    """One condition: ``attribute = "value"``, or ``attribute ^= "value"`` with ``prefix``."""

    attribute: str
    prefix: bool
    value: str

    def fold(self, text: str) -> str:
        """``text`` as this filter's attribute compares it."""
        return fold(self.attribute, text)

    def matches(self, actual: str | None) -> bool:
        """Whether a user whose attribute is ``actual`` (None: not set) is selected."""
        if actual is None:
            return False  # a user lacking the attribute never matches [INF]
        have, want = self.fold(actual), self.fold(self.value)
        return have.startswith(want) if self.prefix else have == want


def fold(attribute: str, text: str) -> str:
    """How values of ``attribute`` compare: as they are, or case-folded."""
    return text if attribute in CASE_SENSITIVE else text.casefold()


def parse_filter(text: str) -> Filter | None:
    """The condition ``text`` states, or None when it is blank (list every user).

    Raises only ``InvalidParameterException("Error while parsing filter.")``; whether the
    attribute is searchable is the caller's check (it has its own message).
    """
    n = len(text)
    i = _skip_ws(text, 0)
    if i == n:
        return None
    # attribute name, bare or quoted
    if text[i] == '"':
        start = i + 1
        end = _scan_name(text, start)
        if end == start or end >= n or text[end] != '"':
            raise InvalidParameterException.filter_parse()
        name = text[start:end]
        i = end + 1
    else:
        end = _scan_name(text, i)
        if end == i:
            raise InvalidParameterException.filter_parse()
        name = text[i:end]
        i = end
    i = _skip_ws(text, i)
    # operator
    if text.startswith("^=", i):
        prefix, i = True, i + 2
    elif text.startswith("=", i):
        prefix, i = False, i + 1
    else:
        raise InvalidParameterException.filter_parse()
    i = _skip_ws(text, i)
    # quoted value with backslash escapes
    if i >= n or text[i] != '"':
        raise InvalidParameterException.filter_parse()
    i += 1
    chars: list[str] = []
    while True:
        if i >= n:
            raise InvalidParameterException.filter_parse()
        c = text[i]
        if c == '"':
            i += 1
            break
        if c == "\\":
            if i + 1 >= n:
                raise InvalidParameterException.filter_parse()
            chars.append(text[i + 1])
            i += 2
            continue
        chars.append(c)
        i += 1
    if _skip_ws(text, i) != n:
        raise InvalidParameterException.filter_parse()
    return Filter(name, prefix, "".join(chars))


def render_filter(condition: Filter, *, quote_name: bool = False, spaced: bool = True) -> str:
    """The filter string for ``condition`` (the inverse of :func:`parse_filter`)."""
    value = condition.value.replace("\\", "\\\\").replace('"', '\\"')
    name = f'"{condition.attribute}"' if quote_name else condition.attribute
    op = "^=" if condition.prefix else "="
    sep = " " if spaced else ""
    return f'{name}{sep}{op}{sep}"{value}"'


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _WS:
        i += 1
    return i


def _scan_name(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] not in _NAME_STOP:
        i += 1
    return i
