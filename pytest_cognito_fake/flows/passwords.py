"""Password policy: checking a password, generating a temporary one, temporary-password expiry.

Pure: the random draws of :func:`temporary_password` come in as integers the operation drew from
the fake's seeded generator, so the same seed gives the same password and hypothesis can drive
the function directly.

Choices, each [INF] unless marked (reference defaults.md §5.3, cognito-errors.md §2.1, §3.2):

- **One rule per call**, checked in this order: length, lowercase, uppercase, numbers, symbols.
  Real Cognito reports a single violated rule [REAL], but the order is unverified.
- **Character classes** are ASCII: ``a-z``, ``A-Z``, ``0-9``; a symbol is any character of
  ``_defaults.PASSWORD_SYMBOLS`` (the Developer Guide's list, space included [AWS-DOC]). Other
  characters (accented letters, emoji) count toward the length only.
- **Generated temporary passwords** have exactly ``max(MinimumLength, 8)`` characters and at
  least one lower-case letter, one upper-case letter, one digit and one symbol whatever the
  policy requires, so they satisfy every policy. The 8-character samples with ``, . < > &`` are
  [REAL]. Space is left out of the generated symbols: the model's ``[\\S]+`` pattern would make
  such a password impossible to type back.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake._defaults import PASSWORD_SYMBOLS
from pytest_cognito_fake.errors import InvalidPasswordException

#: The shortest temporary password Cognito generates, whatever ``MinimumLength`` says.
GENERATED_MINIMUM = 8
SECONDS_PER_DAY = 86_400

_LOWER = string.ascii_lowercase
_UPPER = string.ascii_uppercase
_DIGITS = string.digits
_SYMBOLS = frozenset(PASSWORD_SYMBOLS)
_LOWER_SET, _UPPER_SET, _DIGIT_SET = frozenset(_LOWER), frozenset(_UPPER), frozenset(_DIGITS)
_GENERATED_SYMBOLS = "".join(c for c in PASSWORD_SYMBOLS if not c.isspace())
_CLASSES = (_LOWER, _UPPER, _DIGITS, _GENERATED_SYMBOLS)
_ALL = "".join(_CLASSES)


@attrs.frozen
class PasswordPolicy:
    """A pool's ``PasswordPolicyType``; the defaults are a name-only pool's (defaults.md §1.2)."""

    minimum_length: int = 8
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = 7

    @classmethod
    def from_settings(cls, policy: Mapping[str, Any]) -> PasswordPolicy:
        """From the stored ``Policies.PasswordPolicy`` (absent members take the API defaults)."""
        return cls(
            minimum_length=int(policy.get("MinimumLength", 8)),
            require_uppercase=bool(policy.get("RequireUppercase", False)),
            require_lowercase=bool(policy.get("RequireLowercase", False)),
            require_numbers=bool(policy.get("RequireNumbers", False)),
            require_symbols=bool(policy.get("RequireSymbols", False)),
            # 0 means "unset" and is 7 (model TemporaryPasswordValidityDays).
            temporary_password_validity_days=int(policy.get("TemporaryPasswordValidityDays") or 7),
        )


def violation(policy: PasswordPolicy, password: str) -> str | None:
    """The first rule ``password`` breaks (the text after ``...policy: ``), or None."""
    if len(password) < policy.minimum_length:
        return InvalidPasswordException.NOT_LONG_ENOUGH
    if policy.require_lowercase and _LOWER_SET.isdisjoint(password):
        return InvalidPasswordException.NO_LOWERCASE
    if policy.require_uppercase and _UPPER_SET.isdisjoint(password):
        return InvalidPasswordException.NO_UPPERCASE
    if policy.require_numbers and _DIGIT_SET.isdisjoint(password):
        return InvalidPasswordException.NO_NUMBERS
    if policy.require_symbols and _SYMBOLS.isdisjoint(password):
        return InvalidPasswordException.NO_SYMBOLS
    return None


def temporary_password_length(policy: PasswordPolicy) -> int:
    return max(policy.minimum_length, GENERATED_MINIMUM)


def temporary_password_draws(policy: PasswordPolicy) -> int:
    """How many random integers :func:`temporary_password` needs: one per character to pick
    it, one per character to shuffle."""
    return 2 * temporary_password_length(policy)


def temporary_password(policy: PasswordPolicy, draws: Sequence[int]) -> str:
    """A temporary password satisfying ``policy``, built from non-negative random ``draws``.

    The first four characters come one from each class, the rest from all classes together;
    then a Fisher-Yates shuffle puts the forced ones anywhere.
    """
    length = temporary_password_length(policy)
    if len(draws) < 2 * length:
        raise ValueError(f"temporary_password needs {2 * length} draws, got {len(draws)}")
    forced = zip(_CLASSES, draws[:len(_CLASSES)], strict=True)
    chars = [alphabet[d % len(alphabet)] for alphabet, d in forced]
    chars += [_ALL[d % len(_ALL)] for d in draws[len(_CLASSES):length]]
    shuffle = draws[length:2 * length]
    for i in range(length - 1, 0, -1):
        j = shuffle[i] % (i + 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def temporary_password_expired(set_at: float, validity_days: int, now: float) -> bool:
    """Whether a temporary password set at ``set_at`` can no longer be used at ``now``.

    Validity is ``TemporaryPasswordValidityDays`` whole days from issue; AdminCreateUser with
    ``MessageAction=RESEND`` or AdminSetUserPassword issues a new one [AWS-DOC].
    """
    return now >= set_at + validity_days * SECONDS_PER_DAY


def reused(password: str, current: str | None, history: Sequence[str], size: int) -> bool:
    """True when ``PasswordHistorySize`` ``size`` forbids ``password``: it is the current
    password or one of the ``size - 1`` before it; 0 turns the check off [INF: whether the current
    password counts among the N is not published]."""
    if size <= 0:
        return False
    recent = ([current] if current is not None else []) + list(history)
    return password in recent[:size]


def pushed_history(current: str | None, history: Sequence[str], size: int) -> tuple[str, ...]:
    """The history after a password change: the old current password first, at most what the
    policy can ask about."""
    earlier = ((current,) if current is not None else ()) + tuple(history)
    return earlier[: max(size - 1, 0)]
