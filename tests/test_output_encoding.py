"""Standard output whose encoding cannot hold the output (a Latin-1 or ASCII locale, PYTHONIOENCODING): one
line naming the encoding, the character and the fix, exit 1, and never the output itself (patient data) on
standard error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.test_yaml_and_batch import make_cases

EXAMPLE = str(EXAMPLES / "alemtuzumab.yaml")
FIX = "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale (e.g. LANG=C.UTF-8)"


def run(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    command = [sys.executable, "-m", "causality", *args]
    return subprocess.run(command, capture_output=True, env=env, check=False, timeout=120)


@pytest.mark.parametrize(
    ("encoding", "args", "line"),
    [
        # The table's first character outside ASCII: the arrow of the LCAT path.
        ("ascii", ["score", EXAMPLE], "causality score: standard output uses the ascii encoding, which cannot "
         f"show U+2192 in the output; {FIX}; nothing was written"),
        # JSON: the plus-minus sign of an LCAT question comes first.
        ("ascii", ["score", EXAMPLE, "--format", "json"], "causality score: standard output uses the ascii "
         f"encoding, which cannot show U+00B1 in the output; {FIX}; nothing was written"),
        # Latin-1 has the plus-minus sign, not the arrow.
        ("latin-1", ["score", EXAMPLE, "--format", "jsonl"], "causality score: standard output uses the "
         f"iso8859-1 encoding, which cannot show U+2192 in the output; {FIX}; nothing was written"),
        # Any other command writing to standard output: the middle dot of the report's header.
        ("ascii", ["report", EXAMPLE, "--format", "md"], "causality: standard output uses the ascii "
         f"encoding, which cannot show U+00B7 in the output; {FIX}"),
    ],
)  # fmt: skip
def test_output_the_encoding_cannot_hold_is_one_line_and_exit_1(
    encoding: str, args: list[str], line: str
) -> None:
    proc = run(encoding, *args)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert proc.stderr.decode().splitlines() == [line]


def test_the_same_commands_pass_with_utf8_output() -> None:
    for args in (
        ["score", EXAMPLE],
        ["score", EXAMPLE, "--format", "json"],
        ["report", EXAMPLE, "--format", "md"],
    ):
        proc = run("utf-8", *args)
        assert proc.returncode == 0, proc.stderr
        assert "→".encode() in proc.stdout or "·".encode() in proc.stdout


def test_a_failure_after_the_first_block_says_the_output_is_incomplete(tmp_path: Path) -> None:
    # Plain-ASCII cases fill more than the first block written (1 MB); the seed case, sorted last, brings
    # the plus-minus sign of an LCAT question, which the encoding cannot show.
    make_cases(tmp_path, 400)
    shutil.copyfile(EXAMPLE, tmp_path / "zzz-seed.yaml")
    proc = run("ascii", "score", str(tmp_path), "--format", "jsonl", "--jobs", "1")
    assert proc.returncode == 1
    assert len(proc.stdout) > 1_000_000  # what was written before it stays written
    assert proc.stderr.decode().splitlines() == [
        "causality score: standard output uses the ascii encoding, which cannot show U+00B1 in the output; "
        f"{FIX}; the output is incomplete"
    ]


def test_another_unicode_error_is_an_internal_error_without_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from causality import boundary

    exc = UnicodeEncodeError("cp1250-not-stdout", "ALEM-2024-001 petechiae \u2192", 25, 26, "no such mapping")
    assert boundary.handle(exc, debug=False) == 1
    err = capsys.readouterr().err
    assert err == (
        "causality: internal error: UnicodeEncodeError('no such mapping') (run with --debug for the traceback)\n"
    )
