"""Review 6 findings: regressions of ce6d0e9 (atomic.not_a_file, casefile._folder_files following links to
folders, boundary.mend_closed_streams). Each test fails while its defect is there; its docstring says how to
reproduce it by hand and how severe it is. Product code is not changed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CASE = EXAMPLES / "alemtuzumab.yaml"
OTHER = EXAMPLES / "amoxicillin-rash.yaml"
_THROUGH = "import sys\nsys.argv = ['causality', *sys.argv[1:]]\nfrom causality.launch import main\nmain()\n"


def _run(args: list[str], cwd: Path, close_stdout: bool = False) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", _THROUGH, *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp()},
        stdin=subprocess.DEVNULL,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
        timeout=60,
    )


def _cases_with_link(tmp_path: Path) -> None:
    """cases/a.yaml, other/b.yaml and cases/more -> ../other."""
    (tmp_path / "cases").mkdir()
    (tmp_path / "other").mkdir()
    shutil.copy(CASE, tmp_path / "cases" / "a.yaml")
    shutil.copy(OTHER, tmp_path / "other" / "b.yaml")
    (tmp_path / "cases" / "more").symlink_to("../other")


@pytest.mark.parametrize(
    ("args", "done"),
    [
        (["report", "cases", "--format", "md", "-o", "out/"], "out/ALEM-2024-001.md"),
        (["db", "--db", "sqlite:///r.sqlite", "import", "cases/a.yaml"], "r.sqlite"),
        (["sign", "cases/a.yaml", "--meaning", "author"], None),
        (["examples", "alemtuzumab", "-o", "copy.yaml"], "copy.yaml"),
    ],
    ids=["report-batch", "db-import", "sign", "examples"],
)
def test_closed_stdout_does_not_say_nothing_was_written_after_the_work_was_done(
    args: list[str], done: str | None, tmp_path: Path
) -> None:
    """MEDIUM (regression of ce6d0e9, boundary.mend_closed_streams). With standard output closed (`>&-`, a
    cron job or service), the commands whose result is a file or a register write it, then print their
    confirmation line ("Wrote 3 reports to out/", "Imported 1 new case(s)...", "Signed a.yaml: ...") to
    _ClosedOutput, which raises "causality: standard output is closed; nothing was written", exit 1. The
    reports, the import and the signature are all done: the message is false, and a script or clinician who
    retries on exit 1 signs the case a second time (a second audit record) or imports again. Before ce6d0e9
    these exited 0 (click.echo skipped the line). Expected: the work is not denied — a confirmation that
    cannot be shown is not an error, or the message does not say nothing was written.

    Reproduce: `causality sign case.yaml --meaning author >&-; echo $?` -> 1, "nothing was written", and
    case.yaml now carries the signature; `causality report cases/ -o out/ >&-` -> 1 with out/ full."""
    _cases_with_link(tmp_path)
    (tmp_path / "out").mkdir()
    before = (tmp_path / "cases" / "a.yaml").read_bytes()
    proc = _run(args, tmp_path, close_stdout=True)
    if done is not None:
        assert (tmp_path / done).exists(), proc.stderr  # the work was done
    else:
        assert (tmp_path / "cases" / "a.yaml").read_bytes() != before, proc.stderr  # signed
    assert b"nothing was written" not in proc.stderr, (proc.returncode, proc.stderr)


def test_linked_folder_also_given_on_the_command_line_is_not_scored_twice(tmp_path: Path) -> None:
    """MEDIUM (regression of ce6d0e9, casefile._folder_files). Gathering cases with a link and naming the
    linked folder as well (`causality score cases/ /shared/pv/2024` with cases/2024 -> /shared/pv/2024) now
    scores every case of that folder twice, once under each name, exit 0: duplicate rows in the CSV for
    counts and statistics, and `report cases/ other/ -o out/` writes a second report of the same case
    (AMX-2024-031-b.md). The set of folders already read is kept per argument only, although the commit
    says a folder reached twice is read once. Before ce6d0e9 the link was not followed and each case was
    scored once.

    Reproduce: `mkdir cases other; cp x.yaml cases/a.yaml; cp y.yaml other/b.yaml; ln -s ../other
    cases/more; causality score cases other --format csv` lists b.yaml twice (cases/more/b.yaml,
    other/b.yaml)."""
    _cases_with_link(tmp_path)
    proc = _run(["score", "cases", "other", "--format", "csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.decode().splitlines() if line.startswith("AMX-2024-031,")]
    assert len(rows) == 1, rows


def test_draft_that_cannot_be_saved_onto_a_pipe_is_a_draft_error_not_the_end_of_the_session(
    tmp_path: Path,
) -> None:
    """LOW (regression of ce6d0e9, atomic.open_atomic). open_atomic now raises UsageError (exit 2) for a
    device, pipe or socket, for every file the tool writes, but its callers catch OSError: Draft.save turns
    only OSError into DraftError, which Interview._save_draft answers with "the draft could not be saved"
    and a menu ("the session never ends on it"); the interview's "Save the case file as" likewise catches
    only OSError ("Your answers are still in the draft"). Now such a path ends the whole session with
    "causality: cannot write ...: it is a named pipe, not a file (leave out -o to write to standard
    output)", advice about an -o the clinician never gave. Expected: DraftError (or OSError) here."""
    from causality.errors import DraftError
    from causality.interview.drafts import Draft

    fifo = tmp_path / "draft.json"
    os.mkfifo(fifo)
    with pytest.raises(DraftError):
        Draft(fifo).save()
