"""End to end in a real pseudo-terminal (pexpect), the path a clinician takes at an 80x24 terminal."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from causality.casefile import load_cases
from tests.interview_harness import ALEMTUZUMAB, answers_in

pytestmark = pytest.mark.timeout(120)


def spawn(*args: str, home: Path, cwd: Path, size: tuple[int, int] = (24, 80)) -> pexpect.spawn:
    # pexpect does not answer prompt_toolkit's cursor-position request; a real terminal does.
    env = {**os.environ, "XDG_DATA_HOME": str(home), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        sys.executable, ["-m", "causality", "assess", *args], cwd=str(cwd), env=env, dimensions=size,
        encoding="utf-8", timeout=20,
    )  # fmt: skip


def draft_answers(home: Path) -> dict[str, object]:
    from causality.interview.drafts import load

    found = sorted((home / "adr-causality" / "drafts").glob("draft-*.json"))
    return dict(answers_in(load(found[-1]).case)) if found else {}


def type_answers(child: pexpect.spawn, home: Path, keys: list[str]) -> None:
    """Type each answer, then wait until the draft holds it: the prompt took it and the next one is coming."""
    for key in keys:
        child.send(ALEMTUZUMAB[key])
        deadline = time.monotonic() + 15
        while key not in draft_answers(home):
            if time.monotonic() > deadline:
                raise AssertionError(f"{key} was not saved; screen: {child.before!r}")
            child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.05)  # keep reading the screen


def finish_and_save(child: pexpect.spawn, name: str) -> None:
    child.expect("What next")
    child.send("s\r")
    child.expect("Save the case file as")
    child.send(f"\x15{name}\r")
    child.expect(f"Saved {name}")
    child.expect("Write a report too")
    child.send("n\r")
    child.expect(pexpect.EOF)
    child.close()


@pytest.fixture
def where(tmp_path: Path) -> tuple[Path, Path]:
    home, cwd = tmp_path / "home", tmp_path / "work"
    cwd.mkdir()
    return home, cwd


def scores(path: Path) -> list[tuple[str, int, str | None]]:
    from causality.assessment import assess_case

    (case,) = load_cases([str(path)])
    return [(r.reaction, r.naranjo.total, r.who_umc.category) for r in assess_case(case)]


def test_alemtuzumab_case_typed_at_a_terminal(where: tuple[Path, Path]) -> None:
    home, cwd = where
    child = spawn(home=home, cwd=cwd)
    child.expect("Case identifier")
    type_answers(child, home, list(ALEMTUZUMAB))
    finish_and_save(child, "alem.yaml")
    assert child.exitstatus == 0
    out = cwd / "alem.yaml"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # The result printed at the end is what `causality score` gives for the saved file.
    proc = subprocess.run([sys.executable, "-m", "causality", "score", str(out)], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert proc.stdout.count("Total 7: Probable (band 5 to 8)") == 2
    assert scores(out) == [("generalized petechiae", 7, "probable"), ("epistaxis", 7, "probable")]


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def test_at_120_columns_tick_boxes_echo_what_was_ticked_by_name(where: tuple[Path, Path]) -> None:
    """Questionary echoes an empty or multiple tick-box answer as "done"; the clinician sees the names."""
    home, cwd = where
    child = spawn(home=home, cwd=cwd, size=(40, 120))
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect("Case identifier")
    type_answers(child, home, list(ALEMTUZUMAB))
    finish_and_save(child, "alem.yaml")
    screen = ANSI.sub("", seen.getvalue())
    assert "? Was generalized petechiae serious? Other medically important event" in screen
    assert "? Was epistaxis serious? none" in screen
    # three causes ticked: the question is echoed again with each by name (questionary's own "done (3
    # selections)" is erased from the screen, which a transcript of the output cannot show)
    flat = re.sub(r" *\n *", " ", screen)  # the echo wraps at the terminal's width, wherever that falls
    assert (
        "alternative causes of generalized petechiae are relevant in this patient? Prolonged straining / Valsalva"
        " (coughing, vomiting, lifting, childbirth); Local pressure or trauma" in flat
    )


def test_ctrl_c_then_resume_gives_the_same_result(where: tuple[Path, Path]) -> None:
    home, cwd = where
    keys = list(ALEMTUZUMAB)
    stop = keys.index("pair.0.0.literature")
    child = spawn(home=home, cwd=cwd)
    child.expect("Case identifier")
    type_answers(child, home, keys[:stop])
    child.expect("known reaction to alemtuzumab")
    child.sendcontrol("c")
    child.expect("Resume with: causality assess --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    (draft,) = (home / "adr-causality" / "drafts").glob("draft-*.json")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert "pair.0.0.rechallenge" in draft_answers(home) and "pair.0.0.literature" not in draft_answers(home)

    child = spawn("--resume", home=home, cwd=cwd)
    child.expect("Resuming ALEM-001")  # the only draft: no picker
    child.expect("known reaction to alemtuzumab")  # straight back to the interrupted question
    type_answers(child, home, keys[stop:])
    finish_and_save(child, "alem.yaml")
    assert child.exitstatus == 0
    assert scores(cwd / "alem.yaml") == [
        ("generalized petechiae", 7, "probable"),
        ("epistaxis", 7, "probable"),
    ]
    assert not list((home / "adr-causality" / "drafts").glob("draft-*.json"))


def test_without_a_terminal_it_refuses_and_points_to_score(where: tuple[Path, Path]) -> None:
    home, cwd = where
    proc = subprocess.run(
        [sys.executable, "-m", "causality", "assess"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
        cwd=cwd, env={**os.environ, "XDG_DATA_HOME": str(home)}, timeout=20,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr and "causality score FILE" in proc.stderr
    assert proc.stdout == ""
    assert not (home / "adr-causality").exists()


def test_resume_with_no_drafts_says_so(where: tuple[Path, Path]) -> None:
    home, cwd = where
    child = spawn("--resume", home=home, cwd=cwd)
    child.expect("no drafts to resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


@pytest.mark.parametrize(("no_color", "coloured"), [("1", False), ("", True)])
def test_no_color_is_respected(where: tuple[Path, Path], no_color: str, coloured: bool) -> None:
    home, cwd = where
    env = {**os.environ, "XDG_DATA_HOME": str(home), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = no_color
    child = pexpect.spawn(sys.executable, ["-m", "causality", "assess"], cwd=str(cwd), env=env,
                          dimensions=(24, 80), encoding="utf-8", timeout=20)  # fmt: skip
    child.expect("Case identifier")
    shown = child.before or ""  # the question mark before it is coloured
    child.expect([pexpect.TIMEOUT], timeout=0.3)
    screen = shown + (child.before or "") + (child.after if isinstance(child.after, str) else "")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    has_colour = "38;5;" in screen or "38;2;" in screen
    assert has_colour is coloured


def test_a_draft_folder_that_fails_mid_interview_loses_no_answer(
    where: tuple[Path, Path], tmp_path: Path
) -> None:
    """The drafts folder becomes unusable after the first answers (here it is replaced by a file, which
    fails for root too): the clinician is told, chooses another folder, goes on, stops with Ctrl-C and
    resumes from the draft there with every answer kept."""
    import shutil

    home, cwd = where
    keys = list(ALEMTUZUMAB)
    child = spawn(home=home, cwd=cwd)
    child.expect("Case identifier")
    type_answers(child, home, keys[:3])
    folder = home / "adr-causality" / "drafts"
    shutil.rmtree(folder)
    folder.write_text("not a folder")
    child.send(ALEMTUZUMAB[keys[3]])
    child.expect("Every answer so far is kept in memory")
    child.expect("The draft could not be saved")
    child.send("f\r")  # keep the draft in another folder
    child.expect("Folder for the draft")
    elsewhere = tmp_path / "usb"
    child.send(f"{elsewhere}\r")
    child.expect("Date of the report")
    child.sendcontrol("c")
    child.expect(r"Resume with: causality assess --draft (\S+)")
    saved = Path(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert saved.parent == elsewhere and stat.S_IMODE(elsewhere.stat().st_mode) == 0o700
    from causality.interview.drafts import load

    held = answers_in(load(saved).case)
    assert {k: held.get(k) for k in keys[:4]} == {
        "case_id": "ALEM-001", "assessor.name": "A. Assessor", "assessor.role": "clinical pharmacist",
        "reporter.role": "case report in the literature",
    }  # fmt: skip
    child = spawn("--draft", str(saved), home=home, cwd=cwd)
    child.expect("Date of the report")  # straight back to the next question
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
