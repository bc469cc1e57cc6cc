"""The measured drug level (spec §15.4) and the items recorded facts settle (spec §1.3). Worked by hand:

- Naranjo Q7: yes (+1) when the value is at or above the toxic threshold; no (0) when measured below it;
  "do not know" (0) when not measured, when no threshold is known, or when value and threshold are in
  different units (never compared without a stated conversion).
- Liverpool L7 (objective evidence of the mechanism): a supra-therapeutic level is "yes".
- Schumock-Thornton A4 (toxic serum concentration documented): yes at or above the threshold, no below.
- A placebo not given, a level not measured and no dose change settle Q6, Q7 and Q8: nothing can answer them
  now, so they stay at 0 in the attainable range (the spec's routine-care ceiling, §1.3, counts them so).
"""

from __future__ import annotations

from typing import Any

import pytest

from causality import yamlio
from causality.casefile import read_case, to_data
from tests.helpers import pair

DIGOXIN = {"value": 3.1, "unit": "ng/mL", "threshold": 2.0, "threshold_source": "laboratory",
           "sampled": "8 hours after the last dose"}  # fmt: skip


def further(result: Any, instrument: str, item: str) -> str | None:
    found = result.results.get(instrument)
    return next((x.answer for x in found.lines if x.id == item), None) if found else None


@pytest.mark.parametrize(
    ("level", "q7", "st_a4"),
    [
        (DIGOXIN, "yes", "yes"),  # 3.1 >= 2.0
        ({**DIGOXIN, "value": 2.0}, "yes", "yes"),  # at the threshold: "at or above"
        ({**DIGOXIN, "value": 1.2}, "no", "no"),  # measured below it
        ({"value": 1.2, "unit": "ng/mL"}, "unknown", None),  # no threshold known
        ({**DIGOXIN, "threshold_unit": "nmol/L"}, "unknown", None),  # different units: not compared
        ({**DIGOXIN, "threshold_unit": " NG/ml"}, "yes", "yes"),  # the same unit, written differently
        ("not_measured", "unknown", None),
        ("toxic", "yes", "yes"),  # the one-word finding of earlier files still reads
        ({"outcome": "not_toxic", "note": "trough 15 mg/L"}, "no", "no"),
    ],
)
def test_q7_and_the_toxic_serum_concentration(level: object, q7: str, st_a4: str | None) -> None:
    r = pair({"drug_level": level}, schumock_thornton={"A1": "no"})
    assert r.naranjo_trace["q7"].value == q7
    assert further(r, "schumock_thornton", "A4") == (st_a4 or "unknown")


def test_the_reason_names_value_threshold_source_and_sampling() -> None:
    reason = pair({"drug_level": DIGOXIN}).naranjo_trace["q7"].reason
    for said in (
        "3.1 ng/mL",
        "toxic from 2 ng/mL",
        "laboratory",
        "8 hours after the last dose",
        "at or above",
    ):
        assert said in reason, said


def test_different_units_say_so() -> None:
    reason = pair({"drug_level": {**DIGOXIN, "threshold_unit": "nmol/L"}}).naranjo_trace["q7"].reason
    assert "different units" in reason and "not compared" in reason


def test_a_supra_therapeutic_value_is_liverpool_mechanism_evidence() -> None:
    # L1 yes, L2 after the drug, L4 improved, a cause possibly present: L6 high/unsure -> L7 (the level).
    facts = {"timing": {"sequence": "after_drug"}, "dechallenge": "improved", "drug_level": DIGOXIN,
             "alternative_causes": [{"cause": "hypokalaemia", "status": "present_possible"}]}  # fmt: skip
    r = pair(facts)
    assert further(r, "lcat", "L7") == "yes"
    below = pair({**facts, "drug_level": {**DIGOXIN, "value": 1.0}})
    assert further(below, "lcat", "L7") != "yes"


def test_a_one_word_finding_the_value_contradicts_is_named() -> None:
    r = pair({"drug_level": {**DIGOXIN, "outcome": "not_toxic"}})
    assert r.naranjo_trace["q7"].value == "yes"  # the value and threshold recorded are used
    assert any("naranjo.q7" in w and "not_toxic" in w for w in r.warnings)


def test_a_value_with_not_measured_is_an_error() -> None:
    _, problems = read_case("c.yaml", {"case_id": "C", "drug": "d", "reaction": "r",
                                       "facts": {"drug_level": {"outcome": "not_measured", "value": 3}}})  # fmt: skip
    assert [p.path for p in problems] == ["facts.drug_level.value"]


def test_the_measurement_round_trips_through_the_writer() -> None:
    data = {"case_id": "C", "drug": "d", "reaction": "r", "facts": {"drug_level": DIGOXIN}}
    case, _ = read_case("c.yaml", data)
    assert case is not None
    written = to_data(case)
    assert written["facts"]["drug_level"] == DIGOXIN
    again, problems = read_case("c.yaml", yamlio.load(yamlio.dump(written)))
    assert not problems and again is not None
    assert again.assessments[0].facts.drug_level == case.assessments[0].facts.drug_level


def test_the_json_schema_describes_the_measurement() -> None:
    from causality.schema import json_schema

    level = json_schema()["$defs"]["case"]["properties"]["assessments"]["items"]["properties"]["facts"]
    form = level["properties"]["drug_level"]["anyOf"][1]["properties"]
    assert {"value", "unit", "threshold", "threshold_unit", "threshold_source", "sampled"} <= set(form)


# --- the attainable range: items a recorded fact settles ---------------------------------------------


def test_recorded_facts_settle_q6_q7_q8() -> None:
    # q1 yes +1, q2 after the drug +2, q3 improved +1, q5 all excluded +2, q10 yes +1 = 7. Without the
    # facts, q4 (-1..+2), q6 (-1..+1), q7, q8, q9 (0..+1) are open: 5 to 13. With placebo not given, level
    # not measured and no dose change, only q4 and q9 stay open: 6 to 10.
    base = {"literature": "labelled", "timing": {"sequence": "after_drug"}, "dechallenge": "improved",
            "alternative_causes": [{"cause": "infection", "status": "tested_excluded"}],
            "objective_evidence": "yes"}  # fmt: skip
    open_ = pair(base).naranjo
    assert (open_.total, open_.range.lower, open_.range.upper) == (7, 5, 13)
    assert open_.range.settled_items == ()
    closed = pair(
        {**base, "placebo": "not_given", "drug_level": "not_measured", "dose_response": "no_dose_change"}
    ).naranjo
    assert (closed.total, closed.range.lower, closed.range.upper) == (7, 6, 10)
    assert closed.range.settled_items == ("q6", "q7", "q8")
    # 9 (Definite) needs q4 yes: q9 alone reaches 8; so q4 is the only item that can move the category.
    assert closed.range.pivotal_items == ("q4",)


def test_a_rechallenge_not_done_stays_open() -> None:
    # A rechallenge (or a provocation test) can still be done: q4 stays in the range (-1..+2).
    r = pair({"rechallenge": "not_done"}).naranjo
    assert "q4" not in r.range.settled_items and (r.range.lower, r.range.upper) == (-4, 13)


def test_a_measured_level_without_a_threshold_stays_open() -> None:
    r = pair({"drug_level": {"value": 1.2, "unit": "ng/mL"}}).naranjo
    assert "q7" not in r.range.settled_items


def test_the_settled_items_reach_json_and_the_terminal(tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from causality.cli import cli

    path = tmp_path / "c.yaml"
    path.write_text("case_id: C\ndrug: d\nreaction: r\nfacts: {placebo: not_given}\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    assert json.loads(out.stdout)[0]["naranjo"]["range"]["settled_items"] == ["q6"]
    table = CliRunner().invoke(cli, ["score", str(path)]).stdout
    assert "Settled by a recorded fact, kept at 0: q6" in table


def test_a_threshold_of_zero_is_out_of_range() -> None:
    # Every measured value would be "at or above" a threshold of 0: not a threshold.
    _, problems = read_case("c.yaml", {"case_id": "C", "drug": "d", "reaction": "r",
                                       "facts": {"drug_level": {"value": 3, "threshold": 0}}})  # fmt: skip
    assert [p.path for p in problems] == ["facts.drug_level.threshold"]
