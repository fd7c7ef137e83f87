"""The Admin* operations on an existing user, through boto3: passwords, attributes, enabling,
confirming and resetting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake._state import User
from pytest_cognito_fake.flows.messages import FORGOT_PASSWORD, IssuedCode, verify_attribute_key
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations.users import add_user
from tests.conftest import error_of

T0 = 1_700_000_000.0


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    cognito_fake.clock.freeze(T0)
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


def make_pool(idp: Any, **settings: Any) -> str:
    return str(idp.create_user_pool(PoolName="admin", **settings)["UserPool"]["Id"])


@pytest.fixture
def pool_id(idp: Any) -> str:
    return make_pool(idp)


def create(idp: Any, pool_id: str, username: str = "u", **attributes: str) -> dict[str, Any]:
    return dict(idp.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])["User"])


def seed_unconfirmed(fake: CognitoFake, pool_id: str, username: str,
                     attributes: dict[str, str]) -> User:
    """A signed-up, unconfirmed user, made the way SignUp and seeding make users."""
    ctx = Context(fake.backend, fake.region, "seed", fake.clock.now())
    return add_user(ctx, fake.backend.store.pools[pool_id], username, attributes,
                    status="UNCONFIRMED", password="Passw0rd!")


def stored(fake: CognitoFake, pool_id: str, username: str) -> User:
    user = fake.backend.store.pools[pool_id].find_user(username)
    assert user is not None
    return user


def get(idp: Any, pool_id: str, username: str = "u") -> dict[str, Any]:
    return dict(idp.admin_get_user(UserPoolId=pool_id, Username=username))


def attributes_of(user: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def expect(excinfo: pytest.ExceptionInfo[ClientError], code: str, message: str) -> None:
    assert error_of(excinfo) == (code, message, 400)


# -- unknown users and pools, for every operation -------------------------------------------------

CALLS = [
    ("admin_get_user", {}),
    ("admin_delete_user", {}),
    ("admin_set_user_password", {"Password": "Passw0rd!!", "Permanent": True}),
    ("admin_update_user_attributes", {"UserAttributes": [{"Name": "name", "Value": "x"}]}),
    ("admin_delete_user_attributes", {"UserAttributeNames": ["name"]}),
    ("admin_disable_user", {}),
    ("admin_enable_user", {}),
    ("admin_confirm_sign_up", {}),
    ("admin_reset_user_password", {}),
]


@pytest.mark.parametrize(("method", "extra"), CALLS)
def test_unknown_user(idp: Any, pool_id: str, method: str, extra: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(idp, method)(UserPoolId=pool_id, Username="ghost", **extra)
    expect(excinfo, "UserNotFoundException", "User does not exist.")


@pytest.mark.parametrize(("method", "extra"), CALLS)
def test_unknown_pool(idp: Any, method: str, extra: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(idp, method)(UserPoolId="eu-west-1_Nope12345", Username="ghost", **extra)
    expect(excinfo, "ResourceNotFoundException", "User pool eu-west-1_Nope12345 does not exist.")


# -- AdminSetUserPassword -------------------------------------------------------------------------


def test_permanent_password_confirms(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    create(idp, pool_id)
    cognito_fake.clock.advance(60)
    idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password="Perm4nent!",
                                Permanent=True)
    user = get(idp, pool_id)
    assert user["UserStatus"] == "CONFIRMED"
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 60, dt.timezone.utc)
    assert (stored(cognito_fake, pool_id, "u").password,
            stored(cognito_fake, pool_id, "u").password_set_at) == ("Perm4nent!", T0 + 60)


def test_temporary_password_forces_a_change(idp: Any, pool_id: str) -> None:
    create(idp, pool_id)
    idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password="Perm4nent!",
                                Permanent=True)
    idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password="Temp0rary!",
                                Permanent=False)
    assert get(idp, pool_id)["UserStatus"] == "FORCE_CHANGE_PASSWORD"


@pytest.mark.parametrize(("password", "rule"), [
    ("Aa1!", "Password not long enough"),
    ("AAAAAAA1!", "Password must have lowercase characters"),
    ("aaaaaaa1!", "Password must have uppercase characters"),
    ("aaaaaaaA!", "Password must have numeric characters"),
    ("aaaaaaaA1", "Password must have symbol characters"),
])
def test_set_password_policy(idp: Any, pool_id: str, password: str, rule: str) -> None:
    create(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password=password,
                                    Permanent=True)
    expect(excinfo, "InvalidPasswordException", f"Password does not conform to policy: {rule}")
    assert get(idp, pool_id)["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_policy_follows_the_pool(idp: Any) -> None:
    pool = make_pool(idp, Policies={"PasswordPolicy": {"MinimumLength": 6}})
    create(idp, pool)
    idp.admin_set_user_password(UserPoolId=pool, Username="u", Password="simple",
                                Permanent=True)
    assert get(idp, pool)["UserStatus"] == "CONFIRMED"


# -- AdminUpdateUserAttributes --------------------------------------------------------------------


def test_update_sets_changes_and_appends(idp: Any, pool_id: str,
                                         cognito_fake: CognitoFake) -> None:
    create(idp, pool_id, name="Ann", locale="en")
    cognito_fake.clock.advance(5)
    result = idp.admin_update_user_attributes(UserPoolId=pool_id, Username="u", UserAttributes=[
        {"Name": "nickname", "Value": "annie"}, {"Name": "name", "Value": "Anne"}])
    assert set(result) == {"ResponseMetadata"}  # an empty body
    user = get(idp, pool_id)
    assert [(a["Name"], a["Value"]) for a in user["UserAttributes"][1:]] == [
        ("name", "Anne"), ("locale", "en"), ("nickname", "annie")]
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 5, dt.timezone.utc)
    assert user["UserCreateDate"] == dt.datetime.fromtimestamp(T0, dt.timezone.utc)


def test_update_with_a_blank_value_deletes(idp: Any, pool_id: str) -> None:
    create(idp, pool_id, name="Ann", locale="en")
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="u",
                                     UserAttributes=[{"Name": "name", "Value": ""}])
    assert set(attributes_of(get(idp, pool_id))) == {"sub", "locale"}


def test_changing_email_unverifies_it(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    create(idp, pool_id, email="old@example.com", email_verified="true")
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="u", UserAttributes=[
        {"Name": "email", "Value": "new@example.com"}])
    assert attributes_of(get(idp, pool_id))["email_verified"] == "false"
    assert len(cognito_fake.outbox) == 0  # the pool does not auto-verify email


def test_changing_email_with_the_flag_keeps_it_verified(idp: Any, pool_id: str) -> None:
    create(idp, pool_id, email="old@example.com")
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="u", UserAttributes=[
        {"Name": "email", "Value": "new@example.com"}, {"Name": "email_verified", "Value": "true"}])
    assert attributes_of(get(idp, pool_id))["email_verified"] == "true"


def test_auto_verified_email_change_sends_a_code(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, AutoVerifiedAttributes=["email"])
    create(idp, pool, email="old@example.com", email_verified="true")
    idp.admin_update_user_attributes(UserPoolId=pool, Username="u", UserAttributes=[
        {"Name": "email", "Value": "new@example.com"}])
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.medium, sent.to, sent.subject) == (
        "verify_attribute", "EMAIL", "new@example.com", "Your verification code")
    assert sent.code is not None and len(sent.code) == 6 and sent.code.isdigit()
    assert sent.body == f"Your verification code is {sent.code}."
    assert stored(cognito_fake, pool, "u").codes[verify_attribute_key("email")] == IssuedCode(
        sent.code, T0, value="new@example.com", held=False)


def test_verification_before_update_holds_the_old_email(idp: Any,
                                                         cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, AutoVerifiedAttributes=["email"], UserAttributeUpdateSettings={
        "AttributesRequireVerificationBeforeUpdate": ["email"]})
    create(idp, pool, email="old@example.com", email_verified="true")
    idp.admin_update_user_attributes(UserPoolId=pool, Username="u", UserAttributes=[
        {"Name": "email", "Value": "new@example.com"}])
    assert attributes_of(get(idp, pool))["email"] == "old@example.com"
    assert attributes_of(get(idp, pool))["email_verified"] == "true"
    assert cognito_fake.outbox.last().to == "new@example.com"
    assert stored(cognito_fake, pool, "u").codes[verify_attribute_key("email")].held


@pytest.mark.parametrize(("attributes", "message"), [
    ([{"Name": "custom:address", "Value": "x"}, {"Name": "custom:latitude", "Value": "1"}],
     "user.custom:address: Attribute does not exist in the schema.\n"
     "user.custom:latitude: Attribute does not exist in the schema.\n"),
    ([{"Name": "sub", "Value": "x"}], "user.sub: Attribute cannot be updated.\n"),
    ([{"Name": "phone_number", "Value": "12065551212"}], "Invalid phone number format."),
    ([{"Name": "email", "Value": "@example.com"}], "Invalid email address format."),
    ([{"Name": "phone_number_verified", "Value": "true"}],
     "Phone Number is required to verify/un-verify a phone number"),
    ([{"Name": "nickname"}], "Attribute value for nickname must not be null"),
])
def test_update_errors(idp: Any, pool_id: str, attributes: list[dict[str, str]],
                       message: str) -> None:
    create(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_update_user_attributes(UserPoolId=pool_id, Username="u",
                                         UserAttributes=attributes)
    expect(excinfo, "InvalidParameterException", message)


def test_immutable_custom_attribute_is_set_once(idp: Any) -> None:
    pool = make_pool(idp, Schema=[{"Name": "tenant", "AttributeDataType": "String",
                                   "Mutable": False}])
    create(idp, pool, **{"custom:tenant": "acme"})
    with pytest.raises(ClientError) as excinfo:
        idp.admin_update_user_attributes(UserPoolId=pool, Username="u", UserAttributes=[
            {"Name": "custom:tenant", "Value": "other"}])
    expect(excinfo, "InvalidParameterException",
           "user.custom:tenant: Attribute cannot be updated.\n")


def test_update_to_another_users_alias(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email"])
    create(idp, pool, "a", email="a@example.com", email_verified="true")
    create(idp, pool, "b", email="b@example.com", email_verified="true")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_update_user_attributes(UserPoolId=pool, Username="b", UserAttributes=[
            {"Name": "email", "Value": "A@example.com"},
            {"Name": "email_verified", "Value": "true"}])
    expect(excinfo, "AliasExistsException", "An account with the given email already exists.")
    # unverified, the same address is no alias and may be shared
    idp.admin_update_user_attributes(UserPoolId=pool, Username="b", UserAttributes=[
        {"Name": "email", "Value": "a@example.com"}])
    assert get(idp, pool, "a@example.com")["Username"] == "a"


def test_updated_alias_signs_in_and_the_old_one_stops(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email", "preferred_username"])
    create(idp, pool, "a", email="a@example.com", email_verified="true")
    idp.admin_update_user_attributes(UserPoolId=pool, Username="a@example.com", UserAttributes=[
        {"Name": "email", "Value": "z@example.com"}, {"Name": "email_verified", "Value": "true"},
        {"Name": "preferred_username", "Value": "zed"}])
    assert get(idp, pool, "z@example.com")["Username"] == "a"
    assert get(idp, pool, "zed")["Username"] == "a"
    with pytest.raises(ClientError) as excinfo:
        get(idp, pool, "a@example.com")
    expect(excinfo, "UserNotFoundException", "User does not exist.")


# -- AdminDeleteUserAttributes --------------------------------------------------------------------


def test_delete_attributes(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    create(idp, pool_id, email="a@example.com", email_verified="true", name="Ann")
    cognito_fake.clock.advance(1)
    idp.admin_delete_user_attributes(UserPoolId=pool_id, Username="u",
                                     UserAttributeNames=["email", "locale"])
    user = get(idp, pool_id)
    assert [a["Name"] for a in user["UserAttributes"]] == ["sub", "name"]
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 1, dt.timezone.utc)


def test_delete_attribute_errors(idp: Any) -> None:
    pool = make_pool(idp, Schema=[
        {"Name": "phone_number", "AttributeDataType": "String", "Required": True},
        {"Name": "tenant", "AttributeDataType": "String", "Mutable": False}])
    create(idp, pool, phone_number="+15550001111", **{"custom:tenant": "acme"})
    for names, code, message in [
        (["custom:nope"], "InvalidParameterException",
         "user.custom:nope: Attribute does not exist in the schema.\n"),
        (["phone_number"], "InvalidParameterException",
         "Invalid user attributes: phone_number: Required attribute cannot be deleted."),
        (["custom:tenant"], "InvalidParameterException",
         "user.custom:tenant: Attribute cannot be updated.\n"),
    ]:
        with pytest.raises(ClientError) as excinfo:
            idp.admin_delete_user_attributes(UserPoolId=pool, Username="u",
                                             UserAttributeNames=names)
        expect(excinfo, code, message)
    assert set(attributes_of(get(idp, pool))) == {"sub", "phone_number", "custom:tenant"}


def test_deleting_a_verified_alias_stops_sign_in_with_it(idp: Any) -> None:
    pool = make_pool(idp, AliasAttributes=["email"])
    create(idp, pool, "a", email="a@example.com", email_verified="true")
    idp.admin_delete_user_attributes(UserPoolId=pool, Username="a", UserAttributeNames=["email"])
    with pytest.raises(ClientError) as excinfo:
        get(idp, pool, "a@example.com")
    expect(excinfo, "UserNotFoundException", "User does not exist.")


# -- AdminDisableUser / AdminEnableUser -----------------------------------------------------------


def test_disable_and_enable(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    create(idp, pool_id)
    cognito_fake.clock.advance(2)
    idp.admin_disable_user(UserPoolId=pool_id, Username="u")
    user = get(idp, pool_id)
    assert user["Enabled"] is False
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 2, dt.timezone.utc)
    idp.admin_disable_user(UserPoolId=pool_id, Username="u")  # idempotent
    idp.admin_enable_user(UserPoolId=pool_id, Username="u")
    assert get(idp, pool_id)["Enabled"] is True


# -- AdminConfirmSignUp ---------------------------------------------------------------------------


def test_confirm_sign_up(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    seed_unconfirmed(cognito_fake, pool_id, "u", {"email": "u@example.com",
                                                  "email_verified": "false"})
    cognito_fake.clock.advance(3)
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="u")
    user = get(idp, pool_id)
    assert user["UserStatus"] == "CONFIRMED"
    assert attributes_of(user)["email_verified"] == "false"  # not verified by an admin confirm
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 3, dt.timezone.utc)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="u")
    expect(excinfo, "NotAuthorizedException",
           "User cannot be confirmed. Current status is CONFIRMED")


def test_confirm_sign_up_of_an_invited_user(idp: Any, pool_id: str) -> None:
    create(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="u")
    expect(excinfo, "NotAuthorizedException",
           "User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD")


# -- AdminResetUserPassword -----------------------------------------------------------------------


def confirmed(idp: Any, pool_id: str, username: str = "u", **attributes: str) -> None:
    create(idp, pool_id, username, **attributes)
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password="Perm4nent!",
                                Permanent=True)


def test_reset_sends_a_code_to_the_verified_email(idp: Any, pool_id: str,
                                                  cognito_fake: CognitoFake) -> None:
    confirmed(idp, pool_id, email="u@example.com", email_verified="true",
              phone_number="+15550001111", phone_number_verified="true")
    cognito_fake.clock.advance(10)
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    user = get(idp, pool_id)
    assert user["UserStatus"] == "RESET_REQUIRED"
    assert user["UserLastModifiedDate"] == dt.datetime.fromtimestamp(T0 + 10, dt.timezone.utc)
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.medium, sent.to, sent.username, sent.subject) == (
        "admin_reset_password", "EMAIL", "u@example.com", "u", "Your verification code")
    assert sent.code is not None and len(sent.code) == 6 and sent.code.isdigit()
    assert sent.body == f"Your password reset code is {sent.code}"
    assert stored(cognito_fake, pool_id, "u").codes[FORGOT_PASSWORD] == IssuedCode(
        sent.code, T0 + 10)


def test_reset_uses_the_recovery_priority_and_the_code_template(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, AccountRecoverySetting={"RecoveryMechanisms": [
        {"Priority": 1, "Name": "verified_phone_number"},
        {"Priority": 2, "Name": "verified_email"}]},
        VerificationMessageTemplate={"SmsMessage": "Code: {####}"})
    confirmed(idp, pool, email="u@example.com", email_verified="true",
              phone_number="+15550001111", phone_number_verified="true")
    idp.admin_reset_user_password(UserPoolId=pool, Username="u")
    sent = cognito_fake.outbox.last()
    assert (sent.medium, sent.to, sent.subject, sent.body) == (
        "SMS", "+15550001111", None, f"Code: {sent.code}")


def test_a_second_reset_replaces_the_code(idp: Any, pool_id: str,
                                          cognito_fake: CognitoFake) -> None:
    confirmed(idp, pool_id, email="u@example.com", email_verified="true")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    latest = cognito_fake.outbox.last().code
    assert stored(cognito_fake, pool_id, "u").codes[FORGOT_PASSWORD].code == latest
    assert len(cognito_fake.outbox.filter(kind="admin_reset_password")) == 2


def test_reset_without_a_verified_channel(idp: Any, pool_id: str) -> None:
    confirmed(idp, pool_id, email="u@example.com")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    expect(excinfo, "InvalidParameterException",
           "Cannot reset password for the user as there is no registered/verified email or "
           "phone_number")
    assert get(idp, pool_id)["UserStatus"] == "CONFIRMED"


def test_reset_of_a_disabled_user(idp: Any, pool_id: str) -> None:
    confirmed(idp, pool_id, email="u@example.com", email_verified="true")
    idp.admin_disable_user(UserPoolId=pool_id, Username="u")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    expect(excinfo, "NotAuthorizedException", "User is disabled")


def test_reset_of_an_invited_user(idp: Any, pool_id: str) -> None:
    create(idp, pool_id, email="u@example.com", email_verified="true")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_reset_user_password(UserPoolId=pool_id, Username="u")
    expect(excinfo, "NotAuthorizedException", "User password cannot be reset in the current state.")
