"""Run every benchmark and write benchmarks/RESULTS.md.

    python benchmarks/run.py

Each benchmark also runs on its own (``python benchmarks/bench_<name>.py``). Numbers depend on
the machine and on what else it is doing; the ratios, measured in one process with the variants
taking turns, travel better than the absolute times.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _timing  # noqa: E402
import bench_admin_get_user  # noqa: E402
import bench_initiate_auth  # noqa: E402
import bench_list_users  # noqa: E402
import bench_recovery  # noqa: E402
import bench_setup  # noqa: E402
import bench_srp  # noqa: E402


def main() -> int:
    sections = []
    for bench in (bench_admin_get_user, bench_setup, bench_list_users, bench_recovery,
                  bench_initiate_auth, bench_srp):
        print(f"running {bench.__name__} ...", file=sys.stderr, flush=True)
        section = bench.report(bench.run())  # type: ignore[attr-defined]
        print(section + "\n", flush=True)
        sections.append(section)
    when = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n\n".join([
        "# Benchmark results",
        f"Written by `python benchmarks/run.py` on {when}.  \n{_timing.environment()}.",
        "Medians of interleaved rounds (`time.perf_counter`); ratios are medians of per-round "
        "ratios. See each `bench_*.py` for what is measured.",
        *sections,
    ]) + "\n"
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
