"""``mock_cognito``: a fresh fake as a context manager or a decorator, outside the fixture."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import unittest
from typing import Any

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake, _active, mock_cognito


def create_pool(name: str = "p", region: str = "us-east-1") -> str:
    client = boto3.client("cognito-idp", region_name=region)
    pool_id: str = client.create_user_pool(PoolName=name)["UserPool"]["Id"]
    return pool_id


def listed(region: str = "us-east-1") -> list[str]:
    client = boto3.client("cognito-idp", region_name=region)
    return [p["Id"] for p in client.list_user_pools(MaxResults=60)["UserPools"]]


# -- context manager ---------------------------------------------------------------------------


def test_context_manager() -> None:
    with mock_cognito(region="eu-west-3", random_seed=5) as fake:
        pool_id = create_pool(region="eu-west-3")
        assert fake.active
        assert listed("eu-west-3") == [pool_id]

    assert isinstance(fake, CognitoFake)
    assert fake.region == "eu-west-3"
    assert not fake.active
    assert _active.current() is None


def test_context_manager_stops_when_the_body_raises() -> None:
    with pytest.raises(ZeroDivisionError), mock_cognito() as fake:
        create_pool()
        1 / 0  # noqa: B018

    assert not fake.active
    assert _active.current() is None


def test_one_mock_cognito_object_entered_twice_gives_two_fakes() -> None:
    mock = mock_cognito(random_seed=1)

    with mock as outer:
        outer_pool = create_pool()
        with mock as inner:
            inner_pool = create_pool()
            inside = listed()
        after = listed()

    assert outer is not inner
    assert inside == [inner_pool]
    assert after == [outer_pool]
    assert not outer.active and not inner.active


def test_misspelt_option_fails_at_once() -> None:
    with pytest.raises(TypeError, match="regoin"):
        mock_cognito(regoin="eu-west-1")
    with pytest.raises(TypeError, match="regoin"):
        mock_cognito(lambda: None, regoin="eu-west-1")


# -- decorator ---------------------------------------------------------------------------------


@mock_cognito
def _bare(cognito_fake: CognitoFake, name: str = "bare") -> tuple[CognitoFake, list[str]]:
    create_pool(name)
    return cognito_fake, listed()


@mock_cognito(region="ap-south-1", random_seed=9)
def _with_options(cognito_fake: CognitoFake) -> tuple[CognitoFake, list[str]]:
    create_pool(region="ap-south-1")
    return cognito_fake, listed("ap-south-1")


@mock_cognito()
def _empty_parens() -> list[str]:
    create_pool()
    backend = _active.current()
    assert backend is not None
    return list(backend.store.pools)


def test_decorator_without_arguments_gets_a_fresh_fake_per_call() -> None:
    first_fake, first_pools = _bare()
    second_fake, second_pools = _bare(name="again")

    assert first_fake is not second_fake
    assert len(first_pools) == len(second_pools) == 1
    assert not first_fake.active and not second_fake.active


def test_decorator_with_arguments() -> None:
    fake, pools = _with_options()

    assert fake.region == "ap-south-1"
    assert len(pools) == 1 and pools[0].startswith("ap-south-1_")
    assert _with_options()[1] == pools  # same seed, same ids


def test_decorator_with_empty_parentheses_and_no_fake_parameter() -> None:
    assert len(_empty_parens()) == len(_empty_parens()) == 1
    assert _active.current() is None
    assert "cognito_fake" not in inspect.signature(_empty_parens).parameters


def test_injected_parameter_is_hidden_from_the_signature() -> None:
    assert list(inspect.signature(_bare).parameters) == ["name"]
    assert list(inspect.signature(_with_options).parameters) == []
    assert _bare.__name__ == "_bare"


@mock_cognito
def test_decorated_test_function_gets_its_own_fake(cognito_fake: CognitoFake) -> None:
    # pytest sees no ``cognito_fake`` parameter, so the fixture is not used: this is ours.
    assert cognito_fake.active
    assert _active.current() is cognito_fake.backend
    assert listed() == []


@mock_cognito
def test_decorated_test_function_alongside_other_fixtures(tmp_path: Any,
                                                          cognito_fake: CognitoFake) -> None:
    assert tmp_path.exists()
    assert listed() == [] and cognito_fake.calls[0].operation == "ListUserPools"


def test_decorator_stops_the_fake_when_the_function_raises() -> None:
    seen: list[CognitoFake] = []

    @mock_cognito
    def boom(cognito_fake: CognitoFake) -> None:
        seen.append(cognito_fake)
        raise KeyError("x")

    with pytest.raises(KeyError):
        boom()

    assert not seen[0].active
    assert _active.current() is None


def test_decorator_on_a_coroutine_function() -> None:
    @mock_cognito
    async def work(cognito_fake: CognitoFake) -> list[str]:
        await asyncio.sleep(0)
        create_pool()
        return list(cognito_fake.backend.store.pools)

    assert inspect.iscoroutinefunction(work)
    pools = asyncio.run(work())

    assert len(pools) == 1
    assert _active.current() is None


def _break_list_user_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_cognito_fake.operations import OPERATIONS

    monkeypatch.setitem(OPERATIONS, "ListUserPools", lambda ctx, params: {"Pools": []})


def _swallowing_call() -> None:
    """Code under test that hides every error, as some applications do."""
    with contextlib.suppress(Exception):
        listed()


def test_swallowed_fake_bug_fails_the_with_block(monkeypatch: pytest.MonkeyPatch) -> None:
    _break_list_user_pools(monkeypatch)

    with pytest.raises(AssertionError) as excinfo, mock_cognito():
        _swallowing_call()

    assert str(excinfo.value).startswith(
        "pytest-cognito-fake raised 1 time(s) instead of answering, first: FakeBug: "
        "pytest-cognito-fake answered ListUserPools with a body that does not fit the model")
    assert _active.current() is None


def test_swallowed_fake_bug_fails_the_decorated_function(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _break_list_user_pools(monkeypatch)

    @mock_cognito
    def hides_it() -> str:
        _swallowing_call()
        return "looks fine"

    with pytest.raises(AssertionError, match="instead of answering, first: FakeBug"):
        hides_it()


def test_decorating_a_class_is_refused() -> None:
    with pytest.raises(TypeError, match="decorates functions and methods, not"):
        mock_cognito(unittest.TestCase)


# -- hypothesis --------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(name=st.from_regex(r"[A-Za-z0-9 _+=,.@-]{1,20}", fullmatch=True))
@mock_cognito
def test_under_given_every_example_has_its_own_fake(name: str,
                                                    cognito_fake: CognitoFake) -> None:
    pool_id = create_pool(name)

    assert list(cognito_fake.backend.store.pools) == [pool_id]
    assert cognito_fake.backend.store.pools[pool_id].name == name


@settings(max_examples=25, deadline=None)
@given(names=st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4))
def test_context_manager_inside_a_given_body(names: list[str]) -> None:
    with mock_cognito() as fake:
        ids = [create_pool(n) for n in names]

    assert list(fake.backend.store.pools) == ids


# -- unittest ----------------------------------------------------------------------------------


class DecoratedMethods(unittest.TestCase):
    @mock_cognito
    def test_method_receives_the_fake(self, cognito_fake: CognitoFake) -> None:
        pool_id = create_pool()
        self.assertEqual(list(cognito_fake.backend.store.pools), [pool_id])

    @mock_cognito(region="eu-north-1")
    def test_method_without_the_fake(self) -> None:
        self.assertTrue(create_pool(region="eu-north-1").startswith("eu-north-1_"))


class FakeInSetUp(unittest.TestCase):
    """The pattern the class-decorator error points to: one fake from setUp to cleanup."""

    def setUp(self) -> None:
        self.fake = CognitoFake().start()
        self.addCleanup(self.fake.stop)
        self.pool_id = create_pool("from setUp")

    def test_sees_what_set_up_made(self) -> None:
        self.assertEqual(listed(), [self.pool_id])
        self.assertTrue(self.fake.active)
