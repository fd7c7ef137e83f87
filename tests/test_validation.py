"""The model-driven validator: Coral's ``InvalidParameterException`` texts (reference §1.5).

boto3 checks ``required`` and ``min`` itself (a ParamValidationError, nothing sent), so those
cases go over raw HTTP; ``max``, patterns and enums reach the service through boto3 as well.
"""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError, ParamValidationError
from conftest import error_of
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake, _model
from pytest_cognito_fake._validation import (
    Violation,
    _compiled,
    java_pattern,
    output_problems,
    render,
    validate_input,
)
from pytest_cognito_fake.errors import InvalidParameterException, SerializationException

POOL_ID = "us-east-1_AAAAAAAAA"
POOL_ID_PATTERN = r"[\w-]+_[0-9a-zA-Z]+"
POOL_NAME_PATTERN = r"[\w\s+=,.@-]+"
NAME_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"


def post(operation: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps(body), timeout=5)


def invalid(message: str) -> tuple[int, dict[str, str]]:
    return 400, {"__type": "InvalidParameterException", "message": message}


def answer(response: requests.Response) -> tuple[int, Any]:
    return response.status_code, response.json()


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name="us-east-1")


# -- over raw HTTP: what boto3 would not send --------------------------------------------------


def test_missing_required_member(cognito_fake: CognitoFake) -> None:
    assert answer(post("DescribeUserPool", {})) == invalid(
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: "
        "Member must not be null")


def test_explicit_null_reads_as_missing(cognito_fake: CognitoFake) -> None:
    assert answer(post("DescribeUserPool", {"UserPoolId": None})) == invalid(
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: "
        "Member must not be null")


def test_missing_client_id_reads_null_although_the_model_marks_it_sensitive(
        cognito_fake: CognitoFake) -> None:
    assert answer(post("DescribeUserPoolClient", {"UserPoolId": POOL_ID})) == invalid(
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: "
        "Member must not be null")


def test_two_missing_members_plural_and_joined(cognito_fake: CognitoFake) -> None:
    assert answer(post("DescribeUserPoolClient", {})) == invalid(
        "2 validation errors detected: "
        "Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; "
        "Value null at 'clientId' failed to satisfy constraint: Member must not be null")


def test_empty_string_fails_min_length_and_pattern(cognito_fake: CognitoFake) -> None:
    assert answer(post("DescribeUserPool", {"UserPoolId": ""})) == invalid(
        "2 validation errors detected: "
        "Value '' at 'userPoolId' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        "Value '' at 'userPoolId' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {POOL_ID_PATTERN}")


def test_missing_required_max_results_reads_as_zero(cognito_fake: CognitoFake) -> None:
    assert answer(post("ListUserPools", {})) == invalid(
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1")


def test_integer_below_minimum(cognito_fake: CognitoFake) -> None:
    assert answer(post("ListUserPools", {"MaxResults": -3})) == invalid(
        "1 validation error detected: Value '-3' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1")


def test_sensitive_value_is_hidden(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPoolClient",
                    {"UserPoolId": POOL_ID, "ClientName": "app", "ClientSecret": "short"})

    assert answer(response) == invalid(
        "1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: "
        "Member must have length greater than or equal to 24")


def test_nested_integer_below_minimum(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", {"PoolName": "p", "Policies": {"PasswordPolicy": {
        "MinimumLength": 5, "TemporaryPasswordValidityDays": -1}}})

    assert answer(response) == invalid(
        "2 validation errors detected: "
        "Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
        "Member must have value greater than or equal to 6; "
        "Value '-1' at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy "
        "constraint: Member must have value greater than or equal to 0")


def test_nested_required_member(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", {"PoolName": "p", "UsernameConfiguration": {}})

    assert answer(response) == invalid(
        "1 validation error detected: Value null at 'usernameConfiguration.caseSensitive' "
        "failed to satisfy constraint: Member must not be null")


def test_empty_list_below_minimum(cognito_fake: CognitoFake) -> None:
    assert answer(post("CreateUserPool", {"PoolName": "p", "Schema": []})) == invalid(
        "1 validation error detected: Value '[]' at 'schema' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1")


def test_nothing_is_created_when_validation_fails(cognito_fake: CognitoFake) -> None:
    post("CreateUserPool", {"PoolName": "p", "MfaConfiguration": "maybe"})

    assert cognito_fake.backend.store.pools == {}
    assert [(c.operation, c.error) for c in cognito_fake.calls] == [
        ("CreateUserPool", "InvalidParameterException")]


# -- through boto3: max, pattern, enum ---------------------------------------------------------


def test_boto3_itself_rejects_missing_and_too_short(client: Any,
                                                    cognito_fake: CognitoFake) -> None:
    with pytest.raises(ParamValidationError):
        client.describe_user_pool(UserPoolId="")
    with pytest.raises(ParamValidationError):
        client.list_user_pools(MaxResults=0)

    assert len(cognito_fake.calls) == 0


def test_max_length(client: Any) -> None:
    name = "p" * 129

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName=name)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy "
        "constraint: Member must have length less than or equal to 128", 400)


def test_pattern(client: Any) -> None:
    with pytest.raises(client.exceptions.InvalidParameterException) as excinfo:
        client.describe_user_pool(UserPoolId="us-east-1")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'us-east-1' at 'userPoolId' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {POOL_ID_PATTERN}", 400)


def test_pattern_and_max_length_of_one_member(client: Any) -> None:
    pool_id = "us-east-1_" + "!" * 50

    with pytest.raises(ClientError) as excinfo:
        client.delete_user_pool(UserPoolId=pool_id)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"2 validation errors detected: Value '{pool_id}' at 'userPoolId' failed to satisfy "
        "constraint: Member must have length less than or equal to 55; "
        f"Value '{pool_id}' at 'userPoolId' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {POOL_ID_PATTERN}", 400)


def test_enum(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="p", MfaConfiguration="SOMETIMES")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy "
        "constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]", 400)


def test_list_enum(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool_client(UserPoolId=POOL_ID, ClientName="app",
                                       ExplicitAuthFlows=["ADMIN_USER_PASSWORD_AUTH"])

    # Values in the model's order; the real order is unknown (reference §1.5). The set grows
    # with botocore releases, so it is read from the installed model.
    flows = _model.service_model().shape_for("ExplicitAuthFlowsType").enum
    assert "ALLOW_USER_SRP_AUTH" in flows
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value '[ADMIN_USER_PASSWORD_AUTH]' at 'explicitAuthFlows' "
        "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy "
        f"enum value set: [{', '.join(flows)}]]", 400)


def test_list_enum_with_several_bad_values_is_one_violation(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="p",
                                AutoVerifiedAttributes=["email", "fax", "pager"])

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value '[email, fax, pager]' at 'autoVerifiedAttributes' "
        "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy "
        "enum value set: [phone_number, email]]", 400)


def test_list_element_length_is_wrapped(client: Any) -> None:
    url = "https://example.com/" + "a" * 1024

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool_client(UserPoolId=POOL_ID, ClientName="app",
                                       CallbackURLs=[url])

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '[{url}]' at 'callbackURLs' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 1024]", 400)


def test_sensitive_pattern_through_boto3(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool_client(UserPoolId=POOL_ID, ClientName="app",
                                       ClientSecret="a" * 23 + "!")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\w+]+", 400)


def test_client_id_is_shown_although_the_model_marks_it_sensitive(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.describe_user_pool_client(UserPoolId=POOL_ID, ClientId="no such client")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'no such client' at 'clientId' failed to satisfy "
        r"constraint: Member must satisfy regular expression pattern: [\w+]+", 400)


def test_integer_above_maximum(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_user_pools(MaxResults=61)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 60", 400)


def test_nested_list_of_structures_names_the_element(client: Any) -> None:
    name = "n" * 21

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="p", Schema=[
            {"Name": "ok", "AttributeDataType": "String"},
            {"Name": name, "AttributeDataType": "Text"},
        ])

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "2 validation errors detected: "
        f"Value '{name}' at 'schema.2.member.name' failed to satisfy constraint: "
        "Member must have length less than or equal to 20; "
        "Value 'Text' at 'schema.2.member.attributeDataType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [String, Number, DateTime, Boolean]", 400)


def test_violations_in_model_order(client: Any) -> None:
    name = "bad name!" * 15

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName=name, Policies={"PasswordPolicy": {"MinimumLength": 100}},
                                MfaConfiguration="NEVER", DeletionProtection="on")

    assert error_of(excinfo) == (
        "InvalidParameterException",
        "5 validation errors detected: "
        f"Value '{name}' at 'poolName' failed to satisfy constraint: "
        "Member must have length less than or equal to 128; "
        f"Value '{name}' at 'poolName' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {POOL_NAME_PATTERN}; "
        "Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
        "Member must have value less than or equal to 99; "
        "Value 'on' at 'deletionProtection' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ACTIVE, INACTIVE]; "
        "Value 'NEVER' at 'mfaConfiguration' failed to satisfy constraint: "
        "Member must satisfy enum value set: [OFF, ON, OPTIONAL]", 400)


@pytest.mark.parametrize("name", ["café", "pool\u00a0name", "naïve", "x\u2028y"])
def test_java_w_and_s_are_ascii(client: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName=name)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {POOL_NAME_PATTERN}", 400)


def test_java_dot_stops_at_line_terminators(client: Any) -> None:
    message = "Your code:\r\n{####}"

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="p", SmsVerificationMessage=message)

    assert error_of(excinfo) == (
        "InvalidParameterException",
        f"1 validation error detected: Value '{message}' at 'smsVerificationMessage' failed to "
        r"satisfy constraint: Member must satisfy regular expression pattern: .*\{####\}.*", 400)


def test_valid_values_pass(client: Any) -> None:
    pool = client.create_user_pool(
        PoolName="My pool+=,.@-_1\t", MfaConfiguration="OFF",
        SmsVerificationMessage="Your code is {####}", AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 99}},
    )["UserPool"]

    assert pool["Name"] == "My pool+=,.@-_1\t"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 99


# -- unit: the validator itself (any operation's shape; no operation runs) ---------------------


def test_sensitive_username_and_password_are_hidden() -> None:
    with pytest.raises(InvalidParameterException) as excinfo:
        validate_input(_model.input_shape("SignUp"),
                       {"ClientId": "abc", "Username": "", "Password": "two words"})

    assert excinfo.value.message == (
        "3 validation errors detected: "
        "Value at 'username' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        "Value at 'username' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {NAME_PATTERN}; "
        "Value at 'password' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\S]+")


def test_missing_visible_and_sensitive_members() -> None:
    with pytest.raises(InvalidParameterException) as excinfo:
        validate_input(_model.input_shape("ConfirmForgotPassword"),
                       {"ClientId": "abc", "Password": "Passw0rd!"})

    assert excinfo.value.message == (
        "2 validation errors detected: "
        "Value at 'username' failed to satisfy constraint: Member must not be null; "
        "Value null at 'confirmationCode' failed to satisfy constraint: Member must not be null")


def test_password_may_hold_non_ascii_space() -> None:
    # Java's \S is "not one of the six ASCII spaces": a no-break space is allowed.
    validate_input(_model.input_shape("ConfirmForgotPassword"), {
        "ClientId": "abc", "Username": "ann", "ConfirmationCode": "123456",
        "Password": "pass\u00a0word"})


def test_map_values_and_keys_are_checked() -> None:
    with pytest.raises(InvalidParameterException) as excinfo:
        validate_input(_model.input_shape("CreateUserPool"),
                       {"PoolName": "p", "UserPoolTags": {"": "v", "k": "x" * 257}})

    assert excinfo.value.message == (
        "2 validation errors detected: "
        "Value '' at 'userPoolTags.key' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        f"Value '{'x' * 257}' at 'userPoolTags.k' failed to satisfy constraint: "
        "Member must have length less than or equal to 256")


@pytest.mark.parametrize("params", [
    [], "x", 1, None,
    {"PoolName": 1}, {"PoolName": "p", "Policies": "x"}, {"PoolName": "p", "Schema": [1]},
    {"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLength": 2**31}}},
    {"PoolName": "p", "Policies": {"PasswordPolicy": {"RequireNumbers": 1}}},
], ids=repr)
def test_wrong_json_types_are_serialization_errors(params: Any) -> None:
    with pytest.raises(SerializationException) as excinfo:
        validate_input(_model.input_shape("CreateUserPool"), params)

    assert (excinfo.value.code, excinfo.value.message, excinfo.value.status) == (
        "com.amazon.coral.service#SerializationException", None, 400)


def test_render_singular() -> None:
    error = render([Violation("userPoolId", "'x'", "Member must satisfy enum value set: [A]")])

    assert (error.code, error.status, error.message) == (
        "InvalidParameterException", 400,
        "1 validation error detected: Value 'x' at 'userPoolId' failed to satisfy constraint: "
        "Member must satisfy enum value set: [A]")


def test_render_plural_hidden_and_null() -> None:
    error = render([
        Violation("username", None, "Member must not be null"),
        Violation("confirmationCode", "null", "Member must not be null"),
        Violation("a.b", "'1'", "Member must have value less than or equal to 0"),
    ])

    assert error.message == (
        "3 validation errors detected: "
        "Value at 'username' failed to satisfy constraint: Member must not be null; "
        "Value null at 'confirmationCode' failed to satisfy constraint: "
        "Member must not be null; "
        "Value '1' at 'a.b' failed to satisfy constraint: "
        "Member must have value less than or equal to 0")


@given(st.lists(st.builds(Violation, st.text(), st.none() | st.text(), st.text()), min_size=1))
def test_render_counts_and_joins(violations: list[Violation]) -> None:
    message = render(violations).message
    assert message is not None

    n = len(violations)
    noun = "validation error" if n == 1 else "validation errors"
    assert message == f"{n} {noun} detected: " + "; ".join(v.render() for v in violations)


# -- unit: output checking ---------------------------------------------------------------------


def _pool_body() -> dict[str, Any]:
    return {"UserPool": {"Id": POOL_ID, "Name": "p", "EstimatedNumberOfUsers": 0,
                         "CreationDate": 1.5, "MfaConfiguration": "OFF"}}


def test_output_that_fits() -> None:
    assert output_problems(_model.output_shape("DescribeUserPool"), _pool_body()) == []
    assert output_problems(_model.output_shape("DeleteUserPool"), {}) == []


def test_output_problems_name_each_stray() -> None:
    body = _pool_body()
    pool = body["UserPool"]
    pool.update(Name=1, EstimatedNumberOfUsers=True, CreationDate="today",
                MfaConfiguration="SOMETIMES", Colour="blue", Arn=None)

    assert output_problems(_model.output_shape("DescribeUserPool"), body) == [
        ".UserPool.Name: int is not a string",
        ".UserPool.EstimatedNumberOfUsers: bool is not a integer",
        ".UserPool.CreationDate: str is not a timestamp",
        ".UserPool.MfaConfiguration: 'SOMETIMES' not in the enum of UserPoolMfaType",
        ".UserPool.Colour: not a member of UserPoolType",
        ".UserPool.Arn: null (Cognito omits absent members)",
    ]


def test_output_problems_in_lists_maps_and_required_members() -> None:
    body = {"UserPools": [{"Id": POOL_ID, "LambdaConfig": []}, "x"], "NextToken": 5}

    assert output_problems(_model.output_shape("ListUserPools"), body) == [
        ".UserPools[0].LambdaConfig: expected an object, got list",
        ".UserPools[1]: expected an object, got str",
        ".NextToken: int is not a string",
    ]
    group = {"Group": {"GroupName": "g", "Precedence": "1"}}
    assert output_problems(_model.output_shape("GetGroup"), group) == [
        ".Group.Precedence: str is not a integer"]
    tags = {"Tags": {"k": 1}}
    assert output_problems(_model.output_shape("ListTagsForResource"), tags) == [
        ".Tags['k']: int is not a string"]


def test_output_problems_for_a_body_that_is_not_an_object() -> None:
    assert output_problems(_model.output_shape("DescribeUserPool"), []) == [
        "<body>: expected an object, got list"]


def test_output_problems_for_an_operation_without_output() -> None:
    shape = _model.output_shape("DeleteUserPool")
    if shape is not None:
        pytest.skip("DeleteUserPool has an (empty) output shape in this botocore")
    assert output_problems(None, {"x": 1}) == ["operation has no output shape but returned ['x']"]


def test_required_output_member_missing() -> None:
    problems = output_problems(_model.output_shape("AdminInitiateAuth"),
                               {"ChallengeParameters": {}, "AuthenticationResult": {}})
    required = [p for p in problems if "required member missing" in p]
    shape: Any = _model.output_shape("AdminInitiateAuth")

    assert required == [f".{name}: required member missing"
                        for name in shape.required_members if name != "ChallengeParameters"]


# -- unit: Java pattern semantics --------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "value", "matches"), [
    (POOL_ID_PATTERN, "eu-west-1_AbC123", True),
    (POOL_ID_PATTERN, "éu-west-1_AbC123", False),
    (POOL_NAME_PATTERN, "Pool 1", True),
    (POOL_NAME_PATTERN, "Pool\u20031", False),  # em space: not an ASCII space
    (r"[\S]+", "pass\u00a0word", True),
    (r"[\S]+", "pass\tword", False),
    (r"[\S]+", "пароль", True),
    (NAME_PATTERN, "ünïcödé", True),
    (NAME_PATTERN, "two words", False),
    (r".*\{####\}.*", "code {####}", True),
    (r".*\{####\}.*", "code\u2028{####}", False),
    (r"(?s).*", "a\nb", True),
    (r"[\w+]+", "abc+123", True),
    (r"[\w+]+", "abc-123", False),
    (r"^[0-9a-fA-F]+$", "0aF", True),
])
def test_java_pattern(pattern: str, value: str, matches: bool) -> None:
    import regex

    source, nested = java_pattern(pattern)
    compiled = regex.compile(source, regex.V1 if nested else regex.V0)

    assert (compiled.fullmatch(value) is not None) is matches


def test_java_pattern_rewrites_only_predefined_classes() -> None:
    assert java_pattern(r"[\w-]+_[0-9a-zA-Z]+") == ("[a-zA-Z0-9_-]+_[0-9a-zA-Z]+", False)
    assert java_pattern(r"[\S]+") == (r"[[^ \t\n\x0b\f\r]]+", True)
    assert java_pattern(r"\d\p{L}\.") == (r"[0-9]\p{L}\.", False)


# -- the acceptor (the fast path) never accepts what the walker rejects ----------------------

_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", "a", "user_1", "a@b.c", "é", " "]))


def _loose(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values near a shape: mostly of its type, at and around its limits, sometimes not."""
    kind = shape.type_name
    wrong = st.sampled_from([None, 1, "x", True, [], {}, 1.5])
    if depth > 3:
        return wrong
    meta = shape.metadata
    if kind == "string":
        good = st.sampled_from(list(shape.enum)) if shape.enum else _TEXT
        pattern = _compiled(meta["pattern"]) if "pattern" in meta else None
        if not shape.enum and isinstance(pattern, re.Pattern):
            good = st.from_regex(pattern, fullmatch=True).filter(
                lambda v: meta.get("min", 0) <= len(v) <= meta.get("max", 10**9))
        sized = st.integers(max(0, meta.get("min", 0) - 1), meta.get("min", 0) + 2).map(
            lambda n: "a" * n)
        return st.one_of(good, good, good, sized, wrong)
    if kind in ("integer", "long"):
        low, high = meta.get("min", -5), meta.get("max", 5)
        near = st.integers(low - 1, min(high + 1, low + 50))
        return st.one_of(near, near, near, st.just(2**63), wrong)
    if kind == "structure":
        members = {name: _loose(member, depth + 1) for name, member in shape.members.items()}
        required = {name: members.pop(name) for name in shape.required_members}
        fixed = st.fixed_dictionaries(required, optional=members)
        return st.one_of(fixed, fixed, fixed, wrong)
    if kind == "list":
        return st.one_of(st.lists(_loose(shape.member, depth + 1), max_size=3), wrong)
    if kind == "map":
        return st.one_of(st.dictionaries(_TEXT, _loose(shape.value, depth + 1), max_size=3),
                         wrong)
    return st.one_of(st.booleans(), st.floats(allow_nan=False), wrong)


_SHAPES = sorted(name for name in _model.operation_names()
                 if _model.input_shape(name) is not None)


@settings(max_examples=300)
@given(data=st.data(), operation=st.sampled_from(_SHAPES))
def test_acceptor_accepts_only_what_the_walker_passes(data: st.DataObject,
                                                      operation: str) -> None:
    from pytest_cognito_fake._validation import _acceptor, _structure

    shape = _model.input_shape(operation)
    params = data.draw(_loose(shape))
    if not isinstance(params, dict) or not _acceptor(shape)(params):
        return
    violations: list[Violation] = []
    _structure(shape, params, "", violations)  # raises SerializationException if it disagrees
    assert violations == []


def test_acceptor_says_yes_and_no() -> None:
    from pytest_cognito_fake._validation import _acceptor

    shape = _model.input_shape("ConfirmForgotPassword")
    good = {"ClientId": "a" * 26, "Username": "ana", "ConfirmationCode": "123456",
            "Password": "Passw0rd!", "ClientMetadata": {"k": "v"}}
    assert _acceptor(shape)(good) is True
    # One-class patterns test ASCII values by the class's characters, the rest by the pattern
    # (UsernameType takes letters of any script, ClientIdType Java's ASCII \w only).
    assert _acceptor(shape)({**good, "Username": "josé"}) is True
    for bad in ({**good, "Username": ""}, {**good, "ClientId": 5}, {**good, "Password": None},
                {**good, "ClientMetadata": {"k": 1}}, {**good, "ConfirmationCode": "1 2"},
                {**good, "Username": "a b"}, {**good, "Username": "a\u00a0b"},
                {**good, "ClientId": "clíent"}):
        assert _acceptor(shape)(bad) is False


_OUTPUTS = sorted(name for name in _model.operation_names()
                  if _model.output_shape(name) is not None)


@settings(max_examples=300)
@given(data=st.data(), operation=st.sampled_from(_OUTPUTS))
def test_fit_test_passes_only_what_the_checker_passes(data: st.DataObject,
                                                      operation: str) -> None:
    from pytest_cognito_fake._validation import _checker, _fits

    shape = _model.output_shape(operation)
    body = data.draw(_loose(shape))
    if not _fits(shape)(body):
        return
    problems: list[str] = []
    _checker(shape)(body, (), problems)
    assert problems == []


def test_fit_test_says_yes_and_no() -> None:
    from pytest_cognito_fake._validation import _fits

    shape = _model.output_shape("ForgotPassword")
    good = {"CodeDeliveryDetails": {"Destination": "a***@e***", "DeliveryMedium": "EMAIL",
                                    "AttributeName": "email"}}
    assert _fits(shape)(good) is True
    assert output_problems(shape, good) == []
    for bad in ({"CodeDeliveryDetails": {"DeliveryMedium": "FAX"}},
                {"CodeDeliveryDetails": None}, {**good, "Extra": 1},
                {"CodeDeliveryDetails": {"Destination": 5}}):
        assert _fits(shape)(bad) is False
        assert output_problems(shape, bad) != []


def _one_class_patterns() -> list[str]:
    from pytest_cognito_fake._validation import _ONE_CLASS

    model = _model.service_model()
    found = {model.shape_for(name).metadata.get("pattern") for name in model.shape_names}
    return sorted(p for p in found if p and _ONE_CLASS.fullmatch(p))


_ONE_CLASS_PATTERNS = _one_class_patterns()


def test_one_class_patterns_are_found() -> None:
    assert r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+" in _ONE_CLASS_PATTERNS  # UsernameType
    assert r"[\S]+" in _ONE_CLASS_PATTERNS and len(_ONE_CLASS_PATTERNS) >= 10
    assert r"[\w-]+_[0-9a-zA-Z]+" not in _ONE_CLASS_PATTERNS


@settings(max_examples=300)
@given(pattern=st.sampled_from(_ONE_CLASS_PATTERNS),
       value=st.one_of(st.text(max_size=8),
                       st.text(st.characters(max_codepoint=127), max_size=8)))
def test_one_class_check_agrees_with_the_pattern(pattern: str, value: str) -> None:
    from pytest_cognito_fake._validation import _make_learner

    compiled = _compiled(pattern)
    check = _make_learner(compiled, pattern, set())
    assert check(value) is (compiled.fullmatch(value) is not None)
