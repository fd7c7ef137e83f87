"""What a test pays to get a fresh fake and to tear it down, against moto's ``mock_aws``.

    python benchmarks/bench_setup.py

``with CognitoFake(): pass`` is what the ``cognito_fake`` fixture does around a test (plus reading
the marker): build the state and services, install the ``requests`` interception, remove it.
"""

from __future__ import annotations

try:
    from benchmarks import _timing
except ImportError:  # run as a script
    import _timing  # type: ignore[no-redef]

NUMBER = 20
ROUNDS = 25
TARGET_SECONDS = 0.5e-3


def run(*, number: int = NUMBER, rounds: int = ROUNDS) -> dict[str, float]:
    """Median seconds per enter-and-exit of each variant."""
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


def report(results: dict[str, float]) -> str:
    rows = [[name, _timing.ms(seconds)] for name, seconds in results.items()]
    fake = results["pytest-cognito-fake: with CognitoFake(): pass"]
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
