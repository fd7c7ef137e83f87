"""Groups: CreateGroup, GetGroup, UpdateGroup, ListGroups, DeleteGroup, AdminAddUserToGroup,
AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.

Membership lives twice, kept in step here: ``User.groups`` (names, for tokens and
AdminListGroupsForUser) and ``Group.members`` (users by username key, for ListUsersInGroup).

Choices [INF], kept here:
- An unknown group is ``ResourceNotFoundException: Group not found.`` in every operation (the
  text is [REAL] for AdminAddUserToGroup, amplify-cli#2214). The group is looked up before the
  user, so a call naming neither reports the group.
- Adding a member twice, or removing a non-member, succeeds and changes nothing.
- Membership changes leave the user's ``UserLastModifiedDate`` alone.
- ListGroups and AdminListGroupsForUser list groups in creation order; ListUsersInGroup lists
  users by username, with a key cursor like ListUsers, and answers a foreign ``NextToken`` with
  ListUsers' ``Paging marker ... is invalid for request ...``; the group lists use the fake's
  common ``Invalid pagination token.``.
- UpdateGroup changes only the members it is given (model: "updates any of the properties").
"""

from __future__ import annotations

import bisect
import weakref
from typing import Any

from pytest_cognito_fake import _defaults
from pytest_cognito_fake._state import Group, User, UserPool
from pytest_cognito_fake.errors import (
    GroupExistsException,
    InvalidParameterException,
    ResourceNotFoundException,
    UserNotFoundException,
)
from pytest_cognito_fake.operations import _paging
from pytest_cognito_fake.operations._context import Context, drop_none
from pytest_cognito_fake.operations._registry import operation
from pytest_cognito_fake.operations.users import render_user_type

#: Sorted member keys per group, dropped whenever this module changes the membership.
_SORTED: weakref.WeakKeyDictionary[Group, list[str]] = weakref.WeakKeyDictionary()


def render_group(group: Group) -> dict[str, Any]:
    """``GroupType``: Description, RoleArn and Precedence only when set (defaults.md §4.3)."""
    return drop_none({
        "GroupName": group.name,
        "UserPoolId": group.user_pool_id,
        "Description": group.description,
        "RoleArn": group.role_arn,
        "Precedence": group.precedence,
        "LastModifiedDate": group.modified,
        "CreationDate": group.created,
    })


def find_group(pool: UserPool, name: str) -> Group:
    group = pool.groups.get(name)
    if group is None:
        raise ResourceNotFoundException.group()
    return group


def _find_user(pool: UserPool, username: str) -> User:
    user = pool.find_user(username)
    if user is None:
        raise UserNotFoundException.user_does_not_exist()
    return user


def create_group(ctx: Context, pool: UserPool, params: dict[str, Any]) -> Group:
    """The group CreateGroup makes; also used by seeding."""
    name = params["GroupName"]
    if name in pool.groups:
        raise GroupExistsException.group_exists()
    now = ctx.timestamp()
    group = Group(
        name=name,
        user_pool_id=pool.id,
        description=params.get("Description"),
        role_arn=params.get("RoleArn"),
        precedence=params.get("Precedence"),
        created=now,
        modified=now,
    )
    pool.groups[name] = group
    return group


def add_member(pool: UserPool, group: Group, user: User) -> None:
    """Put ``user`` in ``group`` (idempotent); also used by seeding."""
    user.groups.add(group.name)
    key = pool.key(user.username)
    if group.members.get(key) is not user:
        group.members[key] = user
        _SORTED.pop(group, None)


def remove_member(pool: UserPool, group: Group, user: User) -> None:
    user.groups.discard(group.name)
    if group.members.pop(pool.key(user.username), None) is not None:
        _SORTED.pop(group, None)


def _sorted_members(group: Group) -> list[str]:
    keys = _SORTED.get(group)
    if keys is None:
        keys = sorted(group.members)
        _SORTED[group] = keys
    return keys


@operation("CreateGroup")
def create_group_operation(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    return {"Group": render_group(create_group(ctx, pool, params))}


@operation("GetGroup")
def get_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    return {"Group": render_group(find_group(pool, params["GroupName"]))}


@operation("UpdateGroup")
def update_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    group = find_group(pool, params["GroupName"])
    if params.get("Description") is not None:
        group.description = params["Description"]
    if params.get("RoleArn") is not None:
        group.role_arn = params["RoleArn"]
    if params.get("Precedence") is not None:
        group.precedence = params["Precedence"]
    group.modified = ctx.timestamp()
    return {"Group": render_group(group)}


@operation("ListGroups")
def list_groups(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    limit = params.get("Limit") or _defaults.DEFAULT_PAGE_SIZE
    return _paging.next_token_listing("Groups", list(pool.groups.values()), render_group,
                                      params.get("NextToken"), limit,
                                      {"op": "ListGroups", "pool": pool.id})


@operation("DeleteGroup")
def delete_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    group = find_group(pool, params["GroupName"])
    for key, user in group.members.items():
        if pool.users.get(key) is user:
            user.groups.discard(group.name)
    del pool.groups[group.name]
    _SORTED.pop(group, None)
    return {}


@operation("AdminAddUserToGroup")
def admin_add_user_to_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    group = find_group(pool, params["GroupName"])
    add_member(pool, group, _find_user(pool, params["Username"]))
    return {}


@operation("AdminRemoveUserFromGroup")
def admin_remove_user_from_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    group = find_group(pool, params["GroupName"])
    remove_member(pool, group, _find_user(pool, params["Username"]))
    return {}


@operation("AdminListGroupsForUser")
def admin_list_groups_for_user(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    user = _find_user(pool, params["Username"])
    groups = [g for g in pool.groups.values() if g.name in user.groups] if user.groups else []
    limit = params.get("Limit") or _defaults.DEFAULT_PAGE_SIZE
    return _paging.next_token_listing(
        "Groups", groups, render_group, params.get("NextToken"), limit,
        {"op": "AdminListGroupsForUser", "pool": pool.id, "user": pool.key(user.username)})


@operation("ListUsersInGroup")
def list_users_in_group(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(params["UserPoolId"])
    group = find_group(pool, params["GroupName"])
    limit = params.get("Limit") or _defaults.DEFAULT_PAGE_SIZE
    request = {"op": "ListUsersInGroup", "pool": pool.id, "group": group.name}
    keys = _sorted_members(group)
    start = 0
    token = params.get("NextToken")
    if token is not None:
        after = _paging.decode_state(token, request)
        if not isinstance(after, str):
            raise InvalidParameterException.pagination_token(token, ctx.request_id)
        start = bisect.bisect_right(keys, after)
    users: list[User] = []
    last: str | None = None
    more = False
    for i in range(start, len(keys)):
        key = keys[i]
        user = group.members.get(key)
        if user is None or pool.users.get(key) is not user:
            continue  # deleted since it joined
        if len(users) == limit:
            more = True
            break
        users.append(user)
        last = key
    out: dict[str, Any] = {"Users": [render_user_type(u) for u in users]}
    if more and last is not None:
        out["NextToken"] = _paging.encode_state(last, request)
    return out
