"""boto3/botocore transport: a ``before-send`` handler for cognito-idp, inert with no fake active.

It is added to botocore's built-in handlers when the plugin is imported, so every session made
afterwards, and every client of it, is answered: before or after the fixture, any region, with or
without ``endpoint_url``. botocore runs more specific event names first, so this handler answers
before a generic ``before-send`` handler such as moto's.
"""

from __future__ import annotations

import sys
from typing import Any

from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse

from pytest_cognito_fake import _active, _model
from pytest_cognito_fake._protocol import handle, host_region

EVENT = f"before-send.{_model.EVENT_SERVICE_ID}"
#: While a fake is active, cognito-idp requests are not signed: nothing verifies a signature, and
#: tests then need no credentials. Where botocore's prepared requests lose the client's context
#: (botocore 1.34), the client's region travels in this header instead.
REGION_HEADER = "x-pytest-cognito-fake-region"

#: Where an answered request's URL is pointed afterwards. botocore calls every ``before-send``
#: handler even after one answered; a generic interceptor (moto's ``mock_aws``) would otherwise
#: run the same request through its own Cognito. This host matches none of theirs.
ANSWERED_URL = "https://answered-by-pytest-cognito-fake.invalid/"


class _Raw(tuple[bytes]):
    """The ``raw`` object AWSResponse reads its body from: ``_Raw((body,))``. A tuple, so
    making one runs no Python ``__init__`` (one is made for every answer)."""

    def stream(self, **_: Any) -> Any:
        yield self[0]


def _fast_response_parts() -> tuple[Any, Any] | None:
    """botocore's ``HeadersDict`` and ``_HeaderKey`` when an ``AWSResponse`` can be assembled
    directly, else None.

    ``AWSResponse(url, status, headers, raw)`` copies the headers through
    ``MutableMapping.update`` and four Python calls per header, which costs more than the rest
    of handing the answer over. Assembling the same object directly is checked here against
    what this botocore's constructor makes; any difference (a new attribute, another header
    store) turns the shortcut off and the constructor is used.
    """
    try:
        from botocore.awsrequest import HeadersDict, _HeaderKey

        probe = AWSResponse("https://probe.invalid/", 200, {"X-Probe": "1"}, None)
        store = getattr(probe.headers, "_dict", None)
        if set(vars(probe)) != {"url", "status_code", "headers", "raw", "_content"} \
                or type(probe.headers) is not HeadersDict or not isinstance(store, dict) \
                or [type(k) for k in store] != [_HeaderKey] or probe.headers["x-probe"] != "1":
            return None
    except Exception:
        return None
    return HeadersDict, _HeaderKey


_FAST = _fast_response_parts()
#: Per sequence of header names: the last header store handed out (``_HeaderKey`` -> value),
#: the values it holds by name, and the ``_HeaderKey`` of each name. An answer starts from a
#: copy of that store and sets only the values that differ (the request id, mostly): a dict
#: copy keeps its keys' hashes, while every insertion hashes a key through
#: ``_HeaderKey.__hash__``, a Python call. Each entry is replaced whole, never edited, so
#: concurrent answers read a consistent one.
_STORES: dict[tuple[str, ...], tuple[dict[Any, str], dict[str, str], dict[str, Any]]] = {}


def _response(url: str, status: int, headers: dict[str, str], body: bytes) -> AWSResponse:
    """The ``AWSResponse`` botocore's own HTTP layer would make of this answer.

    Its header store starts from a copy of the last one handed out for the same header names
    (``_STORES``) and only the values that differ are set. Written out here, not in a helper:
    it runs for every answer, and a call costs about what the copy does."""
    if _FAST is None:
        response = AWSResponse(url, status, headers, _Raw((body,)))
        # The body, ready: AWSResponse.content reads it from here before it streams ``raw``.
        response._content = body
        return response
    headers_dict_type, header_key = _FAST
    names = tuple(headers)
    entry = _STORES.get(names)
    if entry is None:
        keys = {name: header_key(name) for name in names}
        store = {keys[name]: value for name, value in headers.items()}
    else:
        last, values, keys = entry
        store = last.copy()
        for name, value in headers.items():
            if values[name] != value:
                store[keys[name]] = value
    # A copy is kept: the answer's own headers may be edited by whoever receives them.
    _STORES[names] = (store.copy(), headers.copy(), keys)
    headers_dict = headers_dict_type.__new__(headers_dict_type)
    headers_dict._dict = store
    response = AWSResponse.__new__(AWSResponse)
    vars(response).update(url=url, status_code=status, headers=headers_dict,
                          raw=_Raw((body,)), _content=body)
    return response


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


_TARGET_KEY = _FAST[1]("X-Amz-Target") if _FAST is not None else None


def _target(headers: Any) -> str | None:
    """The request's ``X-Amz-Target`` (read from the header, which a hook may have changed).
    From the store of botocore's HeadersDict directly when the shortcut is on: ``get`` goes
    through four Python calls. botocore's prepared requests hold it as bytes."""
    fast = _FAST
    if fast is not None and type(headers) is fast[0]:
        value = headers._dict.get(_TARGET_KEY)
    else:
        value = headers.get("X-Amz-Target")
    if type(value) is bytes:
        return value.decode("utf-8")
    return value if type(value) is str else _text(value)


def _prepared_requests_carry_context() -> bool:
    """Whether this botocore hands ``before-send`` a request that still holds the request
    context (and with it ``client_region``). botocore 1.34 did not; later ones do."""
    try:
        from botocore.awsrequest import AWSRequest

        prepared = AWSRequest(method="POST", url="https://probe.invalid/").prepare()
        return isinstance(getattr(prepared, "context", None), dict)
    except Exception:
        return False


#: True: the client's region is read from the prepared request's context and no
#: ``request-created`` handler is needed (one handler call fewer on every request).
_CONTEXT = _prepared_requests_carry_context()


def _client_region(request: Any) -> str | None:
    """The region of the client that made ``request``: from its context, else from the
    header ``request_created`` wrote."""
    context = getattr(request, "context", None)
    if context:
        region = context.get("client_region")
        if region:
            return str(region)
    return _text(request.headers.get(REGION_HEADER))


def before_send(request: Any, **_: Any) -> AWSResponse | None:
    # A second registration of this handler (see install) must not answer the same request twice.
    if not _active.STACK or request.url == ANSWERED_URL:
        return None
    backend = _active.STACK[-1]
    headers = request.headers
    url = request.url
    region = host_region(url) or _client_region(request) or backend.region
    wire = handle(backend, _target(headers), request.body, region)
    request.url = ANSWERED_URL
    return _response(url, wire.status, wire.headers, wire.body)


def choose_signer(**_: Any) -> Any:
    return UNSIGNED if _active.STACK else None


def request_created(request: Any, **_: Any) -> None:
    """Carry the client's region when the URL does not say it (a custom ``endpoint_url``), for
    a botocore whose prepared requests lose the context (registered only then)."""
    if not _active.STACK or host_region(request.url) is not None:
        return
    region = getattr(request, "context", {}).get("client_region")
    if region:
        request.headers[REGION_HEADER] = region


_HANDLERS = (
    (f"choose-signer.{_model.EVENT_SERVICE_ID}", choose_signer),
    *(() if _CONTEXT else ((f"request-created.{_model.EVENT_SERVICE_ID}", request_created),)),
    (EVENT, before_send),
)


def install() -> None:
    """Add the handlers to botocore's built-in handlers (once).

    Sessions copy the built-in handlers when they are made, so a session made before this runs
    lacks them. Under pytest the plugin installs at load, before any test code. Outside pytest
    (``mock_cognito`` in a script or a plain unittest run) the first fake installs, and boto3's
    default session, if it already exists, gets the handlers too, so ``boto3.client(...)`` calls
    made from then on are answered. Clients made before that keep the emitter they were made with.
    """
    from botocore import handlers

    if all(entry in handlers.BUILTIN_HANDLERS for entry in _HANDLERS):
        return
    for entry in _HANDLERS:
        if entry not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(entry)
    boto3 = sys.modules.get("boto3")
    default = getattr(boto3, "DEFAULT_SESSION", None)
    if default is not None:
        for event, handler in _HANDLERS:
            default._session.register(event, handler, unique_id=f"pytest-cognito-fake:{event}")
