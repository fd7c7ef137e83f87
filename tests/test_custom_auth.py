"""CUSTOM_AUTH through boto3 and raw HTTP: DefineAuthChallenge, CreateAuthChallenge and
VerifyAuthChallengeResponse with their exact events, sessions, errors, and the SRP start."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import boto3
import jwt
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from pytest_cognito_fake import CognitoFake, LambdaInvocationError
from pytest_cognito_fake.errors import NotImplementedByFake
from pytest_cognito_fake.flows.client_auth import secret_hash
from tests.conftest import error_of

REGION = "us-east-1"
PASSWORD = "Passw0rd!!"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
DEFINE, CREATE, VERIFY = (ARN + "define", ARN + "create", ARN + "verify")
PRE_AUTH, POST_AUTH, PRE_TOKEN = (ARN + "pre-auth", ARN + "post-auth", ARN + "pre-token")
SDK = "aws-sdk-unknown-unknown"
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.", 400)
NOT_CONFIGURED = ("InvalidParameterException",
                  "Custom auth lambda trigger is not configured for the user pool.", 400)
UNREADABLE = ("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON",
              400)

Handler = Callable[[dict[str, Any], Any], Any]


class Quiz:
    """The three custom-auth triggers of a small quiz: up to three tries at "What is 6 x 7?",
    with every event kept (a copy, as Cognito sends it)."""

    def __init__(self, tries: int = 3) -> None:
        self.tries = tries
        self.events: list[dict[str, Any]] = []

    def _keep(self, event: dict[str, Any]) -> None:
        self.events.append(copy.deepcopy(event))

    def define(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self._keep(event)
        session = event["request"]["session"]
        custom = [s for s in session if s["challengeName"] == "CUSTOM_CHALLENGE"]
        if custom and custom[-1]["challengeResult"]:
            event["response"].update(issueTokens=True, failAuthentication=False)
        elif len(custom) >= self.tries:
            event["response"].update(issueTokens=False, failAuthentication=True)
        elif session and session[-1]["challengeName"] == "SRP_A":
            event["response"].update(challengeName="PASSWORD_VERIFIER", issueTokens=False,
                                     failAuthentication=False)
        else:
            event["response"].update(challengeName="CUSTOM_CHALLENGE", issueTokens=False,
                                     failAuthentication=False)
        return event

    def create(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self._keep(event)
        attempt = len(event["request"]["session"])
        event["response"]["publicChallengeParameters"] = {"question": "What is 6 x 7?"}
        event["response"]["privateChallengeParameters"] = {"answer": "42"}
        event["response"]["challengeMetadata"] = f"QUIZ-{attempt}"
        return event

    def verify(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self._keep(event)
        request = event["request"]
        event["response"]["answerCorrect"] = (
            request["challengeAnswer"] == request["privateChallengeParameters"]["answer"])
        return event

    def of(self, source: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["triggerSource"] == source]


@pytest.fixture
def idp(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=REGION,
                        config=Config(retries={"total_max_attempts": 1}))


def make_pool(idp: Any, fake: CognitoFake, quiz: Quiz | None = None,
              triggers: tuple[str, ...] = ("define", "create", "verify"),
              **extra: Handler) -> str:
    quiz = quiz or Quiz()
    handlers: dict[str, tuple[str, Handler]] = {
        "DefineAuthChallenge": (DEFINE, quiz.define),
        "CreateAuthChallenge": (CREATE, quiz.create),
        "VerifyAuthChallengeResponse": (VERIFY, quiz.verify),
    }
    chosen = {key: handlers[key] for key, short in zip(
        handlers, ("define", "create", "verify"), strict=True) if short in triggers}
    more = {"PreAuthentication": PRE_AUTH, "PostAuthentication": POST_AUTH,
            "PreTokenGeneration": PRE_TOKEN}
    for key, handler in extra.items():
        chosen[key] = (more[key], handler)
    for arn, handler in chosen.values():
        fake.lambdas.register(arn, handler)
    config = {key: arn for key, (arn, _) in chosen.items()}
    return str(idp.create_user_pool(PoolName="quiz", LambdaConfig=config)["UserPool"]["Id"])


def make_client(idp: Any, pool_id: str, **settings: Any) -> str:
    settings.setdefault("ExplicitAuthFlows", ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH",
                                              "ALLOW_REFRESH_TOKEN_AUTH"])
    return str(idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                           **settings)["UserPoolClient"]["ClientId"])


def make_user(idp: Any, pool_id: str, username: str = "ann") -> str:
    user = idp.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "ann@example.com"}])["User"]
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD,
                                Permanent=True)
    return str(next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub"))


def start(idp: Any, client_id: str, username: str = "ann", **extra: Any) -> dict[str, Any]:
    return dict(idp.initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH",
                                  AuthParameters={"USERNAME": username}, **extra))


def answer(idp: Any, client_id: str, session: str, text: str, username: str = "ann",
           **extra: Any) -> dict[str, Any]:
    return dict(idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE", Session=session,
        ChallengeResponses={"USERNAME": username, "ANSWER": text}, **extra))


def envelope(pool_id: str, client_id: str, source: str, user_name: str = "ann") -> dict[str, Any]:
    return {"version": "1", "region": REGION, "userPoolId": pool_id, "userName": user_name,
            "callerContext": {"awsSdkVersion": SDK, "clientId": client_id},
            "triggerSource": source}


def attributes_of(sub: str) -> dict[str, str]:
    return {"sub": sub, "email": "ann@example.com", "cognito:user_status": "CONFIRMED"}


def step(name: str, result: bool, metadata: str | None = None) -> dict[str, Any]:
    return {"challengeName": name, "challengeResult": result, "challengeMetadata": metadata}


def sources(fake: CognitoFake) -> list[str]:
    return [event["triggerSource"] for _, event in fake.lambdas.invocations]


# -- the conversation ----------------------------------------------------------------------------


def test_the_whole_conversation_event_by_event(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)

    first = start(idp, client_id, ClientMetadata={"from": "initiate"})
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"] == {"question": "What is 6 x 7?", "USERNAME": "ann"}
    second = answer(idp, client_id, first["Session"], "41")
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert second["Session"] != first["Session"]
    done = answer(idp, client_id, second["Session"], "42")
    assert done["ChallengeParameters"] == {}
    result = done["AuthenticationResult"]
    assert jwt.decode(result["IdToken"], options={"verify_signature": False})["sub"] == sub

    user = attributes_of(sub)
    tried = step("CUSTOM_CHALLENGE", False, "QUIZ-0")
    solved = step("CUSTOM_CHALLENGE", True, "QUIZ-1")
    define_response = {"challengeName": None, "issueTokens": None, "failAuthentication": None}
    create_response = {"publicChallengeParameters": None, "privateChallengeParameters": None,
                       "challengeMetadata": None}
    assert quiz.events == [
        # InitiateAuth's ClientMetadata reaches none of the three.
        {**envelope(pool_id, client_id, "DefineAuthChallenge_Authentication"),
         "request": {"userAttributes": user, "session": []}, "response": define_response},
        {**envelope(pool_id, client_id, "CreateAuthChallenge_Authentication"),
         "request": {"userAttributes": user, "challengeName": "CUSTOM_CHALLENGE",
                     "session": []}, "response": create_response},
        {**envelope(pool_id, client_id, "VerifyAuthChallengeResponse_Authentication"),
         "request": {"userAttributes": user, "privateChallengeParameters": {"answer": "42"},
                     "challengeAnswer": "41"}, "response": {"answerCorrect": None}},
        {**envelope(pool_id, client_id, "DefineAuthChallenge_Authentication"),
         "request": {"userAttributes": user, "session": [tried]}, "response": define_response},
        {**envelope(pool_id, client_id, "CreateAuthChallenge_Authentication"),
         "request": {"userAttributes": user, "challengeName": "CUSTOM_CHALLENGE",
                     "session": [tried]}, "response": create_response},
        {**envelope(pool_id, client_id, "VerifyAuthChallengeResponse_Authentication"),
         "request": {"userAttributes": user, "privateChallengeParameters": {"answer": "42"},
                     "challengeAnswer": "42"}, "response": {"answerCorrect": None}},
        {**envelope(pool_id, client_id, "DefineAuthChallenge_Authentication"),
         "request": {"userAttributes": user, "session": [tried, solved]},
         "response": define_response},
    ]


def test_token_triggers_follow_issue_tokens(idp: Any, cognito_fake: CognitoFake) -> None:
    seen: list[dict[str, Any]] = []

    def keep(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(copy.deepcopy(event))
        return event

    pool_id = make_pool(idp, cognito_fake, PreAuthentication=keep, PostAuthentication=keep,
                        PreTokenGeneration=keep)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = start(idp, client_id, ClientMetadata={"from": "initiate"})
    answer(idp, client_id, first["Session"], "42", ClientMetadata={"from": "answer"})
    # No PreAuthentication without SRP; the answer's ClientMetadata reaches every trigger after.
    assert sources(cognito_fake) == [
        "DefineAuthChallenge_Authentication", "CreateAuthChallenge_Authentication",
        "VerifyAuthChallengeResponse_Authentication", "DefineAuthChallenge_Authentication",
        "TokenGeneration_Authentication", "PostAuthentication_Authentication"]
    after_answer = [event for _, event in cognito_fake.lambdas.invocations][2:]
    assert [e["request"].get("clientMetadata") for e in after_answer] == [
        {"from": "answer"}] * 4
    assert [e["triggerSource"] for e in seen] == ["TokenGeneration_Authentication",
                                                  "PostAuthentication_Authentication"]


def test_fail_authentication(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake, Quiz(tries=1))
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = start(idp, client_id)
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "41")
    assert error_of(excinfo) == INCORRECT


def test_define_may_issue_tokens_at_once(idp: Any, cognito_fake: CognitoFake) -> None:
    def define(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["issueTokens"] = True
        return event

    cognito_fake.lambdas.register(DEFINE, define)
    pool_id = idp.create_user_pool(PoolName="p", LambdaConfig={
        "DefineAuthChallenge": DEFINE})["UserPool"]["Id"]
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    result = start(idp, client_id)
    assert result["ChallengeParameters"] == {}
    assert result["AuthenticationResult"]["TokenType"] == "Bearer"


# -- sessions ------------------------------------------------------------------------------------


def test_sessions_are_used_once_and_replaced(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = start(idp, client_id)
    second = answer(idp, client_id, first["Session"], "41")
    # The challenge was replaced: its session is unknown now.
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)
    answer(idp, client_id, second["Session"], "42")
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, second["Session"], "42")
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.",
        400)


def test_session_expires_after_three_minutes(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = start(idp, client_id)
    cognito_fake.clock.advance(180)
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42")
    assert error_of(excinfo) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.", 400)


def test_answer_must_name_the_challenged_user(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    make_user(idp, pool_id, "bob")
    first = start(idp, client_id)
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42", username="bob")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE",
                                      Session=first["Session"],
                                      ChallengeResponses={"USERNAME": "ann"})
    assert error_of(excinfo) == ("InvalidParameterException",
                                 "Missing required parameter ANSWER", 400)


def test_a_session_of_another_challenge_is_refused(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake)
    client_id = make_client(idp, pool_id, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                             "ALLOW_CUSTOM_AUTH"])
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS",
                          TemporaryPassword="Temp0rary!!")
    other = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "ann", "PASSWORD": "Temp0rary!!"})
    assert other["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, other["Session"], "42")
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.", 400)


# -- users, clients, configuration ---------------------------------------------------------------


def test_unknown_user(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    legacy = make_client(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        start(idp, legacy, "nobody")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.", 400)
    assert quiz.events == []


def test_unknown_user_under_prevent_user_existence_errors(idp: Any,
                                                          cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    # The conversation runs as for a real user, and no answer signs anybody in.
    first = start(idp, client_id, "nobody")
    assert first["ChallengeParameters"] == {"question": "What is 6 x 7?", "USERNAME": "nobody"}
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42", username="nobody")
    assert error_of(excinfo) == INCORRECT
    assert quiz.events[0] == {
        **envelope(pool_id, client_id, "DefineAuthChallenge_Authentication", "nobody"),
        "request": {"userAttributes": {}, "session": [], "userNotFound": True},
        "response": {"challengeName": None, "issueTokens": None, "failAuthentication": None},
    }
    assert all(e["request"]["userNotFound"] is True for e in quiz.events)
    assert quiz.of("VerifyAuthChallengeResponse_Authentication")[0]["request"] == {
        "userAttributes": {}, "privateChallengeParameters": {"answer": "42"},
        "challengeAnswer": "42", "userNotFound": True}


def test_known_user_under_prevent_user_existence_errors(idp: Any,
                                                        cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id, PreventUserExistenceErrors="ENABLED")
    sub = make_user(idp, pool_id)
    first = start(idp, client_id)
    assert "AuthenticationResult" in answer(idp, client_id, first["Session"], "42")
    assert quiz.events[0]["request"] == {"userAttributes": attributes_of(sub), "session": [],
                                         "userNotFound": False}


def test_disabled_and_unconfirmed_users(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    idp.admin_disable_user(UserPoolId=pool_id, Username="ann")
    with pytest.raises(ClientError) as excinfo:
        start(idp, client_id)
    assert error_of(excinfo) == ("NotAuthorizedException", "User is disabled.", 400)
    idp.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    with pytest.raises(ClientError) as excinfo:
        start(idp, client_id, "bob")
    assert error_of(excinfo) == ("UserNotConfirmedException", "User is not confirmed.", 400)
    assert quiz.events == []


def test_missing_triggers(idp: Any, cognito_fake: CognitoFake) -> None:
    none = str(idp.create_user_pool(PoolName="bare")["UserPool"]["Id"])
    make_user(idp, none)
    with pytest.raises(ClientError) as excinfo:
        start(idp, make_client(idp, none))
    assert error_of(excinfo) == NOT_CONFIGURED
    define_only = make_pool(idp, cognito_fake, triggers=("define",))
    make_user(idp, define_only)
    with pytest.raises(ClientError) as excinfo:
        start(idp, make_client(idp, define_only))
    assert error_of(excinfo) == NOT_CONFIGURED
    no_verify = make_pool(idp, cognito_fake, triggers=("define", "create"))
    make_user(idp, no_verify)
    client_id = make_client(idp, no_verify)
    first = start(idp, client_id)
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42")
    assert error_of(excinfo) == NOT_CONFIGURED


def test_secret_client(idp: Any, cognito_fake: CognitoFake) -> None:
    pool_id = make_pool(idp, cognito_fake)
    made = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="server",
                                       GenerateSecret=True,
                                       ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH"])["UserPoolClient"]
    client_id, secret = made["ClientId"], made["ClientSecret"]
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        start(idp, client_id)
    assert error_of(excinfo) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured with secret but SECRET_HASH was not received", 400)
    good = secret_hash(secret, "ann", client_id)
    first = idp.initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH",
                              AuthParameters={"USERNAME": "ann", "SECRET_HASH": good})
    with pytest.raises(ClientError) as excinfo:
        answer(idp, client_id, first["Session"], "42")
    assert error_of(excinfo) == ("NotAuthorizedException",
                                 f"Unable to verify secret hash for client {client_id}", 400)
    done = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE", Session=first["Session"],
        ChallengeResponses={"USERNAME": "ann", "ANSWER": "42", "SECRET_HASH": good})
    assert "AuthenticationResult" in done


def test_admin_operations_and_a_custom_only_client(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id, ExplicitAuthFlows=["CUSTOM_AUTH_FLOW_ONLY"])
    make_user(idp, pool_id)
    first = idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                    AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ann"},
                                    ClientMetadata={"via": "admin"})
    done = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool_id, ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE",
        Session=first["Session"], ChallengeResponses={"USERNAME": "ann", "ANSWER": "42"},
        ClientMetadata={"via": "admin-answer"})
    assert "AuthenticationResult" in done
    assert [e["request"].get("clientMetadata") for e in quiz.events] == [
        None, None, {"via": "admin-answer"}, {"via": "admin-answer"}]


def test_through_raw_http(cognito_fake: CognitoFake, idp: Any) -> None:
    pool_id = make_pool(idp, cognito_fake)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)

    def post(operation: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(f"https://cognito-idp.{REGION}.amazonaws.com/", data=json.dumps(body),
                             headers={"X-Amz-Target":
                                      f"AWSCognitoIdentityProviderService.{operation}",
                                      "Content-Type": "application/x-amz-json-1.1"})

    first = post("InitiateAuth", {"ClientId": client_id, "AuthFlow": "CUSTOM_AUTH",
                                  "AuthParameters": {"USERNAME": "ann"}})
    assert first.status_code == 200
    session = first.json()["Session"]
    unknown = post("RespondToAuthChallenge", {
        "ClientId": client_id, "ChallengeName": "CUSTOM_CHALLENGE", "Session": "AYAB" + "x" * 40,
        "ChallengeResponses": {"USERNAME": "ann", "ANSWER": "42"}})
    assert unknown.status_code == 400
    assert unknown.json() == {"__type": "NotAuthorizedException",
                              "message": "Invalid session for the user."}
    done = post("RespondToAuthChallenge", {
        "ClientId": client_id, "ChallengeName": "CUSTOM_CHALLENGE", "Session": session,
        "ChallengeResponses": {"USERNAME": "ann", "ANSWER": "42"}})
    assert done.status_code == 200
    assert set(done.json()["AuthenticationResult"]) == {
        "AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}


# -- trigger replies and failures ----------------------------------------------------------------


def test_empty_private_parameters_fail_the_sign_in(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)

    def create(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["publicChallengeParameters"] = {"question": "?"}
        return event

    cognito_fake.lambdas.register(CREATE, create)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        start(idp, client_id)
    assert error_of(excinfo) == INCORRECT


def test_values_are_strings(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)

    def create(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["publicChallengeParameters"] = {"max": 3, "hint": True,
                                                          "USERNAME": "spoof"}
        event["response"]["privateChallengeParameters"] = {"answer": 42}
        return event

    cognito_fake.lambdas.register(CREATE, create)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    first = start(idp, client_id)
    assert first["ChallengeParameters"] == {"max": "3", "hint": "true", "USERNAME": "ann"}
    assert "AuthenticationResult" in answer(idp, client_id, first["Session"], "42")


@pytest.mark.parametrize("reply", [
    {},                                      # no decision at all
    {"challengeName": "MAGIC_CHALLENGE"},    # not a challenge Cognito knows
    {"challengeName": "PASSWORD_VERIFIER"},  # a password step without SRP_A
    {"challengeName": ["CUSTOM_CHALLENGE"]},
], ids=["nothing", "unknown", "verifier-without-srp", "list"])
def test_unreadable_define_replies(idp: Any, cognito_fake: CognitoFake,
                                   reply: dict[str, Any]) -> None:
    def define(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"].update(reply)
        return event

    pool_id = make_pool(idp, cognito_fake)
    cognito_fake.lambdas.register(DEFINE, define)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        start(idp, client_id)
    assert error_of(excinfo) == UNREADABLE


def test_cognito_mfa_inside_custom_auth_is_not_implemented(idp: Any,
                                                           cognito_fake: CognitoFake) -> None:
    def define(event: dict[str, Any], context: Any) -> dict[str, Any]:
        event["response"]["challengeName"] = "SMS_MFA"
        return event

    pool_id = make_pool(idp, cognito_fake)
    cognito_fake.lambdas.register(DEFINE, define)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(NotImplementedByFake, match="SMS_MFA challenge inside CUSTOM_AUTH"):
        start(idp, client_id)
    cognito_fake.bugs.clear()


def _raises(event: dict[str, Any], context: Any) -> Any:
    raise KeyError("challengeMetaData")


def _invocation_fails(event: dict[str, Any], context: Any) -> Any:
    raise LambdaInvocationError("Socket timeout while invoking Lambda function")


def _returns_nothing(event: dict[str, Any], context: Any) -> Any:
    return None


@pytest.mark.parametrize("trigger", ["DefineAuthChallenge", "CreateAuthChallenge",
                                     "VerifyAuthChallengeResponse"])
@pytest.mark.parametrize("handler", [_raises, _invocation_fails, _returns_nothing],
                         ids=["raises", "invocation", "none"])
def test_trigger_failures(idp: Any, cognito_fake: CognitoFake, trigger: str,
                          handler: Handler) -> None:
    expected = {
        _raises: ("UserLambdaValidationException",
                  f"{trigger} failed with error 'challengeMetaData'.", 400),
        _invocation_fails: ("UnexpectedLambdaException",
                            f"{trigger} invocation failed due to error Socket timeout while "
                            f"invoking Lambda function.", 400),
        _returns_nothing: UNREADABLE,
    }[handler]
    pool_id = make_pool(idp, cognito_fake)
    arn = {"DefineAuthChallenge": DEFINE, "CreateAuthChallenge": CREATE,
           "VerifyAuthChallengeResponse": VERIFY}[trigger]
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    if trigger == "VerifyAuthChallengeResponse":
        session = start(idp, client_id)["Session"]
        cognito_fake.lambdas.register(arn, handler)
        with pytest.raises(ClientError) as excinfo:
            answer(idp, client_id, session, "42")
        assert error_of(excinfo) == expected
        # The session is spent: a failed trigger leaves nothing to answer.
        with pytest.raises(ClientError) as excinfo:
            answer(idp, client_id, session, "42")
        assert error_of(excinfo)[1] == (
            "Invalid session for the user, session can only be used once.")
    else:
        cognito_fake.lambdas.register(arn, handler)
        with pytest.raises(ClientError) as excinfo:
            start(idp, client_id)
        assert error_of(excinfo) == expected


# -- SRP first -----------------------------------------------------------------------------------


def _srp_start(idp: Any, pool_id: str, client_id: str, password: str = PASSWORD,
               ) -> tuple[AWSSRP, dict[str, Any], dict[str, str]]:
    srp = AWSSRP("ann", password, pool_id, client_id, client=idp)
    parameters = {**srp.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}
    first = idp.initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH",
                              AuthParameters=parameters)
    return srp, first, parameters


def test_srp_then_custom_challenge(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pre: list[dict[str, Any]] = []

    def keep(event: dict[str, Any], context: Any) -> dict[str, Any]:
        pre.append(copy.deepcopy(event))
        return event

    pool_id = make_pool(idp, cognito_fake, quiz, PreAuthentication=keep)
    client_id = make_client(idp, pool_id)
    sub = make_user(idp, pool_id)
    srp, first, parameters = _srp_start(idp, pool_id, client_id)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    assert {"SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"} <= set(
        first["ChallengeParameters"])
    proof = srp.process_challenge(first["ChallengeParameters"], parameters)
    second = idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
                                           ChallengeResponses=proof)
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE"
    done = answer(idp, client_id, second["Session"], "42")
    assert "AuthenticationResult" in done
    srp_a = step("SRP_A", True)
    verified = step("PASSWORD_VERIFIER", True)
    assert [e["request"]["session"] for e in quiz.of("DefineAuthChallenge_Authentication")] == [
        [srp_a], [srp_a, verified], [srp_a, verified, step("CUSTOM_CHALLENGE", True, "QUIZ-2")]]
    assert quiz.of("CreateAuthChallenge_Authentication")[0]["request"] == {
        "userAttributes": attributes_of(sub), "challengeName": "CUSTOM_CHALLENGE",
        "session": [srp_a, verified]}
    # The SRP step runs PreAuthentication, as any SRP sign-in does.
    assert [e["triggerSource"] for e in pre] == ["PreAuthentication_Authentication"]


def test_srp_first_with_a_wrong_password(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    srp, first, parameters = _srp_start(idp, pool_id, client_id, password="Wr0ng-passw0rd")
    proof = srp.process_challenge(first["ChallengeParameters"], parameters)
    with pytest.raises(ClientError) as excinfo:
        idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
                                      ChallengeResponses=proof)
    assert error_of(excinfo) == INCORRECT
    # DefineAuthChallenge ran once, for SRP_A; a failed password does not reach it.
    assert len(quiz.of("DefineAuthChallenge_Authentication")) == 1


def test_srp_first_needs_srp_a(idp: Any, cognito_fake: CognitoFake) -> None:
    quiz = Quiz()
    pool_id = make_pool(idp, cognito_fake, quiz)
    client_id = make_client(idp, pool_id)
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH",
                          AuthParameters={"USERNAME": "ann", "CHALLENGE_NAME": "SRP_A"})
    assert error_of(excinfo) == ("InvalidParameterException",
                                 "Missing required parameter SRP_A", 400)
    assert quiz.events == []
