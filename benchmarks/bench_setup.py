"""What a test pays to get a fresh fake and to tear it down, against moto's ``mock_aws``.

    python benchmarks/bench_setup.py

``with CognitoFake(): pass`` is what the ``cognito_fake`` fixture does around a test (plus reading
the marker): build the state and services, install the ``requests`` interception, remove it.
"""

from __future__ import annotations

import _timing  # beside this file: benchmarks run as scripts

NUMBER = 20
ROUNDS = 25
TARGET_SECONDS = 0.5e-3


def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> _timing.Samples:
    """Seconds per enter-and-exit of each variant, one sample per round."""
    from moto import mock_aws

    from pytest_cognito_fake import CognitoFake

    def fake() -> None:
        with CognitoFake():
            pass

    def moto() -> None:
        with mock_aws():
            pass

    return _timing.compare({"pytest-cognito-fake: with CognitoFake(): pass": fake,
                            "moto: with mock_aws(): pass": moto},
                           number=number, rounds=rounds)


def report(results: _timing.Samples) -> str:
    rows = [[name, _timing.ms(results.median(name))] for name in results]
    fake = results.median("pytest-cognito-fake: with CognitoFake(): pass")
    verdict = "met" if fake <= TARGET_SECONDS else "MISSED"
    return "\n".join([
        "### Activate and tear down",
        "",
        _timing.table(["variant", "median ms"], rows),
        "",
        f"Target: the fake at most {_timing.ms(TARGET_SECONDS)} ms: **{verdict}** "
        f"({_timing.ms(fake)} ms).",
    ])


if __name__ == "__main__":
    print(report(run()))
