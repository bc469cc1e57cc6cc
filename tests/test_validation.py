"""Every validation path: one line per problem as FILE: field.path: what (allowed: ...), exit 2, no output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from causality.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


GOOD = "case_id: OK\ndrug: d\nreaction: r\nnaranjo: {q1: yes}\n"

# (file name, content, the exact lines expected on standard error, with {f} for the file path)
CASES = [
    ("unknown-answer.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjo: {q1: maybe}\n",
     ["{f}: naranjo.q1: 'maybe' is not allowed (allowed: yes, no, unknown)"]),
    ("unknown-item.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjo: {q11: yes}\n",
     ["{f}: naranjo.q11: unknown field (allowed: q1, q2, q3, q4, q5, q6, q7, q8, q9, q10)"]),
    ("typo-field.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjio: {q1: yes}\n",
     ["{f}: naranjio: unknown field (allowed: case_id, drug, reaction, facts, naranjo, who_umc, "
      "who_umc_override, conclusion, notes, assessor, lcat, rucam, george, schumock_thornton, instruments)"]),
    ("missing.yaml", "drug: d\nnaranjo: {q1: yes}\n",
     ["{f}: case_id: required field is missing", "{f}: reaction: required field is missing"]),
    ("who.yaml", "case_id: A\ndrug: d\nreaction: r\nwho_umc: {timing: soon, alternatives: none}\n",
     ["{f}: who_umc.timing: 'soon' is not allowed (allowed: plausible, reasonable, improbable_not_impossible, "
      "impossible, unknown)",
      "{f}: who_umc.alternatives: 'none' is not allowed (allowed: excluded, unlikely, possible, "
      "plausible_explanation, unknown)"]),
    ("override.yaml", "case_id: A\ndrug: d\nreaction: r\nwho_umc_override: {category: possible}\n",
     ["{f}: who_umc_override.reason: required field is missing"]),
    ("not-mapping.yaml", "- a\n- b\n", ["{f}: (top level): must be a mapping of fields, got list"]),
    ("empty.yaml", "", ["{f}: (top level): must be a mapping of fields, got nothing"]),
    ("bad.yaml", "case_id: A\ndrug: [d\n", ["{f}: line 3: not valid YAML: "]),
    ("twice.yaml", "case_id: A\ndrug: d\nreaction: r\ndrug: e\n",
     ["{f}: line 4: not valid YAML: field 'drug' is given twice"]),
    ("bad.json", '{"case_id": "A", "drug": }', ["{f}: line 1: not valid JSON: Expecting value"]),
    ("twice.json", '{"case_id": "A", "drug": "d", "reaction": "r", "drug": "e"}',
     ["{f}: line 1: not valid JSON: field 'drug' is given twice"]),
    ("full.yaml", """\
case_id: F
patient: {name: Jane Doe, age: 200, sex: woman}
suspect_drugs: [{name: x, start: 2024-02-30, stop: 2024-01-01}]
reactions: [{term: rash, outcome: better, seriousness: [bad]}]
assessments:
  - drug: y
    reaction: rash
    facts:
      placebo: maybe
      dechallenge: {outcome: improved, response: great}
      alternative_causes: [{cause: infection}, {status: tested_excluded}]
      timing: {sequence: later}
      objective_evidence: {note: photo}
""", [
        "{f}: patient.name: patient names are not stored: keep the case de-identified (age, sex, weight only)",
        "{f}: patient.age: 200 is out of range (allowed: 0 to 130)",
        "{f}: patient.sex: 'woman' is not allowed (allowed: female, male, other, unknown)",
        "{f}: suspect_drugs[0].start: '2024-02-30' is not a date (allowed: YYYY-MM-DD)",
        "{f}: reactions[0].seriousness[0]: 'bad' is not allowed (allowed: death, life_threatening, hospitalisation, "
        "disability, congenital_anomaly, medically_important)",
        "{f}: reactions[0].outcome: 'better' is not allowed (allowed: recovered, recovering, not_recovered, "
        "recovered_with_sequelae, fatal, unknown)",
        # The facts in the order the case file declares them.
        "{f}: assessments[0].facts.timing.sequence: 'later' is not allowed (allowed: after_drug, before_drug, unknown)",
        "{f}: assessments[0].facts.dechallenge.response: 'great' is not allowed (allowed: plausible, "
        "clinically_reasonable, unknown)",
        "{f}: assessments[0].facts.alternative_causes[0].status: required field is missing (allowed: not_considered, "
        "considered_not_tested, tested_excluded, clinically_excluded, present_possible, present_confirmed)",
        "{f}: assessments[0].facts.alternative_causes[1].cause: required field is missing",
        "{f}: assessments[0].facts.placebo: 'maybe' is not allowed (allowed: reappeared, did_not_reappear, not_given)",
        "{f}: assessments[0].facts.objective_evidence.outcome: required field is missing (allowed: yes, no, unknown)",
        "{f}: assessments[0].drug: 'y' is not a suspect drug of this case (allowed: x)",
    ]),
    ("refs.yaml", """\
case_id: R
suspect_drugs: [{name: x, start: 2024-02-01, stop: 2024-01-01}]
reactions: [{term: rash}]
assessments: [{drug: x, reaction: rash}, {drug: X, reaction: Rash}, {drug: x, reaction: itch}]
""", [
        "{f}: suspect_drugs[0].stop: stop date 2024-01-01 is before the start date 2024-02-01",
        "{f}: assessments[1]: the pair X x Rash is assessed twice",
        "{f}: assessments[2].reaction: 'itch' is not a reaction of this case (allowed: rash)",
    ]),
    ("lists.yaml", "case_id: L\nsuspect_drugs: x\nreactions: []\n", [
        "{f}: suspect_drugs: must be a list, got text",
        "{f}: reactions: must list at least one",
        "{f}: assessments: required field is missing (a list of at least one)",
    ]),
    ("note.txt", "case_id: A", ["{f}: not a case file (allowed: .yaml, .yml, .json)"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_on_its_own_line(write, name: str, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write(name, text)
    code, out, err = run("score", str(path))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == len(expected), err
    for line, want in zip(lines, expected, strict=True):
        assert line.startswith(want.format(f=path)), (line, want)
    assert "Traceback" not in err


def test_one_bad_file_stops_all_scoring_and_every_file_is_reported(write) -> None:  # type: ignore[no-untyped-def]
    good = write("a-good.yaml", GOOD)
    bad1 = write("b.yaml", "case_id: B\ndrug: d\nreaction: r\nnaranjo: {q2: perhaps}\n")
    bad2 = write("c.json", '{"case_id": "C", "drug": "d", "reaction": "r", "naranjo": {"q6": 1}}')
    code, out, err = run("score", str(good), str(bad1), str(bad2))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{bad1}: naranjo.q2: 'perhaps' is not allowed (allowed: yes, no, unknown)",
        f"{bad2}: naranjo.q6: must be one of the listed words, got a number (allowed: yes, no, unknown)",
    ]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run("score", str(tmp_path / "nope.yaml"), str(tmp_path / "empty"))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{tmp_path / 'nope.yaml'}: no such file or folder",
        f"{tmp_path / 'empty'}: no case files in this folder (looked for .yaml, .yml, .json)",
    ]


def test_unreadable_and_non_utf8_files(write) -> None:  # type: ignore[no-untyped-def]
    latin = write("latin.yaml", "")
    latin.write_bytes("case_id: é\n".encode("latin-1"))
    code, _, err = run("score", str(latin))
    assert code == 2
    assert err.strip() == f"{latin}: cannot be read: not UTF-8 text"


def test_yes_and_no_are_answers_not_booleans(write) -> None:  # type: ignore[no-untyped-def]
    # YAML 1.1 would read these as true/false; case files keep them as the words written.
    path = write(
        "words.yaml",
        "case_id: W\ndrug: d\nreaction: r\nnaranjo: {q1: yes, q2: no, q3: Yes, q4: NO, q5: dont know}\n",
    )
    code, out, _ = run("score", str(path), "--format", "csv")
    assert code == 0
    row = out.splitlines()[1].split(",")
    assert row[10:15] == ["yes", "no", "yes", "no", "unknown"]


def test_errors_in_a_real_subprocess(write) -> None:  # type: ignore[no-untyped-def]
    path = write("bad.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjo: {q1: maybe}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "causality", "score", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"{path}: naranjo.q1: 'maybe' is not allowed (allowed: yes, no, unknown)\n"


def test_usage_errors_exit_2_in_a_real_subprocess() -> None:
    for args in (["score"], ["score", "--format", "xml", "x.yaml"], ["frobnicate"], ["scales", "rucam-1993"]):
        proc = subprocess.run([sys.executable, "-m", "causality", *args], capture_output=True, text=True)
        assert proc.returncode == 2, args
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr


def test_debug_shows_the_traceback(write) -> None:  # type: ignore[no-untyped-def]
    path = write("bad.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjo: {q1: maybe}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "causality", "--debug", "score", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "InputError" in proc.stderr


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_through_a_real_process(write, name: str, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = write(name, text)
    proc = subprocess.run(
        [sys.executable, "-m", "causality", "score", str(path)], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout) == (2, "")
    lines = proc.stderr.splitlines()
    assert len(lines) == len(expected), proc.stderr
    for line, want in zip(lines, expected, strict=True):
        assert line.startswith(want.format(f=path)), (line, want)
