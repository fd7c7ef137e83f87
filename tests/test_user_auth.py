"""Choice-based sign-in (USER_AUTH) and GetUserAuthFactors through boto3: the choice of first
factor, SELECT_CHALLENGE, the PASSWORD and PASSWORD_SRP factors, one-time passwords by email and
SMS through the outbox, unknown users, sessions, and every error with its exact text
(``flows/user_auth.py`` and ``operations/user_auth.py`` give the rules and their sources)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st
from pycognito.aws_srp import AWSSRP

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake.errors import NotImplementedByFake
from pytest_cognito_fake.flows import user_auth as rules
from tests.conftest import error_of, secret_hash

PASSWORD = "Passw0rd!"
EMAIL = "bob@example.com"
PHONE = "+14155550100"
ALL_FACTORS = ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]
FLOWS = ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.", 400)
INVALID_SESSION = ("NotAuthorizedException", "Invalid session for the user.", 400)
WRONG_CODE = ("CodeMismatchException", "Invalid code or auth state for the user.", 400)
NOT_AVAILABLE = ("InvalidParameterException",
                 "The selected challenge is not available for the user.", 400)


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region,
                        config=Config(retries={"total_max_attempts": 1}))


class Pool:
    """A pool allowing ``factors`` first, and helpers to add clients and users."""

    def __init__(self, idp: Any, factors: list[str] | None = None, **settings: Any) -> None:
        self.idp = idp
        if factors is not None:
            settings["Policies"] = {"SignInPolicy": {"AllowedFirstAuthFactors": factors}}
        self.id = str(idp.create_user_pool(PoolName="choice", **settings)["UserPool"]["Id"])

    def client(self, flows: list[str] | None = None, **settings: Any) -> tuple[str, str | None]:
        made = self.idp.create_user_pool_client(
            UserPoolId=self.id, ClientName="web", ExplicitAuthFlows=flows or FLOWS,
            **settings)["UserPoolClient"]
        return str(made["ClientId"]), made.get("ClientSecret")

    def user(self, username: str = "bob", password: str | None = PASSWORD,
             **attributes: str) -> None:
        """A CONFIRMED user; ``password=None`` makes a passwordless one with a passwordless
        SignUp (the pool must allow a one-time-password first factor)."""
        given = [{"Name": k, "Value": v} for k, v in attributes.items()]
        if password is None:
            client, _ = self.client()
            self.idp.sign_up(ClientId=client, Username=username, UserAttributes=given)
            self.idp.admin_confirm_sign_up(UserPoolId=self.id, Username=username)
            # AdminConfirmSignUp verifies nothing: set the verification flags as given.
            self.idp.admin_update_user_attributes(UserPoolId=self.id, Username=username,
                                                  UserAttributes=given)
            return
        self.idp.admin_create_user(UserPoolId=self.id, Username=username,
                                   MessageAction="SUPPRESS", UserAttributes=given)
        self.idp.admin_set_user_password(UserPoolId=self.id, Username=username,
                                         Password=password, Permanent=True)

    def full_user(self, username: str = "bob", password: str | None = PASSWORD) -> None:
        self.user(username, password, email=EMAIL, email_verified="true", phone_number=PHONE,
                  phone_number_verified="true")


def start(idp: Any, client: str, username: str = "bob", **parameters: str) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH",
                                  AuthParameters={"USERNAME": username, **parameters}))


def answer(idp: Any, client: str, name: str, session: str, username: str = "bob",
           **responses: str) -> dict[str, Any]:
    return dict(idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName=name, Session=session,
        ChallengeResponses={"USERNAME": username, **responses}))


def body(response: dict[str, Any]) -> dict[str, Any]:
    """The response without metadata, and with the opaque Session replaced by its presence."""
    out = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    if "Session" in out:
        out["Session"] = bool(out["Session"])
    return out


def fails(call: Any, *args: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(*args, **kwargs)
    return error_of(excinfo)


def signed_in(response: dict[str, Any]) -> bool:
    result = response.get("AuthenticationResult") or {}
    return sorted(result) == ["AccessToken", "ExpiresIn", "IdToken", "RefreshToken",
                              "TokenType"] and response["ChallengeParameters"] == {}


# -- the flow, the client, the parameters ---------------------------------------------------------


def test_the_client_must_allow_user_auth(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client(["ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"])

    assert fails(start, idp, client) == (
        "InvalidParameterException", "USER_AUTH flow not enabled for this client", 400)
    assert fails(idp.admin_initiate_auth, UserPoolId=pool.id, ClientId=client,
                 AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "bob"}) == (
        "InvalidParameterException", "Auth flow not enabled for this client", 400)


def test_username_is_required(idp: Any) -> None:
    pool = Pool(idp)
    client, _ = pool.client()

    assert fails(idp.initiate_auth, ClientId=client, AuthFlow="USER_AUTH",
                 AuthParameters={"PREFERRED_CHALLENGE": "PASSWORD"}) == (
        "InvalidParameterException", "Missing required parameter USERNAME", 400)


def test_secret_hash_on_initiate_and_on_the_answer(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, secret = pool.client(GenerateSecret=True)
    assert secret is not None
    good = secret_hash(secret, "bob", client)

    assert fails(start, idp, client) == (
        "NotAuthorizedException",
        f"Client {client} is configured with secret but SECRET_HASH was not received", 400)
    assert fails(start, idp, client, SECRET_HASH=secret_hash(secret, "eve", client)) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client}", 400)
    session = start(idp, client, SECRET_HASH=good)["Session"]
    # In a challenge answer a missing SECRET_HASH gets the mismatch text (as the MFA answers).
    assert fails(answer, idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD",
                 PASSWORD=PASSWORD) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {client}", 400)
    assert signed_in(answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD",
                            PASSWORD=PASSWORD, SECRET_HASH=good))


# -- which challenges are available ---------------------------------------------------------------


@pytest.mark.parametrize(("factors", "attributes", "password", "expected"), [
    (None, {}, PASSWORD, ["PASSWORD", "PASSWORD_SRP"]),
    (ALL_FACTORS, {"email": EMAIL, "email_verified": "true", "phone_number": PHONE,
                   "phone_number_verified": "true"}, PASSWORD,
     ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]),
    # Unverified addresses do not count.
    (ALL_FACTORS, {"email": EMAIL, "phone_number": PHONE}, PASSWORD, ["PASSWORD", "PASSWORD_SRP"]),
    # A passwordless user.
    (ALL_FACTORS, {"email": EMAIL, "email_verified": "true"}, None, ["EMAIL_OTP"]),
    # What the pool does not allow is not offered.
    (["PASSWORD", "SMS_OTP"], {"email": EMAIL, "email_verified": "true", "phone_number": PHONE,
                               "phone_number_verified": "true"}, PASSWORD,
     ["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]),
    # Passkeys are not modelled: nobody has one.
    (["PASSWORD", "WEB_AUTHN"], {}, PASSWORD, ["PASSWORD", "PASSWORD_SRP"]),
])
def test_select_challenge_lists_what_the_pool_and_the_user_allow(
        idp: Any, factors: list[str] | None, attributes: dict[str, str], password: str | None,
        expected: list[str]) -> None:
    pool = Pool(idp, factors)
    pool.user(password=password, **attributes)
    client, _ = pool.client()

    assert body(start(idp, client)) == {
        "ChallengeName": "SELECT_CHALLENGE", "Session": True, "ChallengeParameters": {},
        "AvailableChallenges": expected}


def test_no_one_time_password_first_factor_where_mfa_is_required(idp: Any) -> None:
    pool = Pool(idp, ALL_FACTORS, MfaConfiguration="ON",
                SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"})
    pool.full_user()
    client, _ = pool.client()

    assert start(idp, client)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    # Asking for one falls back to the choice.
    assert start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")["ChallengeName"] == (
        "SELECT_CHALLENGE")


@pytest.mark.parametrize("preferred", ["EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "SMS_MFA", "NONSENSE"])
def test_a_preference_the_user_cannot_use_gives_the_choice(idp: Any, preferred: str) -> None:
    pool = Pool(idp, ["PASSWORD", "EMAIL_OTP"])
    pool.user(email=EMAIL)  # not verified
    client, _ = pool.client()

    assert body(start(idp, client, PREFERRED_CHALLENGE=preferred)) == {
        "ChallengeName": "SELECT_CHALLENGE", "Session": True, "ChallengeParameters": {},
        "AvailableChallenges": ["PASSWORD", "PASSWORD_SRP"]}


# -- the password factors -------------------------------------------------------------------------


def test_preferred_password_with_the_password_signs_in(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()

    assert signed_in(start(idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD))
    assert fails(start, idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="wrong") == (
        INCORRECT)


def test_preferred_password_without_the_password_is_asked_for(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()

    asked = start(idp, client, PREFERRED_CHALLENGE="PASSWORD")
    assert body(asked) == {"ChallengeName": "PASSWORD", "Session": True,
                           "ChallengeParameters": {}}
    assert fails(answer, idp, client, "PASSWORD", asked["Session"]) == (
        "InvalidParameterException", "Missing required parameter PASSWORD", 400)
    assert fails(answer, idp, client, "PASSWORD", asked["Session"], PASSWORD="wrong") == (
        INCORRECT)
    # A wrong password leaves the session open; the right one uses it up.
    assert signed_in(answer(idp, client, "PASSWORD", asked["Session"], PASSWORD=PASSWORD))
    assert fails(answer, idp, client, "PASSWORD", asked["Session"], PASSWORD=PASSWORD) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)


def test_the_password_factor_runs_the_password_checks(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    for _ in range(5):
        fails(start, idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="wrong")

    assert fails(start, idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD) == (
        "NotAuthorizedException", "Password attempts exceeded", 400)
    # The lockout is the user's, whichever flow asks next.
    assert fails(start, idp, client) == (
        "NotAuthorizedException", "Password attempts exceeded", 400)


def test_password_srp_preferred_with_srp_a(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    srp_client = AWSSRP(username="bob", password=PASSWORD, pool_id=pool.id, client_id=client,
                        client=idp)

    first = start(idp, client, PREFERRED_CHALLENGE="PASSWORD_SRP",
                  SRP_A=srp_client.get_auth_params()["SRP_A"])
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert sorted(first["ChallengeParameters"]) == [
        "SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"]
    assert first["Session"]
    proof = srp_client.process_challenge(first["ChallengeParameters"],
                                         srp_client.get_auth_params())
    assert signed_in(dict(idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="PASSWORD_VERIFIER", Session=first["Session"],
        ChallengeResponses=proof)))


def test_password_srp_with_a_wrong_password_fails(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    srp_client = AWSSRP(username="bob", password="wrong", pool_id=pool.id, client_id=client,
                        client=idp)
    first = start(idp, client, PREFERRED_CHALLENGE="PASSWORD_SRP",
                  SRP_A=srp_client.get_auth_params()["SRP_A"])
    proof = srp_client.process_challenge(first["ChallengeParameters"],
                                         srp_client.get_auth_params())

    assert fails(idp.respond_to_auth_challenge, ClientId=client,
                 ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=proof) == INCORRECT


def test_select_password_srp_then_the_verifier(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    srp_client = AWSSRP(username="bob", password=PASSWORD, pool_id=pool.id, client_id=client,
                        client=idp)
    session = start(idp, client)["Session"]

    # Without SRP_A the PASSWORD_SRP challenge is issued; with it, the SRP exchange starts.
    asked = answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD_SRP")
    assert body(asked) == {"ChallengeName": "PASSWORD_SRP", "Session": True,
                           "ChallengeParameters": {}}
    verifier = answer(idp, client, "PASSWORD_SRP", asked["Session"],
                      SRP_A=srp_client.get_auth_params()["SRP_A"])
    assert verifier["ChallengeName"] == "PASSWORD_VERIFIER"
    proof = srp_client.process_challenge(verifier["ChallengeParameters"],
                                         srp_client.get_auth_params())
    assert signed_in(dict(idp.respond_to_auth_challenge(
        ClientId=client, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=proof)))


def test_select_password_with_the_password(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    session = start(idp, client)["Session"]

    assert fails(answer, idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD",
                 PASSWORD="wrong") == INCORRECT
    assert signed_in(answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD",
                            PASSWORD=PASSWORD))


def test_a_temporary_password_leads_to_new_password_required(idp: Any) -> None:
    pool = Pool(idp)
    idp.admin_create_user(UserPoolId=pool.id, Username="bob", MessageAction="SUPPRESS",
                          TemporaryPassword="Temp-Passw0rd1")
    client, _ = pool.client()

    challenge = start(idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="Temp-Passw0rd1")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert signed_in(answer(idp, client, "NEW_PASSWORD_REQUIRED", challenge["Session"],
                            NEW_PASSWORD="Chosen-Passw0rd"))


def test_mfa_follows_a_password_but_not_a_one_time_password(idp: Any,
                                                            cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS, MfaConfiguration="OPTIONAL",
                SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"})
    pool.full_user()
    idp.admin_set_user_mfa_preference(UserPoolId=pool.id, Username="bob",
                                      SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    client, _ = pool.client()

    by_password = start(idp, client, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    assert by_password["ChallengeName"] == "SMS_MFA"

    by_code = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = cognito_fake.outbox.last().code
    assert code is not None
    assert signed_in(answer(idp, client, "EMAIL_OTP", by_code["Session"], EMAIL_OTP_CODE=code))


# -- one-time passwords ---------------------------------------------------------------------------


def test_email_otp_first_factor(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()

    challenge = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")
    assert body(challenge) == {
        "ChallengeName": "EMAIL_OTP", "Session": True,
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                "CODE_DELIVERY_DESTINATION": "b***@e***",
                                "USER_ID_FOR_SRP": "bob"}}
    sent = cognito_fake.outbox.last()
    assert (sent.kind, sent.medium, sent.to, sent.subject) == (
        "mfa", "EMAIL", EMAIL, "Your authentication code")
    assert sent.code is not None and len(sent.code) == 8 and sent.code.isdigit()
    assert sent.body == f"Your authentication code is {sent.code}."

    wrong = "00000000" if sent.code != "00000000" else "11111111"
    assert fails(answer, idp, client, "EMAIL_OTP", challenge["Session"],
                 EMAIL_OTP_CODE=wrong) == WRONG_CODE
    # The session stays open after a wrong code.
    assert signed_in(answer(idp, client, "EMAIL_OTP", challenge["Session"],
                            EMAIL_OTP_CODE=sent.code))


def test_sms_otp_chosen_from_the_list(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS,
                SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"},
                SmsAuthenticationMessage="Sign in with {####}")
    pool.full_user()
    client, _ = pool.client()
    session = start(idp, client)["Session"]

    challenge = answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="SMS_OTP")
    assert body(challenge) == {
        "ChallengeName": "SMS_OTP", "Session": True,
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                                "CODE_DELIVERY_DESTINATION": "+*******0100",
                                "USER_ID_FOR_SRP": "bob"}}
    sent = cognito_fake.outbox.last()
    assert (sent.medium, sent.to) == ("SMS", PHONE)
    assert sent.code is not None and len(sent.code) == 6
    assert sent.body == f"Sign in with {sent.code}"
    assert fails(answer, idp, client, "SMS_OTP", challenge["Session"]) == (
        "InvalidParameterException", "Missing required parameter SMS_OTP_CODE", 400)
    assert signed_in(answer(idp, client, "SMS_OTP", challenge["Session"], SMS_OTP_CODE=sent.code))


def test_the_code_lives_as_long_as_the_session(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()
    challenge = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = cognito_fake.outbox.last().code
    assert code is not None

    cognito_fake.clock.advance(181)  # AuthSessionValidity: 3 minutes by default

    assert fails(answer, idp, client, "EMAIL_OTP", challenge["Session"],
                 EMAIL_OTP_CODE=code) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


def test_wrong_codes_count_toward_the_lockout(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()
    challenge = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = cognito_fake.outbox.last().code
    wrong = "00000000" if code != "00000000" else "11111111"
    for _ in range(5):
        assert fails(answer, idp, client, "EMAIL_OTP", challenge["Session"],
                     EMAIL_OTP_CODE=wrong) == WRONG_CODE

    assert fails(start, idp, client, PREFERRED_CHALLENGE="EMAIL_OTP") == (
        "NotAuthorizedException", "Password attempts exceeded", 400)


def test_a_passwordless_sign_up_signs_in_with_an_email_code(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ["PASSWORD", "EMAIL_OTP"], AutoVerifiedAttributes=["email"],
                UsernameAttributes=["email"])
    client, _ = pool.client()
    idp.sign_up(ClientId=client, Username=EMAIL,
                UserAttributes=[{"Name": "email", "Value": EMAIL}])
    confirmation = cognito_fake.outbox.last().code
    idp.confirm_sign_up(ClientId=client, Username=EMAIL, ConfirmationCode=confirmation)

    choice = start(idp, client, EMAIL)
    assert choice["AvailableChallenges"] == ["EMAIL_OTP"]
    challenge = answer(idp, client, "SELECT_CHALLENGE", choice["Session"], EMAIL,
                       ANSWER="EMAIL_OTP")
    code = cognito_fake.outbox.last().code
    assert code is not None
    tokens = answer(idp, client, "EMAIL_OTP", challenge["Session"], EMAIL, EMAIL_OTP_CODE=code)
    factors = idp.get_user_auth_factors(AccessToken=tokens["AuthenticationResult"]["AccessToken"])
    assert factors["ConfiguredUserAuthFactors"] == ["EMAIL_OTP"]


def test_admin_initiate_and_admin_respond(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()

    choice = idp.admin_initiate_auth(UserPoolId=pool.id, ClientId=client, AuthFlow="USER_AUTH",
                                     AuthParameters={"USERNAME": "bob"})
    challenge = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id, ClientId=client, ChallengeName="SELECT_CHALLENGE",
        Session=choice["Session"], ChallengeResponses={"USERNAME": "bob", "ANSWER": "EMAIL_OTP"})
    code = cognito_fake.outbox.last().code
    assert code is not None
    tokens = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id, ClientId=client, ChallengeName="EMAIL_OTP",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "bob", "EMAIL_OTP_CODE": code})
    assert signed_in(dict(tokens))


def test_email_otp_still_answers_email_mfa(idp: Any) -> None:
    """The EMAIL_OTP challenge name serves both; a first-factor session is not an MFA one."""
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()
    select = start(idp, client)["Session"]

    assert fails(answer, idp, client, "EMAIL_OTP", select, EMAIL_OTP_CODE="12345678") == (
        INVALID_SESSION)


def test_a_temporary_password_is_replaced_after_a_one_time_password(
        idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    idp.admin_create_user(UserPoolId=pool.id, Username="bob", MessageAction="SUPPRESS",
                          TemporaryPassword="Temp-Passw0rd1",
                          UserAttributes=[{"Name": "email", "Value": EMAIL},
                                          {"Name": "email_verified", "Value": "true"}])
    client, _ = pool.client()
    challenge = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")

    code = str(cognito_fake.outbox.last().code)
    after = answer(idp, client, "EMAIL_OTP", challenge["Session"], EMAIL_OTP_CODE=code)
    assert after["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert signed_in(answer(idp, client, "NEW_PASSWORD_REQUIRED", after["Session"],
                            NEW_PASSWORD="Chosen-Passw0rd"))



def test_sign_in_triggers_around_a_code(idp: Any, cognito_fake: CognitoFake) -> None:
    """PreAuthentication before the code is sent, PostAuthentication and PreTokenGeneration
    (``TokenGeneration_Authentication``) when it is answered; none for the choice itself."""
    seen: list[str] = []

    def record(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["triggerSource"])
        return event

    arn = "arn:aws:lambda:us-east-1:123456789012:function:{}"
    config = {}
    for trigger in ("PreAuthentication", "PostAuthentication", "PreTokenGeneration"):
        cognito_fake.lambdas.register(arn.format(trigger), record)
        config[trigger] = arn.format(trigger)
    pool = Pool(idp, ALL_FACTORS, LambdaConfig=config)
    pool.full_user()
    client, _ = pool.client()

    choice = start(idp, client)
    assert seen == []
    challenge = answer(idp, client, "SELECT_CHALLENGE", choice["Session"], ANSWER="EMAIL_OTP")
    assert seen == ["PreAuthentication_Authentication"]
    code = str(cognito_fake.outbox.last().code)
    assert signed_in(answer(idp, client, "EMAIL_OTP", challenge["Session"],
                            EMAIL_OTP_CODE=code))
    # (Their order is the token hooks' business, tested with the triggers.)
    assert seen[0] == "PreAuthentication_Authentication"
    assert sorted(seen[1:]) == ["PostAuthentication_Authentication",
                                "TokenGeneration_Authentication"]

# -- the answer and its session -------------------------------------------------------------------


def test_an_answer_that_was_not_offered(idp: Any) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.user(email=EMAIL)  # not verified: no EMAIL_OTP
    client, _ = pool.client()
    session = start(idp, client)["Session"]

    for not_offered in ("EMAIL_OTP", "SMS_MFA", "WEB_AUTHN"):
        assert fails(answer, idp, client, "SELECT_CHALLENGE", session,
                     ANSWER=not_offered) == NOT_AVAILABLE
    assert fails(answer, idp, client, "SELECT_CHALLENGE", session) == (
        "InvalidParameterException", "Missing required parameter ANSWER", 400)


def test_session_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp)
    pool.user()
    pool.user("eve")
    client, _ = pool.client()
    session = start(idp, client)["Session"]

    assert fails(answer, idp, client, "SELECT_CHALLENGE", "AYAB" + "x" * 40,
                 ANSWER="PASSWORD", PASSWORD=PASSWORD) == INVALID_SESSION
    # Another user's name, or another challenge's name, with this session.
    assert fails(answer, idp, client, "SELECT_CHALLENGE", session, "eve",
                 ANSWER="PASSWORD", PASSWORD=PASSWORD) == INVALID_SESSION
    assert fails(answer, idp, client, "PASSWORD", session, PASSWORD=PASSWORD) == INVALID_SESSION
    cognito_fake.clock.advance(181)
    assert fails(answer, idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD",
                 PASSWORD=PASSWORD) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


def test_a_session_is_used_once(idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()
    session = start(idp, client)["Session"]
    answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD")

    assert fails(answer, idp, client, "SELECT_CHALLENGE", session, ANSWER="PASSWORD") == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)


# -- who may sign in ------------------------------------------------------------------------------


def test_unknown_user_legacy(idp: Any) -> None:
    pool = Pool(idp, ALL_FACTORS)
    client, _ = pool.client()

    for parameters in ({}, {"PREFERRED_CHALLENGE": "EMAIL_OTP"},
                       {"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}):
        assert fails(start, idp, client, "ghost", **parameters) == (
            "UserNotFoundException", "User does not exist.", 400)


def test_unknown_user_hidden(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS)
    client, _ = pool.client(PreventUserExistenceErrors="ENABLED")

    choice = start(idp, client, "ghost")
    assert body(choice) == {
        "ChallengeName": "SELECT_CHALLENGE", "Session": True, "ChallengeParameters": {},
        "AvailableChallenges": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]}
    assert fails(answer, idp, client, "SELECT_CHALLENGE", choice["Session"], "ghost",
                 ANSWER="PASSWORD", PASSWORD=PASSWORD) == INCORRECT
    assert fails(start, idp, client, "ghost", PREFERRED_CHALLENGE="PASSWORD",
                 PASSWORD=PASSWORD) == INCORRECT

    # A code challenge that sends nothing and that no code answers.
    challenge = answer(idp, client, "SELECT_CHALLENGE", choice["Session"], "ghost",
                       ANSWER="EMAIL_OTP")
    assert body(challenge) == {
        "ChallengeName": "EMAIL_OTP", "Session": True,
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                "CODE_DELIVERY_DESTINATION": "g***",
                                "USER_ID_FOR_SRP": "ghost"}}
    assert len(cognito_fake.outbox) == 0
    assert fails(answer, idp, client, "EMAIL_OTP", challenge["Session"], "ghost",
                 EMAIL_OTP_CODE="12345678") == WRONG_CODE


def test_disabled_and_unconfirmed_users(idp: Any) -> None:
    pool = Pool(idp, ALL_FACTORS)
    pool.full_user()
    client, _ = pool.client()
    idp.sign_up(ClientId=client, Username="newcomer", Password=PASSWORD)

    assert fails(start, idp, client, "newcomer") == (
        "UserNotConfirmedException", "User is not confirmed.", 400)
    idp.admin_disable_user(UserPoolId=pool.id, Username="bob")
    for parameters in ({}, {"PREFERRED_CHALLENGE": "EMAIL_OTP"},
                       {"PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}):
        assert fails(start, idp, client, **parameters) == (
            "NotAuthorizedException", "User is disabled.", 400)


# -- passkeys -------------------------------------------------------------------------------------


def test_passkeys_are_not_implemented(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ["PASSWORD", "WEB_AUTHN"])
    pool.user()
    client, _ = pool.client()

    with pytest.raises(NotImplementedByFake, match="passkeys"):
        start(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN")
    session = start(idp, client)["Session"]
    with pytest.raises(NotImplementedByFake, match="passkeys"):
        answer(idp, client, "SELECT_CHALLENGE", session, ANSWER="WEB_AUTHN")
    cognito_fake.bugs.clear()


# -- GetUserAuthFactors ---------------------------------------------------------------------------


def access_token(idp: Any, client: str, username: str = "bob") -> str:
    tokens = start(idp, client, username, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    return str(tokens["AuthenticationResult"]["AccessToken"])


def test_get_user_auth_factors(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp, ALL_FACTORS,
                SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"},
                MfaConfiguration="OPTIONAL")
    pool.user("plain")
    pool.full_user()
    client, _ = pool.client()

    assert body(idp.get_user_auth_factors(AccessToken=access_token(idp, client, "plain"))) == {
        "Username": "plain", "ConfiguredUserAuthFactors": ["PASSWORD"]}
    idp.admin_set_user_mfa_preference(UserPoolId=pool.id, Username="bob",
                                      SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    first = start(idp, client, PREFERRED_CHALLENGE="EMAIL_OTP")
    tokens = answer(idp, client, "EMAIL_OTP", first["Session"],
                    EMAIL_OTP_CODE=str(cognito_fake.outbox.last().code))
    assert body(idp.get_user_auth_factors(
        AccessToken=tokens["AuthenticationResult"]["AccessToken"])) == {
        "Username": "bob", "PreferredMfaSetting": "SMS_MFA", "UserMFASettingList": ["SMS_MFA"],
        "ConfiguredUserAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]}


def test_get_user_auth_factors_errors(idp: Any, cognito_fake: CognitoFake) -> None:
    pool = Pool(idp)
    pool.full_user()
    client, _ = pool.client()
    token = access_token(idp, client)

    assert fails(idp.get_user_auth_factors, AccessToken="garbage") == (
        "NotAuthorizedException", "Invalid Access Token", 400)
    idp.admin_reset_user_password(UserPoolId=pool.id, Username="bob")
    assert fails(idp.get_user_auth_factors, AccessToken=token) == (
        "PasswordResetRequiredException", "Password reset required for the user", 400)
    cognito_fake.clock.advance(3601)
    assert fails(idp.get_user_auth_factors, AccessToken=token) == (
        "NotAuthorizedException", "Access Token has expired", 400)


# -- the wire -------------------------------------------------------------------------------------


def test_the_wire_form_of_select_challenge(cognito_fake: CognitoFake, idp: Any) -> None:
    pool = Pool(idp)
    pool.user()
    client, _ = pool.client()

    response = requests.post(
        f"https://cognito-idp.{cognito_fake.region}.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"ClientId": client, "AuthFlow": "USER_AUTH",
                         "AuthParameters": {"USERNAME": "bob"}}), timeout=5)

    assert response.status_code == 200
    sent = response.json()
    assert sorted(sent) == ["AvailableChallenges", "ChallengeName", "ChallengeParameters",
                            "Session"]
    assert sent["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    assert sent["Session"].startswith("AYAB")


# -- the pure rules -------------------------------------------------------------------------------


first_factor_pools = st.builds(
    rules.FirstFactorPool,
    allowed=st.frozensets(st.sampled_from(rules.FACTORS), min_size=1),
    mfa_required=st.booleans())
first_factor_users = st.builds(rules.FirstFactorUser, has_password=st.booleans(),
                               verified_email=st.booleans(), verified_phone=st.booleans())


@given(first_factor_pools, st.none() | first_factor_users)
def test_available_challenges_follow_the_factors(pool: rules.FirstFactorPool,
                                                 user: rules.FirstFactorUser | None) -> None:
    available = rules.available_challenges(pool, user)
    factors = rules.configured_factors(pool, user)

    assert set(factors) <= pool.allowed
    assert ("PASSWORD" in available) == ("PASSWORD_SRP" in available) == ("PASSWORD" in factors)
    assert "WEB_AUTHN" not in available
    if pool.mfa_required:
        assert not set(available) & rules.OTP_CHALLENGES


@given(first_factor_pools, first_factor_users,
       st.none() | st.sampled_from(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP",
                                    "SMS_MFA"]),
       st.frozensets(st.sampled_from(["PASSWORD", "SRP_A"])))
def test_a_preference_is_taken_only_when_available(
        pool: rules.FirstFactorPool, user: rules.FirstFactorUser, preferred: str | None,
        given_parameters: frozenset[str]) -> None:
    available = rules.available_challenges(pool, user)
    step = rules.start(pool, available, preferred, given_parameters)

    if preferred in available:
        assert step.challenge == preferred
        assert step.ask == (preferred in rules.NEEDS
                            and rules.NEEDS[preferred] not in given_parameters)
    else:
        assert step == rules.Step("SELECT_CHALLENGE", options=available)

