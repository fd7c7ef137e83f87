"""ID and access tokens as Cognito issues them (cognito-errors.md §4), checked through boto3
sign-ins and verified the way applications verify them: PyJWT's ``PyJWKClient`` (over urllib),
python-jose with the JWKS fetched through ``requests``, and the OpenID configuration."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import boto3
import jwt
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from jose import jwt as jose_jwt

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of

PASSWORD = "Passw0rd!"
FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
#: 2030-01-01T00:00:00Z, a whole second, so iat/exp are exact.
T0 = 1893456000


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region,
                        config=Config(retries={"total_max_attempts": 1}))


def make_pool(idp: Any, **settings: Any) -> str:
    return str(idp.create_user_pool(PoolName="tokens", **settings)["UserPool"]["Id"])


def make_client(idp: Any, pool: str, **settings: Any) -> str:
    settings.setdefault("ExplicitAuthFlows", list(FLOWS))
    return str(idp.create_user_pool_client(UserPoolId=pool, ClientName="app",
                                           **settings)["UserPoolClient"]["ClientId"])


def make_user(idp: Any, pool: str, username: str = "bob", **attributes: str) -> None:
    idp.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
    idp.admin_set_user_password(UserPoolId=pool, Username=username, Password=PASSWORD,
                                Permanent=True)


def sign_in(idp: Any, client: str, username: str = "bob", *, pool: str | None = None
            ) -> dict[str, Any]:
    """USER_PASSWORD_AUTH, or ADMIN_USER_PASSWORD_AUTH when ``pool`` is given."""
    parameters = {"USERNAME": username, "PASSWORD": PASSWORD}
    if pool is None:
        response = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters=parameters)
    else:
        response = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client,
                                           AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                           AuthParameters=parameters)
    assert response["ChallengeParameters"] == {}
    return dict(response["AuthenticationResult"])


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def header(token: str) -> dict[str, Any]:
    return dict(jwt.get_unverified_header(token))


def jwks_url(region: str, pool: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json"


def refresh(idp: Any, client: str, refresh_token: str) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": refresh_token}
                                  )["AuthenticationResult"])


# -- claims ------------------------------------------------------------------------------------


@pytest.mark.parametrize("admin", [False, True], ids=["InitiateAuth", "AdminInitiateAuth"])
def test_claims_of_the_access_and_id_tokens(idp: Any, cognito_fake: CognitoFake,
                                            admin: bool) -> None:
    cognito_fake.clock.freeze(T0)
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool, email="bob@example.com", email_verified="true", name="Bob")
    sub = idp.admin_get_user(UserPoolId=pool, Username="bob")["UserAttributes"][0]["Value"]

    result = sign_in(idp, client, pool=pool if admin else None)

    assert (result["TokenType"], result["ExpiresIn"]) == ("Bearer", 3600)
    issuer = f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/{pool}"
    access, id_token = claims(result["AccessToken"]), claims(result["IdToken"])
    assert access == {
        "sub": sub, "iss": issuer, "client_id": client,
        "origin_jti": access["origin_jti"], "event_id": access["event_id"],
        "token_use": "access", "scope": "aws.cognito.signin.user.admin",
        "auth_time": T0, "exp": T0 + 3600, "iat": T0, "jti": access["jti"], "username": "bob",
    }
    assert id_token == {
        "sub": sub, "email_verified": True, "email": "bob@example.com", "name": "Bob",
        "iss": issuer, "cognito:username": "bob", "origin_jti": access["origin_jti"],
        "aud": client, "event_id": access["event_id"], "token_use": "id",
        "auth_time": T0, "exp": T0 + 3600, "iat": T0, "jti": id_token["jti"],
    }
    for value in (access["jti"], id_token["jti"], access["origin_jti"], access["event_id"]):
        assert str(uuid.UUID(value)) == value
    assert header(result["AccessToken"])["alg"] == header(result["IdToken"])["alg"] == "RS256"


def test_iat_and_exp_follow_the_fake_clock(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(T0)
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    cognito_fake.clock.advance(12_345.75)

    access = claims(sign_in(idp, client)["AccessToken"])

    assert (access["iat"], access["auth_time"], access["exp"]) == (
        T0 + 12_345, T0 + 12_345, T0 + 12_345 + 3600)


def test_validity_and_units_of_the_client(idp: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(T0)
    pool = make_pool(idp)
    client = make_client(idp, pool, AccessTokenValidity=30, IdTokenValidity=2,
                         RefreshTokenValidity=90,
                         TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours",
                                             "RefreshToken": "minutes"})
    make_user(idp, pool)

    result = sign_in(idp, client)

    assert result["ExpiresIn"] == 1800
    assert claims(result["AccessToken"])["exp"] == T0 + 1800
    assert claims(result["IdToken"])["exp"] == T0 + 7200
    cognito_fake.clock.advance(90 * 60 - 1)
    refresh(idp, client, result["RefreshToken"])
    cognito_fake.clock.advance(1)
    with pytest.raises(ClientError) as excinfo:
        refresh(idp, client, result["RefreshToken"])
    assert error_of(excinfo) == ("NotAuthorizedException", "Refresh Token has expired", 400)


def test_read_attributes_limit_the_id_token(idp: Any) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool, ReadAttributes=["email", "name"])
    make_user(idp, pool, email="bob@example.com", email_verified="true", name="Bob",
              family_name="Builder")

    id_token = claims(sign_in(idp, client)["IdToken"])

    assert {k: id_token[k] for k in ("email", "name")} == {
        "email": "bob@example.com", "name": "Bob"}
    assert "family_name" not in id_token and "email_verified" not in id_token
    assert id_token["cognito:username"] == "bob"


def test_custom_attributes_are_strings_and_developer_ones_hidden(idp: Any) -> None:
    pool = make_pool(idp, Schema=[
        {"Name": "tier", "AttributeDataType": "Number", "Mutable": True},
        {"Name": "beta", "AttributeDataType": "Boolean", "Mutable": True},
        {"Name": "team", "AttributeDataType": "String", "Mutable": True},
        {"Name": "secret", "AttributeDataType": "String", "DeveloperOnlyAttribute": True}])
    client = make_client(idp, pool)
    make_user(idp, pool, **{"custom:tier": "3", "custom:beta": "true", "custom:team": "blue",
                            "dev:custom:secret": "s3", "phone_number": "+15550100",
                            "phone_number_verified": "false", "updated_at": "1700000000"})

    id_token = claims(sign_in(idp, client)["IdToken"])

    assert (id_token["custom:tier"], id_token["custom:beta"], id_token["custom:team"]) == (
        "3", "true", "blue")
    assert (id_token["phone_number_verified"], id_token["updated_at"]) == (False, 1700000000)
    assert not [k for k in id_token if k.startswith("dev:")]


def test_groups_by_precedence_in_both_tokens(idp: Any) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    for name, precedence in (("readers", 5), ("admins", 1), ("zeta", 5)):
        idp.create_group(UserPoolId=pool, GroupName=name, Precedence=precedence)
        idp.admin_add_user_to_group(UserPoolId=pool, Username="bob", GroupName=name)

    result = sign_in(idp, client)

    for token in (result["AccessToken"], result["IdToken"]):
        assert claims(token)["cognito:groups"] == ["admins", "readers", "zeta"]


def test_email_as_username(idp: Any) -> None:
    pool = make_pool(idp, UsernameAttributes=["email"])
    client = make_client(idp, pool)
    make_user(idp, pool, "ann@example.com")
    sub = idp.admin_get_user(UserPoolId=pool, Username="ann@example.com")["Username"]

    result = sign_in(idp, client, "ann@example.com")

    access, id_token = claims(result["AccessToken"]), claims(result["IdToken"])
    assert (access["username"], access["sub"]) == (sub, sub)
    assert "email" not in access
    assert (id_token["cognito:username"], id_token["email"]) == (sub, "ann@example.com")


def test_jti_unique_and_origin_jti_per_sign_in(idp: Any) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)

    first, second = sign_in(idp, client), sign_in(idp, client)

    jtis = [claims(r[k])["jti"] for r in (first, second) for k in ("AccessToken", "IdToken")]
    assert len(set(jtis)) == 4
    origins = {k: claims(first[k])["origin_jti"] for k in ("AccessToken", "IdToken")}
    assert origins["AccessToken"] == origins["IdToken"]
    assert claims(second["AccessToken"])["origin_jti"] != origins["AccessToken"]


@pytest.mark.parametrize("how", ["REFRESH_TOKEN_AUTH", "GetTokensFromRefreshToken"])
def test_a_refresh_keeps_origin_jti_and_auth_time(idp: Any, cognito_fake: CognitoFake,
                                                  how: str) -> None:
    cognito_fake.clock.freeze(T0)
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    first = sign_in(idp, client)
    cognito_fake.clock.advance(1800)

    if how == "REFRESH_TOKEN_AUTH":
        again = refresh(idp, client, first["RefreshToken"])
    else:
        again = dict(idp.get_tokens_from_refresh_token(
            ClientId=client, RefreshToken=first["RefreshToken"])["AuthenticationResult"])

    assert "RefreshToken" not in again
    for kind in ("AccessToken", "IdToken"):
        before, after = claims(first[kind]), claims(again[kind])
        assert after["origin_jti"] == before["origin_jti"]
        assert after["jti"] != before["jti"]
        assert (after["auth_time"], after["iat"], after["exp"]) == (
            T0, T0 + 1800, T0 + 1800 + 3600)


# -- keys --------------------------------------------------------------------------------------


def test_distinct_kids_for_id_and_access_tokens_and_per_pool(idp: Any,
                                                             cognito_fake: CognitoFake) -> None:
    kids = []
    for _ in range(2):
        pool = make_pool(idp)
        client = make_client(idp, pool)
        make_user(idp, pool)
        result = sign_in(idp, client)
        pair = (header(result["IdToken"])["kid"], header(result["AccessToken"])["kid"])
        published = [k["kid"] for k in requests.get(
            jwks_url(cognito_fake.region, pool), timeout=5).json()["keys"]]
        assert sorted(published) == sorted(pair)
        kids += pair
    assert len(set(kids)) == 4
    for kid in kids:
        assert len(base64.b64decode(kid)) == 32


def test_pyjwt_verifies_both_tokens_through_urllib(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool, email="bob@example.com")
    result = sign_in(idp, client)
    issuer = f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/{pool}"
    jwks = jwt.PyJWKClient(jwks_url(cognito_fake.region, pool))

    id_token = jwt.decode(result["IdToken"], jwks.get_signing_key_from_jwt(result["IdToken"]),
                          algorithms=["RS256"], audience=client, issuer=issuer)
    access = jwt.decode(result["AccessToken"],
                        jwks.get_signing_key_from_jwt(result["AccessToken"]),
                        algorithms=["RS256"], issuer=issuer)

    assert (id_token["email"], access["client_id"]) == ("bob@example.com", client)


def test_a_token_altered_or_of_another_key_fails_verification(idp: Any,
                                                              cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    token = sign_in(idp, client)["AccessToken"]
    head, body, signature = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    forged["username"] = "mallory"
    altered = ".".join([head, base64.urlsafe_b64encode(
        json.dumps(forged).encode()).decode().rstrip("="), signature])
    jwks = jwt.PyJWKClient(jwks_url(cognito_fake.region, pool))

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(altered, jwks.get_signing_key_from_jwt(altered), algorithms=["RS256"])


def test_python_jose_verifies_with_the_jwks_fetched_through_requests(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool, email="bob@example.com")
    result = sign_in(idp, client)
    response = requests.get(jwks_url(cognito_fake.region, pool), timeout=5)
    assert response.status_code == 200

    id_token = jose_jwt.decode(result["IdToken"], response.json(), algorithms=["RS256"],
                               audience=client, access_token=result["AccessToken"])

    assert id_token["cognito:username"] == "bob"
    key = next(k for k in response.json()["keys"] if k["kid"] ==
               header(result["AccessToken"])["kid"])
    assert jose_jwt.decode(result["AccessToken"], key, algorithms=["RS256"])["username"] == "bob"


def test_openid_configuration_points_at_the_jwks(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp)
    issuer = f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/{pool}"

    document = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()

    assert document["issuer"] == issuer
    assert document["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert requests.get(document["jwks_uri"], timeout=5).json()["keys"]


def test_rotated_keys_sign_new_tokens_and_old_ones_still_verify(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    old = sign_in(idp, client)

    keys = cognito_fake.rotate_keys(pool)
    new = sign_in(idp, client)

    assert header(new["IdToken"])["kid"] == keys.id_token.kid
    assert header(new["AccessToken"])["kid"] == keys.access_token.kid
    assert header(old["IdToken"])["kid"] != keys.id_token.kid
    jwks = jwt.PyJWKClient(jwks_url(cognito_fake.region, pool), cache_jwk_set=False)
    for result in (old, new):
        for kind in ("IdToken", "AccessToken"):
            token = result[kind]
            jwt.decode(token, jwks.get_signing_key_from_jwt(token), algorithms=["RS256"],
                       options={"verify_aud": False})
    assert idp.get_user(AccessToken=old["AccessToken"])["Username"] == "bob"
    assert cognito_fake.keys.for_pool(pool) is keys
    with pytest.raises(ValueError, match="holds no user pool"):
        cognito_fake.rotate_keys("us-east-1_nothere")


# -- refresh tokens ----------------------------------------------------------------------------


def test_refresh_tokens_are_opaque(idp: Any) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)

    token = sign_in(idp, client)["RefreshToken"]

    segments = token.split(".")
    assert len(segments) == 5
    first = json.loads(base64.urlsafe_b64decode(segments[0] + "=" * (-len(segments[0]) % 4)))
    assert first == {"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"}
    with pytest.raises(jwt.DecodeError):
        jwt.decode(token, options={"verify_signature": False})
    assert token != sign_in(idp, client)["RefreshToken"]


def test_a_revoked_refresh_token_and_its_access_tokens_stop_working(idp: Any) -> None:
    pool = make_pool(idp)
    client = make_client(idp, pool)
    make_user(idp, pool)
    kept, revoked = sign_in(idp, client), sign_in(idp, client)
    refreshed = refresh(idp, client, revoked["RefreshToken"])

    idp.revoke_token(Token=revoked["RefreshToken"], ClientId=client)

    with pytest.raises(ClientError) as refresh_error:
        refresh(idp, client, revoked["RefreshToken"])
    assert error_of(refresh_error) == (
        "NotAuthorizedException", "Refresh Token has been revoked", 400)
    for access in (revoked["AccessToken"], refreshed["AccessToken"]):
        with pytest.raises(ClientError) as access_error:
            idp.get_user(AccessToken=access)
        assert error_of(access_error) == (
            "NotAuthorizedException", "Access Token has been revoked", 400)
    assert idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "bob"
    refresh(idp, client, kept["RefreshToken"])


def test_group_roles_and_revocation_switch_shape_the_claims(cognito_fake: CognitoFake) -> None:
    """``cognito:roles``/``cognito:preferred_role`` come from the groups' IAM roles (the lowest
    precedence wins); ``origin_jti`` is left out when the client's token revocation is off."""
    admin_role = "arn:aws:iam::123456789012:role/admin"
    reader_role = "arn:aws:iam::123456789012:role/reader"
    (seeded,) = cognito_fake.seed({"user_pools": [{
        "PoolName": "roles",
        "clients": [{"ClientName": "plain", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
                     "EnableTokenRevocation": False}],
        "groups": [{"GroupName": "admins", "RoleArn": admin_role, "Precedence": 1},
                   {"GroupName": "readers", "RoleArn": reader_role, "Precedence": 5}],
        "users": [{"Username": "zed", "Password": "Passw0rd!", "Groups": ["readers", "admins"]}],
    }]})
    client = cognito_fake.client()
    result = client.initiate_auth(
        ClientId=seeded.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "zed", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    id_claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    access = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    assert id_claims["cognito:groups"] == ["admins", "readers"]
    assert id_claims["cognito:preferred_role"] == admin_role
    assert id_claims["cognito:roles"] == [admin_role, reader_role]
    assert "cognito:roles" not in access
    assert "origin_jti" not in id_claims and "origin_jti" not in access
