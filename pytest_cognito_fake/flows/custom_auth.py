"""The custom-auth conversation's records and what each trigger reply means, as pure functions.

Facts: triggers.md §2.8 [AWS-DOC define/create/verify-auth-challenge pages; REAL captures cited
there]. The ``session`` list the triggers see holds one ``ChallengeResult`` per answered step,
oldest first: ``{"challengeName", "challengeResult", "challengeMetadata"}``, the metadata being
what CreateAuthChallenge returned for a custom challenge and ``null`` for Cognito's own steps
(``SRP_A``, ``PASSWORD_VERIFIER``).

DefineAuthChallenge's reply decides, in this order [INF for the order]: ``failAuthentication``
true ends the sign-in (``NotAuthorizedException`` ``Incorrect username or password.`` [INF, as
amplify-js#8145 reports]); else ``issueTokens`` true signs the user in; else ``challengeName``
names the next challenge. A reply with none of the three is unreadable [INF].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake.flows.lambda_replies import (
    UnreadableReply,
    boolean,
    string_map,
    string_value,
)

CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"
SRP_A = "SRP_A"
PASSWORD_VERIFIER = "PASSWORD_VERIFIER"


@attrs.frozen
class ChallengeResult:
    """One entry of the ``session`` list."""

    challenge_name: str
    challenge_result: bool
    challenge_metadata: str | None = None

    def as_event(self) -> dict[str, Any]:
        return {"challengeName": self.challenge_name, "challengeResult": self.challenge_result,
                "challengeMetadata": self.challenge_metadata}

    @classmethod
    def from_event(cls, entry: Mapping[str, Any]) -> ChallengeResult:
        return cls(str(entry["challengeName"]), bool(entry["challengeResult"]),
                   entry.get("challengeMetadata"))


def session_event(history: Sequence[ChallengeResult]) -> list[dict[str, Any]]:
    return [entry.as_event() for entry in history]


@attrs.frozen
class Decision:
    """What DefineAuthChallenge decided."""

    fail: bool = False
    issue_tokens: bool = False
    challenge_name: str | None = None


def decide(reply: Mapping[str, Any]) -> Decision:
    """Read DefineAuthChallenge's reply; raises :class:`UnreadableReply`."""
    if boolean(reply.get("failAuthentication")):
        return Decision(fail=True)
    if boolean(reply.get("issueTokens")):
        return Decision(issue_tokens=True)
    name = string_value(reply.get("challengeName"), "challengeName")
    if not name:
        raise UnreadableReply("DefineAuthChallenge named no challenge and issued no tokens")
    return Decision(challenge_name=name)


@attrs.frozen
class Challenge:
    """What CreateAuthChallenge made: what the client sees, what the verifier sees, and the
    metadata the next ``session`` entry carries."""

    public: Mapping[str, str]
    private: Mapping[str, str]
    metadata: str | None


def read_challenge(reply: Mapping[str, Any]) -> Challenge:
    """Read CreateAuthChallenge's reply; raises :class:`UnreadableReply`."""
    return Challenge(
        public=string_map(reply.get("publicChallengeParameters"), "publicChallengeParameters"),
        private=string_map(reply.get("privateChallengeParameters"),
                           "privateChallengeParameters"),
        metadata=string_value(reply.get("challengeMetadata"), "challengeMetadata"),
    )


def challenge_parameters(challenge: Challenge, username: str) -> dict[str, str]:
    """``ChallengeParameters`` of a custom challenge: the public parameters and ``USERNAME``
    (the user's username; it wins over a public parameter of that name) [INF, triggers.md §7.6]."""
    return {**challenge.public, "USERNAME": username}


def answer_correct(reply: Mapping[str, Any]) -> bool:
    """Read VerifyAuthChallengeResponse's reply: only ``answerCorrect: true`` is a right
    answer [INF]."""
    return boolean(reply.get("answerCorrect"))
