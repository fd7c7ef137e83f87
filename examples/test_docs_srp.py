"""The code of the SRP section of docs/sign-in.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import srp

SHOP = {"user_pools": [{
    "PoolName": "shop",
    "AliasAttributes": ["email"],
    "clients": [{"ClientName": "web"}],
    "users": [
        {"Username": "zed", "Password": "Passw0rd!",
         "Attributes": {"email": "zed@example.com", "email_verified": "true"}},
        {"Username": "newbie", "TemporaryPassword": "Temp-Passw0rd"},
    ],
}]}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def log_in(pool_id: str, client_id: str, username: str, password: str) -> str:
    """The code under test: an SRP sign-in with pycognito; returns what the page shows."""
    user = Cognito(pool_id, client_id, username=username)
    try:
        user.authenticate(password=password)
    except ClientError as error:
        return str(error.response["Error"]["Message"])
    return f"Welcome, {user.id_claims['cognito:username']}"


def test_pycognito_signs_in_with_srp(cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]

    assert log_in(shop.user_pool_id, shop.client_id, "zed", "Passw0rd!") == "Welcome, zed"
    assert log_in(shop.user_pool_id, shop.client_id, "zed@example.com", "Passw0rd!") == (
        "Welcome, zed")
    assert log_in(shop.user_pool_id, shop.client_id, "zed", "guess") == (
        "Incorrect username or password.")
    assert log_in(shop.user_pool_id, shop.client_id, "nobody", "Passw0rd!") == (
        "User does not exist.")


def test_the_two_calls_of_an_srp_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_side = AWSSRP(username="zed@example.com", password="Passw0rd!",
                         pool_id=shop.user_pool_id, client_id=shop.client_id, client=idp)

    first = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="USER_SRP_AUTH",
                              AuthParameters=client_side.get_auth_params())

    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert "Session" not in first  # the SECRET_BLOCK alone finds the exchange again
    challenge = first["ChallengeParameters"]
    assert sorted(challenge) == ["SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"]
    # The real username, not the alias the user typed: clients hash with it.
    assert challenge["USERNAME"] == challenge["USER_ID_FOR_SRP"] == "zed"

    proof = client_side.process_challenge(challenge, client_side.get_auth_params())
    tokens = idp.respond_to_auth_challenge(ClientId=shop.client_id,
                                           ChallengeName="PASSWORD_VERIFIER",
                                           ChallengeResponses=proof)
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"

    # The SECRET_BLOCK is used up.
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.respond_to_auth_challenge(ClientId=shop.client_id,
                                      ChallengeName="PASSWORD_VERIFIER",
                                      ChallengeResponses=proof)


def test_a_temporary_password_leads_to_new_password_required(cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_side = AWSSRP(username="newbie", password="Temp-Passw0rd",
                         pool_id=shop.user_pool_id, client_id=shop.client_id,
                         client=cognito_fake.client())

    tokens = client_side.set_new_password_challenge("Chosen-Passw0rd")

    assert "AccessToken" in tokens["AuthenticationResult"]
    assert log_in(shop.user_pool_id, shop.client_id, "newbie", "Chosen-Passw0rd") == (
        "Welcome, newbie")


def test_unknown_users_get_a_simulated_challenge(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    idp.update_user_pool_client(UserPoolId=shop.user_pool_id, ClientId=shop.client_id,
                                PreventUserExistenceErrors="ENABLED")

    def challenge_for(username: str) -> dict[str, str]:
        client_side = AWSSRP(username=username, password="x", pool_id=shop.user_pool_id,
                             client_id=shop.client_id, client=idp)
        return dict(idp.initiate_auth(
            ClientId=shop.client_id, AuthFlow="USER_SRP_AUTH",
            AuthParameters=client_side.get_auth_params())["ChallengeParameters"])

    ghost = challenge_for("ghost")
    # The same salt and the same made-up UUID for the same name, every time.
    assert challenge_for("ghost")["SALT"] == ghost["SALT"]
    assert challenge_for("ghost")["USER_ID_FOR_SRP"] == ghost["USER_ID_FOR_SRP"] != "ghost"
    # The answer fails like a wrong password would.
    assert log_in(shop.user_pool_id, shop.client_id, "ghost", "Passw0rd!") == (
        "Incorrect username or password.")


def test_a_slow_answer_is_refused(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_side = AWSSRP(username="zed", password="Passw0rd!", pool_id=shop.user_pool_id,
                         client_id=shop.client_id, client=idp)
    challenge = idp.initiate_auth(ClientId=shop.client_id, AuthFlow="USER_SRP_AUTH",
                                  AuthParameters=client_side.get_auth_params())

    cognito_fake.clock.advance(181)  # the client's AuthSessionValidity is 3 minutes

    proof = client_side.process_challenge(challenge["ChallengeParameters"],
                                          client_side.get_auth_params())
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(ClientId=shop.client_id,
                                      ChallengeName="PASSWORD_VERIFIER",
                                      ChallengeResponses=proof)
    assert excinfo.value.response["Error"]["Message"] == "Incorrect username or password."


def test_the_math_by_itself() -> None:
    stored = srp.verifier("eu-west-1_AbCdEf123", "alice", "Passw0rd!",
                          salt=0xC0FFEE00112233445566778899AABBCC)
    a = int("0123456789abcdef" * 16, 16)  # the client's secret
    exchange = srp.begin("alice", stored, a=pow(srp.G, a, srp.N),
                         b=int("fedcba9876543210" * 4, 16), secret_block=bytes(range(64)))
    assert exchange is not None

    key = srp.session_key(exchange.a, exchange.big_b, exchange.b, stored.v)

    assert key.hex() == "dd61127806f14f19511f8aa50546e7f3"
    signature = srp.claim_signature(key, "eu-west-1_AbCdEf123", "alice", bytes(range(64)),
                                    "Tue Nov 3 05:09:04 UTC 2026")
    assert signature == "iFhxi3EIzc2XbiStMdIVCyOz3OaViXVy2lzxzwtxQoQ="
    assert srp.canonical_timestamp("Tue Nov 03 05:09:04 UTC 2026") == (
        "Tue Nov 3 05:09:04 UTC 2026")
    assert srp.canonical_timestamp("Tue Nov 3 24:09:04 UTC 2026") is None
