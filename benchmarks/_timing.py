"""Plain ``time.perf_counter`` timing: warm-up, interleaved rounds, medians.

Variants that are compared run in turns (one batch of each per round), so a slow stretch of the
machine hits all of them alike instead of whichever happened to run then; ratios are the median
of the per-round ratios for the same reason.
"""

from __future__ import annotations

import contextlib
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata

Around = Mapping[str, Callable[[], contextlib.AbstractContextManager[object]]]


class Samples(dict[str, list[float]]):
    """Seconds per call of each variant, one sample per round, rounds in the same order."""

    def median(self, name: str) -> float:
        return statistics.median(self[name])

    def ratio(self, name: str, baseline: str) -> float:
        """Median of the per-round ratios: each round compares batches run moments apart."""
        return statistics.median(a / b for a, b in zip(self[name], self[baseline], strict=True))


def compare(variants: Mapping[str, Callable[[], object]], *, number: int, rounds: int,
            warmup: int = 1, around: Around | None = None) -> Samples:
    """Time ``rounds`` batches of ``number`` calls of each variant, the variants taking turns.

    ``around[name]()`` gives a context entered before and left after each batch of that
    variant, outside the timed part (to activate a fake for its own batches only).
    """
    samples = Samples({name: [] for name in variants})
    for round_ in range(warmup + rounds):
        for name, fn in variants.items():
            with (around or {}).get(name, contextlib.nullcontext)():
                gc.collect()
                start = time.perf_counter()
                for _ in range(number):
                    fn()
                elapsed = time.perf_counter() - start
            if round_ >= warmup:
                samples[name].append(elapsed / number)
    return samples


def once(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes (for set-up steps too slow to repeat)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f}"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio_section(samples: Samples, *, title: str, base: str, per: str, ratio_header: str,
                  target: float, target_phrase: str) -> str:
    """A report section: each variant's median and its ratio to ``base``, then whether
    pytest-cognito-fake is within ``target`` times it (``target_phrase`` names the base)."""
    rows = [[name, us(samples.median(name)), f"{samples.ratio(name, base):.2f}×"]
            for name in samples]
    ratio = samples.ratio("pytest-cognito-fake", base)
    verdict = "met" if ratio <= target else "MISSED"
    return "\n".join([
        f"### {title}",
        "",
        table(["variant", f"median µs per {per}", ratio_header], rows),
        "",
        f"Target: the fake within {target}× {target_phrase}: **{verdict}** ({ratio:.2f}×).",
    ])


def environment() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    packages = ", ".join(f"{name} {version(name)}" for name in
                         ("pytest-cognito-fake", "botocore", "boto3", "moto", "responses"))
    return (f"Python {sys.version.split()[0]} on {platform.machine()} "
            f"({platform.system()} {platform.release()}); {packages}")


def cognito_headers(body: bytes) -> dict[str, str]:
    """The headers of a floor's constant answer: the five a Cognito success carries on the wire
    (reference cognito-errors.md §1.2: ``Date``, ``Content-Type``, ``Content-Length``,
    ``Connection``, ``x-amzn-RequestId``), which the fake sends too. botocore does work per
    header (``HeadersDict``, ``lowercase_dict`` for ``ResponseMetadata``), so a floor with fewer
    headers than Cognito's would charge part of botocore's own cost to the fake."""
    return {
        "Date": "Mon, 07 Dec 2026 12:00:00 GMT",
        "Content-Type": "application/x-amz-json-1.1",
        "Content-Length": str(len(body)),
        "Connection": "keep-alive",
        "x-amzn-RequestId": "0b8c3f5e-8f6a-4f1e-9d2c-7a6b5c4d3e2f",
    }


class RawBody:
    """The ``raw`` object a botocore ``AWSResponse`` streams a constant body from (floors)."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._body


class MotoBatch:
    """moto active around one batch, keeping its data: ``mock_aws`` resets on a plain start."""

    def __init__(self) -> None:
        from moto import mock_aws

        self._mock = mock_aws()

    def __enter__(self) -> None:
        self._mock.start(reset=False)

    def __exit__(self, *exc: object) -> None:
        self._mock.stop(remove_data=False)
