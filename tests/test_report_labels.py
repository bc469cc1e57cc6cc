"""Honest source labels: an answer says where it was entered (the assessment or the case file), and a
derived statement says what was recorded, never more."""

from __future__ import annotations

from pathlib import Path

from causality import casefile
from causality.answers import AnswerSource
from causality.assessment import assess_case
from causality.report.view import pair_views
from tests.helpers import case_from

PAIR = """
    case_id: L-1
    suspect_drugs: [{name: d}]
    reactions: [{term: r, outcome: recovered}]
    assessments:
      - drug: d
        reaction: r
        facts:
          timing: {sequence: after_drug}
          dechallenge: {outcome: improved, note: completely resolved after treatment}
        schumock_thornton:
          A2: {answer: "no", source: assessment}
          A3: "no"
          A4: {answer: "no", reason: level within range}
          A5: {answer: "no", reason: no known measure, source: assessment}
"""


def rows(case_text: str) -> dict[str, tuple[str, str]]:
    case = case_from(case_text)
    (view,) = pair_views(case, assess_case(case))
    st = next(f for f in view.further if f.key == "schumock_thornton")
    hartwig = next(f for f in view.further if f.key == "hartwig")
    lcat = next(f for f in view.further if f.key == "lcat")
    out = {r.id: (r.source, r.reason) for r in st.rows if r.id}
    out["changed"] = next((r.source, r.reason) for r in hartwig.rows if r.label == "Suspected drug changed")
    out["L4"] = next((r.source, r.reason) for r in lcat.rows if r.id == "L4")
    return out


def test_where_each_answer_was_entered() -> None:
    found = rows(PAIR)
    assert found["A2"] == ("given", "answered in the assessment")
    assert found["A3"] == ("given", "stated in the case file")  # a file says nothing of where: the file
    assert found["A4"] == ("given", "level within range")  # the clinician's reason, in their words
    assert found["A5"] == ("given", "answered in the assessment: no known measure")


def test_a_derived_statement_says_only_what_was_recorded() -> None:
    found = rows(PAIR)
    # Only "improved" and the note were entered: no "the drug was stopped or reduced".
    for key in ("changed", "L4"):
        source, reason = found[key]
        assert source == "derived"
        assert reason == "withdrawal recorded as 'improved': completely resolved after treatment"
        assert "stopped" not in reason


def test_where_an_answer_was_entered_is_kept_when_the_case_is_saved(tmp_path: Path) -> None:
    case = case_from(PAIR)
    saved = tmp_path / "case.yaml"
    casefile.write_case(saved, case)
    (again,) = casefile.load_cases([str(saved)])
    answers = again.assessments[0].answers["schumock_thornton"]
    assert {k: g.source for k, g in answers.items()} == {
        "A2": AnswerSource.ASSESSMENT,
        "A3": AnswerSource.CASE_FILE,
        "A4": AnswerSource.CASE_FILE,
        "A5": AnswerSource.ASSESSMENT,
    }
    assert "A3: 'no'" in saved.read_text(encoding="utf-8")  # the plain word stays plain
    import jsonschema

    from causality import yamlio
    from causality.schema import json_schema

    jsonschema.validate(yamlio.load(saved.read_text(encoding="utf-8")), json_schema())  # editors accept it


def test_an_unknown_source_is_a_problem() -> None:
    case, problems = casefile.read_case(
        "c.yaml",
        {
            "case_id": "X",
            "drug": "d",
            "reaction": "r",
            "naranjo": {"q1": {"answer": "yes", "source": "phone"}},
        },
    )
    assert case is None
    assert [str(p) for p in problems] == [
        "c.yaml: naranjo.q1.source: 'phone' is not allowed (allowed: assessment, case_file)"
    ]


def test_an_overriding_answer_without_a_reason_says_where_it_was_entered() -> None:
    case = case_from(
        """
        case_id: X
        drug: d
        reaction: r
        facts: {placebo: reappeared}
        naranjo: {q6: {answer: "no", source: assessment}}
        """
    )
    (result,) = assess_case(case)
    trace = result.naranjo_trace["q6"]
    assert trace.reason == "answered in the assessment, no reason given"
    assert any("q6" in w and "without a reason" in w for w in result.warnings)
