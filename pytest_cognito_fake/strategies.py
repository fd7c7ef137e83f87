"""Hypothesis strategies for Cognito data: values real Cognito, and so the fake, accepts.

Each strategy draws what one request or seed entry takes, checked against the fake's own rules
(``flows.usernames``, ``flows.passwords``, ``flows.attributes``, botocore's model), so a test of
the code under test spends its examples on that code, not on requests Cognito refuses::

    from hypothesis import given
    from pytest_cognito_fake import strategies as cst

    @given(username=cst.usernames(), password=cst.passwords())
    def test_sign_up(username, password): ...

In Hypothesis's own style: plural names, keyword-only options, options that vary take
strategies, and a bad option raises ``InvalidArgument`` when the strategy is drawn from. The
records are plain values: ``dict`` for what a request or a seed takes, ``PasswordPolicy`` for a
policy. Bounds the model sets (MinimumLength, Password, PoolName) are read from botocore's
model when a strategy is first drawn from.

Choices [INF] where Cognito publishes nothing:

- Password characters beyond the four classes are drawn from the Basic Multilingual Plane only:
  how Cognito counts a character outside it toward ``MinimumLength`` is not published.
- Emails are plain ASCII ``dot-atom@domain`` addresses, 128 characters at most so they also
  serve as usernames; phone numbers are E.164 with 7 to 15 digits and a country code that does
  not start with 0. Both are a subset of what the fake accepts (``flows.usernames``).
- Custom attributes are String, Number or Boolean with ASCII identifier names; DateTime, whose
  value format Cognito does not document, is not drawn.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from pytest_cognito_fake._defaults import PASSWORD_SYMBOLS, STANDARD_SCHEMA
from pytest_cognito_fake.errors import CognitoError, InvalidPasswordException
from pytest_cognito_fake.flows.attributes import AttributeSpec, Schema
from pytest_cognito_fake.flows.passwords import PasswordPolicy
from pytest_cognito_fake.flows.usernames import is_email, is_phone_number

__all__ = [
    "RULES",
    "attribute_maps",
    "emails",
    "password_policies",
    "passwords",
    "phone_numbers",
    "seed_specs",
    "user_pools",
    "user_records",
    "usernames",
]

#: The password rules, by the name ``passwords(breaking=...)`` takes, with the text that follows
#: ``Password does not conform to policy: `` (SignUp: ``Password did not conform with policy: ``)
#: when a password breaks it.
RULES: Mapping[str, str] = {
    "length": InvalidPasswordException.NOT_LONG_ENOUGH,
    "lowercase": InvalidPasswordException.NO_LOWERCASE,
    "uppercase": InvalidPasswordException.NO_UPPERCASE,
    "numbers": InvalidPasswordException.NO_NUMBERS,
    "symbols": InvalidPasswordException.NO_SYMBOLS,
}

#: The character class of each class rule, and the policy flag that asks for it. Space counts as
#: a symbol but never appears: the model's ``[\S]+`` pattern refuses it in a password.
_CLASSES: Mapping[str, tuple[str, str]] = {
    "lowercase": (string.ascii_lowercase, "require_lowercase"),
    "uppercase": (string.ascii_uppercase, "require_uppercase"),
    "numbers": (string.digits, "require_numbers"),
    "symbols": ("".join(c for c in PASSWORD_SYMBOLS if not c.isspace()), "require_symbols"),
}

#: What a ``[\S]`` character of a password, a username or an attribute value may be: never a
#: surrogate, control or separator character.
_NOT_TEXT: tuple[Any, ...] = ("Cs", "Cc", "Zs", "Zl", "Zp")

_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~"
_LABEL_CHARS = string.ascii_lowercase + string.digits
#: The longest ``Username`` (the model's UsernameType): emails and phone numbers are usernames too.
_USERNAME_MAX = 128
_STANDARD_NAMES = frozenset(a["Name"] for a in STANDARD_SCHEMA)
#: Standard attributes a drawn pool may mark Required.
_REQUIRABLE = ("email", "phone_number", "name", "given_name", "family_name", "birthdate")
_DEFAULT_POLICY = PasswordPolicy()


@functools.cache
def _model_bounds(shape_path: tuple[str, ...]) -> tuple[int, int]:
    """``(min, max)`` of a member of CreateUserPool's input in botocore's model."""
    from pytest_cognito_fake import _model

    shape: Any = _model.input_shape("CreateUserPool")
    for name in shape_path:
        shape = shape.members[name]
    return int(shape.metadata["min"]), int(shape.metadata["max"])


def _strategy(value: object, name: str) -> SearchStrategy[Any]:
    if not isinstance(value, SearchStrategy):
        raise InvalidArgument(f"{name}={value!r} must be a hypothesis strategy")
    return value


# -- identities ------------------------------------------------------------------------------


# Built once: strategies made inside a draw are validated again on every draw. The
# ``whitelist_``/``blacklist_`` spellings work on every Hypothesis this package supports (>=6.80).
_USERNAMES = st.text(st.characters(whitelist_categories=("L", "M", "S", "N", "P")),
                     min_size=1, max_size=_USERNAME_MAX).filter(
    lambda s: not is_email(s) and not is_phone_number(s))
_LABELS = st.text(_LABEL_CHARS + "-", min_size=1, max_size=15).filter(
    lambda s: s[0] != "-" and s[-1] != "-")
_DOMAINS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(_LABELS, min_size=1, max_size=3),
    st.text(string.ascii_lowercase, min_size=2, max_size=6),
)
_LOCAL_PARTS = st.lists(st.text(_ATEXT, min_size=1, max_size=15), min_size=1, max_size=4).map(
    ".".join)
_SUBSCRIBERS = st.text(string.digits, min_size=6, max_size=14)
_POOL_NAME_CHARS = string.ascii_letters + string.digits + "_ +=,.@-"
_CUSTOM_NAMES = st.builds(
    str.__add__, st.sampled_from(string.ascii_lowercase),
    st.text(string.ascii_lowercase + string.digits + "_", max_size=19),
).filter(lambda n: n not in _STANDARD_NAMES)
_ALIASES = st.lists(st.sampled_from(["email", "phone_number", "preferred_username"]),
                    min_size=1, max_size=3, unique=True)
_REQUIRED = st.lists(st.sampled_from(_REQUIRABLE), max_size=3, unique=True)


@st.composite
def usernames(draw: st.DrawFn) -> str:
    """A ``Username`` for a pool without ``UsernameAttributes``: 1 to 128 letters, marks,
    symbols, numbers or punctuation (the model's UsernameType), never in email or phone number
    format, so pools with those aliases take it too."""
    name: str = draw(_USERNAMES)
    return name


@st.composite
def emails(draw: st.DrawFn, *, domains: SearchStrategy[str] | None = None) -> str:
    """An email address the fake (and any mail system) accepts, 128 characters at most so it
    can also be a ``Username`` in a pool with ``UsernameAttributes=["email"]``.

    ``domains`` draws the part after ``@`` (default: lower-case DNS names); the local part is
    shortened to fit, and a drawn domain too long for any local part is rejected.
    """
    domain: str = draw(_strategy(domains, "domains") if domains is not None else _DOMAINS)
    room = _USERNAME_MAX - 1 - len(domain)
    assume(room >= 1)
    local = draw(_LOCAL_PARTS)[:min(room, 64)].rstrip(".")
    return f"{local}@{domain}"


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """An E.164 phone number: ``+``, a country code that does not start with 0, 7 to 15 digits
    in all (Cognito: "+ sign, followed immediately by the country code")."""
    first: str = draw(st.sampled_from("123456789"))
    rest: str = draw(_SUBSCRIBERS)
    return f"+{first}{rest}"


# -- passwords -------------------------------------------------------------------------------


@st.composite
def password_policies(draw: st.DrawFn) -> PasswordPolicy:
    """A pool's password policy: any ``MinimumLength`` and validity the model allows, each
    class rule on or off. ``user_pools(policies=...)`` puts one in a pool."""
    low, high = _model_bounds(("Policies", "PasswordPolicy", "MinimumLength"))
    _, days = _model_bounds(("Policies", "PasswordPolicy", "TemporaryPasswordValidityDays"))
    return PasswordPolicy(
        minimum_length=draw(st.integers(low, high)),
        require_uppercase=draw(st.booleans()),
        require_lowercase=draw(st.booleans()),
        require_numbers=draw(st.booleans()),
        require_symbols=draw(st.booleans()),
        # 0 is stored as 7 (PasswordPolicy.from_settings): draw only values that round-trip.
        temporary_password_validity_days=draw(st.integers(1, days)),
    )


def _requires(policy: PasswordPolicy, rule: str) -> bool:
    return bool(getattr(policy, _CLASSES[rule][1]))


@st.composite
def passwords(draw: st.DrawFn, *, policy: PasswordPolicy = _DEFAULT_POLICY,
              breaking: str | None = None) -> str:
    """A password ``policy`` accepts, or with ``breaking`` one that breaks exactly that rule.

    ``breaking`` is one of :data:`RULES` (``"length"``, ``"lowercase"``, ``"uppercase"``,
    ``"numbers"``, ``"symbols"``); the password keeps every other rule, so Cognito reports that
    one (``Password does not conform to policy: Password must have symbol characters``). Every
    password matches the model's PasswordType (``[\\S]+``, at most 256 characters). The default
    policy is a name-only pool's. A rule the policy does not ask for, or a policy too short to
    break ``length`` while keeping the class rules, is an InvalidArgument.
    """
    if not isinstance(policy, PasswordPolicy):
        raise InvalidArgument(f"policy={policy!r} must be a PasswordPolicy "
                              f"(pytest_cognito_fake.flows.passwords)")
    if breaking is not None and breaking not in RULES:
        raise InvalidArgument(f"breaking={breaking!r} must be one of {', '.join(map(repr, RULES))}")
    broken_class = breaking if breaking is not None and breaking in _CLASSES else None
    if broken_class is not None and not _requires(policy, broken_class):
        raise InvalidArgument(f"breaking={breaking!r}: the policy does not require "
                              f"{breaking}, so no password breaks that rule ({policy!r})")
    required = [rule for rule in _CLASSES if _requires(policy, rule) and rule != breaking]
    forbidden = _CLASSES[broken_class][0] if broken_class is not None else ""
    from pytest_cognito_fake import _model

    longest = int(_model.operation_model("AdminSetUserPassword").input_shape
                  .members["Password"].metadata["max"])
    if breaking == "length":
        shortest, longest = max(1, len(required)), policy.minimum_length - 1
    else:
        shortest = max(1, policy.minimum_length, len(required))
    if shortest > longest:
        raise InvalidArgument(
            f"no password of {shortest} to {longest} characters fits {policy!r}"
            + (f" while breaking {breaking!r}" if breaking else ""))

    chars = [draw(st.sampled_from(_CLASSES[rule][0])) for rule in required]
    # st.text over st.characters is Hypothesis's fast path; about a third comes out ASCII.
    filler = st.characters(max_codepoint=0xFFFF, blacklist_categories=_NOT_TEXT,
                           blacklist_characters=forbidden)
    rest: str = draw(st.text(filler, min_size=shortest - len(chars),
                             max_size=longest - len(chars)))
    # The forced characters go anywhere, not only first.
    for char in chars:
        at = draw(st.integers(0, len(rest)))
        rest = rest[:at] + char + rest[at:]
    return rest


# -- attributes ------------------------------------------------------------------------------


def _schema_of(schema: Schema | Iterable[Mapping[str, Any]]) -> Schema:
    if isinstance(schema, Schema):
        return schema
    if isinstance(schema, (str, bytes)) or not isinstance(schema, Iterable):
        raise InvalidArgument(f"schema={schema!r} must be a pool's SchemaAttributes list "
                              f"or a flows.attributes.Schema")
    items = list(schema)
    if not all(isinstance(item, Mapping) and "Name" in item for item in items):
        raise InvalidArgument("schema items must be SchemaAttributeType mappings with a Name "
                              "(DescribeUserPool's SchemaAttributes)")
    return Schema.from_pool(items)


_NOT_VALUE: tuple[Any, ...] = ("Cs", "Cc", "Cn", "Co")
_ATTRIBUTE_CHARS = st.characters(blacklist_categories=_NOT_VALUE)


def _value_of(spec: AttributeSpec) -> SearchStrategy[str] | None:
    """Values of one attribute that its schema entry and the fake's formats accept; None when
    no non-empty value fits its constraints."""
    if spec.data_type == "Boolean":
        return st.sampled_from(["true", "false"])
    if spec.data_type == "Number":
        high = spec.max_value if spec.max_value is not None else 2**31 - 1
        low = spec.min_value if spec.min_value is not None else min(0, high)
        return st.integers(low, high).map(str) if low <= high else None
    low = max(1, spec.min_length or 0)
    high = min(spec.max_length if spec.max_length is not None else 2048, 2048)
    if low > high:
        return None
    if spec.name in ("email", "phone_number"):
        values = emails() if spec.name == "email" else phone_numbers()
        return values.filter(lambda v: low <= len(v) <= high)
    if spec.name == "birthdate" and low <= 10 <= high:
        return st.dates().map(lambda d: d.isoformat())
    return st.text(_ATTRIBUTE_CHARS, min_size=low, max_size=high)


def _draw_attributes(draw: st.DrawFn, schema: Schema, given: Mapping[str, str]) -> dict[str, str]:
    """Attributes for ``schema``: every required one, a drawn choice of the others; ``given``
    (a username attribute's value) counts as present and is left out."""
    out: dict[str, str] = {}
    for spec in schema.specs.values():
        name = spec.name
        if name == "sub" or spec.developer_only or name in given \
                or name in ("email_verified", "phone_number_verified"):
            continue
        values = _value_of(spec)
        if values is None:
            continue  # no non-empty value fits its constraints
        if spec.required or draw(st.booleans()):
            out[name] = draw(values)
    for attr, flag in (("email", "email_verified"), ("phone_number", "phone_number_verified")):
        if schema.get(flag) is not None and (attr in out or attr in given) \
                and draw(st.booleans()):
            out[flag] = draw(st.sampled_from(["true", "false"]))
    return out


@st.composite
def attribute_maps(draw: st.DrawFn, *,
                   schema: Schema | Iterable[Mapping[str, Any]] = STANDARD_SCHEMA,
                   ) -> dict[str, str]:
    """``{name: value}`` user attributes that ``schema`` takes on SignUp and AdminCreateUser.

    ``schema`` is a pool's ``SchemaAttributes`` (DescribeUserPool) or a ``flows.attributes.Schema``;
    the default is the standard attributes. Every required attribute is present; each other one
    may be. Values keep each attribute's type and constraints, emails and phone numbers are in the
    fake's formats, ``*_verified`` only comes with its attribute. Never drawn: ``sub`` (Cognito
    sets it) and developer-only attributes (a client cannot write them). For boto3:
    ``[{"Name": k, "Value": v} for k, v in attributes.items()]``.
    """
    return _draw_attributes(draw, _schema_of(schema), {})


# -- pools and users -------------------------------------------------------------------------


def _policy_params(policy: PasswordPolicy) -> dict[str, Any]:
    return {
        "MinimumLength": policy.minimum_length,
        "RequireUppercase": policy.require_uppercase,
        "RequireLowercase": policy.require_lowercase,
        "RequireNumbers": policy.require_numbers,
        "RequireSymbols": policy.require_symbols,
        "TemporaryPasswordValidityDays": policy.temporary_password_validity_days,
    }


@st.composite
def _custom_attribute(draw: st.DrawFn, name: str) -> dict[str, Any]:
    kind: str = draw(st.sampled_from(["String", "Number", "Boolean"]))
    item: dict[str, Any] = {"Name": name, "AttributeDataType": kind,
                            "Mutable": draw(st.booleans())}
    if draw(st.booleans()):
        item["DeveloperOnlyAttribute"] = draw(st.booleans())
    if kind == "String" and draw(st.booleans()):
        low = draw(st.integers(0, 20))
        item["StringAttributeConstraints"] = {
            "MinLength": str(low), "MaxLength": str(draw(st.integers(max(low, 1), 2048)))}
    elif kind == "Number" and draw(st.booleans()):
        low = draw(st.integers(0, 1000))
        item["NumberAttributeConstraints"] = {
            "MinValue": str(low), "MaxValue": str(draw(st.integers(low, low + 10**6)))}
    return item


@st.composite
def user_pools(draw: st.DrawFn, *,
               policies: SearchStrategy[PasswordPolicy] | None = None) -> dict[str, Any]:
    """CreateUserPool parameters: ``client.create_user_pool(**params)``, or a ``user_pools``
    entry of a seed spec.

    Varies what decides which users a pool takes: username attributes or aliases (never both),
    case sensitivity, the password policy, required standard attributes and custom attributes.
    With ``policies`` every pool has a policy drawn from it; without, a pool has one from
    :func:`password_policies` or none (the default policy).
    """
    low, high = _model_bounds(("PoolName",))
    params: dict[str, Any] = {
        "PoolName": draw(st.text(_POOL_NAME_CHARS, min_size=low, max_size=min(high, 40))),
    }
    sign_in = draw(st.sampled_from(["username", "UsernameAttributes", "AliasAttributes"]))
    if sign_in == "UsernameAttributes":
        params["UsernameAttributes"] = draw(st.sampled_from(
            [["email"], ["phone_number"], ["email", "phone_number"]]))
    elif sign_in == "AliasAttributes":
        params["AliasAttributes"] = draw(_ALIASES)
    if draw(st.booleans()):
        params["UsernameConfiguration"] = {"CaseSensitive": draw(st.booleans())}
    # A pool without Policies has the default policy: drawn only when ``policies`` is not given.
    if policies is not None or draw(st.booleans()):
        policy = draw(_strategy(policies, "policies") if policies is not None
                      else password_policies())
        if not isinstance(policy, PasswordPolicy):
            raise InvalidArgument(f"policies drew {policy!r}, not a PasswordPolicy")
        params["Policies"] = {"PasswordPolicy": _policy_params(policy)}
    schema: list[dict[str, Any]] = [
        {"Name": name, "AttributeDataType": "String", "Mutable": True, "Required": True}
        for name in draw(_REQUIRED)
    ]
    for name in draw(st.lists(_CUSTOM_NAMES, max_size=3, unique=True)):
        schema.append(draw(_custom_attribute(name)))
    if schema:
        params["Schema"] = schema
    return params


def _pool_rules(pool: Mapping[str, Any]) -> tuple[Schema, PasswordPolicy]:
    """The schema and password policy CreateUserPool would give a pool made from ``pool``."""
    from pytest_cognito_fake.operations import pools as _pools

    policies = pool.get("Policies") or {}
    settings = _pools._password_policy(policies.get("PasswordPolicy"))
    try:
        schema = _pools._schema(list(pool.get("Schema") or []))
    except CognitoError as exc:
        raise InvalidArgument(f"pool: CreateUserPool would refuse it: {exc.message}") from None
    return Schema.from_pool(schema), PasswordPolicy.from_settings(settings)


def _pool_of(pool: object) -> Mapping[str, Any]:
    if pool is None:
        return {}
    if not isinstance(pool, Mapping):
        raise InvalidArgument(f"pool={pool!r} must be CreateUserPool parameters (a mapping, as "
                              f"user_pools() draws)")
    return pool


@st.composite
def user_records(draw: st.DrawFn, *, pool: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One ``users`` entry of a seed spec for a pool made from ``pool`` (CreateUserPool
    parameters, as :func:`user_pools` draws; default: a name-only pool).

    ``Username`` follows the pool's username rules (an email or phone number when it has
    ``UsernameAttributes``), ``Attributes`` its schema (:func:`attribute_maps`), ``Password``
    (CONFIRMED) or ``TemporaryPassword`` (FORCE_CHANGE_PASSWORD) its policy, or neither;
    ``Enabled: false`` sometimes. Several records in one pool must not share a username or a
    sign-in value: :func:`seed_specs` draws whole pools of users that do not.
    """
    params = _pool_of(pool)
    schema, policy = _pool_rules(params)
    username_attributes = list(params.get("UsernameAttributes") or [])
    given: dict[str, str] = {}
    if username_attributes:
        attr = draw(st.sampled_from(username_attributes))
        username: str = draw(emails() if attr == "email" else phone_numbers())
        given[attr] = username
    else:
        username = draw(usernames())
    record: dict[str, Any] = {"Username": username,
                              "Attributes": _draw_attributes(draw, schema, given)}
    kind = draw(st.sampled_from(["Password", "TemporaryPassword", None]))
    if kind is not None:
        record[kind] = draw(passwords(policy=policy))
    if not draw(st.booleans()):
        record["Enabled"] = False
    return record


def _sign_in_keys(pool: Mapping[str, Any], record: Mapping[str, Any]) -> set[tuple[str, str]]:
    """What must be unique between users of one pool: the username (by the pool's case rule) or
    the username attribute's value, and the alias values that sign in (emails and phone numbers
    once verified, preferred_username always)."""
    username_attributes = list(pool.get("UsernameAttributes") or [])
    alias_attributes = list(pool.get("AliasAttributes") or [])
    attributes = dict(record.get("Attributes") or {})
    username = str(record["Username"])
    keys: set[tuple[str, str]] = set()
    if username_attributes:
        attributes["email" if is_email(username) else "phone_number"] = username
    else:
        config = pool.get("UsernameConfiguration") or {}
        keys.add(("", username if config.get("CaseSensitive", True) else username.casefold()))
    for attr in username_attributes:
        if attributes.get(attr):
            keys.add((attr, attributes[attr].casefold()))
    for attr in alias_attributes:
        value = attributes.get(attr)
        if value and (attr == "preferred_username" or attributes.get(f"{attr}_verified") == "true"):
            keys.add((attr, value.casefold()))
    return keys


@st.composite
def seed_specs(draw: st.DrawFn, *, pools: SearchStrategy[dict[str, Any]] | None = None,
               max_users: int = 5) -> dict[str, Any]:
    """A seed spec for :meth:`CognitoFake.seed`: one pool drawn from ``pools`` (default
    :func:`user_pools`) with one app client named ``app`` and up to ``max_users`` users from
    :func:`user_records`, no two sharing a username or a sign-in value."""
    if isinstance(max_users, bool) or not isinstance(max_users, int) or max_users < 0:
        raise InvalidArgument(f"max_users={max_users!r} must be a whole number, 0 or more")
    pool: dict[str, Any] = dict(draw(_strategy(pools, "pools") if pools is not None
                                     else user_pools()))
    records = draw(st.lists(user_records(pool=pool), max_size=max_users))
    seen: set[tuple[str, str]] = set()
    users: list[dict[str, Any]] = []
    for record in records:
        keys = _sign_in_keys(pool, record)
        if keys & seen:
            continue  # a clash Cognito would refuse: leave the user out
        seen |= keys
        users.append(record)
    return {"user_pools": [{**pool, "clients": [{"ClientName": "app"}], "users": users}]}
