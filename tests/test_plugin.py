"""The pytest surface, run in a fresh pytest with ``pytester``: entry point, fixtures, marker, ini
options, and the teardown check for faults that never fired."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys

# Imported up front: each in-process pytester run drops the modules it imported, and importing
# boto3 and hypothesis again (with assertion rewriting) would cost seconds per run.
import boto3  # noqa: F401
import hypothesis.internal.observability  # noqa: F401
import pytest

import pytest_cognito_fake.plugin
from pytest_cognito_fake._services import Ids

pytest_plugins = ["pytester"]


def test_entry_point_names_the_plugin_module() -> None:
    entry_points = importlib.metadata.entry_points(group="pytest11")

    assert {(e.name, e.value) for e in entry_points if e.name == "cognito_fake"} == {
        ("cognito_fake", "pytest_cognito_fake.plugin")}


def test_entry_point_loads_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest_cognito_fake.plugin

        def test_loaded(request):
            plugin = request.config.pluginmanager.get_plugin("cognito_fake")
            assert plugin is pytest_cognito_fake.plugin
    """)

    pytester.runpytest().assert_outcomes(passed=1)


def test_plugin_can_be_switched_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_uses_fixture(cognito_fake):
            pass
    """)

    result = pytester.runpytest("-p", "no:cognito_fake")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'cognito_fake' not found*"])


def test_plugin_module_is_the_one_under_test() -> None:
    assert pytest_cognito_fake.plugin.cognito_fake.__name__ == "cognito_fake"


# -- fixtures ----------------------------------------------------------------------------------


def test_cognito_fake_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import boto3
        from pytest_cognito_fake import CognitoFake, _active

        def test_active(cognito_fake):
            assert isinstance(cognito_fake, CognitoFake)
            assert cognito_fake.active
            assert (cognito_fake.region, cognito_fake.account_id) == (
                "us-east-1", "123456789012")
            client = boto3.client("cognito-idp", region_name="us-east-1")
            pool = client.create_user_pool(PoolName="p")["UserPool"]
            assert list(cognito_fake.backend.store.pools) == [pool["Id"]]

        def test_fresh_state_per_test(cognito_fake):
            assert cognito_fake.backend.store.pools == {}
            assert len(cognito_fake.calls) == 0

        def test_torn_down_after_the_test():
            assert _active.current() is None
    """)

    pytester.runpytest().assert_outcomes(passed=3)


def test_cognito_client_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest

        @pytest.mark.cognito(region="eu-west-2")
        def test_client(cognito_client, cognito_fake):
            assert cognito_client.meta.region_name == "eu-west-2"
            pool = cognito_client.create_user_pool(PoolName="p")["UserPool"]
            assert pool["Id"].startswith("eu-west-2_")
            assert pool["Id"] in cognito_fake.backend.store.pools
    """)

    pytester.runpytest().assert_outcomes(passed=1)


def test_cognito_pool_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_pool(cognito_pool, cognito_client, cognito_fake):
            pool = cognito_client.describe_user_pool(
                UserPoolId=cognito_pool.user_pool_id)["UserPool"]
            client = cognito_client.describe_user_pool_client(
                UserPoolId=cognito_pool.user_pool_id,
                ClientId=cognito_pool.client_id)["UserPoolClient"]
            assert pool["Arn"] == cognito_pool.arn
            assert cognito_pool.region == cognito_fake.region == "us-east-1"
            assert client["ClientId"] == cognito_pool.client_id
            assert "ClientSecret" not in client
    """)

    pytester.runpytest().assert_outcomes(passed=1)


# -- marker and ini options --------------------------------------------------------------------


def test_marker_closest_wins_key_by_key(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest

        pytestmark = pytest.mark.cognito(region="eu-west-1", account_id="111122223333")

        def test_module_level(cognito_fake):
            assert (cognito_fake.region, cognito_fake.account_id) == (
                "eu-west-1", "111122223333")

        @pytest.mark.cognito(region="eu-central-1")
        class TestClass:
            def test_class_level(self, cognito_fake):
                assert (cognito_fake.region, cognito_fake.account_id) == (
                    "eu-central-1", "111122223333")

            @pytest.mark.cognito(region="ap-east-1", random_seed=None)
            def test_function_level(self, cognito_fake):
                assert (cognito_fake.region, cognito_fake.account_id) == (
                    "ap-east-1", "111122223333")
    """)

    pytester.runpytest("--strict-markers").assert_outcomes(passed=3)


def test_marker_random_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest
        from pytest_cognito_fake import CognitoFake

        def pool_id(fake):
            return fake.call("CreateUserPool", PoolName="p")["UserPool"]["Id"]

        @pytest.mark.cognito(random_seed=42)
        def test_seeded(cognito_fake):
            with CognitoFake(random_seed=42) as by_hand:
                expected = pool_id(by_hand)
            assert pool_id(cognito_fake) == expected
    """)

    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(("marker", "shown"), [
    ("pytest.mark.cognito(regoin='eu-west-1')", "['regoin']"),
    ("pytest.mark.cognito('eu-west-1')", "['eu-west-1']"),
])
def test_marker_refuses_what_it_does_not_know(pytester: pytest.Pytester, marker: str,
                                             shown: str) -> None:
    pytester.makepyfile(f"""
        import pytest

        @{marker}
        def test_misspelt(cognito_fake):
            pass
    """)

    result = pytester.runpytest()

    result.assert_outcomes(errors=1)
    assert ("TypeError: @pytest.mark.cognito takes keywords seed, region, random_seed, "
            f"account_id, check_responses, quotas; got {shown}") in result.stdout.str()


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")

    result.stdout.fnmatch_lines(["@pytest.mark.cognito(seed=None, region=None, *"])


def test_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeini("""
        [pytest]
        cognito_region = ap-southeast-4
        cognito_account_id = 999988887777
    """)
    pytester.makepyfile("""
        import pytest

        def test_from_ini(cognito_fake):
            pool = cognito_fake.call("CreateUserPool", PoolName="p")["UserPool"]
            assert pool["Id"].startswith("ap-southeast-4_")
            assert pool["Arn"].startswith("arn:aws:cognito-idp:ap-southeast-4:999988887777:")

        @pytest.mark.cognito(region="sa-east-1")
        def test_marker_over_ini(cognito_fake):
            assert (cognito_fake.region, cognito_fake.account_id) == (
                "sa-east-1", "999988887777")
    """)

    pytester.runpytest().assert_outcomes(passed=2)


# -- teardown ----------------------------------------------------------------------------------


def test_fault_that_never_fired_fails_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_forgets_its_fault(cognito_fake):
            cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException")

        def test_uses_its_fault(cognito_fake, cognito_client):
            cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException")
            try:
                cognito_client.list_user_pools(MaxResults=1)
            except cognito_client.exceptions.TooManyRequestsException:
                pass

        def test_clears_its_optional_fault(cognito_fake):
            cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException")
            cognito_fake.faults.clear()
    """)

    result = pytester.runpytest()

    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_forgets_its_fault*",
        "*AssertionError: injected faults never fired: TooManyRequestsException on "
        "ListUserPools (1 left).*README#faults*",
    ])


def test_swallowed_fake_bug_fails_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        from pytest_cognito_fake.operations import OPERATIONS

        def test_hides_the_bug(cognito_fake, cognito_client, monkeypatch):
            monkeypatch.setitem(OPERATIONS, "ListUserPools", lambda ctx, params: {"Pools": []})
            try:
                cognito_client.list_user_pools(MaxResults=1)
            except Exception:
                pass
    """)

    result = pytester.runpytest()

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_hides_the_bug*",
        "*AssertionError: pytest-cognito-fake raised 1 time(s) instead of answering, "
        "first: FakeBug: *",
    ])


def test_failed_test_is_not_reported_twice_for_its_unfired_fault(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_fails_before_its_fault_fires(cognito_fake):
            cognito_fake.faults.inject("ListUserPools", "TooManyRequestsException")
            assert 1 == 2
    """)

    result = pytester.runpytest()

    result.assert_outcomes(failed=1, errors=0)
    assert "never fired" not in result.stdout.str()


def test_fixture_seed_is_stable_across_runs_and_differs_per_test(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        def test_one(cognito_fake):
            print("ID", cognito_fake.call("CreateUserPool", PoolName="p")["UserPool"]["Id"])

        def test_two(cognito_fake):
            print("ID", cognito_fake.call("CreateUserPool", PoolName="p")["UserPool"]["Id"])
    """)

    def ids() -> list[str]:
        result = pytester.runpytest("-s")
        result.assert_outcomes(passed=2)
        return re.findall(r"ID (\S+)", result.stdout.str())

    first, second = ids(), ids()

    assert first == second
    assert len(set(first)) == 2


def test_node_id_seed_does_not_depend_on_hash_randomization() -> None:
    code = ("from pytest_cognito_fake._services import Ids; "
            "print(Ids('test_x.py::test_one').user_pool_id('us-east-1'))")

    def pool_id(hash_seed: str) -> str:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env={**os.environ, "PYTHONHASHSEED": hash_seed},
                                timeout=60, check=True)
        return result.stdout.strip()

    assert pool_id("1") == pool_id("2") == Ids("test_x.py::test_one").user_pool_id("us-east-1")
