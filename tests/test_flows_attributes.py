"""The pure attribute/schema functions and the username rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake._defaults import STANDARD_SCHEMA
from pytest_cognito_fake.errors import (
    CognitoError,
    InvalidParameterException,
)
from pytest_cognito_fake.flows import usernames
from pytest_cognito_fake.flows.attributes import Schema, for_create, for_delete, for_update

CUSTOM = [
    {"Name": "custom:code", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
     "Mutable": True, "Required": False,
     "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "4"}},
    {"Name": "custom:age", "AttributeDataType": "Number", "DeveloperOnlyAttribute": False,
     "Mutable": True, "Required": False,
     "NumberAttributeConstraints": {"MinValue": "18", "MaxValue": "99"}},
    {"Name": "custom:tenant", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
     "Mutable": False, "Required": False, "StringAttributeConstraints": {"MaxLength": "2048"}},
    {"Name": "dev:custom:secret", "AttributeDataType": "String", "DeveloperOnlyAttribute": True,
     "Mutable": True, "Required": False, "StringAttributeConstraints": {"MaxLength": "2048"}},
]
SCHEMA = Schema.from_pool([*STANDARD_SCHEMA, *CUSTOM])


def message_of(fn: object, *args: object, **kwargs: object) -> tuple[str, str | None]:
    with pytest.raises(CognitoError) as excinfo:
        fn(*args, **kwargs)  # type: ignore[operator]
    return excinfo.value.code, excinfo.value.message


def test_create_keeps_request_order_and_normalises_booleans() -> None:
    out = for_create(SCHEMA, [("name", "Ann"), ("email", "a@b.co"), ("email_verified", "True")])
    assert list(out.items()) == [("name", "Ann"), ("email", "a@b.co"), ("email_verified", "true")]


def test_create_lists_every_schema_problem_one_line_each() -> None:
    assert message_of(for_create, SCHEMA, [
        ("custom:nope", "1"), ("custom:code", "x"), ("custom:age", "17"),
        ("custom:age", "abc"), ("email_verified", "yes"), ("sub", "mine"),
    ]) == ("InvalidParameterException",
           "Attributes did not conform to the schema: "
           "custom:nope: Attribute does not exist in the schema.\n"
           "custom:code: String must be no shorter than 2 characters.\n"
           "custom:age: Number must be no less than 18.\n"
           "custom:age: Attribute value must be a number.\n"
           "email_verified: Attribute value must be true or false.\n"
           "sub: Attribute cannot be updated.\n")


def test_required_attributes_only_when_asked() -> None:
    required = Schema.from_pool([{**a, "Required": a["Name"] in ("sub", "email", "name")}
                                 for a in STANDARD_SCHEMA])
    assert for_create(required, []) == {}
    assert message_of(for_create, required, [("custom:x", "1")], enforce_required=True) == (
        "InvalidParameterException",
        "Attributes did not conform to the schema: "
        "custom:x: Attribute does not exist in the schema.\n"
        "name: The attribute is required\nemail: The attribute is required\n")


def test_formats_and_verification_flags() -> None:
    assert message_of(for_create, SCHEMA, [("phone_number", "555-1234")]) == (
        "InvalidParameterException", "Invalid phone number format.")
    assert message_of(for_create, SCHEMA, [("email", "not-an-email")]) == (
        "InvalidParameterException", "Invalid email address format.")
    assert message_of(for_create, SCHEMA, [("email_verified", "true")]) == (
        "InvalidParameterException", "Email is required to verify/un-verify an email")
    assert message_of(for_create, SCHEMA, [("phone_number_verified", "true")]) == (
        "InvalidParameterException",
        "Phone Number is required to verify/un-verify a phone number")
    assert message_of(for_create, SCHEMA, [("picture", None)]) == (
        "InvalidParameterException", "Attribute value for picture must not be null")


def test_developer_only_attributes_need_administrator_access() -> None:
    assert for_create(SCHEMA, [("dev:custom:secret", "s")]) == {"dev:custom:secret": "s"}
    assert message_of(for_create, SCHEMA, [("dev:custom:secret", "s")],
                      developer_access=False) == (
        "NotAuthorizedException", "A client attempted to write unauthorized attribute")


def test_update_changes_in_place_appends_new_and_unverifies_a_changed_email() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "true", "name": "Ann"}
    update = for_update(SCHEMA, current, [("email", "c@d.co"), ("locale", "en")])
    assert list(update.attributes.items()) == [
        ("sub", "s"), ("email", "c@d.co"), ("email_verified", "false"), ("name", "Ann"),
        ("locale", "en")]
    assert update.awaiting == {"email": "c@d.co"}
    assert update.held == frozenset()


def test_update_with_the_flag_in_the_same_call_stays_verified() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "false"}
    update = for_update(SCHEMA, current, [("email", "c@d.co"), ("email_verified", "TRUE")])
    assert update.attributes == {"sub": "s", "email": "c@d.co", "email_verified": "true"}
    assert update.awaiting == {}


def test_update_resending_the_same_value_changes_nothing() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "true"}
    assert for_update(SCHEMA, current, [("email", "a@b.co")]).attributes == current


def test_update_holds_a_verified_value_when_the_pool_requires_verification_first() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "true"}
    update = for_update(SCHEMA, current, [("email", "c@d.co")], hold_until_verified=["email"])
    assert update.attributes == current
    assert update.awaiting == {"email": "c@d.co"}
    assert update.held == frozenset({"email"})


def test_update_with_an_empty_value_deletes() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "true", "name": "Ann"}
    assert for_update(SCHEMA, current, [("email", "")]).attributes == {"sub": "s", "name": "Ann"}


def test_update_problems_are_user_prefixed_lines() -> None:
    assert message_of(for_update, SCHEMA, {"sub": "s"}, [
        ("custom:nope", "1"), ("custom:tenant", "t"), ("sub", "x"), ("custom:code", "toolong")]
    ) == ("InvalidParameterException",
          "user.custom:nope: Attribute does not exist in the schema.\n"
          "user.custom:tenant: Attribute cannot be updated.\n"
          "user.sub: Attribute cannot be updated.\n"
          "user.custom:code: String must be no longer than 4 characters.\n")


def test_update_cannot_blank_a_required_attribute() -> None:
    required = Schema.from_pool([{**a, "Required": a["Name"] in ("sub", "email")}
                                 for a in STANDARD_SCHEMA])
    assert message_of(for_update, required, {"sub": "s", "email": "a@b.co"}, [("email", "")]) \
        == ("InvalidParameterException",
            "Invalid user attributes: email: Required attribute cannot be deleted.")


def test_update_of_a_flag_needs_its_attribute() -> None:
    assert message_of(for_update, SCHEMA, {"sub": "s"}, [("email_verified", "true")]) == (
        "InvalidParameterException", "Email is required to verify/un-verify an email")


def test_delete_rules() -> None:
    current = {"sub": "s", "email": "a@b.co", "email_verified": "true", "name": "Ann"}
    assert for_delete(SCHEMA, current, ["email", "locale"]) == {"sub": "s", "name": "Ann"}
    assert message_of(for_delete, SCHEMA, current, ["custom:nope"]) == (
        "InvalidParameterException", "user.custom:nope: Attribute does not exist in the schema.\n")
    assert message_of(for_delete, SCHEMA, current, ["sub"]) == (
        "InvalidParameterException",
        "Invalid user attributes: sub: Required attribute cannot be deleted.")
    assert message_of(for_delete, SCHEMA, current, ["custom:tenant"]) == (
        "InvalidParameterException", "user.custom:tenant: Attribute cannot be updated.\n")
    assert message_of(for_delete, SCHEMA, current, ["dev:custom:secret"],
                      developer_access=False)[0] == "NotAuthorizedException"


@given(st.lists(st.sampled_from(["name", "nickname", "locale", "website", "zoneinfo"]),
                unique=True),
       st.lists(st.sampled_from(["name", "nickname", "locale", "website", "zoneinfo"]),
                unique=True))
def test_update_keeps_existing_positions(existing: list[str], updated: list[str]) -> None:
    current = {"sub": "s", **{name: "old" for name in existing}}
    after = for_update(SCHEMA, current, [(name, "new") for name in updated]).attributes
    keys = list(after)
    assert keys[:len(current)] == list(current)
    assert keys[len(current):] == [n for n in updated if n not in current]


# -- usernames ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "email", "phone"), [
    ("a@b.co", True, False), ("a@b", True, False), ("a b@c.d", False, False),
    ("a@@b", False, False), ("@b.co", False, False), ("+12065551212", False, True),
    ("12065551212", False, False), ("+1 206 555", False, False),
    ("+1234567890123456", False, False),
])
def test_formats(value: str, email: bool, phone: bool) -> None:
    assert usernames.is_email(value) is email
    assert usernames.is_phone_number(value) is phone


def test_sign_in_attribute_messages() -> None:
    assert usernames.sign_in_attribute("a@b.co", ["email"]) == "email"
    assert usernames.sign_in_attribute("+15550001111", ["email", "phone_number"]) == \
        "phone_number"
    for attrs_, text in [
        (["email"], "Username should be an email."),
        (["phone_number"], "Username should be a phone number."),
        (["email", "phone_number"], "Username should be either an email or a phone number."),
    ]:
        with pytest.raises(InvalidParameterException) as excinfo:
            usernames.sign_in_attribute("bob", attrs_)
        assert excinfo.value.message == text


def test_alias_format() -> None:
    usernames.check_not_alias_format("bob", ["email", "phone_number"])
    with pytest.raises(InvalidParameterException) as excinfo:
        usernames.check_not_alias_format("bob@x.co", ["email"])
    assert excinfo.value.message == (
        "Username cannot be of email format, since user pool is configured for email alias.")
    with pytest.raises(InvalidParameterException) as phone:
        usernames.check_not_alias_format("+15550001111", ["phone_number"])
    assert phone.value.message == ("Username cannot be of phone_number format, since user pool "
                                   "is configured for phone_number alias.")
