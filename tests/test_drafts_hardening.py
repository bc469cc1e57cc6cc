"""Drafts hold a clinician's answers: two terminals never share one, damaged ones are never hidden, and
their folders are private whatever the umask."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from causality.errors import DraftError, UsageError
from causality.interview import drafts, session
from tests.fake_prompter import FakePrompter

pytestmark = pytest.mark.usefixtures("private_data_home")


def test_a_second_session_on_the_same_draft_is_refused_until_the_first_ends() -> None:
    draft = drafts.new_draft()
    first, second = drafts.Lock(draft.path), drafts.Lock(draft.path)
    first.acquire()
    with pytest.raises(DraftError) as refused:
        second.acquire()
    message = str(refused.value)
    assert "open in another terminal" in message and f"process {os.getpid()}" in message
    first.release(remove=True)
    second.acquire()  # the holder is gone: it can be taken over at once
    second.release(remove=True)
    assert not draft.path.with_suffix(".lock").exists()


def test_the_drafts_folder_and_its_parents_are_private_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "drafts"
    old = os.umask(0)
    try:
        drafts.private_folder(target)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_damaged_draft_is_named_not_hidden(private_data_home: Path) -> None:
    folder = drafts.drafts_dir()
    drafts.private_folder(folder)
    bad = folder / "draft-20261201T000000000000.json"
    bad.write_text(json.dumps({"format": 2, "started": 12, "source": None, "answers": {"case_id": 5}}))
    garbled = folder / "draft-20261202T000000000000.json"
    garbled.write_text("\x00\x17 not a draft at all")
    with pytest.raises(DraftError, match="its 'started' is not text"):
        drafts.load(bad)
    p = FakePrompter({})
    with pytest.raises(UsageError, match="2 damaged, listed above"):
        session.choose_draft(p)
    assert sum(line.startswith("Cannot be resumed as it is: ") for line in p.said) == 2
    assert any(str(garbled) in line and "no answers can be read" in line for line in p.said)
    assert bad.exists() and garbled.exists()  # left in place, never deleted


def test_the_answers_of_a_draft_cut_short_are_recovered(private_data_home: Path) -> None:
    """A draft cut short (a crash or a full disk while an older version wrote it) keeps every answer written
    before the cut; the damaged file stays beside the recovered one."""
    folder = drafts.drafts_dir()
    drafts.private_folder(folder)
    whole = {"format": 3, "started": "2026-12-01T10:00:00+00:00", "source": None,
             "case": {"case_id": "CUT-1", "patient": {"age": 58, "sex": "female"},
                      "suspect_drugs": [{"name": "alemtuzumab", "dose": "12 mg/day"}]},
             "progress": {"drug.0.more": "no"}}  # fmt: skip
    text = json.dumps(whole, indent=1)
    cut = folder / "draft-20261201T100000000000.json"
    cut.write_text(
        text[: text.index('"dose"') + 12]
    )  # inside the dose: the last answer is lost, not the rest
    listed = session.listing()
    assert "4 answers can be recovered" in listed  # case id, age, sex, drug name
    p = FakePrompter({"resume": "r0"})
    draft = session.choose_draft(p)
    assert draft.case.doc == {"case_id": "CUT-1", "patient": {"age": 58, "sex": "female"},
                              "suspect_drugs": [{"name": "alemtuzumab"}]}  # fmt: skip
    assert not cut.exists() and cut.with_name(cut.name + ".damaged").exists()
    assert drafts.load(draft.path).case.doc == draft.case.doc  # saved as a draft that resumes


def test_resuming_a_draft_open_elsewhere_is_refused_and_its_answers_kept() -> None:
    draft = drafts.new_draft()
    draft.case.doc["case_id"] = "HELD-1"
    draft.save()
    holder = drafts.Lock(draft.path)
    holder.acquire()
    try:
        with pytest.raises(DraftError, match="open in another terminal"):
            session.start(from_file=None, resume=True, output=None, prompter=FakePrompter({}))
    finally:
        holder.release(remove=True)
    assert drafts.load(draft.path).case.doc == {"case_id": "HELD-1"}


def test_drafts_are_listed_and_one_can_be_discarded() -> None:
    from click.testing import CliRunner

    from causality.cli import cli

    for case_id in ("FIRST-1", "SECOND-2"):
        draft = drafts.new_draft()
        draft.case.doc["case_id"] = case_id
        draft.save()
    listed = CliRunner().invoke(cli, ["drafts"])
    assert listed.exit_code == 0
    assert "1. SECOND-2" in listed.stdout and "2. FIRST-1" in listed.stdout  # newest first
    # With two drafts, --resume asks which; with one, it resumes it at once.
    p = FakePrompter({"resume": "1"})
    assert session.choose_draft(p).case_id == "FIRST-1" and p.asked == ["resume"]
    gone = CliRunner().invoke(cli, ["drafts", "--discard", "2"])
    assert gone.exit_code == 0 and "Discarded FIRST-1" in gone.stdout
    p = FakePrompter({})
    assert session.choose_draft(p).case_id == "SECOND-2" and p.asked == []
    wrong = CliRunner().invoke(cli, ["drafts", "--discard", "5"])
    assert wrong.exit_code == 2 and "no draft number 5 (allowed: 1 to 1)" in wrong.stderr


def test_a_case_identifier_typed_with_terminal_controls_is_listed_inert(private_data_home: Path) -> None:
    """A draft's case identifier is typed text: listed with `causality drafts`, its control characters
    (an escape sequence, a C1 CSI, a bell) show as markers and never act on the terminal."""
    folder = drafts.drafts_dir()
    drafts.private_folder(folder)
    typed = "CASE-\x1b]0;owned\x07-\x9b31m-1"
    (folder / "draft-20261203T000000000000.json").write_text(
        json.dumps(
            {
                "format": 3,
                "started": "2026-12-03T00:00:00+00:00",
                "source": None,
                "case": {"case_id": typed},
                "progress": {},
            }
        )
    )
    listed = session.listing()
    assert not any(c in listed for c in "\x1b\x07\x9b")
    assert "CASE-\ufffd]0;owned\ufffd-\ufffd31m-1, started 2026-12-03 00:00 UTC" in listed
