"""Time until `causality assess` shows its first question, as a ratio to `python -c "import questionary"`.

Target: within 1.3x. Measured in a real pseudo-terminal (pexpect), minimum of --runs launches for both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import compile_package, timings

TARGET = 1.3


def first_prompt_seconds(causality: str, home: str) -> float:
    env = {**os.environ, "XDG_DATA_HOME": home, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    start = time.perf_counter()
    child = pexpect.spawn(causality, ["assess"], env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.expect("Case identifier")
    seconds = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    compile_package()
    causality = shutil.which("causality", path=str(Path(sys.executable).parent)) or "causality"
    base_min, base_median = timings([sys.executable, "-c", "import questionary"], args.runs)
    with tempfile.TemporaryDirectory() as home:
        first_prompt_seconds(causality, home)  # warm-up
        runs = sorted(first_prompt_seconds(causality, home) for _ in range(args.runs))
    low, median = runs[0], runs[len(runs) // 2]
    print(
        f"python -c 'import questionary'   min {base_min * 1000:6.1f} ms   median {base_median * 1000:6.1f} ms"
    )
    print(f"first prompt of causality assess  min {low * 1000:6.1f} ms   median {median * 1000:6.1f} ms")
    ratio = low / base_min
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"ratio {ratio:.2f}x (medians {median / base_median:.2f}x) {verdict} the target of {TARGET}x")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
