"""A real full filesystem: every file the tool writes is complete or not there, with one line and exit 1.

Each command runs in a mount namespace of its own (``unshare --mount``) where a small tmpfs, filled but for
a few kilobytes, is mounted over a folder of the test: the kernel itself answers "No space left on device"
part-way through a write, as a full disk does. The mount is seen by that command only and vanishes with
it, so nothing needs cleaning up and parallel tests do not meet. Mounting needs root (CI runs as root) or,
elsewhere, unprivileged user namespaces; without either the tests are skipped, saying why.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT

SIZE = 1024 * 1024  # the tmpfs; all but FREE bytes of it are taken by a filler file
FREE = 8192  # less than any output below (checked), more than nothing: a write starts, then fails

# Runs inside the new namespace: mount, fill, run the command, then list what the command left behind
# (the mount, and so the listing's subject, is gone once the shell exits).
SCRIPT = r"""
set -e
mount -t tmpfs -o "size=$SIZE,mode=0777" tmpfs "$FULL"
if [ -n "$BEFORE" ]; then printf '%s' "$BEFORE" > "$FULL/$BEFORE_NAME"; fi
head -c "$FILL" /dev/zero > "$FULL/filler"
set +e
if [ -n "$STDOUT_TO" ]; then "$@" > "$STDOUT_TO"; else "$@"; fi
code=$?
ls -A "$FULL" > "$LISTING"
if [ -n "$BEFORE" ]; then cat "$FULL/$BEFORE_NAME" > "$LISTING.before"; fi
exit $code
"""


@functools.cache
def _namespace() -> list[str] | str:
    """The ``unshare`` prefix that can mount a tmpfs here, or why there is none."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    options = [["unshare", "--mount", "--propagation", "private"]] if os.geteuid() == 0 else []
    options.append(["unshare", "--map-root-user", "--mount", "--propagation", "private"])
    probe = Path(os.environ.get("TMPDIR", "/tmp"))
    for prefix in options:
        proc = subprocess.run(
            [*prefix, "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        if proc.returncode == 0:
            return prefix
        last = proc.stderr.strip()
    who = "as root" if os.geteuid() == 0 else "without root"
    return f"cannot mount a small tmpfs {who} (needs root or user namespaces; CI runs as root): {last}"


@pytest.fixture
def full(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Runs the tool with ``tmp_path/full`` on a filesystem with FREE bytes left; returns the process and
    what was in that folder when the command ended."""
    prefix = _namespace()
    if isinstance(prefix, str):
        pytest.skip(prefix)
    folder = tmp_path / "full"
    folder.mkdir()
    listing = tmp_path / "listing"

    def run(
        *args: str,
        free: int = FREE,
        stdout_to: str = "",
        env: dict[str, str] | None = None,
        before: tuple[str, str] = ("", ""),
    ):  # type: ignore[no-untyped-def]
        environ = {
            **os.environ,
            **(env or {}),
            "FULL": str(folder),
            "SIZE": str(SIZE),
            "FILL": str(SIZE - free),
            "LISTING": str(listing),
            "STDOUT_TO": stdout_to,
            "BEFORE_NAME": before[0],
            "BEFORE": before[1],
        }
        proc = subprocess.run(
            [*prefix, "sh", "-c", SCRIPT, "sh", sys.executable, "-m", "causality", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=environ,
            check=False,
            timeout=120,
        )
        assert listing.exists(), proc.stderr  # the namespace and the mount worked
        run.before = Path(f"{listing}.before").read_text() if before[0] else None  # type: ignore[attr-defined]
        return proc, sorted(listing.read_text().split())

    run.folder = folder  # type: ignore[attr-defined]
    return run


def one_line_exit_1(proc: subprocess.CompletedProcess[str], *said: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    for text in said:
        assert text in proc.stderr, proc.stderr


def normal_size(*args: str) -> int:
    """How large the output is when the disk has room: the test means something only if it exceeds FREE."""
    proc = subprocess.run(
        [sys.executable, "-m", "causality", *args], capture_output=True, cwd=ROOT, check=True, timeout=120
    )
    return len(proc.stdout)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_report_to_a_full_disk_leaves_no_file(full, fmt: str) -> None:  # type: ignore[no-untyped-def]
    case = str(EXAMPLES / "alemtuzumab.yaml")
    assert normal_size("report", case, "--format", fmt) > FREE
    target = full.folder / f"r.{fmt}"
    proc, left = full("report", case, "-o", str(target))
    one_line_exit_1(proc, f"causality report: cannot write {target}: No space left on device")
    assert left == ["filler"], "neither the report nor a temporary file is left"
    assert proc.stdout == ""


def test_report_over_an_earlier_report_on_a_full_disk_keeps_the_earlier_one(full, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The earlier file is replaced only by a complete one: a failed write leaves it as it was."""
    case = str(EXAMPLES / "alemtuzumab.yaml")
    target = full.folder / "r.md"
    earlier = "# An earlier report\n\nKept whole.\n"
    proc, left = full("report", case, "-o", str(target), before=("r.md", earlier))
    one_line_exit_1(proc, f"causality report: cannot write {target}: No space left on device")
    assert left == ["filler", "r.md"]
    assert full.before == earlier
    del tmp_path


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """Three copies of every example: a batch whose output in any format is larger than FREE."""
    folder = tmp_path / "cases"
    folder.mkdir()
    for n in range(3):
        for example in EXAMPLE_FILES:
            shutil.copy(example, folder / f"{n}-{example.name}")
    return folder


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_score_output_to_a_full_disk_leaves_no_file(full, cases: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert normal_size("score", str(cases), "--format", fmt) > FREE
    target = full.folder / f"scores.{fmt}"
    proc, left = full("score", str(cases), "--format", fmt, "-o", str(target))
    one_line_exit_1(
        proc, f"causality score: cannot write {target}: No space left on device; nothing was written"
    )
    assert left == ["filler"]
    assert proc.stdout == ""


def test_a_large_batch_on_two_cores_to_a_full_disk_leaves_no_file(full, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (EXAMPLES / "amoxicillin-rash.yaml").read_text(encoding="utf-8")
    for n in range(450):  # enough for two processes and for the spool to pass a few chunks
        (cases / f"c{n:03}.yaml").write_text(text, encoding="utf-8")
    target = full.folder / "scores.json"
    proc, left = full("score", str(cases), "--format", "json", "--jobs", "2", "-o", str(target))
    one_line_exit_1(proc, f"causality score: cannot write {target}: No space left on device")
    assert left == ["filler"]


def test_score_to_standard_output_on_a_full_disk(full) -> None:  # type: ignore[no-untyped-def]
    """With `>` the shell creates the file, so the tool cannot take it back: it says the output is
    incomplete (exit 1), which is why -o exists."""
    target = full.folder / "scores.json"
    proc, left = full("score", "examples", "--format", "json", stdout_to=str(target))
    one_line_exit_1(proc, "could not write the output: No space left on device; the output is incomplete")
    assert left == ["filler", "scores.json"]


def test_an_example_written_to_a_completely_full_disk_leaves_no_file(full) -> None:  # type: ignore[no-untyped-def]
    target = full.folder / "mine.yaml"
    proc, left = full("examples", "alemtuzumab", "-o", str(target), free=0)
    one_line_exit_1(proc, f"causality examples: cannot write {target}: No space left on device")
    assert left == ["filler"]


def test_the_temporary_spool_on_a_full_disk(full, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A batch too large to keep in memory spools to the temporary folder; when that is full, one line
    says so and no output file appears."""
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (EXAMPLES / "lamotrigine-sjs.yaml").read_text(encoding="utf-8")
    for n in range(500):
        (cases / f"c{n:03}.yaml").write_text(text, encoding="utf-8")
    target = tmp_path / "scores.json"
    proc, left = full(
        "score",
        str(cases),
        "--format",
        "json",
        "--jobs",
        "1",
        "-o",
        str(target),
        env={"TMPDIR": str(full.folder)},
    )
    one_line_exit_1(
        proc,
        f"causality score: cannot keep the scores in the temporary folder {full.folder}: "
        "No space left on device (set TMPDIR to a folder with room); nothing was written",
    )
    assert not target.exists()
    assert left == ["filler"]
