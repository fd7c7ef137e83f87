"""USER_SRP_AUTH and PASSWORD_VERIFIER through boto3, raw HTTP, and unmodified pycognito."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import time
from typing import Any

import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from pycognito import Cognito, TokenVerificationException
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import ForceChangePasswordException

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of

PASSWORD = "Passw0rd!"
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.", 400)
TIMESTAMP_FORMAT = ("InvalidParameterException",
                    "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.", 400)
HEX = re.compile(r"[1-9a-f][0-9a-f]*")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class Env:
    """A pool, an app client and a user ``alice``, plus the calls of a hand-driven SRP sign-in."""

    def __init__(self, fake: CognitoFake, *, pool: dict[str, Any] | None = None,
                 client: dict[str, Any] | None = None, username: str = "alice",
                 attributes: dict[str, str] | None = None) -> None:
        self.fake = fake
        self.idp = fake.client()
        self.pool_id: str = self.idp.create_user_pool(
            PoolName="srp", **(pool or {}))["UserPool"]["Id"]
        made = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="app", **(client or {}))["UserPoolClient"]
        self.client_id: str = made["ClientId"]
        self.secret: str | None = made.get("ClientSecret")
        self.username = self.add_user(username, attributes=attributes)

    def add_user(self, name: str, password: str = PASSWORD, *,
                 attributes: dict[str, str] | None = None) -> str:
        user = self.idp.admin_create_user(
            UserPoolId=self.pool_id, Username=name, MessageAction="SUPPRESS",
            UserAttributes=[{"Name": k, "Value": v} for k, v in (attributes or {}).items()])
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username=name,
                                         Password=password, Permanent=True)
        return str(user["User"]["Username"])

    def srp(self, username: str = "alice", password: str = PASSWORD) -> AWSSRP:
        """pycognito's client side, sending through this fake's botocore client."""
        return AWSSRP(username=username, password=password, pool_id=self.pool_id,
                      client_id=self.client_id, client=self.idp, client_secret=self.secret)

    def cognito(self, username: str = "alice") -> Cognito:
        """pycognito's high-level object, with its own boto3 client as users build it."""
        return Cognito(self.pool_id, self.client_id, username=username,
                       client_secret=self.secret)

    def initiate(self, aws: AWSSRP, **parameters: str) -> dict[str, Any]:
        response: dict[str, Any] = self.idp.initiate_auth(
            ClientId=self.client_id, AuthFlow="USER_SRP_AUTH",
            AuthParameters={**aws.get_auth_params(), **parameters})
        return response

    def answer(self, aws: AWSSRP, challenge: dict[str, str], *, timestamp: str | None = None,
               **overrides: str) -> dict[str, str]:
        """pycognito's PASSWORD_VERIFIER answer; with ``timestamp``, signed over that text."""
        answer: dict[str, str] = aws.process_challenge(challenge, aws.get_auth_params())
        if timestamp is not None:
            key = aws.get_password_authentication_key(
                challenge["USER_ID_FOR_SRP"], aws.password, int(challenge["SRP_B"], 16),
                challenge["SALT"])
            message = (self.pool_id.split("_")[1] + challenge["USER_ID_FOR_SRP"]).encode() \
                + base64.b64decode(challenge["SECRET_BLOCK"]) + timestamp.encode()
            answer["TIMESTAMP"] = timestamp
            answer["PASSWORD_CLAIM_SIGNATURE"] = base64.b64encode(
                hmac.digest(key, message, "sha256")).decode()
        answer.update(overrides)
        return answer

    def respond(self, answer: dict[str, str]) -> dict[str, Any]:
        response: dict[str, Any] = self.idp.respond_to_auth_challenge(
            ClientId=self.client_id, ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=answer)
        return response

    def sign_in(self, username: str = "alice", password: str = PASSWORD) -> dict[str, Any]:
        aws = self.srp(username, password)
        return self.respond(self.answer(aws, self.initiate(aws)["ChallengeParameters"]))

    def status(self, username: str = "alice") -> str:
        return str(self.idp.admin_get_user(UserPoolId=self.pool_id,
                                           Username=username)["UserStatus"])


@pytest.fixture
def env(cognito_fake: CognitoFake) -> Env:
    return Env(cognito_fake)


def failure(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, tuple[str, str, int]]:
    """(operation, (code, message, status)) of a failed call."""
    return excinfo.value.operation_name, error_of(excinfo)


# -- the challenge ---------------------------------------------------------------------------------


def test_challenge_parameters_as_cognito_sends_them(env: Env) -> None:
    aws = env.srp()
    first = env.initiate(aws)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in first
    challenge = first["ChallengeParameters"]
    assert set(challenge) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP"}
    assert challenge["USERNAME"] == challenge["USER_ID_FOR_SRP"] == "alice"
    assert HEX.fullmatch(challenge["SALT"]) and HEX.fullmatch(challenge["SRP_B"])
    assert len(challenge["SALT"]) <= 32
    assert 1 < int(challenge["SRP_B"], 16) < int(AWSSRP(
        "u", "p", env.pool_id, env.client_id, client=env.idp).big_n)
    block = base64.b64decode(challenge["SECRET_BLOCK"], validate=True)
    assert base64.b64encode(block).decode() == challenge["SECRET_BLOCK"]
    assert challenge["SECRET_BLOCK"].startswith("AgV4")
    assert len(challenge["SECRET_BLOCK"]) == 1720
    second = env.initiate(env.srp())["ChallengeParameters"]
    # The salt belongs to the password; B and the block to the exchange.
    assert second["SALT"] == challenge["SALT"]
    assert second["SRP_B"] != challenge["SRP_B"]
    assert second["SECRET_BLOCK"] != challenge["SECRET_BLOCK"]


def test_no_session_on_the_wire(env: Env) -> None:
    aws = env.srp()
    reply = requests.post(
        f"https://cognito-idp.{env.fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"ClientId": env.client_id, "AuthFlow": "USER_SRP_AUTH",
                         "AuthParameters": aws.get_auth_params()}), timeout=5)
    assert reply.status_code == 200
    body = reply.json()
    assert sorted(body) == ["ChallengeName", "ChallengeParameters"]
    tokens = requests.post(
        f"https://cognito-idp.{env.fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.RespondToAuthChallenge",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"ClientId": env.client_id, "ChallengeName": "PASSWORD_VERIFIER",
                         "ChallengeResponses": env.answer(aws, body["ChallengeParameters"])}),
        timeout=5).json()
    assert sorted(tokens) == ["AuthenticationResult", "ChallengeParameters"]
    assert tokens["ChallengeParameters"] == {}


def test_a_new_password_gets_a_new_salt(env: Env) -> None:
    before = env.initiate(env.srp())["ChallengeParameters"]["SALT"]
    env.idp.admin_set_user_password(UserPoolId=env.pool_id, Username="alice",
                                    Password="N3w-Passw0rd", Permanent=True)
    after = env.initiate(env.srp(password="N3w-Passw0rd"))["ChallengeParameters"]["SALT"]
    assert after != before
    assert "AccessToken" in env.sign_in(password="N3w-Passw0rd")["AuthenticationResult"]


# -- pycognito, unmodified -------------------------------------------------------------------------


def test_pycognito_signs_in_and_verifies_the_tokens_against_the_jwks(env: Env) -> None:
    user = env.cognito()
    user.authenticate(password=PASSWORD)
    # authenticate() already verified both tokens over requests; again, explicitly:
    user.verify_tokens()
    assert user.access_claims["username"] == "alice"
    assert user.access_claims["token_use"] == "access"
    assert user.id_claims["cognito:username"] == "alice"
    assert user.id_claims["aud"] == env.client_id
    assert user.token_type == "Bearer"
    assert user.refresh_token
    assert user.check_token() is False
    me = env.idp.get_user(AccessToken=user.access_token)
    assert me["Username"] == "alice"


def test_pycognito_wrong_password(env: Env) -> None:
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password="Wr0ng-pass")
    assert failure(excinfo) == ("RespondToAuthChallenge", INCORRECT)


def test_awssrp_authenticate_user_returns_the_tokens(env: Env) -> None:
    tokens = env.srp().authenticate_user()
    result = tokens["AuthenticationResult"]
    assert set(result) == {"AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}
    assert result["ExpiresIn"] == 3600
    assert tokens["ChallengeParameters"] == {}


def test_check_token_renews_an_expired_access_token(env: Env) -> None:
    env.fake.clock.freeze(time.time() - 7200)
    old = env.srp().authenticate_user()["AuthenticationResult"]
    env.fake.clock.advance(7200)
    env.fake.clock.unfreeze()
    user = Cognito(env.pool_id, env.client_id, username="alice", id_token=old["IdToken"],
                   access_token=old["AccessToken"], refresh_token=old["RefreshToken"])
    with pytest.raises(TokenVerificationException, match="Signature has expired"):
        user.verify_token(old["AccessToken"], "access_token", "access")
    assert user.check_token() is True  # expired: renewed through REFRESH_TOKEN_AUTH
    assert user.access_token != old["AccessToken"]
    before = jwt.decode(old["AccessToken"], options={"verify_signature": False})
    assert user.access_claims["origin_jti"] == before["origin_jti"]
    assert user.access_claims["exp"] > time.time()
    assert user.check_token() is False


def test_email_alias_sign_in_computes_with_the_real_username(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, pool={"AliasAttributes": ["email"]},
              attributes={"email": "alice@example.com", "email_verified": "true"})
    aws = env.srp("Alice@Example.com")
    challenge = env.initiate(aws)["ChallengeParameters"]
    assert challenge["USERNAME"] == challenge["USER_ID_FOR_SRP"] == "alice"
    result = env.respond(env.answer(aws, challenge))["AuthenticationResult"]
    assert "AccessToken" in result
    user = env.cognito("alice@example.com")
    user.authenticate(password=PASSWORD)
    assert user.access_claims["username"] == "alice"


def test_email_as_username_returns_the_uuid_username(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, pool={"UsernameAttributes": ["email"]}, username="bea@example.com")
    assert UUID.fullmatch(env.username)
    challenge = env.initiate(env.srp("bea@example.com"))["ChallengeParameters"]
    assert challenge["USERNAME"] == challenge["USER_ID_FOR_SRP"] == env.username
    user = env.cognito("bea@example.com")
    user.authenticate(password=PASSWORD)
    assert user.access_claims["username"] == env.username


def test_answer_may_name_the_user_by_alias(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, pool={"AliasAttributes": ["email"]},
              attributes={"email": "alice@example.com", "email_verified": "true"})
    aws = env.srp("alice@example.com")
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"],
                        USERNAME="alice@example.com")  # cognito-srp-helper sends what was typed
    assert "IdToken" in env.respond(answer)["AuthenticationResult"]


def test_answer_naming_another_user(env: Env) -> None:
    env.add_user("bob")
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"], USERNAME="bob")
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == INCORRECT


def test_admin_initiate_auth_with_srp(env: Env) -> None:
    aws = env.srp()
    challenge = env.idp.admin_initiate_auth(
        UserPoolId=env.pool_id, ClientId=env.client_id, AuthFlow="USER_SRP_AUTH",
        AuthParameters=aws.get_auth_params())
    assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in challenge
    tokens = env.idp.admin_respond_to_auth_challenge(
        UserPoolId=env.pool_id, ClientId=env.client_id, ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=env.answer(aws, challenge["ChallengeParameters"]))
    assert "AccessToken" in tokens["AuthenticationResult"]


def test_client_without_the_srp_flow(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, client={"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH",
                                                          "ALLOW_REFRESH_TOKEN_AUTH"]})
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password=PASSWORD)
    assert failure(excinfo) == ("InitiateAuth", (
        "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client", 400))


# -- client secret ---------------------------------------------------------------------------------


@pytest.fixture
def secret_env(cognito_fake: CognitoFake) -> Env:
    return Env(cognito_fake, pool={"AliasAttributes": ["email"]},
               client={"GenerateSecret": True},
               attributes={"email": "alice@example.com", "email_verified": "true"})


@pytest.mark.parametrize("typed", ["alice", "alice@example.com"])
def test_pycognito_with_a_client_secret(secret_env: Env, typed: str) -> None:
    user = secret_env.cognito(typed)
    user.authenticate(password=PASSWORD)
    assert user.access_claims["username"] == "alice"


def test_secret_hash_missing_at_initiate(secret_env: Env) -> None:
    aws = secret_env.srp()
    parameters = aws.get_auth_params()
    del parameters["SECRET_HASH"]
    with pytest.raises(ClientError) as excinfo:
        secret_env.idp.initiate_auth(ClientId=secret_env.client_id, AuthFlow="USER_SRP_AUTH",
                                     AuthParameters=parameters)
    assert error_of(excinfo) == (
        "NotAuthorizedException", f"Client {secret_env.client_id} is configured with secret "
        f"but SECRET_HASH was not received", 400)


def test_secret_hash_over_the_alias_while_sending_the_username(secret_env: Env) -> None:
    """warrant#125: the answer's SECRET_HASH must be over the answer's own USERNAME."""
    aws = secret_env.srp("alice@example.com")
    answer = secret_env.answer(aws, secret_env.initiate(aws)["ChallengeParameters"])
    assert answer["USERNAME"] == "alice"
    answer["SECRET_HASH"] = AWSSRP.get_secret_hash("alice@example.com", secret_env.client_id,
                                                   str(secret_env.secret))
    with pytest.raises(ClientError) as excinfo:
        secret_env.respond(answer)
    assert error_of(excinfo) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client "
        f"{secret_env.client_id}", 400)


# -- unknown users -------------------------------------------------------------------------------


def test_unknown_user_legacy(env: Env) -> None:
    with pytest.raises(ClientError) as excinfo:
        env.cognito("ghost").authenticate(password=PASSWORD)
    assert failure(excinfo) == ("InitiateAuth", (
        "UserNotFoundException", "User does not exist.", 400))


def test_unknown_user_enabled_gets_a_simulated_challenge(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, client={"PreventUserExistenceErrors": "ENABLED"},
              pool={"UsernameConfiguration": {"CaseSensitive": False}})
    first = env.initiate(env.srp("ghost"))
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in first
    challenge = first["ChallengeParameters"]
    assert set(challenge) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP"}
    assert UUID.fullmatch(challenge["USER_ID_FOR_SRP"])
    assert challenge["USERNAME"] == challenge["USER_ID_FOR_SRP"]
    assert HEX.fullmatch(challenge["SALT"])
    again = env.initiate(env.srp("GHOST"))["ChallengeParameters"]
    assert (again["SALT"], again["USER_ID_FOR_SRP"]) == (challenge["SALT"],
                                                         challenge["USER_ID_FOR_SRP"])
    assert again["SRP_B"] != challenge["SRP_B"]
    other = env.initiate(env.srp("phantom"))["ChallengeParameters"]
    assert other["SALT"] != challenge["SALT"]
    assert other["USER_ID_FOR_SRP"] != challenge["USER_ID_FOR_SRP"]
    # The answer always fails, whatever the password.
    with pytest.raises(ClientError) as excinfo:
        env.cognito("ghost").authenticate(password=PASSWORD)
    assert failure(excinfo) == ("RespondToAuthChallenge", INCORRECT)


def test_known_user_enabled_still_signs_in(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, client={"PreventUserExistenceErrors": "ENABLED"})
    assert "AccessToken" in env.sign_in()["AuthenticationResult"]
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password="Wr0ng-pass")
    assert failure(excinfo) == ("RespondToAuthChallenge", INCORRECT)


# -- user states ---------------------------------------------------------------------------------


@pytest.mark.parametrize("password", [PASSWORD, "Wr0ng-pass"])
def test_unconfirmed_user(env: Env, password: str) -> None:
    env.idp.sign_up(ClientId=env.client_id, Username="carol", Password=PASSWORD)
    with pytest.raises(ClientError) as excinfo:
        env.cognito("carol").authenticate(password=password)
    assert failure(excinfo) == ("InitiateAuth", (
        "UserNotConfirmedException", "User is not confirmed.", 400))


def test_disabled_user(env: Env) -> None:
    env.idp.admin_disable_user(UserPoolId=env.pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password=PASSWORD)
    assert failure(excinfo) == ("InitiateAuth", (
        "NotAuthorizedException", "User is disabled.", 400))


def test_user_disabled_between_challenge_and_answer(env: Env) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    env.idp.admin_disable_user(UserPoolId=env.pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == ("NotAuthorizedException", "User is disabled.", 400)
    env.idp.admin_enable_user(UserPoolId=env.pool_id, Username="alice")
    assert "AccessToken" in env.respond(answer)["AuthenticationResult"]


def test_reset_required_user(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, attributes={"email": "alice@example.com", "email_verified": "true"})
    env.idp.admin_reset_user_password(UserPoolId=env.pool_id, Username="alice")
    assert env.status() == "RESET_REQUIRED"
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password=PASSWORD)
    assert failure(excinfo) == ("RespondToAuthChallenge", (
        "PasswordResetRequiredException", "Password reset required for the user", 400))
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password="Wr0ng-pass")
    assert failure(excinfo) == ("RespondToAuthChallenge", INCORRECT)


@pytest.fixture
def invited(env: Env) -> Env:
    env.idp.admin_create_user(UserPoolId=env.pool_id, Username="dave",
                              TemporaryPassword="Temp-Passw0rd", MessageAction="SUPPRESS")
    return env


def test_force_change_password_gets_new_password_required(invited: Env) -> None:
    aws = invited.srp("dave", "Temp-Passw0rd")
    response = invited.respond(invited.answer(aws, invited.initiate(aws)["ChallengeParameters"]))
    assert response["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert response["Session"]
    assert response["ChallengeParameters"]["USER_ID_FOR_SRP"] == "dave"
    with pytest.raises(ForceChangePasswordException):
        invited.cognito("dave").authenticate(password="Temp-Passw0rd")


def test_pycognito_set_new_password_challenge(invited: Env) -> None:
    tokens = invited.srp("dave", "Temp-Passw0rd").set_new_password_challenge("N3w-Passw0rd")
    assert "AccessToken" in tokens["AuthenticationResult"]
    assert invited.status("dave") == "CONFIRMED"
    user = invited.cognito("dave")
    user.authenticate(password="N3w-Passw0rd")
    assert user.access_claims["username"] == "dave"


def test_pycognito_new_password_challenge(invited: Env) -> None:
    user = invited.cognito("dave")
    user.new_password_challenge(password="Temp-Passw0rd", new_password="N3w-Passw0rd")
    assert user.id_claims["cognito:username"] == "dave"
    assert invited.status("dave") == "CONFIRMED"


def test_expired_temporary_password(invited: Env) -> None:
    invited.fake.clock.advance(dt.timedelta(days=8))
    with pytest.raises(ClientError) as excinfo:
        invited.cognito("dave").authenticate(password="Temp-Passw0rd")
    assert failure(excinfo) == ("RespondToAuthChallenge", INCORRECT)


# -- lockout -------------------------------------------------------------------------------------


def test_wrong_srp_passwords_lock_the_user_out(env: Env) -> None:
    env.fake.clock.freeze()
    for _ in range(5):
        with pytest.raises(ClientError) as excinfo:
            env.cognito().authenticate(password="Wr0ng-pass")
        assert error_of(excinfo) == INCORRECT
    with pytest.raises(ClientError) as excinfo:
        env.cognito().authenticate(password=PASSWORD)
    assert failure(excinfo) == ("InitiateAuth", (
        "NotAuthorizedException", "Password attempts exceeded", 400))
    env.fake.clock.advance(1)  # 2^(5-5) seconds after the fifth failure
    assert "AccessToken" in env.sign_in()["AuthenticationResult"]


def test_lockout_is_checked_again_at_the_answer(env: Env) -> None:
    env.fake.clock.freeze()
    aws = env.srp()
    pending = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    for _ in range(5):
        with pytest.raises(ClientError):
            env.cognito().authenticate(password="Wr0ng-pass")
    with pytest.raises(ClientError) as excinfo:
        env.respond(pending)
    assert error_of(excinfo) == ("NotAuthorizedException", "Password attempts exceeded", 400)


def test_srp_and_password_sign_ins_share_the_failure_count(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, client={"ExplicitAuthFlows": [
        "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})
    cognito_fake.clock.freeze()
    for _ in range(3):
        with pytest.raises(ClientError):
            env.cognito().authenticate(password="Wr0ng-pass")
    for _ in range(2):
        with pytest.raises(ClientError):
            env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "alice", "PASSWORD": "Wr0ng-pass"})
    with pytest.raises(ClientError) as excinfo:
        env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD})
    assert error_of(excinfo) == ("NotAuthorizedException", "Password attempts exceeded", 400)


def test_a_good_proof_clears_the_failures(env: Env) -> None:
    env.fake.clock.freeze()
    for _ in range(4):
        with pytest.raises(ClientError):
            env.cognito().authenticate(password="Wr0ng-pass")
    env.sign_in()
    for _ in range(4):
        with pytest.raises(ClientError) as excinfo:
            env.cognito().authenticate(password="Wr0ng-pass")
        assert error_of(excinfo) == INCORRECT
    assert "AccessToken" in env.sign_in()["AuthenticationResult"]


# -- TIMESTAMP -----------------------------------------------------------------------------------


def test_any_canonical_timestamp_is_accepted(env: Env) -> None:
    """No clock comparison (srp.md §5.1): a well-formed timestamp of another day signs in."""
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"],
                        timestamp="Sat Sep 5 05:09:04 UTC 2026")
    assert "AccessToken" in env.respond(answer)["AuthenticationResult"]


@pytest.mark.parametrize("timestamp", [
    "Sat Sep 05 05:09:04 UTC 2026",  # zero-padded day [REAL]
    "Mon Sep 5 05:09:04 UTC 2026",  # wrong weekday [REAL]
    "Sat Sep 5 5:09:04 UTC 2026",
])
def test_non_canonical_timestamp_fails_as_a_wrong_password(env: Env, timestamp: str) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"], timestamp=timestamp)
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == INCORRECT


@pytest.mark.parametrize("timestamp", [
    "Sat Sep 5 24:09:04 UTC 2026",  # [REAL] hour 24
    "Sat Sep 5 15:26:37 +05:30 2026", "Sat Sep 5 15:56:09 IST 2026",  # [REAL]
    "Sat Sep 31 05:09:04 UTC 2026", "Sam Sep 5 05:09:04 UTC 2026", "2026-09-05T05:09:04Z",
])
def test_malformed_timestamp(env: Env, timestamp: str) -> None:
    aws = env.srp()
    challenge = env.initiate(aws)["ChallengeParameters"]
    with pytest.raises(ClientError) as excinfo:
        env.respond(env.answer(aws, challenge, timestamp=timestamp))
    assert error_of(excinfo) == TIMESTAMP_FORMAT
    # A format error is no password failure, and the block still signs in.
    assert "AccessToken" in env.respond(env.answer(aws, challenge))["AuthenticationResult"]


# -- the SECRET_BLOCK ----------------------------------------------------------------------------


def test_secret_block_used_twice(env: Env) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    assert "AccessToken" in env.respond(answer)["AuthenticationResult"]
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == INCORRECT


def test_a_failed_proof_leaves_the_block_open(env: Env) -> None:
    aws = env.srp()
    challenge = env.initiate(aws)["ChallengeParameters"]
    wrong = env.answer(aws, challenge, PASSWORD_CLAIM_SIGNATURE=base64.b64encode(
        hashlib.sha256(b"forged").digest()).decode())
    with pytest.raises(ClientError) as excinfo:
        env.respond(wrong)
    assert error_of(excinfo) == INCORRECT
    assert "AccessToken" in env.respond(env.answer(aws, challenge))["AuthenticationResult"]


def test_secret_block_never_issued(env: Env) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"],
                        PASSWORD_CLAIM_SECRET_BLOCK=base64.b64encode(b"\x02\x05x" * 20).decode())
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == INCORRECT


def test_secret_block_of_another_client(env: Env) -> None:
    other = env.idp.create_user_pool_client(UserPoolId=env.pool_id,
                                            ClientName="other")["UserPoolClient"]["ClientId"]
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    with pytest.raises(ClientError) as excinfo:
        env.idp.respond_to_auth_challenge(ClientId=other, ChallengeName="PASSWORD_VERIFIER",
                                          ChallengeResponses=answer)
    assert error_of(excinfo) == INCORRECT


def test_password_changed_between_challenge_and_answer(env: Env) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    env.idp.admin_set_user_password(UserPoolId=env.pool_id, Username="alice",
                                    Password="N3w-Passw0rd", Permanent=True)
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == INCORRECT


@pytest.mark.parametrize(("validity", "late_after"), [(None, 180), (10, 600)])
def test_late_answer(cognito_fake: CognitoFake, validity: int | None, late_after: int) -> None:
    """The block lives for the client's AuthSessionValidity (3 minutes by default) [INF]."""
    env = Env(cognito_fake, client={} if validity is None else {"AuthSessionValidity": validity})
    cognito_fake.clock.freeze()
    aws = env.srp()
    challenge = env.initiate(aws)["ChallengeParameters"]
    cognito_fake.clock.advance(late_after - 1)
    assert "AccessToken" in env.respond(env.answer(aws, challenge))["AuthenticationResult"]
    challenge = env.initiate(aws)["ChallengeParameters"]
    cognito_fake.clock.advance(late_after)
    with pytest.raises(ClientError) as excinfo:
        env.respond(env.answer(aws, challenge))
    assert error_of(excinfo) == INCORRECT


def test_stale_blocks_are_dropped(env: Env) -> None:
    env.fake.clock.freeze()
    for _ in range(3):
        env.initiate(env.srp())
    env.fake.clock.advance(15 * 60 + 1)
    env.initiate(env.srp())
    assert len(env.fake.backend.store.secret_blocks) == 1


# -- bad parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["USERNAME", "SRP_A"])
def test_initiate_missing_parameter(env: Env, missing: str) -> None:
    parameters = env.srp().get_auth_params()
    del parameters[missing]
    with pytest.raises(ClientError) as excinfo:
        env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="USER_SRP_AUTH",
                              AuthParameters=parameters)
    assert error_of(excinfo) == (
        "InvalidParameterException", f"Missing required parameter {missing}", 400)


@pytest.mark.parametrize("missing", [
    "USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"])
def test_answer_missing_parameter(env: Env, missing: str) -> None:
    aws = env.srp()
    answer = env.answer(aws, env.initiate(aws)["ChallengeParameters"])
    del answer[missing]
    with pytest.raises(ClientError) as excinfo:
        env.respond(answer)
    assert error_of(excinfo) == (
        "InvalidParameterException", f"Missing required parameter {missing}", 400)


def _n_hex(env: Env) -> str:
    return f"{AWSSRP('u', 'p', env.pool_id, env.client_id, client=env.idp).big_n:x}"


@pytest.mark.parametrize("srp_a", ["0", "000", "N", "2N", "xyz", "0x1f", "-1f", "1f ", "F" * 1025])
def test_invalid_srp_a(env: Env, srp_a: str) -> None:
    n = int(_n_hex(env), 16)
    value = {"N": f"{n:x}", "2N": f"{2 * n:X}"}.get(srp_a, srp_a)
    with pytest.raises(ClientError) as excinfo:
        env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="USER_SRP_AUTH",
                              AuthParameters={"USERNAME": "alice", "SRP_A": value})
    assert error_of(excinfo) == ("InvalidParameterException", "Invalid SRP_A given", 400)


def test_srp_a_in_upper_case_with_a_leading_zero(env: Env) -> None:
    """.NET's ``BigInteger.ToString("X")`` form (srp.md §1)."""
    aws = env.srp()
    challenge = env.initiate(aws, SRP_A="0" + f"{aws.large_a_value:X}")["ChallengeParameters"]
    assert "AccessToken" in env.respond(env.answer(aws, challenge))["AuthenticationResult"]
