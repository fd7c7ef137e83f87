"""Remembered devices: the srp.md §8 device vector (pure), the device operations and the device
sign-in through boto3, raw HTTP and unmodified pycognito."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import attrs
import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device, long_to_hex

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import devices, srp
from tests.conftest import error_of

PASSWORD = "Passw0rd!"
START = 1_800_000_000.0
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.", 400)
NO_DEVICE = ("ResourceNotFoundException", "Device does not exist.", 400)
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
ALWAYS = {"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": False}
OPT_IN = {"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": True}
#: A key of the right shape that no sign-in handed out.
STRANGER = "us-east-1_00000000-0000-4000-8000-000000000000"

# -- srp.md §8, device vector ---------------------------------------------------------------------

SMALL_A = int("0123456789abcdef" * 16, 16)
SMALL_B = int("fedcba9876543210" * 4, 16)
BLOCK = bytes(range(64))
TIMESTAMP = "Tue Nov 3 05:09:04 UTC 2026"
GROUP_KEY = "-ExAmPlE1"
DEVICE_KEY = "eu-west-1_1b3f5e7a-0c2d-4e6f-8a9b-0123456789ab"
DEVICE_PASSWORD = base64.b64encode(bytes(range(40))).decode()
DEVICE_SALT = 0xF0E1D2C3B4A5968778695A4B3C2D1E0F
SALT_B64 = "APDh0sO0pZaHeGlaSzwtHg8="
V_DEV_HEX = (
    "68d4e3d52e4d4ed15bc4059464ca25f801ed6f36afee29c37d5a4c8601b2b60635c206cd6abe654f6e51a6f11b0467fa"
    "30efa4a2234cc16fc5f5fe835a77446794843c9d788035c0ad4b2744a01fddb32e75daab7429b68c5461c77cce0ef977"
    "cb876c001b14ba6881b4b79a7d36449924a9d4598b6b413371132226407f1fa9937e909bc1c92c304ba19341d30279bb"
    "9cd9246f21d70d4d5c23c50000788a04315056ebd3e85e9d9e4fe199b000810a3f0e359eb3c82702251eb485f9c91fbb"
    "9afd22b75e44a60cdf80faaf1846af14d792a44d2259c4e41439f25dc4e882cbde2128867c075fa6d4c1cdc6200721e9"
    "b3f3739ddbca6cf16bbed4a0c6d6fddf692e0a299e18797c0eb5181b8f6e329bfeb06035ac75254d2db632c2cd2e34da"
    "a037656c8e8d054c375b81095225396260c1086a902081fe44c624ed254079f2741201fc6500e0250cda1d4934d8d094"
    "0b920cb669b5d1535c051d5f6c8e3827199f70dc4bdd513b4fc69272e450f06d492ee9163eb4a4d5b3ba4084ba743811"
)
B_DEV_HEX = (
    "c8eb1158b5af355573e203bc9b6d9b38b235452cdf42351cb45fb1c5488852a0c399fdc269c1bd03f5fe0df60bc75450"
    "715d0f97b70a27319e71f5fe1ac9da797014288437b8c0b6e59be6e55bd9069ccdf11e7698be2acfb7fe460709a7b000"
    "86c72e2a671bea67cdf07ce09d0d7d46e9bdb9fed4ae111b250648aa6bcf55571b9a89f5a1ff77b01189d58eb33834db"
    "1965e77f192220f80733eb05b73501358dc28a04e2525ec19b5efd7dca1b75e3b0cb9bf7e7a0f0d64a4492694800325e"
    "b93cce79622ca2653a1915b3baa39c25235a299605e36ff7ffbd81d461db349c177b0fd4aed13fa4459abf10505d3c7c"
    "9cb9d70e1598b3783c123eeb3e5d15e515b638e69811fc36f77e328a54eac749d64ca5229563bcba112b9241bea7187fd"
    "c805f906581ce239789311312c8feb4939bef88c07c34d731af4adce0da74ec1bf825bf2e750e13bf3ca3f4cb2a7ef2c9"
    "81c2f6423121d06ef2f8662774dee73a1c65c1900156c064d82a4eddb5ae272a1fd299e10ed74112bb4912e3277150"
)
K_DEV = "4d60ab5670b07bea1e34cf71590422bb"
SIGNATURE = "/39hSeGJztmL3/aiq6qX2yMtystFHPWvN/HtB4RRsQU="
VERIFIER_B64 = base64.b64encode(srp.pad(int(V_DEV_HEX, 16))).decode()


def vector_device() -> devices.Device:
    verifier = devices.verifier_from({"Salt": SALT_B64, "PasswordVerifier": VERIFIER_B64})
    assert isinstance(verifier, srp.Verifier)
    return devices.confirmed(devices.issued(DEVICE_KEY, GROUP_KEY, 0, 0), verifier, None,
                             remember=True, now=0.0)


def test_the_device_vector() -> None:
    device = vector_device()
    assert device.verifier == srp.Verifier(DEVICE_SALT, int(V_DEV_HEX, 16))
    # srp.md quotes the verifier whole: Base64(pad(v_dev)), 384 bytes.
    assert VERIFIER_B64.startswith("aNTj1S5NTtFbxAWUZMol+AHtbzav7inDfVpMhgGytgY1wgbNar5l")
    assert len(base64.b64decode(VERIFIER_B64)) == 384
    big_a = pow(srp.G, SMALL_A, srp.N)
    exchange = devices.begin(device, big_a, SMALL_B, BLOCK)
    assert exchange is not None
    assert exchange.big_b == int(B_DEV_HEX, 16)
    assert srp.session_key(big_a, exchange.big_b, SMALL_B, exchange.verifier.v).hex() == K_DEV
    assert devices.proves_device(exchange, GROUP_KEY, TIMESTAMP, SIGNATURE)
    assert not devices.proves_device(exchange, "-OtHeR001", TIMESTAMP, SIGNATURE)
    assert not devices.proves_device(exchange, GROUP_KEY, "Wed Nov 4 05:09:04 UTC 2026",
                                     SIGNATURE)
    assert devices.challenge_parameters(exchange, "alice") == {
        "SALT": "f0e1d2c3b4a5968778695a4b3c2d1e0f",
        "SRP_B": B_DEV_HEX,
        "SECRET_BLOCK": base64.b64encode(BLOCK).decode(),
        "USERNAME": "alice",
        "DEVICE_KEY": DEVICE_KEY,
    }


def test_the_device_vector_from_pycognitos_side() -> None:
    """pycognito derives the same key from the device password and the challenge the fake
    sends, so the vector is the clients' own."""
    client = AWSSRP(username="alice", password="unused", pool_id="eu-west-1_AbCdEf123",
                    client_id="c", client=object(), device_key=DEVICE_KEY,
                    device_group_key=GROUP_KEY, device_password=DEVICE_PASSWORD)
    client.small_a_value = SMALL_A
    client.large_a_value = client.calculate_a()
    exchange = devices.begin(vector_device(), client.large_a_value, SMALL_B, BLOCK)
    assert exchange is not None
    parameters = devices.challenge_parameters(exchange, "alice")
    key = client.get_device_authentication_key(GROUP_KEY, DEVICE_KEY, DEVICE_PASSWORD,
                                               int(parameters["SRP_B"], 16), parameters["SALT"])
    assert key.hex() == K_DEV


@pytest.mark.parametrize("config", [
    None, {}, {"Salt": SALT_B64}, {"PasswordVerifier": VERIFIER_B64},
    {"Salt": "", "PasswordVerifier": VERIFIER_B64},
    {"Salt": "not base64!", "PasswordVerifier": VERIFIER_B64},
])
def test_a_verifier_config_that_is_missing_or_unreadable(config: Any) -> None:
    error = devices.verifier_from(config)
    assert (error.code, error.message) == ("InvalidParameterException",
                                           "Invalid device key given")


@pytest.mark.parametrize("config", [
    {"Salt": "gA==", "PasswordVerifier": VERIFIER_B64},  # 0x80: -128
    {"Salt": SALT_B64, "PasswordVerifier": base64.b64encode(b"\xff" + bytes(383)).decode()},
])
def test_a_negative_salt_or_verifier(config: dict[str, str]) -> None:
    error = devices.verifier_from(config)
    assert (error.code, error.message) == (
        "InvalidParameterException", "Negate value passed for salt and Password verifier")


def test_pages_list_remembered_devices_in_issue_order() -> None:
    confirmed = vector_device()
    records = [attrs.evolve(confirmed, key=f"k{i}", seq=i, remembered=i != 2) for i in range(5)]
    records.append(devices.issued("k5", GROUP_KEY, 5, 0))  # never confirmed
    assert [d.key for d in devices.page(records, -1, 2)[0]] == ["k0", "k1"]
    assert devices.page(records, -1, 2)[1] is True
    assert [d.key for d in devices.page(records, 1, 2)[0]] == ["k3", "k4"]
    assert devices.page(records, 1, 2)[1] is False
    assert devices.page(records, 4, 60) == ([], False)


@pytest.mark.parametrize(("config", "remembered", "skips"), [
    ({"ChallengeRequiredOnNewDevice": True}, True, True),
    ({"ChallengeRequiredOnNewDevice": True}, False, False),
    ({"ChallengeRequiredOnNewDevice": False}, True, False),
    ({"DeviceOnlyRememberedOnUserPrompt": False}, True, False),
])
def test_which_devices_skip_mfa(config: dict[str, bool], remembered: bool, skips: bool) -> None:
    device = attrs.evolve(vector_device(), remembered=remembered)
    assert devices.skips_mfa(config, device) is skips


# -- through boto3 ---------------------------------------------------------------------------------


class Env:
    """A pool (with ``device_configuration`` unless None), an app client, a user ``ann``."""

    def __init__(self, fake: CognitoFake, device_configuration: dict[str, bool] | None = ALWAYS,
                 **pool: Any) -> None:
        fake.clock.freeze(START)
        self.fake = fake
        self.idp = fake.client()
        extra = {"DeviceConfiguration": device_configuration} if device_configuration else {}
        self.pool_id: str = self.idp.create_user_pool(
            PoolName="devices", **extra, **pool)["UserPool"]["Id"]
        self.client_id: str = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="app",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                               "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        self.add_user("ann")

    def add_user(self, name: str, **attributes: str) -> None:
        self.idp.admin_create_user(
            UserPoolId=self.pool_id, Username=name, MessageAction="SUPPRESS",
            UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username=name,
                                         Password=PASSWORD, Permanent=True)

    def sign_in(self, username: str = "ann", **parameters: str) -> dict[str, Any]:
        return dict(self.idp.initiate_auth(
            ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD, **parameters}))

    def respond(self, name: str, session: str | None = None, **responses: str) -> dict[str, Any]:
        extra = {"Session": session} if session else {}
        return dict(self.idp.respond_to_auth_challenge(
            ClientId=self.client_id, ChallengeName=name, ChallengeResponses=responses, **extra))

    def new_device(self, username: str = "ann") -> tuple[dict[str, str], str]:
        """Sign in; returns (NewDeviceMetadata, access token)."""
        result = self.sign_in(username)["AuthenticationResult"]
        return dict(result["NewDeviceMetadata"]), str(result["AccessToken"])

    def confirmed_device(self, username: str = "ann",
                         name: str | None = "laptop") -> tuple[AWSSRP, str]:
        """A device confirmed as pycognito confirms one; returns the client side (which knows
        the device password) and an access token."""
        metadata, token = self.new_device(username)
        password, config = generate_hash_device(metadata["DeviceGroupKey"],
                                                metadata["DeviceKey"])
        self.idp.confirm_device(AccessToken=token, DeviceKey=metadata["DeviceKey"],
                                DeviceSecretVerifierConfig=config,
                                **({"DeviceName": name} if name else {}))
        return self.srp(username, metadata, password), token

    def srp(self, username: str, metadata: dict[str, str], device_password: str) -> AWSSRP:
        return AWSSRP(username=username, password=PASSWORD, pool_id=self.pool_id,
                      client_id=self.client_id, client=self.idp,
                      device_key=metadata["DeviceKey"],
                      device_group_key=metadata["DeviceGroupKey"],
                      device_password=device_password)

    def device_proof(self, aws: AWSSRP, username: str = "ann",
                     session: str | None = None) -> dict[str, Any]:
        """DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, answered by pycognito's functions,
        forwarding the Sessions as Amplify does when ``session`` is given."""
        assert aws.device_key is not None
        challenge = self.respond("DEVICE_SRP_AUTH", session, USERNAME=username,
                                 DEVICE_KEY=aws.device_key,
                                 SRP_A=long_to_hex(aws.large_a_value))
        answer = aws.process_device_challenge(challenge["ChallengeParameters"])
        return self.respond("DEVICE_PASSWORD_VERIFIER",
                            challenge["Session"] if session else None, **answer)

    def get_device(self, key: str, username: str = "ann") -> dict[str, Any]:
        return dict(self.idp.admin_get_device(UserPoolId=self.pool_id, Username=username,
                                              DeviceKey=key)["Device"])

    def listed(self, username: str = "ann") -> list[str]:
        found = self.idp.admin_list_devices(UserPoolId=self.pool_id, Username=username)
        return [d["DeviceKey"] for d in found["Devices"]]


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def attribute_map(device: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


def raw(fake: CognitoFake, operation: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"https://cognito-idp.{fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps(body), timeout=5)


def test_a_pool_without_device_tracking_hands_out_no_device(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, None)
    result = env.sign_in(DEVICE_KEY=STRANGER)["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert "device_key" not in claims(result["AccessToken"])


def test_each_sign_in_without_a_device_gets_a_new_key(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    first, token = env.new_device()
    assert re.fullmatch(rf"us-east-1_{UUID}", first["DeviceKey"])
    assert re.fullmatch(r"-[0-9A-Za-z]{8}", first["DeviceGroupKey"])
    assert claims(token)["device_key"] == first["DeviceKey"]
    second, _ = env.new_device()
    assert second["DeviceKey"] != first["DeviceKey"]
    # One group key per user [INF].
    assert second["DeviceGroupKey"] == first["DeviceGroupKey"]
    env.add_user("bob")
    assert env.new_device("bob")[0]["DeviceGroupKey"] != first["DeviceGroupKey"]


def test_a_key_never_confirmed_comes_back_as_the_new_device(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    metadata, _ = env.new_device()
    result = env.sign_in(DEVICE_KEY=metadata["DeviceKey"])["AuthenticationResult"]
    assert result["NewDeviceMetadata"] == metadata
    assert claims(result["AccessToken"])["device_key"] == metadata["DeviceKey"]


def test_pycognito_remembers_a_device_and_signs_in_with_it(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    user = AWSSRP(username="ann", password=PASSWORD, pool_id=env.pool_id,
                  client_id=env.client_id, client=env.idp)
    tokens = user.authenticate_user()
    metadata = tokens["AuthenticationResult"]["NewDeviceMetadata"]
    # pycognito sends ConfirmDevice through requests.post.
    response, device_password = user.confirm_device(tokens, device_name="laptop")
    assert (response.status_code, response.json()) == (200, {"UserConfirmationNecessary": False})
    cognito_fake.calls.clear()

    again = env.srp("ann", metadata, device_password).authenticate_user()
    result = again["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert claims(result["AccessToken"])["device_key"] == metadata["DeviceKey"]
    answered = cognito_fake.calls.of("RespondToAuthChallenge")
    assert [c.params["ChallengeName"] for c in answered] == [
        "PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]
    assert [c.error for c in answered] == [None, None, None]
    assert all("Session" not in c.params for c in answered)

    with pytest.raises(ClientError) as excinfo:
        env.srp("ann", metadata, "not the device password").authenticate_user()
    assert error_of(excinfo) == INCORRECT


def test_device_sign_in_from_a_password_flow_with_sessions(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    challenged = env.sign_in(DEVICE_KEY=aws.device_key)
    assert challenged["ChallengeName"] == "DEVICE_SRP_AUTH"
    assert challenged["ChallengeParameters"] == {}
    assert "AuthenticationResult" not in challenged
    verifier = env.respond("DEVICE_SRP_AUTH", challenged["Session"], USERNAME="ann",
                           DEVICE_KEY=aws.device_key, SRP_A=long_to_hex(aws.large_a_value))
    parameters = verifier["ChallengeParameters"]
    assert verifier["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    assert sorted(parameters) == ["DEVICE_KEY", "SALT", "SECRET_BLOCK", "SRP_B", "USERNAME"]
    assert (parameters["USERNAME"], parameters["DEVICE_KEY"]) == ("ann", aws.device_key)
    assert re.fullmatch(r"[1-9a-f][0-9a-f]*", parameters["SALT"])
    answer = aws.process_device_challenge(parameters)
    done = env.respond("DEVICE_PASSWORD_VERIFIER", verifier["Session"], **answer)
    assert claims(done["AuthenticationResult"]["AccessToken"])["device_key"] == aws.device_key
    assert "NewDeviceMetadata" not in done["AuthenticationResult"]
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_PASSWORD_VERIFIER", verifier["Session"], **answer)
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)


def test_device_sign_in_through_the_admin_operations(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    challenged = env.idp.admin_initiate_auth(
        UserPoolId=env.pool_id, ClientId=env.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD, "DEVICE_KEY": aws.device_key})
    verifier = env.idp.admin_respond_to_auth_challenge(
        UserPoolId=env.pool_id, ClientId=env.client_id, ChallengeName="DEVICE_SRP_AUTH",
        Session=challenged["Session"],
        ChallengeResponses={"USERNAME": "ann", "DEVICE_KEY": aws.device_key,
                            "SRP_A": long_to_hex(aws.large_a_value)})
    done = env.idp.admin_respond_to_auth_challenge(
        UserPoolId=env.pool_id, ClientId=env.client_id, ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=verifier["Session"],
        ChallengeResponses=aws.process_device_challenge(verifier["ChallengeParameters"]))
    assert claims(done["AuthenticationResult"]["AccessToken"])["device_key"] == aws.device_key


def test_an_unknown_device_key_leaves_the_srp_answer_usable(cognito_fake: CognitoFake) -> None:
    """Amplify answers PASSWORD_VERIFIER again without DEVICE_KEY after ``Device does not
    exist.`` (srp.md §5)."""
    env = Env(cognito_fake)
    aws = AWSSRP(username="ann", password=PASSWORD, pool_id=env.pool_id,
                 client_id=env.client_id, client=env.idp)
    challenge = env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="USER_SRP_AUTH",
                                      AuthParameters=aws.get_auth_params())
    answer = aws.process_challenge(challenge["ChallengeParameters"], aws.get_auth_params())
    with pytest.raises(ClientError) as excinfo:
        env.respond("PASSWORD_VERIFIER", **answer, DEVICE_KEY=STRANGER)
    assert error_of(excinfo) == NO_DEVICE
    result = env.respond("PASSWORD_VERIFIER", **answer)["AuthenticationResult"]
    assert "NewDeviceMetadata" in result


def test_another_users_device_does_not_exist_for_this_one(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    env.add_user("bob")
    with pytest.raises(ClientError) as excinfo:
        env.sign_in("bob", DEVICE_KEY=aws.device_key)
    assert error_of(excinfo) == NO_DEVICE


def test_device_srp_auth_refusals(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    key = aws.device_key
    assert key is not None
    srp_a = long_to_hex(aws.large_a_value)
    cases: list[tuple[dict[str, str], tuple[str, str, int]]] = [
        ({"USERNAME": "ann", "DEVICE_KEY": key},
         ("InvalidParameterException", "Missing required parameter SRP_A", 400)),
        ({"USERNAME": "ann", "SRP_A": srp_a},
         ("InvalidParameterException", "Missing required parameter DEVICE_KEY", 400)),
        # No Session, and no device challenge open for this device.
        ({"USERNAME": "ann", "DEVICE_KEY": key, "SRP_A": srp_a},
         ("NotAuthorizedException", "Invalid session for the user.", 400)),
    ]
    for responses, expected in cases:
        with pytest.raises(ClientError) as excinfo:
            env.respond("DEVICE_SRP_AUTH", **responses)
        assert error_of(excinfo) == expected

    session = env.sign_in(DEVICE_KEY=key)["Session"]
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_SRP_AUTH", session, USERNAME="ann", DEVICE_KEY=key, SRP_A="0")
    assert error_of(excinfo) == ("InvalidParameterException", "Invalid SRP_A given", 400)
    env.add_user("bob")
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_SRP_AUTH", session, USERNAME="bob", DEVICE_KEY=key, SRP_A=srp_a)
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)
    env.idp.admin_forget_device(UserPoolId=env.pool_id, Username="ann", DeviceKey=key)
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_SRP_AUTH", session, USERNAME="ann", DEVICE_KEY=key, SRP_A=srp_a)
    assert error_of(excinfo) == NO_DEVICE


def test_a_device_challenge_expires_with_its_session(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    session = env.sign_in(DEVICE_KEY=aws.device_key)["Session"]
    cognito_fake.clock.advance(180)  # AuthSessionValidity: 3 minutes
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_SRP_AUTH", session, USERNAME="ann", DEVICE_KEY=aws.device_key,
                    SRP_A=long_to_hex(aws.large_a_value))
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


def test_device_password_verifier_refusals(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    env.sign_in(DEVICE_KEY=aws.device_key)
    challenge = env.respond("DEVICE_SRP_AUTH", USERNAME="ann", DEVICE_KEY=aws.device_key,
                            SRP_A=long_to_hex(aws.large_a_value))
    answer = aws.process_device_challenge(challenge["ChallengeParameters"])

    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_PASSWORD_VERIFIER",
                    **{**answer, "TIMESTAMP": "Tue Nov 3 24:09:04 UTC 2026"})
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.", 400)
    for bad in ({"PASSWORD_CLAIM_SECRET_BLOCK": base64.b64encode(b"never issued").decode()},
                {"PASSWORD_CLAIM_SIGNATURE": base64.b64encode(bytes(32)).decode()},
                {"DEVICE_KEY": STRANGER}):
        with pytest.raises(ClientError) as excinfo:
            env.respond("DEVICE_PASSWORD_VERIFIER", **{**answer, **bad})
        assert error_of(excinfo) == INCORRECT
    # A failed proof leaves the exchange open [INF].
    done = env.respond("DEVICE_PASSWORD_VERIFIER", **answer)
    assert "AccessToken" in done["AuthenticationResult"]
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_PASSWORD_VERIFIER", **answer)
    assert error_of(excinfo) == INCORRECT


def test_a_device_forgotten_before_its_proof(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    env.sign_in(DEVICE_KEY=aws.device_key)
    challenge = env.respond("DEVICE_SRP_AUTH", USERNAME="ann", DEVICE_KEY=aws.device_key,
                            SRP_A=long_to_hex(aws.large_a_value))
    env.idp.admin_forget_device(UserPoolId=env.pool_id, Username="ann",
                                DeviceKey=aws.device_key)
    with pytest.raises(ClientError) as excinfo:
        env.respond("DEVICE_PASSWORD_VERIFIER",
                    **aws.process_device_challenge(challenge["ChallengeParameters"]))
    assert error_of(excinfo) == NO_DEVICE
    with pytest.raises(ClientError) as excinfo:
        env.sign_in(DEVICE_KEY=aws.device_key)
    assert error_of(excinfo) == NO_DEVICE


def test_refreshed_tokens_keep_the_device_key(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    refresh = aws.authenticate_user()["AuthenticationResult"]["RefreshToken"]
    renewed = env.idp.initiate_auth(ClientId=env.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                    AuthParameters={"REFRESH_TOKEN": refresh})
    assert claims(renewed["AuthenticationResult"]["AccessToken"])["device_key"] == aws.device_key


def test_pre_token_generation_sees_the_device_sign_in(cognito_fake: CognitoFake) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
    sources: list[str] = []

    def pre_token(event: dict[str, Any], context: Any) -> dict[str, Any]:
        sources.append(event["triggerSource"])
        return event

    cognito_fake.lambdas.register(arn, pre_token)
    env = Env(cognito_fake, LambdaConfig={"PreTokenGeneration": arn})
    aws, _ = env.confirmed_device()
    aws.authenticate_user()
    assert sources == ["TokenGeneration_Authentication", "TokenGeneration_AuthenticateDevice"]


# -- MFA and remembered devices -------------------------------------------------------------------


def sms_env(fake: CognitoFake, configuration: dict[str, bool]) -> Env:
    env = Env(fake, configuration)
    env.idp.set_user_pool_mfa_config(UserPoolId=env.pool_id, MfaConfiguration="ON",
                                     SmsMfaConfiguration={})
    env.add_user("sam", phone_number="+15550100123")
    return env


def past_mfa(env: Env, challenged: dict[str, Any]) -> dict[str, Any]:
    assert challenged["ChallengeName"] == "SMS_MFA"
    code = env.fake.outbox.last("sam").code
    assert code is not None
    return env.respond("SMS_MFA", challenged["Session"], USERNAME="sam", SMS_MFA_CODE=code)


def test_a_new_device_comes_after_mfa(cognito_fake: CognitoFake) -> None:
    env = sms_env(cognito_fake, ALWAYS)
    result = past_mfa(env, env.sign_in("sam"))["AuthenticationResult"]
    assert claims(result["AccessToken"])["device_key"] == result["NewDeviceMetadata"]["DeviceKey"]


def test_a_remembered_device_skips_mfa_when_the_pool_says_so(cognito_fake: CognitoFake) -> None:
    env = sms_env(cognito_fake, ALWAYS)
    first = past_mfa(env, env.sign_in("sam"))["AuthenticationResult"]
    password, config = generate_hash_device(first["NewDeviceMetadata"]["DeviceGroupKey"],
                                            first["NewDeviceMetadata"]["DeviceKey"])
    env.idp.confirm_device(AccessToken=first["AccessToken"],
                           DeviceKey=first["NewDeviceMetadata"]["DeviceKey"],
                           DeviceSecretVerifierConfig=config)
    aws = env.srp("sam", first["NewDeviceMetadata"], password)
    sent = len(cognito_fake.outbox)
    challenged = env.sign_in("sam", DEVICE_KEY=first["NewDeviceMetadata"]["DeviceKey"])
    assert challenged["ChallengeName"] == "DEVICE_SRP_AUTH"
    assert len(cognito_fake.outbox) == sent  # no SMS code
    done = env.device_proof(aws, "sam", challenged["Session"])
    assert "AccessToken" in done["AuthenticationResult"]


@pytest.mark.parametrize("configuration", [
    {"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": False},
    OPT_IN,  # confirmed, never marked remembered
])
def test_mfa_before_the_device_proof(cognito_fake: CognitoFake,
                                     configuration: dict[str, bool]) -> None:
    env = sms_env(cognito_fake, configuration)
    first = past_mfa(env, env.sign_in("sam"))["AuthenticationResult"]
    metadata = first["NewDeviceMetadata"]
    password, config = generate_hash_device(metadata["DeviceGroupKey"], metadata["DeviceKey"])
    env.idp.confirm_device(AccessToken=first["AccessToken"], DeviceKey=metadata["DeviceKey"],
                           DeviceSecretVerifierConfig=config)
    after_mfa = past_mfa(env, env.sign_in("sam", DEVICE_KEY=metadata["DeviceKey"]))
    assert after_mfa["ChallengeName"] == "DEVICE_SRP_AUTH"
    done = env.device_proof(env.srp("sam", metadata, password), "sam", after_mfa["Session"])
    assert claims(done["AuthenticationResult"]["AccessToken"])["device_key"] == (
        metadata["DeviceKey"])


# -- the device operations ------------------------------------------------------------------------


def test_get_device_shows_the_confirmed_device(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    metadata, token = env.new_device()
    signed_in_at = START
    cognito_fake.clock.advance(1.5)
    _, config = generate_hash_device(metadata["DeviceGroupKey"], metadata["DeviceKey"])
    confirmed = env.idp.confirm_device(AccessToken=token, DeviceKey=metadata["DeviceKey"],
                                       DeviceSecretVerifierConfig=config, DeviceName="laptop")
    assert confirmed["UserConfirmationNecessary"] is False
    device = env.idp.get_device(AccessToken=token, DeviceKey=metadata["DeviceKey"])["Device"]
    owner = f"ann.{env.pool_id}"
    assert device["DeviceKey"] == metadata["DeviceKey"]
    assert device["DeviceAttributes"] == [
        {"Name": "device_status", "Value": "valid"},
        {"Name": "device_name", "Value": "laptop"},
        {"Name": "dev:device_arn",
         "Value": f"arn:aws:cognito-idp:us-east-1:{cognito_fake.account_id}:owner/{owner}"
                  f"/device/{metadata['DeviceKey']}"},
        {"Name": "dev:device_owner", "Value": owner},
        {"Name": "last_ip_used", "Value": "127.0.0.1"},
        {"Name": "dev:device_remembered_status", "Value": "remembered"},
        {"Name": "dev:device_sdk", "Value": "aws-sdk-unknown-unknown"},
    ]
    assert device["DeviceCreateDate"].timestamp() == signed_in_at + 1.5
    assert device["DeviceLastModifiedDate"] == device["DeviceCreateDate"]
    assert device["DeviceLastAuthenticatedDate"].timestamp() == signed_in_at
    assert env.get_device(metadata["DeviceKey"]) == device


def test_a_device_sign_in_moves_the_last_authenticated_date(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device(name=None)
    assert aws.device_key is not None
    before = env.get_device(aws.device_key)
    assert "device_name" not in attribute_map(before)
    cognito_fake.clock.advance(3600.25)
    aws.authenticate_user()
    after = env.get_device(aws.device_key)
    assert after["DeviceLastAuthenticatedDate"].timestamp() == START + 3600
    assert after["DeviceLastModifiedDate"] == before["DeviceLastModifiedDate"]


def test_opt_in_devices_are_listed_once_remembered(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake, OPT_IN)
    metadata, token = env.new_device()
    _, config = generate_hash_device(metadata["DeviceGroupKey"], metadata["DeviceKey"])
    confirmed = env.idp.confirm_device(AccessToken=token, DeviceKey=metadata["DeviceKey"],
                                       DeviceSecretVerifierConfig=config)
    assert confirmed["UserConfirmationNecessary"] is True
    key = metadata["DeviceKey"]
    assert attribute_map(env.get_device(key))["dev:device_remembered_status"] == "not_remembered"
    assert env.idp.list_devices(AccessToken=token)["Devices"] == []

    cognito_fake.clock.advance(60)
    env.idp.update_device_status(AccessToken=token, DeviceKey=key,
                                 DeviceRememberedStatus="remembered")
    device = env.get_device(key)
    assert attribute_map(device)["dev:device_remembered_status"] == "remembered"
    assert device["DeviceLastModifiedDate"].timestamp() == START + 60
    assert [d["DeviceKey"] for d in env.idp.list_devices(AccessToken=token)["Devices"]] == [key]

    env.idp.admin_update_device_status(UserPoolId=env.pool_id, Username="ann", DeviceKey=key,
                                       DeviceRememberedStatus="not_remembered")
    assert env.listed() == []
    # Without a status, nothing changes [INF].
    env.idp.update_device_status(AccessToken=token, DeviceKey=key)
    assert attribute_map(env.get_device(key))["dev:device_remembered_status"] == "not_remembered"


def test_list_devices_pages(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    keys = []
    for _ in range(3):
        aws, token = env.confirmed_device()
        keys.append(aws.device_key)
    first = env.idp.list_devices(AccessToken=token, Limit=2)
    assert [d["DeviceKey"] for d in first["Devices"]] == keys[:2]
    env.idp.forget_device(AccessToken=token, DeviceKey=keys[1])
    second = env.idp.list_devices(AccessToken=token, Limit=2,
                                  PaginationToken=first["PaginationToken"])
    assert [d["DeviceKey"] for d in second["Devices"]] == keys[2:]
    assert "PaginationToken" not in second
    admin = env.idp.admin_list_devices(UserPoolId=env.pool_id, Username="ann", Limit=0)
    assert [d["DeviceKey"] for d in admin["Devices"]] == [keys[0], keys[2]]

    with pytest.raises(ClientError) as excinfo:
        env.idp.admin_list_devices(UserPoolId=env.pool_id, Username="ann",
                                   PaginationToken=first["PaginationToken"])
    request_id = excinfo.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"Paging marker {first['PaginationToken']} is invalid for request {request_id}", 400)


def test_forget_device(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, token = env.confirmed_device()
    key = aws.device_key
    assert key is not None
    assert env.listed() == [key]
    env.idp.forget_device(AccessToken=token, DeviceKey=key)
    assert env.listed() == []
    calls = [
        lambda: env.idp.get_device(AccessToken=token, DeviceKey=key),
        lambda: env.idp.update_device_status(AccessToken=token, DeviceKey=key,
                                             DeviceRememberedStatus="remembered"),
        lambda: env.idp.forget_device(AccessToken=token, DeviceKey=key),
        lambda: env.idp.admin_get_device(UserPoolId=env.pool_id, Username="ann", DeviceKey=key),
        lambda: env.idp.admin_forget_device(UserPoolId=env.pool_id, Username="ann",
                                            DeviceKey=key),
    ]
    for call in calls:
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == NO_DEVICE


def test_confirm_device_refusals(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    metadata, token = env.new_device()
    key = metadata["DeviceKey"]
    _, config = generate_hash_device(metadata["DeviceGroupKey"], key)
    env.add_user("bob")
    _, bobs_token = env.new_device("bob")
    cases: list[tuple[dict[str, Any], tuple[str, str, int]]] = [
        ({"AccessToken": token, "DeviceKey": key},
         ("InvalidParameterException", "Invalid device key given", 400)),
        ({"AccessToken": token, "DeviceKey": key,
          "DeviceSecretVerifierConfig": {**config, "Salt": "gA=="}},
         ("InvalidParameterException", "Negate value passed for salt and Password verifier",
          400)),
        ({"AccessToken": token, "DeviceKey": STRANGER, "DeviceSecretVerifierConfig": config},
         NO_DEVICE),
        ({"AccessToken": bobs_token, "DeviceKey": key, "DeviceSecretVerifierConfig": config},
         NO_DEVICE),
        ({"AccessToken": "not.a.token", "DeviceKey": key, "DeviceSecretVerifierConfig": config},
         ("NotAuthorizedException", "Invalid Access Token", 400)),
    ]
    for params, expected in cases:
        with pytest.raises(ClientError) as excinfo:
            env.idp.confirm_device(**params)
        assert error_of(excinfo) == expected
    env.idp.confirm_device(AccessToken=token, DeviceKey=key, DeviceSecretVerifierConfig=config)
    with pytest.raises(ClientError) as excinfo:
        env.idp.confirm_device(AccessToken=token, DeviceKey=key,
                               DeviceSecretVerifierConfig=config)
    assert error_of(excinfo) == ("DeviceKeyExistsException", "Device key already exists.", 400)


def test_a_device_key_not_confirmed_is_not_a_device_yet(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    metadata, token = env.new_device()
    with pytest.raises(ClientError) as excinfo:
        env.idp.get_device(AccessToken=token, DeviceKey=metadata["DeviceKey"])
    assert error_of(excinfo) == NO_DEVICE
    assert env.listed() == []


def test_device_operations_over_raw_http(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, token = env.confirmed_device()
    refused = raw(cognito_fake, "ConfirmDevice", {"AccessToken": token, "DeviceKey": STRANGER})
    assert refused.status_code == 400
    assert refused.json() == {"__type": "InvalidParameterException",
                              "message": "Invalid device key given"}
    # GetDevice's model leaves AccessToken optional; its absence is refused like elsewhere.
    missing = raw(cognito_fake, "GetDevice", {"DeviceKey": aws.device_key})
    assert (missing.status_code, missing.json()) == (400, {
        "__type": "InvalidParameterException", "message": "accessToken must not be null"})
    # pycognito's own calls, also through requests.post.
    assert aws.device_key is not None
    aws.update_device_status(False, token, aws.device_key)
    assert env.listed() == []
    aws.forget_device(token, aws.device_key)
    with pytest.raises(ClientError) as excinfo:
        env.get_device(aws.device_key)
    assert error_of(excinfo) == NO_DEVICE


def test_admin_device_operations_name_the_user_and_pool(cognito_fake: CognitoFake) -> None:
    env = Env(cognito_fake)
    aws, _ = env.confirmed_device()
    assert aws.device_key is not None
    with pytest.raises(ClientError) as excinfo:
        env.get_device(aws.device_key, username="nobody")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    with pytest.raises(ClientError) as excinfo:
        env.idp.admin_list_devices(UserPoolId="us-east-1_Nope12345", Username="ann")
    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_Nope12345 does not exist.", 400)
    with pytest.raises(ClientError) as excinfo:
        env.get_device("not a key")
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'not a key' at 'deviceKey' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+", 400)
