"""AdminCreateUser, AdminGetUser and AdminDeleteUser through boto3 (and one raw HTTP call)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows.passwords import PasswordPolicy, violation
from tests.conftest import error_of

STRICT_POLICY = {"MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True,
                 "RequireNumbers": True, "RequireSymbols": True}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


def make_pool(idp: Any, **settings: Any) -> str:
    return str(idp.create_user_pool(PoolName="users", **settings)["UserPool"]["Id"])


@pytest.fixture
def pool_id(idp: Any) -> str:
    return make_pool(idp)


def attrs_of(items: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(a["Name"], a["Value"]) for a in items]


# -- AdminCreateUser: the record ------------------------------------------------------------------


def test_create_returns_the_user_with_sub_first_then_request_order(
        idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_700_000_000.1234)
    user = idp.admin_create_user(
        UserPoolId=pool_id, Username="testuser", UserAttributes=[
            {"Name": "name", "Value": "John"},
            {"Name": "phone_number", "Value": "+12065551212"},
            {"Name": "email", "Value": "testuser@example.com"},
        ])["User"]
    sub = user["Attributes"][0]
    assert sub["Name"] == "sub"
    assert attrs_of(user["Attributes"][1:]) == [
        ("name", "John"), ("phone_number", "+12065551212"), ("email", "testuser@example.com")]
    assert set(user) == {"Username", "Attributes", "Enabled", "UserCreateDate",
                         "UserLastModifiedDate", "UserStatus"}  # no MFAOptions
    assert (user["Username"], user["Enabled"], user["UserStatus"]) == (
        "testuser", True, "FORCE_CHANGE_PASSWORD")
    created = dt.datetime.fromtimestamp(1_700_000_000.123, dt.timezone.utc)
    assert user["UserCreateDate"] == user["UserLastModifiedDate"] == created


def test_sub_is_a_lower_case_uuid4(idp: Any, pool_id: str) -> None:
    sub = idp.admin_create_user(UserPoolId=pool_id, Username="u")["User"]["Attributes"][0]["Value"]
    parts = sub.split("-")
    assert [len(p) for p in parts] == [8, 4, 4, 4, 12]
    assert sub == sub.lower() and parts[2][0] == "4" and parts[3][0] in "89ab"


def test_boolean_attributes_are_stored_lower_case(idp: Any, pool_id: str) -> None:
    user = idp.admin_create_user(UserPoolId=pool_id, Username="u", UserAttributes=[
        {"Name": "email", "Value": "u@example.com"}, {"Name": "email_verified", "Value": "True"}],
        MessageAction="SUPPRESS")["User"]
    assert attrs_of(user["Attributes"][1:]) == [("email", "u@example.com"),
                                                ("email_verified", "true")]


def test_custom_and_developer_only_attributes(idp: Any) -> None:
    pool = make_pool(idp, Schema=[
        {"Name": "tier", "AttributeDataType": "String",
         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "5"}},
        {"Name": "level", "AttributeDataType": "Number",
         "NumberAttributeConstraints": {"MinValue": "1", "MaxValue": "10"}},
        {"Name": "internal", "AttributeDataType": "String", "DeveloperOnlyAttribute": True},
    ])
    user = idp.admin_create_user(UserPoolId=pool, Username="u", UserAttributes=[
        {"Name": "custom:tier", "Value": "gold"}, {"Name": "custom:level", "Value": "3"},
        {"Name": "dev:custom:internal", "Value": "x"}])["User"]
    assert attrs_of(user["Attributes"][1:]) == [
        ("custom:tier", "gold"), ("custom:level", "3"), ("dev:custom:internal", "x")]
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool, Username="v", UserAttributes=[
            {"Name": "custom:tier", "Value": "platinum"}, {"Name": "custom:level", "Value": "11"},
            {"Name": "tier", "Value": "x"}])
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "Attributes did not conform to the schema: "
        "custom:tier: String must be no longer than 5 characters.\n"
        "custom:level: Number must be no greater than 10.\n"
        "tier: Attribute does not exist in the schema.\n", 400)


def test_required_attributes_are_not_enforced_by_admin_create_user(idp: Any) -> None:
    pool = make_pool(idp, Schema=[{"Name": "email", "AttributeDataType": "String",
                                   "Required": True}])
    user = idp.admin_create_user(UserPoolId=pool, Username="u")["User"]
    assert [a["Name"] for a in user["Attributes"]] == ["sub"]


@pytest.mark.parametrize(("attributes", "message"), [
    ([{"Name": "custom:firstName", "Value": "a"}, {"Name": "custom:dateOfBirth", "Value": "b"}],
     "Attributes did not conform to the schema: "
     "custom:firstName: Attribute does not exist in the schema.\n"
     "custom:dateOfBirth: Attribute does not exist in the schema.\n"),
    ([{"Name": "phone_number", "Value": "2065551212"}], "Invalid phone number format."),
    ([{"Name": "email", "Value": "nobody"}], "Invalid email address format."),
    ([{"Name": "email_verified", "Value": "true"}],
     "Email is required to verify/un-verify an email"),
    ([{"Name": "picture"}], "Attribute value for picture must not be null"),
    ([{"Name": "birthdate", "Value": "1/2/2000"}],
     "Attributes did not conform to the schema: "
     "birthdate: String must be no shorter than 10 characters.\n"),
])
def test_create_attribute_errors(idp: Any, pool_id: str, attributes: list[dict[str, str]],
                                 message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="u", UserAttributes=attributes)
    assert error_of(excinfo) == ("InvalidParameterException", message, 400)
    with pytest.raises(ClientError) as missing:
        idp.admin_get_user(UserPoolId=pool_id, Username="u")
    assert error_of(missing)[0] == "UserNotFoundException"  # nothing was stored


def test_existing_username(idp: Any, pool_id: str) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="bob")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="bob")
    assert error_of(excinfo) == ("UsernameExistsException", "User account already exists", 400)


def test_unknown_pool(idp: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId="us-east-1_NoSuchPoo", Username="bob")
    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_NoSuchPoo does not exist.", 400)


# -- AdminCreateUser: passwords and invitations ---------------------------------------------------


def test_generated_temporary_password_satisfies_the_pool_policy(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, Policies={"PasswordPolicy": STRICT_POLICY})
    idp.admin_create_user(UserPoolId=pool, Username="u", DesiredDeliveryMediums=["EMAIL"],
                          UserAttributes=[{"Name": "email", "Value": "u@example.com"}])
    sent = cognito_fake.outbox.last()
    assert sent.code is not None and len(sent.code) == 12
    assert violation(PasswordPolicy.from_settings(STRICT_POLICY), sent.code) is None
    assert (sent.kind, sent.medium, sent.to, sent.username, sent.user_pool_id) == (
        "invitation", "EMAIL", "u@example.com", "u", pool)
    assert sent.subject == "Your temporary password"
    assert sent.body == f"Your username is u and temporary password is {sent.code}."


def test_same_seed_same_temporary_password() -> None:
    codes = []
    for _ in range(2):
        with CognitoFake(random_seed=7) as fake:
            idp = boto3.client("cognito-idp", region_name=fake.region)
            pool = make_pool(idp)
            idp.admin_create_user(UserPoolId=pool, Username="u", UserAttributes=[
                {"Name": "phone_number", "Value": "+15550001111"}])
            codes.append(fake.outbox.last().code)
    assert codes[0] == codes[1]


def test_given_temporary_password_is_kept(idp: Any, pool_id: str,
                                          cognito_fake: CognitoFake) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="u", TemporaryPassword="Temp0rary!",
                          UserAttributes=[{"Name": "phone_number", "Value": "+15550001111"}])
    sent = cognito_fake.outbox.last()
    assert (sent.medium, sent.to, sent.code, sent.subject) == (
        "SMS", "+15550001111", "Temp0rary!", None)
    assert sent.body == "Your username is u and temporary password is Temp0rary!."


@pytest.mark.parametrize(("password", "rule"), [
    ("Sh0rt!", "Password not long enough"),
    ("NOLOWER1!", "Password must have lowercase characters"),
    ("noupper1!", "Password must have uppercase characters"),
    ("NoNumbers!", "Password must have numeric characters"),
    ("NoSymbols1", "Password must have symbol characters"),
])
def test_weak_temporary_password(idp: Any, pool_id: str, password: str, rule: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="u", TemporaryPassword=password)
    assert error_of(excinfo) == (
        "InvalidPasswordException", f"Password did not conform with password policy: {rule}", 400)


def test_suppress_sends_nothing(idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="u", MessageAction="SUPPRESS",
                          DesiredDeliveryMediums=["EMAIL"])  # no email, yet no error
    assert len(cognito_fake.outbox) == 0


def test_default_medium_is_sms_and_no_phone_means_no_message(
        idp: Any, pool_id: str, cognito_fake: CognitoFake) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="a",
                          UserAttributes=[{"Name": "email", "Value": "a@example.com"}])
    idp.admin_create_user(UserPoolId=pool_id, Username="b")
    assert len(cognito_fake.outbox) == 0


def test_each_desired_medium_gets_a_message(idp: Any, pool_id: str,
                                            cognito_fake: CognitoFake) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="u", DesiredDeliveryMediums=[
        "EMAIL", "SMS"], UserAttributes=[{"Name": "email", "Value": "u@example.com"},
                                         {"Name": "phone_number", "Value": "+15550001111"}])
    assert [(m.medium, m.to) for m in cognito_fake.outbox] == [
        ("EMAIL", "u@example.com"), ("SMS", "+15550001111")]
    assert cognito_fake.outbox[0].code == cognito_fake.outbox[1].code


@pytest.mark.parametrize(("medium", "attribute", "message"), [
    ("EMAIL", {"Name": "phone_number", "Value": "+15550001111"},
     "No email provided but desired delivery medium was Email"),
    ("SMS", {"Name": "email", "Value": "u@example.com"},
     "No phone_number provided but desired delivery medium was Sms"),
])
def test_desired_medium_without_its_attribute(idp: Any, pool_id: str, medium: str,
                                              attribute: dict[str, str], message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="u", DesiredDeliveryMediums=[medium],
                              UserAttributes=[attribute])
    assert error_of(excinfo) == ("InvalidParameterException", message, 400)
    with pytest.raises(ClientError) as missing:
        idp.admin_get_user(UserPoolId=pool_id, Username="u")
    assert error_of(missing)[0] == "UserNotFoundException"  # nothing was stored


def test_invite_message_template(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, AdminCreateUserConfig={"InviteMessageTemplate": {
        "EmailSubject": "Welcome, {username}", "EmailMessage": "Hi {username}, use {####}",
        "SMSMessage": "{username}/{####}"}})
    idp.admin_create_user(UserPoolId=pool, Username="ann", TemporaryPassword="Passw0rd!",
                          DesiredDeliveryMediums=["EMAIL", "SMS"], UserAttributes=[
                              {"Name": "email", "Value": "ann@example.com"},
                              {"Name": "phone_number", "Value": "+15550001111"}])
    email, sms = cognito_fake.outbox
    assert (email.subject, email.body) == ("Welcome, ann", "Hi ann, use Passw0rd!")
    assert (sms.subject, sms.body) == (None, "ann/Passw0rd!")


def test_template_without_the_password_placeholder_is_not_delivered(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp, AdminCreateUserConfig={"InviteMessageTemplate": {
        "SMSMessage": "Welcome {username}"}})
    idp.admin_create_user(UserPoolId=pool, Username="ann", UserAttributes=[
        {"Name": "phone_number", "Value": "+15550001111"}])
    assert len(cognito_fake.outbox) == 0
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["UserStatus"] == \
        "FORCE_CHANGE_PASSWORD"


# -- AdminCreateUser: RESEND ----------------------------------------------------------------------


def test_resend_issues_a_new_temporary_password(idp: Any, pool_id: str,
                                                cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_700_000_000)
    phone = [{"Name": "phone_number", "Value": "+15550001111"}]
    idp.admin_create_user(UserPoolId=pool_id, Username="u", UserAttributes=phone)
    first = cognito_fake.outbox.last().code
    cognito_fake.clock.advance(dt.timedelta(days=8))
    user = idp.admin_create_user(UserPoolId=pool_id, Username="u", MessageAction="RESEND")["User"]
    second = cognito_fake.outbox.last()
    assert second.kind == "invitation" and second.code != first
    assert user["UserLastModifiedDate"] > user["UserCreateDate"]
    stored = cognito_fake.backend.store.pools[pool_id].find_user("u")
    assert stored is not None
    assert (stored.password, stored.password_set_at) == (second.code, 1_700_000_000 + 8 * 86_400)


def test_resend_for_an_unknown_user(idp: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="ghost", MessageAction="RESEND")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)


def test_resend_for_a_confirmed_user(idp: Any, pool_id: str) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="u")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password="Perm4nent!",
                                Permanent=True)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="u", MessageAction="RESEND")
    assert error_of(excinfo) == (
        "UnsupportedUserStateException",
        "Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.", 400)


# -- AdminGetUser / AdminDeleteUser ---------------------------------------------------------------


def test_get_user_shape(idp: Any, pool_id: str) -> None:
    created = idp.admin_create_user(UserPoolId=pool_id, Username="u", UserAttributes=[
        {"Name": "given_name", "Value": "Ann"}])["User"]
    got = idp.admin_get_user(UserPoolId=pool_id, Username="u")
    got.pop("ResponseMetadata")
    assert got == {
        "Username": "u", "UserAttributes": created["Attributes"],
        "UserCreateDate": created["UserCreateDate"],
        "UserLastModifiedDate": created["UserLastModifiedDate"],
        "Enabled": True, "UserStatus": "FORCE_CHANGE_PASSWORD",
    }  # no MFAOptions, PreferredMfaSetting or UserMFASettingList until one is set


def test_get_unknown_user_and_pool(idp: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=pool_id, Username="ghost")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    with pytest.raises(ClientError) as pool:
        idp.admin_get_user(UserPoolId="us-east-1_Missing00", Username="ghost")
    assert error_of(pool) == (
        "ResourceNotFoundException", "User pool us-east-1_Missing00 does not exist.", 400)


def test_delete_user(idp: Any, pool_id: str) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username="u")
    idp.admin_delete_user(UserPoolId=pool_id, Username="u")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=pool_id, Username="u")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    with pytest.raises(ClientError) as again:
        idp.admin_delete_user(UserPoolId=pool_id, Username="u")
    assert error_of(again) == ("UserNotFoundException", "User does not exist.", 400)
    idp.admin_create_user(UserPoolId=pool_id, Username="u")  # the name is free again


def test_raw_http_create_and_error(cognito_fake: CognitoFake, idp: Any, pool_id: str) -> None:
    url = f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/"

    def post(op: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(url, data=json.dumps(body), headers={
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{op}",
            "Content-Type": "application/x-amz-json-1.1"}, timeout=5)

    ok = post("AdminCreateUser", {"UserPoolId": pool_id, "Username": "raw",
                                  "UserAttributes": [{"Name": "email_verified",
                                                      "Value": "FALSE"},
                                                     {"Name": "email", "Value": "r@x.io"}]})
    assert ok.status_code == 200
    body = ok.json()["User"]
    assert body["Attributes"][1:] == [{"Name": "email_verified", "Value": "false"},
                                      {"Name": "email", "Value": "r@x.io"}]
    assert isinstance(body["UserCreateDate"], float)
    bad = post("AdminCreateUser", {"UserPoolId": pool_id, "Username": "raw"})
    assert bad.status_code == 400
    assert bad.content == (b'{"__type":"UsernameExistsException",'
                           b'"message":"User account already exists"}')
    assert bad.headers["x-amzn-ErrorType"] == "UsernameExistsException:"
