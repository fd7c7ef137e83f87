"""``requests`` transport: Cognito's JSON API called with plain ``requests.post``.

Started while a fake is active, through a ``responses.RequestsMock`` of our own (never the module
default). Only Cognito's hosts are answered (``https://cognito-idp.<region>.amazonaws.com/``, the
FIPS, China and dual-stack variants); every other request is handed to whatever
``HTTPAdapter.send`` was when the fake started: the network, or the user's own ``responses`` mock
if that was active first. A ``responses`` mock started *after* the fake patches over it and
answers Cognito URLs itself, and so does moto's ``mock_aws`` started after the fake (boto3 calls
still reach the fake then; see docs/interception.md).
"""

from __future__ import annotations

import re
from typing import Any

import responses
from requests.adapters import HTTPAdapter

from pytest_cognito_fake import _active
from pytest_cognito_fake._protocol import (
    DNS_SUFFIXES,
    WELL_KNOWN,
    handle,
    handle_well_known,
    region_of,
)

COGNITO_URL = re.compile(
    rf"^https?://cognito-idp(?:-fips)?\.[a-z0-9-]+\.{DNS_SUFFIXES}(?::\d+)?(?:/.*)?$"
)
_METHODS = ("POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _answer(request: Any) -> tuple[int, dict[str, str], bytes]:
    backend = _active.current()
    if backend is None:  # pragma: no cover - the mock only runs while a fake is active
        raise RuntimeError("pytest-cognito-fake: no fake is active")
    region = region_of(request.url, _text(request.headers.get("Authorization")), backend.region)
    if request.method == "GET" and WELL_KNOWN.search(request.url):
        wire = handle_well_known(backend, request.url)
    else:
        target = _text(request.headers.get("X-Amz-Target")) if request.method == "POST" else None
        wire = handle(backend, target, request.body, region)
    headers = {k: v for k, v in wire.headers.items() if k != "Content-Length"}
    return wire.status, headers, wire.body


class RequestsTransport:
    def __init__(self) -> None:
        self._mock: responses.RequestsMock | None = None

    @property
    def active(self) -> bool:
        return self._mock is not None

    def start(self) -> None:
        if self._mock is not None:
            return
        mock = responses.RequestsMock(
            assert_all_requests_are_fired=False,
            # What send is *now*: the network, or an outer ``responses`` mock.
            real_adapter_send=HTTPAdapter.send,
        )
        for method in _METHODS:
            mock.add_callback(method, COGNITO_URL, callback=_answer)
        mock.add_passthru(re.compile(r".*"))
        mock.start()
        self._mock = mock

    def stop(self) -> None:
        mock, self._mock = self._mock, None
        if mock is not None:
            mock.stop(allow_assert=False)
            mock.reset()


TRANSPORT = RequestsTransport()
