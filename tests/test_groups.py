"""Groups through boto3: CreateGroup, GetGroup, UpdateGroup, ListGroups, DeleteGroup,
AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup
(reference cognito-errors.md §3.10, defaults.md §4.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import error_of

from pytest_cognito_fake import CognitoFake

GROUP_NOT_FOUND = ("ResourceNotFoundException", "Group not found.", 400)
USER_NOT_FOUND = ("UserNotFoundException", "User does not exist.", 400)
ROLE = "arn:aws:iam::123456789012:role/admins"


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


@pytest.fixture
def pool_id(cognito_fake: CognitoFake) -> str:
    return str(cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "UsernameAttributes": ["email"],
        "users": [{"Username": "zed@example.com"}, {"Username": "amy@example.com"}],
    }]})[0].user_pool_id)


def usernames_in(client: Any, pool_id: str, group: str, **params: Any) -> list[str]:
    response = client.list_users_in_group(UserPoolId=pool_id, GroupName=group, **params)
    return [u["Username"] for u in response["Users"]]


def groups_of(client: Any, pool_id: str, username: str) -> list[str]:
    response = client.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)
    return [g["GroupName"] for g in response["Groups"]]


# -- the group itself ---------------------------------------------------------------------------


def test_create_group_returns_the_group_type(client: Any, pool_id: str,
                                             cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_700_000_000.123)
    group = client.create_group(UserPoolId=pool_id, GroupName="admins", Description="Admins",
                                RoleArn=ROLE, Precedence=0)["Group"]
    created = dt.datetime.fromtimestamp(1_700_000_000.123, dt.timezone.utc)
    assert group == {"GroupName": "admins", "UserPoolId": pool_id, "Description": "Admins",
                     "RoleArn": ROLE, "Precedence": 0, "LastModifiedDate": created,
                     "CreationDate": created}
    assert client.get_group(UserPoolId=pool_id, GroupName="admins")["Group"] == group


def test_unset_members_are_absent(client: Any, pool_id: str) -> None:
    group = client.create_group(UserPoolId=pool_id, GroupName="plain")["Group"]
    assert set(group) == {"GroupName", "UserPoolId", "LastModifiedDate", "CreationDate"}


def test_group_name_taken(client: Any, pool_id: str) -> None:
    client.create_group(UserPoolId=pool_id, GroupName="admins")
    with pytest.raises(ClientError) as excinfo:
        client.create_group(UserPoolId=pool_id, GroupName="admins")
    assert error_of(excinfo) == ("GroupExistsException",
                                 "A group with the name already exists.", 400)
    # names are case-sensitive
    client.create_group(UserPoolId=pool_id, GroupName="Admins")


def test_group_in_an_unknown_pool(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_group(UserPoolId="us-east-1_Missing1", GroupName="admins")
    assert error_of(excinfo) == ("ResourceNotFoundException",
                                 "User pool us-east-1_Missing1 does not exist.", 400)


def test_group_name_too_long(client: Any, pool_id: str) -> None:
    name = "g" * 129
    with pytest.raises(ClientError) as excinfo:
        client.create_group(UserPoolId=pool_id, GroupName=name)
    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '{name}' at 'groupName' failed to satisfy "
        "constraint: Member must have length less than or equal to 128", 400)


def test_role_arn_must_be_an_arn(client: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_group(UserPoolId=pool_id, GroupName="g", RoleArn="not-an-arn-at-all-xyz")
    code, message, status = error_of(excinfo)
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("1 validation error detected: Value 'not-an-arn-at-all-xyz' at "
                              "'roleArn' failed to satisfy constraint: Member must satisfy "
                              "regular expression pattern: arn:")


@pytest.mark.parametrize("operation", ["get_group", "delete_group", "update_group",
                                       "list_users_in_group"])
def test_unknown_group(client: Any, pool_id: str, operation: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(client, operation)(UserPoolId=pool_id, GroupName="nope")
    assert error_of(excinfo) == GROUP_NOT_FOUND


def test_update_group_changes_only_what_it_is_given(client: Any, pool_id: str,
                                                    cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_700_000_000)
    client.create_group(UserPoolId=pool_id, GroupName="admins", Description="old",
                        Precedence=5)
    cognito_fake.clock.advance(60)
    group = client.update_group(UserPoolId=pool_id, GroupName="admins", RoleArn=ROLE)["Group"]
    assert (group["Description"], group["Precedence"], group["RoleArn"]) == ("old", 5, ROLE)
    assert group["LastModifiedDate"] - group["CreationDate"] == dt.timedelta(seconds=60)
    group = client.update_group(UserPoolId=pool_id, GroupName="admins", Precedence=1)["Group"]
    assert (group["Description"], group["Precedence"]) == ("old", 1)


def test_list_groups_pages_in_creation_order(client: Any, pool_id: str) -> None:
    created = [f"g{i}" for i in (3, 1, 2, 0, 4)]
    for name in created:
        client.create_group(UserPoolId=pool_id, GroupName=name)
    first = client.list_groups(UserPoolId=pool_id, Limit=2)
    second = client.list_groups(UserPoolId=pool_id, Limit=2, NextToken=first["NextToken"])
    third = client.list_groups(UserPoolId=pool_id, Limit=2, NextToken=second["NextToken"])
    pages = [[g["GroupName"] for g in page["Groups"]] for page in (first, second, third)]
    assert pages == [["g3", "g1"], ["g2", "g0"], ["g4"]]
    assert "NextToken" not in third
    assert [g["GroupName"] for g in client.list_groups(UserPoolId=pool_id)["Groups"]] == created


def test_list_groups_of_an_empty_pool(client: Any, pool_id: str) -> None:
    response = client.list_groups(UserPoolId=pool_id)
    assert (response["Groups"], "NextToken" in response) == ([], False)


def test_list_groups_with_a_foreign_token(client: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_groups(UserPoolId=pool_id, NextToken="forged")
    assert error_of(excinfo) == ("InvalidParameterException", "Invalid pagination token.", 400)


# -- membership ---------------------------------------------------------------------------------


def test_add_list_and_remove_members(client: Any, pool_id: str) -> None:
    client.create_group(UserPoolId=pool_id, GroupName="admins")
    client.create_group(UserPoolId=pool_id, GroupName="staff", Precedence=2)
    # by email: the Username parameter may be a sign-in alias
    client.admin_add_user_to_group(UserPoolId=pool_id, Username="zed@example.com",
                                   GroupName="staff")
    client.admin_add_user_to_group(UserPoolId=pool_id, Username="zed@example.com",
                                   GroupName="admins")
    client.admin_add_user_to_group(UserPoolId=pool_id, Username="zed@example.com",
                                   GroupName="admins")  # twice: no change
    assert groups_of(client, pool_id, "zed@example.com") == ["admins", "staff"]
    zed = client.admin_get_user(UserPoolId=pool_id, Username="zed@example.com")["Username"]
    assert usernames_in(client, pool_id, "admins") == [zed]
    members = client.list_users_in_group(UserPoolId=pool_id, GroupName="admins")["Users"]
    assert set(members[0]) == {"Username", "Attributes", "UserCreateDate",
                               "UserLastModifiedDate", "Enabled", "UserStatus"}

    client.admin_remove_user_from_group(UserPoolId=pool_id, Username=zed, GroupName="admins")
    client.admin_remove_user_from_group(UserPoolId=pool_id, Username=zed, GroupName="admins")
    assert usernames_in(client, pool_id, "admins") == []
    assert groups_of(client, pool_id, zed) == ["staff"]


@pytest.mark.parametrize("operation", ["admin_add_user_to_group",
                                       "admin_remove_user_from_group"])
def test_membership_of_an_unknown_user_or_group(client: Any, pool_id: str,
                                                operation: str) -> None:
    client.create_group(UserPoolId=pool_id, GroupName="admins")
    call = getattr(client, operation)
    with pytest.raises(ClientError) as excinfo:
        call(UserPoolId=pool_id, Username="ghost@example.com", GroupName="admins")
    assert error_of(excinfo) == USER_NOT_FOUND
    with pytest.raises(ClientError) as excinfo:
        call(UserPoolId=pool_id, Username="zed@example.com", GroupName="nope")
    assert error_of(excinfo) == GROUP_NOT_FOUND
    with pytest.raises(ClientError) as excinfo:  # neither: the group is looked up first
        call(UserPoolId=pool_id, Username="ghost@example.com", GroupName="nope")
    assert error_of(excinfo) == GROUP_NOT_FOUND


def test_groups_of_an_unknown_user(client: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.admin_list_groups_for_user(UserPoolId=pool_id, Username="ghost@example.com")
    assert error_of(excinfo) == USER_NOT_FOUND


def test_deleting_a_group_ends_its_memberships(client: Any, pool_id: str) -> None:
    client.create_group(UserPoolId=pool_id, GroupName="admins")
    client.admin_add_user_to_group(UserPoolId=pool_id, Username="amy@example.com",
                                   GroupName="admins")
    client.delete_group(UserPoolId=pool_id, GroupName="admins")
    assert groups_of(client, pool_id, "amy@example.com") == []
    client.create_group(UserPoolId=pool_id, GroupName="admins")  # same name, new group
    assert usernames_in(client, pool_id, "admins") == []


def test_a_deleted_user_leaves_its_groups(client: Any, pool_id: str) -> None:
    client.create_group(UserPoolId=pool_id, GroupName="admins")
    for email in ("zed@example.com", "amy@example.com"):
        client.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName="admins")
    client.admin_delete_user(UserPoolId=pool_id, Username="zed@example.com")
    amy = client.admin_get_user(UserPoolId=pool_id, Username="amy@example.com")["Username"]
    assert usernames_in(client, pool_id, "admins") == [amy]


def test_list_users_in_group_pages_without_repeats(client: Any,
                                                   cognito_fake: CognitoFake) -> None:
    pool_id = cognito_fake.seed({"user_pools": [{
        "PoolName": "big", "groups": [{"GroupName": "all"}],
        "users": [{"Username": f"u{i:02d}", "Groups": ["all"]} for i in range(25)],
    }]})[0].user_pool_id
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        extra = {"NextToken": token} if token else {}
        response = client.list_users_in_group(UserPoolId=pool_id, GroupName="all", Limit=10,
                                              **extra)
        seen += [u["Username"] for u in response["Users"]]
        pages += 1
        token = response.get("NextToken")
        if token is None:
            break
        # a member leaving mid-chain does not shift the rest
        client.admin_remove_user_from_group(UserPoolId=pool_id, Username="u00",
                                            GroupName="all")
    assert pages == 3
    assert seen == [f"u{i:02d}" for i in range(25)]


def test_list_users_in_group_with_a_foreign_token(client: Any,
                                                  cognito_fake: CognitoFake) -> None:
    pool_id = cognito_fake.seed({"user_pools": [{
        "PoolName": "p", "groups": [{"GroupName": "a"}, {"GroupName": "b"}],
        "users": [{"Username": f"u{i}", "Groups": ["a", "b"]} for i in range(3)],
    }]})[0].user_pool_id
    token = client.list_users_in_group(UserPoolId=pool_id, GroupName="a", Limit=1)["NextToken"]
    with pytest.raises(ClientError) as excinfo:
        client.list_users_in_group(UserPoolId=pool_id, GroupName="b", NextToken=token)
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Paging marker {token} is invalid for request {request_id}",
                                 400)


def test_groups_for_user_pages(client: Any, cognito_fake: CognitoFake) -> None:
    pool_id = cognito_fake.seed({"user_pools": [{
        "PoolName": "p", "groups": [{"GroupName": f"g{i}"} for i in range(5)],
        "users": [{"Username": "zed", "Groups": ["g4", "g0", "g2"]}],
    }]})[0].user_pool_id
    first = client.admin_list_groups_for_user(UserPoolId=pool_id, Username="zed", Limit=2)
    rest = client.admin_list_groups_for_user(UserPoolId=pool_id, Username="zed", Limit=2,
                                             NextToken=first["NextToken"])
    assert [g["GroupName"] for g in first["Groups"] + rest["Groups"]] == ["g0", "g2", "g4"]
    assert "NextToken" not in rest
