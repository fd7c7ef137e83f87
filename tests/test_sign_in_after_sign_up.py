"""Signing in right after sign-up through boto3: SignUp's ``Session``, ConfirmSignUp with it and
the ``Session`` it answers, and InitiateAuth / AdminInitiateAuth ``USER_AUTH`` with that one,
with every session error's exact code, message and status (``operations/signup.py`` gives the
rules and their sources)."""

from __future__ import annotations

from typing import Any

import boto3
import jwt
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import CognitoFake
from tests.conftest import error_of, secret_hash

PASSWORD = "Passw0rd!"
FLOWS = ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
INVALID = ("NotAuthorizedException", "Invalid session for the user.", 400)
EXPIRED = ("NotAuthorizedException", "Invalid session for the user, session is expired.", 400)
USED = ("NotAuthorizedException",
        "Invalid session for the user, session can only be used once.", 400)
ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region,
                        config=Config(retries={"total_max_attempts": 1}))


def _pool(cognito_fake: CognitoFake, *, flows: list[str] | None = None,
          **settings: Any) -> tuple[str, str]:
    """A pool that verifies emails, and one client of it: (pool id, client id)."""
    [pool] = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop", "AutoVerifiedAttributes": ["email"], **settings,
        "clients": [{"ClientName": "web", "ExplicitAuthFlows": flows or FLOWS}],
    }]})
    return pool.user_pool_id, pool.client_ids["web"]


def _sign_up(idp: Any, client_id: str, username: str = "ana") -> dict[str, Any]:
    response: dict[str, Any] = idp.sign_up(
        ClientId=client_id, Username=username, Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
    return response


def _confirm(idp: Any, cognito_fake: CognitoFake, client_id: str, username: str = "ana",
             **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = idp.confirm_sign_up(
        ClientId=client_id, Username=username,
        ConfirmationCode=cognito_fake.outbox.last(username).code, **extra)
    return response


def _user_auth(idp: Any, client_id: str, session: str, username: str = "ana",
               **parameters: str) -> dict[str, Any]:
    response: dict[str, Any] = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_AUTH", Session=session,
        AuthParameters={"USERNAME": username, **parameters})
    return response


def _claims(response: dict[str, Any]) -> dict[str, Any]:
    token = response["AuthenticationResult"]["AccessToken"]
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def test_sign_up_then_confirm_then_tokens_with_no_password(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _pool(cognito_fake)
    signed_up = _sign_up(idp, client_id)
    assert signed_up["UserConfirmed"] is False
    assert signed_up["Session"].startswith("AYAB")

    confirmed = _confirm(idp, cognito_fake, client_id, Session=signed_up["Session"])
    assert set(confirmed) == {"Session", "ResponseMetadata"}
    assert confirmed["Session"] != signed_up["Session"]
    user = idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    assert user["UserStatus"] == "CONFIRMED"

    tokens = _user_auth(idp, client_id, confirmed["Session"])
    assert set(tokens["AuthenticationResult"]) == {
        "AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"}
    assert tokens["ChallengeParameters"] == {}
    assert _claims(tokens)["username"] == "ana"
    me = idp.get_user(AccessToken=tokens["AuthenticationResult"]["AccessToken"])
    assert me["Username"] == "ana"


def test_admin_initiate_auth_takes_the_session_too(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _pool(cognito_fake)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])

    tokens = idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                     AuthFlow="USER_AUTH", Session=confirmed["Session"],
                                     AuthParameters={"USERNAME": "ana"})
    assert _claims(tokens)["username"] == "ana"


def test_no_session_for_a_client_without_user_auth(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake, flows=["ALLOW_USER_PASSWORD_AUTH",
                                                     "ALLOW_REFRESH_TOKEN_AUTH"])
    signed_up = _sign_up(idp, client_id)
    assert "Session" not in signed_up
    assert set(_confirm(idp, cognito_fake, client_id)) == {"ResponseMetadata"}


def test_confirm_without_the_session_answers_no_session(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    signed_up = _sign_up(idp, client_id)
    assert set(_confirm(idp, cognito_fake, client_id)) == {"ResponseMetadata"}

    # SignUp's own Session does not sign in a user confirmed afterwards.
    with pytest.raises(ClientError) as refused:
        _user_auth(idp, client_id, signed_up["Session"])
    assert error_of(refused) == INVALID


def test_confirm_with_a_session_nobody_issued(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _pool(cognito_fake)
    _sign_up(idp, client_id)

    with pytest.raises(ClientError) as refused:
        _confirm(idp, cognito_fake, client_id, Session="AYAB" + "x" * 40)
    assert error_of(refused) == INVALID
    # Refused before anything else: the user is still to be confirmed, with the same code.
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserStatus"] == "UNCONFIRMED"
    assert set(_confirm(idp, cognito_fake, client_id)) == {"ResponseMetadata"}


def test_confirm_with_another_users_session(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    ana = _sign_up(idp, client_id, "ana")
    _sign_up(idp, client_id, "bo")

    with pytest.raises(ClientError) as refused:
        _confirm(idp, cognito_fake, client_id, "bo", Session=ana["Session"])
    assert error_of(refused) == INVALID


def test_confirm_with_a_late_or_spent_session(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    signed_up = _sign_up(idp, client_id)
    cognito_fake.clock.advance(181)  # the client's AuthSessionValidity: 3 minutes

    with pytest.raises(ClientError) as late:
        _confirm(idp, cognito_fake, client_id, Session=signed_up["Session"])
    assert error_of(late) == EXPIRED

    again = _sign_up(idp, client_id, "bo")
    _confirm(idp, cognito_fake, client_id, "bo", Session=again["Session"])
    with pytest.raises(ClientError) as spent:
        _confirm(idp, cognito_fake, client_id, "bo", Session=again["Session"])
    assert error_of(spent) == USED


def test_a_wrong_code_keeps_the_session(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    signed_up = _sign_up(idp, client_id)

    with pytest.raises(ClientError) as wrong:
        idp.confirm_sign_up(ClientId=client_id, Username="ana", ConfirmationCode="000000",
                            Session=signed_up["Session"])
    assert error_of(wrong) == ("CodeMismatchException",
                               "Invalid verification code provided, please try again.", 400)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=signed_up["Session"])
    assert _claims(_user_auth(idp, client_id, confirmed["Session"]))["username"] == "ana"


def test_a_challenge_session_is_no_sign_up_session(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])
    # A password sign-in's choice hands out a challenge session: it confirms nothing and signs
    # nobody in as a sign-up session.
    choice = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_AUTH",
                               AuthParameters={"USERNAME": "ana"})
    assert choice["ChallengeName"] == "SELECT_CHALLENGE"
    _sign_up(idp, client_id, "bo")

    with pytest.raises(ClientError) as confirm:
        _confirm(idp, cognito_fake, client_id, "bo", Session=choice["Session"])
    assert error_of(confirm) == INVALID
    with pytest.raises(ClientError) as sign_in:
        _user_auth(idp, client_id, choice["Session"])
    assert error_of(sign_in) == INVALID
    # And ConfirmSignUp's session answers no challenge.
    with pytest.raises(ClientError) as answer:
        idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="SELECT_CHALLENGE", Session=confirmed["Session"],
            ChallengeResponses={"USERNAME": "ana", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD})
    assert error_of(answer) == INVALID


def test_the_sign_in_session_is_used_once_by_its_own_user(idp: Any,
                                                          cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])
    _sign_up(idp, client_id, "bo")

    with pytest.raises(ClientError) as other:
        _user_auth(idp, client_id, confirmed["Session"], "bo")
    assert error_of(other) == INVALID
    _user_auth(idp, client_id, confirmed["Session"])
    with pytest.raises(ClientError) as again:
        _user_auth(idp, client_id, confirmed["Session"])
    assert error_of(again) == USED


def test_the_sign_in_session_expires(idp: Any, cognito_fake: CognitoFake) -> None:
    [pool] = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop", "AutoVerifiedAttributes": ["email"],
        "clients": [{"ClientName": "web", "ExplicitAuthFlows": FLOWS,
                     "AuthSessionValidity": 10}],
    }]})
    client_id = pool.client_ids["web"]
    cognito_fake.clock.freeze()
    ana = _confirm(idp, cognito_fake, client_id, "ana",
                   Session=_sign_up(idp, client_id, "ana")["Session"])
    bo = _confirm(idp, cognito_fake, client_id, "bo",
                  Session=_sign_up(idp, client_id, "bo")["Session"])

    cognito_fake.clock.advance(599)  # the client's AuthSessionValidity: 10 minutes
    assert _claims(_user_auth(idp, client_id, ana["Session"], "ana"))["username"] == "ana"
    cognito_fake.clock.advance(1)
    with pytest.raises(ClientError) as late:
        _user_auth(idp, client_id, bo["Session"], "bo")
    assert error_of(late) == EXPIRED


def test_a_user_disabled_since_confirming_is_refused(idp: Any,
                                                     cognito_fake: CognitoFake) -> None:
    pool_id, client_id = _pool(cognito_fake)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])
    idp.admin_disable_user(UserPoolId=pool_id, Username="ana")

    with pytest.raises(ClientError) as refused:
        _user_auth(idp, client_id, confirmed["Session"])
    assert error_of(refused) == ("NotAuthorizedException", "User is disabled.", 400)


def test_a_secret_client_needs_its_secret_hash_first(idp: Any, cognito_fake: CognitoFake) -> None:
    [pool] = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop", "AutoVerifiedAttributes": ["email"],
        "clients": [{"ClientName": "web", "ExplicitAuthFlows": FLOWS, "GenerateSecret": True}],
    }]})
    client_id = pool.client_ids["web"]
    secret = idp.describe_user_pool_client(
        UserPoolId=pool.user_pool_id, ClientId=client_id)["UserPoolClient"]["ClientSecret"]
    ana_hash = secret_hash(secret, "ana", client_id)
    signed_up = idp.sign_up(ClientId=client_id, Username="ana", Password=PASSWORD,
                            SecretHash=ana_hash,
                            UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    confirmed = _confirm(idp, cognito_fake, client_id, SecretHash=ana_hash,
                         Session=signed_up["Session"])

    with pytest.raises(ClientError) as missing:
        _user_auth(idp, client_id, confirmed["Session"])
    assert error_of(missing) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured with secret but SECRET_HASH was not received", 400)
    tokens = _user_auth(idp, client_id, confirmed["Session"], SECRET_HASH=ana_hash)
    assert _claims(tokens)["username"] == "ana"


def test_a_user_confirmed_at_sign_up_signs_in_with_sign_ups_session(
        idp: Any, cognito_fake: CognitoFake) -> None:
    def confirm(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["autoConfirmUser"] = True
        return event

    cognito_fake.lambdas.register(ARN.format("PreSignUp"), confirm)
    _pool_id, client_id = _pool(cognito_fake, LambdaConfig={"PreSignUp": ARN.format("PreSignUp")})
    signed_up = _sign_up(idp, client_id)
    assert signed_up["UserConfirmed"] is True

    assert _claims(_user_auth(idp, client_id, signed_up["Session"]))["username"] == "ana"


def test_no_mfa_after_the_confirmation_code(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(
        cognito_fake, flows=[*FLOWS, "ALLOW_USER_PASSWORD_AUTH"], MfaConfiguration="ON",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"})
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])
    _confirm(idp, cognito_fake, client_id, "bo", Session=_sign_up(idp, client_id, "bo")["Session"])

    # A password sign-in is asked for MFA in this pool; the sign-in after sign-up is not.
    password = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                 AuthParameters={"USERNAME": "bo", "PASSWORD": PASSWORD})
    assert password["ChallengeName"] == "MFA_SETUP"
    tokens = _user_auth(idp, client_id, confirmed["Session"])
    assert "ChallengeName" not in tokens
    assert _claims(tokens)["username"] == "ana"


def test_the_sign_in_triggers_fire(idp: Any, cognito_fake: CognitoFake) -> None:
    seen: list[str] = []

    def record(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["triggerSource"])
        return event

    config = {}
    for trigger in ("PreAuthentication", "PostAuthentication", "PreTokenGeneration"):
        cognito_fake.lambdas.register(ARN.format(trigger), record)
        config[trigger] = ARN.format(trigger)
    _pool_id, client_id = _pool(cognito_fake, LambdaConfig=config)
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])
    assert seen == []

    _user_auth(idp, client_id, confirmed["Session"])
    assert seen[0] == "PreAuthentication_Authentication"
    assert sorted(seen[1:]) == ["PostAuthentication_Authentication",
                                "TokenGeneration_Authentication"]


def test_a_failing_pre_authentication_keeps_the_session(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    calls: list[str] = []

    def refuse_once(event: dict[str, Any], context: Any) -> dict[str, Any]:
        calls.append(event["userName"])
        if len(calls) == 1:
            raise RuntimeError("not yet")
        return event

    cognito_fake.lambdas.register(ARN.format("PreAuthentication"), refuse_once)
    _pool_id, client_id = _pool(
        cognito_fake, LambdaConfig={"PreAuthentication": ARN.format("PreAuthentication")})
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])

    with pytest.raises(ClientError) as refused:
        _user_auth(idp, client_id, confirmed["Session"])
    assert error_of(refused) == ("UserLambdaValidationException",
                                 "PreAuthentication failed with error not yet.", 400)
    assert _claims(_user_auth(idp, client_id, confirmed["Session"]))["username"] == "ana"


def test_other_flows_ignore_a_session(idp: Any, cognito_fake: CognitoFake) -> None:
    _pool_id, client_id = _pool(cognito_fake, flows=["ALLOW_USER_AUTH",
                                                     "ALLOW_USER_PASSWORD_AUTH",
                                                     "ALLOW_REFRESH_TOKEN_AUTH"])
    confirmed = _confirm(idp, cognito_fake, client_id, Session=_sign_up(idp, client_id)["Session"])

    tokens = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               Session=confirmed["Session"],
                               AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
    assert _claims(tokens)["username"] == "ana"
    # ... and leave it unspent.
    assert _claims(_user_auth(idp, client_id, confirmed["Session"]))["username"] == "ana"
