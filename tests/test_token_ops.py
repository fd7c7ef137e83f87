"""The operations a signed-in user authorizes with an access token, and the token operations:
GetUser, UpdateUserAttributes, DeleteUser, DeleteUserAttributes,
GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut,
AdminUserGlobalSignOut, RevokeToken, GetTokensFromRefreshToken, GetSigningCertificate."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
from typing import Any

import boto3
import jwt
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of, secret_hash

PASSWORD = "Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
URL = "https://cognito-idp.{region}.amazonaws.com/"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region,
                        config=Config(retries={"total_max_attempts": 1}))


class App:
    """A pool with one app client and one signed-up user ``bob``."""

    def __init__(self, idp: Any, *, client: dict[str, Any] | None = None,
                 **pool_settings: Any) -> None:
        self.idp = idp
        self.pool = str(idp.create_user_pool(PoolName="app", **pool_settings)["UserPool"]["Id"])
        settings = {"ExplicitAuthFlows": FLOWS, **(client or {})}
        made = idp.create_user_pool_client(UserPoolId=self.pool, ClientName="web", **settings)
        self.client = str(made["UserPoolClient"]["ClientId"])
        self.secret: str | None = made["UserPoolClient"].get("ClientSecret")

    def user(self, username: str = "bob", **attributes: str) -> App:
        self.idp.admin_create_user(
            UserPoolId=self.pool, Username=username, MessageAction="SUPPRESS",
            UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
        self.idp.admin_set_user_password(UserPoolId=self.pool, Username=username,
                                         Password=PASSWORD, Permanent=True)
        return self

    def sign_in(self, username: str = "bob", password: str = PASSWORD) -> dict[str, Any]:
        parameters = {"USERNAME": username, "PASSWORD": password}
        if self.secret is not None:
            parameters["SECRET_HASH"] = secret_hash(self.secret, username, self.client)
        return dict(self.idp.admin_initiate_auth(
            UserPoolId=self.pool, ClientId=self.client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters=parameters)["AuthenticationResult"])

    def token(self, username: str = "bob") -> str:
        return str(self.sign_in(username)["AccessToken"])

    def attributes(self, username: str = "bob") -> dict[str, str]:
        user = self.idp.admin_get_user(UserPoolId=self.pool, Username=username)
        return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def raises(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(**params)
    return error_of(excinfo)


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def forge(claims_: dict[str, Any], key: Any, kid: str) -> str:
    return jwt.encode(claims_, key, algorithm="RS256", headers={"kid": kid})


INVALID = ("NotAuthorizedException", "Invalid Access Token", 400)
EXPIRED = ("NotAuthorizedException", "Access Token has expired", 400)
REVOKED = ("NotAuthorizedException", "Access Token has been revoked", 400)
GONE = ("UserNotFoundException", "User does not exist.", 400)


# -- GetUser and reading access tokens ---------------------------------------------------------


def test_get_user(idp: Any) -> None:
    app = App(idp).user(email="bob@example.com", name="Bob")
    sub = app.attributes()["sub"]

    user = idp.get_user(AccessToken=app.token())

    assert {k: v for k, v in user.items() if k != "ResponseMetadata"} == {
        "Username": "bob",
        "UserAttributes": [{"Name": "sub", "Value": sub},
                           {"Name": "email", "Value": "bob@example.com"},
                           {"Name": "name", "Value": "Bob"}],
    }


def test_get_user_shows_mfa_settings_once_set(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp).user()
    user = cognito_fake.backend.store.pools[app.pool].find_user("bob")
    assert user is not None
    user.mfa.update({"UserMFASettingList": ["SOFTWARE_TOKEN_MFA"],
                     "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"})

    got = idp.get_user(AccessToken=app.token())

    assert (got["UserMFASettingList"], got["PreferredMfaSetting"]) == (
        ["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")
    assert "MFAOptions" not in got


def test_get_user_over_raw_http(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp).user()
    token = app.token()

    def post(body: dict[str, Any]) -> requests.Response:
        return requests.post(URL.format(region=cognito_fake.region), data=json.dumps(body),
                             headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.GetUser",
                                      "Content-Type": "application/x-amz-json-1.1"}, timeout=5)

    ok = post({"AccessToken": token})
    missing = post({})
    empty = post({"AccessToken": ""})

    assert (ok.status_code, ok.json()["Username"]) == (200, "bob")
    assert (missing.status_code, missing.json()) == (400, {
        "__type": "InvalidParameterException", "message": "accessToken must not be null"})
    assert missing.headers["x-amzn-ErrorType"] == "InvalidParameterException:"
    assert (empty.status_code, empty.json()["message"]) == (400, (
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+"))


def test_invalid_access_tokens(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp).user()
    result = app.sign_in()
    other = App(idp).user()
    keys = cognito_fake.keys.for_pool(app.pool)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mine = claims(result["AccessToken"])
    head, body, signature = result["AccessToken"].split(".")

    for token in (
        "garbage",
        "a.b.c",
        result["IdToken"],
        forge(mine, stranger, keys.access_token.kid),
        forge(mine, keys.id_token.private_key, keys.access_token.kid),
        ".".join([head, body[:-2] + ("AA" if body[-2:] != "AA" else "BB"), signature]),
        forge({**mine, "iss": mine["iss"].replace(app.pool, "us-east-1_NoSuchOne")},
              keys.access_token.private_key, keys.access_token.kid),
    ):
        assert raises(idp.get_user, AccessToken=token) == INVALID
    # A token of another pool is that pool's; with the other pool gone, it is nobody's.
    assert idp.get_user(AccessToken=other.token())["Username"] == "bob"
    foreign = other.token()
    idp.delete_user_pool(UserPoolId=other.pool)
    assert raises(idp.get_user, AccessToken=foreign) == INVALID


def test_a_token_of_another_fake_is_invalid(idp: Any) -> None:
    with CognitoFake(region="eu-west-1", random_seed="elsewhere") as elsewhere:
        far = App(elsewhere.client()).user()
        token = far.token()
    app = App(idp).user()
    assert app.pool != far.pool
    assert raises(idp.get_user, AccessToken=token) == INVALID


def test_expired_access_token(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp, client={"AccessTokenValidity": 5,
                           "TokenValidityUnits": {"AccessToken": "minutes"}}).user()
    cognito_fake.clock.freeze()
    token = app.token()
    cognito_fake.clock.advance(299)
    assert idp.get_user(AccessToken=token)["Username"] == "bob"

    cognito_fake.clock.advance(1)

    assert raises(idp.get_user, AccessToken=token) == EXPIRED


def test_a_token_without_the_admin_scope(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp).user()
    token = app.token()
    keys = cognito_fake.keys.for_pool(app.pool)
    narrowed = forge({**claims(token), "scope": "openid email"},
                     keys.access_token.private_key, keys.access_token.kid)

    assert raises(idp.get_user, AccessToken=narrowed) == (
        "NotAuthorizedException", "Access Token does not have required scopes", 400)


def test_tokens_of_a_deleted_disabled_or_reset_user(idp: Any) -> None:
    app = App(idp).user().user("ann", email="ann@example.com", email_verified="true")
    bob, ann = app.sign_in(), app.sign_in("ann")
    carl = app.user("carl").sign_in("carl")

    idp.admin_delete_user(UserPoolId=app.pool, Username="bob")
    idp.admin_reset_user_password(UserPoolId=app.pool, Username="ann")
    idp.admin_disable_user(UserPoolId=app.pool, Username="carl")

    assert raises(idp.get_user, AccessToken=bob["AccessToken"]) == GONE
    assert raises(idp.get_user, AccessToken=ann["AccessToken"]) == (
        "PasswordResetRequiredException", "Password reset required for the user", 400)
    assert raises(idp.get_user, AccessToken=carl["AccessToken"]) == REVOKED
    idp.admin_enable_user(UserPoolId=app.pool, Username="carl")
    assert raises(idp.get_user, AccessToken=carl["AccessToken"]) == REVOKED
    assert idp.get_user(AccessToken=app.token("carl"))["Username"] == "carl"


# -- UpdateUserAttributes, DeleteUserAttributes, DeleteUser ------------------------------------


def test_update_user_attributes_without_verification(idp: Any) -> None:
    app = App(idp).user(name="Bob")

    response = idp.update_user_attributes(AccessToken=app.token(), UserAttributes=[
        {"Name": "name", "Value": "Robert"}, {"Name": "email", "Value": "bob@example.com"}])

    assert "CodeDeliveryDetailsList" not in response
    attributes = app.attributes()
    assert (attributes["name"], attributes["email"], attributes["email_verified"]) == (
        "Robert", "bob@example.com", "false")


def test_update_email_sends_a_code_through_custom_message(idp: Any,
                                                          cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []

    def custom_message(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        event["response"]["emailSubject"] = "Confirm it"
        return event

    cognito_fake.lambdas.register(ARN, custom_message)
    app = App(idp, AutoVerifiedAttributes=["email"],
              LambdaConfig={"CustomMessage": ARN}).user(email="old@example.com",
                                                        email_verified="true")
    token = app.token()

    response = idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}],
        ClientMetadata={"from": "settings"})

    assert response["CodeDeliveryDetailsList"] == [
        {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}]
    sent = cognito_fake.outbox.last("bob")
    assert (sent.kind, sent.to, sent.subject) == (
        "verify_attribute", "new@example.com", "Confirm it")
    assert sent.body == f"Your verification code is {sent.code}."
    assert (events[0]["triggerSource"], events[0]["callerContext"]["clientId"],
            events[0]["request"]["clientMetadata"]) == (
        "CustomMessage_UpdateUserAttribute", app.client, {"from": "settings"})
    assert (app.attributes()["email"], app.attributes()["email_verified"]) == (
        "new@example.com", "false")
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=sent.code)
    assert app.attributes()["email_verified"] == "true"


def test_a_held_email_changes_only_once_verified(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp, AutoVerifiedAttributes=["email"], AliasAttributes=["email"],
              UserAttributeUpdateSettings={
                  "AttributesRequireVerificationBeforeUpdate": ["email"]},
              ).user(email="old@example.com", email_verified="true")
    token = app.token()

    idp.update_user_attributes(AccessToken=token,
                               UserAttributes=[{"Name": "email", "Value": "new@example.com"}])

    assert (app.attributes()["email"], app.attributes()["email_verified"]) == (
        "old@example.com", "true")
    first = cognito_fake.outbox.last("bob")
    resent = idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    assert resent["CodeDeliveryDetails"]["Destination"] == "n***@e***"
    second = cognito_fake.outbox.last("bob")
    assert (second.to, second.code != first.code) == ("new@example.com", True)
    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=str(first.code)) == (
        "CodeMismatchException", "Invalid verification code provided, please try again.", 400)

    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=str(second.code))

    assert (app.attributes()["email"], app.attributes()["email_verified"]) == (
        "new@example.com", "true")
    assert idp.admin_get_user(UserPoolId=app.pool, Username="new@example.com")["Username"] == "bob"


def test_writes_the_client_may_not_make(idp: Any) -> None:
    app = App(idp, client={"WriteAttributes": ["name"]}, Schema=[
        {"Name": "score", "AttributeDataType": "String", "DeveloperOnlyAttribute": True}],
    ).user(email="bob@example.com")
    token = app.token()
    unauthorized = ("NotAuthorizedException",
                    "A client attempted to write unauthorized attribute", 400)

    for name in ("email", "dev:custom:score"):
        assert raises(idp.update_user_attributes, AccessToken=token,
                      UserAttributes=[{"Name": name, "Value": "x@example.com"}]) == unauthorized
    assert raises(idp.delete_user_attributes, AccessToken=token,
                  UserAttributeNames=["email"]) == unauthorized
    idp.update_user_attributes(AccessToken=token, UserAttributes=[{"Name": "name", "Value": "B"}])
    assert app.attributes()["name"] == "B"


def test_update_user_attributes_schema_and_alias_errors(idp: Any) -> None:
    app = App(idp, AliasAttributes=["email"]).user().user(
        "ann", email="ann@example.com", email_verified="true")
    token = app.token()

    assert raises(idp.update_user_attributes, AccessToken=token,
                  UserAttributes=[{"Name": "custom:nope", "Value": "1"}]) == (
        "InvalidParameterException",
        "user.custom:nope: Attribute does not exist in the schema.\n", 400)
    assert raises(idp.update_user_attributes, AccessToken=token, UserAttributes=[
        {"Name": "email", "Value": "ann@example.com"},
        {"Name": "email_verified", "Value": "true"}]) == (
        "AliasExistsException", "An account with the given email already exists.", 400)


def test_delete_user_attributes(idp: Any) -> None:
    app = App(idp, Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True,
                            "Mutable": True}]).user(
        email="bob@example.com", email_verified="true", name="Bob")
    token = app.token()

    idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["name", "website"])

    assert "name" not in app.attributes()
    assert raises(idp.delete_user_attributes, AccessToken=token,
                  UserAttributeNames=["email"]) == (
        "InvalidParameterException",
        "Invalid user attributes: email: Required attribute cannot be deleted.", 400)


def test_delete_user(idp: Any) -> None:
    app = App(idp).user()
    result = app.sign_in()

    idp.delete_user(AccessToken=result["AccessToken"])

    assert raises(idp.admin_get_user, UserPoolId=app.pool, Username="bob") == GONE
    assert raises(idp.get_user, AccessToken=result["AccessToken"]) == GONE
    assert raises(idp.initiate_auth, ClientId=app.client, AuthFlow="REFRESH_TOKEN_AUTH",
                  AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]}) == (
        "NotAuthorizedException", "Invalid Refresh Token.", 400)


# -- GetUserAttributeVerificationCode, VerifyUserAttribute -------------------------------------


def test_verification_code_for_a_phone_number(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(ARN, lambda event, context: events.append(event) or event)
    app = App(idp, LambdaConfig={"CustomMessage": ARN}).user(phone_number="+15550004114")
    token = app.token()

    sent = idp.get_user_attribute_verification_code(AccessToken=token,
                                                    AttributeName="phone_number")

    assert sent["CodeDeliveryDetails"] == {"Destination": "+*******4114", "DeliveryMedium": "SMS",
                                           "AttributeName": "phone_number"}
    message = cognito_fake.outbox.last("bob")
    assert (message.medium, message.to, message.subject) == ("SMS", "+15550004114", None)
    assert events[0]["triggerSource"] == "CustomMessage_VerifyUserAttribute"
    idp.verify_user_attribute(AccessToken=token, AttributeName="phone_number",
                              Code=str(message.code))
    assert app.attributes()["phone_number_verified"] == "true"
    # An already verified, unchanged value may be verified again [REAL].
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="phone_number")
    idp.verify_user_attribute(AccessToken=token, AttributeName="phone_number",
                              Code=str(cognito_fake.outbox.last("bob").code))


def test_verification_code_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    app = App(idp).user(email="bob@example.com")
    token = app.token()

    assert raises(idp.get_user_attribute_verification_code, AccessToken=token,
                  AttributeName="name") == (
        "InvalidParameterException",
        "Invalid attribute name. Only phone_number and email can be verified.", 400)
    assert raises(idp.get_user_attribute_verification_code, AccessToken=token,
                  AttributeName="phone_number") == (
        "InvalidParameterException", "User does not have a valid registered phone number", 400)
    cognito_fake.clock.freeze()
    for _ in range(5):
        idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    assert raises(idp.get_user_attribute_verification_code, AccessToken=token,
                  AttributeName="email") == (
        "LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)
    cognito_fake.clock.advance(3600)
    token = app.token()
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    App(idp).user()
    no_email = App(idp).user()
    assert raises(idp.get_user_attribute_verification_code, AccessToken=no_email.token(),
                  AttributeName="email") == (
        "InvalidParameterException", "User does not have a valid registered email address", 400)


def test_verify_user_attribute_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    app = App(idp, client={"AccessTokenValidity": 1,
                           "TokenValidityUnits": {"AccessToken": "days"}}).user(
        email="bob@example.com")
    token = app.token()
    expired = ("ExpiredCodeException", "Invalid code provided, please request a code again.", 400)
    mismatch = ("CodeMismatchException", "Invalid verification code provided, please try again.",
                400)

    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code="123456") == expired
    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="website",
                  Code="123456")[1] == (
        "Invalid attribute name. Only phone_number and email can be verified.")
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = str(cognito_fake.outbox.last("bob").code)
    wrong = "000000" if code != "000000" else "111111"
    cognito_fake.clock.advance(24 * 3600 - 1)
    token = app.token()
    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=wrong) == mismatch
    cognito_fake.clock.advance(1)
    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=code) == expired

    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = str(cognito_fake.outbox.last("bob").code)
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=code) == expired


def test_verify_user_attribute_attempt_limit(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    app = App(idp).user(email="bob@example.com")
    token = app.token()
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = str(cognito_fake.outbox.last("bob").code)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                      Code=wrong)[0] == "CodeMismatchException"

    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=code) == (
        "LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)
    cognito_fake.clock.advance(3600)
    idp.verify_user_attribute(AccessToken=app.token(), AttributeName="email", Code=code)


def test_verifying_an_email_another_user_signs_in_with(idp: Any,
                                                       cognito_fake: CognitoFake) -> None:
    app = App(idp, AliasAttributes=["email"]).user(email="same@example.com").user(
        "ann", email="same@example.com", email_verified="true")
    token = app.token()
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")

    assert raises(idp.verify_user_attribute, AccessToken=token, AttributeName="email",
                  Code=str(cognito_fake.outbox.last("bob").code)) == (
        "AliasExistsException", "An account with the email already exists.", 400)


# -- ChangePassword ----------------------------------------------------------------------------


def test_change_password(idp: Any) -> None:
    app = App(idp).user()

    idp.change_password(AccessToken=app.token(), PreviousPassword=PASSWORD,
                        ProposedPassword="N3w-passw0rd")

    assert app.sign_in(password="N3w-passw0rd")["TokenType"] == "Bearer"
    assert raises(app.sign_in, password=PASSWORD) == (
        "NotAuthorizedException", "Incorrect username or password.", 400)


def test_change_password_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    app = App(idp, Policies={"PasswordPolicy": {
        "MinimumLength": 8, "RequireNumbers": True, "PasswordHistorySize": 2}}).user()
    token = app.token()

    assert raises(idp.change_password, AccessToken=token, PreviousPassword="Wrong-passw0rd",
                  ProposedPassword="N3w-passw0rd") == (
        "NotAuthorizedException", "Incorrect username or password.", 400)
    assert raises(idp.change_password, AccessToken=token, PreviousPassword=PASSWORD,
                  ProposedPassword="short") == (
        "InvalidPasswordException", "Password does not conform to policy: Password not long "
        "enough", 400)
    assert raises(idp.change_password, AccessToken=token, PreviousPassword=PASSWORD,
                  ProposedPassword="no-numbers") == (
        "InvalidPasswordException",
        "Password does not conform to policy: Password must have numeric characters", 400)
    assert raises(idp.change_password, AccessToken=token, PreviousPassword=PASSWORD,
                  ProposedPassword=PASSWORD)[0] == "PasswordHistoryPolicyViolationException"
    idp.change_password(AccessToken=token, PreviousPassword=PASSWORD,
                        ProposedPassword="N3w-passw0rd")

    # Five calls an hour, successful or not [AWS-DOC quotas].
    assert raises(idp.change_password, AccessToken=token, PreviousPassword="N3w-passw0rd",
                  ProposedPassword="Other-passw0rd") == (
        "LimitExceededException", "Attempt limit exceeded, please try after some time.", 400)
    cognito_fake.clock.advance(3600)
    idp.change_password(AccessToken=app.sign_in(password="N3w-passw0rd")["AccessToken"],
                        PreviousPassword="N3w-passw0rd", ProposedPassword="Other-passw0rd")


# -- GlobalSignOut, AdminUserGlobalSignOut -----------------------------------------------------


@pytest.mark.parametrize("admin", [False, True], ids=["GlobalSignOut", "AdminUserGlobalSignOut"])
def test_global_sign_out(idp: Any, cognito_fake: CognitoFake, admin: bool) -> None:
    app = App(idp).user().user("ann")
    first, second, ann = app.sign_in(), app.sign_in(), app.sign_in("ann")

    if admin:
        idp.admin_user_global_sign_out(UserPoolId=app.pool, Username="bob")
    else:
        idp.global_sign_out(AccessToken=first["AccessToken"])

    for result in (first, second):
        assert raises(idp.get_user, AccessToken=result["AccessToken"]) == REVOKED
        assert raises(idp.initiate_auth, ClientId=app.client, AuthFlow="REFRESH_TOKEN_AUTH",
                      AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]}) == (
            "NotAuthorizedException", "Refresh Token has been revoked", 400)
    assert idp.get_user(AccessToken=ann["AccessToken"])["Username"] == "ann"
    assert idp.get_user(AccessToken=app.token())["Username"] == "bob"
    # The ID token is not the service's to revoke: it still verifies offline [AWS-DOC].
    jwks = jwt.PyJWKClient(
        f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/{app.pool}/.well-known/jwks.json")
    assert jwt.decode(first["IdToken"], jwks.get_signing_key_from_jwt(first["IdToken"]),
                      algorithms=["RS256"], audience=app.client)["cognito:username"] == "bob"


def test_admin_user_global_sign_out_errors(idp: Any) -> None:
    app = App(idp)

    assert raises(idp.admin_user_global_sign_out, UserPoolId=app.pool, Username="nobody") == GONE
    assert raises(idp.admin_user_global_sign_out, UserPoolId="us-east-1_NoSuchOne",
                  Username="bob") == (
        "ResourceNotFoundException", "User pool us-east-1_NoSuchOne does not exist.", 400)


# -- RevokeToken -------------------------------------------------------------------------------


def test_revoke_token_errors(idp: Any) -> None:
    app = App(idp).user()
    result = app.sign_in()
    other = idp.create_user_pool_client(UserPoolId=app.pool, ClientName="other",
                                        ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]
    unsupported = ("UnsupportedTokenTypeException", "Unsupported token type.", 400)

    for token in (result["AccessToken"], result["IdToken"], "garbage"):
        assert raises(idp.revoke_token, Token=token, ClientId=app.client) == unsupported
    assert raises(idp.revoke_token, Token=result["RefreshToken"], ClientId=other) == (
        "UnauthorizedException", "Invalid Refresh Token.", 400)
    assert raises(idp.revoke_token, Token=result["RefreshToken"], ClientId="nosuchclient") == (
        "ResourceNotFoundException", "User pool client nosuchclient does not exist.", 400)
    idp.revoke_token(Token=result["RefreshToken"], ClientId=app.client)
    idp.revoke_token(Token=result["RefreshToken"], ClientId=app.client)  # already: fine
    assert raises(idp.get_user, AccessToken=result["AccessToken"]) == REVOKED


def test_revoke_token_needs_revocation_enabled_and_the_secret(idp: Any) -> None:
    off = App(idp, client={"EnableTokenRevocation": False}).user()
    secret = App(idp, client={"GenerateSecret": True})
    assert secret.secret is not None
    token = off.sign_in()["RefreshToken"]

    assert raises(idp.revoke_token, Token=token, ClientId=off.client) == (
        "UnsupportedOperationException",
        "Token revocation is not enabled for this app client.", 400)
    assert raises(idp.revoke_token, Token=token, ClientId=secret.client) == (
        "UnauthorizedException",
        f"Client {secret.client} is configured for secret but secret was not received", 400)
    assert raises(idp.revoke_token, Token=token, ClientId=secret.client,
                  ClientSecret="x" * 30) == (
        "UnauthorizedException", f"Unable to verify secret hash for client {secret.client}", 400)
    assert raises(idp.revoke_token, Token=token, ClientId=secret.client,
                  ClientSecret=secret.secret)[0] == "UnsupportedTokenTypeException"


# -- GetTokensFromRefreshToken -----------------------------------------------------------------


def test_get_tokens_from_refresh_token_without_rotation(idp: Any) -> None:
    app = App(idp).user()
    first = app.sign_in()

    again = idp.get_tokens_from_refresh_token(ClientId=app.client,
                                              RefreshToken=first["RefreshToken"])

    result = again["AuthenticationResult"]
    assert sorted(result) == ["AccessToken", "ExpiresIn", "IdToken", "TokenType"]
    assert claims(result["AccessToken"])["origin_jti"] == claims(first["AccessToken"])[
        "origin_jti"]
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == "bob"


def test_refresh_token_rotation(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    app = App(idp, client={"RefreshTokenRotation": {"Feature": "ENABLED",
                                                    "RetryGracePeriodSeconds": 30}}).user()
    first = app.sign_in()

    rotated = idp.get_tokens_from_refresh_token(
        ClientId=app.client, RefreshToken=first["RefreshToken"])["AuthenticationResult"]

    new_token = rotated["RefreshToken"]
    assert new_token != first["RefreshToken"] and new_token.count(".") == 4
    assert claims(rotated["IdToken"])["origin_jti"] == claims(first["IdToken"])["origin_jti"]
    cognito_fake.clock.advance(29)
    idp.get_tokens_from_refresh_token(ClientId=app.client, RefreshToken=first["RefreshToken"])
    cognito_fake.clock.advance(1)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=app.client,
                  RefreshToken=first["RefreshToken"]) == (
        "RefreshTokenReuseException", "Refresh Token has already been used", 400)
    newer = idp.get_tokens_from_refresh_token(ClientId=app.client, RefreshToken=new_token)
    assert newer["AuthenticationResult"]["RefreshToken"] not in (new_token, first["RefreshToken"])
    # Rotation must go through GetTokensFromRefreshToken [AWS-DOC].
    assert raises(idp.initiate_auth, ClientId=app.client, AuthFlow="REFRESH_TOKEN_AUTH",
                  AuthParameters={"REFRESH_TOKEN": new_token}) == (
        "InvalidParameterException", "REFRESH_TOKEN_AUTH flow not enabled for this client", 400)
    assert raises(idp.admin_initiate_auth, UserPoolId=app.pool, ClientId=app.client,
                  AuthFlow="REFRESH_TOKEN_AUTH",
                  AuthParameters={"REFRESH_TOKEN": new_token}) == (
        "InvalidParameterException", "Auth flow not enabled for this client", 400)


def test_rotation_without_a_grace_period(idp: Any) -> None:
    app = App(idp, client={"RefreshTokenRotation": {"Feature": "ENABLED"}}).user()
    token = app.sign_in()["RefreshToken"]
    idp.get_tokens_from_refresh_token(ClientId=app.client, RefreshToken=token)

    assert raises(idp.get_tokens_from_refresh_token, ClientId=app.client,
                  RefreshToken=token)[0] == "RefreshTokenReuseException"


def test_get_tokens_from_refresh_token_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    app = App(idp).user()
    secret = App(idp, client={"GenerateSecret": True}).user()
    no_refresh = App(idp, client={"ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH"]})
    token = app.sign_in()["RefreshToken"]
    secret_token = secret.sign_in()["RefreshToken"]

    assert raises(idp.get_tokens_from_refresh_token, ClientId=app.client,
                  RefreshToken="garbage") == (
        "NotAuthorizedException", "Invalid Refresh Token.", 400)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=secret.client,
                  RefreshToken=token) == (
        "NotAuthorizedException",
        f"Client {secret.client} is configured for secret but secret was not received", 400)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=secret.client,
                  RefreshToken=secret_token, ClientSecret="y" * 40) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {secret.client}",
        400)
    idp.get_tokens_from_refresh_token(ClientId=secret.client, RefreshToken=secret_token,
                                      ClientSecret=secret.secret)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=secret.client,
                  RefreshToken=token, ClientSecret=secret.secret) == (
        "NotAuthorizedException", "Invalid Refresh Token.", 400)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=no_refresh.client,
                  RefreshToken=token) == (
        "InvalidParameterException", "Auth flow not enabled for this client", 400)
    assert raises(idp.get_tokens_from_refresh_token, ClientId="nosuchclient",
                  RefreshToken=token)[0] == "ResourceNotFoundException"
    cognito_fake.clock.advance(30 * 86400)
    assert raises(idp.get_tokens_from_refresh_token, ClientId=app.client,
                  RefreshToken=token) == (
        "NotAuthorizedException", "Refresh Token has expired", 400)


def test_get_tokens_for_a_disabled_user(idp: Any) -> None:
    app = App(idp).user()
    token = app.sign_in()["RefreshToken"]
    user = idp.admin_get_user(UserPoolId=app.pool, Username="bob")
    assert user["Enabled"]

    idp.admin_disable_user(UserPoolId=app.pool, Username="bob")

    assert raises(idp.get_tokens_from_refresh_token, ClientId=app.client,
                  RefreshToken=token) == (
        "NotAuthorizedException", "Refresh Token has been revoked", 400)
    assert raises(app.sign_in) == ("NotAuthorizedException", "User is disabled.", 400)


# -- GetSigningCertificate ---------------------------------------------------------------------


def test_get_signing_certificate(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    app = App(idp)

    certificate = idp.get_signing_certificate(UserPoolId=app.pool)["Certificate"]

    cert = x509.load_der_x509_certificate(base64.b64decode(certificate))
    assert cert.subject.rfc4514_string() == f"CN={app.pool}"
    assert cert.issuer == cert.subject
    assert cert.not_valid_before_utc == dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 3652
    pem = cert.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    keys = cognito_fake.keys.for_pool(app.pool)
    assert pem == keys.id_token.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert idp.get_signing_certificate(UserPoolId=app.pool)["Certificate"] == certificate
    cognito_fake.rotate_keys(app.pool)
    assert idp.get_signing_certificate(UserPoolId=app.pool)["Certificate"] != certificate
    assert raises(idp.get_signing_certificate, UserPoolId="us-east-1_NoSuchOne") == (
        "ResourceNotFoundException", "User pool us-east-1_NoSuchOne does not exist.", 400)


def test_the_clock_is_the_fakes_not_the_machines(idp: Any, cognito_fake: CognitoFake) -> None:
    """Tokens are judged by the fake's clock: one issued ten days in the past is expired for
    PyJWT (machine time) but valid for the fake, and one issued after the clock moved ahead
    (``iat`` in the machine's future) is valid too."""
    cognito_fake.clock.freeze(time.time() - 10 * 86400)
    app = App(idp).user()
    past = app.token()
    public_key = cognito_fake.keys.for_pool(app.pool).access_token.private_key.public_key()

    assert idp.get_user(AccessToken=past)["Username"] == "bob"
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(past, public_key, algorithms=["RS256"])
    cognito_fake.clock.advance(20 * 86400)
    assert raises(idp.get_user, AccessToken=past) == EXPIRED
    assert idp.get_user(AccessToken=app.token())["Username"] == "bob"
