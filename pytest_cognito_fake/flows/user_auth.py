"""Choice-based sign-in (the ``USER_AUTH`` flow) as pure decisions: which first factors a user
can sign in with, and what a request for one of them leads to.

No clock, no randomness, no state here: the operations (``operations/user_auth.py``) look the
pool and user up, call these, send codes, keep sessions and sign tokens.

What the AWS documentation says [AWS-DOC]:

- ``USER_AUTH`` takes ``USERNAME`` (required) and ``PREFERRED_CHALLENGE``; "If you don't provide
  a value for PREFERRED_CHALLENGE, Amazon Cognito responds with the AvailableChallenges parameter
  that specifies the available sign-in methods" (InitiateAuth API reference).
- ``SELECT_CHALLENGE`` is answered with ``USERNAME`` and ``ANSWER``, which "must be one of the
  challenge types in the AvailableChallenges response parameter"; ``PASSWORD`` and
  ``PASSWORD_SRP`` complete in that same answer with ``PASSWORD`` / ``SRP_A``; for ``EMAIL_OTP``
  and ``SMS_OTP`` "your user pool will send a code for the user to submit in the next challenge
  response", ``EMAIL_OTP_CODE`` / ``SMS_OTP_CODE`` (ChallengeResponseType API reference). The
  same page lists ``PASSWORD`` (answered with ``PASSWORD``) and ``PASSWORD_SRP`` (answered with
  ``SRP_A``) as challenges of their own.
- The pool's ``Policies.SignInPolicy.AllowedFirstAuthFactors`` (``PASSWORD``, ``EMAIL_OTP``,
  ``SMS_OTP``, ``WEB_AUTHN``; ``["PASSWORD"]`` by default, defaults.md §1) limits the choices.
- MFA is an additional factor "for your users who have passwords as their primary
  authentication factor" (user-pool-settings-mfa): a one-time-password first factor is not
  followed by MFA.

Choices, each [INF] where no capture exists:

- **The PASSWORD factor** offers both ``PASSWORD`` and ``PASSWORD_SRP`` [REAL, weak: a lab guide's
  CLI output for a pool allowing only ``PASSWORD`` lists ``["PASSWORD", "PASSWORD_SRP"]``], to a
  user who has a password (a passwordless sign-up has none).
- **EMAIL_OTP / SMS_OTP** are offered to a user with a *verified* ``email`` / ``phone_number``
  ("Your user pool automatically verifies the attributes that users can use with passwordless
  sign-in", signing-up-users-in-your-app [AWS-DOC]), and not in a pool that requires MFA, where
  every sign-in must end with MFA and an OTP first factor would skip it [INF].
- **WEB_AUTHN** is never available: the fake does not model passkeys, so no user has one.
- **Order** of ``AvailableChallenges``: ``PASSWORD``, ``PASSWORD_SRP``, ``EMAIL_OTP``,
  ``SMS_OTP`` (the lab capture above starts the same way).
- **A preference that is not available** (not allowed by the pool, not set up by the user, or
  not a first factor at all) is answered with ``SELECT_CHALLENGE``, never an error: Amplify's
  ``preferredChallenge`` then continues with the factor selection, and a review of the AWS guide
  quoted in KensioSoftware/yulin#856 says the same.
- **PASSWORD / PASSWORD_SRP taken without their parameter** (``PASSWORD`` / ``SRP_A`` not sent
  with the preference or the ``ANSWER``) are issued as the ``PASSWORD`` / ``PASSWORD_SRP``
  challenge, answered with that parameter (the challenges the API reference lists).
- **An ANSWER not offered**: ``InvalidParameterException`` (:meth:`InvalidParameterException.
  challenge_not_available`).
- **An unknown user** in a client that hides users is offered what a user holding every
  factor the pool allows would be offered.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs

from pytest_cognito_fake.errors import CognitoError, InvalidParameterException

PASSWORD = "PASSWORD"
PASSWORD_SRP = "PASSWORD_SRP"
EMAIL_OTP = "EMAIL_OTP"
SMS_OTP = "SMS_OTP"
WEB_AUTHN = "WEB_AUTHN"
SELECT_CHALLENGE = "SELECT_CHALLENGE"

#: ``AuthFactorType`` values in the order the fake lists them.
FACTORS = (PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN)
#: What answers each first factor, in the order of ``AvailableChallenges``.
CHALLENGES_OF = {PASSWORD: (PASSWORD, PASSWORD_SRP), EMAIL_OTP: (EMAIL_OTP,),
                 SMS_OTP: (SMS_OTP,), WEB_AUTHN: (WEB_AUTHN,)}
#: The parameter a password challenge is answered with; without it the challenge is issued.
NEEDS = {PASSWORD: "PASSWORD", PASSWORD_SRP: "SRP_A"}
OTP_CHALLENGES = frozenset({EMAIL_OTP, SMS_OTP})
DEFAULT_FIRST_FACTORS = frozenset({PASSWORD})


@attrs.frozen
class FirstFactorPool:
    """What a pool allows as a first factor."""

    #: ``SignInPolicy.AllowedFirstAuthFactors``.
    allowed: frozenset[str] = DEFAULT_FIRST_FACTORS
    #: ``MfaConfiguration`` is ``ON``.
    mfa_required: bool = False


@attrs.frozen
class FirstFactorUser:
    """What a user holds that a first factor needs."""

    has_password: bool = True
    verified_email: bool = False
    verified_phone: bool = False


@attrs.frozen
class Step:
    """What a ``USER_AUTH`` request or a ``SELECT_CHALLENGE`` answer leads to.

    ``challenge`` is the factor taken (``PASSWORD``, ``PASSWORD_SRP``, ``EMAIL_OTP``,
    ``SMS_OTP``, ``WEB_AUTHN``) or ``SELECT_CHALLENGE`` with ``options``; ``ask`` is true when a
    password factor was taken without its parameter, so its challenge is issued instead.
    """

    challenge: str
    ask: bool = False
    options: tuple[str, ...] = ()


def configured_factors(pool: FirstFactorPool, user: FirstFactorUser | None) -> tuple[str, ...]:
    """The first factors (``AuthFactorType``) ``user`` can sign in with; for None (an unknown
    user of a client hiding users), every factor the pool allows but passkeys."""
    otp_ok = not pool.mfa_required
    holds = {
        PASSWORD: user is None or user.has_password,
        EMAIL_OTP: otp_ok and (user is None or user.verified_email),
        SMS_OTP: otp_ok and (user is None or user.verified_phone),
        WEB_AUTHN: False,
    }
    return tuple(f for f in FACTORS if f in pool.allowed and holds[f])


def available_challenges(pool: FirstFactorPool,
                         user: FirstFactorUser | None) -> tuple[str, ...]:
    """``AvailableChallenges`` for ``user`` (module docstring)."""
    return tuple(c for f in configured_factors(pool, user) for c in CHALLENGES_OF[f])


def _take(challenge: str, given: Collection[str]) -> Step:
    needs = NEEDS.get(challenge)
    return Step(challenge, ask=needs is not None and needs not in given)


def start(pool: FirstFactorPool, available: tuple[str, ...], preferred: str | None,
          given: Collection[str]) -> Step:
    """What ``InitiateAuth`` with ``USER_AUTH`` leads to; ``given`` names the parameters sent
    (``PASSWORD``, ``SRP_A``). A passkey asked for in a pool that allows passkeys is
    ``Step(WEB_AUTHN)``: the fake cannot answer it (the operation raises)."""
    if preferred == WEB_AUTHN and WEB_AUTHN in pool.allowed:
        return Step(WEB_AUTHN)
    if preferred is not None and preferred in available:
        return _take(preferred, given)
    return Step(SELECT_CHALLENGE, options=available)


def select(pool: FirstFactorPool, available: tuple[str, ...], answer: str,
           given: Collection[str]) -> Step | CognitoError:
    """What a ``SELECT_CHALLENGE`` answer leads to, or the error."""
    if answer == WEB_AUTHN and WEB_AUTHN in pool.allowed:
        return Step(WEB_AUTHN)
    if answer not in available:
        return InvalidParameterException.challenge_not_available()
    return _take(answer, given)
