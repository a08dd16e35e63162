"""Peak memory (max RSS), CPU and wall time of every command on one data set, as Markdown.

Usage::

    python benchmarks/memory.py ROOT [--import-from FILE.jsonl] [--only NAME,...] [--timeout S]

Issue 14 asks for a peak of at most 300 MB in every command at 100,000 records. Each command
runs once as a real process under GNU ``/usr/bin/time``, which reports the command's own peak
resident set and its CPU time (user + system, children included: the index's worker
processes); wall time alone means little on a shared machine, so the load average is printed
before and after.

ROOT must be a writable copy (``cp -a``) of a committed data set: the writing commands (add,
edit, withdraw, rename, import, fmt) change it, and the script puts the data back with git
(``git checkout -- data && git clean -fdq data``) after each of them. Export and site targets
go to a temporary folder. ``--import-from`` is the batch ``import`` reads (e.g. a JSON Lines
export of 10,000 records of another seed); without it ``import`` is left out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ADD_ARGS  # a sibling script: the same record as its add measure

LIMIT_MB = 300


def commands(root: Path, out: Path, batch: Path | None) -> list[tuple[str, list[str], bool]]:
    """(name, arguments, writes to the data set) of every command measured."""
    first = sorted((root / "data" / "incidents").rglob("*.yaml"))[0].stem
    reads: list[tuple[str, list[str]]] = [
        ("list", ["list", "--format", "table"]),
        ("list --format json", ["list", "--format", "json"]),
        ("list --public --format jsonl", ["list", "--public", "--format", "jsonl"]),
        ("search KZ 2019 ids", ["search", "--country", "KZ", "--year", "2019", "--format", "ids"]),
        ("search word", ["search", "extradition", "--format", "json"]),
        ("show", ["show", first, "--format", "json"]),
        ("show --public", ["show", first, "--public", "--format", "json"]),
        *(
            (f"report {fmt}", ["report", "--format", fmt])
            for fmt in ("table", "markdown", "json", "csv", "html")
        ),
        ("report --public html", ["report", "--public", "--format", "html"]),
        ("timeline", ["timeline"]),
        ("people", ["people"]),
        *(
            (f"export {fmt}", ["export", "--format", fmt, "--output", str(out / f"e.{fmt}")])
            for fmt in ("jsonl", "json", "csv", "yaml", "xlsx", "sqlite")
        ),
        ("export parquet", ["export", "--format", "parquet", "--output", str(out / "parquet")]),
        *(
            (
                f"export --public {fmt}",
                ["export", "--public", "-f", fmt, "-o", str(out / f"p.{fmt}")],
            )
            for fmt in ("jsonl", "csv", "sqlite")
        ),
        ("validate", ["validate"]),
        ("fmt --check", ["fmt", "--check"]),
        ("site", ["site", str(out / "site")]),
    ]
    writes: list[tuple[str, list[str]]] = [
        ("add", ADD_ARGS),
        ("edit --set", ["edit", first, "--set", "status=concluded"]),
        ("withdraw", ["withdraw", first, "--reason", "memory benchmark"]),
        ("rename", ["rename", first, first + "-renamed"]),
        ("fmt", ["fmt"]),
    ]
    if batch is not None:
        writes.append(("import", ["import", str(batch)]))
        # its JSON report reads every new record: held whole until 6254d33 made it stream
        writes.append(("import json", ["import", "--output-format", "json", str(batch)]))
    return [(n, a, False) for n, a in reads] + [(n, a, True) for n, a in writes]


def run(incidentctl: str, root: Path, args: list[str], timeout: float) -> dict[str, object]:
    """One command under GNU time: wall, CPU (user + system) and peak RSS."""
    with tempfile.NamedTemporaryFile("r") as report:
        argv = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, incidentctl, *args]
        proc = subprocess.Popen(
            argv,
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a timeout ends the command and its workers, not just time
        )
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return {"error": f"timed out after {timeout:.0f} s"}
        fields = report.read().split()[-4:]
    wall, user, system, rss_kb = (float(x) for x in fields)
    result: dict[str, object] = {
        "wall": wall,
        "cpu": user + system,
        "rss_mb": rss_kb / 1024,
        "code": proc.returncode,
    }
    if proc.returncode not in (0, 1):  # 1: findings (validate, fmt --check)
        result["error"] = stderr.decode(errors="replace").strip().splitlines()[-1:]
    return result


def restore(root: Path) -> None:
    """Put the data set back as committed (after a writing command)."""
    subprocess.run(["git", "checkout", "-q", "--", "data"], cwd=root, check=True)
    subprocess.run(["git", "clean", "-fdq", "data"], cwd=root, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--import-from", type=Path)
    parser.add_argument("--only", help="comma-separated command names (as in the table)")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--incidentctl", default=shutil.which("incidentctl") or "incidentctl")
    args = parser.parse_args(argv)
    args.incidentctl = shutil.which(args.incidentctl) or args.incidentctl
    args.incidentctl = str(Path(args.incidentctl).absolute())  # the commands run in ROOT
    root = args.root.resolve()
    only = set(args.only.split(",")) if args.only else None
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="incidentctl-memory-") as tmp:
        for name, cmd, writes in commands(root, Path(tmp), args.import_from):
            if only is not None and name not in only:
                continue
            result = run(args.incidentctl, root, cmd, args.timeout)
            if writes:
                restore(root)
            print(f"{name}: {result}", file=sys.stderr, flush=True)
            rows.append((name, result))
    load_after = os.getloadavg()
    print(
        f"Data set: {root} ({len(list((root / 'data' / 'incidents').rglob('*.yaml'))):,} files); "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after.\n"
    )
    print("| command | wall | CPU (user+sys) | max RSS | ≤ 300 MB |")
    print("|---|---:|---:|---:|:---:|")
    for name, r in rows:
        if "error" in r and "rss_mb" not in r:
            print(f"| {name} | {r['error']} | | | |")
            continue
        mb = float(r["rss_mb"])  # type: ignore[arg-type]
        mark = "yes" if mb <= LIMIT_MB else "**no**"
        note = f" (exit {r['code']}: {r['error']})" if "error" in r else ""
        print(f"| {name}{note} | {r['wall']:.1f} s | {r['cpu']:.1f} s | {mb:.0f} MB | {mark} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
