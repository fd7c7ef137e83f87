"""The code of docs/mfa.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pyotp
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.flows import mfa

PASSWORD = "Passw0rd!"


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    cognito_fake.clock.freeze()  # TOTP codes depend on the time: keep it still
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def shop(idp: Any, mode: str, **factors: Any) -> str:
    """A pool with MFA ``mode``, the given factor blocks and user "zed"; returns its client."""
    pool = idp.create_user_pool(PoolName="shop")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration=mode, **factors)
    idp.admin_create_user(UserPoolId=pool, Username="zed", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "phone_number", "Value": "+15550100123"}])
    idp.admin_set_user_password(UserPoolId=pool, Username="zed", Password=PASSWORD,
                                Permanent=True)
    return str(client)


def sign_in(idp: Any, client: str) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "zed", "PASSWORD": PASSWORD}))


def totp_now(fake: CognitoFake, secret: str) -> str:
    """What the user's authenticator app shows right now, on the fake's clock."""
    return str(pyotp.TOTP(secret).at(fake.clock.now()))


def test_the_pool_configuration(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="shop")["UserPool"]["Id"]
    assert idp.get_user_pool_mfa_config(UserPoolId=pool)["MfaConfiguration"] == "OFF"

    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})

    config = idp.get_user_pool_mfa_config(UserPoolId=pool)
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert idp.describe_user_pool(UserPoolId=pool)["UserPool"]["MfaConfiguration"] == "OPTIONAL"
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON")
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid MFA configuration given, can't disable all MFAs with a required or "
        "optional configuration.")


def test_a_user_turns_on_an_authenticator_app(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True})
    access = sign_in(idp, client)["AuthenticationResult"]["AccessToken"]

    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    code = totp_now(cognito_fake, secret)  # what the app shows after scanning the secret
    assert idp.verify_software_token(AccessToken=access, UserCode=code)["Status"] == "SUCCESS"
    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={
        "Enabled": True, "PreferredMfa": True})

    challenge = sign_in(idp, client)
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    cognito_fake.clock.advance(30)  # the code verify used cannot be used again
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "zed",
                            "SOFTWARE_TOKEN_MFA_CODE": totp_now(cognito_fake, secret)})
    assert "AccessToken" in done["AuthenticationResult"]


def test_a_code_is_good_once(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True})
    access = sign_in(idp, client)["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=totp_now(cognito_fake, secret))
    idp.set_user_mfa_preference(AccessToken=access,
                                SoftwareTokenMfaSettings={"Enabled": True})

    session = sign_in(idp, client)["Session"]
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=session,
            ChallengeResponses={"USERNAME": "zed",
                                "SOFTWARE_TOKEN_MFA_CODE": totp_now(cognito_fake, secret)})
    assert excinfo.value.response["Error"] == {
        "Code": "ExpiredCodeException",
        "Message": "Your software token has already been used once."}


def test_required_mfa_sets_up_an_app_during_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "ON", SoftwareTokenMfaConfiguration={"Enabled": True})

    setup = sign_in(idp, client)
    assert setup["ChallengeName"] == "MFA_SETUP"
    assert setup["ChallengeParameters"]["MFAS_CAN_SETUP"] == '["SOFTWARE_TOKEN_MFA"]'
    associated = idp.associate_software_token(Session=setup["Session"])
    secret = associated["SecretCode"]
    verified = idp.verify_software_token(Session=associated["Session"],
                                         UserCode=totp_now(cognito_fake, secret))
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="MFA_SETUP", Session=verified["Session"],
        ChallengeResponses={"USERNAME": "zed"})

    assert "AccessToken" in done["AuthenticationResult"]
    assert sign_in(idp, client)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_an_sms_code(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "ON", SmsMfaConfiguration={
        "SmsAuthenticationMessage": "Your shop code is {####}"})

    challenge = sign_in(idp, client)

    assert challenge["ChallengeName"] == "SMS_MFA"
    assert challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0123"
    sms = cognito_fake.outbox.last("zed")
    assert (sms.kind, sms.medium, sms.to) == ("mfa", "SMS", "+15550100123")
    assert sms.body == f"Your shop code is {sms.code}"
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="SMS_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "zed", "SMS_MFA_CODE": sms.code})
    assert "AccessToken" in done["AuthenticationResult"]


def test_a_wrong_code_can_be_retried(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "ON", SmsMfaConfiguration={})
    session = sign_in(idp, client)["Session"]
    code = cognito_fake.outbox.last("zed").code
    wrong = "000000" if code != "000000" else "111111"

    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=client, ChallengeName="SMS_MFA", Session=session,
            ChallengeResponses={"USERNAME": "zed", "SMS_MFA_CODE": wrong})
    assert excinfo.value.response["Error"] == {
        "Code": "CodeMismatchException", "Message": "Invalid code or auth state for the user."}
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="SMS_MFA", Session=session,
        ChallengeResponses={"USERNAME": "zed", "SMS_MFA_CODE": code})
    assert "AccessToken" in done["AuthenticationResult"]


def test_codes_expire_with_the_session(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "ON", SmsMfaConfiguration={})
    session = sign_in(idp, client)["Session"]
    code = cognito_fake.outbox.last("zed").code

    cognito_fake.clock.advance(180)

    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(
            ClientId=client, ChallengeName="SMS_MFA", Session=session,
            ChallengeResponses={"USERNAME": "zed", "SMS_MFA_CODE": code})
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid session for the user, session is expired.")


def test_an_email_code(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = idp.create_user_pool(PoolName="shop", EmailConfiguration={
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/shop.example"},
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 EmailMfaConfiguration={"Subject": "Your shop code",
                                                        "Message": "Sign in with {####}"})
    idp.admin_create_user(UserPoolId=pool, Username="zed", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "zed@example.com"}])
    idp.admin_set_user_password(UserPoolId=pool, Username="zed", Password=PASSWORD,
                                Permanent=True)
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="zed",
                                      EmailMfaSettings={"Enabled": True})

    challenge = sign_in(idp, client)

    assert challenge["ChallengeName"] == "EMAIL_OTP"
    mail = cognito_fake.outbox.last("zed")
    assert (mail.subject, mail.body) == ("Your shop code", f"Sign in with {mail.code}")
    assert mail.code is not None and len(mail.code) == 8
    done = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="EMAIL_OTP", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "zed", "EMAIL_OTP_CODE": mail.code})
    assert "AccessToken" in done["AuthenticationResult"]


def test_the_user_picks_a_factor(idp: Any, cognito_fake: CognitoFake) -> None:
    client = shop(idp, "OPTIONAL", SmsMfaConfiguration={},
                  SoftwareTokenMfaConfiguration={"Enabled": True})
    access = sign_in(idp, client)["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=totp_now(cognito_fake, secret))
    idp.set_user_mfa_preference(AccessToken=access, SMSMfaSettings={"Enabled": True},
                                SoftwareTokenMfaSettings={"Enabled": True})

    select = sign_in(idp, client)
    assert select["ChallengeName"] == "SELECT_MFA_TYPE"
    assert select["ChallengeParameters"]["MFAS_CAN_CHOOSE"] == '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'
    chosen = idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="SELECT_MFA_TYPE", Session=select["Session"],
        ChallengeResponses={"USERNAME": "zed", "ANSWER": "SMS_MFA"})

    assert chosen["ChallengeName"] == "SMS_MFA"
    assert cognito_fake.outbox.last("zed").kind == "mfa"


def test_what_follows_a_password() -> None:
    pool = mfa.PoolMfa(mfa.ON, sms=True, software_token=True)
    assert mfa.next_step(pool, mfa.UserMfa()) == mfa.Step(
        mfa.MFA_SETUP, (mfa.SMS_MFA, mfa.SOFTWARE_TOKEN_MFA))
    assert mfa.next_step(pool, mfa.UserMfa(phone_number="+15550100123")) == mfa.Step(mfa.SMS_MFA)

    optional = mfa.PoolMfa(mfa.OPTIONAL, sms=True, software_token=True)
    assert mfa.next_step(optional, mfa.UserMfa(phone_number="+15550100123")) is None
    both = mfa.UserMfa(enabled=frozenset({mfa.SMS_MFA, mfa.SOFTWARE_TOKEN_MFA}),
                       software_token=True, phone_number="+15550100123")
    assert mfa.next_step(optional, both) == mfa.Step(
        mfa.SELECT_MFA_TYPE, (mfa.SMS_MFA, mfa.SOFTWARE_TOKEN_MFA))
