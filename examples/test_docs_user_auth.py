"""The code of the choice-based sign-in (USER_AUTH) section of docs/sign-in.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake

SHOP = {"user_pools": [{
    "PoolName": "shop",
    "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    "clients": [{"ClientName": "web",
                 "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
    "users": [
        {"Username": "zed", "Password": "Passw0rd!",
         "Attributes": {"email": "zed@example.com", "email_verified": "true"}},
        # No password: this user signs in with codes only.
        {"Username": "pat", "UserStatus": "CONFIRMED",
         "Attributes": {"email": "pat@example.com", "email_verified": "true"}},
    ],
}]}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def test_the_choice_then_a_password(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_id = shop.client_ids["web"]

    choice = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_AUTH",
                               AuthParameters={"USERNAME": "zed"})
    assert choice["ChallengeName"] == "SELECT_CHALLENGE"
    assert choice["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]

    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="SELECT_CHALLENGE", Session=choice["Session"],
        ChallengeResponses={"USERNAME": "zed", "ANSWER": "PASSWORD", "PASSWORD": "Passw0rd!"})
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"


def test_a_code_by_email(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_id = shop.client_ids["web"]

    challenge = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_AUTH",
                                  AuthParameters={"USERNAME": "pat",
                                                  "PREFERRED_CHALLENGE": "EMAIL_OTP"})
    assert challenge["ChallengeName"] == "EMAIL_OTP"
    assert challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "p***@e***"

    email = cognito_fake.outbox.last("pat")
    assert email.body == f"Your authentication code is {email.code}."  # 8 digits

    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="EMAIL_OTP", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "pat", "EMAIL_OTP_CODE": email.code})
    factors = idp.get_user_auth_factors(AccessToken=tokens["AuthenticationResult"]["AccessToken"])
    assert factors["ConfiguredUserAuthFactors"] == ["EMAIL_OTP"]


def test_a_preference_the_user_cannot_use(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    client_id = shop.client_ids["web"]

    # pat has no password: asking for one gives the choice instead of an error.
    choice = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_AUTH",
                               AuthParameters={"USERNAME": "pat",
                                               "PREFERRED_CHALLENGE": "PASSWORD",
                                               "PASSWORD": "Passw0rd!"})
    assert choice["ChallengeName"] == "SELECT_CHALLENGE"
    assert choice["AvailableChallenges"] == ["EMAIL_OTP"]

    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="SELECT_CHALLENGE", Session=choice["Session"],
            ChallengeResponses={"USERNAME": "pat", "ANSWER": "PASSWORD",
                                "PASSWORD": "Passw0rd!"})
    assert excinfo.value.response["Error"]["Message"] == (
        "The selected challenge is not available for the user.")
