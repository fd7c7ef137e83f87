"""The code of docs/triggers-sign-in.md, run as tests."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import boto3
import jwt
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from pytest_cognito_fake import CognitoFake, SeededPool

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

SHOP = {
    "PoolName": "shop",
    "clients": [{"ClientName": "web",
                 "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                                       "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
    "users": [{"Username": "zed", "Password": "Passw0rd!",
               "Attributes": {"email": "zed@example.com", "email_verified": "true"}}],
}


def arn(trigger: str) -> str:
    return f"arn:aws:lambda:us-east-1:123456789012:function:{trigger}"


def open_shop(fake: CognitoFake, version: str | None = None, **triggers: Handler) -> SeededPool:
    """Seed the shop with Python functions as its Lambda triggers, by LambdaConfig key;
    ``version`` picks the PreTokenGeneration event version (V1_0, V2_0, V3_0)."""
    config: dict[str, Any] = {}
    for key, handler in triggers.items():
        fake.lambdas.register(arn(key), handler)
        config[key] = arn(key)
    if version is not None:
        config["PreTokenGenerationConfig"] = {"LambdaArn": config.pop("PreTokenGeneration"),
                                              "LambdaVersion": version}
    return fake.seed({"user_pools": [{**SHOP, "LambdaConfig": config}]})[0]


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def log_in(client: Any, client_id: str, username: str, password: str,
           **metadata: str) -> str:
    """The code under test: a password sign-in; returns what the page shows."""
    try:
        client.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password},
                             ClientMetadata=metadata)
    except ClientError as error:
        return str(error.response["Error"]["Message"])
    return f"Welcome, {username}"


def tokens(client: Any, client_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """zed's (access, ID) token claims after a password sign-in."""
    result = client.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "zed", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    return (jwt.decode(result["AccessToken"], options={"verify_signature": False}),
            jwt.decode(result["IdToken"], options={"verify_signature": False}))


def no_kiosks(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if (event["request"]["validationData"] or {}).get("device") == "kiosk":
        raise PermissionError("Sign-in from kiosks is disabled")
    return event


def test_pre_authentication_can_refuse_a_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = open_shop(cognito_fake, PreAuthentication=no_kiosks)

    assert log_in(idp, shop.client_id, "zed", "Passw0rd!", device="phone") == "Welcome, zed"
    assert log_in(idp, shop.client_id, "zed", "Passw0rd!", device="kiosk") == (
        "PreAuthentication failed with error Sign-in from kiosks is disabled.")
    # It runs before the password is checked, so its refusal wins over a wrong password.
    assert log_in(idp, shop.client_id, "zed", "guess", device="kiosk") == (
        "PreAuthentication failed with error Sign-in from kiosks is disabled.")

    (_, event), *_ = cognito_fake.lambdas.invocations
    assert event["triggerSource"] == "PreAuthentication_Authentication"
    assert event["request"] == {
        "userAttributes": {"sub": shop.subs["zed"], "email": "zed@example.com",
                           "email_verified": "true", "cognito:user_status": "CONFIRMED"},
        "validationData": {"device": "phone"},
    }


LEGACY_USERS = {"old-timer": {"password": "0ld-Passw0rd", "email": "old@example.com"}}


def migrate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    known = LEGACY_USERS.get(event["userName"])
    if known and known["password"] == event["request"].get("password"):
        event["response"]["userAttributes"] = {"email": known["email"],
                                               "email_verified": "true"}
        event["response"]["finalUserStatus"] = "CONFIRMED"
        event["response"]["messageAction"] = "SUPPRESS"
    return event


def test_user_migration_brings_users_in_at_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = open_shop(cognito_fake, UserMigration=migrate)

    assert log_in(idp, shop.client_id, "old-timer", "0ld-Passw0rd") == "Welcome, old-timer"
    user = idp.admin_get_user(UserPoolId=shop.user_pool_id, Username="old-timer")
    assert user["UserStatus"] == "CONFIRMED"
    # A reply without attributes means "no such user".
    assert log_in(idp, shop.client_id, "stranger", "guess") == (
        f"Exception migrating user in app client {shop.client_id}")
    assert [event["request"] for _, event in cognito_fake.lambdas.invocations] == [
        {"password": "0ld-Passw0rd"}, {"password": "guess"}]


def add_tier(event: dict[str, Any], context: Any) -> dict[str, Any]:
    groups = event["request"]["groupConfiguration"]["groupsToOverride"]
    event["response"]["claimsOverrideDetails"] = {
        "claimsToAddOrOverride": {"tier": "gold" if "vip" in groups else "standard"},
        "claimsToSuppress": ["email"],
    }
    return event


def test_pre_token_generation_v1_customises_the_id_token(idp: Any,
                                                         cognito_fake: CognitoFake) -> None:
    shop = open_shop(cognito_fake, PreTokenGeneration=add_tier)
    idp.create_group(UserPoolId=shop.user_pool_id, GroupName="vip")
    idp.admin_add_user_to_group(UserPoolId=shop.user_pool_id, Username="zed", GroupName="vip")

    access, id_token = tokens(idp, shop.client_id)

    assert id_token["tier"] == "gold"
    assert "email" not in id_token
    assert "tier" not in access  # V1 changes the ID token only
    assert access["cognito:groups"] == id_token["cognito:groups"] == ["vip"]


def scope_orders(event: dict[str, Any], context: Any) -> dict[str, Any]:
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "accessTokenGeneration": {
            "claimsToAddOrOverride": {"tenant": {"id": 7, "plan": "pro"}},
            "scopesToAdd": ["shop/orders.read"],
        },
        "groupOverrideDetails": {"groupsToOverride": ["customers"]},
    }
    return event


def test_pre_token_generation_v2_customises_the_access_token(idp: Any,
                                                             cognito_fake: CognitoFake) -> None:
    shop = open_shop(cognito_fake, version="V2_0", PreTokenGeneration=scope_orders)

    access, id_token = tokens(idp, shop.client_id)

    assert access["tenant"] == {"id": 7, "plan": "pro"}
    assert access["scope"] == "aws.cognito.signin.user.admin shop/orders.read"
    assert access["cognito:groups"] == id_token["cognito:groups"] == ["customers"]
    (_, event), = cognito_fake.lambdas.invocations
    assert (event["version"], event["request"]["scopes"]) == (
        "2", ["aws.cognito.signin.user.admin"])


def test_post_authentication_runs_before_the_tokens_go_out(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    signed_in: list[str] = []

    def audit(event: dict[str, Any], context: Any) -> dict[str, Any]:
        signed_in.append(event["request"]["userAttributes"]["email"])
        return event

    shop = open_shop(cognito_fake, PostAuthentication=audit)
    assert log_in(idp, shop.client_id, "zed", "Passw0rd!") == "Welcome, zed"
    assert signed_in == ["zed@example.com"]

    def audit_down(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ConnectionError("audit log unavailable")

    cognito_fake.lambdas.register(arn("PostAuthentication"), audit_down)
    # A failing PostAuthentication discards the tokens: the sign-in fails.
    assert log_in(idp, shop.client_id, "zed", "Passw0rd!") == (
        "PostAuthentication failed with error audit log unavailable.")


SENT_CODES: dict[str, str] = {}  # stands in for the email the challenge would send


def define_challenge(event: dict[str, Any], context: Any) -> dict[str, Any]:
    session = event["request"]["session"]
    if session and session[-1]["challengeResult"]:
        event["response"]["issueTokens"] = True
    elif len(session) >= 3:
        event["response"]["failAuthentication"] = True
    else:
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def create_challenge(event: dict[str, Any], context: Any) -> dict[str, Any]:
    email = event["request"]["userAttributes"]["email"]
    code = f"{secrets.randbelow(10**6):06d}"
    SENT_CODES[email] = code
    event["response"]["publicChallengeParameters"] = {"email": email}
    event["response"]["privateChallengeParameters"] = {"code": code}
    event["response"]["challengeMetadata"] = "EMAIL_CODE"
    return event


def verify_challenge(event: dict[str, Any], context: Any) -> dict[str, Any]:
    expected = event["request"]["privateChallengeParameters"]["code"]
    event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
    return event


def passwordless(fake: CognitoFake) -> SeededPool:
    return open_shop(fake, DefineAuthChallenge=define_challenge,
                     CreateAuthChallenge=create_challenge,
                     VerifyAuthChallengeResponse=verify_challenge)


def test_a_passwordless_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = passwordless(cognito_fake)

    first = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="CUSTOM_AUTH",
                              AuthParameters={"USERNAME": "zed"})
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"] == {"email": "zed@example.com", "USERNAME": "zed"}

    wrong = "000000" if SENT_CODES["zed@example.com"] != "000000" else "111111"
    second = idp.respond_to_auth_challenge(
        ClientId=shop.client_id, ChallengeName="CUSTOM_CHALLENGE", Session=first["Session"],
        ChallengeResponses={"USERNAME": "zed", "ANSWER": wrong})
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE"  # a new code, a new Session

    done = idp.respond_to_auth_challenge(
        ClientId=shop.client_id, ChallengeName="CUSTOM_CHALLENGE", Session=second["Session"],
        ChallengeResponses={"USERNAME": "zed", "ANSWER": SENT_CODES["zed@example.com"]})
    assert "AccessToken" in done["AuthenticationResult"]

    defines = [event for _, event in cognito_fake.lambdas.invocations
               if event["triggerSource"] == "DefineAuthChallenge_Authentication"]
    assert defines[-1]["request"]["session"] == [
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": False,
         "challengeMetadata": "EMAIL_CODE"},
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": True,
         "challengeMetadata": "EMAIL_CODE"},
    ]


def test_custom_auth_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = passwordless(cognito_fake)
    session = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="CUSTOM_AUTH",
                                AuthParameters={"USERNAME": "zed"})["Session"]
    for _ in range(2):
        session = idp.respond_to_auth_challenge(
            ClientId=shop.client_id, ChallengeName="CUSTOM_CHALLENGE", Session=session,
            ChallengeResponses={"USERNAME": "zed", "ANSWER": "not-a-code"})["Session"]

    # The third wrong code: DefineAuthChallenge answers failAuthentication.
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=shop.client_id, ChallengeName="CUSTOM_CHALLENGE", Session=session,
            ChallengeResponses={"USERNAME": "zed", "ANSWER": "not-a-code"})
    assert excinfo.value.response["Error"] == {
        "Code": "NotAuthorizedException", "Message": "Incorrect username or password."}

    # A pool without the triggers has no custom sign-in.
    bare = cognito_fake.seed({"user_pools": [{**SHOP, "PoolName": "bare"}]})[0]
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=bare.client_id, AuthFlow="CUSTOM_AUTH",
                          AuthParameters={"USERNAME": "zed"})
    assert excinfo.value.response["Error"] == {
        "Code": "InvalidParameterException",
        "Message": "Custom auth lambda trigger is not configured for the user pool."}


def password_then_code(event: dict[str, Any], context: Any) -> dict[str, Any]:
    session = event["request"]["session"]
    last = session[-1]
    if not last["challengeResult"]:
        event["response"]["failAuthentication"] = True
    elif last["challengeName"] == "SRP_A":
        event["response"]["challengeName"] = "PASSWORD_VERIFIER"  # Cognito checks the password
    elif last["challengeName"] == "PASSWORD_VERIFIER":
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"  # then our own code
    else:
        event["response"]["issueTokens"] = True
    return event


def test_password_first_then_a_custom_challenge(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = open_shop(cognito_fake, DefineAuthChallenge=password_then_code,
                     CreateAuthChallenge=create_challenge,
                     VerifyAuthChallengeResponse=verify_challenge)
    srp = AWSSRP("zed", "Passw0rd!", shop.user_pool_id, shop.client_id, client=idp)
    parameters = {**srp.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}

    first = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="CUSTOM_AUTH",
                              AuthParameters=parameters)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    second = idp.respond_to_auth_challenge(
        ClientId=shop.client_id, ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.process_challenge(first["ChallengeParameters"], parameters))
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE"
    done = idp.respond_to_auth_challenge(
        ClientId=shop.client_id, ChallengeName="CUSTOM_CHALLENGE", Session=second["Session"],
        ChallengeResponses={"USERNAME": "zed", "ANSWER": SENT_CODES["zed@example.com"]})
    assert "AccessToken" in done["AuthenticationResult"]
