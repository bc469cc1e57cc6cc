"""Review 5 findings: the fixes of review 4 (causality.launch, casefile.iter_case_files, batch.write_stdout,
boundary._say) and what is next to them: output paths, unreadable paths, closed streams, Ctrl-C. Each test
fails while its defect is there; its docstring says how to reproduce it by hand and how severe it is.

As in tests/test_review4_findings.py, tests that need a path this process cannot read start the command
without root's right to override file modes (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from the
child's bounding set), which is what an ordinary user sees; they are skipped only where that does not work.
Tests that need a device node make one with mknod in their temporary folder (root only), never touch /dev.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests import child
from tests.conftest import EXAMPLES, ROOT

CASE = EXAMPLES / "alemtuzumab.yaml"


def _with_case_and_output(command: str) -> list[str]:
    """The arguments of ``command`` for one case file ``a.yaml`` written with ``-o out``."""
    return {
        "score": ["score", "a.yaml", "--format", "csv", "-o", "out"],
        "report": ["report", "a.yaml", "--format", "md", "-o", "out"],
        "export": ["export", "a.yaml", "--format", "e2b-r3", "-o", "out"],
    }[command]


@pytest.mark.parametrize("command", ["score", "report", "export"])
def test_output_onto_a_device_does_not_replace_the_device_with_a_file(command: str, tmp_path: Path) -> None:
    """HIGH (pre-existing; score, report, export). `-o` naming a device writes a temporary file beside it
    and renames it over the device node (causality.atomic.open_atomic): the device is gone, a 0600 regular
    file holding the output is in its place. Run as root (as this tool is in containers and CI) the everyday
    `causality score cases/ -o /dev/null` (to check a batch without keeping the scores) replaces the
    system's /dev/null with a file only root may use, which breaks every other program on the machine until
    a reboot; as an ordinary user the same command fails with "cannot write /dev/null: Permission denied",
    which is not true either. The input side already refuses devices ("a device, not a case file: it is not
    read"); the output side should write to the device or refuse it, never replace it.

    Reproduce safely (root): `mknod nulldev c 1 3; causality score x.yaml -o nulldev; ls -l nulldev` shows
    `-rw------- ... nulldev` instead of `crw-...`. Do NOT try it on /dev/null."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    shutil.copy(CASE, tmp_path / "a.yaml")
    device = tmp_path / "out"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    child.run_entry("launch", _with_case_and_output(command), tmp_path)
    assert stat.S_ISCHR(device.lstat().st_mode), "the device node was replaced by a regular file"


@pytest.mark.parametrize("command", ["score", "report", "export"])
def test_output_onto_a_named_pipe_does_not_hang(command: str, tmp_path: Path) -> None:
    """HIGH (pre-existing; score, report, export). `-o` naming a pipe hangs for ever: before writing, the
    output check (report.render.holds_a_case, "is the target a case file?") reads the existing target whole,
    and a pipe with nobody writing never ends. The same read makes `-o /dev/stdout` (a pipe or a terminal),
    bash's `-o >(gzip > scores.csv.gz)` and `-o /dev/zero` hang; with /dev/zero (or /dev/full, /dev/urandom)
    it reads until memory runs out (here 24 GB, ended by the kernel's OOM killer). Expected: a pipe or
    device is not read as a possible case file (as `not_regular` already decides for inputs), and the
    command finishes.

    Reproduce: `mkfifo out; causality score x.yaml -o out` never returns (or
    `causality score x.yaml --format csv -o /dev/stdout | cat`)."""
    shutil.copy(CASE, tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "out")
    # Something reading the pipe, as gzip or a terminal would: a command that writes to it can finish.
    reader = subprocess.Popen(["cat", str(tmp_path / "out")], stdout=subprocess.DEVNULL)
    try:
        child.run_entry("launch", _with_case_and_output(command), tmp_path, timeout=6)
    except subprocess.TimeoutExpired:
        pytest.fail(f"causality {command} -o FIFO did not finish in 6 s (it reads the pipe before writing)")
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.parametrize(
    "args",
    [
        ["score", "locked/a.yaml"],
        ["report", "locked/a.yaml", "--format", "md"],
        ["agreement", "locked/a.yaml"],
        ["db", "import", "locked/a.yaml"],
    ],
    ids=["score", "report", "agreement", "db-import"],
)
def test_path_in_a_folder_that_cannot_be_searched_is_one_clear_line(args: list[str], tmp_path: Path) -> None:
    """MEDIUM (pre-existing; every command that takes case files: score, report, agreement, db import,
    verify, export, compare, sign; both routes). A case file or folder named inside a folder the user may
    not enter (no x permission, e.g. chmod 644 or 600 on the folder, as a colleague's home folder often is)
    gives "causality: internal error: PermissionError(13, 'Permission denied') (run with --debug for the
    traceback)", exit 1: Path.is_dir() in casefile.iter_case_files raises on EACCES (it hides only
    ENOENT-like errors). Expected one line naming the path, like the others: "locked/a.yaml: cannot be
    read: Permission denied", exit 2.

    Reproduce as an ordinary user: `mkdir locked; cp x.yaml locked/a.yaml; chmod 644 locked;
    causality score locked/a.yaml`."""
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(CASE, locked / "a.yaml")
    locked.chmod(0o644)  # readable, not searchable
    try:
        preexec = child.as_ordinary_user_or_skip(locked / "a.yaml")
        proc = child.run_entry("launch", args, tmp_path, preexec=preexec)
    finally:
        locked.chmod(0o755)
    assert b"internal error" not in proc.stderr, proc.stderr
    assert b"locked/a.yaml" in proc.stderr, proc.stderr
    assert proc.returncode != 0


def test_symlinked_folder_inside_a_batch_is_not_silently_left_out(tmp_path: Path) -> None:
    """MEDIUM (pre-existing; score, report, agreement, db import, export, verify). A folder inside a batch
    that is a symbolic link (cases/2024 -> /shared/pv/2024, a common way to gather cases from several
    places) is skipped without a word: os.walk in casefile.iter_case_files does not follow links to
    folders (which is also what keeps a link loop harmless), so `causality score cases/` scores the other
    files and exits 0, and a clinician believes every case was scored. The README says folders are
    "searched recursively" and that only hidden files are skipped. This is the silent gap review 4 found for
    unreadable folders, by another road. Expected: the linked folder's cases are scored (with loops
    detected), or one line names the skipped link and the batch does not pass.

    Reproduce: `mkdir -p cases other; cp x.yaml cases/a.yaml; cp y.yaml other/b.yaml;
    ln -s ../other cases/more; causality score cases --format csv` lists a.yaml only, exit 0."""
    cases, other = tmp_path / "cases", tmp_path / "other"
    cases.mkdir()
    other.mkdir()
    shutil.copy(CASE, cases / "a.yaml")
    shutil.copy(EXAMPLES / "amoxicillin-rash.yaml", other / "b.yaml")
    (cases / "more").symlink_to("../other")
    proc = child.run_entry("launch", ["score", "cases", "--format", "csv"], tmp_path)
    assert b"b.yaml" in proc.stdout or (proc.returncode != 0 and b"more" in proc.stderr), (
        proc.returncode,
        proc.stdout,
        proc.stderr,
    )


# Ctrl-C (a real SIGINT to the process) after the second report is written, before the third.
_REPORT_INTERRUPTED = """\
import os, signal, sys
sys.argv = ['causality', *sys.argv[1:]]
import causality.atomic as atomic
real, calls = atomic.write_atomic_bytes, []
def write(*args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGINT)
    return real(*args, **kwargs)
atomic.write_atomic_bytes = write
from causality.launch import main
main()
"""


def test_ctrl_c_in_a_report_batch_does_not_say_nothing_was_written(tmp_path: Path) -> None:
    """MEDIUM (pre-existing; `causality report FOLDER -o OUT/`). Ctrl-C while a folder of reports is being
    written ends with "causality: interrupted; nothing was written" (exit 130), but every report finished
    before the Ctrl-C is in OUT/ (each is written atomically as soon as it is rendered). The clinician is
    told the folder is untouched; running the command again then refuses each of those reports ("will not
    replace ...: it exists (add --force ...)"). Review 4's fix gave `score` its own message for this; a
    report batch still goes to boundary.handle's generic one. Expected: say how many reports were written
    (or that some may have been), exit 130.

    Reproduce: `causality report big-folder/ -o out/`, Ctrl-C after a second; `ls out/` is not empty. (The
    test sends SIGINT from inside the process just before the third report is written, so it is exact.)"""
    cases = tmp_path / "cases"
    cases.mkdir()
    for i in range(4):
        shutil.copy(CASE, cases / f"c{i}.yaml")
    proc = child.run_entry(
        "launch", ["report", "cases", "-o", "out/", "--format", "md"], tmp_path, script=_REPORT_INTERRUPTED
    )
    assert proc.returncode == 130, proc.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 2
    assert b"nothing was written" not in proc.stderr, proc.stderr


# Ctrl-C (a real SIGINT) just after the first block of a spooled batch has gone to standard output: while
# batch._Spool.copy_to reads the next block from its temporary file, outside write_stdout.
_SCORE_INTERRUPTED_BETWEEN_BLOCKS = """\
import os, signal, sys
sys.argv = ['causality', *sys.argv[1:]]
import causality.batch as batch
real = batch.write_stdout
def write(text):
    real(text)
    os.kill(os.getpid(), signal.SIGINT)
batch.write_stdout = write
from causality.launch import main
main()
"""


def test_ctrl_c_between_blocks_of_a_large_output_does_not_say_nothing_was_written(tmp_path: Path) -> None:
    """LOW (the review 4 fix covers part of the window). A batch whose output is over 1 MiB is spooled to a
    temporary file and copied to standard output in 1 MiB blocks (batch._Spool.copy_to). Only a Ctrl-C that
    lands inside batch.write_stdout gives "interrupted while the output was written; it may be incomplete";
    one that lands between two blocks (reading the next block from the spool) reaches boundary.handle and
    says "causality: interrupted; nothing was written" although a megabyte is already in the user's file.
    With `> scores.json` on a fast disk the copy spends a good part of its time reading the spool, so this is
    not rare. Expected: the "may be incomplete" message from the first block written on.

    Reproduce: a folder of a few hundred cases, `causality score big/ --format json > out.json`, Ctrl-C at
    the end of the run (or the injected SIGINT of this test)."""
    for i in range(64):  # about 20 kB of JSON each: 1.3 MB, two blocks
        shutil.copy(CASE, tmp_path / f"c{i:02}.yaml")
    proc = child.run_entry(
        "launch", ["score", ".", "--format", "json"], tmp_path, script=_SCORE_INTERRUPTED_BETWEEN_BLOCKS
    )
    assert proc.returncode == 130, proc.stderr
    assert len(proc.stdout) >= 1 << 20
    assert b"nothing was written" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_report_to_closed_standard_output_is_one_line_not_an_internal_error(fmt: str, tmp_path: Path) -> None:
    """LOW (pre-existing; review 4 fixed the same for `score` only). `causality report x.yaml --format md
    >&-` (standard output closed) prints "causality: internal error: AttributeError("'NoneType' object has
    no attribute 'write'") (run with --debug for the traceback)", exit 1: report.render writes with
    sys.stdout.write and sys.stdout is None. Expected one line about the output, as `score` now gives
    ("standard output is closed; nothing was written"), exit 1."""
    shutil.copy(CASE, tmp_path / "a.yaml")
    proc = child.run_entry(
        "launch", ["report", "a.yaml", "--format", fmt], tmp_path, preexec=lambda: os.close(1)
    )
    assert proc.returncode == 1
    assert b"internal error" not in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "args",
    [["agreement", str(EXAMPLES / "agreement")], ["export", str(CASE), "--format", "e2b-r3"]],
    ids=["agreement", "export"],
)
def test_output_commands_do_not_pass_with_standard_output_closed(args: list[str], tmp_path: Path) -> None:
    """LOW (pre-existing). With standard output closed (`>&-`, as some service wrappers start commands)
    `causality agreement cases/` and `causality export cases/ --format e2b-r3` write nothing, say nothing
    and exit 0 (click.echo returns quietly when sys.stdout is None); so do compare, db list, db stats,
    scales, schema, examples. A script sees success and an empty result. `causality score` now says
    "standard output is closed; nothing was written" and exits 1; the commands whose result is their
    output should do the same."""
    proc = child.run_entry("launch", args, tmp_path, preexec=lambda: os.close(1))
    assert proc.returncode != 0, proc.stderr


def test_empty_path_argument_is_named_clearly(tmp_path: Path) -> None:
    """LOW (changed by the review 4 fix, still wrong). `causality score ""` (typically `causality score
    "$CASES"` with the variable unset) prints ": folder cannot be read: No such file or directory", exit 2:
    Path("") is Path("."), a folder, so iter_case_files walks "" and os.walk's error is now reported (before
    the fix it said ": no case files in this folder"). The line starts with a colon, names no path, and
    calls an empty argument a folder. Expected something like "'': no such file or folder" (or an empty
    path refused as such)."""
    proc = child.run_entry("launch", ["score", ""], tmp_path)
    assert proc.returncode == 2
    assert b"folder cannot be read" not in proc.stderr, proc.stderr
    assert not proc.stderr.startswith(b":"), proc.stderr


def test_unreadable_subfolder_is_named_as_the_files_are(tmp_path: Path) -> None:
    """LOW (new with the review 4 fix). `causality score .` names the files of the batch "a.yaml" (the
    walk's "./" is taken off, casefile.iter_case_files says so), but a subfolder that cannot be read
    "./more: folder cannot be read: Permission denied": os.walk's error keeps the name as joined. The same
    for `causality score ./cases` ("./cases/more", the files "cases/a.yaml"). Expected the folder named
    as its files are: "more: folder cannot be read: Permission denied".

    Reproduce as an ordinary user: `cp x.yaml a.yaml; mkdir more; cp x.yaml more/; chmod 000 more;
    causality score .`"""
    shutil.copy(CASE, tmp_path / "a.yaml")
    (tmp_path / "more").mkdir()
    shutil.copy(CASE, tmp_path / "more" / "b.yaml")
    (tmp_path / "more").chmod(0)
    try:
        preexec = child.as_ordinary_user_or_skip(tmp_path / "more" / "b.yaml")
        proc = child.run_entry("launch", ["score", "."], tmp_path, preexec=preexec)
    finally:
        (tmp_path / "more").chmod(0o755)
    assert proc.stderr == b"more: folder cannot be read: Permission denied\n", proc.stderr


def test_usage_error_with_standard_error_closed_does_not_go_into_the_output(tmp_path: Path) -> None:
    """LOW (closed standard error, next to the review 4 fix). With standard error closed, a usage error
    (a mistyped option value, a missing argument) is written to standard output: `causality score cases/
    --format csvv > scores.csv 2>&-` leaves "Usage: causality score ... Error: Invalid value for '--format'"
    in scores.csv (exit 2), where a loader takes it for data. click falls back to standard output when
    sys.stderr is None. boundary._say now writes nothing in that case; the parser's messages should not
    go into the output either (e.g. point sys.stderr at os.devnull in main when it is None)."""
    shutil.copy(CASE, tmp_path / "a.yaml")
    proc = child.run_entry(
        "launch", ["score", "a.yaml", "--format", "csvv"], tmp_path, preexec=lambda: os.close(2)
    )
    assert proc.returncode == 2
    assert proc.stdout == b"", proc.stdout


def test_changelog_exit_code_for_an_unreadable_folder_is_true_for_report(tmp_path: Path) -> None:
    """LOW (documentation). The CHANGELOG's new entry says a folder inside a batch that cannot be read is,
    for `score`, `report`, `agreement` and `db import`, "a problem named on its own line (..., exit 2)".
    `causality report cases/ -o out/` exits 1 (a report batch writes the other reports and exits 1, as the
    README says), so the entry is not true for report. Either the entry says so, or report exits 2."""
    entry = next(
        line
        for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").split("\n- ")
        if "folder inside it that cannot be read" in line
    )
    cases = child.cases_with_a_locked_folder(tmp_path, CASE)
    try:
        preexec = child.as_ordinary_user_or_skip(cases / "more" / "b.yaml")
        proc = child.run_entry(
            "launch", ["report", "cases", "-o", "out/", "--format", "md"], tmp_path, preexec=preexec
        )
    finally:
        (cases / "more").chmod(0o755)
    assert b"cases/more: folder cannot be read" in proc.stderr, proc.stderr
    # The entry gives report's exit code apart from the others', and it is the one report gives.
    said = " ".join(entry.split())
    assert "`report` writes the other reports and exits 1" in said, entry
    assert proc.returncode == 1, proc.stderr


def test_readme_exit_code_130_is_not_only_about_the_draft() -> None:
    """LOW (documentation). The README's exit-code table (and `causality --help`) say "130 interrupted
    (Ctrl-C): the answers so far are kept in the draft". That is the interview's case only; since the
    review 4 fix, 130 from `score` means "interrupted while the output was written; it may be incomplete",
    and from a report batch some reports may be written. A clinician reading the table after Ctrl-C in a
    batch is told of a draft that does not exist. Expected the row (and --help) to cover both."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `130`"))
    assert "output" in row or "incomplete" in row, row
