"""SRP sign-in: the ``USER_SRP_AUTH`` flow and its ``PASSWORD_VERIFIER`` challenge.

The math is :mod:`pytest_cognito_fake.flows.srp`; this module keeps the state. Facts: reference
srp.md (grades there), cognito-errors.md §3.5.

``InitiateAuth`` / ``AdminInitiateAuth`` with ``USER_SRP_AUTH``, in this order [INF where
srp.md §3 calls the order inferred]:

1. ``USERNAME`` then ``SRP_A`` present (``Missing required parameter SRP_A`` [REAL]).
2. ``SECRET_HASH`` over ``USERNAME`` as sent.
3. The user by username or alias, then PreAuthentication (:func:`auth.before_password`);
   unknown: ``User does not exist.`` (LEGACY) [WIRE], or under ENABLED the simulated challenge
   of srp.md §6 (a salt and a UUID ``USER_ID_FOR_SRP`` stable per pool and username).
4. ``SRP_A`` parsed: not hex, too long or ``0 mod N``: ``Invalid SRP_A given`` [INF text].
5. Lockout, disabled, UNCONFIRMED, as the password flows order them. Cognito reports
   UNCONFIRMED at this step for SRP [REAL: amplify-swift#3053 logs ``InitiateAuth`` answering
   ``UserNotConfirmedException`` to an SRP sign-in]; the lockout and disabled checks sit with
   it [INF], and run again at the answer (the user may change in between).
6. The answer: ``PASSWORD_VERIFIER`` with SALT, SRP_B, SECRET_BLOCK, USERNAME and
   USER_ID_FOR_SRP (both the real username, even after an alias) and **no Session** [WIRE].

The user's salt and verifier are derived from the stored plaintext password on first use and
kept in ``User.codes`` until the password changes (a new password gets a new salt).

``RespondToAuthChallenge`` / ``AdminRespondToAuthChallenge`` with ``PASSWORD_VERIFIER``: the
state is found by ``PASSWORD_CLAIM_SECRET_BLOCK`` alone, since pycognito, warrant and AWS's Java
sample send no Session (one sent is ignored). Order [INF]:

1. ``USERNAME``, ``PASSWORD_CLAIM_SECRET_BLOCK``, ``PASSWORD_CLAIM_SIGNATURE``, ``TIMESTAMP``
   present (``Missing required parameter <NAME>``).
2. ``SECRET_HASH`` over the ``USERNAME`` of this same request (warrant#125: hashing the alias
   while sending the username fails) [REAL].
3. ``TIMESTAMP`` parses (``TIMESTAMP format should be … in english.``) [REAL];
   see :func:`flows.srp.canonical_timestamp`.
4. The SECRET_BLOCK was issued to this client, is still open and was not answered yet; and
   ``USERNAME`` names the challenged user (by username or alias). Otherwise ``Incorrect
   username or password.`` [REAL for a SECRET_BLOCK never issued]. A block stays open for the
   client's ``AuthSessionValidity`` (3 minutes by default) on the fake clock, and a late answer
   gets ``Incorrect username or password.`` too [INF: AWS documents only "within a few
   seconds" and a NotAuthorizedException; srp.md §5.1 advises this text, and the session window
   is the one Cognito lets clients configure].
5. The proof, with the password bookkeeping of :func:`auth.check_password`: lockout, disabled,
   UNCONFIRMED, then a wrong signature (or a simulated user, or a password changed since the
   challenge) is ``Incorrect username or password.`` and counts toward the lockout [REAL],
   an expired temporary password fails the same way, RESET_REQUIRED gets
   ``PasswordResetRequiredException``.
6. :func:`auth.after_password` (NEW_PASSWORD_REQUIRED with a Session, MFA and device steps,
   tokens). Only once that answers is the SECRET_BLOCK used up: Amplify re-sends the same
   answer after ``Device does not exist.`` (srp.md §5), and a failed proof leaves the block open
   too [INF], so a second answer with a used block gets ``Incorrect username or password.``.
"""

from __future__ import annotations

from typing import Any

import attrs

from pytest_cognito_fake._state import AuthSession, User, UserStatus
from pytest_cognito_fake.errors import (
    InvalidParameterException,
    NotAuthorizedException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from pytest_cognito_fake.flows import sign_in, srp
from pytest_cognito_fake.operations import auth
from pytest_cognito_fake.operations.auth import SignIn, challenge, flow

#: Where a user's derived SRP verifier lives in ``User.codes``.
VERIFIER = "srp_verifier"
#: Bytes of a SECRET_BLOCK. Real blocks are about 1,700 Base64 characters and begin ``AgV4``
#: (an AWS Encryption SDK message header, ``02 05 78``) [WIRE floci-io/floci#1305]; ours look
#: alike and are the key of the state kept here.
SECRET_BLOCK_BYTES = 1290
_SECRET_BLOCK_HEADER = b"\x02\x05\x78"
#: The longest AuthSessionValidity a client can have (15 minutes): older blocks are dropped.
_LONGEST_VALIDITY = 15 * 60


@attrs.frozen
class _Derived:
    """A user's verifier and the password it was derived from."""

    password: str
    verifier: srp.Verifier


def _random_int(sign: SignIn, bits: int) -> int:
    return sign.ctx.backend.ids.rng.getrandbits(bits)


def _random_bytes(sign: SignIn, n: int) -> bytes:
    return _random_int(sign, 8 * n).to_bytes(n, "big")


def verifier_of(sign: SignIn, user: User, password: str) -> srp.Verifier:
    """The user's verifier for ``password``: a new 128-bit salt each time the password changes,
    as real salts are 32 hex digits [WIRE floci-io/floci#1305]."""
    derived = user.codes.get(VERIFIER)
    if not isinstance(derived, _Derived) or derived.password != password:
        salt = _random_int(sign, 128)
        derived = _Derived(password, srp.verifier(sign.pool.id, user.username, password, salt))
        user.codes[VERIFIER] = derived
    return derived.verifier


def _refuse_early(sign: SignIn, user: User) -> None:
    """Step 5 of InitiateAuth: the checks :func:`auth.check_password` makes before the password."""
    failures = user.codes.get(auth.FAILURES)
    if isinstance(failures, sign_in.Failures) and failures.locked(sign.ctx.now):
        raise NotAuthorizedException.password_attempts_exceeded()
    if not user.enabled:
        raise NotAuthorizedException.user_is_disabled()
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException()


def _drop_stale(sign: SignIn) -> None:
    """Forget blocks no client can answer any more, oldest first, so memory stays flat."""
    blocks = sign.ctx.store.secret_blocks
    horizon = sign.ctx.now - _LONGEST_VALIDITY
    while blocks:
        oldest = next(iter(blocks.values()))
        if oldest.created > horizon:
            break
        del blocks[oldest.id]


def start(sign: SignIn, username: str, srp_a: str) -> dict[str, Any]:
    """Steps 3-6 of InitiateAuth: the ``PASSWORD_VERIFIER`` challenge for ``username``."""
    user = sign.pool.find_user(username)
    auth.before_password(sign, user, username)
    if user is None and not sign.hides_users:
        raise UserNotFoundException.user_does_not_exist()
    a = srp.parse_public(srp_a)
    if a is None:
        raise InvalidParameterException.invalid_srp_a()
    kept: dict[str, Any] = {}
    if user is None:
        simulated = srp.simulated_user(sign.pool.id, sign.pool.key(username))
        user_id, stored = simulated.user_id, simulated.verifier
    else:
        _refuse_early(sign, user)
        user_id = user.username
        if user.password is None:
            # No password to prove: a verifier no password matches, and the answer fails.
            stored = srp.simulated_user(sign.pool.id, sign.pool.key(username)).verifier
        else:
            stored = verifier_of(sign, user, user.password)
        kept.update(sub=user.sub, password=user.password)
    exchange = None
    while exchange is None:
        exchange = srp.begin(user_id, stored, a, _random_int(sign, 256),
                             _SECRET_BLOCK_HEADER + _random_bytes(sign, SECRET_BLOCK_BYTES - 3),
                             simulated=user is None)
    parameters = exchange.parameters(user_id)
    _drop_stale(sign)
    minutes = int(sign.client.settings.get("AuthSessionValidity") or 3)
    block = parameters["SECRET_BLOCK"]
    sign.ctx.store.secret_blocks[block] = AuthSession(
        id=block, user_pool_id=sign.pool.id, client_id=sign.client.client_id,
        username=user_id, challenge="PASSWORD_VERIFIER", created=sign.ctx.now,
        expires=sign.ctx.now + minutes * 60, data={**kept, "srp": exchange})
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": parameters}


@flow("USER_SRP_AUTH")
def user_srp_auth(sign: SignIn) -> dict[str, Any]:
    username = sign.require("USERNAME")
    srp_a = sign.require("SRP_A")
    sign.check_secret(username)
    return start(sign, username, srp_a)


@challenge("PASSWORD_VERIFIER")
def password_verifier(sign: SignIn, session_id: Any) -> dict[str, Any]:
    username = sign.require("USERNAME")
    block = sign.require("PASSWORD_CLAIM_SECRET_BLOCK")
    signature = sign.require("PASSWORD_CLAIM_SIGNATURE")
    timestamp = sign.require("TIMESTAMP")
    sign.check_secret(username)
    canonical = srp.canonical_timestamp(timestamp)
    if canonical is None:
        raise InvalidParameterException.srp_timestamp_format()
    entry = sign.ctx.store.secret_blocks.get(block)
    if (entry is None or entry.client_id != sign.client.client_id
            or sign.ctx.now >= entry.expires):
        raise NotAuthorizedException.incorrect_username_or_password()
    exchange: srp.Challenge = entry.data["srp"]
    user = sign.pool.find_user(username)
    if exchange.simulated or user is None or user.sub != entry.data.get("sub"):
        raise NotAuthorizedException.incorrect_username_or_password()
    proven = (user.password is not None and user.password == entry.data.get("password")
              and srp.proves_password(sign.pool.id, exchange, canonical, signature))
    # The proof stands for the stored password; a failed one for anything else.
    candidate = user.password if proven and user.password is not None \
        else _not_the_password(user)
    auth.check_password(sign, user, candidate)
    response = auth.after_password(sign, user, {})
    sign.ctx.store.secret_blocks.pop(block, None)
    return response


def _not_the_password(user: User) -> str:
    """A string that differs from the stored password, so :func:`auth.check_password` counts the
    failure exactly as for a wrong password."""
    return (user.password or "") + "\x00"
