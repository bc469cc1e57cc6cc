"""Batch scoring: time against a floor, the second core's speed-up, and peak memory as batches grow.

The floor is one process that reads the same files with libyaml and sums Naranjo points: what any
scorer must at least do. Files are mixed: one-pair shorthand with answers drawn at random (fixed seed),
half with WHO-UMC inputs, and every 20th file one of the full example cases (YAML or JSON).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Row, alternate, install, print_table, ratio_row, run

ANSWERS = ("yes", "no", "unknown")
WHO = {
    "info_status": ("adequate", "pending"),
    "timing": ("plausible", "reasonable", "improbable_not_impossible", "unknown"),
    "alternatives": ("excluded", "unlikely", "possible", "plausible_explanation"),
    "dechallenge": (
        "positive_plausible",
        "positive_clinically_reasonable",
        "negative",
        "not_done_or_unclear",
    ),
}

FLOOR = r"""
import json, os, sys
import yaml
POINTS = {"q1": (1, 0), "q2": (2, -1), "q3": (1, 0), "q4": (2, -1), "q5": (-1, 2), "q6": (-1, 1),
          "q7": (1, 0), "q8": (1, 0), "q9": (1, 0), "q10": (1, 0)}
def points(data):
    if isinstance(data, dict):
        if "q1" in data or "q2" in data:
            return sum(POINTS[k][0] if v == "yes" else POINTS[k][1] if v == "no" else 0
                       for k, v in data.items() if k in POINTS)
        return sum(points(v) for v in data.values())
    if isinstance(data, list):
        return sum(points(v) for v in data)
    return 0
total = 0
for root, dirs, names in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(names):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            text = f.read()
        data = json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=yaml.CBaseLoader)
        total += points(data)
print(total)
"""

FORMATS_JOBS1 = ("json", "jsonl", "csv")
FORMATS_JOBS2 = ("json", "csv")  # the speed-up target holds for both


def generate(folder: Path, count: int, seed: int = 7) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json"))
    for n in range(count):
        if n % 20 == 19:
            example = examples[(n // 20) % len(examples)]
            shutil.copyfile(example, folder / f"case-{n:07d}{example.suffix}")
            continue
        lines = [f"case_id: BENCH-{n:07d}", "drug: drug-a", "reaction: reaction-b", "naranjo:"]
        lines += [f"  q{i}: {rng.choice(ANSWERS)}" for i in range(1, 11) if rng.random() < 0.8]
        if n % 2:
            lines.append("who_umc:")
            lines += [f"  {key}: {rng.choice(values)}" for key, values in WHO.items()]
        (folder / f"case-{n:07d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def rows(bin_dir: Path, work: Path, files: int, runs: int) -> list[Row]:
    folder = work / f"cases-{files}"
    generate(folder, files)
    python, causality = str(bin_dir / "python"), str(bin_dir / "causality")
    floor = work / "floor.py"
    floor.write_text(FLOOR, encoding="utf-8")

    def score(fmt: str, jobs: int) -> list[str]:
        return [causality, "score", str(folder), "--format", fmt, "--jobs", str(jobs)]

    result = []
    for fmt in FORMATS_JOBS1:
        c = alternate(
            f"score {files:,} files --format {fmt} --jobs 1 vs floor",
            lambda: run([python, str(floor), str(folder)]),
            lambda fmt=fmt: run(score(fmt, 1)),  # type: ignore[misc]
            runs,
        )
        result.append(ratio_row(c, 2.0))
    for fmt in FORMATS_JOBS2:
        c = alternate(
            f"score {files:,} files --format {fmt}: --jobs 2 speed-up over --jobs 1",
            lambda fmt=fmt: run(score(fmt, 1)),  # type: ignore[misc]
            lambda fmt=fmt: run(score(fmt, 2)),  # type: ignore[misc]
            runs,
        )
        result.append(ratio_row(c, 1.7, at_most=False))
    return result


def scaling(bin_dir: Path, work: Path, sizes: list[int], runs: int) -> None:
    """Time and peak memory as the batch grows, with one and with two processes (alternating)."""
    import statistics

    causality = str(bin_dir / "causality")
    print(
        f"\nScaling ({runs} pairs of alternating runs, --jobs 1 and --jobs 2; median (min-max); "
        "speed-up: median of the pairs' --jobs 1 / --jobs 2; peak RSS of the largest process)"
    )
    lines = [("files", "format", "--jobs 1 s", "--jobs 2 s", "speed-up", "files/s (2)", "peak MiB (1 / 2)")]

    def spread(values: list[float], digits: int = 2) -> str:
        return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"

    for size in sizes:
        folder = work / f"scale-{size}"
        generate(folder, size)
        for fmt in ("json", "csv"):
            command = [causality, "score", str(folder), "--format", fmt, "--jobs"]
            c = alternate(f"{size} {fmt}", partial(run, [*command, "1"]), partial(run, [*command, "2"]), runs)
            one = [s.seconds for s in c.baseline]
            two = [s.seconds for s in c.tool]
            lines.append(
                (
                    f"{size:,}",
                    fmt,
                    spread(one),
                    spread(two),
                    spread(c.ratios(speedup=True)),
                    f"{size / statistics.median(two):,.0f}",
                    f"{statistics.median(s.peak_kib / 1024 for s in c.baseline):.0f} / "
                    f"{statistics.median(s.peak_kib / 1024 for s in c.tool):.0f}",
                )
            )
        shutil.rmtree(folder)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print(" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20_000, help="files for the time comparisons")
    parser.add_argument("--runs", type=int, default=5, help="pairs of runs per comparison")
    parser.add_argument(
        "--large",
        action="store_true",
        help="add 1,000,000 files to the scaling table",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bin_dir = install(work)
        table = rows(bin_dir, work, args.files, args.runs)
        print_table(table)
        scaling(bin_dir, work, [1_000, 10_000, 100_000, *([1_000_000] if args.large else [])], 3)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
