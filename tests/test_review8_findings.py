"""Review 8: attacks on 0ce6598 (output the encoding of standard output cannot hold: one line, exit 1, no case
data on standard error). Each test here failed on 0ce6598 and showed one problem found:

* the new message blames standard output's encoding (and tells the user to set PYTHONIOENCODING=utf-8,
  already set) for any UnicodeEncodeError whose codec has the same name as standard output's: a file name
  or a register path that is not UTF-8, or an interview answer typed as a byte that is not UTF-8;
* a command whose result is a file or a signature does its work, then fails on its confirmation line and
  exits 1 with a message that says the output could not be shown (a retry signs twice / is refused);
* standard input is decoded with PYTHONIOENCODING / the locale, not as UTF-8 like case files: an internal
  error (ascii, or the recommended utf-8 with a non-UTF-8 byte) or silently garbled data (latin-1);
* the interview ends with an internal error on the first non-ASCII answer when PYTHONIOENCODING=ascii;
* commands other than `score` stop part-way through their output without saying it is incomplete.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "alemtuzumab.yaml"
MISLEADING = b"standard output uses the utf-8 encoding"


def run(
    args: list[str | bytes],
    encoding: str | None = None,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    **env: str,
) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    environ["LANG"] = "C.UTF-8"
    if encoding is not None:
        environ["PYTHONIOENCODING"] = encoding
    environ.update(env)
    command: list[str | bytes] = [sys.executable, "-m", "causality", *args]
    return subprocess.run(
        command, capture_output=True, env=environ, input=stdin, cwd=cwd, check=False, timeout=120
    )


def non_utf8_case(folder: Path) -> bytes:
    """A valid case file whose name is not UTF-8 (Latin-1 'café.yaml', as copied from an old share)."""
    name = os.fsencode(folder) + b"/caf\xe9.yaml"
    with open(name, "wb") as handle:  # noqa: PTH123
        handle.write(EXAMPLE.read_bytes())
    return name


def utf8_case(drug: str = "alemtuz\u00fcmab", assessor: str = "Example Assessor") -> str:
    return (
        EXAMPLE.read_text(encoding="utf-8").replace("alemtuzumab", drug).replace("Example Assessor", assessor)
    )


# --- 1. A UnicodeEncodeError that is not standard output's is blamed on standard output ----------------


@pytest.mark.parametrize("fmt", ["fhir-r5", "e2b-r3"])
def test_export_of_a_non_utf8_file_name_is_not_blamed_on_utf8_standard_output(
    tmp_path: Path, fmt: str
) -> None:
    # The file name feeds the export's identifiers (uuid5 of the name): encoding it fails. The output goes
    # to a FILE, standard output is UTF-8 already, yet the message says standard output cannot show
    # U+DCE9 and to set PYTHONIOENCODING=utf-8. `score` and `report` read the same file fine.
    name = non_utf8_case(tmp_path)
    out = tmp_path / "out.export"
    proc = run(["export", name, "--format", fmt, "-o", str(out)], encoding="utf-8")
    assert MISLEADING not in proc.stderr, proc.stderr
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 0 and out.exists(), proc.stderr


def test_db_import_of_a_non_utf8_file_name_is_not_blamed_on_utf8_standard_output(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    non_utf8_case(folder)
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert run(["db", "--db", db, "init"]).returncode == 0
    proc = run(["db", "--db", db, "import", str(folder)], encoding="utf-8")
    # The file name goes into the register (SQLite wants UTF-8): nothing is imported, and the message
    # sends the user to fix an encoding that is already UTF-8.
    assert MISLEADING not in proc.stderr, proc.stderr
    assert b"PYTHONIOENCODING" not in proc.stderr, proc.stderr
    # Imported, the name kept with its byte written as an escape.
    assert proc.returncode == 0, proc.stderr
    listed = run(["db", "--db", db, "list", "--format", "csv"])
    assert b"ALEM-2024-001" in listed.stdout


def test_a_register_path_that_is_not_utf8_is_not_blamed_on_utf8_standard_output(tmp_path: Path) -> None:
    db = b"sqlite:///" + os.fsencode(tmp_path) + b"/r\xe9gister.sqlite"
    proc = run(["db", "--db", db, "init"], encoding="utf-8")
    assert MISLEADING not in proc.stderr, proc.stderr
    assert b"PYTHONIOENCODING" not in proc.stderr, proc.stderr
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        f"--db sqlite:///{tmp_path}/r\\xe9gister.sqlite: the address is not UTF-8 text (a folder or file "
        "named in another encoding); rename it, or choose another place"
    ]
    assert not any(tmp_path.iterdir())


# --- 2. The work is done, the confirmation cannot be shown: exit 1 and a message saying it failed --------


def count_signatures(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("meaning: author")


def test_sign_with_a_name_latin1_cannot_show_records_the_signature_but_exits_1(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(utf8_case(assessor="\u0141ukasz \u017b\u00f3\u0142w"), encoding="utf-8")
    proc = run(["sign", str(case), "--meaning", "author"], encoding="latin-1")
    # The signature is in the file, but exit 1 and "cannot show U+0141 in the output" say it failed:
    # running it again (as anyone would) records a second author signature.
    signed = count_signatures(case)
    assert signed == 1
    assert proc.returncode == 0, (proc.returncode, proc.stderr)


def test_examples_written_to_a_file_latin1_cannot_name_exit_0(tmp_path: Path) -> None:
    target = tmp_path / "\u0141\u00f3d\u017a.yaml"
    proc = run(["examples", "alemtuzumab", "-o", str(target)], encoding="latin-1")
    assert target.exists()  # written whole ...
    assert proc.returncode == 0, proc.stderr  # ... yet exit 1: "cannot show U+0141 in the output"


def test_a_folder_of_reports_latin1_cannot_name_exit_0_and_a_retry_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "\u0141reports"
    args = ["report", str(EXAMPLE), str(EXAMPLES / "amoxicillin-rash.yaml"), "-o", f"{folder}/"]
    first = run(args, encoding="latin-1")
    assert sorted(p.name for p in folder.iterdir()) == ["ALEM-2024-001.html", "AMX-2024-031.html"]
    # Both reports are written; the summary line "Wrote 2 reports to Łreports/" fails, exit 1, and the
    # retry the failure invites is refused: "0 of 2 reports written ... 2 problems above".
    assert first.returncode == 0, first.stderr


def test_db_export_to_a_folder_latin1_cannot_name_exit_0(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert run(["db", "--db", db, "import", str(EXAMPLE)]).returncode == 0
    folder = tmp_path / "\u0141out"
    proc = run(["db", "--db", db, "export", "-o", f"{folder}/"], encoding="latin-1")
    assert [p.name for p in folder.iterdir()] == ["ALEM-2024-001.yaml"]
    assert proc.returncode == 0, proc.stderr


# --- 3. Standard input is decoded with standard output's settings, not as UTF-8 like case files ----------


def test_score_from_stdin_with_pythonioencoding_ascii_is_not_an_internal_error(tmp_path: Path) -> None:
    # The output goes to a file, so standard output's encoding plays no part; the case is UTF-8 as every
    # case file is. Today: "causality: internal error: UnicodeDecodeError('ordinal not in range(128)')".
    out = tmp_path / "scores.csv"
    proc = run(["score", "-", "--format", "csv", "-o", str(out)], encoding="ascii",
               stdin=utf8_case().encode())  # fmt: skip
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 0
    assert "alemtuz\u00fcmab" in out.read_text(encoding="utf-8")


def test_score_from_stdin_with_pythonioencoding_latin1_does_not_garble_the_drug_name(tmp_path: Path) -> None:
    # Exit 0 and a CSV whose drug is 'alemtuzÃ¼mab': the UTF-8 case was decoded as Latin-1.
    out = tmp_path / "scores.csv"
    proc = run(["score", "-", "--format", "csv", "-o", str(out)], encoding="latin-1",
               stdin=utf8_case().encode())  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "alemtuz\u00c3\u00bcmab" not in text
    assert "alemtuz\u00fcmab" in text


def test_score_from_stdin_not_utf8_with_the_recommended_pythonioencoding_is_one_line(tmp_path: Path) -> None:
    # PYTHONIOENCODING=utf-8 is the fix the new message recommends; with it a Latin-1 case on standard input
    # is "causality: internal error: UnicodeDecodeError('invalid start byte')" where a file of the same
    # bytes is "FILE: cannot be read: not UTF-8 text", exit 2.
    proc = run(["score", "-"], encoding="utf-8", stdin=utf8_case().encode("latin-1"))
    assert b"internal error" not in proc.stderr, proc.stderr
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == ["-: cannot be read: not UTF-8 text"]


# --- 4. The interview in a real terminal -----------------------------------------------------------------


def interview(tmp_path: Path, typed: bytes, **env: str) -> tuple[bool, str]:
    """Starts `causality assess` in a pseudo-terminal and answers the first question with ``typed``; where
    it is refused, says so and types a plain identifier instead. Whether the second question came, with
    everything shown."""
    pexpect = pytest.importorskip("pexpect")
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    environ.update(LANG="C.UTF-8", TERM="xterm", XDG_DATA_HOME=str(tmp_path / "data"), **env)
    child = pexpect.spawn(sys.executable, ["-m", "causality", "assess"], env=environ, timeout=20,
                          dimensions=(40, 120))  # fmt: skip
    shown = ""
    try:
        child.expect("Case identifier")
        child.send(b"\x15" + typed + b"\r")  # Ctrl-U clears the suggested identifier
        index = child.expect(["Your name", "could not be read", pexpect.EOF, pexpect.TIMEOUT])
        shown = (child.before or b"").decode("utf-8", "replace")
        if index == 1:  # refused at the prompt, the interview still on: the clinician types it again
            shown += "could not be read"
            child.send(b"\x15CASE-1\r")
            index = child.expect(["Your name", pexpect.EOF, pexpect.TIMEOUT])
            shown += (child.before or b"").decode("utf-8", "replace")
    finally:
        child.close(force=True)
    return index == 0, shown


REFUSED = "could not be read"


def test_interview_survives_a_byte_that_is_not_utf8_in_a_utf8_locale(tmp_path: Path) -> None:
    # A terminal left in Latin-1 sends 'é' as the byte E9. The draft cannot store the half-character, and
    # the interview ended with a message blaming standard output, the answers lost. Now the prompt refuses
    # it in one line and asks again.
    asked, shown = interview(tmp_path, b"CASE-\xe9")
    assert "standard output uses the utf-8 encoding" not in shown
    assert REFUSED in shown
    assert asked, shown


def test_interview_with_pythonioencoding_ascii_survives_a_non_ascii_answer(tmp_path: Path) -> None:
    # The interview starts (the non-ASCII marks of the prompts show as '?'), but the first answer with a
    # non-ASCII character ended it: "causality: internal error: UnicodeEncodeError('surrogates not allowed')".
    asked, shown = interview(tmp_path, "CASE-\u00e9".encode(), PYTHONIOENCODING="ascii")
    assert "internal error" not in shown
    assert REFUSED in shown
    assert asked, shown


# --- 5. Commands other than score: part of the output is out, and the message does not say so ------------


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_db_list_stopped_part_way_says_the_output_is_incomplete(tmp_path: Path, fmt: str) -> None:
    ascii_case = tmp_path / "a.yaml"
    ascii_case.write_text(utf8_case(drug="aaa-drug"), encoding="utf-8")
    other = tmp_path / "z.yaml"
    other.write_text(utf8_case(drug="zzz-\u963f").replace("ALEM-2024-001", "ZZZ-1"), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert run(["db", "--db", db, "import", str(ascii_case), str(other)]).returncode == 0
    proc = run(["db", "--db", db, "list", "--format", fmt], encoding="latin-1")
    assert proc.returncode == 1
    assert proc.stdout  # the header, the first case's rows (json: "[") are out ...
    # ... and the line says only that the encoding cannot show U+963F, where score says "the output is
    # incomplete": a `db list > file` leaves a plausible-looking, cut-short file.
    assert proc.stderr.decode().rstrip().endswith("the output is incomplete"), proc.stderr


def test_score_from_the_register_says_what_score_of_files_says(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert run(["db", "--db", db, "import", str(EXAMPLE)]).returncode == 0
    files = run(["score", str(EXAMPLE)], encoding="ascii")
    register = run(["score", "--db", db], encoding="ascii")
    assert files.stderr.decode().startswith("causality score: ")
    assert files.stderr.decode().rstrip().endswith("; nothing was written")
    # From the register: "causality: standard output uses ..." without "; nothing was written".
    assert register.stderr == files.stderr, register.stderr
