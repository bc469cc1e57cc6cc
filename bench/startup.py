"""Start-up: `causality --help` and scoring one file, each against `python -c "import click"`.

Targets: --help within 1.2x, `score examples/alemtuzumab.yaml` within 1.5x (median of the ratios of
alternating runs). Run with `make bench`, or alone: python bench/startup.py [--runs N].
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Row, alternate, install, print_table, ratio_row, run


def rows(bin_dir: Path, runs: int) -> list[Row]:
    python, causality = str(bin_dir / "python"), str(bin_dir / "causality")
    example = str(ROOT / "examples" / "alemtuzumab.yaml")
    result = []
    for label, command, target in (
        ("causality --help vs import click", [causality, "--help"], 1.2),
        ("causality score (one file) vs import click", [causality, "score", example], 1.5),
    ):
        c = alternate(label, lambda: run([python, "-c", "import click"]), lambda c=command: run(c), runs)  # type: ignore[misc]
        result.append(ratio_row(c, target))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="pairs of runs per comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = rows(install(Path(tmp)), args.runs)
    print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
