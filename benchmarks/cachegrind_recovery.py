"""Instructions and cache misses per password-reset round trip, counted by cachegrind.

    python benchmarks/cachegrind_recovery.py            # the floor and the fake
    python benchmarks/cachegrind_recovery.py fake       # one of them

Wall time on a shared VM moves by a few percent between runs; valgrind's counts do not. Each
variant of ``bench_recovery`` runs twice under ``valgrind --tool=cachegrind`` (after 20 warm-up
round trips: 50 round trips, then 250), and the difference of the two totals divided by 200 is
one round trip's share, start-up and imports cancelled out. The last-level cache is simulated
at this machine's L2 (512 KiB, 8-way): misses there are what botocore pays when the fake's work
pushes its working set out. Needs valgrind (Debian's package). ``PYTHONHASHSEED`` is fixed so
two runs of the same code give the same counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = (50, 250)
CACHE = "--LL=524288,8,64"


def _child(variant: str, trips: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench_recovery

    if variant == "floor":
        trip = bench_recovery.floor_round_trip()
    else:
        from pytest_cognito_fake import CognitoFake

        fake = CognitoFake()
        fake.__enter__()
        trip = bench_recovery.fake_round_trip(fake)
    for _ in range(20 + trips):
        trip()


def _totals(path: Path) -> dict[str, int]:
    events: list[str] = []
    for line in path.read_text().splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("summary:"):
            return dict(zip(events, map(int, line.split()[1:]), strict=True))
    raise RuntimeError(f"no summary in {path}")


def measure(variant: str) -> dict[str, float]:
    """Per round trip: instructions (Ir), L1 misses (I1mr, D1mr, D1mw), L2 misses (ILmr, DLmr,
    DLmw)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        outputs = [Path(tmp) / f"{variant}.{trips}.out" for trips in RUNS]
        runs = [subprocess.Popen(
            ["valgrind", "--tool=cachegrind", "--cache-sim=yes", CACHE,
             f"--cachegrind-out-file={out}", sys.executable, __file__, "--child", variant,
             str(trips)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for out, trips in zip(outputs, RUNS, strict=True)]
        for run in runs:
            if run.wait() != 0:
                raise RuntimeError(f"valgrind exited with {run.returncode}")
        low, high = (_totals(out) for out in outputs)
    return {event: (high[event] - low[event]) / (RUNS[1] - RUNS[0]) for event in low}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1], int(argv[2]))
        return 0
    variants = argv or ["floor", "fake"]
    results = {variant: measure(variant) for variant in variants}
    events = ("Ir", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw")
    print("| variant | " + " | ".join(events) + " |")
    print("|---|" + "---:|" * len(events))
    for variant, counts in results.items():
        print(f"| {variant} | " + " | ".join(f"{counts[e]:,.0f}" for e in events) + " |")
    if "floor" in results and "fake" in results:
        print(f"\nInstructions: the fake {results['fake']['Ir'] / results['floor']['Ir']:.3f}x "
              "the floor's.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
