"""ListUsers through boto3 and raw HTTP: filter grammar and matching, AttributesToGet, Limit,
PaginationToken (reference defaults.md §4.1, §4.2; cognito-errors.md)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from conftest import error_of

from pytest_cognito_fake import CognitoFake

PARSE_ERROR = ("InvalidParameterException", "Error while parsing filter.", 400)
CONSTRAINTS = ("InvalidParameterException", "Input fails to satisfy the constraints.", 400)

PEOPLE: list[dict[str, Any]] = [
    {"Username": "amy", "Password": "Passw0rd!",
     "Attributes": {"email": "Amy@Example.com", "given_name": "Amy", "custom:team": "red"}},
    {"Username": "Bob", "Attributes": {"email": "bob@example.com", "given_name": "Bob",
                                       "custom:team": "blue"}},
    {"Username": "bobby", "Password": "Passw0rd!", "Enabled": False,
     "Attributes": {"email": "bobby@example.org", "phone_number": "+14155550100"}},
    {"Username": "carl", "UserStatus": "UNCONFIRMED",
     "Attributes": {"email": "carl@example.com", "family_name": "O\"Neil"}},
]


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


@pytest.fixture
def pool_id(cognito_fake: CognitoFake) -> str:
    seeded = cognito_fake.seed({"user_pools": [{
        "PoolName": "people",
        "Schema": [{"Name": "team", "AttributeDataType": "String"}],
        "users": PEOPLE,
    }]})
    return seeded[0].user_pool_id


def names(response: dict[str, Any]) -> list[str]:
    return [u["Username"] for u in response["Users"]]


def listed(client: Any, pool_id: str, **params: Any) -> list[str]:
    return names(client.list_users(UserPoolId=pool_id, **params))


# -- filter ------------------------------------------------------------------------------------


def test_without_filter_every_user_is_listed_with_the_user_type_shape(
        client: Any, pool_id: str) -> None:
    response = client.list_users(UserPoolId=pool_id)
    # by username, code point order (upper case first)
    assert names(response) == ["Bob", "amy", "bobby", "carl"]
    assert "PaginationToken" not in response
    amy = response["Users"][1]
    assert set(amy) == {"Username", "Attributes", "UserCreateDate", "UserLastModifiedDate",
                        "Enabled", "UserStatus"}
    assert amy["Attributes"][0]["Name"] == "sub"
    assert amy["UserStatus"] == "CONFIRMED"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_filter_lists_everyone(client: Any, pool_id: str, blank: str) -> None:
    assert listed(client, pool_id, Filter=blank) == ["Bob", "amy", "bobby", "carl"]


@pytest.mark.parametrize(("filter_", "expected"), [
    ('email = "amy@example.com"', ["amy"]),  # other attributes compare case-insensitively
    ('email="AMY@EXAMPLE.COM"', ["amy"]),
    ('"email"^="bob"', ["Bob", "bobby"]),
    ('email ^= "BOB"', ["Bob", "bobby"]),
    ('email ^= "bob@"', ["Bob"]),
    ('username = "Bob"', ["Bob"]),
    ('username = "bob"', []),  # username is case-sensitive
    ('username ^= "b"', ["bobby"]),
    ('status = "Disabled"', ["bobby"]),
    ('status = "disabled"', []),  # status is case-sensitive
    ('status ^= "En"', ["Bob", "amy", "carl"]),
    ('cognito:user_status = "unconfirmed"', ["carl"]),  # case-insensitive
    ('cognito:user_status = "FORCE_CHANGE_PASSWORD"', ["Bob"]),
    ('given_name ^= ""', ["amy", "Bob"]),  # a user lacking the attribute never matches
    ('phone_number = "+14155550100"', ["bobby"]),
    ('family_name = "o\\"neil"', ["carl"]),
    ('name = "Amy"', []),
])
def test_filters_select_users(client: Any, pool_id: str, filter_: str,
                              expected: list[str]) -> None:
    assert listed(client, pool_id, Filter=filter_) == expected


def test_sub_is_searchable(client: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    sub = cognito_fake.call("AdminGetUser", UserPoolId=pool_id, Username="carl")[
        "UserAttributes"][0]["Value"]
    assert listed(client, pool_id, Filter=f'sub = "{sub}"') == ["carl"]
    assert "carl" in listed(client, pool_id, Filter=f'sub ^= "{sub[:8]}"')


def test_no_match_still_sends_an_empty_users_list(pool_id: str,
                                                  cognito_fake: CognitoFake) -> None:
    response = requests.post(
        f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUsers",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"UserPoolId": pool_id, "Filter": 'email = "nobody@example.com"'}),
        timeout=5,
    )
    assert (response.status_code, response.json()) == (200, {"Users": []})


@pytest.mark.parametrize("filter_", [
    "foo", 'email = amy', 'email ^= \\"amy\\"', 'email == "amy"', 'email = "a" and name = "b"',
])
def test_malformed_filter(client: Any, pool_id: str, filter_: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, Filter=filter_)
    assert error_of(excinfo) == PARSE_ERROR


@pytest.mark.parametrize("attribute", ["custom:team", "address", "Email", "email_verified"])
def test_unsearchable_attribute(client: Any, pool_id: str, attribute: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, Filter=f'{attribute} = "red"')
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Invalid search attribute: {attribute}", 400)


def test_filter_longer_than_the_model_allows(client: Any, pool_id: str) -> None:
    long = 'email = "' + "a" * 250 + '"'
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, Filter=long)
    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '{long}' at 'filter' failed to satisfy "
        "constraint: Member must have length less than or equal to 256", 400)


def test_unknown_pool(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId="us-east-1_NoSuchPool")
    assert error_of(excinfo) == ("ResourceNotFoundException",
                                 "User pool us-east-1_NoSuchPool does not exist.", 400)


# -- the filter sees every change ---------------------------------------------------------------


def test_filters_follow_user_changes(client: Any, pool_id: str) -> None:
    assert listed(client, pool_id, Filter='email ^= "carl"') == ["carl"]
    client.admin_update_user_attributes(
        UserPoolId=pool_id, Username="carl",
        UserAttributes=[{"Name": "email", "Value": "karl@example.com"}])
    assert listed(client, pool_id, Filter='email ^= "carl"') == []
    assert listed(client, pool_id, Filter='email ^= "karl"') == ["carl"]

    client.admin_disable_user(UserPoolId=pool_id, Username="amy")
    assert listed(client, pool_id, Filter='status = "Disabled"') == ["amy", "bobby"]

    client.admin_create_user(UserPoolId=pool_id, Username="dora",
                             UserAttributes=[{"Name": "email", "Value": "dora@example.com"}],
                             MessageAction="SUPPRESS")
    assert listed(client, pool_id, Filter='email ^= "d"') == ["dora"]
    client.admin_set_user_password(UserPoolId=pool_id, Username="dora", Password="Passw0rd!",
                                   Permanent=True)
    assert "dora" in listed(client, pool_id, Filter='cognito:user_status = "confirmed"')

    client.admin_delete_user(UserPoolId=pool_id, Username="dora")
    assert listed(client, pool_id, Filter='email ^= "d"') == []


# -- AttributesToGet ----------------------------------------------------------------------------


def test_attributes_to_get_restricts_the_attributes(client: Any, pool_id: str) -> None:
    response = client.list_users(UserPoolId=pool_id, AttributesToGet=["email", "sub"],
                                 Filter='username = "amy"')
    assert [a["Name"] for a in response["Users"][0]["Attributes"]] == ["sub", "email"]


def test_attributes_to_get_omits_unset_searchable_attributes(client: Any, pool_id: str) -> None:
    response = client.list_users(UserPoolId=pool_id, AttributesToGet=["given_name"])
    assert {u["Username"]: u["Attributes"] for u in response["Users"]} == {
        "Bob": [{"Name": "given_name", "Value": "Bob"}],
        "amy": [{"Name": "given_name", "Value": "Amy"}],
        "bobby": [],
        "carl": [],
    }


def test_attributes_to_get_with_an_attribute_some_user_lacks(client: Any, pool_id: str) -> None:
    """Model: non-searchable attributes (custom ones included) must be set on every user."""
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, AttributesToGet=["sub", "email", "custom:team"])
    assert error_of(excinfo) == CONSTRAINTS
    # restricted by a filter to users that all have it, the same request succeeds
    response = client.list_users(UserPoolId=pool_id, AttributesToGet=["custom:team"],
                                 Filter='given_name ^= ""')
    assert [u["Attributes"] for u in response["Users"]] == [
        [{"Name": "custom:team", "Value": "red"}], [{"Name": "custom:team", "Value": "blue"}]]


@pytest.mark.parametrize("attribute", ["custom:nope", "username"])
def test_attributes_to_get_outside_the_schema(client: Any, pool_id: str, attribute: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, AttributesToGet=[attribute],
                          Filter='email = "none@example.com"')
    assert error_of(excinfo) == CONSTRAINTS


def test_empty_attributes_to_get_means_every_attribute(client: Any, pool_id: str) -> None:
    response = client.list_users(UserPoolId=pool_id, AttributesToGet=[],
                                 Filter='username = "amy"')
    assert [a["Name"] for a in response["Users"][0]["Attributes"]] == [
        "sub", "email", "given_name", "custom:team"]


# -- Limit and PaginationToken ------------------------------------------------------------------


@pytest.fixture
def crowd(cognito_fake: CognitoFake) -> str:
    """A pool of 130 users with emails u000@x.com ... u129@x.com."""
    return str(cognito_fake.seed({"user_pools": [{"PoolName": "crowd", "users": [
        {"Username": f"u{i:03d}", "Attributes": {"email": f"u{i:03d}@x.com"}}
        for i in range(130)]}]})[0].user_pool_id)


def chain(client: Any, pool_id: str, **params: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    token = None
    while True:
        extra = {"PaginationToken": token} if token else {}
        response = client.list_users(UserPoolId=pool_id, **params, **extra)
        pages.append(names(response))
        token = response.get("PaginationToken")
        if token is None:
            return pages


@pytest.mark.parametrize("limit", [None, 0])
def test_default_page_holds_60(client: Any, crowd: str, limit: int | None) -> None:
    params = {} if limit is None else {"Limit": limit}
    pages = chain(client, crowd, **params)
    assert [len(p) for p in pages] == [60, 60, 10]
    assert [n for page in pages for n in page] == [f"u{i:03d}" for i in range(130)]


def test_a_filtered_chain_never_repeats_and_ends_without_a_token(client: Any,
                                                                 crowd: str) -> None:
    pages = chain(client, crowd, Filter='email ^= "u1"', Limit=7)
    assert [len(p) for p in pages] == [7, 7, 7, 7, 2]
    assert [n for page in pages for n in page] == [f"u{i:03d}" for i in range(100, 130)]


def test_a_full_last_page_has_no_token(client: Any, crowd: str) -> None:
    response = client.list_users(UserPoolId=crowd, Filter='email ^= "u12"', Limit=10)
    assert len(response["Users"]) == 10
    assert "PaginationToken" not in response


def test_limit_over_60(client: Any, crowd: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=crowd, Limit=61)
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 60", 400)


def test_changes_between_pages_neither_repeat_nor_skip(client: Any, crowd: str) -> None:
    first = client.list_users(UserPoolId=crowd, Limit=50)
    client.admin_delete_user(UserPoolId=crowd, Username="u010")
    client.admin_create_user(UserPoolId=crowd, Username="u000a", MessageAction="SUPPRESS")
    client.admin_create_user(UserPoolId=crowd, Username="u999", MessageAction="SUPPRESS")
    rest = client.list_users(UserPoolId=crowd, Limit=60,
                             PaginationToken=first["PaginationToken"])
    assert names(rest)[0] == "u050"
    seen = names(first) + names(rest)
    assert len(seen) == len(set(seen))


def test_token_reused_with_another_filter(client: Any, crowd: str) -> None:
    token = client.list_users(UserPoolId=crowd, Filter='email ^= "u"', Limit=5)[
        "PaginationToken"]
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=crowd, Filter='email ^= "u0"', PaginationToken=token)
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Paging marker {token} is invalid for request {request_id}",
                                 400)


def test_token_of_another_pool(client: Any, crowd: str, pool_id: str) -> None:
    token = client.list_users(UserPoolId=crowd, Limit=5)["PaginationToken"]
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=pool_id, PaginationToken=token)
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Paging marker {token} is invalid for request {request_id}",
                                 400)


@pytest.mark.parametrize("token", ["garbage", "eyJzIjpbXX0", "x" * 400])
def test_a_token_the_service_never_issued(client: Any, crowd: str, token: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=crowd, PaginationToken=token)
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Paging marker {token} is invalid for request {request_id}",
                                 400)


def test_a_token_expires_after_an_hour(client: Any, crowd: str,
                                       cognito_fake: CognitoFake) -> None:
    token = client.list_users(UserPoolId=crowd, Limit=5)["PaginationToken"]
    cognito_fake.clock.advance(3599)
    assert len(client.list_users(UserPoolId=crowd, Limit=5, PaginationToken=token)["Users"]) \
        == 5
    cognito_fake.clock.advance(2)
    with pytest.raises(ClientError) as excinfo:
        client.list_users(UserPoolId=crowd, Limit=5, PaginationToken=token)
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == ("InvalidParameterException",
                                 f"Paging marker {token} is invalid for request {request_id}",
                                 400)


def test_the_boto3_paginator_walks_the_whole_pool(client: Any, crowd: str) -> None:
    pages = client.get_paginator("list_users").paginate(
        UserPoolId=crowd, Filter='email ^= "u"', PaginationConfig={"PageSize": 25})
    seen = [u["Username"] for page in pages for u in page["Users"]]
    assert seen == [f"u{i:03d}" for i in range(130)]


def test_case_insensitive_pool_lists_usernames_as_given(cognito_fake: CognitoFake,
                                                        client: Any) -> None:
    pool_id = cognito_fake.seed({"user_pools": [{
        "PoolName": "ci", "UsernameConfiguration": {"CaseSensitive": False},
        "users": [{"Username": "Zed"}, {"Username": "amy"}]}]})[0].user_pool_id
    assert listed(client, pool_id) == ["amy", "Zed"]
    assert listed(client, pool_id, Filter='username = "Zed"') == ["Zed"]
