"""`causality score` over many files: streamed output, the nothing-on-a-bad-file contract, worker processes,
output errors, the progress bar, and memory that does not grow with the number of files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

import pexpect
import pytest

from causality import batch
from causality.casefile import find_files
from causality.errors import Problem
from tests.conftest import EXAMPLES
from tests.test_yaml_and_batch import make_cases

FORMATS = ["table", "json", "jsonl", "csv"]


def run(*args: str, stdout: IO[bytes] | int = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "causality", "score", *args]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, check=False)


def test_a_bad_file_last_in_a_folder_prints_nothing_on_stdout(tmp_path: Path) -> None:
    paths = make_cases(tmp_path, 450)  # enough for worker processes
    (tmp_path / "zzz-last.yaml").write_text("case_id: Z\ndrug: d\nnaranjo: {q1: perhaps}\n", encoding="utf-8")
    for jobs in ("1", "2"):
        proc = run(str(tmp_path), "--format", "jsonl", "--jobs", jobs)
        assert proc.returncode == 2
        assert proc.stdout == b""
        assert proc.stderr.decode().splitlines() == [
            f"{tmp_path / 'zzz-last.yaml'}: reaction: required field is missing",
            f"{tmp_path / 'zzz-last.yaml'}: naranjo.q1: 'perhaps' is not allowed (allowed: yes, no, unknown)",
        ]
    assert paths  # the good files were there


def test_a_missing_path_after_good_files_prints_nothing(tmp_path: Path) -> None:
    make_cases(tmp_path, 5)
    proc = run(str(tmp_path), str(tmp_path / "nowhere.yaml"))
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert proc.stderr.decode() == f"{tmp_path / 'nowhere.yaml'}: no such file or folder\n"


def test_jsonl_holds_the_same_objects_as_the_json_array() -> None:
    array = json.loads(batch.score_paths([str(EXAMPLES)], "json"))
    lines = batch.score_paths([str(EXAMPLES)], "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == array
    assert len(lines) == len(array) > 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_processes_give_the_same_bytes_as_one(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "a").mkdir()
    make_cases(tmp_path / "a", 430)
    shutil.copytree(EXAMPLES, tmp_path / "b")  # the examples/agreement/ folder with them
    one = run(str(tmp_path), "--format", fmt, "--jobs", "1")
    two = run(str(tmp_path), "--format", fmt, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and len(one.stdout) > 100_000


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_spooled_to_disk_is_the_same(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    in_memory = batch.score_paths([str(EXAMPLES)], fmt)
    monkeypatch.setattr(batch, "SPOOL_IN_MEMORY", 1000)
    assert batch.score_paths([str(EXAMPLES)], fmt) == in_memory


def test_files_are_found_as_find_files_finds_them(tmp_path: Path) -> None:
    for name in ("b/2.yaml", "b/1.JSON", "a.yml", ".hidden/x.yaml", "b/.h.yaml", "b/c/d.yaml", "note.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    paths = [str(tmp_path), f"{tmp_path}/./b/", str(tmp_path / "note.txt"), str(tmp_path / "empty"), "nope"]
    problems: list[Problem] = []
    lazily = list(batch._case_files(paths, problems))
    files, expected = find_files(paths)
    assert lazily == [str(f) for f in files]
    assert problems == expected


def test_a_closed_pipe_is_one_line_and_exit_1(tmp_path: Path) -> None:
    make_cases(tmp_path, 300)
    proc = subprocess.Popen(
        [sys.executable, "-m", "causality", "score", str(tmp_path), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # as `head` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == "causality score: the program reading the output stopped early; the output is incomplete\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_1() -> None:
    with Path("/dev/full").open("wb") as full:
        proc = run(str(EXAMPLES), stdout=full)
    assert proc.returncode == 1
    assert proc.stderr.decode() == (
        "causality score: could not write the output: No space left on device; the output is incomplete\n"
    )


def test_no_progress_bar_when_standard_error_is_not_a_terminal(tmp_path: Path) -> None:
    make_cases(tmp_path, batch.PROGRESS_FROM + 50)
    proc = run(str(tmp_path), "--format", "csv")
    assert proc.returncode == 0 and proc.stderr == b""


def _score_in_a_terminal(folder: Path, *options: str) -> str:
    # Standard error on a pseudo-terminal, the output to a file, as `causality score DIR > out.csv` runs.
    command = f'"{sys.executable}" -m causality score "{folder}" {" ".join(options)} > /dev/null'
    child = pexpect.spawn("/bin/sh", ["-c", command], env={**os.environ, "TERM": "xterm"}, encoding="utf-8")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    return str(child.before)


def test_progress_bar_on_a_terminal_unless_quiet(tmp_path: Path) -> None:
    make_cases(tmp_path, batch.PROGRESS_FROM + 50)
    done = f"{batch.PROGRESS_FROM + 50}/{batch.PROGRESS_FROM + 50}"
    shown = _score_in_a_terminal(tmp_path, "--format", "csv")
    assert done in shown and "files/s" in shown
    assert _score_in_a_terminal(tmp_path, "--format", "csv", "--quiet") == ""
    # With no option at all, `causality score` starts without the command-line parser: the same bar.
    shown = _score_in_a_terminal(tmp_path)
    assert done in shown and "files/s" in shown


def _peak_rss_kib(folder: Path, jobs: str) -> int:
    # A fresh process measures only its own children: RUSAGE_CHILDREN keeps the largest ever waited for.
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    command = [sys.executable, "-c", code, sys.executable, "-m", "causality", "score", str(folder)]
    proc = subprocess.run([*command, "--format", "json", "--jobs", jobs], capture_output=True, check=True)
    return int(proc.stdout)


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    for name, count in (("small", 2000), ("large", 8000)):
        (tmp_path / name).mkdir()
        make_cases(tmp_path / name, count)
    for jobs in ("1", "2"):
        small = _peak_rss_kib(tmp_path / "small", jobs)
        large = _peak_rss_kib(tmp_path / "large", jobs)
        print(
            f"peak RSS with --jobs {jobs}: 2,000 files {small / 1024:.0f} MiB, 8,000 {large / 1024:.0f} MiB"
        )
        assert large - small < 30 * 1024, (jobs, small, large)
        assert large < 150 * 1024, (jobs, large)


def test_one_case_on_standard_input() -> None:
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    text = (EXAMPLES / "digoxin-toxicity.yaml").read_text(encoding="utf-8")
    piped = subprocess.run([sys.executable, "-m", "causality", "score", "-", "--format", "csv"], input=text,
                           capture_output=True, text=True, check=True)  # fmt: skip
    named = subprocess.run(
        [sys.executable, "-m", "causality", "score", str(EXAMPLES / "digoxin-toxicity.yaml"), "--format", "csv"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # The same row, but for the file column, which says "-" for standard input.
    assert piped.stdout.splitlines()[1].split(",")[2:] == named.stdout.splitlines()[1].split(",")[2:]
    assert piped.stdout.splitlines()[1].split(",")[1] == "-"
    bad = subprocess.run([sys.executable, "-m", "causality", "score", "-"], input="case_id: [x\n",
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.startswith("-: line ")
