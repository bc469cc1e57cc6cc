"""Review 9: attacks on 17bbdb0..6ccf22b (output standard output's encoding cannot hold: one line, exit 1;
stdin read as UTF-8; confirmations through `shown`; non-UTF-8 file names in export and the register).
Each test here failed on 6ccf22b and showed one problem found, since fixed:

* the new one-line message only recognises an encoding failure whose codec reports the same name as
  standard output's: every charmap codec (cp1252, Windows' default for a redirected output; ISO-8859-15;
  cp437; KOI8-R ...) reports itself as 'charmap', so those still end in "internal error";
* `db audit` and `db stats` share `db list`'s writer, whose message is hard-wired "causality db list: ...";
* (not a regression, left unhandled by the change) `score` to a strict UTF-8 standard output (a
  desktop's en_US.UTF-8 locale, or the PYTHONIOENCODING=utf-8 the new message recommends) of a folder
  holding a file name that is not UTF-8 is still "internal error", though `-o FILE` writes it fine;
* (not a regression, in the rewritten `load_stdin`) `score -` with standard input closed is
  "internal error: AttributeError(...)".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "alemtuzumab.yaml"


def run(
    args: list[str | bytes],
    encoding: str | None = None,
    stdin: bytes | None = None,
    close_stdin: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    environ["LANG"] = "C.UTF-8"
    if encoding is not None:
        environ["PYTHONIOENCODING"] = encoding
    command: list[str | bytes] = [sys.executable, "-m", "causality", *args]
    return subprocess.run(
        command,
        capture_output=not close_stdin,
        stdout=subprocess.PIPE if close_stdin else None,
        stderr=subprocess.PIPE if close_stdin else None,
        env=environ,
        input=stdin,
        check=False,
        timeout=120,
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,  # `<&-`
    )


def utf8_case(tmp_path: Path, drug: str = "alemtuzumab", by: str = "Example Assessor") -> Path:
    case = tmp_path / "case.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("alemtuzumab", drug).replace("Example Assessor", by)
    case.write_text(text, encoding="utf-8")
    return case


# --- 1. Charmap encodings (cp1252, ISO-8859-15, ...) are still "internal error" --------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "iso8859-15", "cp437"])
def test_score_to_a_charmap_encoded_stdout_is_one_line_not_an_internal_error(
    tmp_path: Path, encoding: str
) -> None:
    # '\u963f' is in none of these encodings. UnicodeEncodeError.encoding is 'charmap' for all of them, so
    # boundary._of_stdout compares 'charmap' with 'cp1252' and says no: "causality: internal error:
    # UnicodeEncodeError('character maps to <undefined>')" where latin-1 gets the new one-line message.
    case = utf8_case(tmp_path, drug="zzz-\u963f")
    proc = run(["score", str(case)], encoding=encoding)
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("causality score: standard output uses the "), proc.stderr
    assert proc.stderr.decode().rstrip().endswith("; nothing was written"), proc.stderr


def test_report_to_a_cp1252_stdout_is_one_line_not_an_internal_error(tmp_path: Path) -> None:
    case = utf8_case(tmp_path, drug="zzz-\u963f")
    proc = run(["report", str(case), "--format", "md"], encoding="cp1252")
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert b"standard output uses the" in proc.stderr


# --- 2. `db audit` and `db stats` say they are `db list` ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_db_audit_encoding_failure_names_db_audit_not_db_list(tmp_path: Path, fmt: str) -> None:
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    imported = run(["db", "--db", db, "import", str(EXAMPLE), "--by", "\u0141ukasz \u017b\u00f3\u0142w"])
    assert imported.returncode == 0, imported.stderr
    proc = run(["db", "--db", db, "audit", "ALEM-2024-001", "--format", fmt], encoding="latin-1")
    assert proc.returncode == 1
    # Today: "causality db list: standard output uses the latin-1 encoding, which cannot show U+0141 ..."
    assert proc.stderr.decode().startswith("causality db audit: "), proc.stderr


def test_db_stats_encoding_failure_names_db_stats_not_db_list(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    case = utf8_case(tmp_path, drug="zzz-\u963f")
    assert run(["db", "--db", db, "import", str(case)]).returncode == 0
    proc = run(["db", "--db", db, "stats", "--format", "csv"], encoding="latin-1")
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("causality db stats: "), proc.stderr


# --- 3. Not a regression: a non-UTF-8 file name, scored to a strict UTF-8 standard output ---------------


def test_score_of_a_non_utf8_file_name_to_strict_utf8_stdout_is_not_an_internal_error(tmp_path: Path) -> None:
    # PYTHONIOENCODING=utf-8 is what the new message tells the user to set (and an en_US.UTF-8 locale gives
    # the same strict standard output). The same batch with -o FILE is written (surrogateescape), and in
    # C.UTF-8 it goes to standard output fine; here it is "causality: internal error:
    # UnicodeEncodeError('surrogates not allowed') (run with --debug for the traceback)".
    folder = tmp_path / "cases"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.yaml", "wb") as handle:  # noqa: PTH123
        handle.write(EXAMPLE.read_bytes())
    to_file = run(["score", str(folder), "-o", str(tmp_path / "out.txt")], encoding="utf-8")
    assert to_file.returncode == 0, to_file.stderr
    proc = run(["score", str(folder)], encoding="utf-8")
    assert b"internal error" not in proc.stderr, proc.stderr


# --- 4. Not a regression: `score -` with standard input closed ------------------------------------------


def test_score_from_a_closed_stdin_is_not_an_internal_error() -> None:
    # `causality score - <&-`: "causality: internal error: AttributeError("'NoneType' object has no
    # attribute 'read'")"; load_stdin handles a stdin without .buffer, not a missing one.
    proc = run(["score", "-"], close_stdin=True)
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode in (1, 2)
