"""The wire: ``X-Amz-Target`` and a JSON 1.1 body in, Cognito's exact bytes out.

Every transport (botocore's ``before-send``, ``responses`` for ``requests``) hands the raw request
here and sends back what :func:`handle` returns, so all of them answer alike. Format: reference
cognito-errors.md §1.2, DESIGN.md fidelity rule 1.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any, NamedTuple

from pytest_cognito_fake import _model
from pytest_cognito_fake._services import LambdaNotRegistered
from pytest_cognito_fake._validation import output_problems, validate_input
from pytest_cognito_fake.errors import (
    CognitoError,
    NotImplementedByFake,
    SerializationException,
    UnknownOperationException,
)
from pytest_cognito_fake.operations import OPERATIONS
from pytest_cognito_fake.operations._context import Backend, Context

CONTENT_TYPE = "application/x-amz-json-1.1"

#: The DNS suffixes of Cognito's hosts: standard, China, and the dual-stack ones botocore picks
#: with ``use_dualstack_endpoint`` (its endpoint ruleset's ``dualStackDnsSuffix``).
DNS_SUFFIXES = r"(?:amazonaws\.com(?:\.cn)?|api\.aws|api\.amazonwebservices\.com\.cn)"
#: ``cognito-idp[-fips].<region>.<suffix>``.
HOST_REGION = re.compile(rf"cognito-idp(?:-fips)?\.([a-z0-9-]+)\.{DNS_SUFFIXES}")
#: ``Credential=AKID/20240101/<region>/cognito-idp/aws4_request`` in a SigV4 header.
_AUTH_REGION = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/")


class FakeBug(AssertionError):
    """The fake itself broke while answering: a bug to report, never a silent 200."""


class NotImplementedOperation(NotImplementedByFake):
    """An operation of the model that the fake does not answer yet."""


class WireResponse(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


@functools.lru_cache(maxsize=256)
def host_region(url: str) -> str | None:
    """The region a Cognito host names (``cognito-idp.<region>.amazonaws.com``), else None.
    Cached: a test's requests go to a handful of URLs, and the pattern costs more than a
    lookup."""
    host = HOST_REGION.search(url)
    return host.group(1) if host else None


def region_of(url: str, authorization: str | None, default: str) -> str:
    """The region a request is for: from the host, else from the SigV4 scope, else ``default``.

    A client built with a custom ``endpoint_url`` and an unsigned operation carries no region on
    the wire; then the fake's own region applies.
    """
    region = host_region(url)
    if region is not None:
        return region
    if authorization:
        scope = _AUTH_REGION.search(authorization)
        if scope:
            return scope.group(1)
    return default


#: ``X-Amz-Target`` -> operation name, for every operation of the model, made on first use.
_TARGETS: dict[str | None, str] = {}


def operation_of(target: str | None) -> str:
    if not _TARGETS:
        prefix = _model.target_prefix() + "."
        _TARGETS.update({prefix + name: name for name in _model.operation_names()})
    name = _TARGETS.get(target) if target else None
    if name is None:
        raise UnknownOperationException()
    return name


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
#: The C encoder behind ``_ENCODER``, made once: ``JSONEncoder.encode`` makes a new one per
#: call, which costs more than encoding a small body. Without the circular-reference check
#: (``markers=None``): bodies are trees the operations build.
_C_ENCODE = getattr(json.encoder, "c_make_encoder", None)
_iterencode = _C_ENCODE(None, _ENCODER.default, json.encoder.encode_basestring,
                        None, ":", ",", False, False, True) if _C_ENCODE is not None else None
#: (second, its HTTP date): formatting a date costs more than the rest of the headers.
_date_cache: tuple[int, str] = (0, "")


def _encode(body: Any) -> bytes:
    if not body:
        return b"{}"
    if _iterencode is None:
        return _ENCODER.encode(body).encode("utf-8")
    return "".join(_iterencode(body, 0)).encode("utf-8")


def _headers(request_id: str, length: int) -> dict[str, str]:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return {
        "Date": _date_cache[1],
        "Content-Type": CONTENT_TYPE,
        "Content-Length": str(length),
        "Connection": "keep-alive",
        "x-amzn-RequestId": request_id,
    }


def render_success(body: dict[str, Any], request_id: str) -> WireResponse:
    data = _encode(body)
    return WireResponse(200, _headers(request_id, len(data)), data)


def render_error(error: CognitoError, request_id: str) -> WireResponse:
    """``{"__type":"<Name>","message":"<text>"}`` compact, with ``x-amzn-ErrorType: <Name>:``."""
    body: dict[str, str] = {"__type": error.code}
    if error.message is not None:
        body["message"] = error.message
    data = _encode(body)
    headers = _headers(request_id, len(data))
    headers["x-amzn-ErrorType"] = f"{error.code}:"
    if error.message is not None and _fits_header(error.message):
        headers["x-amzn-ErrorMessage"] = error.message
    return WireResponse(error.status, headers, data)


def _fits_header(text: str) -> bool:
    """A header value is one line of latin-1. A message that is not (a schema error's newlines,
    text outside latin-1) goes out in the body only, which is what JSON 1.1 clients read (§1.4).
    [INF: no capture shows what Cognito sends in the header for such a message.]"""
    return all(" " <= c <= "~" or "\xa0" <= c <= "\xff" for c in text)


def handle(backend: Backend, target: str | None, body: bytes | str | None,
           region: str) -> WireResponse:
    """Answer one request as Cognito would. Raises only for bugs and unimplemented operations."""
    request_id = backend.ids.uuid4()
    operation = "?"
    params: Any = None
    try:
        # A known target costs one lookup; operation_of fills the table and names the error.
        operation = _TARGETS.get(target) or operation_of(target)
        params = _parse(body)
        input_shape, output_shape = _SHAPES.get(operation) or _shapes(operation)
        validate_input(input_shape, params)
        if backend.faults.armed:
            fault = backend.faults.take(operation)
            if fault is not None:
                raise fault
        if backend.quotas.enabled:
            backend.quotas.admit(operation, params, region, backend.clock.now())
        handler = OPERATIONS.get(operation)
        if handler is None:
            raise NotImplementedOperation(
                f"pytest-cognito-fake does not implement {operation} yet; "
                f"implemented: {', '.join(sorted(OPERATIONS))}"
            )
        ctx = Context(backend, region, request_id, backend.clock.now())
        try:
            result = handler(ctx, params)
        except (CognitoError, LambdaNotRegistered, NotImplementedByFake):
            raise
        except Exception as exc:
            raise FakeBug(f"pytest-cognito-fake failed inside {operation}: {exc!r}") from exc
        if backend.check_responses:
            problems = output_problems(output_shape, result)
            if problems:
                raise FakeBug(f"pytest-cognito-fake answered {operation} with a body that does "
                              f"not fit the model: {'; '.join(problems)}")
    except CognitoError as error:
        backend.calls.record(operation, params if isinstance(params, dict) else {},
                             error.code.rsplit("#", 1)[-1])
        return render_error(error, request_id)
    except Exception as exc:
        # Raised, not answered: recorded too, so a caller that swallows it still fails teardown.
        backend.bugs.append(exc)
        raise
    backend.calls.record(operation, params, None)
    return render_success(result, request_id)


#: Operation -> (input shape, output shape), looked up once.
_SHAPES: dict[str, tuple[Any, Any]] = {}


def _shapes(operation: str) -> tuple[Any, Any]:
    shapes = _SHAPES[operation] = (_model.input_shape(operation),
                                   _model.output_shape(operation))
    return shapes


def _parse(body: bytes | str | None) -> Any:
    # SDKs send UTF-8; one decoder made once (json.loads with options builds one per call).
    if body is None or body in (b"", ""):
        # botocore sends "{}" for empty input; an empty body reads as an empty object.
        return {}
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        if text[:1] == "{":
            # What botocore sends: an object from the first byte. The C scanner directly,
            # without the Python frames of ``decode`` (which the general path below keeps).
            value, end = _SCAN(text, 0)
            if end == len(text) or not text[end:].strip(" \t\n\r"):
                return value
            raise ValueError("extra data")
        return _DECODER.decode(text)
    # RecursionError: nesting deeper than the parser's stack, e.g. ``[[[[...]]]]``.
    except (ValueError, UnicodeDecodeError, RecursionError, StopIteration):
        raise SerializationException() from None


def _not_json(constant: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON; Python's parser accepts them, Coral's does not."""
    raise ValueError(constant)


_DECODER = json.JSONDecoder(parse_constant=_not_json)
#: The decoder's scanner (set by JSONDecoder.__init__; typeshed does not list it).
_SCAN: Callable[[str, int], tuple[Any, int]] = getattr(_DECODER, "scan_once")  # noqa: B009


#: ``/<userPoolId>/.well-known/jwks.json`` and ``/.well-known/openid-configuration``.
WELL_KNOWN = re.compile(r"/([\w-]+_[0-9a-zA-Z]+)/\.well-known/(jwks\.json|openid-configuration)$")


def handle_well_known(backend: Backend, url: str) -> WireResponse:
    """A pool's JWKS or OpenID configuration, as libraries fetch them to verify tokens.

    An unknown pool gets 404 with a JSON message [INF: the real body is not captured]. The
    OpenID document holds the members that exist without a pool domain [INF]."""
    path = url.split("?", 1)[0]
    match = WELL_KNOWN.search(path)
    pool = backend.store.pools.get(match.group(1)) if match else None
    if match is None or pool is None:
        body = _encode({"message": "User pool not found"})
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        return WireResponse(404, headers, body)
    keys = backend.keys.for_pool(pool.id)
    if match.group(2) == "jwks.json":
        document: dict[str, Any] = keys.jwks()
    else:
        issuer = f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}"
        document = {
            "id_token_signing_alg_values_supported": ["RS256"],
            "issuer": issuer,
            "jwks_uri": f"{issuer}/.well-known/jwks.json",
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "subject_types_supported": ["public"],
        }
    body = _encode(document)
    headers = {"Content-Type": "application/json;charset=UTF-8", "Content-Length": str(len(body))}
    return WireResponse(200, headers, body)
