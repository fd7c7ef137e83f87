"""Seeding: pools, app clients, groups and users from a dict or a JSON/YAML file.

The spec reuses the API's own parameter names::

    user_pools:
      - PoolName: shop                   # any CreateUserPool parameter
        clients: [{ClientName: web}]     # any CreateUserPoolClient parameter
        groups: [{GroupName: admins}]    # any CreateGroup parameter
        users:
          - Username: zed
            Password: Passw0rd!          # permanent: the user is CONFIRMED
            Attributes: {email: zed@example.com, email_verified: "true"}
            Groups: [admins]
            Enabled: true
            UserStatus: CONFIRMED        # optional; overrides the status the password implies

Pools, clients and groups are checked against their operation's input shape in botocore's model
(the same check a request gets, ``UserPoolId`` filled in by the seed) and made by the functions
the operations use, so a seeded pool is what CreateUserPool would have made. Users get a cheap
direct check instead of a model round trip and JSON, with AdminCreateUser's rules: username
format and uniqueness, the pool's UsernameAttributes/AliasAttributes, the schema, unique
sign-in values, and the password policy.

A file path is read as JSON (``.json``) or YAML (``.yaml``, ``.yml``); a relative path is taken
from the current directory. For big seeds prefer a dict or JSON: 100,000 users took about 2.5 s
from a dict, 4 s from JSON and 8 s from YAML (libyaml) on a busy 2-CPU machine.

User keys:
- ``Username`` (required). In a pool with ``UsernameAttributes`` it is the email or phone
  number, as AdminCreateUser takes it; the stored username is then the user's ``sub``.
- ``Attributes`` or ``UserAttributes``: a mapping ``{name: value}`` or a list of
  ``{"Name", "Value"}`` (a ListUsers/AdminGetUser dump). YAML booleans and numbers become
  Cognito's strings (``true`` -> ``"true"``). A ``sub`` pins the user's sub.
- ``Password``: permanent; the user is ``CONFIRMED``. ``TemporaryPassword``: the user is
  ``FORCE_CHANGE_PASSWORD`` and signs in with it. With neither the user is
  ``FORCE_CHANGE_PASSWORD`` without a password (seeding sends no invitation). Either must meet
  the pool's password policy (the default one asks for a symbol).
- ``UserStatus`` (any ``UserStatusType``), ``Enabled`` (default true), ``Groups`` (names of
  groups of the same pool entry), ``UserCreateDate``/``UserLastModifiedDate`` (epoch seconds,
  an ISO 8601 string or a datetime, as a dump holds them; default: the fake's now).

Errors raise :class:`SeedError` naming the file, the entry and the field::

    SeedError: shop.yaml: user_pools[0].users[3].Attributes: custom:x: Attribute does not exist
    in the schema.

Nothing is rolled back: entries before the failing one stay created.

The same spec and the same ``random_seed`` give the same ids: every id is drawn from the
fake's seeded generator, in the spec's order.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import regex

from pytest_cognito_fake import _model
from pytest_cognito_fake._state import Group, User, UserPool, UserStatus
from pytest_cognito_fake._validation import validate_input
from pytest_cognito_fake.errors import (
    AliasExistsException,
    CognitoError,
    SerializationException,
    UsernameExistsException,
)
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import passwords, usernames
from pytest_cognito_fake.operations import clients as _clients
from pytest_cognito_fake.operations import groups as _groups
from pytest_cognito_fake.operations import list_users
from pytest_cognito_fake.operations import pools as _pools
from pytest_cognito_fake.operations import users as _users
from pytest_cognito_fake.operations._context import Context

if TYPE_CHECKING:
    from botocore.model import Shape

    from pytest_cognito_fake._fake import CognitoFake

__all__ = ["SeedError", "SeededPool", "apply_seed"]


class SeedError(ValueError):
    """A seed spec Cognito would refuse, or one that is malformed; the message says where."""


@attrs.frozen
class SeededPool:
    """What seeding one ``user_pools`` entry made. :meth:`CognitoFake.seed` returns a list of
    these, in the spec's order."""

    user_pool_id: str
    name: str
    arn: str
    #: ``ClientName -> ClientId``.
    client_ids: Mapping[str, str]
    #: ``ClientName -> ClientSecret`` for the clients that have one.
    client_secrets: Mapping[str, str]
    #: The group names, in the spec's order.
    groups: tuple[str, ...]
    #: ``Username`` as the spec gives it -> the user's ``sub``.
    subs: Mapping[str, str]

    @property
    def client_id(self) -> str:
        """The id of the pool's only client; ValueError when it has none or several."""
        if len(self.client_ids) != 1:
            raise ValueError(f"pool {self.name!r} has {len(self.client_ids)} clients; "
                             f"pick one from client_ids")
        return next(iter(self.client_ids.values()))


_POOL_CHILDREN = ("clients", "groups", "users")
_USER_KEYS = frozenset({
    "Username", "Password", "TemporaryPassword", "Attributes", "UserAttributes", "Groups",
    "Enabled", "UserStatus", "UserCreateDate", "UserLastModifiedDate",
})
_USER_STATUSES = frozenset(
    v for k, v in vars(UserStatus).items() if not k.startswith("_") and isinstance(v, str))


#: Seeded pools of at least this many users get their ListUsers indexes built at once.
WARM_INDEXES_AT = 1000


def apply_seed(fake: CognitoFake, spec: Mapping[str, Any] | str | Path) -> list[SeededPool]:
    """Create what ``spec`` describes in ``fake``; see the module docstring for the format."""
    data, source = _load(spec)
    backend = fake.backend
    ctx = Context(backend, backend.region, "seed", backend.clock.now())
    seeder = _Seeder(ctx, source)
    if not isinstance(data, Mapping):
        seeder.fail("", f"the spec must be a mapping with a user_pools list, "
                        f"not {type(data).__name__}")
    unknown = sorted(set(data) - {"user_pools"})
    if unknown:
        seeder.fail(unknown[0], "unknown key; the spec's only key is user_pools")
    entries = _list(seeder, data.get("user_pools", []), "user_pools")
    seeded = [seeder.pool(entry, f"user_pools[{i}]") for i, entry in enumerate(entries)]
    for pool in seeded:
        # A big seed pays for the ListUsers indexes now, so no query pays for them later.
        stored = backend.store.pools[pool.user_pool_id]
        if len(stored.users) >= WARM_INDEXES_AT:
            list_users.warm_indexes(stored)
    return seeded


# -- loading -------------------------------------------------------------------------------


def _load(spec: Mapping[str, Any] | str | Path) -> tuple[Any, str]:
    if isinstance(spec, Mapping):
        return spec, "seed"
    if not isinstance(spec, (str, Path)):
        raise TypeError(f"seed takes a dict or the path of a JSON or YAML file, "
                        f"not {type(spec).__name__}")
    source = str(spec)
    path = Path(spec)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"{source}: cannot read the seed file: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            with _gc_paused():
                return json.loads(text), source
        if suffix in (".yaml", ".yml"):
            import yaml

            # libyaml's loader when PyYAML has it: several times faster on big seeds.
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            with _gc_paused():
                return yaml.load(text, Loader=loader), source
    except ValueError as exc:  # json.JSONDecodeError
        raise SeedError(f"{source}: not valid JSON: {exc}") from None
    except Exception as exc:  # yaml.YAMLError, without importing yaml up front
        raise SeedError(f"{source}: not valid YAML: {exc}") from None
    raise SeedError(f"{source}: a seed file ends in .json, .yaml or .yml")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic GC while building many objects that all survive.

    Loading a big file and adding users make a few container objects per user, and keep them
    all: with the collector on, 100,000 users set off repeated full collections over the
    growing heap (a third to a half of the time). Nothing built here forms cycles, so the
    collector simply runs later.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _list(seeder: _Seeder, value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        seeder.fail(where, f"expected a list, got {type(value).__name__}")
    return value


# -- the seeder ----------------------------------------------------------------------------


class _Seeder:
    def __init__(self, ctx: Context, source: str) -> None:
        self.ctx = ctx
        self.source = source

    def fail(self, where: object, problem: str) -> NoReturn:
        """Raise the SeedError for ``problem`` at ``where`` (a path, or "" for the spec)."""
        at = str(where)
        raise SeedError(f"{self.source}: {at}: {problem}" if at else f"{self.source}: {problem}")

    def _entry(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def pool(self, raw: Any, where: str) -> SeededPool:
        entry = self._entry(raw, where)
        params = {k: v for k, v in entry.items() if k not in _POOL_CHILDREN}
        self.check_request("CreateUserPool", params, where, {})
        try:
            pool = _pools.create_pool(self.ctx, params)
        except CognitoError as exc:
            self.fail(where, str(exc.message))
        client_ids: dict[str, str] = {}
        secrets: dict[str, str] = {}
        for i, item in enumerate(_list(self, entry.get("clients"), f"{where}.clients")):
            here = f"{where}.clients[{i}]"
            client_params = dict(self._entry(item, here))
            self.check_request("CreateUserPoolClient", client_params, here,
                               {"UserPoolId": pool.id})
            name = client_params["ClientName"]
            if name in client_ids:
                self.fail(f"{here}.ClientName", f"a second client named {name!r}; names key "
                                                f"the ids the seed returns, so keep them unique")
            client_params["UserPoolId"] = pool.id
            try:
                client = _clients.create_client(self.ctx, pool, client_params)
            except CognitoError as exc:
                self.fail(here, str(exc.message))
            client_ids[name] = client.client_id
            if client.secret is not None:
                secrets[name] = client.secret
        group_names: list[str] = []
        for i, item in enumerate(_list(self, entry.get("groups"), f"{where}.groups")):
            here = f"{where}.groups[{i}]"
            group_params = dict(self._entry(item, here))
            self.check_request("CreateGroup", group_params, here, {"UserPoolId": pool.id})
            group_params["UserPoolId"] = pool.id
            try:
                _groups.create_group(self.ctx, pool, group_params)
            except CognitoError as exc:
                self.fail(f"{here}.GroupName", str(exc.message))
            group_names.append(group_params["GroupName"])
        users = _UserSeeder(self, pool)
        subs: dict[str, str] = {}
        items = _list(self, entry.get("users"), f"{where}.users")
        with _gc_paused():
            for i, item in enumerate(items):
                name, user = users.add(item, where, i)
                subs[name] = user.sub
        return SeededPool(pool.id, pool.name, pool.arn, client_ids, secrets,
                          tuple(group_names), subs)

    def check_request(self, operation: str, params: Mapping[str, Any], where: str,
                      filled: dict[str, Any]) -> None:
        """The model's checks of ``operation``'s input, ``filled`` being what the seed sets."""
        shape = _model.input_shape(operation)
        assert shape is not None
        members = shape.members
        for key in params:
            if key in filled or key not in members:
                allowed = ", ".join(k for k in members if k not in filled)
                self.fail(f"{where}.{key}", f"not a parameter of {operation} "
                                            f"(one of: {allowed})")
        full = {**params, **filled}
        try:
            validate_input(shape, full)
        except SerializationException:
            self.fail(*_type_problem(shape, full, where))
        except CognitoError as exc:
            field = _field_of(str(exc.message), shape)
            self.fail(f"{where}.{field}" if field else where, str(exc.message))


def _field_of(message: str, shape: Shape) -> str | None:
    """The API name of the first member a Coral validation message names."""
    match = regex.search(r"at '([A-Za-z0-9]+)", message)
    if match is None:
        return None
    camel = match.group(1)
    for name in shape.members:
        if name[:1].lower() + name[1:] == camel:
            return str(name)
    return None


_PY_TYPES: dict[str, tuple[type, ...]] = {
    "structure": (Mapping,), "map": (Mapping,), "list": (list,), "string": (str,),
    "blob": (str,), "boolean": (bool,), "integer": (int,), "long": (int,),
    "double": (int, float), "float": (int, float), "timestamp": (int, float, str),
}


def _type_problem(shape: Shape, value: Any, where: str) -> tuple[str, str]:
    """Where a value has the wrong type for ``shape``, and what was expected (for messages)."""
    kind = shape.type_name
    ok = isinstance(value, _PY_TYPES.get(kind, (object,)))
    if ok and kind in ("integer", "long", "double", "float") and isinstance(value, bool):
        ok = False
    if not ok:
        return where, f"expected {'an' if kind[0] in 'aeiou' else 'a'} {kind}, " \
                      f"got {type(value).__name__}"
    if kind == "structure":
        for name, member in shape.members.items():
            if value.get(name) is not None:
                found = _type_problem(member, value[name], f"{where}.{name}")
                if found[1]:
                    return found
    elif kind == "list":
        for i, item in enumerate(value):
            found = _type_problem(shape.member, item, f"{where}[{i}]")
            if found[1]:
                return found
    elif kind == "map":
        for k, item in value.items():
            found = _type_problem(shape.value, item, f"{where}.{k}")
            if found[1]:
                return found
    return where, ""


# -- users -----------------------------------------------------------------------------------

_USERNAME = regex.compile(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")
_SCHEMA_PREFIX = "Attributes did not conform to the schema: "


class _Where:
    """``user_pools[0].users[3]`` (``.Attributes``), formatted only when printed."""

    __slots__ = ("base", "i", "member")

    def __init__(self, base: str, i: int, member: str = "") -> None:
        self.base, self.i, self.member = base, i, member

    def __str__(self) -> str:
        return f"{self.base}.users[{self.i}]" + (f".{self.member}" if self.member else "")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class _UserSeeder:
    """Adds users to one pool with AdminCreateUser's rules, checked directly (no model walk,
    no JSON): fast enough for 100,000 users."""

    def __init__(self, seeder: _Seeder, pool: UserPool) -> None:
        self.seeder = seeder
        self.ctx = seeder.ctx
        self.pool = pool
        self.schema = _users.schema_of(pool)
        self.policy = _users.password_policy_of(pool)
        self.username_attributes = pool.username_attributes
        self.alias_attributes = pool.alias_attributes
        self.sign_in_values = bool(self.username_attributes or self.alias_attributes)
        self.violations: dict[str, str | None] = {}

    def add(self, raw: Any, pool_where: str, i: int) -> tuple[str, User]:
        # Paths are only formatted on failure: building them costs more than the checks.
        where = _Where(pool_where, i)
        fail = self.seeder.fail
        pool = self.pool
        if type(raw) is not dict and not isinstance(raw, Mapping):
            fail(str(where), f"expected a mapping, got {type(raw).__name__}")
        entry: Mapping[str, Any] = raw
        if not entry.keys() <= _USER_KEYS:
            key = sorted(set(entry) - _USER_KEYS)[0]
            fail(f"{where}.{key}", f"not a user key (one of: {', '.join(sorted(_USER_KEYS))})")

        # Username: the model's UsernameType, then AdminCreateUser's pool rules.
        name = entry.get("Username")
        if not isinstance(name, str) or not 1 <= len(name) <= 128 \
                or _USERNAME.fullmatch(name) is None:
            fail(f"{where}.Username", "required: 1 to 128 letters, marks, symbols, numbers "
                                      "or punctuation (the model's UsernameType)")
        sign_in: str | None = None
        try:
            if self.username_attributes:
                sign_in = usernames.sign_in_attribute(name, self.username_attributes)
            else:
                usernames.check_not_alias_format(name, self.alias_attributes)
        except CognitoError as exc:
            fail(f"{where}.Username", str(exc.message))
        if sign_in is None and pool.key(name) in pool.users:
            fail(f"{where}.Username", "User account already exists")

        # Attributes: the schema rules of AdminCreateUser; ``sub`` pins the sub.
        if "Attributes" in entry and "UserAttributes" in entry:
            fail(f"{where}.UserAttributes", "give Attributes or UserAttributes, not both")
        attr_key = "UserAttributes" if "UserAttributes" in entry else "Attributes"
        here = _Where(pool_where, i, attr_key)
        given, sub = self.attribute_pairs(entry.get(attr_key), here)
        if sign_in is not None:
            given.append((sign_in, name))
        try:
            attributes = attribute_rules.for_create(self.schema, given)
        except CognitoError as exc:
            message = str(exc.message)
            if message.startswith(_SCHEMA_PREFIX):
                message = message[len(_SCHEMA_PREFIX):].rstrip("\n").replace("\n", "; ")
            fail(here, message)
        if sub is not None and sub in pool.by_sub:
            fail(f"{here}.sub", f"{sub!r} is the sub of another user")
        # AdminCreateUser's uniqueness check of sign-in values (only pools that have them).
        clashes = (_users.taken_sign_in_values(pool, None, attributes)
                   if self.sign_in_values else None)
        if clashes:
            attr = clashes[0][1]
            if attr in self.username_attributes:
                clash: CognitoError = UsernameExistsException.email_taken() \
                    if attr == "email" else UsernameExistsException.phone_taken()
            else:
                clash = AliasExistsException.for_attribute(attr)
            fail(f"{where}.Username" if attr == sign_in else f"{here}.{attr}", str(clash.message))

        # Password and status.
        password = entry.get("Password")
        temporary = entry.get("TemporaryPassword")
        if password is not None and temporary is not None:
            fail(f"{where}.TemporaryPassword", "give Password or TemporaryPassword, not both")
        for key, value in (("Password", password), ("TemporaryPassword", temporary)):
            if value is None:
                continue
            if not isinstance(value, str) or not value:
                fail(f"{where}.{key}", "expected a non-empty string")
            # Seeds tend to give many users one password: check each distinct one once.
            rule = self.violations.get(value, "")
            if rule == "":
                rule = self.violations[value] = passwords.violation(self.policy, value)
            if rule is not None:
                fail(f"{where}.{key}", f"Password does not conform to policy: {rule}")
        status = entry.get("UserStatus")
        if status is None:
            status = UserStatus.CONFIRMED if password is not None \
                else UserStatus.FORCE_CHANGE_PASSWORD
        elif status not in _USER_STATUSES:
            fail(f"{where}.UserStatus", f"{status!r} is not one of "
                                        f"{', '.join(sorted(_USER_STATUSES))}")
        enabled = entry.get("Enabled", True)
        if not isinstance(enabled, bool):
            fail(f"{where}.Enabled", f"expected true or false, got {enabled!r}")
        groups = entry.get("Groups")
        if groups is not None:
            groups = [self.group(g, f"{where}.Groups[{j}]") for j, g in
                      enumerate(_list(self.seeder, groups, f"{where}.Groups"))]
        created = entry.get("UserCreateDate")
        modified = entry.get("UserLastModifiedDate")
        if created is not None:
            created = self.date(created, f"{where}.UserCreateDate")
        if modified is not None:
            modified = self.date(modified, f"{where}.UserLastModifiedDate")

        # As AdminCreateUser: the sub is drawn first; with UsernameAttributes it is the username.
        sub = sub or self.ctx.backend.ids.uuid4()
        user = _users.add_user(self.ctx, pool, sub if sign_in is not None else name, attributes,
                               status=status, enabled=enabled, password=password or temporary,
                               sub=sub)
        if created is not None:
            user.created = created
        if modified is not None:
            user.modified = modified
        if groups:
            for group in groups:
                _groups.add_member(pool, group, user)
        return name, user

    def attribute_pairs(self, raw: Any, where: _Where
                        ) -> tuple[list[tuple[str, str | None]], str | None]:
        """``(name, value)`` pairs from a mapping or a ``[{Name, Value}]`` list, and the pinned
        ``sub`` if one is given; YAML/JSON scalars become Cognito's strings."""
        fail = self.seeder.fail
        if raw is None:
            return [], None
        if type(raw) is dict or isinstance(raw, Mapping):
            items = list(raw.items())
        elif isinstance(raw, list):
            items = []
            for i, item in enumerate(raw):
                if not isinstance(item, Mapping) or not item.keys() <= {"Name", "Value"} \
                        or "Name" not in item:
                    fail(f"{where}[{i}]", "expected {Name: ..., Value: ...}")
                items.append((item["Name"], item.get("Value")))
        else:
            fail(where, "expected a mapping of name to value, or a list of {Name, Value}")
        pairs: list[tuple[str, str | None]] = []
        sub: str | None = None
        for name, value in items:
            if type(value) is not str and value is not None:
                if isinstance(value, (bool, int, float)):
                    value = _attribute_text(value)
                else:
                    fail(f"{where}.{name}", f"expected a string value, got {value!r}")
            if name == "sub":
                sub = value
            elif isinstance(name, str):
                pairs.append((name, value))
            else:
                fail(str(where), f"attribute names are strings, not {name!r}")
        return pairs, sub

    def group(self, name: Any, where: str) -> Group:
        group = self.pool.groups.get(name) if isinstance(name, str) else None
        if group is None:
            self.seeder.fail(where, f"{name!r} is not one of this pool entry's groups")
        return group

    def date(self, value: Any, where: str) -> float:
        if isinstance(value, bool):
            pass
        elif isinstance(value, (int, float)):
            return round(float(value), 3)
        elif isinstance(value, _dt.datetime):
            moment: _dt.datetime = value
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=_dt.timezone.utc)
            return round(moment.timestamp(), 3)
        elif isinstance(value, str):
            try:
                return self.date(_dt.datetime.fromisoformat(value.replace("Z", "+00:00")), where)
            except ValueError:
                pass
        self.seeder.fail(where, f"expected epoch seconds, an ISO 8601 date or a datetime, "
                                f"got {value!r}")


def _attribute_text(value: bool | int | float) -> str:
    """A YAML/JSON scalar as Cognito's string: booleans lower case (defaults.md §5.1)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
