"""Where an AdminGetUser call through boto3 spends its time in the fake.

    python benchmarks/profile_admin_get_user.py

Two views: a stage-by-stage split of the fake's ``before-send`` handler, timed in place with
``time.perf_counter`` (the floor pays for botocore and for building one response, so what is
above the floor is roughly "handle" plus the response), and cProfile's busiest functions of the
package itself.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from typing import Any

import bench_admin_get_user as bench
from botocore import handlers
from botocore.awsrequest import AWSResponse, HeadersDict

from pytest_cognito_fake import CognitoFake, _active
from pytest_cognito_fake import _transport_botocore as transport
from pytest_cognito_fake._protocol import handle, region_of

CALLS = 3000
_spent: dict[str, float] = {}


def _timed_before_send(request: Any, **_: Any) -> AWSResponse | None:
    """The transport's handler, split into stages (same steps, same order)."""
    t0 = time.perf_counter()
    backend = _active.current()
    if backend is None:
        return None
    headers = request.headers
    region = transport._text(headers.get(transport.REGION_HEADER)) or region_of(
        request.url, None, backend.region)
    target, body, url = transport._text(headers.get("X-Amz-Target")), request.body, request.url
    t1 = time.perf_counter()
    wire = handle(backend, target, body, region)
    t2 = time.perf_counter()
    request.url = transport.ANSWERED_URL
    response = AWSResponse(url, wire.status, HeadersDict(wire.headers),
                           transport._Raw((wire.body,)))
    t3 = time.perf_counter()
    for stage, seconds in (("read the request", t1 - t0), ("protocol.handle", t2 - t1),
                           ("build the AWSResponse", t3 - t2)):
        _spent[stage] = _spent.get(stage, 0.0) + seconds
    return response


def main() -> None:
    transport.install()
    original = handlers.BUILTIN_HANDLERS[:]
    handlers.BUILTIN_HANDLERS[:] = [
        (entry[0], _timed_before_send, *entry[2:]) if entry[1] is transport.before_send else entry
        for entry in original]
    try:
        fake = CognitoFake()
        with fake:
            client = bench._client()
            pool_id = bench.seed_fake(fake)

            def call() -> None:
                client.admin_get_user(UserPoolId=pool_id, Username=bench.USERNAME)

            for _ in range(300):
                call()
            _spent.clear()
            start = time.perf_counter()
            for _ in range(CALLS):
                call()
            total = time.perf_counter() - start
            print(f"AdminGetUser through boto3, fake active: {total / CALLS * 1e6:.1f} µs a call")
            for stage, seconds in _spent.items():
                print(f"  {stage:<24} {seconds / CALLS * 1e6:7.1f} µs")

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(CALLS):
                call()
            profile.disable()
    finally:
        handlers.BUILTIN_HANDLERS[:] = original
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("tottime")
    stats.print_stats(r"pytest_cognito_fake|json|uuid|email", 25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
