"""MFA through boto3: pool configuration, TOTP enrolment (by access token and by Session during
MFA_SETUP), SMS and email codes via the outbox, SELECT_MFA_TYPE, preferences and the errors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import boto3
import pyotp
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.exceptions import SoftwareTokenMFAChallengeException

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of

START = 1_800_000_000  # a TOTP step boundary
PASSWORD = "Passw0rd!"
EMAIL_CONFIGURATION = {"EmailSendingAccount": "DEVELOPER",
                       "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    cognito_fake.clock.freeze(START)
    return boto3.client("cognito-idp", region_name=cognito_fake.region,
                        config=Config(retries={"total_max_attempts": 1}))


def make_pool(idp: Any, *, secret: bool = False, **settings: Any) -> tuple[str, str]:
    pool = idp.create_user_pool(PoolName="mfa", **settings)["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="app", GenerateSecret=secret,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    return str(pool), str(client)


def add_user(idp: Any, pool: str, username: str, **attributes: str) -> None:
    idp.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
    idp.admin_set_user_password(UserPoolId=pool, Username=username, Password=PASSWORD,
                                Permanent=True)


def sign_in(idp: Any, client: str, username: str) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD}))


def answer(idp: Any, client: str, name: str, session: str, **responses: str) -> dict[str, Any]:
    return dict(idp.respond_to_auth_challenge(ClientId=client, ChallengeName=name,
                                              Session=session, ChallengeResponses=responses))


def code_of(fake: CognitoFake, secret: str) -> str:
    return str(pyotp.TOTP(secret).at(fake.clock.now()))


def body(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def enrol_totp(idp: Any, fake: CognitoFake, access_token: str) -> str:
    """Associate and verify a TOTP token by access token; returns the secret."""
    secret = str(idp.associate_software_token(AccessToken=access_token)["SecretCode"])
    verified = idp.verify_software_token(AccessToken=access_token, UserCode=code_of(fake, secret),
                                         FriendlyDeviceName="phone")
    assert body(verified) == {"Status": "SUCCESS"}
    return secret


# -- pool configuration ---------------------------------------------------------------------------


def test_a_fresh_pool_has_mfa_off_and_nothing_else(idp: Any) -> None:
    pool, _ = make_pool(idp)
    assert body(idp.get_user_pool_mfa_config(UserPoolId=pool)) == {"MfaConfiguration": "OFF"}


def test_set_and_get_pool_mfa_config(idp: Any) -> None:
    pool, _ = make_pool(idp, EmailConfiguration=EMAIL_CONFIGURATION)
    given = {
        "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Code: {####}"},
        "SoftwareTokenMfaConfiguration": {"Enabled": True},
        "EmailMfaConfiguration": {"Message": "Your code is {####}", "Subject": "Sign-in code"},
        "MfaConfiguration": "OPTIONAL",
    }
    assert body(idp.set_user_pool_mfa_config(UserPoolId=pool, **given)) == given
    assert body(idp.get_user_pool_mfa_config(UserPoolId=pool)) == given
    described = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert (described["MfaConfiguration"], described["SmsAuthenticationMessage"]) == (
        "OPTIONAL", "Code: {####}")
    # A full replace: a factor left out is off again.
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    assert body(idp.get_user_pool_mfa_config(UserPoolId=pool)) == {
        "SoftwareTokenMfaConfiguration": {"Enabled": True}, "MfaConfiguration": "ON"}


@pytest.mark.parametrize(("given", "expected"), [
    ({"MfaConfiguration": "OFF", "SoftwareTokenMfaConfiguration": {"Enabled": True}},
     ("InvalidParameterException", "Invalid MFA configuration given, can't turn off MFA and "
      "configure an MFA together.", 400)),
    ({"MfaConfiguration": "ON"},
     ("InvalidParameterException", "Invalid MFA configuration given, can't disable all MFAs "
      "with a required or optional configuration.", 400)),
    ({"MfaConfiguration": "OPTIONAL", "EmailMfaConfiguration": {}},
     ("InvalidParameterException", "Cannot set EmailMfaConfiguration when user pool "
      "EmailConfiguration contains an EmailSendingAccount of COGNITO_DEFAULT.Update the value "
      "of EmailSendingAccount", 400)),
    ({"MfaConfiguration": "SOMETIMES"},
     ("InvalidParameterException", "1 validation error detected: Value 'SOMETIMES' at "
      "'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: "
      "[OFF, ON, OPTIONAL]", 400)),
])
def test_pool_mfa_config_refused(idp: Any, given: dict[str, Any],
                                 expected: tuple[str, str, int]) -> None:
    pool, _ = make_pool(idp)
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_pool_mfa_config(UserPoolId=pool, **given)
    assert error_of(excinfo) == expected
    assert body(idp.get_user_pool_mfa_config(UserPoolId=pool)) == {"MfaConfiguration": "OFF"}


def test_email_mfa_in_a_lite_pool(idp: Any) -> None:
    pool, _ = make_pool(idp, UserPoolTier="LITE", EmailConfiguration=EMAIL_CONFIGURATION)
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                     EmailMfaConfiguration={})
    assert error_of(excinfo) == (
        "FeatureUnavailableInTierException",
        "The following feature is not available for the LITE pricing tier configured: Email MFA",
        400)


def test_unknown_pool(idp: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.get_user_pool_mfa_config(UserPoolId="us-east-1_Nope12345")
    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_Nope12345 does not exist.", 400)


# -- TOTP by access token -------------------------------------------------------------------------


def test_totp_enrolment_by_access_token(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]

    first = idp.associate_software_token(AccessToken=access)
    assert set(body(first)) == {"SecretCode"}
    secret = enrol_totp(idp, cognito_fake, access)
    assert secret != first["SecretCode"]  # a fresh secret per call
    assert len(secret) >= 32 and pyotp.TOTP(secret).byte_secret()
    # Verified, not yet on: an optional pool still signs in without MFA.
    assert "AuthenticationResult" in sign_in(idp, client, "ann")

    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={
        "Enabled": True, "PreferredMfa": True})
    user = idp.admin_get_user(UserPoolId=pool, Username="ann")
    assert (user["UserMFASettingList"], user["PreferredMfaSetting"]) == (
        ["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")
    me = idp.get_user(AccessToken=access)
    assert (me["UserMFASettingList"], me["PreferredMfaSetting"]) == (
        ["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")

    challenged = sign_in(idp, client, "ann")
    assert challenged["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert challenged["ChallengeParameters"] == {"FRIENDLY_DEVICE_NAME": "phone",
                                                 "USER_ID_FOR_SRP": "ann"}
    # The code VerifySoftwareToken took cannot answer in the same window.
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SOFTWARE_TOKEN_MFA", challenged["Session"], USERNAME="ann",
               SOFTWARE_TOKEN_MFA_CODE=code_of(cognito_fake, secret))
    assert error_of(excinfo) == (
        "ExpiredCodeException", "Your software token has already been used once.", 400)
    cognito_fake.clock.advance(30)
    done = answer(idp, client, "SOFTWARE_TOKEN_MFA", challenged["Session"], USERNAME="ann",
                  SOFTWARE_TOKEN_MFA_CODE=code_of(cognito_fake, secret))
    assert done["ChallengeParameters"] == {}
    assert set(done["AuthenticationResult"]) == {
        "AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}


def test_secrets_differ_between_users(idp: Any) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    secrets = set()
    for name in ("ann", "bob", "cy"):
        add_user(idp, pool, name)
        access = sign_in(idp, client, name)["AuthenticationResult"]["AccessToken"]
        secrets.add(idp.associate_software_token(AccessToken=access)["SecretCode"])
    assert len(secrets) == 3


def test_wrong_totp_codes(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    wrong = pyotp.TOTP(secret).at(START + 900)
    with pytest.raises(ClientError) as excinfo:
        idp.verify_software_token(AccessToken=access, UserCode=wrong)
    assert error_of(excinfo) == (
        "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA",
        400)
    idp.verify_software_token(AccessToken=access, UserCode=code_of(cognito_fake, secret))
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SoftwareTokenMfaSettings={"Enabled": True})
    cognito_fake.clock.advance(60)
    session = sign_in(idp, client, "ann")["Session"]
    for _ in range(3):  # the session stays usable after wrong codes
        with pytest.raises(ClientError) as excinfo:
            answer(idp, client, "SOFTWARE_TOKEN_MFA", session, USERNAME="ann",
                   SOFTWARE_TOKEN_MFA_CODE=wrong)
        assert error_of(excinfo) == (
            "CodeMismatchException", "Invalid code or auth state for the user.", 400)
    # A step behind still counts ("within 30 seconds before or after").
    late = pyotp.TOTP(secret).at(cognito_fake.clock.now() - 30)
    assert "AuthenticationResult" in answer(idp, client, "SOFTWARE_TOKEN_MFA", session,
                                            USERNAME="ann", SOFTWARE_TOKEN_MFA_CODE=late)
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SOFTWARE_TOKEN_MFA", session, USERNAME="ann",
               SOFTWARE_TOKEN_MFA_CODE=code_of(cognito_fake, secret))
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)


def test_totp_needs_the_pool_to_offer_it(idp: Any) -> None:
    pool, client = make_pool(idp)
    add_user(idp, pool, "ann")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    for call in (lambda: idp.associate_software_token(AccessToken=access),
                 lambda: idp.verify_software_token(AccessToken=access, UserCode="123456")):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == ("SoftwareTokenMFANotFoundException",
                                     "Software Token MFA has not been enabled by the userPool",
                                     400)


def test_verify_before_associate(idp: Any) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as excinfo:
        idp.verify_software_token(AccessToken=access, UserCode="123456")
    assert error_of(excinfo) == (
        "SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.",
        400)


@pytest.mark.parametrize("params", [{}, {"AccessToken": "x.y.z", "Session": "s" * 40}])
def test_associate_takes_a_token_or_a_session(idp: Any, params: dict[str, str]) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.associate_software_token(**params)
    assert error_of(excinfo) == (
        "InvalidParameterException", "Exactly one of AccessToken and Session must be provided.",
        400)


def test_associate_with_a_bad_token_or_session(idp: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.associate_software_token(AccessToken="not.a.token")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid Access Token", 400)
    with pytest.raises(ClientError) as excinfo:
        idp.associate_software_token(Session="AYAB" + "x" * 40)
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)


def test_user_code_must_be_six_digits(idp: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        idp.verify_software_token(AccessToken="a.b.c", UserCode="12345a")
    assert error_of(excinfo) == (
        "InvalidParameterException", "1 validation error detected: Value at 'userCode' failed "
        "to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+", 400)


def test_associate_is_unsigned_over_raw_http(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    response = requests.post(
        f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.AssociateSoftwareToken",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"AccessToken": access}), timeout=5)
    assert response.status_code == 200
    assert set(response.json()) == {"SecretCode"}


# -- TOTP during sign-in: MFA_SETUP ---------------------------------------------------------------


def test_mfa_setup_after_new_password(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    idp.admin_create_user(UserPoolId=pool, Username="ann", TemporaryPassword="Temp-Passw0rd!",
                          MessageAction="SUPPRESS")
    first = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ann", "PASSWORD": "Temp-Passw0rd!"})
    setup = answer(idp, client, "NEW_PASSWORD_REQUIRED", first["Session"], USERNAME="ann",
                   NEW_PASSWORD=PASSWORD)
    assert setup["ChallengeName"] == "MFA_SETUP"
    assert setup["ChallengeParameters"] == {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'}

    # Answering before a token is verified, or verifying with the setup session itself.
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "MFA_SETUP", setup["Session"], USERNAME="ann")
    assert error_of(excinfo) == (
        "SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.",
        400)
    with pytest.raises(ClientError) as excinfo:
        idp.verify_software_token(Session=setup["Session"], UserCode="123456")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)

    associated = idp.associate_software_token(Session=setup["Session"])
    assert set(body(associated)) == {"SecretCode", "Session"}
    secret = associated["SecretCode"]
    with pytest.raises(ClientError) as excinfo:  # the setup session is spent
        idp.associate_software_token(Session=setup["Session"])
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)
    with pytest.raises(ClientError) as excinfo:  # a wrong code keeps the session
        idp.verify_software_token(Session=associated["Session"],
                                  UserCode=pyotp.TOTP(secret).at(START + 300))
    assert error_of(excinfo)[0] == "EnableSoftwareTokenMFAException"
    verified = idp.verify_software_token(Session=associated["Session"],
                                         UserCode=code_of(cognito_fake, secret))
    assert verified["Status"] == "SUCCESS" and verified["Session"] != associated["Session"]

    done = answer(idp, client, "MFA_SETUP", verified["Session"], USERNAME="ann")
    assert done["ChallengeParameters"] == {}
    assert "AccessToken" in done["AuthenticationResult"]
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["UserStatus"] == "CONFIRMED"

    cognito_fake.clock.advance(30)
    again = sign_in(idp, client, "ann")
    assert (again["ChallengeName"], again["ChallengeParameters"]) == (
        "SOFTWARE_TOKEN_MFA", {"USER_ID_FOR_SRP": "ann"})
    assert "AuthenticationResult" in answer(idp, client, "SOFTWARE_TOKEN_MFA", again["Session"],
                                            USERNAME="ann",
                                            SOFTWARE_TOKEN_MFA_CODE=code_of(cognito_fake, secret))


def test_mfa_setup_after_a_permanent_password(idp: Any) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    started = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client,
                                      AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})
    assert started["ChallengeName"] == "MFA_SETUP"


def test_mfa_setup_session_expires(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")
    session = sign_in(idp, client, "ann")["Session"]
    cognito_fake.clock.advance(180)
    with pytest.raises(ClientError) as excinfo:
        idp.associate_software_token(Session=session)
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


# -- SMS MFA --------------------------------------------------------------------------------------


def sms_pool(idp: Any, mode: str = "OPTIONAL", **extra: Any) -> tuple[str, str]:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration=mode,
                                 SmsMfaConfiguration=extra or {})
    return pool, client


def test_sms_mfa_round_trip(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp)
    add_user(idp, pool, "ann", phone_number="+15550100123")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenged = sign_in(idp, client, "ann")
    assert challenged["ChallengeName"] == "SMS_MFA"
    assert challenged["ChallengeParameters"] == {
        "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0123",
        "USER_ID_FOR_SRP": "ann"}
    sent = cognito_fake.outbox.last("ann")
    assert (sent.kind, sent.medium, sent.to, sent.subject) == (
        "mfa", "SMS", "+15550100123", None)
    assert sent.code is not None and len(sent.code) == 6 and sent.code.isdigit()
    assert sent.body == f"Your authentication code is {sent.code}."

    wrong = "000000" if sent.code != "000000" else "111111"
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SMS_MFA", challenged["Session"], USERNAME="ann", SMS_MFA_CODE=wrong)
    assert error_of(excinfo) == (
        "CodeMismatchException", "Invalid code or auth state for the user.", 400)
    done = answer(idp, client, "SMS_MFA", challenged["Session"], USERNAME="ann",
                  SMS_MFA_CODE=sent.code)
    assert "IdToken" in done["AuthenticationResult"]
    # The first MFA through the phone verifies it.
    attributes = {a["Name"]: a["Value"] for a in
                  idp.admin_get_user(UserPoolId=pool, Username="ann")["UserAttributes"]}
    assert attributes["phone_number_verified"] == "true"


def test_sms_code_expires_with_the_session(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp)
    add_user(idp, pool, "ann", phone_number="+15550100123")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": True})
    session = sign_in(idp, client, "ann")["Session"]
    code = cognito_fake.outbox.last("ann").code
    assert code is not None
    cognito_fake.clock.advance(180)  # AuthSessionValidity: 3 minutes
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SMS_MFA", session, USERNAME="ann", SMS_MFA_CODE=code)
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


def test_custom_sms_text_and_the_custom_message_trigger(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:custom-message"
    events: list[dict[str, Any]] = []

    def custom_message(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        event["response"]["smsMessage"] = f"Shop code {event['request']['codeParameter']}"
        return event

    cognito_fake.lambdas.register(arn, custom_message)
    pool, client = make_pool(idp, LambdaConfig={"CustomMessage": arn})
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SmsMfaConfiguration={"SmsAuthenticationMessage": "Hi {####}"})
    add_user(idp, pool, "ann", phone_number="+15550100123")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": True})
    sign_in(idp, client, "ann")
    sent = cognito_fake.outbox.last("ann")
    assert sent.body == f"Shop code {sent.code}"
    assert [e["triggerSource"] for e in events] == ["CustomMessage_Authentication"]
    assert events[0]["request"]["codeParameter"] == "{####}"


def test_admin_respond_answers_sms_mfa(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp, SmsAuthenticationMessage="Code {####}")
    add_user(idp, pool, "ann", phone_number="+15550100123")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": True})
    started = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client,
                                      AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})
    sent = cognito_fake.outbox.last("ann")
    assert sent.body == f"Code {sent.code}"
    assert sent.code is not None
    done = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool, ClientId=client, ChallengeName="SMS_MFA", Session=started["Session"],
        ChallengeResponses={"USERNAME": "ann", "SMS_MFA_CODE": sent.code})
    assert "AccessToken" in done["AuthenticationResult"]


def test_required_sms_mfa_needs_no_preference(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp, mode="ON")
    add_user(idp, pool, "ann", phone_number="+15550100123")
    assert sign_in(idp, client, "ann")["ChallengeName"] == "SMS_MFA"
    assert cognito_fake.outbox.last("ann").kind == "mfa"


def test_a_secret_client_needs_the_hash_in_the_answer(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp, secret=True)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 SmsMfaConfiguration={})
    add_user(idp, pool, "ann", phone_number="+15550100123")
    started = idp.admin_initiate_auth(
        UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash(
            idp, pool, client, "ann")})
    code = cognito_fake.outbox.last("ann").code
    assert code is not None
    with pytest.raises(ClientError) as excinfo:
        idp.admin_respond_to_auth_challenge(
            UserPoolId=pool, ClientId=client, ChallengeName="SMS_MFA",
            Session=started["Session"], ChallengeResponses={"USERNAME": "ann",
                                                            "SMS_MFA_CODE": code})
    assert error_of(excinfo) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client}", 400)


def secret_hash(idp: Any, pool: str, client: str, username: str) -> str:
    secret = idp.describe_user_pool_client(UserPoolId=pool, ClientId=client)[
        "UserPoolClient"]["ClientSecret"]
    digest = hmac.new(secret.encode(), (username + client).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_missing_code_parameter(idp: Any) -> None:
    pool, client = sms_pool(idp, mode="ON")
    add_user(idp, pool, "ann", phone_number="+15550100123")
    session = sign_in(idp, client, "ann")["Session"]
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SMS_MFA", session, USERNAME="ann")
    assert error_of(excinfo) == (
        "InvalidParameterException", "Missing required parameter SMS_MFA_CODE", 400)


def test_an_answer_for_another_challenge_is_an_invalid_session(idp: Any) -> None:
    pool, client = sms_pool(idp, mode="ON")
    add_user(idp, pool, "ann", phone_number="+15550100123")
    session = sign_in(idp, client, "ann")["Session"]
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SOFTWARE_TOKEN_MFA", session, USERNAME="ann",
               SOFTWARE_TOKEN_MFA_CODE="123456")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)


def test_wrong_mfa_codes_feed_the_password_lockout(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp, mode="ON")
    add_user(idp, pool, "ann", phone_number="+15550100123")
    session = sign_in(idp, client, "ann")["Session"]
    code = cognito_fake.outbox.last("ann").code
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(6):  # no lockout inside the session: each wrong code is a mismatch
        with pytest.raises(ClientError) as excinfo:
            answer(idp, client, "SMS_MFA", session, USERNAME="ann", SMS_MFA_CODE=wrong)
        assert error_of(excinfo)[0] == "CodeMismatchException"
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client, "ann")
    assert error_of(excinfo) == ("NotAuthorizedException", "Password attempts exceeded", 400)


# -- email MFA ------------------------------------------------------------------------------------


def test_email_otp_round_trip(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp, EmailConfiguration=EMAIL_CONFIGURATION)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 EmailMfaConfiguration={"Message": "Sign in with {####}",
                                                        "Subject": "Your sign-in code"})
    add_user(idp, pool, "ann", email="ann@example.com")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenged = sign_in(idp, client, "ann")
    assert challenged["ChallengeName"] == "EMAIL_OTP"
    assert challenged["ChallengeParameters"] == {
        "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***",
        "USER_ID_FOR_SRP": "ann"}
    sent = cognito_fake.outbox.last("ann")
    assert sent.code is not None and len(sent.code) == 8 and sent.code.isdigit()
    assert (sent.kind, sent.medium, sent.to, sent.subject, sent.body) == (
        "mfa", "EMAIL", "ann@example.com", "Your sign-in code", f"Sign in with {sent.code}")
    done = answer(idp, client, "EMAIL_OTP", challenged["Session"], USERNAME="ann",
                  EMAIL_OTP_CODE=sent.code)
    assert "AccessToken" in done["AuthenticationResult"]


def test_email_otp_built_in_text(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp, EmailConfiguration=EMAIL_CONFIGURATION)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON",
                                 EmailMfaConfiguration={})
    add_user(idp, pool, "ann", email="ann@example.com")
    assert sign_in(idp, client, "ann")["ChallengeName"] == "EMAIL_OTP"
    sent = cognito_fake.outbox.last("ann")
    assert (sent.subject, sent.body) == (
        "Your authentication code", f"Your authentication code is {sent.code}.")


# -- SELECT_MFA_TYPE ------------------------------------------------------------------------------


def test_select_mfa_type(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = make_pool(idp)
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SmsMfaConfiguration={},
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann", phone_number="+15550100123")
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    secret = enrol_totp(idp, cognito_fake, access)
    idp.set_user_mfa_preference(AccessToken=access, SMSMfaSettings={"Enabled": True},
                                SoftwareTokenMfaSettings={"Enabled": True})
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["UserMFASettingList"] == [
        "SMS_MFA", "SOFTWARE_TOKEN_MFA"]

    select = sign_in(idp, client, "ann")
    assert select["ChallengeName"] == "SELECT_MFA_TYPE"
    assert select["ChallengeParameters"] == {
        "MFAS_CAN_CHOOSE": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', "USER_ID_FOR_SRP": "ann"}
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client, "SELECT_MFA_TYPE", select["Session"], USERNAME="ann",
               ANSWER="EMAIL_OTP")
    assert error_of(excinfo) == (
        "MFAMethodNotFoundException", "The MFA method is not available for the user.", 400)
    sms = answer(idp, client, "SELECT_MFA_TYPE", select["Session"], USERNAME="ann",
                 ANSWER="SMS_MFA")
    assert sms["ChallengeName"] == "SMS_MFA"
    code = cognito_fake.outbox.last("ann").code
    assert code is not None
    assert "AccessToken" in answer(idp, client, "SMS_MFA", sms["Session"], USERNAME="ann",
                                   SMS_MFA_CODE=code)["AuthenticationResult"]

    cognito_fake.clock.advance(30)
    select = sign_in(idp, client, "ann")
    totp = answer(idp, client, "SELECT_MFA_TYPE", select["Session"], USERNAME="ann",
                  ANSWER="SOFTWARE_TOKEN_MFA")
    assert totp["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert "AccessToken" in answer(idp, client, "SOFTWARE_TOKEN_MFA", totp["Session"],
                                   USERNAME="ann",
                                   SOFTWARE_TOKEN_MFA_CODE=code_of(cognito_fake, secret)
                                   )["AuthenticationResult"]

    # With a preference the choice is made for the user.
    idp.set_user_mfa_preference(AccessToken=access, SMSMfaSettings={"PreferredMfa": True})
    assert sign_in(idp, client, "ann")["ChallengeName"] == "SMS_MFA"


# -- preferences and legacy settings --------------------------------------------------------------


def test_preferences_show_only_once_set(idp: Any) -> None:
    pool, _ = sms_pool(idp)
    add_user(idp, pool, "ann", phone_number="+15550100123")
    user = idp.admin_get_user(UserPoolId=pool, Username="ann")
    assert "UserMFASettingList" not in user and "PreferredMfaSetting" not in user
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    user = idp.admin_get_user(UserPoolId=pool, Username="ann")
    assert (user["UserMFASettingList"], user["PreferredMfaSetting"]) == (["SMS_MFA"], "SMS_MFA")
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann",
                                      SMSMfaSettings={"Enabled": False})
    user = idp.admin_get_user(UserPoolId=pool, Username="ann")
    assert "UserMFASettingList" not in user and "PreferredMfaSetting" not in user


@pytest.mark.parametrize(("settings", "factor"), [
    ({"SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True}}, "SOFTWARE_TOKEN_MFA"),
    ({"SMSMfaSettings": {"Enabled": True}}, "SMS_MFA"),
    ({"EmailMfaSettings": {"PreferredMfa": True}}, "EMAIL_OTP"),
])
def test_a_factor_needs_its_delivery(idp: Any, settings: dict[str, Any], factor: str) -> None:
    pool, _ = make_pool(idp)
    add_user(idp, pool, "ann")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ann", **settings)
    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"User does not have delivery config set to turn on {factor}", 400)


def test_preference_errors(idp: Any) -> None:
    pool, _ = make_pool(idp)
    add_user(idp, pool, "ann", phone_number="+15550100123", email="ann@example.com")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_mfa_preference(
            UserPoolId=pool, Username="ann", SMSMfaSettings={"PreferredMfa": True},
            EmailMfaSettings={"PreferredMfa": True})
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "Invalid MFA settings given, can't set more than one MFA as preferred.", 400)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="bob",
                                          SMSMfaSettings={"Enabled": True})
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    with pytest.raises(ClientError) as excinfo:
        idp.set_user_mfa_preference(AccessToken="a.b.c", SMSMfaSettings={"Enabled": True})
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid Access Token", 400)


def test_legacy_sms_settings(idp: Any, cognito_fake: CognitoFake) -> None:
    pool, client = sms_pool(idp)
    add_user(idp, pool, "ann", phone_number="+15550100123")
    sms = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    access = sign_in(idp, client, "ann")["AuthenticationResult"]["AccessToken"]
    idp.set_user_settings(AccessToken=access, MFAOptions=sms)
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["MFAOptions"] == sms
    assert idp.get_user(AccessToken=access)["MFAOptions"] == sms
    # ListUsers items carry MFAOptions only while legacy options exist (defaults.md §5.1).
    (listed,) = idp.list_users(UserPoolId=pool, Filter='username = "ann"')["Users"]
    assert listed["MFAOptions"] == sms
    assert sign_in(idp, client, "ann")["ChallengeName"] == "SMS_MFA"
    idp.admin_set_user_settings(UserPoolId=pool, Username="ann", MFAOptions=[])
    assert "MFAOptions" not in idp.admin_get_user(UserPoolId=pool, Username="ann")
    (listed,) = idp.list_users(UserPoolId=pool, Filter='username = "ann"')["Users"]
    assert "MFAOptions" not in listed
    assert "AuthenticationResult" in sign_in(idp, client, "ann")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_settings(UserPoolId=pool, Username="ann", MFAOptions=[
            {"DeliveryMedium": "EMAIL", "AttributeName": "email"}])
    assert error_of(excinfo) == (
        "InvalidParameterException", "Only SMS to phone_number can be set as an MFA option.",
        400)


# -- a real client library ------------------------------------------------------------------------


def test_pycognito_totp_enrolment_and_srp_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = idp.create_user_pool(PoolName="mfa")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="app")[
        "UserPoolClient"]["ClientId"]  # the default flows: SRP and refresh
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    add_user(idp, pool, "ann")

    ann = Cognito(pool, client, username="ann")
    ann.authenticate(password=PASSWORD)
    secret = ann.associate_software_token()
    assert ann.verify_software_token(code_of(cognito_fake, secret), "phone")
    ann.set_user_mfa_preference(False, True, "SOFTWARE_TOKEN")

    cognito_fake.clock.advance(30)
    again = Cognito(pool, client, username="ann")
    with pytest.raises(SoftwareTokenMFAChallengeException):
        again.authenticate(password=PASSWORD)
    again.respond_to_software_token_mfa_challenge(code_of(cognito_fake, secret))
    assert idp.get_user(AccessToken=again.access_token)["PreferredMfaSetting"] == (
        "SOFTWARE_TOKEN_MFA")


def test_null_members_of_a_stored_block_read_as_absent(cognito_fake: CognitoFake,
                                                       idp: Any) -> None:
    """A JSON null member is an absent one: it is not stored, and never sent back as null
    (found by tests/test_wire.py's random-input property test)."""
    pool_id = idp.create_user_pool(PoolName="nulls")["UserPool"]["Id"]
    answer = requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.SetUserPoolMfaConfig",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"UserPoolId": pool_id,
                         "WebAuthnConfiguration": {"RelyingPartyId": None}}),
        timeout=5)
    assert answer.status_code == 200
    assert answer.json() == {"MfaConfiguration": "OFF", "WebAuthnConfiguration": {}}
    described = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert described["WebAuthnConfiguration"] == {}
