"""The code of docs/devices.md, run as tests."""

from __future__ import annotations

import base64
from typing import Any

import attrs
import boto3
import jwt
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device, long_to_hex

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import devices, srp

PASSWORD = "Passw0rd!"


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    # Retries off: an error comes back once, exactly as the fake sent it.
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def shop(idp: Any, **device_configuration: bool) -> tuple[str, str]:
    """A pool that tracks devices, a web client and user "zed"; returns (pool id, client id)."""
    pool = idp.create_user_pool(PoolName="shop", DeviceConfiguration=device_configuration)
    pool_id = pool["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="zed", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "phone_number", "Value": "+15550100123"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="zed", Password=PASSWORD,
                                Permanent=True)
    return str(pool_id), str(client)


def claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def test_every_sign_in_without_a_device_gets_one(idp: Any) -> None:
    _, client = shop(idp, ChallengeRequiredOnNewDevice=True,
                     DeviceOnlyRememberedOnUserPrompt=False)

    result = idp.initiate_auth(
        ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "zed", "PASSWORD": PASSWORD})["AuthenticationResult"]

    device = result["NewDeviceMetadata"]
    assert device["DeviceKey"].startswith("us-east-1_")  # <region>_<uuid>
    assert device["DeviceGroupKey"].startswith("-")      # like "-wt2ha1Zd"
    assert claims(result["AccessToken"])["device_key"] == device["DeviceKey"]


def test_pycognito_remembers_the_device(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = shop(idp, ChallengeRequiredOnNewDevice=True,
                        DeviceOnlyRememberedOnUserPrompt=False)
    zed = AWSSRP(username="zed", password=PASSWORD, pool_id=pool, client_id=client, client=idp)
    tokens = zed.authenticate_user()
    # ConfirmDevice goes out through requests.post; the fake answers it too.
    response, device_password = zed.confirm_device(tokens, device_name="zed's laptop")
    assert response.json() == {"UserConfirmationNecessary": False}

    new = tokens["AuthenticationResult"]["NewDeviceMetadata"]
    on_this_device = AWSSRP(username="zed", password=PASSWORD, pool_id=pool, client_id=client,
                            client=idp, device_key=new["DeviceKey"],
                            device_group_key=new["DeviceGroupKey"],
                            device_password=device_password)
    cognito_fake.calls.clear()
    again = on_this_device.authenticate_user()

    answered = cognito_fake.calls.of("RespondToAuthChallenge")
    assert [c.params["ChallengeName"] for c in answered] == [
        "PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]
    assert "NewDeviceMetadata" not in again["AuthenticationResult"]
    assert claims(again["AuthenticationResult"]["AccessToken"])["device_key"] == new["DeviceKey"]

    on_this_device.device_password = "a stolen key, but not its secret"
    with pytest.raises(ClientError) as excinfo:
        on_this_device.authenticate_user()
    assert excinfo.value.response["Error"]["Message"] == "Incorrect username or password."


def remember_this_device(idp: Any, client: str) -> tuple[str, str, str]:
    """Sign in, then confirm the new device as a client library would.
    Returns (access token, device key, device password)."""
    result = idp.initiate_auth(
        ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "zed", "PASSWORD": PASSWORD})["AuthenticationResult"]
    new = result["NewDeviceMetadata"]
    device_password, verifier = generate_hash_device(new["DeviceGroupKey"], new["DeviceKey"])
    idp.confirm_device(AccessToken=result["AccessToken"], DeviceKey=new["DeviceKey"],
                       DeviceSecretVerifierConfig=verifier, DeviceName="zed's laptop")
    return result["AccessToken"], new["DeviceKey"], device_password


def test_user_opt_in(idp: Any) -> None:
    _, client = shop(idp, ChallengeRequiredOnNewDevice=True,
                     DeviceOnlyRememberedOnUserPrompt=True)
    token, key, _ = remember_this_device(idp, client)

    device = idp.get_device(AccessToken=token, DeviceKey=key)["Device"]
    attributes = {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}
    assert attributes["device_name"] == "zed's laptop"
    assert attributes["dev:device_remembered_status"] == "not_remembered"
    assert idp.list_devices(AccessToken=token)["Devices"] == []  # remembered devices only

    idp.update_device_status(AccessToken=token, DeviceKey=key,
                             DeviceRememberedStatus="remembered")

    listed = idp.list_devices(AccessToken=token)["Devices"]
    assert [d["DeviceKey"] for d in listed] == [key]


def test_forget_a_device(idp: Any) -> None:
    pool, client = shop(idp, ChallengeRequiredOnNewDevice=True,
                        DeviceOnlyRememberedOnUserPrompt=False)
    token, key, _ = remember_this_device(idp, client)
    assert [d["DeviceKey"] for d in
            idp.admin_list_devices(UserPoolId=pool, Username="zed")["Devices"]] == [key]

    idp.forget_device(AccessToken=token, DeviceKey=key)

    with pytest.raises(ClientError) as excinfo:
        idp.update_device_status(AccessToken=token, DeviceKey=key,
                                 DeviceRememberedStatus="remembered")
    assert excinfo.value.response["Error"] == {
        "Code": "ResourceNotFoundException", "Message": "Device does not exist."}
    with pytest.raises(ClientError) as excinfo:  # and signing in with it
        idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "zed", "PASSWORD": PASSWORD,
                                          "DEVICE_KEY": key})
    assert excinfo.value.response["Error"]["Message"] == "Device does not exist."


def test_a_remembered_device_instead_of_mfa(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = shop(idp, ChallengeRequiredOnNewDevice=True,
                        DeviceOnlyRememberedOnUserPrompt=False)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON", SmsMfaConfiguration={})
    zed = {"USERNAME": "zed", "PASSWORD": PASSWORD}

    first = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters=zed)
    assert first["ChallengeName"] == "SMS_MFA"
    tokens = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="SMS_MFA", Session=first["Session"],
        ChallengeResponses={"USERNAME": "zed", "SMS_MFA_CODE": cognito_fake.outbox.last().code})
    new = tokens["AuthenticationResult"]["NewDeviceMetadata"]  # after the MFA answer
    device_password, verifier = generate_hash_device(new["DeviceGroupKey"], new["DeviceKey"])
    idp.confirm_device(AccessToken=tokens["AuthenticationResult"]["AccessToken"],
                       DeviceKey=new["DeviceKey"], DeviceSecretVerifierConfig=verifier)

    second = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={**zed, "DEVICE_KEY": new["DeviceKey"]})
    assert second["ChallengeName"] == "DEVICE_SRP_AUTH"  # no SMS this time

    device = AWSSRP(username="zed", password=PASSWORD, pool_id=pool, client_id=client,
                    client=idp, device_key=new["DeviceKey"],
                    device_group_key=new["DeviceGroupKey"], device_password=device_password)
    verifier_challenge = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="DEVICE_SRP_AUTH", Session=second["Session"],
        ChallengeResponses={"USERNAME": "zed", "DEVICE_KEY": new["DeviceKey"],
                            "SRP_A": long_to_hex(device.large_a_value)})
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=verifier_challenge["Session"],
        ChallengeResponses=device.process_device_challenge(
            verifier_challenge["ChallengeParameters"]))
    assert claims(done["AuthenticationResult"]["AccessToken"])["device_key"] == new["DeviceKey"]


def test_the_device_proof_as_a_pure_function() -> None:
    # srp.md §8's device vector: the verifier ConfirmDevice received, the server's b, the
    # client's A, a SECRET_BLOCK, and the signature real client code computes.
    verifier = devices.verifier_from({
        "Salt": "APDh0sO0pZaHeGlaSzwtHg8=",
        "PasswordVerifier": base64.b64encode(srp.pad(srp.g_pow(int(
            "908e02ebd6e3cc004bf6b0b962c029c802775bb75d5c6b8ebaf87368c846417e", 16)))).decode(),
    })
    assert isinstance(verifier, srp.Verifier)
    device = attrs.evolve(
        devices.issued("eu-west-1_1b3f5e7a-0c2d-4e6f-8a9b-0123456789ab", "-ExAmPlE1",
                       seq=0, auth_time=0),
        confirmed=True, verifier=verifier)
    a = srp.g_pow(int("0123456789abcdef" * 16, 16))
    exchange = devices.begin(device, a, int("fedcba9876543210" * 4, 16), bytes(range(64)))
    assert exchange is not None

    assert devices.proves_device(exchange, "-ExAmPlE1", "Tue Nov 3 05:09:04 UTC 2026",
                                 "/39hSeGJztmL3/aiq6qX2yMtystFHPWvN/HtB4RRsQU=")
    error = devices.verifier_from({"Salt": "gA==", "PasswordVerifier": "AQ=="})  # 0x80 < 0
    assert error.message == "Negate value passed for salt and Password verifier"
