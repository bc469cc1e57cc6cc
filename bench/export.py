"""Exports: what `causality export` costs, and that having the fhir extra installed does not slow `score`.

The tool is installed with the fhir extra. Targets: `score` (one file) within 1.5x of `import click`, as
without the extra; `export --format e2b-r3` (standard library only) within 1.5x of `score`; `export
--format fhir-r5` within 4x of `score` (fhir.resources and pydantic load only for this command: about
0.3 s of import, then the validation). Run alone: python bench/export.py [--runs N].
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Row, alternate, install, print_table, ratio_row, run

EXTRAS = "fhir"


def rows(bin_dir: Path, runs: int) -> list[Row]:
    python, causality = str(bin_dir / "python"), str(bin_dir / "causality")
    example = str(ROOT / "examples" / "alemtuzumab.yaml")
    score = [causality, "score", example]
    result = []
    for label, baseline, command, target in (
        ("score (one file), fhir extra installed, vs import click", [python, "-c", "import click"], score, 1.5),
        ("export e2b-r3 (one file) vs score", score, [causality, "export", example, "-f", "e2b-r3"], 1.5),
        ("export fhir-r5 (one file) vs score", score, [causality, "export", example, "-f", "fhir-r5"], 4.0),
    ):
        c = alternate(label, lambda b=baseline: run(b), lambda c=command: run(c), runs)  # type: ignore[misc]
        result.append(ratio_row(c, target))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="pairs of runs per comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = rows(install(Path(tmp), EXTRAS), args.runs)
    print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
