"""The wire: Cognito's exact bytes, status and headers, through raw HTTP and through boto3.

Reference cognito-errors.md §1.2 (format, byte for byte), §1.3 (statuses), §1.4 (how botocore
reads it, retries); bad input of any kind gets an AWS-style error, never a traceback.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import error_of
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake, _model
from pytest_cognito_fake._protocol import FakeBug, NotImplementedOperation
from pytest_cognito_fake._validation import _compiled, output_problems
from pytest_cognito_fake.errors import NotImplementedByFake
from pytest_cognito_fake.operations import OPERATIONS

CONTENT_TYPE = "application/x-amz-json-1.1"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
#: One attempt only. Note ``retries={"max_attempts": 1}`` means one *retry* (two attempts).
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
SERIALIZATION = b'{"__type":"com.amazon.coral.service#SerializationException"}'
UNKNOWN_OPERATION = b'{"__type":"com.amazon.coral.service#UnknownOperationException"}'


def post(operation: str | None, body: Any = None, *, region: str = "us-east-1",
         raw: bytes | str | None = None, target: str | None = None) -> requests.Response:
    """A raw JSON 1.1 request, as a non-botocore SDK would send it."""
    headers = {"Content-Type": CONTENT_TYPE}
    if target is not None:
        headers["X-Amz-Target"] = target
    elif operation is not None:
        headers["X-Amz-Target"] = TARGET_PREFIX + operation
    data = raw if raw is not None else json.dumps({} if body is None else body)
    return requests.post(f"https://cognito-idp.{region}.amazonaws.com/", headers=headers,
                         data=data, timeout=5)


def assert_error_wire(response: requests.Response, type_: str, message: str | None,
                      status: int = 400) -> None:
    """Status, compact body and the four headers of §1.2 rule 3."""
    body: dict[str, str] = {"__type": type_}
    if message is not None:
        body["message"] = message
    expected = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    assert (response.status_code, response.content) == (status, expected)
    assert response.headers["Content-Type"] == CONTENT_TYPE
    assert uuid.UUID(response.headers["x-amzn-RequestId"]).version == 4
    assert response.headers["x-amzn-ErrorType"] == f"{type_}:"
    if message is None:
        assert "x-amzn-ErrorMessage" not in response.headers
    else:
        assert response.headers["x-amzn-ErrorMessage"] == message


# -- the error format, byte for byte -----------------------------------------------------------


def test_error_is_compact_json_with_cognito_headers(cognito_fake: CognitoFake) -> None:
    response = post("DescribeUserPool", {"UserPoolId": "us-east-1_AAAAAAAAA"})

    assert response.status_code == 400
    assert response.reason == "Bad Request"
    assert response.content == (
        b'{"__type":"ResourceNotFoundException",'
        b'"message":"User pool us-east-1_AAAAAAAAA does not exist."}'
    )
    assert response.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException:"
    assert response.headers["x-amzn-ErrorMessage"] == (
        "User pool us-east-1_AAAAAAAAA does not exist.")
    request_id = response.headers["x-amzn-RequestId"]
    assert str(uuid.UUID(request_id)) == request_id  # lower-case, dashed
    assert "Date" in response.headers


def test_error_through_boto3(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    with pytest.raises(ClientError) as excinfo:
        client.describe_user_pool(UserPoolId="us-east-1_AAAAAAAAA")

    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_AAAAAAAAA does not exist.", 400)
    response: Any = excinfo.value.response
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == CONTENT_TYPE
    assert headers["x-amzn-errortype"] == "ResourceNotFoundException:"
    assert headers["x-amzn-errormessage"] == "User pool us-east-1_AAAAAAAAA does not exist."
    assert int(headers["content-length"]) == len(
        b'{"__type":"ResourceNotFoundException",'
        b'"message":"User pool us-east-1_AAAAAAAAA does not exist."}')
    assert response["ResponseMetadata"]["RequestId"] == headers["x-amzn-requestid"]
    # botocore copies the modelled member to the top level (§1.4).
    assert response["message"] == "User pool us-east-1_AAAAAAAAA does not exist."
    assert str(excinfo.value) == (
        "An error occurred (ResourceNotFoundException) when calling the DescribeUserPool "
        "operation: User pool us-east-1_AAAAAAAAA does not exist.")


def test_modelled_error_is_catchable_by_name(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.delete_user_pool(UserPoolId="us-east-1_AAAAAAAAA")

    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_AAAAAAAAA does not exist.", 400)


def test_every_request_gets_its_own_request_id(cognito_fake: CognitoFake) -> None:
    ids = {post("DescribeUserPool", {"UserPoolId": "us-east-1_AAAAAAAAA"})
           .headers["x-amzn-RequestId"] for _ in range(5)}
    ids |= {post("ListUserPools", {"MaxResults": 1}).headers["x-amzn-RequestId"]}

    assert len(ids) == 6
    assert all(uuid.UUID(i).version == 4 for i in ids)


def test_success_is_compact_json_without_error_headers(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", {"PoolName": "wire"})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == CONTENT_TYPE
    assert uuid.UUID(response.headers["x-amzn-RequestId"]).version == 4
    assert "x-amzn-ErrorType" not in response.headers
    body = response.json()
    assert response.content == json.dumps(body, separators=(",", ":"),
                                          ensure_ascii=False).encode()
    assert body["UserPool"]["Name"] == "wire"
    assert output_problems(_model.output_shape("CreateUserPool"), body) == []


def test_empty_success_body_is_an_empty_object(cognito_fake: CognitoFake) -> None:
    pool_id = post("CreateUserPool", {"PoolName": "gone"}).json()["UserPool"]["Id"]

    response = post("DeleteUserPool", {"UserPoolId": pool_id})

    assert (response.status_code, response.content) == (200, b"{}")


# -- 500: InternalErrorException ---------------------------------------------------------------


def test_internal_error_is_500_on_the_wire(cognito_fake: CognitoFake) -> None:
    cognito_fake.faults.inject("ListUserPools", "InternalErrorException",
                               message="An internal error occurred.")

    response = post("ListUserPools", {"MaxResults": 10})

    assert_error_wire(response, "InternalErrorException", "An internal error occurred.", 500)
    assert response.reason == "Internal Server Error"


def test_internal_error_is_500_through_boto3(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1", config=NO_RETRIES)
    cognito_fake.faults.inject("ListUserPools", "InternalErrorException")

    with pytest.raises(client.exceptions.InternalErrorException) as excinfo:
        client.list_user_pools(MaxResults=10)

    assert error_of(excinfo) == ("InternalErrorException", "Internal server error.", 500)
    assert excinfo.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_botocore_retries_a_500_once_with_max_attempts_1(
        cognito_fake: CognitoFake, monkeypatch: pytest.MonkeyPatch) -> None:
    """DESIGN.md facts: 5xx answers are retried. ``max_attempts`` counts retries, not attempts,
    so a fault injected once is followed by a retry that succeeds."""
    sleeps: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time.sleep", sleeps.append)
    client = boto3.client("cognito-idp", region_name="us-east-1",
                          config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    cognito_fake.faults.inject("ListUserPools", "InternalErrorException")

    response = client.list_user_pools(MaxResults=10)

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [c.error for c in cognito_fake.calls.of("ListUserPools")] == [
        "InternalErrorException", None]
    assert len(sleeps) == 1


# -- bad input: never a traceback --------------------------------------------------------------


@pytest.mark.parametrize("target", [
    None,
    "",
    "AWSCognitoIdentityProviderService.NoSuchOperation",
    "AWSCognitoIdentityProviderService.",
    "AWSCognitoIdentityProviderService.createUserPool",
    "AnotherService.CreateUserPool",
    "CreateUserPool",
    "AWSCognitoIdentityProviderService.CreateUserPool.Extra",
], ids=repr)
def test_unknown_or_missing_target(cognito_fake: CognitoFake, target: str | None) -> None:
    response = post(None, {"PoolName": "x"}, target=target)

    assert (response.status_code, response.content) == (400, UNKNOWN_OPERATION)
    assert response.headers["x-amzn-ErrorType"] == (
        "com.amazon.coral.service#UnknownOperationException:")
    assert "x-amzn-ErrorMessage" not in response.headers
    assert cognito_fake.backend.store.pools == {}


def test_unknown_operation_through_botocore_reads_as_its_short_name(
        cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")

    def retarget(request: Any, **_: Any) -> None:
        request.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.NoSuchOperation"

    client.meta.events.register_first("before-sign.cognito-identity-provider", retarget)

    with pytest.raises(ClientError) as excinfo:
        client.list_user_pools(MaxResults=1)

    # botocore strips the ``namespace#`` (§1.4); there is no message.
    assert error_of(excinfo) == ("UnknownOperationException", "", 400)


@pytest.mark.parametrize("raw", [
    b"garbage",
    b"{",
    b'{"PoolName": "x",}',
    b"{'PoolName': 'x'}",
    b"\xff\xfe\x00garbage",
    b'{"PoolName": "\xff"}',
    b'{"PoolName": NaN}',
    b'{"MaxResults": Infinity}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"PoolName": "x"} trailing',
], ids=lambda raw: repr(raw[:24]))
def test_body_that_is_not_json(cognito_fake: CognitoFake, raw: bytes) -> None:
    response = post("CreateUserPool", raw=raw)

    assert_error_wire(response, "com.amazon.coral.service#SerializationException", None)
    assert response.content == SERIALIZATION


@pytest.mark.parametrize("body", ["[]", "[{}]", '"PoolName"', "42", "true", "null"])
def test_json_that_is_not_an_object(cognito_fake: CognitoFake, body: str) -> None:
    response = post("CreateUserPool", raw=body)

    assert (response.status_code, response.content) == (400, SERIALIZATION)


def test_empty_body_reads_as_an_empty_object(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", raw=b"")

    assert_error_wire(
        response, "InvalidParameterException",
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: "
        "Member must not be null")


@pytest.mark.parametrize(("operation", "body"), [
    ("ListUserPools", {"MaxResults": "10"}),           # string where an integer belongs
    ("ListUserPools", {"MaxResults": 10.5}),           # fraction where an integer belongs
    ("ListUserPools", {"MaxResults": True}),           # boolean where an integer belongs
    ("ListUserPools", {"MaxResults": 2**31}),          # beyond Java's int
    ("ListUserPools", {"MaxResults": 10**30}),
    ("ListUserPools", {"MaxResults": 10, "NextToken": 5}),
    ("CreateUserPool", {"PoolName": ["pool"]}),        # list where a string belongs
    ("CreateUserPool", {"PoolName": {"a": 1}}),        # object where a string belongs
    ("CreateUserPool", {"PoolName": 7}),
    ("CreateUserPool", {"PoolName": "p", "Policies": []}),
    ("CreateUserPool", {"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLength": "8"}}}),
    ("CreateUserPool", {"PoolName": "p",
                        "Policies": {"PasswordPolicy": {"RequireNumbers": "true"}}}),
    ("CreateUserPool", {"PoolName": "p", "AutoVerifiedAttributes": "email"}),
    ("CreateUserPool", {"PoolName": "p", "AutoVerifiedAttributes": [["email"]]}),
    ("CreateUserPool", {"PoolName": "p", "Schema": [{"Name": "x", "Mutable": "yes"}]}),
    ("CreateUserPool", {"PoolName": "p", "Schema": {"Name": "x"}}),
    ("CreateUserPool", {"PoolName": "p", "UserPoolTags": ["a"]}),
    ("CreateUserPool", {"PoolName": "p", "UserPoolTags": {"k": 1}}),
    ("DescribeUserPool", {"UserPoolId": 12, "NoSuchMember": [1]}),
], ids=lambda v: json.dumps(v)[:50] if isinstance(v, dict) else v)
def test_wrong_member_types(cognito_fake: CognitoFake, operation: str,
                            body: dict[str, Any]) -> None:
    response = post(operation, body)

    assert (response.status_code, response.content) == (400, SERIALIZATION)
    assert cognito_fake.backend.store.pools == {}


def test_unknown_members_are_ignored(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", {"PoolName": "p", "NoSuchMember": [1, {"x": None}]})

    assert response.status_code == 200
    assert "NoSuchMember" not in response.json()["UserPool"]


def test_huge_value_is_a_length_error(cognito_fake: CognitoFake) -> None:
    name = "p" * 1_000_000

    response = post("CreateUserPool", {"PoolName": name})

    assert_error_wire(
        response, "InvalidParameterException",
        f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy "
        f"constraint: Member must have length less than or equal to 128")


def test_largest_java_int_is_a_range_error_not_a_type_error(cognito_fake: CognitoFake) -> None:
    response = post("ListUserPools", {"MaxResults": 2**31 - 1})

    assert_error_wire(
        response, "InvalidParameterException",
        "1 validation error detected: Value '2147483647' at 'maxResults' failed to satisfy "
        "constraint: Member must have value less than or equal to 60")


def test_unicode_value_is_echoed_in_the_body(cognito_fake: CognitoFake) -> None:
    # Java's \\w is ASCII-only: a Japanese pool name fails the pattern.
    response = post("CreateUserPool", {"PoolName": "プール"})

    message = ("1 validation error detected: Value 'プール' at 'poolName' failed to satisfy "
               "constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")
    assert response.status_code == 400
    assert response.content == json.dumps(
        {"__type": "InvalidParameterException", "message": message},
        separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # A header carries latin-1 only; the message travels in the body alone.
    assert "x-amzn-ErrorMessage" not in response.headers
    assert response.headers["x-amzn-ErrorType"] == "InvalidParameterException:"


def test_unicode_escapes_in_the_body_are_read(cognito_fake: CognitoFake) -> None:
    response = post("CreateUserPool", raw='{"PoolName": "caf\\u00e9"}')

    assert_error_wire(
        response, "InvalidParameterException",
        "1 validation error detected: Value 'café' at 'poolName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")


def test_message_with_a_newline_stays_out_of_the_header(cognito_fake: CognitoFake) -> None:
    cognito_fake.faults.inject("ListUserPools", "InvalidParameterException",
                               message="Attributes did not conform to the schema: x: y\n")

    response = post("ListUserPools", {"MaxResults": 1})

    assert response.json() == {"__type": "InvalidParameterException",
                               "message": "Attributes did not conform to the schema: x: y\n"}
    assert "x-amzn-ErrorMessage" not in response.headers


def test_operation_not_implemented_yet_fails_loudly(
        cognito_fake: CognitoFake, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = sorted(_model.operation_names() - set(OPERATIONS))
    if not missing:
        pytest.skip("every operation is implemented")
    # Valid input depends on the operation; the point here is what comes after validation.
    monkeypatch.setattr("pytest_cognito_fake._protocol.validate_input", lambda *_: None)

    with pytest.raises(NotImplementedOperation, match=f"does not implement {missing[0]} yet"):
        post(missing[0], {})

    assert [type(bug) for bug in cognito_fake.bugs] == [NotImplementedOperation]
    cognito_fake.bugs.clear()


def test_body_that_does_not_fit_the_output_shape_is_a_fake_bug(
        cognito_fake: CognitoFake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(OPERATIONS, "ListUserPools", lambda ctx, params: {"Pools": []})
    client = boto3.client("cognito-idp", region_name="us-east-1")

    with pytest.raises(FakeBug, match="not a member of ListUserPoolsResponse"):
        client.list_user_pools(MaxResults=1)

    assert [type(bug) for bug in cognito_fake.bugs] == [FakeBug]
    cognito_fake.bugs.clear()


def test_exception_inside_an_operation_is_a_fake_bug(
        cognito_fake: CognitoFake, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Any, params: Any) -> Any:
        return {}["missing"]

    monkeypatch.setitem(OPERATIONS, "ListUserPools", broken)

    with pytest.raises(FakeBug, match=r"failed inside ListUserPools: KeyError\('missing'\)"):
        post("ListUserPools", {"MaxResults": 1})

    assert isinstance(cognito_fake.bugs[0].__cause__, KeyError)
    cognito_fake.bugs.clear()


# -- fuzz: random input to every implemented operation -----------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


#: Values that pass most of the model's string patterns, so requests get past validation.
_PLAIN_STRINGS = (
    "a", "abc123", "Name_1", "user@example.com", "https://example.com/cb", "Your code is {####}",
    "Hello {username}, your password is {####}", "arn:aws:iam::123456789012:role/sms",
    "arn:aws:lambda:us-east-1:123456789012:function:trigger", "0123456789abcdef0123456789",
)


def _plain_strings(shape: Any) -> list[str]:
    """The plain strings that pass ``shape``'s length and pattern, else all of them."""
    meta = shape.metadata
    fitting = [v for v in _PLAIN_STRINGS
               if meta.get("min", 0) <= len(v) <= meta.get("max", 10**6)
               and ("pattern" not in meta or _compiled(meta["pattern"]).fullmatch(v))]
    return fitting or list(_PLAIN_STRINGS)


def _draw_shaped(draw: st.DrawFn, shape: Any, known: dict[str, list[str]], careful: bool,
                 depth: int = 0) -> Any:
    """The model's JSON types with random contents; when not ``careful``, now and then anything
    at all. Careful draws mostly pass validation, so they reach the operations themselves."""
    if not careful and draw(st.integers(0, 39)) == 0:
        return draw(_json_values)
    kind = shape.type_name
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():
            wanted = name in shape.required_members or draw(st.integers(0, 5)) == 0
            if wanted and depth < 6:
                out[name] = _draw_shaped(draw, member, known, careful, depth + 1)
        return out
    if kind in ("list", "map"):
        low = shape.metadata.get("min", 0) if careful else 0
        size = draw(st.integers(low, max(low, 3))) if depth < 6 else 0
        if kind == "list":
            return [_draw_shaped(draw, shape.member, known, careful, depth + 1)
                    for _ in range(size)]
        return {_draw_shaped(draw, shape.key, known, True, depth + 1):
                _draw_shaped(draw, shape.value, known, careful, depth + 1) for _ in range(size)}
    if kind == "string":
        choices: list[st.SearchStrategy[str]] = [st.sampled_from(_plain_strings(shape))]
        if not careful:
            choices.append(st.text(max_size=30))
        if shape.enum:
            choices = [st.sampled_from(shape.enum), *choices[1:]]
        if known.get(shape.name):
            choices.append(st.sampled_from(known[shape.name]))
        return draw(st.one_of(*choices))
    if kind in ("integer", "long"):
        low, high = shape.metadata.get("min", -10), shape.metadata.get("max", 1000)
        if careful:
            return draw(st.integers(low, high))
        return draw(st.integers(low, high) | st.integers(-10, 1000) | st.integers())
    if kind == "boolean":
        return draw(st.booleans())
    return draw(st.floats(0, 2e9))


@st.composite
def _shaped(draw: st.DrawFn, shape: Any, known: dict[str, list[str]]) -> Any:
    return _draw_shaped(draw, shape, known, careful=draw(st.booleans()))


def _assert_aws_answer(operation: str, response: requests.Response) -> None:
    if response.status_code == 200:
        assert output_problems(_model.output_shape(operation), response.json()) == []
        return
    assert 400 <= response.status_code < 500, response.content
    body = response.json()
    assert set(body) <= {"__type", "message"}
    assert response.headers["x-amzn-ErrorType"] == body["__type"] + ":"
    assert response.content == json.dumps(body, separators=(",", ":"),
                                          ensure_ascii=False).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_input_to_implemented_operations(data: st.DataObject) -> None:
    operation = data.draw(st.sampled_from(sorted(OPERATIONS)), label="operation")
    with CognitoFake(random_seed=0) as fake:
        pool = fake.call("CreateUserPool", PoolName="fuzz")["UserPool"]
        client = fake.call("CreateUserPoolClient", UserPoolId=pool["Id"],
                           ClientName="fuzz")["UserPoolClient"]
        known = {"UserPoolIdType": [pool["Id"]], "ClientIdType": [client["ClientId"]]}
        body = data.draw(_shaped(_model.input_shape(operation), known), label="body")

        try:
            response = post(operation, raw=json.dumps(body))
        except NotImplementedByFake:
            # A flow or challenge not built yet says so loudly; that is not this test's subject.
            fake.bugs.clear()
            reject()

    event(f"{operation} {response.status_code} {response.json().get('__type', '')}")
    _assert_aws_answer(operation, response)


@settings(max_examples=150, deadline=None)
@given(operation=st.sampled_from(sorted(OPERATIONS)), body=_json_values)
def test_arbitrary_json_values_to_implemented_operations(operation: str, body: Any) -> None:
    with CognitoFake(random_seed=0):
        response = post(operation, raw=json.dumps(body))

    _assert_aws_answer(operation, response)


@settings(max_examples=150, deadline=None)
@given(operation=st.sampled_from(sorted(OPERATIONS)),
       raw=st.binary(max_size=200) | st.text(max_size=100).map(str.encode))
def test_random_bytes_to_implemented_operations(operation: str, raw: bytes) -> None:
    with CognitoFake(random_seed=0):
        response = post(operation, raw=raw)

    _assert_aws_answer(operation, response)


def test_botocore_response_is_the_one_its_constructor_makes() -> None:
    """The transport assembles botocore's AWSResponse directly (a shortcut checked against
    the installed botocore); it must equal what ``AWSResponse(...)`` makes."""
    from botocore.awsrequest import AWSResponse

    from pytest_cognito_fake import _transport_botocore as transport

    # Whichever path the installed botocore allows (the shortcut, or the constructor when the
    # import-time check turned the shortcut off), the result must be the constructor's.
    headers = {"Date": "Fri, 27 Nov 2026 22:00:00 GMT",
               "Content-Type": "application/x-amz-json-1.1",
               "Content-Length": "2", "Connection": "keep-alive",
               "x-amzn-RequestId": "0b8c3f5e-8f6a-4f1e-9d2c-7a6b5c4d3e2f"}
    url = "https://cognito-idp.us-east-1.amazonaws.com/"
    fast = transport._response(url, 200, headers, b"{}")
    slow = AWSResponse(url, 200, headers, transport._Raw((b"{}",)))
    assert type(fast) is type(slow) and type(fast.headers) is type(slow.headers)
    assert set(vars(fast)) == set(vars(slow))
    assert (fast.url, fast.status_code) == (slow.url, slow.status_code)
    assert list(fast.headers.items()) == list(slow.headers.items())
    assert fast.headers["content-length"] == fast.headers["Content-Length"] == "2"
    assert fast.content == slow.content == b"{}"
    assert b"".join(fast.raw.stream()) == b"".join(slow.raw.stream()) == b"{}"
    # Later answers with the same header names start from the store kept from this one: each
    # must hold its own values, and editing one answer's headers must not reach the next.
    for rid, length in (("1" * 36, "10"), ("2" * 36, "2"), ("2" * 36, "2")):
        later_headers = {**headers, "Content-Length": length, "x-amzn-RequestId": rid}
        later = transport._response(url, 200, later_headers, b"{}")
        expected = AWSResponse(url, 200, later_headers, transport._Raw((b"{}",)))
        assert list(later.headers.items()) == list(expected.headers.items())
        later.headers["x-amzn-RequestId"] = later.headers["Date"] = "edited"
    assert fast.headers["x-amzn-requestid"] == "0b8c3f5e-8f6a-4f1e-9d2c-7a6b5c4d3e2f"


def test_botocore_response_without_the_shortcut(cognito_fake: CognitoFake,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With the shortcut off (a botocore whose AWSResponse differs), answers still arrive."""
    from pytest_cognito_fake import _transport_botocore as transport

    monkeypatch.setattr(transport, "_FAST", None)
    client = cognito_fake.client()
    pool_id = client.create_user_pool(PoolName="plain")["UserPool"]["Id"]
    answer = client.describe_user_pool(UserPoolId=pool_id)
    assert answer["UserPool"]["Id"] == pool_id
    headers = answer["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-requestid"] == answer["ResponseMetadata"]["RequestId"]
