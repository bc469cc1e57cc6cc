"""`make bench`: every comparison in one table, with its target, then the scaling table.

python bench/run.py [--runs N] [--files N] [--large] [--reports N]; each part also runs alone
(startup.py, first_prompt.py, throughput.py, reports.py). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import first_prompt
import reports
import startup
import throughput
from _timing import install, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="pairs of runs for the start-up comparisons")
    parser.add_argument("--batch-runs", type=int, default=5, help="pairs of runs for the batch comparisons")
    parser.add_argument("--files", type=int, default=20_000, help="files for the batch comparisons")
    parser.add_argument(
        "--large",
        action="store_true",
        help="add 1,000,000 files to the scaling table",
    )
    parser.add_argument("--reports", type=int, default=100, help="cases for the batch-report comparisons")
    parser.add_argument("--report-runs", type=int, default=3, help="pairs of runs for the batch reports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bin_dir = install(work, "pdf")  # the PDF extra for the batch-report comparison
        table = startup.rows(bin_dir, args.runs)
        table += first_prompt.rows(bin_dir, work, args.runs)
        table += throughput.rows(bin_dir, work, args.files, args.batch_runs)
        table += reports.rows(bin_dir, work, args.reports, args.report_runs, ("html", "pdf"))
        print(
            f"Alternating runs (A B A B ...) after one warm-up each; {args.runs} pairs for start-up, "
            f"{args.batch_runs} for batches. Ratio: tool / baseline per pair (speed-up: --jobs 1 / --jobs 2)."
        )
        print_table(table)
        throughput.scaling(bin_dir, work, [1_000, 10_000, 100_000, *([1_000_000] if args.large else [])], 3)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
