"""What an operation sees: the state, the services, and the request's own facts."""

from __future__ import annotations

from typing import Any

import attrs

from pytest_cognito_fake._keys import KeyRing
from pytest_cognito_fake._quotas import Quotas
from pytest_cognito_fake._services import Calls, Clock, Faults, Ids, Lambdas, Outbox
from pytest_cognito_fake._state import AppClient, Store, UserPool
from pytest_cognito_fake.errors import ResourceNotFoundException


@attrs.define
class Backend:
    """One fake's state and services; a :class:`~pytest_cognito_fake.CognitoFake` owns one."""

    store: Store
    clock: Clock
    ids: Ids
    outbox: Outbox
    lambdas: Lambdas
    faults: Faults
    calls: Calls
    region: str
    #: Check every success body against the model's output shape (fidelity rule 2).
    check_responses: bool = True
    #: What the fake raised instead of answering (FakeBug, NotImplementedOperation, ...), kept so
    #: teardown fails even when the code under test swallowed the exception.
    bugs: list[Exception] = attrs.field(factory=list)
    #: Cognito's per-category request rates, applied only once enabled (``_quotas``).
    quotas: Quotas = attrs.field(factory=Quotas)
    #: Each pool's token-signing keys.
    keys: KeyRing = attrs.field(factory=KeyRing)


@attrs.define
class Context:
    """One request's facts. Never changed once made, but not ``frozen``: it is made for every
    request, and a frozen slotted class's ``__init__`` sets each field through
    ``object.__setattr__``, about five times what a plain one pays (0.13 µs a field on
    CPython 3.11)."""

    backend: Backend
    region: str
    request_id: str
    now: float

    @property
    def store(self) -> Store:
        return self.backend.store

    def timestamp(self) -> float:
        """``now`` as Cognito prints dates: epoch seconds with millisecond precision."""
        return round(self.now, 3)

    def pool(self, user_pool_id: str) -> UserPool:
        pool = self.backend.store.pools.get(user_pool_id)
        if pool is None:
            raise ResourceNotFoundException.user_pool(user_pool_id)
        return pool

    def client(self, client_id: str) -> AppClient:
        client = self.backend.store.find_client(client_id)
        if client is None:
            raise ResourceNotFoundException.client(client_id)
        return client

    def client_and_pool(self, client_id: str) -> tuple[AppClient, UserPool]:
        """The client a client-side operation names (any region), and its pool."""
        found = self.backend.store.find_client_and_pool(client_id)
        if found is None:
            raise ResourceNotFoundException.client(client_id)
        return found

    def pool_client(self, pool: UserPool, client_id: str) -> AppClient:
        """A client that must belong to ``pool``."""
        client = pool.clients.get(client_id)
        if client is None:
            raise ResourceNotFoundException.client(client_id)
        return client


def drop_none(d: dict[str, Any]) -> dict[str, Any]:
    """A response structure without the members that are absent (Cognito omits, never nulls)."""
    return {k: v for k, v in d.items() if v is not None}
