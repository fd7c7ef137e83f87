"""Interception: while a fake is active every cognito-idp call lands in it, whatever the client;
while none is, nothing of ours is in the way (DESIGN.md fidelity rule 3)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any

import boto3
import botocore.session
import pytest
import requests
import responses
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from moto import mock_aws
from moto.cognitoidp.models import cognitoidp_backends
from requests.adapters import HTTPAdapter

from pytest_cognito_fake import CognitoFake, _active
from pytest_cognito_fake._transport_requests import TRANSPORT

#: Made at import, long before any fixture runs.
EARLY_CLIENT = boto3.client("cognito-idp", region_name="eu-west-1")
EARLY_BOTOCORE_CLIENT = botocore.session.get_session().create_client(
    "cognito-idp", region_name="ap-northeast-1")
#: Nothing listens on the discard port: a request that really goes out fails at once.
NOWHERE = "http://127.0.0.1:9"
HEADERS = {"Content-Type": "application/x-amz-json-1.1"}


def target(operation: str) -> dict[str, str]:
    return {**HEADERS, "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}"}


def create_pool_raw(url: str, name: str = "raw") -> requests.Response:
    return requests.post(url, headers=target("CreateUserPool"),
                         data=json.dumps({"PoolName": name}), timeout=5)


def offline_client(**kwargs: Any) -> Any:
    """A client aimed at nowhere, with dummy credentials and no retries."""
    return boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=NOWHERE,
                        aws_access_key_id="a", aws_secret_access_key="b",
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=2),
                        **kwargs)


def moto_pools(region: str = "us-east-1") -> dict[str, Any]:
    return dict(cognitoidp_backends["123456789012"][region].user_pools)


# -- what gets answered ------------------------------------------------------------------------


def test_client_made_before_the_fixture_is_answered(cognito_fake: CognitoFake) -> None:
    pool = EARLY_CLIENT.create_user_pool(PoolName="early")["UserPool"]
    other = EARLY_BOTOCORE_CLIENT.create_user_pool(PoolName="early too")["UserPool"]

    assert pool["Id"].startswith("eu-west-1_")
    assert other["Id"].startswith("ap-northeast-1_")
    assert set(cognito_fake.backend.store.pools) == {pool["Id"], other["Id"]}


def test_custom_endpoint_is_answered_without_network(cognito_fake: CognitoFake) -> None:
    client = boto3.client("cognito-idp", region_name="sa-east-1",
                          endpoint_url="http://localhost:1")

    pool = client.create_user_pool(PoolName="local")["UserPool"]

    # The region comes from the client, since the URL names none.
    assert pool["Id"].startswith("sa-east-1_")
    assert client.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["Name"] == "local"


@pytest.mark.parametrize(("region", "partition"), [
    ("us-east-1", "aws"), ("eu-central-1", "aws"), ("ap-southeast-2", "aws"),
    ("il-central-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"),
])
def test_any_region(cognito_fake: CognitoFake, region: str, partition: str) -> None:
    client = boto3.client("cognito-idp", region_name=region)

    pool = client.create_user_pool(PoolName="p")["UserPool"]

    assert pool["Id"].startswith(f"{region}_")
    assert pool["Arn"] == (
        f"arn:{partition}:cognito-idp:{region}:{cognito_fake.account_id}:userpool/{pool['Id']}")
    # ListUserPools lists the pools of the client's region only.
    others = boto3.client("cognito-idp", region_name="us-west-2")
    assert others.list_user_pools(MaxResults=60)["UserPools"] == []


def test_no_credentials_needed(cognito_fake: CognitoFake, monkeypatch: pytest.MonkeyPatch,
                               tmp_path: Any) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.Session().client("cognito-idp", region_name="us-east-1")

    pool = client.create_user_pool(PoolName="unsigned")["UserPool"]

    assert pool["Name"] == "unsigned"


def test_requests_to_cognito_urls_are_answered(cognito_fake: CognitoFake) -> None:
    plain = create_pool_raw("https://cognito-idp.eu-north-1.amazonaws.com/")
    fips = create_pool_raw("https://cognito-idp-fips.us-east-2.amazonaws.com/")
    china = create_pool_raw("https://cognito-idp.cn-northwest-1.amazonaws.com.cn/")

    assert [r.status_code for r in (plain, fips, china)] == [200, 200, 200]
    assert plain.json()["UserPool"]["Id"].startswith("eu-north-1_")
    assert fips.json()["UserPool"]["Id"].startswith("us-east-2_")
    assert china.json()["UserPool"]["Id"].startswith("cn-northwest-1_")


@pytest.mark.parametrize(("url", "region"), [
    ("https://cognito-idp.eu-west-1.api.aws/", "eu-west-1"),
    ("https://cognito-idp-fips.us-gov-west-1.api.aws/", "us-gov-west-1"),
    ("https://cognito-idp.cn-north-1.api.amazonwebservices.com.cn/", "cn-north-1"),
])
def test_requests_to_dual_stack_urls_are_answered(cognito_fake: CognitoFake, url: str,
                                                  region: str) -> None:
    response = create_pool_raw(url)

    assert response.status_code == 200
    assert response.json()["UserPool"]["Id"].startswith(f"{region}_")


def test_dual_stack_and_fips_clients_are_answered(cognito_fake: CognitoFake) -> None:
    dual = boto3.client("cognito-idp", region_name="us-gov-west-1",
                        config=Config(use_dualstack_endpoint=True))
    fips = boto3.client("cognito-idp", region_name="eu-west-1",
                        config=Config(use_dualstack_endpoint=True, use_fips_endpoint=True))

    assert dual.create_user_pool(PoolName="d")["UserPool"]["Id"].startswith("us-gov-west-1_")
    assert fips.create_user_pool(PoolName="f")["UserPool"]["Id"].startswith("eu-west-1_")


def test_requests_to_other_urls_pass_through(cognito_fake: CognitoFake) -> None:
    started = time.monotonic()

    with pytest.raises(requests.ConnectionError):
        requests.get(f"{NOWHERE}/", timeout=2)

    assert time.monotonic() - started < 2
    assert len(cognito_fake.calls) == 0


def test_lookalike_hosts_are_not_answered(cognito_fake: CognitoFake) -> None:
    lookalike = "https://cognito-idp.us-east-1.amazonaws.com.example.org/"
    with responses.RequestsMock() as outer:
        outer.add(responses.POST, lookalike, json={"from": "outer"})
        with CognitoFake():
            response = create_pool_raw(lookalike)

    assert response.json() == {"from": "outer"}
    assert len(cognito_fake.calls) == 0


def test_calls_from_another_thread_are_answered(cognito_fake: CognitoFake) -> None:
    results: list[str] = []

    def work() -> None:
        client = boto3.client("cognito-idp", region_name="us-east-1")
        results.append(client.create_user_pool(PoolName="threaded")["UserPool"]["Id"])

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)

    assert list(cognito_fake.backend.store.pools) == results


# -- inert while no fake is active -------------------------------------------------------------


def test_no_fake_means_the_network_path() -> None:
    assert _active.current() is None
    client = offline_client()
    started = time.monotonic()

    with pytest.raises(EndpointConnectionError):
        client.list_user_pools(MaxResults=1)

    assert time.monotonic() - started < 2


def test_no_fake_means_signed_requests() -> None:
    client = offline_client()
    seen: list[str | None] = []

    def capture(request: Any, **_: Any) -> None:
        seen.append(request.headers.get("Authorization"))

    client.meta.events.register("before-send.cognito-identity-provider", capture)
    with pytest.raises(EndpointConnectionError):
        client.create_user_pool(PoolName="p")

    assert seen and seen[0] is not None
    assert seen[0].startswith(b"AWS4-HMAC-SHA256" if isinstance(seen[0], bytes)
                              else "AWS4-HMAC-SHA256")


def test_teardown_leaves_nothing_behind() -> None:
    original_send = HTTPAdapter.send
    fake = CognitoFake().start()
    assert HTTPAdapter.send is not original_send
    assert TRANSPORT.active

    fake.stop()

    assert HTTPAdapter.send is original_send
    assert not TRANSPORT.active
    assert _active.current() is None
    with pytest.raises(EndpointConnectionError):
        offline_client().list_user_pools(MaxResults=1)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{NOWHERE}/", timeout=2)


def test_stop_is_idempotent_and_start_twice_is_an_error() -> None:
    fake = CognitoFake().start()
    with pytest.raises(RuntimeError, match="already active"):
        fake.start()
    fake.stop()
    fake.stop()

    assert not fake.active
    assert _active.current() is None


# -- moto ------------------------------------------------------------------------------------


def test_fake_takes_cognito_calls_inside_moto() -> None:
    with mock_aws(), CognitoFake() as fake:
        client = boto3.client("cognito-idp", region_name="us-east-1")
        pool = client.create_user_pool(PoolName="ours")["UserPool"]
        listed = client.list_user_pools(MaxResults=10)["UserPools"]
        # Other services still go to moto.
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="still-moto")
        buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        moto_saw = moto_pools()

    assert [p["Id"] for p in listed] == [pool["Id"]] == list(fake.backend.store.pools)
    assert buckets == ["still-moto"]
    assert moto_saw == {}


def test_fake_takes_cognito_calls_when_moto_starts_inside_it() -> None:
    with CognitoFake() as fake, mock_aws():
        client = boto3.client("cognito-idp", region_name="us-east-1")
        pool = client.create_user_pool(PoolName="ours")["UserPool"]
        moto_saw = moto_pools()

    assert list(fake.backend.store.pools) == [pool["Id"]]
    assert moto_saw == {}


def test_raw_requests_inside_moto_are_answered_by_the_fake() -> None:
    """With moto started first, raw ``requests`` calls to Cognito reach the fake.

    The reverse order (moto started while the fake is active) hands raw ``requests`` calls to
    moto: its ``responses`` mock patches over ours. boto3 calls reach the fake in both orders.
    """
    with mock_aws(), CognitoFake() as fake:
        response = create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/")
        moto_saw = moto_pools()

    assert response.status_code == 200
    assert list(fake.backend.store.pools) == [response.json()["UserPool"]["Id"]]
    assert moto_saw == {}


def test_moto_answers_again_after_the_fake_stops() -> None:
    with mock_aws():
        with CognitoFake():
            pass
        pool = boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(
            PoolName="moto's")["UserPool"]

        assert list(moto_pools()) == [pool["Id"]]


# -- responses ---------------------------------------------------------------------------------


def test_outer_responses_mock_keeps_its_own_urls() -> None:
    """A ``responses`` mock started *before* the fake keeps answering its URLs, and the fake
    answers Cognito's, since the fake hands every other URL to the ``send`` it found.

    The reverse order, a ``responses`` mock started *while* the fake is active (for instance
    ``@responses.activate`` on a test that uses the ``cognito_fake`` fixture), patches over the
    fake: that mock then sees Cognito's URLs too, and refuses them unless it lets them through
    to the fake with ``real_adapter_send=HTTPAdapter.send`` and ``add_passthru`` (see
    ``test_inner_responses_mock_can_hand_cognito_urls_to_the_fake``).
    """
    with responses.RequestsMock() as outer:
        outer.add(responses.GET, "https://api.example.com/status", json={"ok": True})
        with CognitoFake() as fake:
            mine = requests.get("https://api.example.com/status", timeout=5)
            cognito = create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/")
        after = requests.get("https://api.example.com/status", timeout=5)
        outer_saw = [call.request.url for call in outer.calls]

    assert mine.json() == after.json() == {"ok": True}
    assert cognito.status_code == 200
    assert list(fake.backend.store.pools) == [cognito.json()["UserPool"]["Id"]]
    assert outer_saw == ["https://api.example.com/status"] * 2


def test_inner_responses_mock_sees_cognito_urls(cognito_fake: CognitoFake) -> None:
    with responses.RequestsMock() as inner:
        inner.add(responses.GET, "https://api.example.com/status", json={"ok": True})

        with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
            create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/")
        assert requests.get("https://api.example.com/status", timeout=5).json() == {"ok": True}

    assert cognito_fake.backend.store.pools == {}
    # Once the inner mock stops, the fake answers again.
    assert create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/").status_code == 200


def test_inner_responses_mock_can_hand_cognito_urls_to_the_fake(
        cognito_fake: CognitoFake) -> None:
    with responses.RequestsMock(real_adapter_send=HTTPAdapter.send) as inner:
        inner.add_passthru(re.compile(r"https://cognito-idp\."))
        response = create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/")

    assert response.status_code == 200
    assert list(cognito_fake.backend.store.pools) == [response.json()["UserPool"]["Id"]]


def test_boto3_calls_ignore_responses_mocks(cognito_fake: CognitoFake) -> None:
    with responses.RequestsMock():
        client = boto3.client("cognito-idp", region_name="us-east-1")
        pool = client.create_user_pool(PoolName="botocore")["UserPool"]

    assert list(cognito_fake.backend.store.pools) == [pool["Id"]]


# -- nesting -----------------------------------------------------------------------------------


def test_inner_fake_shadows_the_outer_one() -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    with CognitoFake(random_seed=1) as outer:
        outer_pool = client.create_user_pool(PoolName="outer")["UserPool"]["Id"]
        with CognitoFake(random_seed=2) as inner:
            inner_pool = client.create_user_pool(PoolName="inner")["UserPool"]["Id"]
            seen_inside = [p["Id"] for p in client.list_user_pools(MaxResults=60)["UserPools"]]
            raw_inside = requests.post(
                "https://cognito-idp.us-east-1.amazonaws.com/", headers=target("ListUserPools"),
                data='{"MaxResults": 60}', timeout=5).json()
        seen_after = [p["Id"] for p in client.list_user_pools(MaxResults=60)["UserPools"]]
        raw_after = requests.post(
            "https://cognito-idp.us-east-1.amazonaws.com/", headers=target("ListUserPools"),
            data='{"MaxResults": 60}', timeout=5).json()
        still_patched = TRANSPORT.active

    assert seen_inside == [inner_pool] == [p["Id"] for p in raw_inside["UserPools"]]
    assert seen_after == [outer_pool] == [p["Id"] for p in raw_after["UserPools"]]
    assert list(outer.backend.store.pools) == [outer_pool]
    assert list(inner.backend.store.pools) == [inner_pool]
    assert still_patched
    assert not TRANSPORT.active


def test_outer_fake_stopped_first_leaves_the_inner_one_answering() -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    outer = CognitoFake(random_seed=1).start()
    inner = CognitoFake(random_seed=2).start()

    outer.stop()
    pool = client.create_user_pool(PoolName="inner")["UserPool"]["Id"]
    raw = create_pool_raw("https://cognito-idp.us-east-1.amazonaws.com/")
    inner.stop()

    assert raw.status_code == 200
    assert list(inner.backend.store.pools) == [pool, raw.json()["UserPool"]["Id"]]
    assert outer.backend.store.pools == {}
    assert _active.current() is None
    assert not TRANSPORT.active


# -- outside pytest ----------------------------------------------------------------------------


def test_outside_pytest_the_default_session_made_earlier_is_answered(tmp_path: Any) -> None:
    """Without the plugin, the first fake installs the hooks; boto3's default session, made
    before that, gets them too, so ``boto3.client`` keeps working as in production."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent("""
        import boto3
        boto3.client("cognito-idp", region_name="us-east-1")  # makes the default session
        from pytest_cognito_fake import mock_cognito

        with mock_cognito(random_seed=3) as fake:
            client = boto3.client("cognito-idp", region_name="us-east-1")
            pool = client.create_user_pool(PoolName="script")["UserPool"]
            again = client.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
        assert [c.operation for c in fake.calls] == ["CreateUserPool", "DescribeUserPool"]
        print(pool["Id"] == again["Id"] and pool["Id"] in fake.backend.store.pools)
    """))
    env = {"PATH": "", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b",
           "AWS_EC2_METADATA_DISABLED": "true"}

    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            env=env, timeout=60, check=False)

    assert (result.returncode, result.stdout.strip()) == (0, "True"), result.stderr


def test_region_from_the_header_where_botocore_drops_the_context(
        cognito_fake: CognitoFake) -> None:
    """botocore 1.34's prepared requests carry no context: ``request_created`` then writes the
    client's region into a header, which ``before_send`` reads."""
    from botocore.awsrequest import AWSPreparedRequest, AWSRequest

    from pytest_cognito_fake import _transport_botocore

    request = AWSRequest(method="POST", url="http://localhost:1/", data=b'{"PoolName": "old"}',
                         headers={"X-Amz-Target":
                                  "AWSCognitoIdentityProviderService.CreateUserPool"})
    request.context["client_region"] = "ap-south-1"
    _transport_botocore.request_created(request)
    prepared = request.prepare()
    old_style = AWSPreparedRequest(prepared.method, prepared.url, prepared.headers,
                                   prepared.body, prepared.stream_output)
    del old_style.context  # as botocore 1.34 made them
    response = _transport_botocore.before_send(old_style)
    assert response is not None and response.status_code == 200
    assert json.loads(response.content)["UserPool"]["Id"].startswith("ap-south-1_")
    assert _transport_botocore._CONTEXT is True  # this botocore: no request-created handler
    assert all(not event.startswith("request-created")
               for event, _ in _transport_botocore._HANDLERS)
