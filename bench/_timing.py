"""Shared timing helper for the benchmarks (not a test: numbers are reported, never asserted in pytest)."""

from __future__ import annotations

import compileall
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def compile_package() -> None:
    """Compile the package's bytecode, as pip does when it installs a wheel.

    An editable install never gets that step, and where PYTHONDONTWRITEBYTECODE is set (it is on the
    project's machines) every run would recompile every module: not what a user's install does.
    """
    package = Path(__file__).resolve().parent.parent / "causality"
    compileall.compile_dir(str(package), quiet=1)


def timings(command: Sequence[str], runs: int, cwd: str | None = None) -> tuple[float, float]:
    """(minimum, median) wall time of ``command`` over ``runs`` runs, after one warm-up run.

    The minimum is the cost with the least interference from other work on the machine (what
    `timeit` recommends); the median shows how noisy the machine was.
    """
    subprocess.run(command, capture_output=True, check=True, cwd=cwd)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)
