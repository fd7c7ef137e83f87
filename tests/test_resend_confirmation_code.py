"""ResendConfirmationCode through boto3 (and raw HTTP): new codes, budget, refusals, trigger."""

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
    CUSTOM_MESSAGE,
    LIMIT,
    MISMATCH,
    NOT_FOUND,
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

NOT_TURNED_ON = ("InvalidParameterException",
                 "Cannot resend codes. Auto verification not turned on", 400)
ALREADY_CONFIRMED = ("InvalidParameterException", "User is already confirmed.", 400)


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


@pytest.fixture
def verified(idp: Any) -> tuple[str, str]:
    return pool_and_client(idp, AutoVerifiedAttributes=["email"])


def resend(idp: Any, client_id: str, username: str = "zed", **extra: Any) -> dict[str, Any]:
    return dict(idp.resend_confirmation_code(ClientId=client_id, Username=username, **extra))


def last_code(fake: CognitoFake) -> str:
    code = fake.outbox.last().code
    assert code is not None
    return code


def test_resend_sends_a_new_code_and_voids_the_old(idp: Any, cognito_fake: CognitoFake,
                                                    verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    old = last_code(cognito_fake)
    answer = resend(idp, client_id)
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.to, sent.body) == (
        "resend_code", "zed@example.com", f"Your verification code is {sent.code}.")
    new = last_code(cognito_fake)
    assert new != old  # the per-test seed makes this draw the same every run
    assert fails(idp.confirm_sign_up, ClientId=client_id, Username="zed",
                 ConfirmationCode=old) == MISMATCH
    idp.confirm_sign_up(ClientId=client_id, Username="zed", ConfirmationCode=new)
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"


def test_a_resent_code_has_a_fresh_day(idp: Any, cognito_fake: CognitoFake,
                                       verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    cognito_fake.clock.freeze()
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    cognito_fake.clock.advance(23 * 3600)
    resend(idp, client_id)
    cognito_fake.clock.advance(23 * 3600)
    idp.confirm_sign_up(ClientId=client_id, Username="zed",
                        ConfirmationCode=last_code(cognito_fake))
    assert user_of(idp, pool_id, "zed")["status"] == "CONFIRMED"


def test_five_codes_an_hour(idp: Any, cognito_fake: CognitoFake,
                            verified: tuple[str, str]) -> None:
    _, client_id = verified
    cognito_fake.clock.freeze()
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    for _ in range(5):
        resend(idp, client_id)
        cognito_fake.clock.advance(60)
    sent = len(cognito_fake.outbox)
    assert fails(resend, idp, client_id) == LIMIT
    assert len(cognito_fake.outbox) == sent
    # The first resend leaves the window an hour after it was made.
    cognito_fake.clock.advance(3600 - 5 * 60)
    resend(idp, client_id)


def test_confirmed_user(idp: Any, cognito_fake: CognitoFake, verified: tuple[str, str]) -> None:
    pool_id, client_id = verified
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="zed")
    assert fails(resend, idp, client_id) == ALREADY_CONFIRMED


def test_pool_without_auto_verification(idp: Any) -> None:
    _, client_id = pool_and_client(idp)
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    assert fails(resend, idp, client_id) == NOT_TURNED_ON


def test_user_without_an_auto_verified_attribute(idp: Any, verified: tuple[str, str]) -> None:
    _, client_id = verified
    sign_up(idp, client_id, UserAttributes=attrs(phone_number="+12065551212"))
    assert fails(resend, idp, client_id) == NOT_TURNED_ON


def test_unknown_and_disabled_users(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, AutoVerifiedAttributes=["email"])
    legacy = make_client(idp, pool_id)
    enabled = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    assert fails(resend, idp, legacy, "nobody") == NOT_FOUND
    sign_up(idp, legacy, UserAttributes=attrs(email="zed@example.com"))
    idp.admin_disable_user(UserPoolId=pool_id, Username="zed")
    assert fails(resend, idp, legacy) == ("NotAuthorizedException", "User is disabled.", 400)
    sent = len(cognito_fake.outbox)

    # ENABLED: a simulated delivery, stable per username, and nothing sent [AWS-DOC].
    disabled = resend(idp, enabled)["CodeDeliveryDetails"]
    nobody = resend(idp, enabled, "nobody")["CodeDeliveryDetails"]
    assert nobody == resend(idp, enabled, "nobody")["CodeDeliveryDetails"]
    for details in (disabled, nobody):
        assert (details["DeliveryMedium"], details["AttributeName"]) == ("EMAIL", "email")
        assert details["Destination"].endswith("***")
    assert resend(idp, enabled, "ann@example.com")["CodeDeliveryDetails"] == {
        "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert len(cognito_fake.outbox) == sent


def test_simulated_delivery_follows_the_pool_settings(idp: Any) -> None:
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["phone_number"],
                                   client={"PreventUserExistenceErrors": "ENABLED"})
    details = resend(idp, client_id, "nobody")["CodeDeliveryDetails"]
    assert (details["DeliveryMedium"], details["AttributeName"]) == ("SMS", "phone_number")
    assert details["Destination"].startswith("+******")


def test_secret_hash(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, AutoVerifiedAttributes=["email"])
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="s",
                                         GenerateSecret=True)["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    good = secret_hash(secret, "zed", client_id)
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"), SecretHash=good)
    assert fails(resend, idp, client_id) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received", 400)
    assert fails(resend, idp, client_id, SecretHash=secret_hash(secret, "ann", client_id)) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}", 400)
    assert resend(idp, client_id, SecretHash=good)["CodeDeliveryDetails"]["AttributeName"] == \
        "email"


def test_custom_message_resend_code(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))
    sub = user_of(idp, pool_id, "zed")["sub"]
    events: list[dict[str, Any]] = []
    cognito_fake.lambdas.register(CUSTOM_MESSAGE, recorder(events, emailMessage="Again: {####}"))
    idp.update_user_pool(UserPoolId=pool_id, AutoVerifiedAttributes=["email"],
                         LambdaConfig={"CustomMessage": CUSTOM_MESSAGE})
    resend(idp, client_id, ClientMetadata={"retry": "1"})
    assert events == [{
        "version": "1", "region": "us-east-1", "userPoolId": pool_id, "userName": "zed",
        "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
        "triggerSource": "CustomMessage_ResendCode",
        "request": {"userAttributes": {"sub": sub, "email": "zed@example.com",
                                       "cognito:user_status": "UNCONFIRMED"},
                    "codeParameter": "{####}", "linkParameter": "{##Click Here##}",
                    "usernameParameter": None, "clientMetadata": {"retry": "1"}},
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }]
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.body) == ("resend_code", f"Again: {sent.code}")


def test_raw_http_resend_confirmation_code(cognito_fake: CognitoFake) -> None:
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    _, client_id = pool_and_client(idp, AutoVerifiedAttributes=["email"])
    sign_up(idp, client_id, UserAttributes=attrs(email="zed@example.com"))

    def post(body: dict[str, Any]) -> requests.Response:
        return requests.post("https://cognito-idp.us-east-1.amazonaws.com/", headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ResendConfirmationCode",
            "Content-Type": "application/x-amz-json-1.1"}, data=json.dumps(body), timeout=5)

    ok = post({"ClientId": client_id, "Username": "zed"})
    assert (ok.status_code, ok.json()) == (200, {"CodeDeliveryDetails": {
        "Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}})
    missing = post({"ClientId": client_id, "Username": "nobody"})
    assert (missing.status_code, missing.json()) == (
        400, {"__type": NOT_FOUND[0], "message": NOT_FOUND[1]})
