"""Time until `causality assess` shows its first question, against a bare questionary prompt.

Target: within 1.15x (median of the ratios of alternating runs). Both sides run the same way: in a
pseudo-terminal of 80x24 (pexpect), from the installed wheel's environment, each run with a data folder
of its own (so no draft from an earlier run is offered) as its working folder (not the source tree),
timed from launch to the question's text.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import Row, Sample, alternate, install, print_table, ratio_row

QUESTION = "Case identifier"
BARE = f"import questionary\nquestionary.text({QUESTION!r}).unsafe_ask()\n"


def first_prompt(command: str, args: list[str], work: Path) -> Sample:
    home = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "XDG_DATA_HOME": str(home), "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    start = time.perf_counter()
    child = pexpect.spawn(
        command, args, env=env, dimensions=(24, 80), encoding="utf-8", timeout=30, cwd=str(home)
    )
    child.expect(QUESTION)
    seconds = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return Sample(seconds)


def rows(bin_dir: Path, work: Path, runs: int) -> list[Row]:
    bare = work / "bare_prompt.py"
    bare.write_text(BARE, encoding="utf-8")
    c = alternate(
        "first prompt of causality assess vs a bare questionary prompt (pty)",
        lambda: first_prompt(str(bin_dir / "python"), [str(bare)], work),
        lambda: first_prompt(str(bin_dir / "causality"), ["assess"], work),
        runs,
    )
    row = ratio_row(c, 1.15)
    row.peak = "-"
    return [row]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="pairs of runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = rows(install(Path(tmp)), Path(tmp), args.runs)
    print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
