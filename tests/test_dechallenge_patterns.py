"""How a drug's course ended, as case reports give it, read by every instrument. Worked by hand from the
rules for a single dose or a course already ended, and for a reaction that resolved while the drug went on:

- improved after a single dose or an ended course: Naranjo Q3 yes (+1); WHO-UMC withdrawal positive,
  clinically reasonable; Liverpool L4 yes; George c1 yes (onset after the drug, outcome recovered);
  Hartwig "drug changed" no (nothing was due to withhold).
- not improved after a single dose or an ended course: Q3 no (0); WHO-UMC negative; L4 unassessable
  (Liverpool's own footnote: a single dose makes withdrawal unassessable); Hartwig no.
- resolved although the drug was continued: Q3 do not know (0), with a warning; WHO-UMC not done;
  L4 unassessable; George c1 no; Hartwig no.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from causality.cli import cli
from tests.helpers import pair


def line(result: object, instrument: str, item: str) -> str:
    found = result.results[instrument]  # type: ignore[attr-defined]
    return next(x.answer for x in found.lines if x.id == item or x.label == item)


@pytest.mark.parametrize(
    ("outcome", "q3", "points", "who", "l4", "changed"),
    [
        ("improved_after_last_dose", "yes", 1, "positive_clinically_reasonable", "yes", "no"),
        ("not_improved_after_last_dose", "no", 0, "negative", "unassessable", "no"),
        ("resolved_while_continued", "unknown", 0, "not_done_or_unclear", "unassessable", "no"),
    ],
)
def test_each_instrument_reads_the_course(
    outcome: str, q3: str, points: int, who: str, l4: str, changed: str
) -> None:
    r = pair({"dechallenge": outcome, "timing": {"sequence": "after_drug"}})
    trace = r.naranjo_trace["q3"]
    assert (trace.value, r.naranjo.items[2].points) == (q3, points)
    assert r.who_umc_inputs["dechallenge"].value == who
    assert line(r, "lcat", "L4") == l4
    assert line(r, "hartwig", "Suspected drug changed") == changed


def test_a_reaction_that_resolved_while_the_drug_went_on_is_warned_about() -> None:
    r = pair({"dechallenge": "resolved_while_continued"})
    assert any("resolved although the drug was continued" in w for w in r.warnings)
    assert not any("resolved although" in w for w in pair({"dechallenge": "improved"}).warnings)


def test_george_counts_recovery_after_a_single_dose(tmp_path: Path) -> None:
    text = """\
case_id: G-1
suspect_drugs: [{name: heparin, start: 2024-03-01}]
reactions: [{term: thrombocytopenia, onset: 2024-03-08, outcome: recovered}]
assessments:
  - drug: heparin
    reaction: thrombocytopenia
    facts: {dechallenge: DECHALLENGE}
"""
    for outcome, c1 in (("improved_after_last_dose", "yes"), ("resolved_while_continued", "no")):
        path = tmp_path / f"{outcome}.yaml"
        path.write_text(text.replace("DECHALLENGE", outcome), encoding="utf-8")
        import json

        result = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
        items = json.loads(result.stdout)[0]["instruments"]["george"]["items"]
        assert next(i["answer"] for i in items if i["id"] == "c1") == c1


def test_irreversible_with_a_recovered_outcome_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_id: C\nsuspect_drugs: [{name: x}]\nreactions: [{term: rash, outcome: recovered}]\n"
        "assessments: [{drug: x, reaction: rash, facts: {dechallenge: not_applicable}}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 2
    assert (
        "assessments[0].facts.dechallenge: 'not_applicable' means an irreversible event, but rash recovered "
        "(allowed: improved_after_last_dose, for a single dose or a course already ended)"
    ) in result.stderr


# Dose changes, worked by hand:
# - appeared or worsened after a dose increase: Naranjo Q8 yes (+1); Liverpool L2 yes even when the
#   symptom began before the first dose ("after the drug was administered or the dose increased");
# - lessened after a dose reduction, the drug not stopped: Q8 yes (+1) and, with no dechallenge recorded,
#   Q3 yes (+1);
# - no dose change: Q8 do not know (0).
@pytest.mark.parametrize(
    ("dose", "q8", "q3"),
    [
        ("appeared_after_increase", "yes", "unknown"),
        ("lessened_after_reduction", "yes", "yes"),
        ("observed", "yes", "unknown"),
        ("no_dose_change", "unknown", "unknown"),
    ],
)
def test_dose_changes(dose: str, q8: str, q3: str) -> None:
    r = pair({"dose_response": dose})
    assert (r.naranjo_trace["q8"].value, r.naranjo_trace["q3"].value) == (q8, q3)


def test_a_worsening_after_a_dose_increase_answers_liverpool_l2() -> None:
    r = pair({"dose_response": "appeared_after_increase", "timing": {"sequence": "before_drug"}})
    assert line(r, "lcat", "L2") == "yes"
    assert line(pair({"timing": {"sequence": "before_drug"}}), "lcat", "L2") == "no"


# Treatment given for the reaction, worked by hand:
# - a specific antagonist and the reaction recovered: Naranjo Q3 yes (+1) even with the drug continued,
#   since the item reads "discontinued or a specific antagonist was administered";
# - the drug stopped, improved, symptomatic treatment given: Q3 yes with a note that the improvement may
#   partly reflect the treatment; WHO-UMC withdrawal only "clinically reasonable", even if judged plausible;
# - Hartwig's "antidote or other treatment" from the treatment given when nothing else records it.
def treated(kind: str, dechallenge: dict[str, str] | str | None, outcome: str = "recovered") -> object:
    import textwrap

    from causality.assessment import assess_case
    from tests.helpers import case_from

    facts = f"facts: {{dechallenge: {dechallenge}}}" if dechallenge else "facts: {}"
    case = case_from(
        textwrap.dedent(f"""\
        case_id: T
        suspect_drugs: [{{name: x}}]
        reactions: [{{term: rash, outcome: {outcome}, treatment_given: {{kind: {kind}, name: naloxone}}}}]
        assessments: [{{drug: x, reaction: rash, {facts}}}]
        """)
    )
    (result,) = assess_case(case)
    return result


def test_a_specific_antagonist_answers_q3() -> None:
    r = treated("specific_antagonist", "not_done")
    assert r.naranjo_trace["q3"].value == "yes"  # type: ignore[attr-defined]
    assert "specific antagonist of x was given (naloxone)" in r.naranjo_trace["q3"].reason  # type: ignore[attr-defined]
    assert treated("specific_antagonist", None).naranjo_trace["q3"].value == "yes"  # type: ignore[attr-defined]
    # Not recovered: the antagonist did not bring an improvement.
    assert treated("specific_antagonist", None, "not_recovered").naranjo_trace["q3"].value == "unknown"  # type: ignore[attr-defined]


def test_symptomatic_treatment_tempers_the_withdrawal() -> None:
    r = treated("symptomatic", "{outcome: improved, response: plausible}")
    assert r.naranjo_trace["q3"].value == "yes"  # type: ignore[attr-defined]
    assert "may partly reflect the treatment given" in r.naranjo_trace["q3"].reason  # type: ignore[attr-defined]
    assert r.who_umc_inputs["dechallenge"].value == "positive_clinically_reasonable"  # type: ignore[attr-defined]
    assert line(r, "hartwig", "Antidote or other treatment") == "yes"
    assert line(treated("none", "improved"), "hartwig", "Antidote or other treatment") == "no"


def test_an_antagonist_credits_only_the_drug_it_reverses() -> None:
    # Naloxone reverses the opioid, not the benzodiazepine given with it.
    import textwrap

    from causality.assessment import assess_case
    from tests.helpers import case_from

    case = case_from(
        textwrap.dedent("""\
        case_id: T
        suspect_drugs: [{name: morphine}, {name: lorazepam}]
        reactions: [{term: respiratory depression, outcome: recovered,
                     treatment_given: {kind: specific_antagonist, name: naloxone, reverses: morphine}}]
        assessments: [{drug: morphine, reaction: respiratory depression},
                      {drug: lorazepam, reaction: respiratory depression}]
        """)
    )
    q3 = {r.drug: r.naranjo_trace["q3"].value for r in assess_case(case)}
    assert q3 == {"morphine": "yes", "lorazepam": "unknown"}
    # Naming no drug, an antagonist is credited only when the case has one suspect.
    unnamed = case_from(
        textwrap.dedent("""\
        case_id: T
        suspect_drugs: [{name: morphine}, {name: lorazepam}]
        reactions: [{term: sedation, outcome: recovered, treatment_given: {kind: specific_antagonist}}]
        assessments: [{drug: morphine, reaction: sedation}, {drug: lorazepam, reaction: sedation}]
        """)
    )
    assert {r.naranjo_trace["q3"].value for r in assess_case(unnamed)} == {"unknown"}


@pytest.mark.parametrize("dechallenge", [None, "not_done"])
def test_a_dose_reduction_is_read_alike_by_every_instrument(dechallenge: str | None) -> None:
    # Lessened after a dose reduction, the drug not stopped: Naranjo Q3 yes, WHO-UMC withdrawal clinically
    # reasonable, Liverpool L4 yes ("stopped or the dose reduced"), Hartwig "drug changed" yes (level 2).
    facts: dict[str, object] = {
        "dose_response": "lessened_after_reduction",
        "timing": {"sequence": "after_drug"},
    }
    if dechallenge:
        facts["dechallenge"] = dechallenge
    r = pair(facts)
    assert r.naranjo_trace["q3"].value == "yes"
    assert r.who_umc_inputs["dechallenge"].value == "positive_clinically_reasonable"
    assert line(r, "lcat", "L4") == "yes"
    assert line(r, "hartwig", "Suspected drug changed") == "yes"
