"""The pure password-policy functions: checking and generating, driven by hypothesis."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake._defaults import PASSWORD_SYMBOLS
from pytest_cognito_fake.errors import InvalidPasswordException
from pytest_cognito_fake.flows.passwords import (
    PasswordPolicy,
    temporary_password,
    temporary_password_draws,
    temporary_password_expired,
    violation,
)

DEFAULT = PasswordPolicy()


@st.composite
def policies(draw: st.DrawFn) -> PasswordPolicy:
    # The model allows MinimumLength 6-99.
    return PasswordPolicy(
        minimum_length=draw(st.integers(6, 99)),
        require_uppercase=draw(st.booleans()),
        require_lowercase=draw(st.booleans()),
        require_numbers=draw(st.booleans()),
        require_symbols=draw(st.booleans()),
    )


@st.composite
def draws_for(draw: st.DrawFn, policy: PasswordPolicy) -> list[int]:
    n = temporary_password_draws(policy)
    return draw(st.lists(st.integers(0, 2**32 - 1), min_size=n, max_size=n))


@pytest.mark.parametrize(("password", "rule"), [
    ("Aa1!aaa", InvalidPasswordException.NOT_LONG_ENOUGH),
    ("AAAAAA1!", InvalidPasswordException.NO_LOWERCASE),
    ("aaaaaa1!", InvalidPasswordException.NO_UPPERCASE),
    ("Aaaaaaa!", InvalidPasswordException.NO_NUMBERS),
    ("Aaaaaaa1", InvalidPasswordException.NO_SYMBOLS),
    ("Aaaaaa1!", None),
    ("Aaaaaa1 ", None),  # space counts as a symbol (Developer Guide)
])
def test_violation_reports_the_first_broken_rule(password: str, rule: str | None) -> None:
    assert violation(DEFAULT, password) == rule


def test_violation_order_is_length_lowercase_uppercase_numbers_symbols() -> None:
    assert violation(DEFAULT, "") == "Password not long enough"
    assert violation(DEFAULT, "12345678") == "Password must have lowercase characters"
    assert violation(DEFAULT, "abcdefgh") == "Password must have uppercase characters"
    assert violation(DEFAULT, "abcdEFGH") == "Password must have numeric characters"
    assert violation(DEFAULT, "abcdEF12") == "Password must have symbol characters"


def test_a_policy_requiring_nothing_checks_only_the_length() -> None:
    lax = PasswordPolicy(6, False, False, False, False)
    assert violation(lax, "aaaaaa") is None
    assert violation(lax, "aaaaa") == "Password not long enough"


def test_non_ascii_letters_count_toward_length_only() -> None:
    assert violation(DEFAULT, "ÄÖÜäöü1!") == "Password must have lowercase characters"


def test_from_settings_reads_the_stored_policy() -> None:
    policy = PasswordPolicy.from_settings({
        "MinimumLength": 12, "RequireUppercase": False, "RequireLowercase": True,
        "RequireNumbers": False, "RequireSymbols": True, "TemporaryPasswordValidityDays": 0,
    })
    assert policy == PasswordPolicy(12, False, True, False, True, 7)


@given(st.data())
def test_generated_passwords_satisfy_their_policy(data: st.DataObject) -> None:
    policy = data.draw(policies())
    password = temporary_password(policy, data.draw(draws_for(policy)))
    assert violation(policy, password) is None
    assert violation(DEFAULT, password) is None  # every class, whatever the policy asks
    assert len(password) == max(policy.minimum_length, 8)
    assert not any(c.isspace() for c in password)
    assert set(password) <= set(string.ascii_letters + string.digits + PASSWORD_SYMBOLS)


@given(st.data())
def test_generation_is_a_function_of_the_draws(data: st.DataObject) -> None:
    policy = data.draw(policies())
    draws = data.draw(draws_for(policy))
    assert temporary_password(policy, draws) == temporary_password(policy, list(draws))


def test_too_few_draws_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="needs 16 draws, got 3"):
        temporary_password(DEFAULT, [1, 2, 3])


def test_temporary_password_expiry_counts_whole_days() -> None:
    set_at = 1_000_000.0
    assert not temporary_password_expired(set_at, 7, set_at + 7 * 86_400 - 1)
    assert temporary_password_expired(set_at, 7, set_at + 7 * 86_400)
