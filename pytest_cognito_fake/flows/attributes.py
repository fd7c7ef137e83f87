"""User attributes against a pool's schema: what AdminCreateUser, AdminUpdateUserAttributes and
AdminDeleteUserAttributes (and SignUp, UpdateUserAttributes) accept, and the attributes after.

Pure: every function takes the schema, the user's current attributes and the request's, and
returns the new attributes or raises the error Cognito would send. Texts live in ``errors.py``.

Message shapes (reference cognito-errors.md §3.2, §3.9):

- Create (SignUp, AdminCreateUser): ``Attributes did not conform to the schema: <name>:
  <problem>\\n`` with one line per attribute [REAL], request order, then missing required ones.
- Update: ``user.<name>: <problem>\\n`` per attribute, without a prefix. Seen for
  UpdateUserAttributes (``user.custom:address: Attribute does not exist in the schema.\\n``,
  amplify-flutter#1531; ``user.email: Attribute cannot be updated.\\n``, amplify-swift#3981 and
  the hosted UI in amplify-js#3526) [REAL]; the same shape for the Admin operation is [INF].
- Delete of a required attribute: ``Invalid user attributes: <name>: Required attribute cannot be
  deleted.`` [REAL, weak: an application's table of Cognito messages]; the first one only [INF].
- A member without ``Value``: ``Attribute value for <name> must not be null`` [REAL, weak: same
  table].

Rules and choices:

- Values are checked by type: Boolean takes ``true``/``false`` in any case and is stored lower
  case (AdminCreateUser accepted ``"True"`` [REAL], stored ``"true"`` [REAL]); Number takes an
  optional ``-`` and digits [INF]; String and DateTime are checked against Min/MaxLength. The
  wording of type and bound problems is [INF] (no capture found); it lives in
  ``errors.SchemaProblem``.
- Required attributes are enforced only where the caller asks (SignUp). AdminCreateUser does not:
  "any attributes that you specify as required either you should supply (in your call to
  AdminCreateUser) or the user should supply (when they sign up in response to your welcome
  message)" [AWS-DOC model]; the NEW_PASSWORD_REQUIRED challenge asks for them later.
- Immutable attributes (``Mutable: false``, ``sub``) can be set at creation only [AWS-DOC], so
  any update or delete of one is refused. ``sub`` cannot be given at creation either [INF].
- ``dev:custom:`` (developer-only) attributes can be written with administrator credentials
  [AWS-DOC SchemaAttributeType.DeveloperOnlyAttribute]; callers without them pass
  ``developer_access=False`` and get ``A client attempted to write unauthorized attribute``.
- Format checks come after the schema checks: ``Invalid email address format.`` [INF] and
  ``Invalid phone number format.`` [REAL] (formats: ``flows.usernames``).
- ``email_verified``/``phone_number_verified`` need the attribute they verify ("You must provide a
  value for email when you want to set email_verified to true" [AWS-DOC]); the texts ``Email is
  required to verify/un-verify an email`` and the phone analogue are cognito-local's [INF].
- Update: an empty ``Value`` deletes the attribute [AWS-DOC AdminUpdateUserAttributes]. A new
  email or phone number is unverified (``*_verified`` becomes ``"false"``) unless the same call
  sets ``*_verified`` [REAL amazon-cognito-identity-js#322]; re-sending the current value changes
  nothing [INF]. When the pool lists the attribute in ``AttributesRequireVerificationBeforeUpdate``
  and the current value is verified, the old value stays until the new one is verified
  [AWS-DOC]; the caller stores the held value with the code it sends.
- Deleting ``email`` or ``phone_number`` also drops its ``*_verified`` flag [INF].
- Order: existing attributes keep their place, new ones follow in request order; a name given
  twice keeps its first place and its last value [INF].
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake.errors import (
    InvalidParameterException,
    NotAuthorizedException,
    SchemaProblem,
)
from pytest_cognito_fake.flows.usernames import is_email, is_phone_number

#: The attributes a code can verify, with their flags.
VERIFIABLE = {"email": "email_verified", "phone_number": "phone_number_verified"}

_NUMBER = re.compile(r"-?[0-9]+")


def _bound(constraints: Mapping[str, Any] | None, key: str) -> int | None:
    if not constraints or key not in constraints:
        return None
    try:
        return int(constraints[key])
    except (TypeError, ValueError):
        return None


@attrs.frozen
class AttributeSpec:
    """One ``SchemaAttributeType`` of a pool, with its constraints as numbers."""

    name: str
    data_type: str = "String"
    mutable: bool = True
    required: bool = False
    developer_only: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None

    @classmethod
    def from_schema_item(cls, item: Mapping[str, Any]) -> AttributeSpec:
        strings = item.get("StringAttributeConstraints")
        numbers = item.get("NumberAttributeConstraints")
        return cls(
            name=str(item["Name"]),
            data_type=str(item.get("AttributeDataType", "String")),
            mutable=bool(item.get("Mutable", True)),
            required=bool(item.get("Required", False)),
            developer_only=bool(item.get("DeveloperOnlyAttribute", False)),
            min_length=_bound(strings, "MinLength"),
            max_length=_bound(strings, "MaxLength"),
            min_value=_bound(numbers, "MinValue"),
            max_value=_bound(numbers, "MaxValue"),
        )

    def check(self, value: str) -> tuple[str, str | None]:
        """``(stored value, problem or None)`` for a non-empty write of ``value``."""
        if self.data_type == "Boolean":
            folded = value.lower()
            if folded not in ("true", "false"):
                return value, SchemaProblem.NOT_BOOLEAN
            return folded, None
        if self.data_type == "Number":
            if _NUMBER.fullmatch(value) is None:
                return value, SchemaProblem.NOT_NUMBER
            number = int(value)
            if self.min_value is not None and number < self.min_value:
                return value, SchemaProblem.number_too_small(self.min_value)
            if self.max_value is not None and number > self.max_value:
                return value, SchemaProblem.number_too_large(self.max_value)
            return value, None
        if self.min_length is not None and len(value) < self.min_length:
            return value, SchemaProblem.string_too_short(self.min_length)
        if self.max_length is not None and len(value) > self.max_length:
            return value, SchemaProblem.string_too_long(self.max_length)
        return value, None


@attrs.frozen
class Schema:
    """A pool's attribute schema by name (``custom:x``, ``dev:custom:y`` as stored)."""

    specs: Mapping[str, AttributeSpec]

    @classmethod
    def from_pool(cls, items: Iterable[Mapping[str, Any]]) -> Schema:
        return cls({spec.name: spec for spec in map(AttributeSpec.from_schema_item, items)})

    def get(self, name: str) -> AttributeSpec | None:
        return self.specs.get(name)

    def required(self) -> list[str]:
        return [s.name for s in self.specs.values() if s.required and s.name != "sub"]


@attrs.frozen
class AttributeUpdate:
    """What an update leaves: the attributes, and which new email/phone values await a code.

    ``awaiting`` maps ``email``/``phone_number`` to the new value a verification code is due for;
    ``held`` names those whose old value stays until then (the new one is only in ``awaiting``).
    """

    attributes: dict[str, str]
    awaiting: dict[str, str]
    held: frozenset[str]


Given = Sequence[tuple[str, str | None]]


def _no_nulls(given: Given) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, value in given:
        if value is None:
            raise InvalidParameterException.attribute_value_null(name)
        out.append((name, value))
    return out


def _check_developer(spec: AttributeSpec, developer_access: bool) -> None:
    if spec.developer_only and not developer_access:
        raise NotAuthorizedException.unauthorized_attribute()


def _check_formats(values: Mapping[str, str], *, empty_deletes: bool) -> None:
    for name, value in values.items():
        if empty_deletes and value == "":
            continue
        if name == "email" and not is_email(value):
            raise InvalidParameterException.email_format()
        if name == "phone_number" and not is_phone_number(value):
            raise InvalidParameterException.phone_format()


def _check_verified_has_value(given: Collection[str], attributes: Mapping[str, str]) -> None:
    for attr, flag in VERIFIABLE.items():
        if flag in given and not attributes.get(attr):
            if attr == "email":
                raise InvalidParameterException.email_required_to_verify()
            raise InvalidParameterException.phone_required_to_verify()


def for_create(
    schema: Schema,
    given: Given,
    *,
    enforce_required: bool = False,
    developer_access: bool = True,
) -> dict[str, str]:
    """The attributes of a new user from the request's ``(name, value)`` pairs, or the error."""
    pairs = _no_nulls(given)
    problems: list[tuple[str, str]] = []
    out: dict[str, str] = {}
    for name, value in pairs:
        spec = schema.get(name)
        if spec is None:
            problems.append((name, SchemaProblem.NOT_IN_SCHEMA))
            continue
        if name == "sub":
            problems.append((name, SchemaProblem.CANNOT_BE_UPDATED))
            continue
        _check_developer(spec, developer_access)
        stored, problem = spec.check(value) if value else (value, None)
        if problem is not None:
            problems.append((name, problem))
        out[name] = stored
    if enforce_required:
        problems += [(name, SchemaProblem.REQUIRED) for name in schema.required()
                     if not out.get(name)]
    if problems:
        raise InvalidParameterException.schema(problems)
    _check_formats(out, empty_deletes=False)
    _check_verified_has_value(out, out)
    return out


def for_update(
    schema: Schema,
    current: Mapping[str, str],
    given: Given,
    *,
    hold_until_verified: Collection[str] = (),
    developer_access: bool = True,
) -> AttributeUpdate:
    """The user's attributes after an update request, or the error."""
    pairs = _no_nulls(given)
    problems: list[tuple[str, str]] = []
    updates: dict[str, str] = {}
    for name, value in pairs:
        spec = schema.get(name)
        if spec is None:
            problems.append((name, SchemaProblem.NOT_IN_SCHEMA))
            continue
        if not spec.mutable:
            problems.append((name, SchemaProblem.CANNOT_BE_UPDATED))
            continue
        _check_developer(spec, developer_access)
        stored, problem = spec.check(value) if value else (value, None)
        if problem is not None:
            problems.append((name, problem))
        updates[name] = stored
    if problems:
        raise InvalidParameterException.user_attributes(problems)
    for name, value in updates.items():
        spec = schema.get(name)
        if value == "" and spec is not None and spec.required:
            raise InvalidParameterException.required_attribute_cannot_be_deleted(name)
    _check_formats(updates, empty_deletes=True)

    attributes = dict(current)
    for name, value in updates.items():
        if value == "":
            attributes.pop(name, None)
            flag = VERIFIABLE.get(name)
            if flag is not None and flag not in updates:
                attributes.pop(flag, None)
        else:
            attributes[name] = value
    awaiting: dict[str, str] = {}
    held: set[str] = set()
    for attr, flag in VERIFIABLE.items():
        new = updates.get(attr)
        if not new or new == current.get(attr) or updates.get(flag) == "true":
            continue
        awaiting[attr] = new
        if attr in hold_until_verified and current.get(flag) == "true":
            attributes[attr] = current[attr]
            held.add(attr)
        else:
            attributes[flag] = "false"
    _check_verified_has_value(updates, attributes)
    return AttributeUpdate(attributes, awaiting, frozenset(held))


def for_delete(
    schema: Schema,
    current: Mapping[str, str],
    names: Sequence[str],
    *,
    developer_access: bool = True,
) -> dict[str, str]:
    """The user's attributes after deleting ``names``, or the error. Names the user lacks are
    ignored (a delete of an unset attribute succeeds [REAL, amplify-js#12128 test notes])."""
    problems = [(name, SchemaProblem.NOT_IN_SCHEMA) for name in names if schema.get(name) is None]
    if problems:
        raise InvalidParameterException.user_attributes(problems)
    specs = [spec for spec in map(schema.get, names) if spec is not None]
    for spec in specs:
        if spec.required:
            raise InvalidParameterException.required_attribute_cannot_be_deleted(spec.name)
    problems = [(spec.name, SchemaProblem.CANNOT_BE_UPDATED) for spec in specs if not spec.mutable]
    if problems:
        raise InvalidParameterException.user_attributes(problems)
    for spec in specs:
        _check_developer(spec, developer_access)
    doomed = set(names)
    doomed |= {VERIFIABLE[name] for name in names if name in VERIFIABLE}
    return {k: v for k, v in current.items() if k not in doomed}
