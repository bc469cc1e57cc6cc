"""The audit trail (history of changes, hash-chained), `causality verify` and `causality sign`.

The hashes are checked against an oracle written here from the README's description of the canonical form,
over the file as a generic YAML parser reads it (another tool's view), never against the tool's own
hashing; the changes an interview records are worked out by hand from what the script changes.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from causality import audit
from causality.casefile import load_cases, load_file, write_case
from causality.cli import cli
from causality.interview.engine import Interview
from causality.interview.session import draft_from_file
from causality.model import Case, Given, Override
from tests.conftest import EXAMPLE_FILES, EXAMPLES
from tests.fake_prompter import Answer, Editing, FakePrompter, InTurn
from tests.interview_harness import save_answers

pytestmark = [pytest.mark.timeout(120), pytest.mark.usefixtures("private_data_home")]

DIGOXIN = EXAMPLES / "digoxin-toxicity.yaml"
UTC = dt.UTC


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def words(text: str) -> str:
    """The text with its lines joined: what is said, however it is wrapped."""
    return " ".join(text.split())


# --- the oracle: the README's canonical form, over the file as a generic YAML parser reads it -------------


def as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def readme_sha256(value: Any) -> str:
    text = json.dumps(as_text(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def readme_case_hash(data: dict[str, Any]) -> str:
    return readme_sha256({k: v for k, v in data.items() if k not in ("history", "signatures")})


def readme_entry_hash(entry: dict[str, Any], previous: str | None) -> str:
    return readme_sha256(
        {
            "at": entry["at"],
            "by": entry["by"],
            "reason": entry.get("reason"),
            "changes": [
                {"field": c["field"], "old": c.get("old"), "new": c.get("new"), "reason": c.get("reason")}
                for c in entry.get("changes", [])
            ],
            "before_hash": entry["before_hash"],
            "case_hash": entry["case_hash"],
            "previous": previous,
        }
    )


def readme_verifies(data: dict[str, Any]) -> bool:
    previous = previous_case = None
    for entry in data.get("history", []):
        if entry["hash"] != readme_entry_hash(entry, previous):
            return False
        if previous_case is not None and entry["before_hash"] != previous_case:
            return False
        previous, previous_case = entry["hash"], entry["case_hash"]
    return not data.get("history") or data["history"][-1]["case_hash"] == readme_case_hash(data)


# --- a case with four saves, made through the tool's own functions ----------------------------------------

SAVES = 4


def moment(k: int) -> dt.datetime:
    return dt.datetime(2026, 3, 1 + k, 9, 30, tzinfo=UTC)


def with_history(tmp_path: Path) -> Path:
    """The digoxin case saved four times, by four people: the age raised by one each time."""
    (case,) = load_cases([str(DIGOXIN)])
    for k in range(SAVES):
        before = audit.document(case)
        assert case.patient.age is not None
        case.patient.age += 1
        found, _ = audit.changes(before, audit.document(case))
        audit.append(case, found, f"Assessor {k + 1}", None, audit.sha256(before), at=moment(k))
    path = tmp_path / "case.yaml"
    write_case(path, case)
    return path


def test_each_save_records_the_field_its_old_and_new_value_and_a_chain_another_tool_can_check(
    tmp_path: Path,
) -> None:
    path = with_history(tmp_path)
    data = raw(path)
    assert [(e["by"], e["at"]) for e in data["history"]] == [
        (f"Assessor {k + 1}", moment(k).isoformat()) for k in range(SAVES)
    ]
    # 82 in the example, one more at each save
    assert [e["changes"] for e in data["history"]] == [
        [{"field": "patient.age", "old": str(82 + k), "new": str(83 + k)}] for k in range(SAVES)
    ]
    assert readme_verifies(data)
    result = run("verify", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: history: 4 entries, intact" in result.output


def test_the_case_hash_is_the_same_from_yaml_and_json_and_matches_the_readme(tmp_path: Path) -> None:
    for example in EXAMPLE_FILES:
        (case,) = load_cases([str(example)])
        if case.shorthand:
            continue
        write_case(tmp_path / "c.yaml", case)
        write_case(tmp_path / "c.json", case)
        from_json = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
        assert audit.content_hash(case) == readme_case_hash(raw(tmp_path / "c.yaml")), example.name
        assert audit.content_hash(case) == readme_case_hash(from_json), example.name


Tamper = Callable[[list[dict[str, Any]]], None]


def _edit(k: int) -> Tamper:
    def edit(history: list[dict[str, Any]]) -> None:
        history[k]["changes"][0]["new"] = "99"

    return edit


def _delete(k: int) -> Tamper:
    return lambda history: history.pop(k) and None


def _swap(k: int) -> Tamper:
    def swap(history: list[dict[str, Any]]) -> None:
        history[k], history[k + 1] = history[k + 1], history[k]

    return swap


def _insert(k: int) -> Tamper:
    """A made-up entry, a copy of another (its hash too) saying something else, put in at ``k``."""

    def insert(history: list[dict[str, Any]]) -> None:
        forged = copy.deepcopy(history[0])
        forged["by"] = "Someone Else"
        history.insert(k, forged)

    return insert


# (tampering, the entry verify must name, who saved it, when): worked out from the chain's definition. An
# edited, moved or inserted entry is itself the first that does not match; after a deleted entry, the one
# that now follows the wrong predecessor; the last one deleted leaves the case ahead of its history.
CASES = [
    *[(f"edit {k + 1}", _edit(k), k + 1, f"Assessor {k + 1}", moment(k)) for k in range(SAVES)],
    *[(f"delete {k + 1}", _delete(k), k + 1, f"Assessor {k + 2}", moment(k + 1)) for k in range(SAVES - 1)],
    ("delete 4", _delete(SAVES - 1), SAVES - 1, f"Assessor {SAVES - 1}", moment(SAVES - 2)),
    *[
        (f"swap {k + 1}/{k + 2}", _swap(k), k + 1, f"Assessor {k + 2}", moment(k + 1))
        for k in range(SAVES - 1)
    ],
    *[(f"insert at {k + 1}", _insert(k), k + 1, "Someone Else", moment(0)) for k in range(SAVES + 1)],
]


@pytest.mark.parametrize(
    ("tamper", "number", "who", "when"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_history_changed_at_any_place_names_its_first_broken_entry(
    tmp_path: Path, tamper: Tamper, number: int, who: str, when: dt.datetime
) -> None:
    path = with_history(tmp_path)
    data = raw(path)
    tamper(data["history"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert not readme_verifies(data)
    result = run("verify", str(path))
    assert result.exit_code == 1, result.output
    total = len(data["history"])
    shown = when.strftime("%Y-%m-%d %H:%M UTC")
    assert f"{path}: history: entry {number} of {total} ({shown}, {who}) is broken" in result.output
    assert "did not verify" in result.output


def test_a_case_changed_without_an_entry_does_not_verify(tmp_path: Path) -> None:
    path = with_history(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("weight_kg: 54", "weight_kg: 55"), encoding="utf-8"
    )
    result = run("verify", str(path))
    assert result.exit_code == 1
    assert "entry 4 of 4" in result.output and "changed without an entry in its history" in result.output


def test_verify_without_history_says_so_and_an_unreadable_file_is_bad_input(tmp_path: Path) -> None:
    result = run("verify", str(DIGOXIN))
    assert result.exit_code == 0
    assert "history: none recorded" in result.output and "signatures: none recorded" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: X\nhistory: [{by: me}]\n", encoding="utf-8")
    result = run("verify", str(bad))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- signatures --------------------------------------------------------------------------------------------


def signed_copy(tmp_path: Path, meaning: str = "author", *extra: str) -> Path:
    path = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, path)
    result = run("sign", str(path), "--meaning", meaning, *extra)
    assert result.exit_code == 0, result.output
    return path


def test_sign_records_name_time_meaning_and_the_hash_of_what_was_signed(tmp_path: Path) -> None:
    path = signed_copy(tmp_path)
    signed = raw(path)
    (signature,) = signed["signatures"]
    assert signature["name"] == "Example Assessor"  # the case's assessor signs as author
    assert signature["meaning"] == "author"
    at = dt.datetime.fromisoformat(signature["at"])
    assert at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(UTC) - at) < dt.timedelta(minutes=5)
    assert signature["hash"] == readme_case_hash(signed)
    # the signed case is the example, unchanged
    (before,) = load_cases([str(DIGOXIN)])
    assert signature["hash"] == readme_case_hash(json.loads(json.dumps(audit.document(before))))
    result = run("sign", str(path), "--meaning", "reviewer", "--name", "Dr R. Second")
    assert result.exit_code == 0
    assert [(s["name"], s["meaning"]) for s in raw(path)["signatures"]] == [
        ("Example Assessor", "author"),
        ("Dr R. Second", "reviewer"),
    ]
    result = run("verify", str(path))
    assert result.exit_code == 0
    assert "signature 2: Dr R. Second (reviewer)" in result.output and ": valid" in result.output


def test_sign_refuses_without_a_name_and_a_shorthand_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, path)
    result = run("sign", str(path), "--meaning", "approver")
    assert result.exit_code == 2 and "--name" in result.output
    short = tmp_path / "short.yaml"
    short.write_text(
        "case_id: S-1\ndrug: amoxicillin\nreaction: urticaria\nnaranjo: {q1: yes}\n", encoding="utf-8"
    )
    result = run("sign", str(short), "--meaning", "author", "--name", "A")
    assert result.exit_code == 2 and "full case" in result.output
    assert "signatures" not in short.read_text(encoding="utf-8")


def _facts(case: Case) -> None:
    d = case.assessments[0].facts.dechallenge
    assert d is not None
    d.note = "resolved within 96 hours"


def _answer(case: Case) -> None:
    from causality.answers import Answer

    case.assessments[0].naranjo["q9"] = Given(Answer.NO, "first exposure")


def _override(case: Case) -> None:
    from causality.instruments.who_umc import Category

    case.assessments[0].who_umc_override = Override(Category.PROBABLE, "level drawn too early")


def _patient(case: Case) -> None:
    case.patient.age = 83


EDITS = {"facts": _facts, "answer": _answer, "override": _override, "patient": _patient}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_any_change_after_signing_makes_the_signature_not_valid_in_every_output(
    tmp_path: Path, edit: Callable[[Case], None]
) -> None:
    path = signed_copy(tmp_path)
    (case,) = load_cases([str(path)])
    assert case.signatures[0].valid is True
    edit(case)
    write_case(path, case)
    (case,) = load_cases([str(path)])
    assert case.signatures[0].valid is False
    scored = json.loads(run("score", str(path), "--format", "json").output)
    assert scored[0]["signatures"] == [
        {
            "name": "Example Assessor",
            "meaning": "author",
            "at": case.signatures[0].at.isoformat(),
            "valid": False,
        }
    ]
    table = words(run("score", str(path)).output)
    assert "Signature: Example Assessor (author)" in table and "not valid: the case changed after it" in table
    report = words(run("report", str(path), "--format", "txt").output)
    assert "recorded signature, not valid: the case changed after it was signed" in report
    verified = run("verify", str(path))
    assert verified.exit_code == 1 and "signature 1: Example Assessor (author)" in verified.output
    # signed again: the new signature holds, the old one still says it does not
    assert run("sign", str(path), "--meaning", "author").exit_code == 0
    (case,) = load_cases([str(path)])
    assert [s.valid for s in case.signatures] == [False, True]


def test_a_signed_case_scores_the_same_and_its_outputs_only_add_the_signature(tmp_path: Path) -> None:
    path = signed_copy(tmp_path)
    plain, signed = (json.loads(run("score", str(p), "--format", "json").output) for p in (DIGOXIN, path))
    valid = signed[0].pop("signatures")
    assert [s["valid"] for s in valid] == [True]
    signed[0]["file"] = plain[0]["file"]
    assert signed == plain
    csv_plain, csv_signed = (run("score", str(p), "--format", "csv").output for p in (DIGOXIN, path))
    assert csv_signed.replace(str(path), str(DIGOXIN)) == csv_plain


def test_old_case_files_and_the_shorthand_read_and_score_as_before(tmp_path: Path) -> None:
    for example in EXAMPLE_FILES:
        case, problems = load_file(example)
        assert problems == [] and case is not None
        assert case.history == [] and case.signatures == []
        assert "signatures" not in run("score", str(example), "--format", "json").output
    short = tmp_path / "short.yaml"
    short.write_text(
        "case_id: S-1\ndrug: amoxicillin\nreaction: urticaria\nnaranjo: {q1: yes, q2: yes}\n",
        encoding="utf-8",
    )
    (scored,) = json.loads(run("score", str(short), "--format", "json").output)
    assert scored["naranjo"]["score"] == 3 and "signatures" not in scored  # q1 +1, q2 +2


def test_the_json_schema_declares_history_and_signatures(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    from causality.schema import json_schema

    schema = json.loads(run("schema").output)
    assert schema == json_schema()
    case = schema["$defs"]["case"]["properties"]
    assert {"history", "signatures"} <= set(case)
    entry = case["history"]["items"]
    assert set(entry["required"]) == {"at", "by", "before_hash", "case_hash", "hash"}
    assert set(entry["properties"]["changes"]["items"]["properties"]) == {"field", "old", "new", "reason"}
    assert case["signatures"]["items"]["properties"]["meaning"]["enum"] == ["author", "reviewer", "approver"]
    validator = Draft202012Validator(schema)
    (case,) = load_cases([str(with_history_and_signature(tmp_path))])
    write_case(tmp_path / "case.json", case)  # as JSON: the schema's dates are text, as the reader takes them
    data = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["signatures"][0]["meaning"] = "witness"
    assert list(validator.iter_errors(data)) != []


def with_history_and_signature(folder: Path) -> Path:
    path = with_history(folder)
    assert run("sign", str(path), "--meaning", "author").exit_code == 0
    return path


# --- reports -----------------------------------------------------------------------------------------------


def test_the_report_shows_recorded_signatures_and_hand_lines_only_where_none_is_recorded(
    tmp_path: Path,
) -> None:
    unsigned = run("report", str(DIGOXIN), "--format", "txt").output
    assert unsigned.count("Signature: ______") == 2  # assessor and second assessor, by hand
    path = signed_copy(tmp_path)
    txt = words(run("report", str(path), "--format", "txt").output)
    assert txt.count("Signature: ______") == 1  # the second assessor's only
    assert "Signed by Example Assessor (author)" in txt and "recorded signature, valid" in txt
    run("sign", str(path), "--meaning", "reviewer", "--name", "<b>Dr R</b>")
    md = run("report", str(path), "--format", "md").output
    assert "Signature: ______" not in md
    html_file = tmp_path / "case.html"
    assert run("report", str(path), "-o", str(html_file)).exit_code == 0
    html = html_file.read_text(encoding="utf-8")
    assert "&lt;b&gt;Dr R&lt;/b&gt; (reviewer)" in html and "<b>Dr R</b>" not in html
    assert 'class="line"' not in html


def test_report_history_prints_every_change_as_an_annex(tmp_path: Path) -> None:
    path = with_history(tmp_path)
    without = run("report", str(path), "--format", "txt").output
    assert "HISTORY OF CHANGES" not in without
    txt = run("report", str(path), "--format", "txt", "--history").output
    annex = txt[txt.index("ANNEX: HISTORY OF CHANGES") :]
    assert "Changes saved 4 times; the history is intact." in annex
    for k in range(SAVES):
        when = moment(k).strftime("%Y-%m-%d %H:%M UTC")
        assert f"{k + 1}. {when}, Assessor {k + 1}: Patient: Age: {82 + k} -> {83 + k}" in annex
    md = run("report", str(path), "--format", "md", "--history").output
    assert "| 2 | 2026-03-02 09:30 UTC | Assessor 2 | Patient: Age | 83 | 84 |  |" in md
    html_file = tmp_path / "case.html"
    assert run("report", str(path), "--history", "-o", str(html_file)).exit_code == 0
    html = html_file.read_text(encoding="utf-8")
    assert html.count("<td>Patient: Age</td>") == SAVES
    # broken: the annex says where
    data = raw(path)
    data["history"][1]["by"] = "Someone Else"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    txt = words(run("report", str(path), "--format", "txt", "--history").output)
    assert "The history is broken at entry 2 (2026-03-02 09:30 UTC, Someone Else)" in txt


# --- the interview ----------------------------------------------------------------------------------------

# What `assess --from` asks of the digoxin example (the rest is in the file).
DIGOXIN_ASKED: dict[str, Answer] = {
    "pair.0.0.information": "adequate",
    "reaction.0.care": (),
    "pair.0.0.preventability": (),
    "pair.0.0.conclusion": "",
}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[dt.datetime]:
    """The moments the saves take, in turn (assessed_at and the history entry's time)."""
    moments: list[dt.datetime] = []
    import causality.casefile as casefile

    real = casefile.mark_assessed
    monkeypatch.setattr(casefile, "mark_assessed", lambda case, now=None: real(case, moments[0]))
    monkeypatch.setattr(audit, "now", lambda: moments[0])
    return moments


def test_saves_through_the_interview_append_the_changes_chained_and_ask_why_after_signing(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    path = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, path)

    # 1. The first save of an old file starts its history: what the interview added, by the case's assessor.
    clock[:] = [dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)]
    p = FakePrompter({**DIGOXIN_ASKED, **save_answers(path)})
    assert Interview(p, draft_from_file(str(path))).run() == path
    assert "save.by" not in p.asked and "save.reason" not in p.asked
    (first,) = raw(path)["history"]
    assert first["by"] == "Example Assessor" and first["at"] == "2026-03-01T10:00:00+00:00"
    assert {"field": "assessed_at", "new": "2026-03-01T10:00:00+00:00"} in first["changes"]
    assert {"field": "assessments[0].facts.information", "new": "adequate"} in first["changes"]
    assert readme_verifies(raw(path))

    # 2. Age 82 -> 83 and an override of Naranjo q6 with its reason, a day later.
    clock[:] = [dt.datetime(2026, 3, 2, 11, 0, tzinfo=UTC)]
    script: dict[str, Answer] = {
        **save_answers(path),
        "menu": InTurn("change", "naranjo", "q6", "no", "save"),
        "age": "83",
        "pair.0.0.naranjo.q6.reason": "placebo run-in without symptoms",
    }
    p = Editing(script, change="age = 82")
    assert Interview(p, draft_from_file(str(path))).run() == path
    second = raw(path)["history"][1]
    why = "placebo run-in without symptoms"
    assert second["changes"] == [
        {"field": "assessed_at", "old": "2026-03-01T10:00:00+00:00", "new": "2026-03-02T11:00:00+00:00"},
        {"field": "patient.age", "old": "82", "new": "83"},
        {"field": "assessments[0].naranjo.q6.answer", "new": "no", "reason": why},
        {"field": "assessments[0].naranjo.q6.reason", "new": why, "reason": why},
        {"field": "assessments[0].naranjo.q6.source", "new": "assessment", "reason": why},
    ]
    assert second["by"] == "Example Assessor" and "reason" not in second
    assert readme_verifies(raw(path))

    # 3. Signed; then a change must give its reason, and the signature no longer holds.
    assert run("sign", str(path), "--meaning", "author").exit_code == 0
    clock[:] = [dt.datetime(2026, 3, 3, 12, 0, tzinfo=UTC)]
    script = {
        **save_answers(path),
        "menu": InTurn("change", "save"),
        "age": "84",
        "save.reason": "age corrected from the admission record",
    }
    p = Editing(script, change="age = 83")
    assert Interview(p, draft_from_file(str(path))).run() == path
    assert "save.reason" in p.asked
    shown = [line for line in p.said if line.startswith("  Signature: Example Assessor (author), ")]
    assert shown[0].endswith(": valid")  # the review before the change
    assert shown[-1].endswith(": not valid: the case changed after it was signed")  # once saved
    data = raw(path)
    third = data["history"][2]
    assert third["reason"] == "age corrected from the admission record"
    assert third["changes"] == [
        {"field": "assessed_at", "old": "2026-03-02T11:00:00+00:00", "new": "2026-03-03T12:00:00+00:00"},
        {"field": "patient.age", "old": "83", "new": "84"},
    ]
    assert readme_verifies(data) and len(data["signatures"]) == 1
    result = run("verify", str(path))
    assert result.exit_code == 1
    assert "history: 3 entries, intact" in result.output and "not valid" in result.output

    # 4. Opened and saved without a change: nothing added, nothing asked, the assessment time kept.
    clock[:] = [dt.datetime(2026, 3, 4, 13, 0, tzinfo=UTC)]
    p = FakePrompter(save_answers(path))
    assert Interview(p, draft_from_file(str(path))).run() == path
    assert raw(path)["history"] == data["history"] and raw(path)["assessed_at"] == data["assessed_at"]
    assert p.asked == ["menu", "save.path", "report.format"]


def test_a_save_asks_who_where_the_case_names_no_assessor(tmp_path: Path, clock: list[dt.datetime]) -> None:
    path = tmp_path / "case.yaml"
    text = DIGOXIN.read_text(encoding="utf-8")
    path.write_text(text.replace("assessor:\n  name: Example Assessor\n", "assessor:\n"), encoding="utf-8")
    clock[:] = [dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)]
    script: dict[str, Answer] = {**DIGOXIN_ASKED, **save_answers(path), "save.by": "Dr N. Named"}
    p = FakePrompter(script)
    Interview(p, draft_from_file(str(path))).run()
    assert p.asked[-3:] == ["save.path", "save.by", "report.format"]
    assert raw(path)["history"][0]["by"] == "Dr N. Named"


def test_a_change_made_outside_the_tool_between_two_saves_is_named_and_never_hidden(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    path = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, path)
    clock[:] = [dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)]
    Interview(FakePrompter({**DIGOXIN_ASKED, **save_answers(path)}), draft_from_file(str(path))).run()
    # by hand, with no entry: the weight
    path.write_text(
        path.read_text(encoding="utf-8").replace("weight_kg: 54", "weight_kg: 45"), encoding="utf-8"
    )
    assert "changed without an entry" in run("verify", str(path)).output
    clock[:] = [dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)]
    script: dict[str, Answer] = {**save_answers(path), "menu": InTurn("change", "save"), "age": "83"}
    p = Editing(script, change="age = 82")
    Interview(p, draft_from_file(str(path))).run()
    assert any("broken at entry 1 (2026-03-01 10:00 UTC, Example Assessor)" in line for line in p.said)
    result = run("verify", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}: history: entry 2 of 2 (2026-03-02 10:00 UTC, Example Assessor) is broken: the case it changed "
        "is not the one the entry before it saved" in result.output
    )
    assert not readme_verifies(raw(path))


def test_at_the_real_prompts_a_save_asks_who_and_the_history_records_it(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    """The whole of `assess --from FILE`, keys typed into questionary through prompt_toolkit pipe input."""
    from causality.interview.session import start
    from tests.interview_harness import ENTER, by_key, pick, prompter, text

    path = tmp_path / "case.yaml"
    path.write_text(
        DIGOXIN.read_text(encoding="utf-8").replace("assessor:\n  name: Example Assessor\n", "assessor:\n"),
        encoding="utf-8",
    )
    clock[:] = [dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)]
    keys = {
        "pair.0.0.information": pick("n"),  # no, the information is complete enough
        "reaction.0.care": ENTER,
        "pair.0.0.preventability": ENTER,
        "pair.0.0.conclusion": text(""),
        "menu": pick("s"),
        "save.path": text(str(path)),
        "save.by": text("Dr N. Named"),
        "report.format": pick("n"),
    }
    with prompter(by_key(keys)) as p:
        assert start(from_file=str(path), resume=False, output=None, prompter=p) == path
    assert p.asked[-3:] == ["save.path", "save.by", "report.format"]
    (entry,) = raw(path)["history"]
    assert entry["by"] == "Dr N. Named" and entry["at"] == "2026-03-01T10:00:00+00:00"
    assert {"field": "assessments[0].facts.information", "new": "adequate"} in entry["changes"]
    assert run("verify", str(path)).exit_code == 0


def test_signing_a_case_with_a_broken_history_says_so_and_the_break_stays(tmp_path: Path) -> None:
    path = with_history(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("weight_kg: 54", "weight_kg: 45"), encoding="utf-8"
    )
    result = run("sign", str(path), "--meaning", "approver", "--name", "Dr A. Prover")
    assert result.exit_code == 0
    assert "Note: its history is broken at entry 4 (2026-03-04 09:30 UTC, Assessor 4)" in result.output
    verified = run("verify", str(path))
    assert verified.exit_code == 1
    assert "entry 4 of 4" in verified.output and "signature 1: Dr A. Prover (approver)" in verified.output


def test_an_override_taken_back_asks_why(tmp_path: Path, clock: list[dt.datetime]) -> None:
    path = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, path)
    clock[:] = [dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)]
    script: dict[str, Answer] = {
        **DIGOXIN_ASKED,
        **save_answers(path),
        "menu": InTurn("naranjo", "q6", "no", "save"),
        "pair.0.0.naranjo.q6.reason": "placebo run-in without symptoms",
    }
    p = FakePrompter(script)
    Interview(p, draft_from_file(str(path))).run()
    assert "save.reason" not in p.asked  # the override came with its reason
    clock[:] = [dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)]
    script = {
        **save_answers(path),
        "menu": InTurn("naranjo", "q6", "derived", "save"),
        "save.reason": "the run-in was not blinded",
    }
    p = FakePrompter(script)
    Interview(p, draft_from_file(str(path))).run()
    assert "an override was taken back" in next(q.message for q in p.questions if q.key == "save.reason")
    second = raw(path)["history"][1]
    assert second["reason"] == "the run-in was not blinded"
    assert second["changes"][1:] == [
        {"field": "assessments[0].naranjo.q6.answer", "old": "no"},
        {"field": "assessments[0].naranjo.q6.reason", "old": "placebo run-in without symptoms"},
        {"field": "assessments[0].naranjo.q6.source", "old": "assessment"},
    ]
    assert second["changes"][0]["field"] == "assessed_at"


def test_signing_a_json_file_or_one_whose_last_key_is_not_its_signatures_still_signs(tmp_path: Path) -> None:
    """Where the signature cannot be added at the end of the text (JSON; signatures followed by other keys),
    the file is written whole, and the signature holds."""
    import json

    as_json = tmp_path / "case.json"
    as_json.write_text(json.dumps(yaml.safe_load(DIGOXIN.read_text(encoding="utf-8")), default=str),
                       encoding="utf-8")  # fmt: skip
    assert run("sign", str(as_json), "--meaning", "author").exit_code == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["signatures"][0]["meaning"] == "author"
    signed = tmp_path / "case.yaml"
    shutil.copy(DIGOXIN, signed)
    assert run("sign", str(signed), "--meaning", "author").exit_code == 0
    text = signed.read_text(encoding="utf-8")
    moved = tmp_path / "moved.yaml"  # signatures first, the case after: the tool writes it out whole
    start = text.index("\nsignatures:")
    moved.write_text(text[start + 1 :] + text[: start + 1], encoding="utf-8")
    assert run("sign", str(moved), "--meaning", "reviewer", "--name", "Dr Rev").exit_code == 0
    result = run("verify", str(moved))
    assert result.exit_code == 0 and result.output.count(": valid") == 2
