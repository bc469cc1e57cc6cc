"""Scoring throughput: `causality score DIR --format json` over generated case files, in cases per second.

Target: at least 3,000 cases per second on a 2-core machine (median of --repeat runs; the machines
are shared, single runs vary by about 15%). Files are interchange shorthand with
answers drawn at random (fixed seed), half of them with WHO-UMC inputs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import compile_package

TARGET = 3000.0
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


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(count):
        lines = [f"case_id: BENCH-{n:05d}", "drug: drug-a", "reaction: reaction-b", "naranjo:"]
        lines += [f"  q{i}: {rng.choice(ANSWERS)}" for i in range(1, 11) if rng.random() < 0.8]
        if n % 2:
            lines.append("who_umc:")
            lines += [f"  {key}: {rng.choice(values)}" for key, values in WHO.items()]
        (folder / f"case-{n:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median rate is judged")
    args = parser.parse_args()
    compile_package()
    causality = shutil.which("causality", path=str(Path(sys.executable).parent)) or "causality"
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.cases)
        for _ in range(args.repeat):
            start = time.perf_counter()
            command = [causality, "score", str(folder), "--format", "json"]
            proc = subprocess.run(command, capture_output=True, check=True)
            seconds = time.perf_counter() - start
            scored = len(json.loads(proc.stdout))
            assert scored == args.cases, scored
            rates.append(scored / seconds)
            print(f"scored {scored} case files in {seconds:.2f} s: {scored / seconds:,.0f} cases/s")
    rate = statistics.median(rates)
    verdict = "meets" if rate >= TARGET else "MISSES"
    print(f"median {rate:,.0f} cases/s {verdict} the target of {TARGET:,.0f} (on {os.cpu_count()} CPUs)")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
