"""The code of docs/tokens.md, run as tests."""

from __future__ import annotations

import base64
from typing import Any

import boto3
import jwt
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from jose import jwt as jose_jwt

from pytest_cognito_fake import CognitoFake

SHOP = {"user_pools": [{
    "PoolName": "shop",
    "clients": [{"ClientName": "web",
                 "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
    "groups": [{"GroupName": "staff"}],
    "users": [{"Username": "zed", "Password": "Passw0rd!", "Groups": ["staff"],
               "Attributes": {"email": "zed@example.com", "email_verified": "true"}}],
}]}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def sign_in(client: Any, client_id: str) -> dict[str, Any]:
    return dict(client.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "zed", "PASSWORD": "Passw0rd!"})["AuthenticationResult"])


def unverified(token: str) -> dict[str, Any]:
    """A token's claims, unchecked: for looking, never for trusting."""
    return dict(jwt.decode(token, options={"verify_signature": False}))


def test_what_a_sign_in_returns(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_900_000_000)
    shop = cognito_fake.seed(SHOP)[0]

    tokens = sign_in(idp, shop.client_id)

    assert (tokens["TokenType"], tokens["ExpiresIn"]) == ("Bearer", 3600)
    access, id_token = unverified(tokens["AccessToken"]), unverified(tokens["IdToken"])
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{shop.user_pool_id}"
    assert (access["iss"], access["token_use"], access["username"]) == (issuer, "access", "zed")
    assert (access["scope"], access["client_id"]) == (
        "aws.cognito.signin.user.admin", shop.client_id)
    assert (access["iat"], access["exp"]) == (1_900_000_000, 1_900_003_600)
    assert (id_token["token_use"], id_token["aud"], id_token["cognito:username"]) == (
        "id", shop.client_id, "zed")
    assert (id_token["email"], id_token["email_verified"]) == ("zed@example.com", True)
    assert access["cognito:groups"] == id_token["cognito:groups"] == ["staff"]
    assert access["origin_jti"] == id_token["origin_jti"]
    assert access["jti"] != id_token["jti"]


def verified_claims(token: str, *, region: str, user_pool_id: str, client_id: str,
                    token_use: str = "id") -> dict[str, Any]:
    """The code under test: how an API checks a Cognito token before trusting it."""
    issuer = f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
    signing_key = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json").get_signing_key_from_jwt(
        token)
    # Signature, expiry and issuer; the audience is checked below, as each token names it.
    claims = jwt.decode(token, signing_key, algorithms=["RS256"], issuer=issuer,
                        options={"verify_aud": False})
    if claims["token_use"] != token_use:
        raise jwt.InvalidTokenError(f"not an {token_use} token")
    if claims["aud" if token_use == "id" else "client_id"] != client_id:
        raise jwt.InvalidTokenError("issued to another app client")
    return dict(claims)


def test_the_api_accepts_the_pools_tokens(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    tokens = sign_in(idp, shop.client_id)
    where = {"region": "us-east-1", "user_pool_id": shop.user_pool_id,
             "client_id": shop.client_id}

    assert verified_claims(tokens["IdToken"], **where)["email"] == "zed@example.com"
    assert verified_claims(tokens["AccessToken"], token_use="access", **where)["username"] == (
        "zed")
    with pytest.raises(jwt.InvalidTokenError, match="not an id token"):
        verified_claims(tokens["AccessToken"], token_use="id", **where)


def test_python_jose_with_the_jwks_from_requests(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    tokens = sign_in(idp, shop.client_id)
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{shop.user_pool_id}"

    config = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
    jwks = requests.get(config["jwks_uri"], timeout=5).json()
    claims = jose_jwt.decode(tokens["IdToken"], jwks, algorithms=["RS256"],
                             audience=shop.client_id, issuer=issuer,
                             access_token=tokens["AccessToken"])

    assert claims["cognito:username"] == "zed"
    assert len(jwks["keys"]) == 2  # one key signs ID tokens, the other access tokens


def test_token_lifetimes_come_from_the_client(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    shop = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "clients": [{"ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
                     "AccessTokenValidity": 15, "TokenValidityUnits": {"AccessToken": "minutes"}}],
        "users": [{"Username": "zed", "Password": "Passw0rd!"}],
    }]})[0]
    tokens = sign_in(idp, shop.client_id)
    assert tokens["ExpiresIn"] == 900

    cognito_fake.clock.advance(15 * 60)

    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert excinfo.value.response["Error"] == {
        "Code": "NotAuthorizedException", "Message": "Access Token has expired"}


def test_tokens_signed_before_a_rotation_still_verify(idp: Any,
                                                      cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    before = sign_in(idp, shop.client_id)["IdToken"]

    keys = cognito_fake.rotate_keys(shop.user_pool_id)
    after = sign_in(idp, shop.client_id)["IdToken"]

    assert jwt.get_unverified_header(after)["kid"] == keys.id_token.kid
    assert jwt.get_unverified_header(before)["kid"] != keys.id_token.kid
    where = {"region": "us-east-1", "user_pool_id": shop.user_pool_id,
             "client_id": shop.client_id}
    for token in (before, after):
        assert verified_claims(token, **where)["cognito:username"] == "zed"


def test_refresh_tokens_renew_a_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    first = sign_in(idp, shop.client_id)

    renewed = idp.initiate_auth(
        ClientId=shop.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})["AuthenticationResult"]

    assert "RefreshToken" not in renewed  # no rotation: the refresh token stays the same
    assert unverified(renewed["AccessToken"])["origin_jti"] == (
        unverified(first["AccessToken"])["origin_jti"])
    assert first["RefreshToken"].count(".") == 4  # opaque, not a JWT you can read
    with pytest.raises(jwt.DecodeError):
        unverified(first["RefreshToken"])


def test_refresh_token_rotation(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze()
    shop = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "clients": [{"ClientName": "web",
                     "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                     "RefreshTokenRotation": {"Feature": "ENABLED",
                                              "RetryGracePeriodSeconds": 10}}],
        "users": [{"Username": "zed", "Password": "Passw0rd!"}],
    }]})[0]
    old = sign_in(idp, shop.client_id)["RefreshToken"]

    rotated = idp.get_tokens_from_refresh_token(ClientId=shop.client_id, RefreshToken=old)
    new = rotated["AuthenticationResult"]["RefreshToken"]

    assert new != old
    cognito_fake.clock.advance(10)  # past the grace period
    with pytest.raises(ClientError) as excinfo:
        idp.get_tokens_from_refresh_token(ClientId=shop.client_id, RefreshToken=old)
    assert excinfo.value.response["Error"]["Code"] == "RefreshTokenReuseException"
    idp.get_tokens_from_refresh_token(ClientId=shop.client_id, RefreshToken=new)


def test_signing_out_revokes_tokens(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    phone, laptop = sign_in(idp, shop.client_id), sign_in(idp, shop.client_id)

    idp.revoke_token(Token=phone["RefreshToken"], ClientId=shop.client_id)

    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=phone["AccessToken"])
    assert excinfo.value.response["Error"]["Message"] == "Access Token has been revoked"
    assert idp.get_user(AccessToken=laptop["AccessToken"])["Username"] == "zed"

    idp.global_sign_out(AccessToken=laptop["AccessToken"])

    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=shop.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": laptop["RefreshToken"]})
    assert excinfo.value.response["Error"]["Message"] == "Refresh Token has been revoked"
    # An ID token is not checked with Cognito: it verifies until it expires.
    where = {"region": "us-east-1", "user_pool_id": shop.user_pool_id,
             "client_id": shop.client_id}
    assert verified_claims(laptop["IdToken"], **where)["cognito:username"] == "zed"


def test_a_user_changes_their_email(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop", "AutoVerifiedAttributes": ["email"],
        "clients": [{"ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]}],
        "users": [{"Username": "zed", "Password": "Passw0rd!",
                   "Attributes": {"email": "zed@example.com", "email_verified": "true"}}],
    }]})[0]
    token = sign_in(idp, shop.client_id)["AccessToken"]

    sent = idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "zed@example.org"}])

    assert sent["CodeDeliveryDetailsList"] == [
        {"Destination": "z***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}]
    code = cognito_fake.outbox.last("zed").code
    assert code is not None
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    attributes = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=token)["UserAttributes"]}
    assert (attributes["email"], attributes["email_verified"]) == ("zed@example.org", "true")


def test_the_signing_certificate(idp: Any, cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]

    body = idp.get_signing_certificate(UserPoolId=shop.user_pool_id)["Certificate"]

    certificate = x509.load_der_x509_certificate(base64.b64decode(body))
    assert certificate.subject.rfc4514_string() == f"CN={shop.user_pool_id}"
    assert certificate.public_key().public_numbers() == (
        cognito_fake.keys.for_pool(shop.user_pool_id).id_token.private_key.public_key()
        .public_numbers())
