"""ConfirmSignUp through boto3 (and raw HTTP): codes, expiry, budget, aliases, trigger."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows.client_auth import secret_hash
from tests.test_signup import (
    EXPIRED,
    LIMIT,
    MISMATCH,
    NOT_FOUND,
    POST_CONFIRMATION,
    SDK,
    attrs,
    fails,
    make_client,
    make_pool,
    pool_and_client,
    recorder,
    sign_up,
    user_of,
)


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def signed_up(idp: Any, fake: CognitoFake, client_id: str, username: str = "zed",
              email: str = "zed@example.com") -> str:
    """Sign ``username`` up with ``email`` and return the code it was sent."""
    sign_up(idp, client_id, username, UserAttributes=attrs(email=email))
    code = fake.outbox.last().code
    assert code is not None
    return code


def confirm(idp: Any, client_id: str, code: str, username: str = "zed", **extra: Any) -> Any:
    return idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code,
                               **extra)


def wrong(code: str) -> str:
    """A six-digit code that is not ``code``."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def verified(idp: Any) -> tuple[str, str]:
    return pool_and_client(idp, AutoVerifiedAttributes=["email"])


def test_confirm_sign_up(idp: Any, cognito_fake: CognitoFake, verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    code = signed_up(idp, cognito_fake, client_id)
    answer = confirm(idp, client_id, code)
    assert set(answer) == {"ResponseMetadata"}
    user = user_of(idp, pool_id, "zed")
    assert (user["status"], user["email_verified"]) == ("CONFIRMED", "true")
    assert fails(confirm, idp, client_id, code) == (
        "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED", 400)


def test_wrong_code(idp: Any, cognito_fake: CognitoFake, verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    code = signed_up(idp, cognito_fake, client_id)
    assert fails(confirm, idp, client_id, wrong(code)) == MISMATCH
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"
    confirm(idp, client_id, code)


def test_code_expires_after_24_hours(idp: Any, cognito_fake: CognitoFake,
                                     verified: tuple[str, str]) -> None:
    _, client_id = verified
    cognito_fake.clock.freeze()
    code = signed_up(idp, cognito_fake, client_id)
    cognito_fake.clock.advance(24 * 3600)
    assert fails(confirm, idp, client_id, code) == EXPIRED
    # Any code, right or wrong, once it expired.
    assert fails(confirm, idp, client_id, wrong(code)) == EXPIRED


def test_code_is_good_just_before_24_hours(idp: Any, cognito_fake: CognitoFake,
                                           verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    cognito_fake.clock.freeze()
    code = signed_up(idp, cognito_fake, client_id)
    cognito_fake.clock.advance(24 * 3600 - 1)
    confirm(idp, client_id, code)
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"


def test_no_code_was_ever_sent(idp: Any) -> None:
    _, client_id = pool_and_client(idp)  # nothing auto-verified: no code goes out
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    assert fails(confirm, idp, client_id, "123456") == EXPIRED


def test_unknown_user_legacy_and_enabled(idp: Any) -> None:
    pool_id, legacy = pool_and_client(idp)
    enabled = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    assert fails(confirm, idp, legacy, "123456", "nobody") == NOT_FOUND
    assert fails(confirm, idp, enabled, "123456", "nobody") == MISMATCH


def test_disabled_user(idp: Any, cognito_fake: CognitoFake, verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    code = signed_up(idp, cognito_fake, client_id)
    idp.admin_disable_user(UserPoolId=pool_id, Username="zed")
    assert fails(confirm, idp, client_id, code) == (
        "NotAuthorizedException", "User is disabled.", 400)


def test_secret_hash(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, AutoVerifiedAttributes=["email"])
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="s",
                                         GenerateSecret=True)["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"),
            SecretHash=secret_hash(secret, "zed", client_id))
    code = cognito_fake.outbox.last().code
    assert code is not None
    assert fails(confirm, idp, client_id, code) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received", 400)
    assert fails(confirm, idp, client_id, code, SecretHash="d3Jvbmc=") == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}", 400)
    confirm(idp, client_id, code, SecretHash=secret_hash(secret, "zed", client_id))
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"


def test_fifteen_calls_an_hour(idp: Any, cognito_fake: CognitoFake,
                               verified: tuple[str, str]) -> None:
    _, client_id = verified
    cognito_fake.clock.freeze()
    code = signed_up(idp, cognito_fake, client_id)
    for _ in range(15):
        assert fails(confirm, idp, client_id, wrong(code)) == MISMATCH
    # The budget is spent: even the right code is refused, and refusals don't extend it.
    assert fails(confirm, idp, client_id, code) == LIMIT
    cognito_fake.clock.advance(3599)
    assert fails(confirm, idp, client_id, code) == LIMIT
    cognito_fake.clock.advance(1)
    confirm(idp, client_id, code)


def test_email_as_username_confirms_by_email(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = pool_and_client(idp, UsernameAttributes=["email"],
                                         AutoVerifiedAttributes=["email"])
    sign_up(idp, client_id, "zed@example.com")
    code = cognito_fake.outbox.last().code
    assert code is not None
    confirm(idp, client_id, code, "ZED@example.com")
    user = user_of(idp, pool_id, "zed@example.com")
    assert (user["status"], user["email_verified"]) == ("CONFIRMED", "true")


def test_phone_code_verifies_the_phone(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["phone_number", "email"])
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com",
                                                 phone_number="+12065551212"))
    code = cognito_fake.outbox.last().code
    assert code is not None
    confirm(idp, client_id, code)
    user = user_of(idp, pool_id, "zed")
    assert user["phone_number_verified"] == "true"
    assert "email_verified" not in user


def test_an_address_changed_since_the_code_stays_unverified(idp: Any, cognito_fake: CognitoFake,
                                                           verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    code = signed_up(idp, cognito_fake, client_id)
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="zed",
                                     UserAttributes=attrs(email="new@example.com"))
    confirm(idp, client_id, code)
    user = user_of(idp, pool_id, "zed")
    assert (user["status"], user["email"], user["email_verified"]) == (
        "CONFIRMED", "new@example.com", "false")


# -- aliases --------------------------------------------------------------------------------------


def _alias_pool(idp: Any) -> tuple[str, str]:
    pool_id, client_id = pool_and_client(idp, AliasAttributes=["email"],
                                         AutoVerifiedAttributes=["email"])
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          UserAttributes=attrs(email="same@example.com", email_verified="true"))
    return pool_id, client_id


def test_alias_exists(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _alias_pool(idp)
    code = signed_up(idp, cognito_fake, client_id, email="same@example.com")
    assert fails(confirm, idp, client_id, code) == (
        "AliasExistsException", "An account with the email already exists.", 400)
    assert user_of(idp, pool_id, "zed")["status"] == "UNCONFIRMED"
    assert user_of(idp, pool_id, "same@example.com")["username"] == "ann"
    # The refusal left the code usable: the same code still reaches the alias check.
    assert fails(confirm, idp, client_id, code, ForceAliasCreation=False) == (
        "AliasExistsException", "An account with the email already exists.", 400)


def test_force_alias_creation_moves_the_alias(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _alias_pool(idp)
    code = signed_up(idp, cognito_fake, client_id, email="same@example.com")
    confirm(idp, client_id, code, ForceAliasCreation=True)
    zed = user_of(idp, pool_id, "same@example.com")
    assert (zed["username"], zed["status"], zed["email_verified"]) == (
        "zed", "CONFIRMED", "true")
    assert user_of(idp, pool_id, "ann")["email_verified"] == "false"


# -- PostConfirmation -----------------------------------------------------------------------------


def test_post_confirmation_event(idp: Any, cognito_fake: CognitoFake) -> None:
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(POST_CONFIRMATION, recorder(events))
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"PostConfirmation": POST_CONFIRMATION})
    code = signed_up(idp, cognito_fake, client_id)
    sub = user_of(idp, pool_id, "zed")["sub"]
    confirm(idp, client_id, code, ClientMetadata={"plan": "free"})
    assert events == [{
        "version": "1", "region": "us-east-1", "userPoolId": pool_id, "userName": "zed",
        "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "request": {"userAttributes": {"sub": sub, "email": "zed@example.com",
                                       "email_verified": "true",
                                       "cognito:user_status": "CONFIRMED"},
                    "clientMetadata": {"plan": "free"}},
        "response": {},
    }]


def test_post_confirmation_failure_leaves_the_user_confirmed(idp: Any,
                                                            cognito_fake: CognitoFake) -> None:
    def broken(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("callback is not a function")

    cognito_fake.lambdas.register(POST_CONFIRMATION, broken)
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"],
                                         LambdaConfig={"PostConfirmation": POST_CONFIRMATION})
    code = signed_up(idp, cognito_fake, client_id)
    assert fails(confirm, idp, client_id, code) == (
        "UserLambdaValidationException",
        "PostConfirmation failed with error callback is not a function.", 400)
    user = user_of(idp, pool_id, "zed")
    assert (user["status"], user["email_verified"]) == ("CONFIRMED", "true")


def test_raw_http_confirm_sign_up(cognito_fake: CognitoFake) -> None:
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    code = signed_up(idp, cognito_fake, client_id)

    def post(body: dict[str, Any]) -> requests.Response:
        return requests.post("https://cognito-idp.us-east-1.amazonaws.com/", headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ConfirmSignUp",
            "Content-Type": "application/x-amz-json-1.1"}, data=json.dumps(body), timeout=5)

    bad = post({"ClientId": client_id, "Username": "zed", "ConfirmationCode": wrong(code)})
    assert (bad.status_code, bad.json()) == (400, {"__type": MISMATCH[0], "message": MISMATCH[1]})
    ok = post({"ClientId": client_id, "Username": "zed", "ConfirmationCode": code})
    assert (ok.status_code, ok.json()) == (200, {})
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"
