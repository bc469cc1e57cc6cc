"""Start-up cost of `causality --help` and of scoring one file, as a ratio to `python -c "import click"`.

Target: under 2x, comparing minimum times (see `_timing.timings`). Run with `make bench`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import compile_package, timings

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    compile_package()
    causality = shutil.which("causality", path=str(Path(sys.executable).parent)) or "causality"
    base_min, base_median = timings([sys.executable, "-c", "import click"], args.runs)
    label = "baseline: python -c import click"
    print(f"{label:<34} min {base_min * 1000:6.1f} ms   median {base_median * 1000:6.1f} ms")
    worst = 0.0
    for label, command in (
        ("causality --help", [causality, "--help"]),
        ("causality score (one file)", [causality, "score", str(ROOT / "examples" / "alemtuzumab.yaml")]),
    ):
        low, median = timings(command, args.runs)
        worst = max(worst, low / base_min)
        print(
            f"{label:<34} min {low * 1000:6.1f} ms   median {median * 1000:6.1f} ms   "
            f"ratio {low / base_min:4.2f}x (medians {median / base_median:4.2f}x)"
        )
    verdict = "meets" if worst < TARGET else "MISSES"
    print(f"worst ratio {worst:.2f}x {verdict} the target of {TARGET}x")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
