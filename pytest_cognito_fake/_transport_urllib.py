"""``urllib`` transport: what libraries that fetch with the standard library reach.

PyJWT's ``PyJWKClient`` fetches a pool's JWKS with an ``urllib`` opener. While a fake is active,
a Cognito URL (the JSON API, or a pool's ``.well-known`` documents) is answered by the fake;
every other URL goes where it went before.
"""

from __future__ import annotations

import email.message
import io
import urllib.request
import urllib.response
from typing import Any

from pytest_cognito_fake import _active
from pytest_cognito_fake._protocol import WELL_KNOWN, handle, handle_well_known, region_of
from pytest_cognito_fake._transport_requests import COGNITO_URL


def _answer(request: urllib.request.Request) -> Any:
    backend = _active.current()
    assert backend is not None
    url = request.full_url
    method = request.get_method()
    if method == "GET" and WELL_KNOWN.search(url.split("?", 1)[0]):
        wire = handle_well_known(backend, url)
    else:
        data = request.data
        body = bytes(data) if isinstance(data, (bytes, bytearray, memoryview)) else None
        target = request.get_header("X-amz-target") if method == "POST" else None
        wire = handle(backend, target, body, region_of(url, None, backend.region))
    headers = email.message.Message()
    for name, value in wire.headers.items():
        headers[name] = value
    response = urllib.response.addinfourl(io.BytesIO(wire.body), headers, url, wire.status)
    # The opener's error processor reads these, and raises HTTPError for 4xx/5xx.
    response.msg = "OK" if wire.status < 400 else "Bad Request"  # type: ignore[attr-defined]
    return response


class UrllibTransport:
    """Wraps the ``http_open``/``https_open`` of urllib's handlers, so every opener (``urlopen``
    and ``build_opener`` alike) is answered for Cognito URLs."""

    def __init__(self) -> None:
        self._originals: list[tuple[type, str, Any]] = []

    def start(self) -> None:
        if self._originals:
            return
        for cls, name in ((urllib.request.HTTPSHandler, "https_open"),
                          (urllib.request.HTTPHandler, "http_open")):
            original = getattr(cls, name)

            def opener(self: Any, req: urllib.request.Request, _original: Any = original) -> Any:
                if _active.current() is not None and COGNITO_URL.match(req.full_url):
                    return _answer(req)
                return _original(self, req)

            self._originals.append((cls, name, original))
            setattr(cls, name, opener)

    def stop(self) -> None:
        for cls, name, original in self._originals:
            setattr(cls, name, original)
        self._originals = []


TRANSPORT = UrllibTransport()
