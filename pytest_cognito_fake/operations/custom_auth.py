"""CUSTOM_AUTH: sign-in driven by the DefineAuthChallenge, CreateAuthChallenge and
VerifyAuthChallengeResponse triggers.

Facts: triggers.md §2.8, §3, §4 (event shapes and meaning of the replies:
:mod:`pytest_cognito_fake.flows.custom_auth`). The conversation:

1. InitiateAuth / AdminInitiateAuth ``CUSTOM_AUTH`` with ``USERNAME`` (``SECRET_HASH`` on a
   secret client). Without a DefineAuthChallenge trigger: ``InvalidParameterException``
   ``Custom auth lambda trigger is not configured for the user pool.`` [REAL]. An unknown user:
   ``User does not exist.`` (LEGACY), or, under PreventUserExistenceErrors, the conversation runs
   with ``userNotFound: true`` and ends in ``Incorrect username or password.`` at the latest when
   tokens would be issued [AWS-DOC ``userNotFound``; INF for the ending]. A disabled user:
   ``User is disabled.``; an unconfirmed one: ``User is not confirmed.`` [INF].
2. DefineAuthChallenge with ``session: []`` (or ``[SRP_A]``, below); ``clientMetadata`` never
   comes from InitiateAuth [AWS-DOC].
3. ``CUSTOM_CHALLENGE``: CreateAuthChallenge (``challengeName``, ``session``); its
   ``publicChallengeParameters`` plus ``USERNAME`` go back as ``ChallengeParameters`` with a new
   ``Session``; ``privateChallengeParameters`` wait for the answer; ``challengeMetadata`` labels
   the step in later ``session`` lists (it is never shown to the client). An empty
   ``privateChallengeParameters`` fails the sign-in with ``Incorrect username or password.``
   (aws-samples/amazon-cognito-passwordless-auth PR #214: "or Cognito will throw") [REAL/INF].
4. RespondToAuthChallenge / AdminRespondToAuthChallenge ``CUSTOM_CHALLENGE`` with ``USERNAME``
   and ``ANSWER``: VerifyAuthChallengeResponse gets ``privateChallengeParameters`` and the answer
   (a string); ``answerCorrect`` becomes the step's ``challengeResult``; DefineAuthChallenge runs
   again with the longer ``session``; and so on. ``clientMetadata`` of these calls reaches all
   three triggers [AWS-DOC].
5. ``issueTokens``: tokens (PreTokenGeneration ``TokenGeneration_Authentication``, then
   PostAuthentication). ``failAuthentication``: ``NotAuthorizedException``
   ``Incorrect username or password.``.

Sessions: each answer consumes its session. A new challenge comes with a new ``Session`` and the
old one is forgotten, so presenting it again gives ``Invalid session for the user.`` [REAL
aws-samples/amazon-cognito-passwordless-email-auth#17]; after tokens, or once a trigger failed,
it gives ``... session can only be used once.``.

``CHALLENGE_NAME: SRP_A`` with ``SRP_A`` in AuthParameters starts with Cognito's own SRP step
[AWS-DOC define-auth-challenge page]: DefineAuthChallenge sees ``[SRP_A: true]``; answering
``PASSWORD_VERIFIER`` makes Cognito issue its SRP ``PASSWORD_VERIFIER`` challenge; once the
password is proven, DefineAuthChallenge runs again with ``PASSWORD_VERIFIER: true`` appended.

[INF] choices:
- PreAuthentication does not run for CUSTOM_AUTH without SRP (AWS Support, amplify-js#5318); the
  SRP step runs it as any SRP sign-in does.
- ``issueTokens`` ends the sign-in with tokens: no NEW_PASSWORD_REQUIRED, MFA or device step
  follows (the custom challenges are the second factor).
- A challenge name DefineAuthChallenge may not return (not in the model's ``ChallengeNameType``,
  or ``PASSWORD_VERIFIER`` without an SRP step): ``InvalidLambdaResponseException``. Cognito's
  own MFA and device challenges inside a custom flow are not implemented (NotImplementedByFake).
- A missing CreateAuthChallenge or VerifyAuthChallengeResponse trigger when the step needs it
  gives the same error as a missing DefineAuthChallenge.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs

from pytest_cognito_fake import _model
from pytest_cognito_fake._state import User, UserStatus
from pytest_cognito_fake.errors import (
    InvalidLambdaResponseException,
    InvalidParameterException,
    NotAuthorizedException,
    NotImplementedByFake,
    UserNotConfirmedException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import custom_auth as rules
from pytest_cognito_fake.flows.custom_auth import ChallengeResult
from pytest_cognito_fake.flows.lambda_replies import UnreadableReply
from pytest_cognito_fake.operations import _auth, _triggers, auth
from pytest_cognito_fake.operations.auth import SignIn, challenge, flow

#: Where a custom-auth conversation keeps its :class:`Attempt` in ``AuthSession.data``.
ATTEMPT = "custom_auth"

DEFINE = "DefineAuthChallenge"
CREATE = "CreateAuthChallenge"
VERIFY = "VerifyAuthChallengeResponse"
#: The trigger source each trigger is invoked with.
SOURCES = {
    DEFINE: "DefineAuthChallenge_Authentication",
    CREATE: "CreateAuthChallenge_Authentication",
    VERIFY: "VerifyAuthChallengeResponse_Authentication",
}


@attrs.frozen
class Attempt:
    """A custom-auth conversation between two calls."""

    history: tuple[ChallengeResult, ...] = ()
    #: CreateAuthChallenge's private parameters and metadata for the challenge awaiting its answer.
    private: Mapping[str, str] = attrs.field(factory=dict)
    metadata: str | None = None
    user_not_found: bool = False


def _stand_in(sign: SignIn, username: str) -> User:
    """A user record for a username nobody has, never stored: it carries the conversation of
    a client that hides whether users exist."""
    now = sign.ctx.timestamp()
    return User(username=username, sub="", attributes={}, enabled=True,
                status=UserStatus.UNKNOWN, created=now, modified=now)


def _require_trigger(sign: SignIn, trigger: str) -> None:
    if _triggers.trigger_arn(sign.pool, trigger) is None:
        raise InvalidParameterException.custom_auth_not_configured()


def _check_user(user: User) -> None:
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException()


def _request(sign: SignIn, user: User, attempt: Attempt, metadata: dict[str, str] | None,
             **members: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "userAttributes": ({} if attempt.user_not_found else
                           _triggers.user_attributes_for_event(sign.pool, user.attributes,
                                                               user.status)),
        **members,
    }
    if metadata:
        request["clientMetadata"] = dict(metadata)
    if sign.hides_users:
        request["userNotFound"] = attempt.user_not_found
    return request


def _invoke(sign: SignIn, user: User, trigger: str, request: dict[str, Any],
            response: dict[str, Any]) -> dict[str, Any]:
    reply = _triggers.invoke(sign.ctx, sign.pool, trigger, SOURCES[trigger],
                             user_name=user.username, client_id=sign.client.client_id,
                             request=request, response=response)
    if reply is None:  # the trigger was removed from the pool mid-conversation
        raise InvalidParameterException.custom_auth_not_configured()
    return reply


@functools.cache
def _built_in_challenges() -> frozenset[str]:
    return frozenset(_model.service_model().shape_for("ChallengeNameType").enum)


def next_step(sign: SignIn, user: User, attempt: Attempt,
              metadata: dict[str, str] | None) -> dict[str, Any]:
    """Ask DefineAuthChallenge what follows ``attempt.history``, and do it."""
    history = rules.session_event(attempt.history)
    reply = _invoke(sign, user, DEFINE, _request(sign, user, attempt, metadata, session=history),
                    {"challengeName": None, "issueTokens": None, "failAuthentication": None})
    try:
        decision = rules.decide(reply)
    except UnreadableReply:
        raise InvalidLambdaResponseException.invalid_json() from None
    if decision.fail or (decision.issue_tokens and attempt.user_not_found):
        raise NotAuthorizedException.incorrect_username_or_password()
    if decision.issue_tokens:
        return auth.tokens_for(sign, user, {}, "TokenGeneration_Authentication")
    name = decision.challenge_name
    if name == rules.CUSTOM_CHALLENGE:
        return _create_challenge(sign, user, attempt, metadata)
    if (name == rules.PASSWORD_VERIFIER and attempt.history
            and attempt.history[-1].challenge_name == rules.SRP_A):
        return _password_verifier(sign, attempt)
    if name in _built_in_challenges() and name != rules.PASSWORD_VERIFIER:
        raise NotImplementedByFake(
            f"pytest-cognito-fake does not run Cognito's own {name} challenge inside CUSTOM_AUTH "
            f"yet; DefineAuthChallenge may answer CUSTOM_CHALLENGE, or PASSWORD_VERIFIER after "
            f"SRP_A")
    raise InvalidLambdaResponseException.invalid_json()


def _create_challenge(sign: SignIn, user: User, attempt: Attempt,
                      metadata: dict[str, str] | None) -> dict[str, Any]:
    _require_trigger(sign, CREATE)
    request = _request(sign, user, attempt, metadata, challengeName=rules.CUSTOM_CHALLENGE,
                       session=rules.session_event(attempt.history))
    reply = _invoke(sign, user, CREATE, request, {"publicChallengeParameters": None,
                                                  "privateChallengeParameters": None,
                                                  "challengeMetadata": None})
    try:
        made = rules.read_challenge(reply)
    except UnreadableReply:
        raise InvalidLambdaResponseException.invalid_json() from None
    if not made.private:
        raise NotAuthorizedException.incorrect_username_or_password()
    waiting = attrs.evolve(attempt, private=dict(made.private), metadata=made.metadata)
    return auth.challenge_response(sign, user, rules.CUSTOM_CHALLENGE,
                                   rules.challenge_parameters(made, user.username),
                                   {ATTEMPT: waiting})


def _password_verifier(sign: SignIn, attempt: Attempt) -> dict[str, Any]:
    """Cognito's own SRP ``PASSWORD_VERIFIER`` challenge, as USER_SRP_AUTH issues it (which runs
    PreAuthentication too); the conversation waits beside the SECRET_BLOCK for the proof."""
    srp_flow = auth.FLOWS.get("USER_SRP_AUTH")
    if srp_flow is None:
        raise NotImplementedByFake("pytest-cognito-fake has no USER_SRP_AUTH flow registered")
    response = srp_flow(sign)
    block = response["ChallengeParameters"]["SECRET_BLOCK"]
    sign.ctx.store.secret_blocks[block].data[ATTEMPT] = attempt
    return response


def after_srp_proof(sign: SignIn, user: User, state: dict[str, Any]) -> dict[str, Any] | None:
    """The :data:`.auth.NEXT_STEPS` entry that takes a custom conversation on once its SRP
    password is proven: DefineAuthChallenge again, with ``PASSWORD_VERIFIER: true`` appended.
    It runs first, so the custom triggers decide what follows (a FORCE_CHANGE_PASSWORD user
    still gets NEW_PASSWORD_REQUIRED first, and then tokens, as amazon-cognito-identity-js#341
    reports of real pools)."""
    entry = sign.ctx.store.secret_blocks.get(sign.parameters.get("PASSWORD_CLAIM_SECRET_BLOCK", ""))
    if entry is None or not isinstance(entry.data.get(ATTEMPT), Attempt):
        return None
    attempt: Attempt = entry.data.pop(ATTEMPT)
    proven = ChallengeResult(rules.PASSWORD_VERIFIER, True)
    return next_step(sign, user, attrs.evolve(attempt, history=(*attempt.history, proven)),
                     sign.client_metadata)


@flow("CUSTOM_AUTH")
def custom_auth(sign: SignIn) -> dict[str, Any]:
    username = sign.require("USERNAME")
    sign.check_secret(username)
    _require_trigger(sign, DEFINE)
    user = sign.pool.find_user(username)
    if user is None and not sign.hides_users:
        raise UserNotFoundException.user_does_not_exist()
    if user is not None:
        _check_user(user)
    attempt = Attempt(user_not_found=user is None)
    if sign.parameters.get("CHALLENGE_NAME") == rules.SRP_A:
        sign.require("SRP_A")
        attempt = Attempt(history=(ChallengeResult(rules.SRP_A, True),),
                          user_not_found=user is None)
    return next_step(sign, user or _stand_in(sign, username), attempt, None)


@challenge("CUSTOM_CHALLENGE")
def custom_challenge(sign: SignIn, session_id: Any) -> dict[str, Any]:
    session = _auth.open_session(sign.ctx, session_id, sign.client)
    username = sign.require("USERNAME")
    answer = sign.require("ANSWER")
    sign.check_secret(username)
    attempt = session.data.get(ATTEMPT)
    if session.challenge != rules.CUSTOM_CHALLENGE or not isinstance(attempt, Attempt):
        raise NotAuthorizedException.invalid_session()
    if attempt.user_not_found:
        if sign.pool.key(username) != sign.pool.key(session.username):
            raise NotAuthorizedException.invalid_session()
        user = _stand_in(sign, session.username)
    else:
        found = sign.pool.find_user(username)
        if found is None or found.username != session.username:
            raise NotAuthorizedException.invalid_session()
        _check_user(found)
        user = found
    _auth.close_session(session)
    _require_trigger(sign, VERIFY)
    request = _request(sign, user, attempt, sign.client_metadata,
                       privateChallengeParameters=dict(attempt.private), challengeAnswer=answer)
    reply = _invoke(sign, user, VERIFY, request, {"answerCorrect": None})
    answered = ChallengeResult(rules.CUSTOM_CHALLENGE, rules.answer_correct(reply),
                               attempt.metadata)
    attempt = Attempt(history=(*attempt.history, answered), user_not_found=attempt.user_not_found)
    response = next_step(sign, user, attempt, sign.client_metadata)
    if "Session" in response:
        # A new challenge replaces this one: its session is forgotten, not just used.
        sign.ctx.store.sessions.pop(session.id, None)
    return response


# First, so a proven SRP password goes back to DefineAuthChallenge before any MFA or device step.
auth.NEXT_STEPS.insert(0, after_srp_proof)
