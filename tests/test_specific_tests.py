"""Tests specific for a drug reaction, read by each instrument. Worked by hand from these rules:

- drug-dependent antibodies, positive: Naranjo Q10 yes (+1), Liverpool L7 yes, George c5 (Oklahoma) yes;
- lymphocyte transformation, patch or skin test, positive: Liverpool L7 yes only;
- a positive provocation test is a rechallenge: Naranjo Q4 yes (+2), WHO-UMC rechallenge positive,
  Liverpool L8 yes (and L7 yes);
- an HLA allele supports only: it answers nothing by itself;
- a biopsy consistent with a drug reaction: Q10 yes (+1);
- a negative test lowers nothing by itself.
"""

from __future__ import annotations

import pytest

from tests.helpers import pair


def lcat(result: object, node: str) -> str | None:
    found = result.results.get("lcat")  # type: ignore[attr-defined]
    return next((x.answer for x in found.lines if x.id == node), None) if found else None


# Liverpool reaches L6 through L2 (after the drug) and L4 (improved when stopped).
PATH = {"timing": {"sequence": "after_drug"}, "dechallenge": "improved"}


@pytest.mark.parametrize(
    ("kind", "q10", "q4", "rechallenge", "l7"),
    [
        ("drug_dependent_antibodies", "yes", "unknown", "not_done", "yes"),
        ("lymphocyte_transformation", "unknown", "unknown", "not_done", "yes"),
        ("patch", "unknown", "unknown", "not_done", "yes"),
        ("skin", "unknown", "unknown", "not_done", "yes"),
        ("provocation", "unknown", "yes", "positive", "yes"),
        ("hla", "unknown", "unknown", "not_done", "no"),
        ("biopsy", "yes", "unknown", "not_done", "no"),
    ],
)
def test_a_positive_test(kind: str, q10: str, q4: str, rechallenge: str, l7: str) -> None:
    r = pair({"specific_tests": [{"kind": kind, "result": "positive"}],
              "alternative_causes": [{"cause": "infection", "status": "present_possible"}], **PATH})  # fmt: skip
    assert r.naranjo_trace["q10"].value == q10
    assert r.naranjo_trace["q4"].value == q4
    assert r.who_umc_inputs["rechallenge"].value == rechallenge
    # With a cause still possible, Liverpool goes L6 -> L7; absent evidence counts as "no".
    assert lcat(r, "L7") == l7


def test_a_positive_provocation_test_is_a_positive_rechallenge_for_liverpool() -> None:
    r = pair({"specific_tests": [{"kind": "provocation", "result": "positive"}],
              "alternative_causes": [{"cause": "infection", "status": "tested_excluded"}], **PATH})  # fmt: skip
    assert lcat(r, "L8") == "yes"  # all causes excluded: L6 low -> L8


def test_a_negative_test_lowers_nothing() -> None:
    r = pair({"specific_tests": [{"kind": "drug_dependent_antibodies", "result": "negative"}]})
    assert (r.naranjo_trace["q10"].value, r.naranjo_trace["q4"].value) == ("unknown", "unknown")


def test_antibodies_answer_george_criterion_5(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from causality.cli import cli

    text = """\
case_id: G
suspect_drugs: [{name: vancomycin, start: 2024-03-01}]
reactions: [{term: thrombocytopenia, onset: 2024-03-08, outcome: recovered}]
assessments:
  - drug: vancomycin
    reaction: thrombocytopenia
    facts: {specific_tests: [{kind: drug_dependent_antibodies, result: RESULT, note: vancomycin-dependent IgG}]}
"""
    for result, c5 in (("positive", "yes"), ("negative", "no")):
        path = Path(str(tmp_path)) / f"{result}.yaml"
        path.write_text(text.replace("RESULT", result), encoding="utf-8")
        out = CliRunner().invoke(cli, ["score", str(path), "--format", "json"]).stdout
        items = json.loads(out)[0]["instruments"]["george"]["items"]
        assert next(i["answer"] for i in items if i["id"] == "c5") == c5


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_report_shows_the_tests_and_the_treatment_given(fmt: str) -> None:
    from causality.assessment import assess_case
    from causality.report.render import render
    from tests.helpers import case_from

    case = case_from("""\
        case_id: R-1
        suspect_drugs: [{name: vancomycin}]
        reactions: [{term: thrombocytopenia, outcome: recovered, treatment_given: {kind: symptomatic, name: IVIG}}]
        assessments:
          - drug: vancomycin
            reaction: thrombocytopenia
            facts: {specific_tests: [{kind: drug_dependent_antibodies, result: positive, note: IgG}]}
        """)
    text = " ".join(str(render(case, assess_case(case), fmt)).split())
    assert "drug dependent antibodies: positive (IgG)" in text
    assert "symptomatic: IVIG" in text


def test_a_provocation_test_never_overrides_a_recorded_negative_rechallenge() -> None:
    # Rechallenge did not recur (Q4 no, -1) although a provocation test was positive: the recorded
    # rechallenge stands, and the contradiction is named.
    r = pair(
        {"rechallenge": "did_not_recur", "specific_tests": [{"kind": "provocation", "result": "positive"}]}
    )
    assert r.naranjo_trace["q4"].value == "no"
    assert r.who_umc_inputs["rechallenge"].value == "negative"
    assert any("provocation test" in w and "did not recur" in w for w in r.warnings)


def test_a_test_done_with_another_drug_is_that_drugs() -> None:
    r = pair(
        {"specific_tests": [{"kind": "drug_dependent_antibodies", "result": "positive", "drug": "other"}]}
    )
    assert r.naranjo_trace["q10"].value == "unknown"  # the pair's drug is "d"
    same = pair(
        {"specific_tests": [{"kind": "drug_dependent_antibodies", "result": "positive", "drug": "D"}]}
    )
    assert same.naranjo_trace["q10"].value == "yes"
