"""One generic validator driven by botocore's model: what Cognito's front end (Coral) checks.

Input: every request is checked against its operation's input shape before the operation runs.
JSON type mismatches give ``SerializationException``; constraint violations are collected as
:class:`Violation` records and rendered once into Coral's ``InvalidParameterException`` text
(reference cognito-errors.md §1.5)::

    2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must
    have length greater than or equal to 1; Value at 'username' failed to satisfy constraint: ...

Output: a success body is checked against the output shape, so a bug in an operation fails the
test loudly instead of answering with a body real Cognito would never send (fidelity rule 2).

Patterns are read with Java's meaning (:func:`java_pattern`). Choices where no capture exists
[INF], kept here: members are reported in model order, depth
first, and for each member min length, max length, pattern, enum in that order; nested members are
named Coral-style (``userAttributes.1.member.value``, ``policies.passwordPolicy.minimumLength``);
an enum or pattern failure of a list element is reported on the list as ``Member must satisfy
constraint: [<inner>]`` (the form seen for ``explicitAuthFlows``); enum value sets are printed in
the model's order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import regex

from pytest_cognito_fake.errors import InvalidParameterException, SerializationException

if TYPE_CHECKING:
    from botocore.model import Shape

#: The model marks ClientIdType sensitive, yet a real message printed the client id
#: (boto/boto3#3581: ``Value 'ap-northeast-1_xxxxxxxxx' at 'clientId'``).
_SHOWN_DESPITE_SENSITIVE = frozenset({"ClientIdType"})

_INT_TYPES = ("integer", "long")
#: Java's int and long: a number outside them cannot be read into the member, which Coral
#: reports as a SerializationException like any other type mismatch [INF].
_INT_BOUNDS = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_FLOAT_TYPES = ("double", "float")


@attrs.frozen
class Violation:
    """One failed constraint: where, the value as Coral prints it (None: hidden), and the rule."""

    path: str
    shown: str | None
    constraint: str

    def render(self) -> str:
        where = "Value at" if self.shown is None else f"Value {self.shown} at"
        return f"{where} '{self.path}' failed to satisfy constraint: {self.constraint}"


def render(violations: Sequence[Violation]) -> InvalidParameterException:
    """Coral's text: count, singular or plural, items joined with ``"; "``."""
    n = len(violations)
    noun = "validation error" if n == 1 else "validation errors"
    items = "; ".join(v.render() for v in violations)
    return InvalidParameterException(f"{n} {noun} detected: {items}")


def validate_input(shape: Shape | None, params: Any) -> None:
    """Raise the error Cognito's front end would give for ``params``, or return."""
    if shape is None:
        return
    if not isinstance(params, dict):
        raise SerializationException()
    # The cache read here, not through _acceptor: every request makes it.
    if (_ACCEPTORS.get(shape.name) or _once(_ACCEPTORS, shape, _build_acceptor))(params):
        return  # valid: the walker below would find nothing
    violations: list[Violation] = []
    _structure(shape, params, "", violations)
    if violations:
        if params.get("AccessToken") is None and "AccessToken" in shape.required_members:
            # A token operation without its token says only that (cognito-errors.md §3.8).
            raise InvalidParameterException.access_token_null()
        raise render(violations)


#: Java's predefined classes are ASCII-only (no UNICODE_CHARACTER_CLASS flag): ``\w`` is
#: ``[a-zA-Z0-9_]``, ``\s`` the six ASCII spaces. Python's are Unicode-wide, so ``[\w-]+`` would
#: let ``café`` through where Coral (java.util.regex) rejects it.
_JAVA_CLASSES = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\x0b\\f\\r"}
#: Java's ``.`` stops at every line terminator, Python's only at ``\n``.
_JAVA_DOT = "[^\\n\\r\\x85\\u2028\\u2029]"


def java_pattern(pattern: str) -> tuple[str, bool]:
    """``pattern`` (java.util.regex syntax, as the model writes it) with Java's meaning in the
    ``regex`` module, and whether it needs ``regex.V1`` (a negated class inside a set).

    Coral checks patterns with ``Matcher.matches()``: the whole value must match (fullmatch).
    The model's patterns use no nested sets and no ``--``/``&&`` inside classes, so the V1 set
    syntax only ever sees what this function writes. [INF: Coral's engine is java.util.regex.]
    """
    out: list[str] = []
    in_class = nested = False
    dotall = pattern.startswith("(?s)")
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            body = _JAVA_CLASSES.get(escaped.lower())
            if body is None:
                out.append(pattern[i:i + 2])
            elif escaped.islower():
                out.append(body if in_class else f"[{body}]")
            else:
                out.append(f"[^{body}]")
                nested = nested or in_class
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "." and not dotall:
            ch = _JAVA_DOT
        out.append(ch)
        i += 1
    return "".join(out), nested


@functools.cache
def _compiled(pattern: str) -> Any:
    # Patterns with \p{L}-style classes or nested sets need ``regex``; the rest (most of them)
    # compile with the stdlib's faster ``re``, which reads them alike.
    # ``[\S]`` (a set of one negated class, common in the model) is ``\S``: no nested set.
    source, nested = java_pattern(pattern.replace("[\\S]", "\\S"))
    if nested or "\\p{" in source or "\\P{" in source:
        return regex.compile(source, regex.V1 if nested else regex.V0)
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source, regex.V0)


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _java(value: Any) -> str:
    """How Coral (Java) prints a value inside ``Value '...'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_java(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "null"
    return str(value)


def _shown(shape: Shape, value: Any) -> str | None:
    if shape.metadata.get("sensitive") and shape.name not in _SHOWN_DESPITE_SENSITIVE:
        return None
    if value is None:
        return "null"
    return f"'{_java(value)}'"


def _hidden_null(shape: Shape) -> str | None:
    # ``Value null at 'confirmationCode'`` for a visible member; sensitive ones hide even null.
    if shape.metadata.get("sensitive") and shape.name not in _SHOWN_DESPITE_SENSITIVE:
        return None
    return "null"


#: Per structure shape: (member name, its camelCase name, member shape, required), once.
_MEMBERS: dict[str, tuple[tuple[str, str, Shape, bool], ...]] = {}
#: Per string shape: (min, max, compiled pattern or None, pattern text, enum values).
_STRING_RULES: dict[str, tuple[int | None, int | None, Any, str | None, tuple[str, ...]]] = {}


def _members(shape: Shape) -> tuple[tuple[str, str, Shape, bool], ...]:
    members = _MEMBERS.get(shape.name)
    if members is None:
        required = set(shape.required_members)
        members = tuple((name, _camel(name), member, name in required)
                        for name, member in shape.members.items())
        _MEMBERS[shape.name] = members
    return members


def _string_rules(shape: Shape) -> tuple[int | None, int | None, Any, str | None,
                                         tuple[str, ...]]:
    rules = _STRING_RULES.get(shape.name)
    if rules is None:
        meta = shape.metadata
        pattern = meta.get("pattern")
        rules = (meta.get("min"), meta.get("max"),
                 _compiled(pattern) if pattern is not None else None, pattern,
                 tuple(shape.enum or ()))
        _STRING_RULES[shape.name] = rules
    return rules


# An acceptor answers "would the walker below find nothing?" for one value of one shape,
# without building paths or violations. Most requests are valid, so each request runs its
# shape's acceptor, and the walker only when the acceptor says no (then the walker decides,
# so the acceptor may say no for anything it is unsure of, never yes). Built once per shape.
_Acceptor = Callable[[Any], bool]
_ACCEPTORS: dict[str, _Acceptor] = {}


_Built = TypeVar("_Built", bound=Callable[..., Any])


def _once(cache: dict[str, _Built], shape: Shape, build: Callable[[Shape], _Built]) -> _Built:
    """``build(shape)``, kept in ``cache`` under the shape's name. Called on a miss only:
    callers read the cache themselves, so a hit, which every request makes, costs no call.
    A placeholder that defers to the cache stands in while it is built: shapes may be
    recursive."""
    name = shape.name
    cache[name] = cast(_Built, lambda *args: cache[name](*args))
    built = cache[name] = build(shape)
    return built


def _acceptor(shape: Shape) -> _Acceptor:
    return _ACCEPTORS.get(shape.name) or _once(_ACCEPTORS, shape, _build_acceptor)


def _build_acceptor(shape: Shape) -> _Acceptor:
    kind = shape.type_name
    meta = shape.metadata
    low = meta.get("min")
    high = meta.get("max")
    if kind == "string":
        low_, high_, compiled, pattern, enum = _string_rules(shape)
        least = low_ if low_ is not None else 0
        most = high_ if high_ is not None else float("inf")
        values = frozenset(enum)
        if compiled is None:
            def string(value: Any) -> bool:
                return (type(value) is str and least <= len(value) <= most
                        and (not values or value in values))
            return string
        matched, learn = _learner(shape.name, compiled, pattern or "")

        def patterned(value: Any) -> bool:
            if type(value) is not str or not least <= len(value) <= most:
                return False
            if value not in matched and not learn(value):
                return False
            return not values or value in values
        return patterned
    if kind == "structure":
        return _structure_acceptor(shape)
    if kind in ("list", "map"):
        least = low if low is not None else 0
        most = high if high is not None else float("inf")
        if kind == "list":
            item = _acceptor(shape.member)

            def list_(value: Any) -> bool:
                return (type(value) is list and least <= len(value) <= most
                        and all(item(v) for v in value))
            return list_
        key, val = _acceptor(shape.key), _acceptor(shape.value)

        def map_(value: Any) -> bool:
            return (type(value) is dict and least <= len(value) <= most
                    and all(key(k) and val(v) for k, v in value.items()))
        return map_
    if kind in _INT_TYPES:
        bottom, top = _INT_BOUNDS[kind]
        least = max(bottom, low) if low is not None else bottom
        most = min(top, high) if high is not None else top
        return lambda value: type(value) is int and least <= value <= most
    if kind == "boolean":
        return lambda value: type(value) is bool
    # Anything rarer (floats, timestamps, blobs): the walker decides.
    return lambda value: False


#: Per string shape: the values that matched its pattern, and the function that matches and
#: remembers a new one. Per shape, not per member: ForgotPassword's ``Username`` and
#: ConfirmForgotPassword's share what they learned.
_LEARNERS: dict[str, tuple[set[str], Callable[[str], bool]]] = {}


def _learner(shape_name: str, compiled: Any,
             pattern: str) -> tuple[set[str], Callable[[str], bool]]:
    """``pattern``: the model's text of the pattern ``compiled`` was made from."""
    pair = _LEARNERS.get(shape_name)
    if pair is None:
        matched: set[str] = set()
        pair = _LEARNERS[shape_name] = (matched, _make_learner(compiled, pattern, matched))
    return pair


#: A pattern that is one character class repeated (``[\\p{L}\\p{M}...]+``, ``[\\S]+``,
#: ``[\\w+]+``): the model's most common form.
_ONE_CLASS = re.compile(r"\[[^\[\]]*\]\+")


def _ascii_in_class(compiled: Any, pattern: str) -> frozenset[str] | None:
    """For a one-class pattern, the ASCII characters its class holds (found with the compiled
    pattern itself); None for any other pattern."""
    if not _ONE_CLASS.fullmatch(pattern):
        return None
    return frozenset(c for c in map(chr, range(128)) if compiled.fullmatch(c) is not None)


def _make_learner(compiled: Any, pattern: str, matched: set[str]) -> Callable[[str], bool]:
    """Match ``value`` against ``compiled`` and remember it when it matches. Matched values
    are remembered because the same client ids, usernames and passwords come back request
    after request, and a set lookup costs a fraction of a match (``\\p{..}`` patterns go
    through ``regex``). Bounded: emptied when full.

    A one-class pattern matches a string when the string is not empty and each character is in
    the class; for ASCII strings (nearly all) that is a subset test against the ASCII characters
    the class holds, worked out once with the compiled pattern itself, so ``regex`` runs only
    for other strings."""
    fullmatch = compiled.fullmatch
    ascii_in_class = _ascii_in_class(compiled, pattern)
    superset = ascii_in_class.issuperset if ascii_in_class is not None else None

    def learn(value: str) -> bool:
        if superset is not None and value.isascii():
            if not value or not superset(value):
                return False
        elif fullmatch(value) is None:
            return False
        if len(matched) >= 4096:
            matched.clear()
        matched.add(value)
        return True
    return learn


def _structure_acceptor(shape: Shape) -> _Acceptor:
    """A structure's acceptor as one generated function, a few lines per member with string
    rules inline: it runs for every request, and an unrolled body costs about half of a loop
    over member records."""
    env: dict[str, Any] = {}
    lines = ["def accept(value):",
             "    if type(value) is not dict:",
             "        return False",
             "    get = value.get"]
    members = _members(shape)
    # Required members first: when the body holds nothing else (the usual request), the
    # optional ones need no look-up at all.
    ordered = [m for m in members if m[3]] + [m for m in members if not m[3]]
    required_count = len(ordered) - sum(1 for m in members if not m[3])
    for i, (name, _, member, required) in enumerate(ordered):
        if not required and i == required_count:
            lines += [f"    if len(value) == {required_count}:", "        return True"]
        lines.append(f"    v = get({name!r})")
        if required:
            lines += ["    if v is None:", "        return False"]
            indent = "    "
        else:
            lines.append("    if v is not None:")
            indent = "        "
        if member.type_name == "string":
            low, high, compiled, pattern, enum = _string_rules(member)
            checks = ["type(v) is not str"]
            if low is not None:
                checks.append(f"len(v) < {int(low)}")
            if high is not None:
                checks.append(f"len(v) > {int(high)}")
            if compiled is not None:
                env[f"m{i}"], env[f"learn{i}"] = _learner(member.name, compiled,
                                                           pattern or "")
                checks.append(f"(v not in m{i} and not learn{i}(v))")
            if enum:
                env[f"e{i}"] = frozenset(enum)
                checks.append(f"v not in e{i}")
            condition = " or ".join(checks)
        else:
            env[f"a{i}"] = _acceptor(member)
            condition = f"not a{i}(v)"
        lines += [f"{indent}if {condition}:", f"{indent}    return False"]
    lines.append("    return True")
    exec(compile("\n".join(lines), f"<acceptor of {shape.name}>", "exec"), env)
    accept: _Acceptor = env["accept"]
    return accept


def _structure(shape: Shape, value: Mapping[str, Any], path: str, out: list[Violation]) -> None:
    for name, camel, member, required in _members(shape):
        child = value.get(name)
        if child is None:
            if required:
                where = f"{path}.{camel}" if path else camel
                if member.type_name in _INT_TYPES and "min" in member.metadata:
                    # Coral reads a missing number as 0 (defaults.md §1.6, aws-sdk-js-v3#2335).
                    _number(member, 0, where, out)
                else:
                    out.append(Violation(where, _hidden_null(member), "Member must not be null"))
            continue
        _value(member, child, f"{path}.{camel}" if path else camel, out)


def _value(shape: Shape, value: Any, path: str, out: list[Violation]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise SerializationException()
        _structure(shape, value, path, out)
    elif kind == "list":
        if not isinstance(value, list):
            raise SerializationException()
        _length(shape, value, len(value), path, out)
        member = shape.member
        if member.type_name in ("structure", "list", "map"):
            for i, item in enumerate(value, start=1):
                _value(member, item, f"{path}.{i}.member", out)
        else:
            inner: list[Violation] = []
            for item in value:
                _value(member, item, path, inner)
            seen: set[str] = set()
            for v in inner:
                if v.constraint not in seen:
                    seen.add(v.constraint)
                    out.append(
                        Violation(path, _shown(shape, value),
                                  f"Member must satisfy constraint: [{v.constraint}]")
                    )
    elif kind == "map":
        if not isinstance(value, dict):
            raise SerializationException()
        _length(shape, value, len(value), path, out)
        key_shape = shape.key
        value_shape = shape.value
        for k, v in value.items():
            _value(key_shape, k, f"{path}.key", out)
            _value(value_shape, v, f"{path}.{k}", out)
    elif kind == "string":
        if not isinstance(value, str):
            raise SerializationException()
        _string(shape, value, path, out)
    elif kind in _INT_TYPES:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SerializationException()
        low, high = _INT_BOUNDS[kind]
        if not low <= value <= high:
            raise SerializationException()
        _number(shape, value, path, out)
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise SerializationException()
    elif kind in _FLOAT_TYPES or kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise SerializationException()
    elif kind == "blob" and not isinstance(value, str):
        raise SerializationException()


def _length(shape: Shape, value: Any, n: int, path: str, out: list[Violation]) -> None:
    meta = shape.metadata
    if "min" in meta and n < meta["min"]:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have length greater than or equal to {meta['min']}"))
    if "max" in meta and n > meta["max"]:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have length less than or equal to {meta['max']}"))


def _string(shape: Shape, value: str, path: str, out: list[Violation]) -> None:
    low, high, compiled, pattern, enum = _string_rules(shape)
    n = len(value)
    if low is not None and n < low:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have length greater than or equal to {low}"))
    if high is not None and n > high:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have length less than or equal to {high}"))
    if compiled is not None and compiled.fullmatch(value) is None:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must satisfy regular expression pattern: {pattern}"))
    if enum and value not in enum:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must satisfy enum value set: [{', '.join(enum)}]"))


def _number(shape: Shape, value: int, path: str, out: list[Violation]) -> None:
    meta = shape.metadata
    if "min" in meta and value < meta["min"]:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have value greater than or equal to {meta['min']}"))
    if "max" in meta and value > meta["max"]:
        out.append(Violation(path, _shown(shape, value),
                             f"Member must have value less than or equal to {meta['max']}"))


# -- output ----------------------------------------------------------------------------------


def output_problems(shape: Shape | None, body: Any) -> list[str]:
    """Where a success body strays from the output shape: unknown members, wrong JSON types,
    missing required members, nulls. Empty when the body is one Cognito could send."""
    problems: list[str] = []
    if shape is None:
        if body:
            problems.append(f"operation has no output shape but returned {sorted(body)}")
        return problems
    if (_FITS.get(shape.name) or _once(_FITS, shape, _build_fits))(body):
        return problems
    _checker(shape)(body, (), problems)
    return problems


# A fit test answers "would the checker below find nothing?" for one value of one shape, the
# output side's counterpart of the acceptors: every success body runs its shape's fit test, and
# the checker (which names the problems) only when the test says no. Built once per shape.
_FITS: dict[str, _Acceptor] = {}
#: Above this many members a structure's test loops over the body's keys instead of unrolling
#: over the members (large shapes are sparse: most members are absent).
_UNROLL_LIMIT = 12


def _fits(shape: Shape) -> _Acceptor:
    return _FITS.get(shape.name) or _once(_FITS, shape, _build_fits)


def _build_fits(shape: Shape) -> _Acceptor:
    kind = shape.type_name
    if kind == "structure" and len(shape.members) <= _UNROLL_LIMIT:
        return _structure_fits(shape)
    if kind == "list":
        item = _fits(shape.member)
        return lambda value: type(value) is list and all(item(v) for v in value)
    if kind == "map":
        entry = _fits(shape.value)
        return lambda value: type(value) is dict and all(entry(v) for v in value.values())
    if kind == "string":
        enum = frozenset(shape.enum or ())
        if enum:
            return lambda value: type(value) is str and value in enum
        return lambda value: type(value) is str
    # Large structures and the rarer scalars: the checker decides.
    return lambda value: False


def _structure_fits(shape: Shape) -> _Acceptor:
    """One generated function per structure: each member inline, then the count of members
    seen must equal the body's length, which rules out unknown members and nulls at once."""
    env: dict[str, Any] = {}
    lines = ["def fits(value):",
             "    if type(value) is not dict:",
             "        return False",
             "    get = value.get",
             "    seen = 0"]
    required = set(shape.required_members)
    for i, (name, member) in enumerate(shape.members.items()):
        plain = _plain_types(member)
        if plain is not None:
            env[f"t{i}"] = plain
            condition = f"type(v) not in t{i}"
        elif member.type_name == "string":  # an enum: inline too, one function fewer a body
            env[f"e{i}"] = frozenset(member.enum)
            condition = f"type(v) is not str or v not in e{i}"
        else:
            env[f"f{i}"] = _fits(member)
            condition = f"not f{i}(v)"
        lines += [f"    v = get({name!r})",
                  "    if v is not None:",
                  f"        if {condition}:",
                  "            return False",
                  "        seen += 1"]
        if name in required:
            lines += ["    else:", "        return False"]
    lines.append("    return seen == len(value)")
    exec(compile("\n".join(lines), f"<fit test of {shape.name}>", "exec"), env)
    fits: _Acceptor = env["fits"]
    return fits


# A checker walks one value of one shape. Checkers are built once per shape (this runs after
# every call, so it must be cheap) and build a path string only when they report a problem.
_Checker = Callable[[Any, tuple[str, ...], list[str]], None]
_CHECKERS: dict[str, _Checker] = {}


def _where(path: tuple[str, ...]) -> str:
    return "".join(path) or "<body>"


def _checker(shape: Shape) -> _Checker:
    return _CHECKERS.get(shape.name) or _once(_CHECKERS, shape, _build_checker)


def _build_checker(shape: Shape) -> _Checker:
    kind = shape.type_name
    if kind == "structure":
        return _structure_checker(shape)
    if kind == "list":
        item = _checker(shape.member)

        def check_list(value: Any, path: tuple[str, ...], out: list[str]) -> None:
            if not isinstance(value, list):
                out.append(f"{_where(path)}: expected a list")
                return
            for i, v in enumerate(value):
                item(v, (*path, f"[{i}]"), out)
        return check_list
    if kind == "map":
        item = _checker(shape.value)

        def check_map(value: Any, path: tuple[str, ...], out: list[str]) -> None:
            if not isinstance(value, dict):
                out.append(f"{_where(path)}: expected a map")
                return
            for k, v in value.items():
                item(v, (*path, f"[{k!r}]"), out)
        return check_map
    if kind == "string":
        enum = frozenset(shape.enum or ())
        name = shape.name

        def check_string(value: Any, path: tuple[str, ...], out: list[str]) -> None:
            if type(value) is not str:
                out.append(f"{_where(path)}: {type(value).__name__} is not a string")
            elif enum and value not in enum:
                out.append(f"{_where(path)}: {value!r} not in the enum of {name}")
        return check_string
    if kind in _INT_TYPES:
        types: tuple[type, ...] = (int,)
    elif kind == "boolean":
        types = (bool,)
    elif kind in _FLOAT_TYPES or kind == "timestamp":
        types = (int, float)
    else:
        types = (str,)

    def check_scalar(value: Any, path: tuple[str, ...], out: list[str]) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            out.append(f"{_where(path)}: {type(value).__name__} is not a {kind}")
    return check_scalar


def _plain_types(shape: Shape) -> frozenset[type] | None:
    """The exact JSON types a scalar member with no further rule accepts; None for the rest."""
    kind = shape.type_name
    if kind == "string":
        return None if shape.enum else frozenset({str})
    if kind in _INT_TYPES:
        return frozenset({int})
    if kind == "boolean":
        return frozenset({bool})
    if kind in _FLOAT_TYPES or kind == "timestamp":
        return frozenset({int, float})
    return None


def _structure_checker(shape: Shape) -> _Checker:
    # Plain scalar members are checked inline by exact type (most members are): a call per
    # member would cost more than the check itself.
    members = {name: (_plain_types(member), _checker(member))
               for name, member in shape.members.items()}
    required = frozenset(shape.required_members)
    name = shape.name

    def check_structure(value: Any, path: tuple[str, ...], out: list[str]) -> None:
        if type(value) is not dict:
            out.append(f"{_where(path)}: expected an object, got {type(value).__name__}")
            return
        if required and not required <= value.keys():
            for member in sorted(required - value.keys()):
                out.append(f"{_where(path)}.{member}: required member missing")
        for key, child in value.items():
            entry = members.get(key)
            if entry is None:
                out.append(f"{_where(path)}.{key}: not a member of {name}")
            elif child is None:
                out.append(f"{_where(path)}.{key}: null (Cognito omits absent members)")
            elif entry[0] is None or type(child) not in entry[0]:
                entry[1](child, (*path, f".{key}"), out)
    return check_structure
