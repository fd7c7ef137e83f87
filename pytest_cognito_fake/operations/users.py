"""Users: the Admin* user operations.

``add_user`` is the one way a user record comes to exist (AdminCreateUser, SignUp, seeding): it
makes the record and indexes it, with no checks; callers check first.
"""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake._state import User, UserPool
from pytest_cognito_fake.operations._context import Context


def add_user(
    ctx: Context,
    pool: UserPool,
    username: str,
    attributes: dict[str, str],
    *,
    status: str,
    enabled: bool = True,
    password: str | None = None,
    sub: str | None = None,
) -> User:
    """Create, store and index a user. ``attributes`` must not hold ``sub``: it is drawn here
    (or given, for seeds that pin it) and put first, as Cognito lists it (defaults.md §5.1)."""
    sub = sub or ctx.backend.ids.uuid4()
    now = ctx.timestamp()
    user = User(
        username=username,
        sub=sub,
        attributes={"sub": sub, **attributes},
        enabled=enabled,
        status=status,
        created=now,
        modified=now,
        password=password,
        password_set_at=now if password is not None else None,
    )
    pool.add_user(user)
    return user


def attribute_list(user: User, names: set[str] | None = None) -> list[dict[str, str]]:
    """``AttributeListType``: ``[{"Name", "Value"}]`` in stored order, optionally restricted."""
    return [{"Name": k, "Value": v} for k, v in user.attributes.items()
            if names is None or k in names]


def render_user_type(user: User, names: set[str] | None = None) -> dict[str, Any]:
    """``UserType`` as AdminCreateUser, ListUsers and ListUsersInGroup return it."""
    return {
        "Username": user.username,
        "Attributes": attribute_list(user, names),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }
