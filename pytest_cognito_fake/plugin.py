"""The pytest plugin (loaded through the ``pytest11`` entry point).

Fixtures: ``cognito_fake``, ``cognito_pool``, ``cognito_client``. Marker:
``@pytest.mark.cognito(seed=..., region=..., random_seed=..., account_id=...,
check_responses=..., quotas=...)``; the closest marker wins, key by key. ``quotas=True`` applies
Cognito's request rate quotas at their default rates, ``quotas={"UserList": 1}`` with those
categories' rates (docs/quotas.md). Ini options ``cognito_region`` and ``cognito_account_id`` set
suite-wide defaults.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import attrs
import pytest

from pytest_cognito_fake import _transport_botocore
from pytest_cognito_fake._fake import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, CognitoFake

# Registered at import, before any test makes a botocore session (see _transport_botocore).
_transport_botocore.install()

_MARKER_KEYS = ("seed", "region", "random_seed", "account_id", "check_responses", "quotas")
#: Whether the test body failed; then an unfired fault is not worth a second report.
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("cognito_region", "Region of the cognito_fake fixture", default=DEFAULT_REGION)
    parser.addini("cognito_account_id", "AWS account id of the cognito_fake fixture",
                  default=DEFAULT_ACCOUNT_ID)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "cognito(seed=None, region=None, random_seed=None, account_id=None, "
        "check_responses=True, quotas=False): options of the cognito_fake fixture for this "
        "test",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {
        "region": request.config.getini("cognito_region"),
        "account_id": request.config.getini("cognito_account_id"),
        # Deterministic per test: the same test draws the same ids and codes every run.
        "random_seed": request.node.nodeid,
    }
    for mark in reversed(list(request.node.iter_markers("cognito"))):
        unknown = set(mark.kwargs) - set(_MARKER_KEYS)
        if mark.args or unknown:
            raise TypeError(f"@pytest.mark.cognito takes keywords {', '.join(_MARKER_KEYS)}; "
                            f"got {list(mark.args) + sorted(unknown)}")
        options.update({k: v for k, v in mark.kwargs.items() if v is not None})
    return options


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed


@pytest.fixture
def cognito_fake(request: pytest.FixtureRequest) -> Iterator[CognitoFake]:
    """An active in-memory Cognito for this test; torn down, with nothing left, after it.

    At teardown, unless the test had already failed, the test fails if the fake raised instead
    of answering (a FakeBug, an operation not implemented yet) even where the code under test
    swallowed it, or if a fault never fired (it proved nothing).
    """
    fake = CognitoFake(**_options(request))
    with fake:
        yield fake
    if not request.node.stash.get(_CALL_FAILED, False):
        fake.assert_clean()


@attrs.frozen
class CognitoPool:
    """The pool the ``cognito_pool`` fixture made, with its default app client."""

    user_pool_id: str
    client_id: str
    region: str
    arn: str


@pytest.fixture
def cognito_pool(cognito_fake: CognitoFake) -> CognitoPool:
    """A user pool with AWS defaults and one app client (no secret)."""
    pool = cognito_fake.call("CreateUserPool", PoolName="test-pool")["UserPool"]
    client = cognito_fake.call("CreateUserPoolClient", UserPoolId=pool["Id"],
                               ClientName="test-client")["UserPoolClient"]
    return CognitoPool(pool["Id"], client["ClientId"], cognito_fake.region, pool["Arn"])


@pytest.fixture
def cognito_client(cognito_fake: CognitoFake) -> Any:
    """A boto3-compatible ``cognito-idp`` client in the fake's region."""
    return cognito_fake.client()
