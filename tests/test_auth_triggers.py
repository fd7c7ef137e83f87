"""PreAuthentication, UserMigration_Authentication, PreTokenGeneration and PostAuthentication,
through boto3: the exact events, the order, what the replies do, and the errors."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import boto3
import jwt
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st
from pycognito.aws_srp import AWSSRP

from pytest_cognito_fake import CognitoFake, LambdaInvocationError
from pytest_cognito_fake.flows import pre_token, tokens
from tests.conftest import error_of

REGION = "us-east-1"
PASSWORD = "Passw0rd!!"
PRE_AUTH = "arn:aws:lambda:us-east-1:123456789012:function:pre-auth"
POST_AUTH = "arn:aws:lambda:us-east-1:123456789012:function:post-auth"
PRE_TOKEN = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
MIGRATE = "arn:aws:lambda:us-east-1:123456789012:function:migrate"
SDK = "aws-sdk-unknown-unknown"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]

Handler = Callable[[dict[str, Any], Any], Any]


class Recorder:
    """A Lambda stand-in: keeps a copy of every event, then lets ``reply`` fill the response."""

    def __init__(self, reply: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.reply = reply

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.events.append(copy.deepcopy(event))
        if self.reply is not None:
            self.reply(event)
        return event

    @property
    def event(self) -> dict[str, Any]:
        (event,) = self.events
        return event


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=REGION,
                        config=Config(retries={"total_max_attempts": 1}))


def make_pool(idp: Any, fake: CognitoFake, handlers: dict[str, Handler],
              config: dict[str, Any] | None = None, **settings: Any) -> str:
    """A pool whose LambdaConfig names each handler's ARN under the given key."""
    arns = {"PreAuthentication": PRE_AUTH, "PostAuthentication": POST_AUTH,
            "PreTokenGeneration": PRE_TOKEN, "UserMigration": MIGRATE}
    lambda_config: dict[str, Any] = dict(config or {})
    for key, handler in handlers.items():
        fake.lambdas.register(arns[key], handler)
        lambda_config[key] = arns[key]
    return str(idp.create_user_pool(PoolName="shop", LambdaConfig=lambda_config,
                                    **settings)["UserPool"]["Id"])


def make_client(idp: Any, pool_id: str, **settings: Any) -> str:
    settings.setdefault("ExplicitAuthFlows", FLOWS)
    return str(idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web",
                                           **settings)["UserPoolClient"]["ClientId"])


def make_user(idp: Any, pool_id: str, username: str = "ann", **attributes: str) -> str:
    """A CONFIRMED user with PASSWORD; returns its sub."""
    attributes = attributes or {"email": "ann@example.com", "email_verified": "true"}
    user = idp.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])["User"]
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD,
                                Permanent=True)
    return str(next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub"))


def sign_in(idp: Any, client_id: str, username: str = "ann", password: str = PASSWORD,
            **extra: Any) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": username, "PASSWORD": password},
                                  **extra))


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def envelope(pool_id: str, client_id: str, source: str, user_name: str = "ann",
             version: str = "1") -> dict[str, Any]:
    return {"version": version, "region": REGION, "userPoolId": pool_id, "userName": user_name,
            "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
            "triggerSource": source}


def attributes_of(sub: str, status: str = "CONFIRMED") -> dict[str, str]:
    return {"sub": sub, "email": "ann@example.com", "email_verified": "true",
            "cognito:user_status": status}


def raises(message: str) -> Handler:
    def handler(event: dict[str, Any], context: Any) -> Any:
        raise ValueError(message)
    return handler


def invocation_fails(event: dict[str, Any], context: Any) -> Any:
    raise LambdaInvocationError("AccessDeniedException")


def returns_nothing(event: dict[str, Any], context: Any) -> Any:
    return None


def error_mapping(trigger: str) -> list[tuple[Handler, tuple[str, str, int]]]:
    """Each way a handler fails, and the error the API call answers with."""
    return [
        (raises("Not today"), ("UserLambdaValidationException",
                               f"{trigger} failed with error Not today.", 400)),
        (invocation_fails, ("UnexpectedLambdaException",
                            f"{trigger} invocation failed due to error AccessDeniedException.",
                            400)),
        (returns_nothing, ("InvalidLambdaResponseException",
                           "Invalid lambda function output : Invalid JSON", 400)),
    ]


def sources(fake: CognitoFake) -> list[str]:
    return [event["triggerSource"] for _, event in fake.lambdas.invocations]


# -- PreAuthentication ---------------------------------------------------------------------------


def test_pre_authentication_event(idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    result = sign_in(idp, client_id, ClientMetadata={"device": "kiosk"})
    assert "AccessToken" in result["AuthenticationResult"]
    assert pre.event == {
        **envelope(pool_id, client_id, "PreAuthentication_Authentication"),
        "request": {"userAttributes": attributes_of(sub),
                    "validationData": {"device": "kiosk"}},
        "response": {},
    }


def test_pre_authentication_validation_data_is_null_without_client_metadata(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    sign_in(idp, client_id)
    assert pre.event["request"] == {"userAttributes": attributes_of(sub), "validationData": None}


def test_pre_authentication_runs_before_the_password_check(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, password="Wr0ng-passw0rd")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.", 400)
    assert len(pre.events) == 1
    # A rejection wins over a wrong password: the password is never looked at.
    cognito_fake.lambdas.register(PRE_AUTH, raises("Email not verified."))
    for password in (PASSWORD, "Wr0ng-passw0rd"):
        with pytest.raises(ClientError) as excinfo:
            sign_in(idp, client_id, password=password)
        assert error_of(excinfo) == (
            "UserLambdaValidationException",
            "PreAuthentication failed with error Email not verified..", 400)


def test_pre_authentication_admin_flow(idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD},
                            ClientMetadata={"k": "v"})
    assert pre.event == {
        **envelope(pool_id, client_id, "PreAuthentication_Authentication"),
        "request": {"userAttributes": attributes_of(sub), "validationData": {"k": "v"}},
        "response": {},
    }


def test_pre_authentication_unknown_user(idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    legacy = make_client(idp, pool_id)
    hiding = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, legacy, username="nobody")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    assert pre.events == []
    # A client that hides users runs the trigger anyway, and says so.
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, hiding, username="nobody")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.", 400)
    assert pre.event == {
        **envelope(pool_id, hiding, "PreAuthentication_Authentication", user_name="nobody"),
        "request": {"userAttributes": {}, "validationData": None, "userNotFound": True},
        "response": {},
    }


def test_pre_authentication_user_found_under_prevent_user_existence_errors(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    sub = make_user(idp, pool_id)
    sign_in(idp, client_id)
    assert pre.event["request"] == {"userAttributes": attributes_of(sub),
                                    "validationData": None, "userNotFound": False}


def test_pre_authentication_in_srp_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    srp = AWSSRP("ann", PASSWORD, pool_id, client_id, client=idp)
    answer = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                               AuthParameters=srp.get_auth_params())
    assert answer["ChallengeName"] == "PASSWORD_VERIFIER"
    assert pre.event["request"] == {"userAttributes": attributes_of(sub), "validationData": None}


@pytest.mark.parametrize("index", range(3))
def test_pre_authentication_error_mapping(idp: Any, cognito_fake: CognitoFake,
                                          index: int) -> None:
    handler, expected = error_mapping("PreAuthentication")[index]
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": handler})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id)
    assert error_of(excinfo) == expected
    assert cognito_fake.backend.store.refresh_tokens == {}


def test_refresh_runs_only_pre_token_generation(idp: Any, cognito_fake: CognitoFake) -> None:
    recorder = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": recorder,
                                            "PostAuthentication": recorder,
                                            "PreTokenGeneration": recorder})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    refresh = sign_in(idp, client_id)["AuthenticationResult"]["RefreshToken"]
    recorder.events.clear()
    idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                      AuthParameters={"REFRESH_TOKEN": refresh}, ClientMetadata={"k": "v"})
    (event,) = recorder.events
    assert event["triggerSource"] == "TokenGeneration_RefreshTokens"
    assert "clientMetadata" not in event["request"]


# -- PostAuthentication --------------------------------------------------------------------------


def test_post_authentication_event_and_order(idp: Any, cognito_fake: CognitoFake) -> None:
    post = Recorder()
    pre_token = Recorder()
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreAuthentication": pre, "PostAuthentication": post,
                                            "PreTokenGeneration": pre_token})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    sign_in(idp, client_id, ClientMetadata={"k": "v"})
    # InitiateAuth's ClientMetadata reaches neither PostAuthentication nor PreTokenGeneration.
    assert post.event == {
        **envelope(pool_id, client_id, "PostAuthentication_Authentication"),
        "request": {"userAttributes": attributes_of(sub)},
        "response": {},
    }
    assert sources(cognito_fake) == ["PreAuthentication_Authentication",
                                     "TokenGeneration_Authentication",
                                     "PostAuthentication_Authentication"]


def test_post_authentication_new_device_used_with_device_tracking(
        idp: Any, cognito_fake: CognitoFake) -> None:
    post = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PostAuthentication": post},
                        DeviceConfiguration={"ChallengeRequiredOnNewDevice": False,
                                             "DeviceOnlyRememberedOnUserPrompt": False})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    result = sign_in(idp, client_id)["AuthenticationResult"]
    # True exactly when this sign-in hands out a new device.
    assert post.event["request"]["newDeviceUsed"] is ("NewDeviceMetadata" in result)


def test_new_password_challenge_sources_and_client_metadata(idp: Any,
                                                            cognito_fake: CognitoFake) -> None:
    post = Recorder()
    pre_token = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PostAuthentication": post,
                                            "PreTokenGeneration": pre_token})
    client_id = make_client(idp, pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          TemporaryPassword="Temp0rary!!")
    challenge = sign_in(idp, client_id, password="Temp0rary!!")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert post.events == [] and pre_token.events == []
    idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "ann", "NEW_PASSWORD": PASSWORD},
        ClientMetadata={"step": "new-password"})
    assert pre_token.event["triggerSource"] == "TokenGeneration_NewPasswordChallenge"
    assert pre_token.event["request"]["clientMetadata"] == {"step": "new-password"}
    assert post.event["request"]["clientMetadata"] == {"step": "new-password"}
    assert post.event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"


def test_post_authentication_failure_discards_the_tokens(idp: Any,
                                                         cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake, {"PostAuthentication": raises("Audit log is down")})
    client_id = make_client(idp, pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          TemporaryPassword="Temp0rary!!")
    challenge = sign_in(idp, client_id, password="Temp0rary!!")
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": "ann", "NEW_PASSWORD": PASSWORD})
    assert error_of(excinfo) == ("UserLambdaValidationException",
                                 "PostAuthentication failed with error Audit log is down.", 400)
    assert cognito_fake.backend.store.refresh_tokens == {}
    # The authentication itself happened: the new password stands.
    user = idp.admin_get_user(UserPoolId=pool_id, Username="ann")
    assert user["UserStatus"] == "CONFIRMED"


@pytest.mark.parametrize("index", range(3))
def test_post_authentication_error_mapping(idp: Any, cognito_fake: CognitoFake,
                                           index: int) -> None:
    handler, expected = error_mapping("PostAuthentication")[index]
    pool_id = make_pool(idp, cognito_fake, {"PostAuthentication": handler})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id)
    assert error_of(excinfo) == expected
    assert cognito_fake.backend.store.refresh_tokens == {}


# -- PreTokenGeneration --------------------------------------------------------------------------


def _groups(idp: Any, pool_id: str) -> None:
    idp.create_group(UserPoolId=pool_id, GroupName="staff", Precedence=2,
                     RoleArn="arn:aws:iam::123456789012:role/staff")
    idp.create_group(UserPoolId=pool_id, GroupName="admins", Precedence=1,
                     RoleArn="arn:aws:iam::123456789012:role/admins")
    idp.create_group(UserPoolId=pool_id, GroupName="readers")
    for group in ("staff", "admins", "readers"):
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username="ann", GroupName=group)


def test_pre_token_generation_v1_event(idp: Any, cognito_fake: CognitoFake) -> None:
    pre_token = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": pre_token})
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    _groups(idp, pool_id)
    sign_in(idp, client_id)
    assert pre_token.event == {
        **envelope(pool_id, client_id, "TokenGeneration_Authentication"),
        "request": {
            "userAttributes": attributes_of(sub),
            "groupConfiguration": {
                "groupsToOverride": ["admins", "staff", "readers"],
                "iamRolesToOverride": ["arn:aws:iam::123456789012:role/admins",
                                       "arn:aws:iam::123456789012:role/staff"],
                "preferredRole": "arn:aws:iam::123456789012:role/admins",
            },
        },
        "response": {"claimsOverrideDetails": None},
    }


def test_pre_token_generation_tied_precedence_has_no_preferred_role(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pre_token = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": pre_token})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    for name in ("a", "b"):
        idp.create_group(UserPoolId=pool_id, GroupName=name, Precedence=1,
                         RoleArn=f"arn:aws:iam::123456789012:role/{name}")
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username="ann", GroupName=name)
    sign_in(idp, client_id)
    assert pre_token.event["request"]["groupConfiguration"]["preferredRole"] is None


def test_pre_token_generation_v1_claims(idp: Any, cognito_fake: CognitoFake) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {
                "tier": "gold", "email": "shown@example.com", "custom:plan": "pro",
                "level": 42, "beta": True, "dropped": None,
                # Claims no trigger may touch: silently left as they were.
                "sub": "someone-else", "iss": "https://evil.example", "aud": "other",
                "token_use": "access", "exp": 1, "iat": 1, "auth_time": 1, "jti": "x",
                "origin_jti": "x", "event_id": "x", "cognito:username": "mallory",
            },
            "claimsToSuppress": ["email_verified", "custom:plan", "sub", "iss"],
        }

    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": Recorder(reply)},
                        Schema=[{"Name": "plan", "AttributeDataType": "String"}])
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id, email="ann@example.com", email_verified="true",
                    **{"custom:plan": "basic"})
    result = sign_in(idp, client_id)["AuthenticationResult"]
    id_claims, access = claims(result["IdToken"]), claims(result["AccessToken"])
    # Suppressing beats adding; V1 values become strings; null adds nothing.
    assert {k: id_claims.get(k) for k in ("tier", "email", "custom:plan", "level", "beta",
                                          "dropped", "email_verified")} == {
        "tier": "gold", "email": "shown@example.com", "custom:plan": None, "level": "42",
        "beta": "true", "dropped": None, "email_verified": None}
    assert (id_claims["sub"], id_claims["aud"], id_claims["token_use"],
            id_claims["cognito:username"]) == (sub, client_id, "id", "ann")
    assert id_claims["iss"] == f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    assert id_claims["exp"] - id_claims["iat"] == 3600
    assert id_claims["origin_jti"] == access["origin_jti"]
    # V1 leaves the access token alone.
    assert "tier" not in access and access["sub"] == sub and access["username"] == "ann"


def test_pre_token_generation_v1_group_override(idp: Any, cognito_fake: CognitoFake) -> None:
    details: dict[str, Any] = {}

    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsOverrideDetails"] = copy.deepcopy(details)

    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": Recorder(reply)})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    _groups(idp, pool_id)

    def issue() -> tuple[dict[str, Any], dict[str, Any]]:
        result = sign_in(idp, client_id)["AuthenticationResult"]
        return claims(result["AccessToken"]), claims(result["IdToken"])

    # No groupOverrideDetails: the groups stay.
    access, id_claims = issue()
    assert access["cognito:groups"] == id_claims["cognito:groups"] == [
        "admins", "staff", "readers"]
    details["groupOverrideDetails"] = {
        "groupsToOverride": ["vip"], "iamRolesToOverride": ["arn:aws:iam::1:role/vip"],
        "preferredRole": "arn:aws:iam::1:role/vip"}
    access, id_claims = issue()
    assert access["cognito:groups"] == id_claims["cognito:groups"] == ["vip"]
    assert id_claims["cognito:roles"] == ["arn:aws:iam::1:role/vip"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::1:role/vip"
    assert "cognito:roles" not in access
    # An empty or null override removes the groups from both tokens.
    for empty in ({}, None):
        details["groupOverrideDetails"] = empty
        access, id_claims = issue()
        assert "cognito:groups" not in access and "cognito:groups" not in id_claims
    # Suppressing cognito:groups takes the roles with it (ID token only, in V1).
    details["groupOverrideDetails"] = {"groupsToOverride": ["vip"],
                                       "iamRolesToOverride": ["arn:aws:iam::1:role/vip"]}
    details["claimsToSuppress"] = ["cognito:groups"]
    access, id_claims = issue()
    assert access["cognito:groups"] == ["vip"]
    assert not {"cognito:groups", "cognito:roles"} & set(id_claims)


def test_pre_token_generation_v1_unreadable_reply(idp: Any, cognito_fake: CognitoFake) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"address": {"street": "Main St"}}}

    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": Recorder(reply)})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id)
    assert error_of(excinfo) == ("InvalidLambdaResponseException",
                                 "Invalid lambda function output : Invalid JSON", 400)


@pytest.mark.parametrize(("version", "event_version"), [("V2_0", "2"), ("V3_0", "3")])
def test_pre_token_generation_v2(idp: Any, cognito_fake: CognitoFake, version: str,
                                 event_version: str) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "idTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": {"id": 7, "tags": ["a", "b"]},
                                          "email_verified": {"nested": True},
                                          "flag": False},
                "claimsToSuppress": ["email"],
            },
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"roles": ["reader", "writer"], "level": 3,
                                          "aud": event["callerContext"]["clientId"],
                                          "client_id": "other", "username": "mallory"},
                "claimsToSuppress": ["origin_jti"],
                "scopesToAdd": ["shop/orders.read", "bad scope"],
                "scopesToSuppress": ["aws.cognito.signin.user.admin"],
            },
        }

    pre_token = Recorder(reply)
    pool_id = make_pool(idp, cognito_fake, {}, config={
        "PreTokenGenerationConfig": {"LambdaArn": PRE_TOKEN, "LambdaVersion": version}})
    cognito_fake.lambdas.register(PRE_TOKEN, pre_token)
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    result = sign_in(idp, client_id)["AuthenticationResult"]
    assert pre_token.event == {
        **envelope(pool_id, client_id, "TokenGeneration_Authentication",
                   version=event_version),
        "request": {"userAttributes": attributes_of(sub),
                    "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [],
                                           "preferredRole": None},
                    "scopes": ["aws.cognito.signin.user.admin"]},
        "response": {"claimsAndScopeOverrideDetails": None},
    }
    id_claims, access = claims(result["IdToken"]), claims(result["AccessToken"])
    assert id_claims["tenant"] == {"id": 7, "tags": ["a", "b"]}
    assert id_claims["flag"] is False
    assert id_claims["email_verified"] is True  # no object in this claim of the ID token
    assert "email" not in id_claims
    assert (access["roles"], access["level"], access["aud"]) == (["reader", "writer"], 3,
                                                                  client_id)
    assert (access["client_id"], access["username"]) == (client_id, "ann")
    assert access["origin_jti"] == id_claims["origin_jti"]
    assert access["scope"] == "shop/orders.read"


def test_pre_token_generation_v2_suppressing_every_scope(idp: Any,
                                                         cognito_fake: CognitoFake) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "accessTokenGeneration": {"scopesToSuppress": event["request"]["scopes"]}}

    pool_id = make_pool(idp, cognito_fake, {}, config={
        "PreTokenGenerationConfig": {"LambdaArn": PRE_TOKEN, "LambdaVersion": "V2_0"}})
    cognito_fake.lambdas.register(PRE_TOKEN, Recorder(reply))
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    access = claims(sign_in(idp, client_id)["AuthenticationResult"]["AccessToken"])
    assert "scope" not in access


def test_pre_token_generation_config_v1_and_refresh(idp: Any,
                                                     cognito_fake: CognitoFake) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"source": event["triggerSource"]}}

    pre_token = Recorder(reply)
    pool_id = make_pool(idp, cognito_fake, {}, config={
        "PreTokenGenerationConfig": {"LambdaArn": PRE_TOKEN, "LambdaVersion": "V1_0"}})
    cognito_fake.lambdas.register(PRE_TOKEN, pre_token)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = sign_in(idp, client_id)["AuthenticationResult"]
    refreshed = idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
                                  )["AuthenticationResult"]
    assert [e["version"] for e in pre_token.events] == ["1", "1"]
    assert claims(first["IdToken"])["source"] == "TokenGeneration_Authentication"
    assert claims(refreshed["IdToken"])["source"] == "TokenGeneration_RefreshTokens"


@pytest.mark.parametrize("index", range(3))
def test_pre_token_generation_error_mapping(idp: Any, cognito_fake: CognitoFake,
                                            index: int) -> None:
    handler, expected = error_mapping("PreTokenGeneration")[index]
    post = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": handler,
                                            "PostAuthentication": post})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id)
    assert error_of(excinfo) == expected
    assert post.events == []
    assert cognito_fake.backend.store.refresh_tokens == {}


def test_overridden_tokens_verify_against_the_jwks(idp: Any, cognito_fake: CognitoFake) -> None:
    def reply(event: dict[str, Any]) -> None:
        event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"tier": "gold"}}

    pool_id = make_pool(idp, cognito_fake, {"PreTokenGeneration": Recorder(reply)})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    token = sign_in(idp, client_id)["AuthenticationResult"]["IdToken"]
    keys = jwt.PyJWKClient(
        f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}/.well-known/jwks.json")
    verified = jwt.decode(token, keys.get_signing_key_from_jwt(token).key,
                          algorithms=["RS256"], audience=client_id)
    assert verified["tier"] == "gold"


# -- UserMigration_Authentication ----------------------------------------------------------------


def migrated(status: str | None = "CONFIRMED", **attributes: str) -> Callable[[dict[str, Any]],
                                                                            None]:
    def reply(event: dict[str, Any]) -> None:
        if event["userName"] in ("legacy", "legacy@example.com"):
            event["response"]["userAttributes"] = attributes or {
                "email": "legacy@example.com", "email_verified": "true"}
            event["response"]["finalUserStatus"] = status
            event["response"]["messageAction"] = "SUPPRESS"
    return reply


def test_user_migration_event_and_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    migrate = Recorder(migrated())
    pre = Recorder()
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": migrate, "PreAuthentication": pre})
    client_id = make_client(idp, pool_id)
    result = sign_in(idp, client_id, username="legacy", password="0ld-passw0rd",
                     ClientMetadata={"source": "app"})
    assert migrate.event == {
        **envelope(pool_id, client_id, "UserMigration_Authentication", user_name="legacy"),
        "request": {"password": "0ld-passw0rd", "validationData": {"source": "app"}},
        "response": {"userAttributes": None, "finalUserStatus": None, "messageAction": None,
                     "desiredDeliveryMediums": None, "forceAliasCreation": None,
                     "enableSMSMFA": None},
    }
    user = idp.admin_get_user(UserPoolId=pool_id, Username="legacy")
    assert user["UserStatus"] == "CONFIRMED"
    stored = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert claims(result["AuthenticationResult"]["IdToken"])["sub"] == stored["sub"]
    # PreAuthentication runs for the user the migration made.
    assert pre.event["request"]["userAttributes"] == {
        "sub": stored["sub"], "email": "legacy@example.com", "email_verified": "true",
        "cognito:user_status": "CONFIRMED"}
    assert sources(cognito_fake) == ["UserMigration_Authentication",
                                     "PreAuthentication_Authentication"]
    # The user exists now: the next sign-in checks the stored password, no migration.
    sign_in(idp, client_id, username="legacy", password="0ld-passw0rd")
    assert len(migrate.events) == 1
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, username="legacy", password="An0ther-passw0rd")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.", 400)


def test_user_migration_without_client_metadata(idp: Any, cognito_fake: CognitoFake) -> None:
    migrate = Recorder(migrated())
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": migrate})
    client_id = make_client(idp, pool_id)
    idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "legacy", "PASSWORD": "0ld-passw0rd"})
    assert migrate.event["request"] == {"password": "0ld-passw0rd"}
    assert migrate.event["triggerSource"] == "UserMigration_Authentication"


@pytest.mark.parametrize("status", ["RESET_REQUIRED", None])
def test_user_migration_reset_required(idp: Any, cognito_fake: CognitoFake,
                                       status: str | None) -> None:
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": Recorder(migrated(status))})
    client_id = make_client(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, username="legacy", password="0ld-passw0rd")
    assert error_of(excinfo) == ("PasswordResetRequiredException",
                                 "Password reset required for the user", 400)
    user = idp.admin_get_user(UserPoolId=pool_id, Username="legacy")
    assert user["UserStatus"] == "RESET_REQUIRED"


def test_user_migration_finds_nobody(idp: Any, cognito_fake: CognitoFake) -> None:
    migrate = Recorder(migrated())
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": migrate})
    legacy = make_client(idp, pool_id)
    hiding = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, legacy, username="stranger")
    assert error_of(excinfo) == ("UserNotFoundException",
                                 f"Exception migrating user in app client {legacy}", 400)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, hiding, username="stranger")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.", 400)
    assert [e["userName"] for e in migrate.events] == ["stranger", "stranger"]


def test_user_migration_not_for_srp_or_known_users(idp: Any, cognito_fake: CognitoFake) -> None:
    migrate = Recorder(migrated())
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": migrate})
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    sign_in(idp, client_id)
    srp = AWSSRP("legacy", "0ld-passw0rd", pool_id, client_id, client=idp)
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                          AuthParameters=srp.get_auth_params())
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    assert migrate.events == []


def test_user_migration_in_an_email_username_pool(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake,
                        {"UserMigration": Recorder(migrated(name="Legacy User"))},
                        UsernameAttributes=["email"])
    client_id = make_client(idp, pool_id)
    result = sign_in(idp, client_id, username="legacy@example.com", password="0ld-passw0rd")
    id_claims = claims(result["AuthenticationResult"]["IdToken"])
    assert id_claims["cognito:username"] == id_claims["sub"]
    assert (id_claims["email"], id_claims["name"]) == ("legacy@example.com", "Legacy User")


def test_user_migration_alias_taken(idp: Any, cognito_fake: CognitoFake) -> None:
    forced: dict[str, bool] = {"force": False}

    def reply(event: dict[str, Any]) -> None:
        event["response"]["userAttributes"] = {"email": "ann@example.com",
                                               "email_verified": "true"}
        event["response"]["finalUserStatus"] = "CONFIRMED"
        event["response"]["forceAliasCreation"] = forced["force"]

    pool_id = make_pool(idp, cognito_fake, {"UserMigration": Recorder(reply)},
                        AliasAttributes=["email"])
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, username="legacy", password="0ld-passw0rd")
    assert error_of(excinfo) == ("AliasExistsException",
                                 "An account with the given email already exists.", 400)
    forced["force"] = True
    sign_in(idp, client_id, username="legacy", password="0ld-passw0rd")
    # The alias moved: the email now signs the migrated user in.
    moved = sign_in(idp, client_id, username="ann@example.com", password="0ld-passw0rd")
    assert claims(moved["AuthenticationResult"]["IdToken"])["cognito:username"] == "legacy"
    ann = idp.admin_get_user(UserPoolId=pool_id, Username="ann")
    assert {a["Name"]: a["Value"] for a in ann["UserAttributes"]}["email_verified"] == "false"


@pytest.mark.parametrize("index", range(3))
def test_user_migration_error_mapping(idp: Any, cognito_fake: CognitoFake, index: int) -> None:
    handler, expected = error_mapping("UserMigration")[index]
    pool_id = make_pool(idp, cognito_fake, {"UserMigration": handler})
    client_id = make_client(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, username="legacy")
    assert error_of(excinfo) == expected
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=pool_id, Username="legacy")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)


# -- the pure core: protected claims -------------------------------------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
_NAMES = st.sampled_from(sorted(pre_token.PROTECTED | {
    "cognito:username", "cognito:mfa_enabled", "dev:secret", "email", "custom:plan", "tier"}))


@given(add=st.dictionaries(_NAMES, _JSON, max_size=6), suppress=st.lists(_NAMES, max_size=6))
def test_no_reply_touches_a_protected_claim(add: dict[str, Any], suppress: list[str]) -> None:
    grant = tokens.Grant(
        issuer=tokens.issuer(REGION, "us-east-1_Pool12345"), client_id="client",
        username="ann", sub="sub-1", attributes={"email": "ann@example.com"}, groups=["g"],
        auth_time=1, issued_at=1, origin_jti="o", event_id="e", access_jti="a", id_jti="i")
    access, id_claims = tokens.access_claims(grant), tokens.id_claims(grant)
    generation = {"claimsToAddOrOverride": add, "claimsToSuppress": suppress}
    new_access, new_id = pre_token.apply_v2(
        access, id_claims, {"idTokenGeneration": generation,
                            "accessTokenGeneration": generation}, client_id="client")
    for before, after, access_token in ((access, new_access, True), (id_claims, new_id, False)):
        for name in before:
            if name in pre_token.PROTECTED or name == "cognito:username":
                if access_token and name in ("aud", "scope"):
                    continue  # an equal aud may be added; scopes have their own members
                assert after[name] == before[name]
    assert new_id.get("email") in (None, "ann@example.com", add.get("email"))
