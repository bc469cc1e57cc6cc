"""Shared harness for the benchmarks (not a test: numbers are reported, never asserted in pytest).

Rules every comparison follows, because the machines are shared and noisy:
- the tool runs from a wheel built from a clean copy of the source and installed in a fresh virtual
  environment (pip compiles its bytecode, as a user's install has it), never from the source tree, an
  editable install or a stale build folder;
- every command runs from a folder outside the source tree, so that ``python -c`` and the scripts import
  the installed copy only;
- the two sides of a comparison run alternately (A B A B ...) under the same conditions, after one
  warm-up run of each;
- each pair gives one ratio; the median ratio is judged, and its minimum and maximum are shown;
- peak memory is each run's own maximum resident set (os.wait4), the largest process of the run.
"""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Sample:
    seconds: float
    peak_kib: int = 0
    cpu: float = 0.0  # user + system seconds of the run and the workers it waited for


def install(work: Path, extras: str = "") -> Path:
    """Build the wheel, install it in a fresh virtual environment under ``work`` (with ``extras``, e.g.
    "pdf"); return its bin folder.

    The wheel is built from a clean copy of the source: setuptools builds in place and keeps build/lib
    between builds, so a module deleted or renamed since the last build would still ship and be timed.
    """
    import shutil

    source, dist = work / "source", work / "dist"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"))  # fmt: skip
    pip = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--wheel-dir",
        str(dist),
        str(source),
    ]
    subprocess.run(pip, check=True)
    (wheel,) = dist.glob("adr_causality-*.whl")
    env = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    # pip compiles the bytecode of what it installs even where PYTHONDONTWRITEBYTECODE is set.
    target = f"{wheel}[{extras}]" if extras else str(wheel)
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", target], check=True)
    return env / "bin"


@functools.cache
def neutral_folder() -> str:
    """An empty folder to run every command from: from the source tree, ``python -c`` (the baselines)
    would search it first for every module it imports, and could import the package from it."""
    import tempfile

    return tempfile.mkdtemp(prefix="bench-cwd-")


def run(command: Sequence[str], cwd: str | None = None, env: dict[str, str] | None = None) -> Sample:
    """Wall time and peak memory of one run, standard output discarded (as a redirect to a file)."""
    cwd = cwd or neutral_folder()
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    # wait4 gives this child's own rusage; its ru_maxrss is the largest of it and the workers it waited for.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return Sample(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


def run_each(commands: Sequence[Sequence[str]]) -> Sample:
    """One after the other, as a user's loop runs them: the total time and CPU, the largest peak."""
    samples = [run(c) for c in commands]
    return Sample(
        sum(s.seconds for s in samples), max(s.peak_kib for s in samples), sum(s.cpu for s in samples)
    )


@dataclass
class Comparison:
    label: str
    baseline: list[Sample] = field(default_factory=list)
    tool: list[Sample] = field(default_factory=list)

    def ratios(self, speedup: bool = False) -> list[float]:
        """tool / baseline per pair; with ``speedup``, baseline / tool."""
        pairs = zip(self.baseline, self.tool, strict=True)
        return [b.seconds / t.seconds if speedup else t.seconds / b.seconds for b, t in pairs]


def alternate(
    label: str, baseline: Callable[[], Sample], tool: Callable[[], Sample], runs: int
) -> Comparison:
    """A B A B ...: each pair of runs sees the same state of the machine."""
    baseline()
    tool()
    result = Comparison(label)
    for _ in range(runs):
        result.baseline.append(baseline())
        result.tool.append(tool())
    return result


def ms(samples: Sequence[Sample]) -> str:
    values = [s.seconds * 1000 for s in samples]
    return f"{statistics.median(values):7.1f} ({min(values):.0f}-{max(values):.0f})"


def peak_mib(samples: Sequence[Sample]) -> float:
    return max(s.peak_kib for s in samples) / 1024


@dataclass
class Row:
    what: str
    baseline: str
    tool: str
    ratio: str
    peak: str
    target: str
    met: bool
    cpu: str = "-"

    def cells(self) -> tuple[str, ...]:
        met = "yes" if self.met else "NO"
        return (self.what, self.baseline, self.tool, self.ratio, self.cpu, self.peak, self.target, met)


def ratio_row(c: Comparison, target: float, at_most: bool = True) -> Row:
    """``at_most``: the tool's time over the baseline's must not exceed ``target``; otherwise the
    baseline's over the tool's (a speed-up) must reach it."""
    r = c.ratios(speedup=not at_most)
    median = statistics.median(r)
    # CPU time says how much work each side did, which other programs on a shared machine change less
    # than the wall time; a speed-up from a second process shows in wall time only.
    cpu = "-"
    if all(s.cpu for s in c.baseline + c.tool) and at_most:
        cpu_ratios = [t.cpu / b.cpu for b, t in zip(c.baseline, c.tool, strict=True)]
        cpu = f"{statistics.median(cpu_ratios):.2f}x ({min(cpu_ratios):.2f}-{max(cpu_ratios):.2f})"
    return Row(
        c.label,
        ms(c.baseline),
        ms(c.tool),
        f"{median:.2f}x ({min(r):.2f}-{max(r):.2f})",
        f"{peak_mib(c.tool):.0f}",
        f"{'<=' if at_most else '>='} {target}x",
        median <= target if at_most else median >= target,
        cpu,
    )


HEADER = ("what", "baseline ms median (min-max)", "tool ms median (min-max)", "ratio median (min-max)",
          "CPU-time ratio", "peak MiB", "target", "met")  # fmt: skip


def print_table(rows: Sequence[Row], header: Sequence[str] = HEADER) -> None:
    lines = [tuple(header), *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print(" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    sys.stdout.flush()
