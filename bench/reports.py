"""Batch reports: `causality report CASES/ -o DIR/` (one call) against one `causality report` call per case.

Targets: 100 HTML reports in one call take at most 1/5 of the time of 100 calls, 100 PDF reports at most
1/2 (median of the ratios of alternating runs, each run into a fresh folder). Run with `make bench`, or
alone: python bench/reports.py [--reports N] [--runs N] [--no-pdf].
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Row, alternate, install, print_table, ratio_row, run, run_each

TARGETS = {"html": 1 / 5, "pdf": 1 / 2}


def cases(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the alemtuzumab example, each with its own case_id (so its own report)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "examples" / "alemtuzumab.yaml").read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"case-{n:04d}.yaml"
        path.write_text(re.sub(r"(?m)^case_id: .*$", f"case_id: BENCH-{n:04d}", text), encoding="utf-8")
        paths.append(path)
    return paths


def rows(bin_dir: Path, work: Path, reports: int, runs: int, formats: tuple[str, ...]) -> list[Row]:
    causality = str(bin_dir / "causality")
    folder = work / f"report-cases-{reports}"
    paths = cases(folder, reports)
    fresh = iter(range(1_000_000))

    def out() -> Path:  # a new folder for every run: a batch never replaces reports without --force
        path = work / f"reports-{next(fresh)}"
        path.mkdir()
        return path

    result = []
    for fmt in formats:

        def separate(fmt: str = fmt) -> object:
            target = out()
            return run_each(
                [[causality, "report", str(p), "-o", str(target / f"{p.stem}.{fmt}")] for p in paths]
            )

        def batch(fmt: str = fmt) -> object:
            return run([causality, "report", str(folder), "-o", f"{out()}/", "--format", fmt, "--quiet"])

        c = alternate(
            f"{reports} {fmt.upper()} reports: one call vs {reports} calls",
            separate,  # type: ignore[arg-type]
            batch,  # type: ignore[arg-type]
            runs,
        )
        result.append(ratio_row(c, round(TARGETS[fmt], 2)))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100, help="cases per batch")
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs per comparison")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only (PDF needs the [pdf] extra)")
    args = parser.parse_args()
    formats = ("html",) if args.no_pdf else ("html", "pdf")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        table = rows(install(work, "" if args.no_pdf else "pdf"), work, args.reports, args.runs, formats)
    print(f"Alternating runs (100 calls, one call, ...) after one warm-up each; {args.runs} pairs.")
    print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
