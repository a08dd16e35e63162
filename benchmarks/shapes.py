"""Reading speed by file shape: canonical and hand-written data sets, old and new code, one run.

Usage::

    python benchmarks/shapes.py DATASET... [--code NAME=SRC ...] [--runs 5]

Each DATASET is a folder made by ``generate.py`` (``--style canonical`` or ``handwritten``).
Each ``--code`` names a source tree (``NAME=path/to/src``, put first on ``PYTHONPATH``; the
default is the installed package). For every data set and code, alternately, it measures:

- ``grep -rlF KZ data/incidents`` (the same-run baseline);
- the cold first query (``search --country KZ --year 2019 --format ids`` with no derived data);
- ``validate`` on the warm index.

It prints the median, minimum and maximum of wall time and of CPU time (the process and its
workers), and records per second, as Markdown. The machine is shared: CPU time is the figure
to compare when the load is high.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERY = ["search", "--country", "KZ", "--year", "2019", "--format", "ids"]


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, with its child processes) of one command."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def _summary(samples: list[tuple[float, float]], records: int) -> str:
    walls = sorted(w for w, _ in samples)
    cpus = sorted(c for _, c in samples)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    return (
        f"{wall:.2f} s ({walls[0]:.2f}–{walls[-1]:.2f}), CPU {cpu:.2f} s "
        f"({cpus[0]:.2f}–{cpus[-1]:.2f}); {records / wall:,.0f} rec/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", type=Path, nargs="+")
    parser.add_argument("--code", action="append", default=[], help="NAME=SRC (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    codes = [tuple(c.split("=", 1)) for c in args.code] or [("installed", "")]
    cache = Path(tempfile.mkdtemp(prefix="shapes-cache-"))
    results: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    for _ in range(args.runs):
        for root in args.datasets:
            grep = ["grep", "-rlF", "KZ", "data/incidents"]
            results.setdefault((root.name, "-", "grep"), []).append(
                _run(grep, root, dict(os.environ))
            )
            for name, src in codes:
                env = dict(os.environ, XDG_CACHE_HOME=str(cache), NO_COLOR="1")
                if src:
                    env["PYTHONPATH"] = str(Path(src).resolve())
                cli = [sys.executable, "-m", "incidentctl", "--root", str(root)]
                shutil.rmtree(root / ".incidentctl", ignore_errors=True)
                shutil.rmtree(cache / "incidentctl", ignore_errors=True)
                results.setdefault((root.name, name, "cold"), []).append(
                    _run([*cli, *QUERY], root, env)
                )
                results.setdefault((root.name, name, "validate"), []).append(
                    _run([*cli, "validate"], root, env)
                )
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print("| data set | code | measure | median wall (min–max), CPU, records/s |")
    print("|---|---|---|---|")
    for (dataset, name, measure), samples in results.items():
        records = len(list(next(a for a in args.datasets if a.name == dataset).rglob("*.yaml")))
        print(f"| {dataset} | {name} | {measure} | {_summary(samples, records)} |")
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
