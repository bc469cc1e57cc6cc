"""Exports: what `causality export` costs, and that having the fhir extra installed does not slow `score`.

The tool is installed twice, with and without the fhir extra. Targets: `score` (one file) with the extra
within 1.1x of `score` without it (nothing of the exports is imported; only the scan of the installed
packages for instruments sees a few more); `export --format e2b-r3` (standard library only) within 1.5x
of `score`; `export --format fhir-r5` within 5x of `score`: fhir.resources takes about 0.17 s to import
and about 0.11 s for its first validation (it builds its models on first use), which only this command
pays. Run alone: python bench/export.py [--runs N].
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Row, alternate, install, print_table, ratio_row, run

EXTRAS = "fhir"


def rows(plain_bin: Path, bin_dir: Path, runs: int) -> list[Row]:
    """``plain_bin``: the tool without the fhir extra; ``bin_dir``: with it."""
    causality = str(bin_dir / "causality")
    example = str(ROOT / "examples" / "alemtuzumab.yaml")
    score = [causality, "score", example]
    result = []
    for label, baseline, command, target in (
        ("score (one file): fhir extra installed vs not", [str(plain_bin / "causality"), "score", example],
         score, 1.1),
        ("export e2b-r3 (one file) vs score", score, [causality, "export", example, "-f", "e2b-r3"], 1.5),
        ("export fhir-r5 (one file) vs score", score, [causality, "export", example, "-f", "fhir-r5"], 5.0),
    ):  # fmt: skip
        c = alternate(label, lambda b=baseline: run(b), lambda c=command: run(c), runs)  # type: ignore[misc]
        result.append(ratio_row(c, target))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="pairs of runs per comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "plain").mkdir()
        (Path(tmp) / "fhir").mkdir()
        table = rows(install(Path(tmp) / "plain"), install(Path(tmp) / "fhir", EXTRAS), args.runs)
    print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
