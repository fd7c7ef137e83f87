"""How users are named and found: UsernameAttributes, AliasAttributes, case sensitivity."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


def make_pool(idp: Any, **settings: Any) -> str:
    return str(idp.create_user_pool(PoolName="sign-in", **settings)["UserPool"]["Id"])


def create(idp: Any, pool: str, username: str, **extra: Any) -> dict[str, Any]:
    extra.setdefault("MessageAction", "SUPPRESS")
    return dict(idp.admin_create_user(UserPoolId=pool, Username=username, **extra)["User"])


def attrs(**values: str) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in values.items()]


def get(idp: Any, pool: str, username: str) -> dict[str, Any]:
    return dict(idp.admin_get_user(UserPoolId=pool, Username=username))


# -- UsernameAttributes ---------------------------------------------------------------------------


def test_email_as_username_stores_the_sub(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, UsernameAttributes=["email"])
    user = idp.admin_create_user(UserPoolId=pool, Username="Ann@Example.com",
                                 UserAttributes=attrs(name="Ann"),
                                 DesiredDeliveryMediums=["EMAIL"])["User"]
    sub = user["Attributes"][0]["Value"]
    assert user["Username"] == sub
    assert [(a["Name"], a["Value"]) for a in user["Attributes"][1:]] == [
        ("name", "Ann"), ("email", "Ann@Example.com")]
    for name in ("Ann@Example.com", "ann@example.com", sub):
        assert get(idp, pool, name)["Username"] == sub
    sent = cognito_fake.outbox.last()
    assert (sent.to, sent.username) == ("Ann@Example.com", sub)
    assert sent.body == f"Your username is Ann@Example.com and temporary password is {sent.code}."


def test_email_username_replaces_a_listed_email_in_place(idp: Any) -> None:
    pool = make_pool(idp, UsernameAttributes=["email"])
    user = create(idp, pool, "a@example.com",
                  UserAttributes=attrs(email="other@example.com", email_verified="true"))
    assert [(a["Name"], a["Value"]) for a in user["Attributes"][1:]] == [
        ("email", "a@example.com"), ("email_verified", "true")]


def test_email_username_taken(idp: Any) -> None:
    pool = make_pool(idp, UsernameAttributes=["email"])
    create(idp, pool, "a@example.com")
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, "A@EXAMPLE.COM")
    assert error_of(excinfo) == (
        "UsernameExistsException", "An account with the given email already exists.", 400)


def test_phone_username_taken(idp: Any) -> None:
    pool = make_pool(idp, UsernameAttributes=["phone_number", "email"])
    user = create(idp, pool, "+15550001111")
    assert get(idp, pool, "+15550001111")["Username"] == user["Username"]
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, "b@example.com", UserAttributes=attrs(phone_number="+15550001111"))
    assert error_of(excinfo) == (
        "UsernameExistsException", "An account with the given phone_number already exists.", 400)


@pytest.mark.parametrize(("username_attributes", "message"), [
    (["email"], "Username should be an email."),
    (["phone_number"], "Username should be a phone number."),
    (["email", "phone_number"], "Username should be either an email or a phone number."),
])
def test_username_of_the_wrong_format(idp: Any, username_attributes: list[str],
                                      message: str) -> None:
    pool = make_pool(idp, UsernameAttributes=username_attributes)
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, "bob")
    assert error_of(excinfo) == ("InvalidParameterException", message, 400)


def test_changing_the_email_username_to_a_taken_one(idp: Any) -> None:
    pool = make_pool(idp, UsernameAttributes=["email"])
    create(idp, pool, "a@example.com")
    create(idp, pool, "b@example.com")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_update_user_attributes(UserPoolId=pool, Username="b@example.com",
                                         UserAttributes=attrs(email="a@example.com"))
    assert error_of(excinfo) == (
        "AliasExistsException", "An account with the given email already exists.", 400)
    idp.admin_update_user_attributes(UserPoolId=pool, Username="b@example.com",
                                     UserAttributes=attrs(email="c@example.com"))
    assert get(idp, pool, "c@example.com")["UserAttributes"][1]["Value"] == "c@example.com"
    with pytest.raises(ClientError) as gone:
        get(idp, pool, "b@example.com")
    assert error_of(gone) == ("UserNotFoundException", "User does not exist.", 400)


# -- AliasAttributes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("aliases", "username", "message"), [
    (["email"], "bob@example.com",
     "Username cannot be of email format, since user pool is configured for email alias."),
    (["phone_number"], "+15550001111",
     "Username cannot be of phone_number format, since user pool is configured for "
     "phone_number alias."),
])
def test_username_in_alias_format(idp: Any, aliases: list[str], username: str,
                                  message: str) -> None:
    pool = make_pool(idp, AliasAttributes=aliases)
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, username)
    assert error_of(excinfo) == ("InvalidParameterException", message, 400)


def test_only_verified_email_aliases_sign_in_and_must_be_unique(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email"])
    create(idp, pool, "a", UserAttributes=attrs(email="a@example.com"))
    with pytest.raises(ClientError) as unverified:
        get(idp, pool, "a@example.com")
    assert error_of(unverified) == ("UserNotFoundException", "User does not exist.", 400)
    create(idp, pool, "b", UserAttributes=attrs(email="a@example.com", email_verified="true"))
    assert get(idp, pool, "A@example.com")["Username"] == "b"
    with pytest.raises(ClientError) as taken:
        create(idp, pool, "c", UserAttributes=attrs(email="a@example.com",
                                                    email_verified="true"))
    assert error_of(taken) == (
        "AliasExistsException", "An account with the given email already exists.", 400)


def test_force_alias_creation_moves_the_alias(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email", "phone_number"])
    create(idp, pool, "a", UserAttributes=attrs(email="x@example.com", email_verified="true"))
    create(idp, pool, "b", ForceAliasCreation=True,
           UserAttributes=attrs(email="x@example.com", email_verified="true"))
    assert get(idp, pool, "x@example.com")["Username"] == "b"
    old = {a["Name"]: a["Value"] for a in get(idp, pool, "a")["UserAttributes"]}
    assert (old["email"], old["email_verified"]) == ("x@example.com", "false")


def test_preferred_username_is_unique_and_cannot_be_forced(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["preferred_username"])
    create(idp, pool, "a", UserAttributes=attrs(preferred_username="ace"))
    assert get(idp, pool, "ace")["Username"] == "a"
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, "b", ForceAliasCreation=True, UserAttributes=attrs(
            preferred_username="ACE"))
    assert error_of(excinfo) == (
        "AliasExistsException", "An account with the given preferred_username already exists.",
        400)


def test_sub_finds_users_of_alias_pools(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email"])
    sub = create(idp, pool, "a")["Attributes"][0]["Value"]
    assert get(idp, pool, sub)["Username"] == "a"


# -- UsernameConfiguration.CaseSensitive ----------------------------------------------------------


def test_case_insensitive_pool(idp: Any) -> None:
    pool = make_pool(idp, UsernameConfiguration={"CaseSensitive": False})
    create(idp, pool, "Bob")
    assert get(idp, pool, "bOB")["Username"] == "Bob"  # stored as given
    with pytest.raises(ClientError) as excinfo:
        create(idp, pool, "BOB")
    assert error_of(excinfo) == ("UsernameExistsException", "User account already exists", 400)
    idp.admin_delete_user(UserPoolId=pool, Username="bob")
    create(idp, pool, "BOB")


def test_case_sensitive_by_default(idp: Any) -> None:
    pool = make_pool(idp)
    create(idp, pool, "Bob")
    create(idp, pool, "bob")
    with pytest.raises(ClientError) as excinfo:
        get(idp, pool, "BOB")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
