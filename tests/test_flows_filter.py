"""The ListUsers filter parser and matcher, pure (flows/filter.py; defaults.md §4.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.flows.filter import (
    CASE_SENSITIVE,
    SEARCHABLE,
    Filter,
    parse_filter,
    render_filter,
)

PARSE_ERROR = "Error while parsing filter."

#: Attribute names as the grammar allows them: no whitespace, '=', '^', '"' or backslash.
names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=' \t\r\n="^\\'),
    min_size=1, max_size=30,
) | st.sampled_from(sorted(SEARCHABLE))
values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
filters = st.builds(Filter, attribute=names, prefix=st.booleans(), value=values)


@given(filters, st.booleans(), st.booleans())
def test_render_then_parse_gives_the_filter_back(condition: Filter, quote_name: bool,
                                                 spaced: bool) -> None:
    assert parse_filter(render_filter(condition, quote_name=quote_name, spaced=spaced)) \
        == condition


@given(filters, st.sampled_from(["", " ", "\t", "  \n"]), st.sampled_from(["", " ", "\r\n"]))
def test_whitespace_around_the_filter_changes_nothing(condition: Filter, before: str,
                                                      after: str) -> None:
    assert parse_filter(before + render_filter(condition) + after) == condition


@given(st.text(max_size=60))
def test_any_text_parses_or_is_the_parse_error(text: str) -> None:
    try:
        parse_filter(text)
    except InvalidParameterException as exc:
        assert exc.message == PARSE_ERROR


@given(st.text(st.sampled_from('ab =^"\\ \t'), max_size=30))
def test_grammar_characters_only_parse_or_are_the_parse_error(text: str) -> None:
    try:
        parsed = parse_filter(text)
    except InvalidParameterException as exc:
        assert exc.message == PARSE_ERROR
    else:
        assert parsed is None or parse_filter(render_filter(parsed)) == parsed


@pytest.mark.parametrize(("text", "expected"), [
    ('email = "zed@example.com"', Filter("email", False, "zed@example.com")),
    ('email="zed@example.com"', Filter("email", False, "zed@example.com")),  # aws-sdk-js#1374
    ('"email"^="testuser"', Filter("email", True, "testuser")),  # the API Reference example
    ('given_name ^= "Jon"', Filter("given_name", True, "Jon")),
    ('family_name = "Red\\"dy"', Filter("family_name", False, 'Red"dy')),
    ('name = "back\\\\slash"', Filter("name", False, "back\\slash")),
    ('cognito:user_status = "CONFIRMED"', Filter("cognito:user_status", False, "CONFIRMED")),
    ('custom:x = "1"', Filter("custom:x", False, "1")),  # syntax fine; searchability is later
    ('email = ""', Filter("email", False, "")),
])
def test_documented_forms(text: str, expected: Filter) -> None:
    assert parse_filter(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_filter_lists_everyone(text: str) -> None:
    assert parse_filter(text) is None


@pytest.mark.parametrize("text", [
    "foo",
    'email = zed',  # unquoted value
    'phone_number ^= \\"+4474\\"',  # doubly escaped quotes, as sent by mistake
    'email == "x"',
    'email ~= "x"',
    'email "x"',
    '= "x"',
    'email = "x" and name = "y"',  # one condition only
    'email = "x',  # unterminated
    'email = "x\\',  # escape at the end
    '"email = "x"',
    '"" = "x"',
])
def test_malformed_filters_are_the_parse_error(text: str) -> None:
    with pytest.raises(InvalidParameterException) as excinfo:
        parse_filter(text)
    assert excinfo.value.message == PARSE_ERROR


@pytest.mark.parametrize(("condition", "actual", "selected"), [
    (Filter("email", False, "Zed@Example.com"), "zed@example.com", True),
    (Filter("email", True, "ZED"), "zed@example.com", True),
    (Filter("email", False, "zed"), "zed@example.com", False),
    (Filter("username", False, "Zed"), "zed", False),
    (Filter("username", True, "ze"), "zed", True),
    (Filter("status", False, "enabled"), "Enabled", False),
    (Filter("status", False, "Enabled"), "Enabled", True),
    (Filter("cognito:user_status", False, "confirmed"), "CONFIRMED", True),
    (Filter("given_name", True, ""), None, False),
])
def test_matching_rules(condition: Filter, actual: str | None, selected: bool) -> None:
    assert condition.matches(actual) is selected


def test_only_username_and_status_compare_exactly() -> None:
    assert {"username", "status"} == CASE_SENSITIVE
    assert CASE_SENSITIVE <= SEARCHABLE
