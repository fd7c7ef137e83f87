"""The object a test holds, :class:`CognitoFake`, and :func:`mock_cognito` outside fixtures."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast, overload

from pytest_cognito_fake import _active, _model, _transport_botocore
from pytest_cognito_fake._keys import KeyRing, PoolKeys
from pytest_cognito_fake._protocol import FakeBug, handle
from pytest_cognito_fake._quotas import Quotas
from pytest_cognito_fake._services import Calls, Clock, Faults, Ids, Lambdas, Outbox
from pytest_cognito_fake._state import Store
from pytest_cognito_fake._transport_requests import TRANSPORT
from pytest_cognito_fake._transport_urllib import TRANSPORT as URLLIB_TRANSPORT
from pytest_cognito_fake.errors import (
    CognitoError,
    SerializationException,
    UnknownOperationException,
    error_class,
)
from pytest_cognito_fake.operations._context import Backend

R = TypeVar("R")
#: A decorated function keeps its return type; its parameters lose the injected ``cognito_fake``,
#: which no signature type can express, so calls are not checked.
Decorated = Callable[..., R]

#: The framework errors, whose ``__type`` carries a namespace, by their wire code.
_CORAL_ERRORS: dict[str, type[CognitoError]] = {
    cls.code: cls for cls in (SerializationException, UnknownOperationException)}

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT_ID = "123456789012"


class CognitoFake:
    """An in-memory Cognito user pool service, answering while it is active.

    ``with CognitoFake() as fake:`` (or the ``cognito_fake`` fixture) makes every cognito-idp call
    of boto3/botocore and of ``requests`` land here. The attributes are what a test drives:
    :attr:`clock`, :attr:`outbox`, :attr:`faults`, :attr:`lambdas`, :attr:`calls`, :meth:`seed`.
    """

    def __init__(
        self,
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT_ID,
        random_seed: int | str | None = 0,
        seed: dict[str, Any] | str | Path | None = None,
        check_responses: bool = True,
        quotas: bool | Mapping[str, int] = False,
    ) -> None:
        self._backend = Backend(
            store=Store(account_id=account_id),
            clock=Clock(),
            ids=Ids(random_seed),
            outbox=Outbox(),
            lambdas=Lambdas(),
            faults=Faults(),
            calls=Calls(),
            region=region,
            check_responses=check_responses,
        )
        self._active = False
        if isinstance(quotas, Mapping):
            self._backend.quotas.enable(**quotas)
        elif quotas:
            self._backend.quotas.enable()
        if seed is not None:
            self.seed(seed)

    # -- what a test drives ----------------------------------------------------------------

    @property
    def region(self) -> str:
        return self._backend.region

    @property
    def account_id(self) -> str:
        return self._backend.store.account_id

    @property
    def clock(self) -> Clock:
        return self._backend.clock

    @property
    def outbox(self) -> Outbox:
        return self._backend.outbox

    @property
    def faults(self) -> Faults:
        return self._backend.faults

    @property
    def lambdas(self) -> Lambdas:
        return self._backend.lambdas

    @property
    def calls(self) -> Calls:
        return self._backend.calls

    @property
    def quotas(self) -> Quotas:
        """Cognito's per-category API request rates, off unless enabled (docs/quotas.md)."""
        return self._backend.quotas

    @property
    def keys(self) -> KeyRing:
        """Each pool's token-signing keys: ``keys.for_pool(pool_id)`` gives the current ID-token
        and access-token keys (``.id_token``, ``.access_token``, each with ``kid`` and ``pem``)
        and every key the pool's JWKS publishes (docs/tokens.md)."""
        return self._backend.keys

    def rotate_keys(self, user_pool_id: str) -> PoolKeys:
        """Give a pool new signing keys, as Cognito does from time to time: tokens issued from
        now on carry new ``kid``s, and the old keys stay in the JWKS so tokens already issued
        still verify. Returns the pool's keys; a pool this fake does not hold is a ValueError."""
        if user_pool_id not in self._backend.store.pools:
            raise ValueError(f"this CognitoFake holds no user pool {user_pool_id!r}")
        return self._backend.keys.rotate(user_pool_id)

    @property
    def bugs(self) -> list[Exception]:
        """What the fake raised instead of answering (a FakeBug, a NotImplementedOperation, a
        missing Lambda handler), oldest first. Teardown fails while this is not empty; a test
        that provokes one on purpose clears it."""
        return self._backend.bugs

    @property
    def backend(self) -> Backend:
        """The state and services behind the wire (for the operations layer and seeding)."""
        return self._backend

    def seed(self, spec: dict[str, Any] | str | Path) -> Any:
        """Create pools, clients, groups and users from a dict or a JSON/YAML file.

        Keys are the API's own parameter names; see docs/seeding.md. Returns the created
        resources' ids, in the spec's order.
        """
        from pytest_cognito_fake._seed import apply_seed

        return apply_seed(self, spec)

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        """Run one operation exactly as the wire would, without HTTP; raises its CognitoError.

        Useful in fixtures and helpers; the response is the parsed JSON body.
        """
        wire = handle(self._backend, f"{_model.target_prefix()}.{operation}",
                      json.dumps(params).encode(), self.region)
        body = json.loads(wire.body)
        if wire.status != 200:
            code = body["__type"]
            cls = _CORAL_ERRORS.get(code) or error_class(code)
            raise cls(body.get("message"))
        return cast(dict[str, Any], body)

    def client(self, **kwargs: Any) -> Any:
        """A botocore ``cognito-idp`` client in this fake's region, with dummy credentials."""
        import botocore.session

        kwargs.setdefault("region_name", self.region)
        if "config" not in kwargs:
            from botocore.config import Config

            # One attempt: an error a test expects should not be retried behind its back
            # (standard mode retries TooManyRequests and LimitExceeded, with sleeps).
            kwargs["config"] = Config(retries={"total_max_attempts": 1})
        kwargs.setdefault("aws_access_key_id", "testing")
        kwargs.setdefault("aws_secret_access_key", "testing")
        return botocore.session.get_session().create_client(_model.SERVICE_NAME, **kwargs)

    # -- activation --------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> CognitoFake:
        if self._active:
            raise RuntimeError("this CognitoFake is already active")
        # Outside pytest the plugin module never ran: sessions made from now on need the hooks.
        _transport_botocore.install()
        _active.STACK.append(self._backend)
        TRANSPORT.start()
        URLLIB_TRANSPORT.start()
        self._active = True
        return self

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        if self._backend in _active.STACK:
            _active.STACK.remove(self._backend)
        if not _active.STACK:
            TRANSPORT.stop()
            URLLIB_TRANSPORT.stop()

    def __enter__(self) -> CognitoFake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def assert_clean(self) -> None:
        """Fail if the fake raised instead of answering (even if the code under test swallowed
        it), or if a fault was injected but never fired: a test that proves nothing."""
        self.assert_no_bugs()
        pending = self.faults.pending()
        if pending:
            listed = ", ".join(f"{f.error.code} on {f.operation} ({f.remaining} left)"
                               for f in pending)
            raise AssertionError(
                f"injected faults never fired: {listed}. A fault that is optional on purpose "
                f"can be removed with cognito_fake.faults.clear() before the test ends "
                f"(README#faults)"
            )

    def assert_no_bugs(self) -> None:
        """Fail if the fake raised instead of answering, swallowed or not (see :attr:`bugs`)."""
        if self.bugs:
            first = self.bugs[0]
            raise AssertionError(
                f"pytest-cognito-fake raised {len(self.bugs)} time(s) instead of answering, "
                f"first: {type(first).__name__}: {first}"
            ) from first


@overload
def mock_cognito(func: Callable[..., R], /, **options: Any) -> Decorated[R]: ...


@overload
def mock_cognito(func: None = None, /, **options: Any) -> _MockCognito: ...


def mock_cognito(func: Callable[..., R] | None = None, /,
                 **options: Any) -> Decorated[R] | _MockCognito:
    """A fresh :class:`CognitoFake` as a context manager or a decorator.

    ``with mock_cognito(region="eu-west-1") as fake: ...`` or ``@mock_cognito`` /
    ``@mock_cognito(seed=...)`` on a function (unittest methods, hypothesis ``@given`` bodies,
    ``async def`` functions): each call of the decorated function gets its own fake, so examples
    never share state. A decorated function that takes a ``cognito_fake`` keyword receives the
    fake. Options are :class:`CognitoFake`'s keywords; a misspelt one is a TypeError right here.
    If the fake raised instead of answering and the code under test swallowed it, leaving the
    block or the function fails with an AssertionError (:meth:`CognitoFake.assert_no_bugs`).
    """
    _check_options(options)
    if func is not None:
        return _decorate(func, options)
    return _MockCognito(options)


def _check_options(options: dict[str, Any]) -> None:
    import inspect

    inspect.signature(CognitoFake).bind(**options)


class _MockCognito(contextlib.AbstractContextManager["CognitoFake"]):
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        # A stack, so one ``mock_cognito(...)`` object can be entered again while active.
        self._fakes: list[CognitoFake] = []

    def __enter__(self) -> CognitoFake:
        fake = CognitoFake(**self._options).start()
        self._fakes.append(fake)
        return fake

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if self._fakes:
            fake = self._fakes.pop()
            fake.stop()
            if exc_type is None:
                fake.assert_no_bugs()

    def __call__(self, func: Callable[..., R]) -> Decorated[R]:
        return _decorate(func, self._options)


def _decorate(func: Callable[..., R], options: dict[str, Any]) -> Decorated[R]:
    import inspect

    if inspect.isclass(func) or not callable(func):
        raise TypeError(
            f"mock_cognito decorates functions and methods, not {func!r}; for a whole "
            f"unittest.TestCase, start one in setUp: "
            f"self.fake = CognitoFake().start(); self.addCleanup(self.fake.stop)"
        )
    sig = inspect.signature(func)
    wants_fake = "cognito_fake" in sig.parameters

    if inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            with CognitoFake(**options) as fake:
                if wants_fake:
                    kwargs["cognito_fake"] = fake
                result = await func(*args, **kwargs)
            fake.assert_no_bugs()
            return result

        wrapper: Callable[..., Any] = async_wrapper
    else:
        @functools.wraps(func)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            with CognitoFake(**options) as fake:
                if wants_fake:
                    kwargs["cognito_fake"] = fake
                result = func(*args, **kwargs)
            fake.assert_no_bugs()
            return result

        wrapper = sync_wrapper

    if wants_fake:
        # Hide the injected parameter from pytest and hypothesis.
        wrapper.__signature__ = sig.replace(  # type: ignore[attr-defined]
            parameters=[p for p in sig.parameters.values() if p.name != "cognito_fake"])
    return wrapper


__all__ = ["CognitoError", "CognitoFake", "FakeBug", "mock_cognito"]
