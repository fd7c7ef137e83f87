"""The services a test drives, seen through the wire: clock, faults, calls, outbox, lambdas, ids."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
import uuid
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from conftest import error_of
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoError, CognitoFake
from pytest_cognito_fake._services import (
    Call,
    Clock,
    Ids,
    LambdaNotRegistered,
    Message,
    Outbox,
)
from pytest_cognito_fake.errors import (
    ResourceNotFoundException,
    SerializationException,
    UnknownOperationException,
)

UTC = dt.timezone.utc
NEW_YEAR = dt.datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    # One attempt: botocore's standard retry mode (the default from 1.44) retries
    # TooManyRequestsException and LimitExceededException, which would absorb injected faults.
    from botocore.config import Config

    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


def create_pool_raw(name: str = "raw") -> dict[str, Any]:
    response = requests.post(
        "https://cognito-idp.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.CreateUserPool",
                 "Content-Type": "application/x-amz-json-1.1"},
        data=json.dumps({"PoolName": name}), timeout=5)
    body: dict[str, Any] = response.json()
    return body


# -- clock -------------------------------------------------------------------------------------


def test_clock_follows_real_time_until_moved() -> None:
    clock = Clock()
    before = time.time()
    now = clock.now()

    assert before <= now <= time.time()
    assert clock.advance(60) == pytest.approx(time.time() + 60, abs=1)
    assert clock.advance(dt.timedelta(hours=-1)) == pytest.approx(time.time() - 3540, abs=1)


def test_frozen_clock_stands_still_and_moves_only_when_told() -> None:
    clock = Clock()

    assert clock.freeze(NEW_YEAR) == NEW_YEAR.timestamp()
    time.sleep(0.01)
    assert clock.now() == NEW_YEAR.timestamp()
    assert clock.advance(dt.timedelta(days=1, seconds=1.5)) == NEW_YEAR.timestamp() + 86401.5
    assert clock.freeze(1_000) == 1_000.0
    assert clock.freeze() == 1_000.0


def test_unfreeze_goes_on_from_the_frozen_instant() -> None:
    clock = Clock()
    clock.freeze(NEW_YEAR)

    clock.unfreeze()
    time.sleep(0.01)

    assert NEW_YEAR.timestamp() < clock.now() < NEW_YEAR.timestamp() + 1
    clock.unfreeze()  # unfreezing a running clock changes nothing
    assert NEW_YEAR.timestamp() < clock.now() < NEW_YEAR.timestamp() + 1


@pytest.mark.parametrize("seconds", ["60", None, True, [1], dt.date(2030, 1, 1), 1j])
def test_advance_rejects_what_is_not_a_duration(seconds: Any) -> None:
    with pytest.raises(TypeError, match=r"^advance\(\) takes seconds or a timedelta, not "):
        Clock().advance(seconds)


@pytest.mark.parametrize("seconds", [math.inf, -math.inf, math.nan])
def test_advance_rejects_infinite_durations(seconds: float) -> None:
    with pytest.raises(ValueError, match=r"^advance\(\) takes a finite number of seconds"):
        Clock().advance(seconds)


@pytest.mark.parametrize("at", ["2030-01-01", b"1", True, dt.date(2030, 1, 1),
                                dt.timedelta(1)])
def test_freeze_rejects_what_is_not_a_time(at: Any) -> None:
    clock = Clock()

    with pytest.raises(TypeError, match=r"^freeze\(\) takes epoch seconds or an aware datetime"):
        clock.freeze(at)
    assert clock.now() == pytest.approx(time.time(), abs=1)  # still running


def test_freeze_rejects_a_naive_datetime_and_infinity() -> None:
    with pytest.raises(ValueError, match="needs an aware datetime"):
        Clock().freeze(dt.datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="finite"):
        Clock().freeze(math.inf)


def test_pool_dates_follow_the_fake_clock(client: Any, cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(NEW_YEAR)
    pool = client.create_user_pool(PoolName="dated")["UserPool"]

    cognito_fake.clock.advance(dt.timedelta(hours=1))
    client.update_user_pool(UserPoolId=pool["Id"])
    described = client.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]

    assert pool["CreationDate"] == pool["LastModifiedDate"] == NEW_YEAR
    assert described["CreationDate"] == NEW_YEAR
    assert described["LastModifiedDate"] == NEW_YEAR + dt.timedelta(hours=1)


def test_dates_go_out_as_epoch_seconds_with_milliseconds(cognito_fake: CognitoFake) -> None:
    cognito_fake.clock.freeze(1_900_000_000.123456)

    pool = create_pool_raw()["UserPool"]

    assert pool["CreationDate"] == pool["LastModifiedDate"] == 1_900_000_000.123


# -- faults ------------------------------------------------------------------------------------


def test_fault_has_exact_code_message_and_status(client: Any,
                                                  cognito_fake: CognitoFake) -> None:
    pool_id = client.create_user_pool(PoolName="p")["UserPool"]["Id"]
    cognito_fake.faults.inject("DescribeUserPool", "NotAuthorizedException",
                               message="Access to this pool is not allowed.")

    with pytest.raises(client.exceptions.NotAuthorizedException) as excinfo:
        client.describe_user_pool(UserPoolId=pool_id)

    assert error_of(excinfo) == (
        "NotAuthorizedException", "Access to this pool is not allowed.", 400)
    # Fired once: the next call is answered as usual.
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id


def test_fault_times(client: Any, cognito_fake: CognitoFake) -> None:
    fault = cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException", times=2)
    outcomes = []

    for _ in range(3):
        try:
            client.list_user_pools(MaxResults=1)
            outcomes.append("ok")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    assert outcomes == ["TooManyRequestsException", "TooManyRequestsException", "ok"]
    assert (fault.fired, fault.remaining) == (2, 0)
    assert cognito_fake.faults.pending() == []


@pytest.mark.parametrize(("code", "message", "status"), [
    ("TooManyRequestsException", "Rate exceeded", 400),
    ("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400),
    ("InternalErrorException", "Internal server error.", 500),
])
def test_fault_default_messages(cognito_fake: CognitoFake, code: str, message: str,
                                status: int) -> None:
    from botocore.config import Config

    client = boto3.client("cognito-idp", region_name="us-east-1",
                          config=Config(retries={"total_max_attempts": 1}))
    cognito_fake.faults.inject("CreateUserPool", code)

    with pytest.raises(ClientError) as excinfo:
        client.create_user_pool(PoolName="p")

    assert error_of(excinfo) == (code, message, status)
    assert cognito_fake.backend.store.pools == {}


def test_fault_on_one_operation_leaves_the_others_alone(client: Any,
                                                        cognito_fake: CognitoFake) -> None:
    cognito_fake.faults.inject("DeleteUserPool", "TooManyRequestsException")

    pool_id = client.create_user_pool(PoolName="p")["UserPool"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        client.delete_user_pool(UserPoolId=pool_id)

    assert error_of(excinfo) == ("TooManyRequestsException", "Rate exceeded", 400)
    assert pool_id in cognito_fake.backend.store.pools


def test_fault_waits_for_valid_input(client: Any, cognito_fake: CognitoFake) -> None:
    fault = cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException")

    with pytest.raises(ClientError) as excinfo:
        client.list_user_pools(MaxResults=61)

    assert error_of(excinfo)[0] == "InvalidParameterException"
    assert fault.remaining == 1
    cognito_fake.faults.clear()


def test_fault_must_be_modelled_for_the_operation(cognito_fake: CognitoFake) -> None:
    with pytest.raises(ValueError) as excinfo:
        cognito_fake.faults.inject("ListUserPools", "UserNotFoundException")

    assert str(excinfo.value) == (
        "UserNotFoundException is not a modelled error of ListUserPools; one of: "
        "InternalErrorException, InvalidParameterException, NotAuthorizedException, "
        "TooManyRequestsException")


def test_fault_needs_a_real_operation_and_a_positive_count(cognito_fake: CognitoFake) -> None:
    with pytest.raises(ValueError, match=r"^'ListPools' is not a cognito-idp operation$"):
        cognito_fake.faults.inject("ListPools", "InternalErrorException")
    with pytest.raises(ValueError, match=r"^times must be at least 1$"):
        cognito_fake.faults.inject("ListUserPools", "InternalErrorException", times=0)
    assert cognito_fake.faults.pending() == []


def test_fault_on_an_operation_not_implemented_still_fires(cognito_fake: CognitoFake) -> None:
    # Faults come before the operation, so every modelled error is reachable (fidelity rule 4).
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.faults.inject("GetUserPoolMfaConfig", "ResourceNotFoundException",
                               message="User pool us-east-1_AAAAAAAAA does not exist.")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_user_pool_mfa_config(UserPoolId="us-east-1_AAAAAAAAA")

    assert error_of(excinfo) == (
        "ResourceNotFoundException", "User pool us-east-1_AAAAAAAAA does not exist.", 400)


def test_assert_clean_names_the_faults_that_never_fired() -> None:
    fake = CognitoFake()
    fake.faults.inject("ListUserPools", "TooManyRequestsException", times=2)

    with pytest.raises(AssertionError) as excinfo:
        fake.assert_clean()

    assert str(excinfo.value) == (
        "injected faults never fired: TooManyRequestsException on ListUserPools (2 left). "
        "A fault that is optional on purpose can be removed with cognito_fake.faults.clear() "
        "before the test ends (README#faults)")
    fake.faults.clear()
    fake.assert_clean()


# -- calls -------------------------------------------------------------------------------------


def test_calls_log_operation_params_and_error(client: Any, cognito_fake: CognitoFake) -> None:
    pool_id = client.create_user_pool(PoolName="logged")["UserPool"]["Id"]
    with pytest.raises(ClientError):
        client.describe_user_pool(UserPoolId="us-east-1_AAAAAAAAA")
    with pytest.raises(ClientError):
        client.list_user_pools(MaxResults=99)

    assert list(cognito_fake.calls) == [
        Call("CreateUserPool", {"PoolName": "logged"}, None),
        Call("DescribeUserPool", {"UserPoolId": "us-east-1_AAAAAAAAA"},
             "ResourceNotFoundException"),
        Call("ListUserPools", {"MaxResults": 99}, "InvalidParameterException"),
    ]
    assert cognito_fake.calls.of("CreateUserPool")[0].params == {"PoolName": "logged"}
    assert cognito_fake.calls[-1].operation == "ListUserPools"
    assert len(cognito_fake.calls) == 3
    assert pool_id in cognito_fake.backend.store.pools


def test_calls_log_unparseable_requests_without_the_namespace(
        cognito_fake: CognitoFake) -> None:
    requests.post("https://cognito-idp.us-east-1.amazonaws.com/",
                  headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"},
                  data=b"not json", timeout=5)

    assert list(cognito_fake.calls) == [Call("ListUserPools", {}, "SerializationException")]
    cognito_fake.calls.clear()
    assert len(cognito_fake.calls) == 0


# -- outbox ------------------------------------------------------------------------------------


def _message(username: str, kind: str = "sign_up", code: str = "123456") -> Message:
    return Message(kind=kind, medium="EMAIL", to=f"{username}@example.com", username=username,
                   user_pool_id="us-east-1_AAAAAAAAA", code=code, subject="Your code",
                   body=f"Your code is {code}", sent_at=0.0)


def test_outbox_last_when_empty(cognito_fake: CognitoFake) -> None:
    with pytest.raises(AssertionError, match=r"^the outbox holds no message \(0 in all\)$"):
        cognito_fake.outbox.last()


def test_outbox_last_for_a_user_and_filter() -> None:
    outbox = Outbox()
    first, second, third = _message("ann"), _message("bob", "forgot_password"), _message("ann",
                                                                                          code="9")
    for message in (first, second, third):
        outbox.append(message)

    assert outbox.last() is third
    assert outbox.last("bob") is second
    assert outbox.filter(kind="sign_up") == [first, third]
    assert outbox.filter(username="ann", code="9") == [third]
    assert (list(outbox), len(outbox), outbox[0]) == ([first, second, third], 3, first)
    with pytest.raises(AssertionError,
                       match=r"^the outbox holds no message for 'cy' \(3 in all\)$"):
        outbox.last("cy")
    outbox.clear()
    assert len(outbox) == 0


# -- lambdas -----------------------------------------------------------------------------------

ARN = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"


def test_lambdas_register_and_look_up(cognito_fake: CognitoFake) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return event

    assert cognito_fake.lambdas.register(ARN, handler) is handler
    assert ARN in cognito_fake.lambdas
    assert cognito_fake.lambdas.handler(ARN) is handler


def test_lambdas_missing_handler_says_how_to_register(cognito_fake: CognitoFake) -> None:
    with pytest.raises(LambdaNotRegistered) as excinfo:
        cognito_fake.lambdas.handler(ARN)

    assert str(excinfo.value) == (
        f"the user pool's LambdaConfig names {ARN}, but no handler is registered for it: "
        f"call cognito_fake.lambdas.register('{ARN}', handler) with a function "
        "handler(event, context) that returns the event")
    assert isinstance(excinfo.value, AssertionError)


def test_lambdas_register_needs_a_callable(cognito_fake: CognitoFake) -> None:
    with pytest.raises(TypeError, match=r"^handler must be callable as handler\(event, context\)$"):
        cognito_fake.lambdas.register(ARN, "not a function")  # type: ignore[arg-type]
    assert ARN not in cognito_fake.lambdas


# -- ids ---------------------------------------------------------------------------------------


def _pool_ids(seed: int | str | None) -> list[str]:
    with CognitoFake(random_seed=seed):
        client = boto3.client("cognito-idp", region_name="eu-west-1")
        return [client.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(3)]


def test_same_seed_same_ids() -> None:
    assert _pool_ids(7) == _pool_ids(7)
    assert _pool_ids("seed") == _pool_ids("seed")
    assert _pool_ids(7) != _pool_ids(8)
    assert len(set(_pool_ids(7))) == 3


def test_no_seed_draws_fresh_ids() -> None:
    assert _pool_ids(None) != _pool_ids(None)


def test_fixture_seed_is_the_test_node_id(cognito_fake: CognitoFake,
                                          request: pytest.FixtureRequest) -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    from_fixture = client.create_user_pool(PoolName="p")["UserPool"]["Id"]

    with CognitoFake(random_seed=request.node.nodeid):
        by_hand = client.create_user_pool(PoolName="p")["UserPool"]["Id"]

    assert by_hand == from_fixture


@given(seed=st.integers() | st.text(), region=st.sampled_from(["us-east-1", "ap-south-2"]))
def test_id_formats(seed: int | str, region: str) -> None:
    ids = Ids(seed)

    assert re.fullmatch(rf"{region}_[0-9A-Za-z]{{9}}", ids.user_pool_id(region))
    assert re.fullmatch(r"[0-9a-v]{1,26}", ids.client_id())
    assert re.fullmatch(r"[0-9a-v]{51,52}", ids.client_secret())
    request_id = ids.uuid4()
    assert str(uuid.UUID(request_id)) == request_id and uuid.UUID(request_id).version == 4
    assert re.fullmatch(r"[0-9]{6}", ids.code()) and re.fullmatch(r"[0-9]{8}", ids.code(8))


# -- call() and client() -----------------------------------------------------------------------


def test_call_answers_like_the_wire(cognito_fake: CognitoFake) -> None:
    pool = cognito_fake.call("CreateUserPool", PoolName="direct")["UserPool"]

    with pytest.raises(ResourceNotFoundException) as excinfo:
        cognito_fake.call("DescribeUserPool", UserPoolId="us-east-1_AAAAAAAAA")

    assert pool["Name"] == "direct"
    assert isinstance(excinfo.value, CognitoError)
    assert excinfo.value.message == "User pool us-east-1_AAAAAAAAA does not exist."
    assert [c.operation for c in cognito_fake.calls] == ["CreateUserPool", "DescribeUserPool"]


def test_call_raises_the_framework_errors_by_their_class(cognito_fake: CognitoFake) -> None:
    with pytest.raises(SerializationException) as excinfo:
        cognito_fake.call("ListUserPools", MaxResults="ten")

    assert (excinfo.value.code, excinfo.value.message) == (
        "com.amazon.coral.service#SerializationException", None)
    with pytest.raises(UnknownOperationException):
        cognito_fake.call("NoSuchOperation")


def test_client_helper_is_in_the_fake_region() -> None:
    with CognitoFake(region="ca-central-1") as fake:
        pool = fake.client().create_user_pool(PoolName="p")["UserPool"]

    assert pool["Id"].startswith("ca-central-1_")
    assert (fake.region, fake.account_id) == ("ca-central-1", "123456789012")
