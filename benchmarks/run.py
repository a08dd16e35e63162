"""Measure incidentctl on synthetic data sets of 1,000, 10,000 and 100,000 records.

Usage::

    python benchmarks/run.py --sizes 1000,10000,100000 [--repeat 5] [--data /work/bench-data]

Every measure runs the installed ``incidentctl`` as a real subprocess, at least ``--repeat``
times; the wall time is taken around the process and its peak memory (maximum resident set
size) is what GNU ``/usr/bin/time`` reports for that very child (``os.wait4`` when it is
missing, which then also counts this script's own pages shared until the child's exec). Data sets are generated once by
``benchmarks/generate.py`` (same seed, same files) under ``--data`` and kept for the next run;
nothing large is written inside the repository. The run prints a Markdown report and writes
it, with every sample, as JSON under ``<data>/results/``.

Measures (each on the same folder as the ``grep -rlF KZ data/incidents`` baseline):

- ``cold``: the first query with no derived data (``<root>/.incidentctl`` and the XDG cache
  deleted before every run); the operating system's file cache stays warm, as it would be for
  a user who has just pulled;
- ``warm search``: ``search --country KZ --year 2019 --format ids``;
- ``warm full-text``: ``search WORD --format ids``;
- ``warm report``: ``report --year 2019 --format json``;
- ``warm indicator``: ``report --indicator sdg-16.10.1 --year 2019 --format json``;
- ``edit then query``: one record's status is changed in place, then the warm search runs
  (the file is restored afterwards);
- ``add``: a new record from options, deleted again after each run; also on a 100-record set;
- ``validate`` and ``validate --changed HEAD`` (one record edited);
- ``--version``;
- ``site``: the whole public website into a temporary folder, up to 10,000 records.
A command that is not available yet is reported as n/a, not as a failure of the harness.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
QUERY = ["search", "--country", "KZ", "--year", "2019", "--format", "ids"]
INDICATOR = ["report", "--indicator", "sdg-16.10.1", "--year", "2019", "--format", "json"]
"""The SDG 16.10.1 count over the same year as ``warm_report``: it must be no slower."""
STATUSES = ("ongoing", "concluded", "unknown")
ADD_ARGS = [
    "add",
    "--title",
    "Benchmark: lawyer Aigerim Nurlanova detained in Almaty",
    "--date",
    "2019-05-21",
    "--country",
    "KZ",
    "--type",
    "arrest-detention",
    "--person",
    "Aigerim Nurlanova:lawyer",
    "--status",
    "ongoing",
    "--summary",
    "Police detained the lawyer at the Almaty city court after a hearing.",
    "--source",
    "https://example.org/benchmark-source",
]
TARGET_RECORDS = 100_000
"""The size at which issue 6 sets its targets."""
TARGETS = {
    "warm_vs_grep": 1.0,
    "cold_records_per_s": 5000.0,
    "edit_vs_warm": 2.0,
    "add_vs_add100": 1.5,
    "peak_mb": 300.0,
    "version_ms": 150.0,
    "indicator_vs_report": 1.0,
    "site_s": 60.0,
}
SITE_RECORDS = 10_000
"""``site`` is measured up to this size, where its target is set (issue 15: under a minute)."""


@dataclass
class Sample:
    wall_s: float
    max_rss_mb: float
    exit_code: int
    lines: int
    stderr_bytes: int = 0
    cpu_s: float = 0.0
    """User + system time of the command and the children it waited for: on a shared machine
    the figure that moves least with other people's load."""


@dataclass
class Measure:
    """Every run of one command on one data set."""

    name: str
    command: str
    samples: list[Sample] = field(default_factory=list)
    unavailable: str | None = None
    answer: str | None = None
    """For queries: a fingerprint of the output, to check that every run gave the same answer."""

    @property
    def ok(self) -> bool:
        return self.unavailable is None and bool(self.samples)

    def median(self) -> float | None:
        return statistics.median(s.wall_s for s in self.samples) if self.ok else None

    def low(self) -> float | None:
        return min(s.wall_s for s in self.samples) if self.ok else None

    def high(self) -> float | None:
        return max(s.wall_s for s in self.samples) if self.ok else None

    def peak_mb(self) -> float | None:
        return max(s.max_rss_mb for s in self.samples) if self.ok else None

    def cpu(self) -> float | None:
        return statistics.median(s.cpu_s for s in self.samples) if self.ok else None

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "command": self.command,
            "unavailable": self.unavailable,
            "median_s": self.median(),
            "min_s": self.low(),
            "max_s": self.high(),
            "peak_mb": self.peak_mb(),
            "cpu_median_s": self.cpu(),
            "runs": len(self.samples),
            "answer": self.answer,
            "samples": [asdict(s) for s in self.samples],
        }


class Runner:
    """Runs commands as children and measures each one on its own."""

    def __init__(self, incidentctl: str, env: dict[str, str], timeout: float):
        self.incidentctl = incidentctl
        self.env = env
        self.timeout = timeout
        self.running: int | None = None
        """The process group of the command being measured (its own session)."""

    def stop(self, *_: Any) -> None:
        """On SIGTERM: end the running command (it is in its own session, so it would
        outlive this script) and exit, which runs the clean-ups (``finally``)."""
        if self.running is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.running, signal.SIGKILL)
        sys.exit(143)

    def once(self, argv: list[str], cwd: Path) -> tuple[Sample, str, str]:
        with (
            tempfile.TemporaryFile() as out,
            tempfile.TemporaryFile() as err,
            tempfile.NamedTemporaryFile() as rss,
        ):
            # GNU time reports the peak of the command alone; a child forked from this Python
            # process would also count this process's pages, shared until the child's exec.
            wrapped = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else argv
            start = time.perf_counter()
            proc = subprocess.Popen(
                wrapped,
                cwd=cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # so a timeout ends the command, not just GNU time
            )
            timer = threading.Timer(self.timeout, os.killpg, (proc.pid, signal.SIGKILL))
            timer.start()
            self.running = proc.pid
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                self.running = None
                timer.cancel()
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
            if wall >= self.timeout:
                stderr += f"\ntimed out after {self.timeout:.0f} s\n"
                proc.returncode = proc.returncode or -signal.SIGKILL
            peak_kb = usage.ru_maxrss  # kilobytes on Linux
            if TIME:
                reported = rss.read().decode().split()
                if reported and reported[-1].isdigit():
                    peak_kb = int(reported[-1])
        sample = Sample(
            wall,
            peak_kb / 1024,
            proc.returncode,
            stdout.count("\n"),
            len(stderr.encode()),
            usage.ru_utime + usage.ru_stime,
        )
        return sample, stdout, stderr

    def cli(self, root: Path | None, *args: str) -> list[str]:
        return [self.incidentctl, *(["--root", str(root)] if root else []), *args]


def compile_bytecode(incidentctl: str, log: Any = print) -> str:
    """Compile the measured incidentctl's modules to bytecode, as ``pip install`` does, and
    say how it went.

    An editable install writes its bytecode on first use, unless ``PYTHONDONTWRITEBYTECODE``
    is set (it is on the machine these figures come from): then every measured run compiled
    incidentctl's own modules from source, some 0.15 s of CPU that no installed copy pays.
    """
    script = shutil.which(incidentctl) or incidentctl
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace")
    except OSError:
        return "not compiled (the program could not be read)"
    python = first[2:].strip() if first.startswith("#!") else ""
    if not python or not Path(python).exists():
        return "not compiled (not a Python script)"
    where = subprocess.run(
        [python, "-c", "import incidentctl, os; print(os.path.dirname(incidentctl.__file__))"],
        capture_output=True,
        text=True,
    )
    if where.returncode != 0:
        return "not compiled (incidentctl not importable)"
    package = where.stdout.strip()
    done = subprocess.run([python, "-m", "compileall", "-q", package], capture_output=True)
    state = f"compiled ({package})" if done.returncode == 0 else "compiling failed"
    log(f"bytecode: {state}")
    return state


def child_env(cache: Path) -> dict[str, str]:
    """The environment of every measured command: its own XDG cache, no colour, no overrides."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("INCIDENTCTL_ROOT", "INCIDENTCTL_DEBUG")
    }
    env.update({"XDG_CACHE_HOME": str(cache), "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    return env


def _missing(exit_code: int, stderr: str, ok_codes: tuple[int, ...]) -> str | None:
    """Why a run does not count (a command not built yet, or a failure), else None."""
    if exit_code in ok_codes:
        return None
    lines = [x.strip(" │╭╰─") for x in stderr.splitlines() if x.strip(" │╭╰─")]
    telling = [x for x in lines if re.search(r"error|no such|not available|timed out", x, re.I)]
    return ((telling or lines or [f"exit code {exit_code}"])[-1])[:200]


def measure(
    runner: Runner,
    name: str,
    argv: list[str],
    cwd: Path,
    repeat: int,
    before: Any = None,
    after: Any = None,
    warmup: bool = True,
    ok_codes: tuple[int, ...] = (0,),
    log: Any = print,
) -> Measure:
    """Run ``argv`` ``repeat`` times (after one unmeasured run when ``warmup``)."""
    shown = (
        " ".join(a if a != str(cwd) else "ROOT" for a in argv[1:])
        if argv[0] == runner.incidentctl
        else " ".join(argv)
    )
    result = Measure(name, shown)
    answers: set[str] = set()
    for i in range(repeat + (1 if warmup else 0)):
        if before:
            before(i)
        sample, stdout, stderr = runner.once(argv, cwd)
        if after:
            after(i, stdout)
        why = _missing(sample.exit_code, stderr, ok_codes)
        if why is not None:
            result.unavailable = why
            result.samples = []
            log(f"  {name:<22} n/a ({why})")
            return result
        if warmup and i == 0:
            continue
        result.samples.append(sample)
        answers.add(_fingerprint(stdout))
    result.answer = answers.pop() if len(answers) == 1 else f"DIFFERENT ANSWERS ({len(answers)})"
    walls = [s.wall_s * 1000 for s in result.samples]
    log(
        f"  {name:<22} median {statistics.median(walls):9.1f} ms  "
        f"(min {min(walls):.1f}, max {max(walls):.1f})  "
        f"CPU {statistics.median(s.cpu_s for s in result.samples) * 1000:9.1f} ms  "
        f"peak {max(s.max_rss_mb for s in result.samples):6.1f} MB"
    )
    return result


def _fingerprint(stdout: str) -> str:
    lines = [x for x in stdout.splitlines() if x.strip()]
    import hashlib

    return f"{len(lines)} lines, sha256 {hashlib.sha256(stdout.encode()).hexdigest()[:12]}"


# -- the data sets --------------------------------------------------------------------------------


SHAPES = ("canonical", "handwritten")
"""The file shapes ``generate.py --style`` writes: the same records either way."""


def set_name(count: int, seed: int, style: str = "canonical") -> str:
    """The folder name of a generated data set (``-hw`` for the hand-written shape)."""
    tail = "" if style == "canonical" else "-hw"
    return f"n{count}-s{seed}-v{generate.GENERATOR_VERSION}{tail}"


def dataset(base: Path, count: int, seed: int, log: Any = print, style: str = "canonical") -> Path:
    """The generated data set of ``count`` records in ``style`` (made once, then reused)."""
    root = base / "sets" / set_name(count, seed, style)
    stamp = root / generate.STAMP
    if stamp.exists() and stamp.read_text().strip() == generate.fingerprint(seed, count, style):
        _make_clean(root)
        return root
    if root.exists():
        shutil.rmtree(root)
    log(f"generating {count:,} {style} records in {root} ...")
    stats = generate.generate(root, count, seed, git=True, quiet=True, style=style)
    log(
        f"  done: {stats['bytes'] / 1e6:.0f} MB, write {stats['write_s']:.0f} s, git {stats['git_s']:.0f} s"
    )
    return root


def _make_clean(root: Path) -> None:
    """Put the records back as committed (a run that was killed may have left an edit or an add)."""
    git = ["git", "-C", str(root)]
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "data"], capture_output=True, text=True, check=True
    ).stdout
    if dirty.strip():
        subprocess.run([*git, "checkout", "-q", "--", "data"], check=True)
        subprocess.run([*git, "clean", "-q", "-f", "--", "data"], check=True)


def expected_ids(root: Path) -> list[str]:
    """The ids a ``--country KZ --year 2019`` query must give, read without incidentctl.

    A plain-text reading of the canonical files (which the generator writes): a record matches
    when KZ is among its countries, its date range (date to end_date, each at its own
    precision) overlaps 2019, and it is not withdrawn (reading commands leave those out).
    """
    out = []
    for path in (root / "data" / "incidents").glob("*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^withdrawn:", text, re.M):
            continue
        countries = re.search(r'^countries:\n((?:  - "[A-Z]{2}"\n)+)', text, re.M)
        if not countries or '"KZ"' not in countries.group(1):
            continue
        date = re.search(r'^date: "([0-9-]+)"', text, re.M).group(1)  # type: ignore[union-attr]
        end = re.search(r'^end_date: "([0-9-]+)"', text, re.M)
        first = generate._first_day(date)
        last = max(generate._last_day(end.group(1)) if end else first, generate._last_day(date))
        if first <= dt.date(2019, 12, 31) and last >= dt.date(2019, 1, 1):
            out.append(re.search(r'^id: "([^"]+)"', text, re.M).group(1))  # type: ignore[union-attr]
    return sorted(out)


def pick_record(root: Path) -> Path:
    """A fixed KZ 2019 record (the first by name), so edits touch the query's answer."""
    for path in sorted((root / "data" / "incidents" / "2019").glob("*-kz-*.yaml")):
        return path
    return sorted((root / "data" / "incidents").glob("*/*.yaml"))[0]


STATUS_LINE = re.compile(r"""^status: *(["']?)([a-z]+)\1 *$""", re.M)
"""The status line in either file shape: ``status: "ongoing"`` (canonical) or ``status: ongoing``."""


class StatusEdit:
    """Changes one record's status in place, a different value each time; restores it.

    Works on canonical and hand-written files alike: the quoting of the line is kept."""

    def __init__(self, path: Path):
        self.path = path
        self.original = path.read_bytes()
        self.count = 0

    def __call__(self, _i: int = 0) -> None:
        text = self.path.read_text(encoding="utf-8")
        line = STATUS_LINE.search(text)
        assert line is not None, f"no status line in {self.path}"
        quote, current = line.group(1), line.group(2)
        new = STATUSES[(STATUSES.index(current) + 1) % len(STATUSES)]
        text = text[: line.start()] + f"status: {quote}{new}{quote}" + text[line.end() :]
        self.path.write_text(text, encoding="utf-8")
        self.count += 1

    def restore(self) -> None:
        self.path.write_bytes(self.original)


@contextlib.contextmanager
def one_record_edited(root: Path) -> Iterator[StatusEdit]:
    """A status edit of the fixed record, to call before each run; the file is put back after."""
    edit = StatusEdit(pick_record(root))
    try:
        yield edit
    finally:
        edit.restore()


def forget_derived(root: Path, cache: Path) -> None:
    """Delete every derived file (SPEC §2: <root>/.incidentctl and the XDG cache)."""
    shutil.rmtree(root / ".incidentctl", ignore_errors=True)
    shutil.rmtree(cache / "incidentctl", ignore_errors=True)


# -- one data set ---------------------------------------------------------------------------------


def bench_size(
    runner: Runner,
    root: Path,
    count: int,
    cache: Path,
    repeat: int,
    word: str,
    validate_repeat: int,
    skip: frozenset[str] = frozenset(),
    log: Any = print,
) -> dict[str, Any]:
    log(f"\n== {count:,} records ({root}) ==")
    measures: dict[str, Measure] = {}
    load_before = os.getloadavg()

    def run(name: str, argv: list[str], **kw: Any) -> None:
        if name in skip:
            return
        measures[name] = measure(runner, name, argv, root, kw.pop("repeat", repeat), log=log, **kw)

    run("grep", ["grep", "-rlF", "KZ", "data/incidents"])
    run(
        "cold",
        runner.cli(root, *QUERY),
        before=lambda _i: forget_derived(root, cache),
        warmup=False,
    )
    run("warm_search", runner.cli(root, *QUERY))
    run("warm_fulltext", runner.cli(root, "search", word, "--format", "ids"))
    run("warm_report", runner.cli(root, "report", "--year", "2019", "--format", "json"))
    run("warm_indicator", runner.cli(root, *INDICATOR))
    edit = StatusEdit(pick_record(root))
    try:
        run("edit_then_query", runner.cli(root, *QUERY), before=edit, warmup=True)
    finally:
        edit.restore()
    runner.once(runner.cli(root, *QUERY), root)  # let the index see the restored file
    run(
        "add",
        runner.cli(root, *ADD_ARGS),
        before=lambda _i: _added.snapshot(root),
        after=lambda _i, _o: _added.remove(root),
    )
    run(
        "validate",
        runner.cli(root, "validate"),
        ok_codes=(0, 1),
        repeat=validate_repeat,
        warmup=False,
    )
    with one_record_edited(root) as edit:
        run(
            "validate_changed",
            runner.cli(root, "validate", "--changed", "HEAD"),
            before=edit,
            ok_codes=(0, 1),
        )
    run("version", runner.cli(None, "--version"))
    if count <= SITE_RECORDS:
        with tempfile.TemporaryDirectory(prefix="incidentctl-site-") as tmp:
            run("site", runner.cli(root, "site", str(Path(tmp) / "public")), repeat=min(repeat, 3))

    expected = expected_ids(root)
    answer = measures.get("warm_search")  # None when --skip leaves it out
    correct: bool | None = None
    if answer is not None and answer.ok:
        _, stdout, _ = runner.once(runner.cli(root, *QUERY), root)
        correct = sorted(x for x in stdout.split() if x) == expected
        log(
            f"  answer: {len(expected)} records expected, search {'agrees' if correct else 'DIFFERS'}"
        )
    bar = progress_on_terminal(runner, root, cache) if "cold" not in skip else None
    cold = measures.get("cold")
    quiet_pipe = cold.ok and all(s.stderr_bytes == 0 for s in cold.samples) if cold else None
    log(f"  progress bar on a terminal: {bar}; nothing on stderr when piped: {quiet_pipe}")
    return {
        "records": count,
        "root": str(root),
        "expected_query_hits": len(expected),
        "query_correct": correct,
        "progress_bar_on_terminal": bar,
        "cold_stderr_empty_on_a_pipe": quiet_pipe,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "measures": {k: m.summary() for k, m in measures.items()},
    }


def progress_on_terminal(runner: Runner, root: Path, cache: Path) -> bool | None:
    """Whether a cold build draws its progress bar on a terminal (run under ``script``)."""
    script = shutil.which("script")
    if script is None:
        return None
    forget_derived(root, cache)
    command = " ".join(shlex.quote(a) for a in runner.cli(root, *QUERY))
    with tempfile.NamedTemporaryFile() as typescript:
        subprocess.run(
            [script, "-qec", command, typescript.name],
            env={**runner.env, "TERM": "xterm", "COLUMNS": "100"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=runner.timeout,
            check=False,
        )
        return b"Indexing" in Path(typescript.name).read_bytes()


class _Added:
    """Finds the file an ``add`` created (by listing its year folder) and deletes it."""

    def __init__(self) -> None:
        self.before: set[Path] = set()

    def snapshot(self, root: Path) -> None:
        self.before = set((root / "data" / "incidents" / "2019").glob("*.yaml"))

    def remove(self, root: Path) -> None:
        for path in set((root / "data" / "incidents" / "2019").glob("*.yaml")) - self.before:
            path.unlink()


_added = _Added()


# -- the report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    from importlib import metadata

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    versions: dict[str, str | None] = {}
    for dist in (
        "incidentctl",
        "typer",
        "click",
        "rich",
        "pydantic",
        "pydantic-core",
        "ruamel.yaml",
        "ruamel.yaml.clib",
        "pycountry",
        "rapidfuzz",
        "anyascii",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None

    def first_line(argv: list[str]) -> str:
        try:
            return subprocess.run(
                argv, capture_output=True, text=True, check=False
            ).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "git": first_line(["git", "--version"]),
        "grep": first_line(["grep", "--version"]),
        "packages": versions,
    }


def targets(results: list[dict[str, Any]], add100: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each target of issue 6 at every size, beside the same-run baseline it is measured against."""
    rows = []
    base100 = add100["median_s"] if add100 else None
    for res in results:
        n = res["records"]
        m = res["measures"]

        def med(name: str, m: dict[str, Any] = m) -> float | None:
            return m[name]["median_s"] if name in m else None

        warm, grep, cold = med("warm_search"), med("grep"), med("cold")
        rows.append(
            {
                "records": n,
                "target": "warm search / grep",
                "value": ratio(warm, grep),
                "limit": TARGETS["warm_vs_grep"],
                "unit": "×",
                "detail": _pair(warm, grep, "search", "grep"),
            }
        )
        rows.append(
            {
                "records": n,
                "target": "cold build records/s",
                "value": n / cold if cold else None,
                "limit": TARGETS["cold_records_per_s"],
                "unit": "rec/s",
                "higher": True,
                "detail": _ms(cold, "cold query"),
            }
        )
        edit = med("edit_then_query")
        rows.append(
            {
                "records": n,
                "target": "edit-then-query / warm query",
                "value": ratio(edit, warm),
                "limit": TARGETS["edit_vs_warm"],
                "unit": "×",
                "detail": _pair(edit, warm, "after edit", "warm"),
            }
        )
        add = med("add")
        rows.append(
            {
                "records": n,
                "target": "add / add at 100",
                "value": ratio(add, base100),
                "limit": TARGETS["add_vs_add100"],
                "unit": "×",
                "detail": _pair(add, base100, f"add@{n}", "add@100"),
            }
        )
        indicator, report = med("warm_indicator"), med("warm_report")
        rows.append(
            {
                "records": n,
                "target": "SDG indicator / report",
                "value": ratio(indicator, report),
                "limit": TARGETS["indicator_vs_report"],
                "unit": "×",
                "detail": _pair(indicator, report, "indicator", "report"),
            }
        )
        peaks = {k: v["peak_mb"] for k, v in m.items() if v["peak_mb"] is not None and k != "grep"}
        worst = max(peaks, key=lambda k: peaks[k]) if peaks else None
        rows.append(
            {
                "records": n,
                "target": "peak memory, every command",
                "value": peaks[worst] if worst else None,
                "limit": TARGETS["peak_mb"],
                "unit": "MB",
                "detail": f"highest: {worst}" if worst else "",
            }
        )
        site = med("site")
        if n == SITE_RECORDS:
            rows.append(
                {
                    "records": n,
                    "target": "site, seconds",
                    "value": site,
                    "limit": TARGETS["site_s"],
                    "unit": "s",
                    "detail": "",
                    "at": SITE_RECORDS,
                }
            )
        version = med("version")
        rows.append(
            {
                "records": n,
                "target": "--version",
                "value": version * 1000 if version else None,
                "limit": TARGETS["version_ms"],
                "unit": "ms",
                "detail": "",
            }
        )
    for row in rows:
        value = row["value"]
        row["applies"] = row["records"] == row.get("at", TARGET_RECORDS)
        row["met"] = (
            None
            if value is None
            else (value >= row["limit"] if row.get("higher") else value <= row["limit"])
        )
    return rows


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _ms(value: float | None, label: str) -> str:
    return f"{label} {value * 1000:.0f} ms" if value is not None else ""


def _pair(a: float | None, b: float | None, la: str, lb: str) -> str:
    if a is None or b is None:
        return ""
    return f"{la} {a * 1000:.0f} ms vs {lb} {b * 1000:.0f} ms"


LABELS = {
    "grep": "`grep -rlF KZ data/incidents` (baseline)",
    "cold": "cold first query (no derived data)",
    "warm_search": "warm `search --country KZ --year 2019 --format ids`",
    "warm_fulltext": "warm full-text `search WORD --format ids`",
    "warm_report": "warm `report --year 2019 --format json`",
    "warm_indicator": "warm `report --indicator sdg-16.10.1 --year 2019 --format json`",
    "edit_then_query": "first query after one record is edited",
    "add": "`add` (one record)",
    "validate": "`validate` (whole data set)",
    "validate_changed": "`validate --changed HEAD` (one record edited)",
    "version": "`incidentctl --version`",
    "site": "`site OUT` (the whole public website; index warm)",
}


def markdown(report: dict[str, Any]) -> str:
    mach = report["machine"]
    pk = mach["packages"]
    lines = [
        f"Measured {mach['date']} on {mach['nproc']} CPUs ({mach['cpu']}), {mach['ram_gb']} GB RAM, "
        f"Linux {mach['kernel']}, Python {mach['python']}; incidentctl {pk.get('incidentctl')}, "
        f"ruamel.yaml {pk.get('ruamel.yaml')} (clib {pk.get('ruamel.yaml.clib')}), pydantic {pk.get('pydantic')}, "
        f"typer {pk.get('typer')}, rich {pk.get('rich')}; {mach['grep']}. "
        f"Median of {report['repeat']} runs (validate: {report['validate_repeat']}) per measure; "
        f"full-text word: `{report['word']}`.",
        "",
    ]
    sizes = [r["records"] for r in report["results"]]
    lines.append(
        "| measure | " + " | ".join(f"{n:,} records: median (min–max), peak" for n in sizes) + " |"
    )
    lines.append("|---|" + "---|" * len(sizes))
    for key, label in LABELS.items():
        cells = []
        for res in report["results"]:
            m = res["measures"].get(key)
            if m is None:
                cells.append("–")
            elif m["unavailable"]:
                cells.append("n/a")
            else:
                cells.append(
                    f"{_fmt_s(m['median_s'])} ({_fmt_s(m['min_s'])}–{_fmt_s(m['max_s'])}), {m['peak_mb']:.0f} MB"
                )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if report.get("add100"):
        a = report["add100"]
        cell = (
            "n/a"
            if a["unavailable"]
            else f"{_fmt_s(a['median_s'])} ({_fmt_s(a['min_s'])}–{_fmt_s(a['max_s'])}), {a['peak_mb']:.0f} MB"
        )
        lines.append(
            f"| `add` on a 100-record data set (baseline of the add target) | {cell} |"
            + " |" * (len(sizes) - 1)
        )
    lines += [
        "",
        "| records | target | measured | limit | met | same-run baseline |",
        "|---:|---|---:|---:|:---:|---|",
    ]
    for row in report["targets"]:
        value = (
            "n/a"
            if row["value"] is None
            else f"{row['value']:,.2f} {row['unit']}"
            if row["unit"] in ("×", "s")
            else f"{row['value']:,.0f} {row['unit']}"
        )
        limit = f"{'≥' if row.get('higher') else '≤'} {row['limit']:,g} {row['unit']}"
        if row["met"] is None:
            met = "–"
        elif not row.get("applies", True):
            met = f"({'within' if row['met'] else 'outside'})"
        else:
            met = "yes" if row["met"] else "**no**"
        lines.append(
            f"| {row['records']:,} | {row['target']} | {value} | {limit} | {met} | {row['detail']} |"
        )
    lines.append("")
    lines.append(
        f"The targets are set at {TARGET_RECORDS:,} records; at other sizes the same ratios are "
        "shown in parentheses, for scale only."
    )
    lines.append("")
    for res in report["results"]:
        correct = res["query_correct"]
        lines.append(
            f"- {res['records']:,} records: the query has {res['expected_query_hits']:,} expected hits; "
            f"search {'n/a' if correct is None else 'agrees' if correct else 'DISAGREES'}; "
            f"cold build: progress bar on a terminal {_yes(res.get('progress_bar_on_terminal'))}, "
            f"nothing on stderr through a pipe {_yes(res.get('cold_stderr_empty_on_a_pipe'))}; "
            f"load average {res['loadavg_before'][0]:.2f} before, {res['loadavg_after'][0]:.2f} after."
        )
    return "\n".join(lines) + "\n"


def _yes(value: bool | None) -> str:
    return "n/a" if value is None else "yes" if value else "**no**"


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="comma-separated record counts"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="measured runs per measure (at least 5 for the report)",
    )
    parser.add_argument(
        "--validate-repeat",
        type=int,
        default=None,
        help="runs of the whole-set validate (default: --repeat)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("/work/bench-data"),
        help="where data sets, caches and results live",
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--word", default="extradition", help="the full-text search word")
    parser.add_argument(
        "--incidentctl",
        default=shutil.which("incidentctl") or str(Path(sys.executable).with_name("incidentctl")),
    )
    parser.add_argument("--markdown", type=Path, help="also write the Markdown report here")
    parser.add_argument(
        "--skip", default="", help=f"measures to leave out, comma-separated: {', '.join(LABELS)}"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before one run counts as failed (default 1800)",
    )
    args = parser.parse_args(argv)
    skip = frozenset(s.strip() for s in args.skip.split(",") if s.strip())
    unknown = skip - set(LABELS)
    if unknown:
        parser.error(f"--skip: unknown measure(s) {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    data = args.data.resolve()
    cache = data / "xdg-cache"
    runner = Runner(args.incidentctl, child_env(cache), args.timeout)
    bytecode = compile_bytecode(args.incidentctl)
    # A terminated run still restores the record it edited (the finally blocks run).
    signal.signal(signal.SIGTERM, runner.stop)
    validate_repeat = args.validate_repeat or args.repeat

    roots = {n: dataset(data, n, args.seed) for n in sorted(set([100, *sizes]))}
    log = print
    log(f"incidentctl: {args.incidentctl}")
    add100 = None
    small = roots[100]
    forget_derived(small, cache)
    add100 = measure(
        runner,
        "add@100",
        runner.cli(small, *ADD_ARGS),
        small,
        args.repeat,
        before=lambda _i: _added.snapshot(small),
        after=lambda _i, _o: _added.remove(small),
        log=log,
    )
    results = [
        bench_size(runner, roots[n], n, cache, args.repeat, args.word, validate_repeat, skip, log)
        for n in sizes
    ]
    report = {
        "machine": machine(),
        "bytecode": bytecode,
        "repeat": args.repeat,
        "validate_repeat": validate_repeat,
        "word": args.word,
        "seed": args.seed,
        "add100": add100.summary(),
        "results": results,
    }
    report["targets"] = targets(results, report["add100"] if add100.ok else None)
    save(report, markdown(report), data, "bench", args.markdown)
    return 0


def save(report: dict[str, Any], text: str, data: Path, prefix: str, extra: Path | None) -> Path:
    """Write the report as JSON (every sample) and Markdown under ``<data>/results/``; print it."""
    out_dir = data / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"{prefix}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / f"{prefix}-{stamp}.md").write_text(text, encoding="utf-8")
    if extra:
        extra.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"results: {path}")
    return path


if __name__ == "__main__":
    sys.exit(main())
