"""Facts -> answers (spec §1.4 conventions, §10 alternative-cause mapping), sources and answer checks."""

from __future__ import annotations

import pytest

from causality.answers import Source
from tests.helpers import answers, case_from, pair


def cause(status: str, name: str = "c") -> dict[str, str]:
    return {"cause": name, "status": status}


# Spec §10: aggregate over the checklist -> Naranjo Q5 and the WHO-UMC "alternatives" input.
@pytest.mark.parametrize(
    ("causes", "untested_improbable", "q5", "who"),
    [
        # Every relevant alternative excluded (by test or clinically) -> No (+2), excluded.
        ([cause("tested_excluded"), cause("clinically_excluded")], None, "no", "excluded"),
        # None present, >= 1 not considered / not tested -> Do not know; unlikely only if judged improbable.
        ([cause("tested_excluded"), cause("considered_not_tested")], "yes", "unknown", "unlikely"),
        ([cause("tested_excluded"), cause("not_considered")], "no", "unknown", "possible"),
        ([cause("considered_not_tested")], None, "unknown", "possible"),
        # >= 1 possibly present -> Yes (-1), possible.
        ([cause("tested_excluded"), cause("present_possible")], None, "yes", "possible"),
        # >= 1 confirmed and could alone explain it -> Yes (-1), plausible explanation.
        ([cause("present_possible"), cause("present_confirmed")], None, "yes", "plausible_explanation"),
    ],
)
def test_section_10_rows(
    causes: list[dict[str, str]], untested_improbable: str | None, q5: str, who: str
) -> None:
    facts: dict[str, object] = {"alternative_causes": causes}
    if untested_improbable:
        facts["untested_causes_improbable"] = untested_improbable
    r = pair(facts)
    assert r.naranjo_trace["q5"].value == q5
    assert r.naranjo_trace["q5"].source is Source.DERIVED
    assert r.who_umc_inputs["alternatives"].value == who
    expected_points = {"no": 2, "unknown": 0, "yes": -1}[q5]
    assert r.naranjo.items[4].points == expected_points


def test_nothing_recorded_leaves_alternatives_unknown() -> None:
    r = pair({})
    assert r.naranjo_trace["q5"].source is Source.DEFAULT
    assert r.who_umc_inputs["alternatives"].value == "unknown"


@pytest.mark.parametrize(
    ("fact", "value", "item", "answer"),
    [
        ("literature", "labelled", "q1", "yes"),
        ("literature", "published", "q1", "yes"),
        ("literature", "not_found", "q1", "no"),
        ("literature", "not_searched", "q1", "unknown"),
        ("dechallenge", "improved", "q3", "yes"),
        ("dechallenge", "not_improved", "q3", "no"),
        ("dechallenge", "not_done", "q3", "unknown"),
        ("dechallenge", "not_applicable", "q3", "unknown"),
        ("rechallenge", "recurred", "q4", "yes"),
        ("rechallenge", "did_not_recur", "q4", "no"),
        ("rechallenge", "not_done", "q4", "unknown"),  # never "no" (-1): spec §1.4
        ("placebo", "reappeared", "q6", "yes"),
        ("placebo", "did_not_reappear", "q6", "no"),
        ("placebo", "not_given", "q6", "unknown"),  # never "no" (+1): spec §1.4
        ("drug_level", "toxic", "q7", "yes"),
        ("drug_level", "not_toxic", "q7", "no"),
        ("drug_level", "not_measured", "q7", "unknown"),
        ("dose_response", "observed", "q8", "yes"),
        ("dose_response", "not_observed", "q8", "no"),
        ("dose_response", "no_dose_change", "q8", "unknown"),
        ("previous_reaction", "same_drug", "q9", "yes"),
        ("previous_reaction", "similar_drug", "q9", "yes"),
        ("previous_reaction", "exposed_without_reaction", "q9", "no"),
        ("previous_reaction", "no_previous_exposure", "q9", "unknown"),
        ("objective_evidence", "yes", "q10", "yes"),
        ("objective_evidence", "no", "q10", "no"),
    ],
)
def test_each_fact_answers_its_naranjo_item(fact: str, value: str, item: str, answer: str) -> None:
    r = pair({fact: value})
    assert r.naranjo_trace[item].value == answer
    assert r.naranjo_trace[item].source is Source.DERIVED
    assert r.naranjo_trace[item].fact == f"facts.{fact}"
    assert r.warnings == () or all(item not in w for w in r.warnings)


@pytest.mark.parametrize(
    ("sequence", "q2", "who_timing"),
    [
        ("after_drug", "yes", "unknown"),
        ("before_drug", "no", "impossible"),
        ("unknown", "unknown", "unknown"),
    ],
)
def test_recorded_sequence(sequence: str, q2: str, who_timing: str) -> None:
    r = pair({"timing": {"sequence": sequence}})
    assert r.naranjo_trace["q2"].value == q2
    assert r.who_umc_inputs["timing"].value == who_timing


def test_sequence_from_dates() -> None:
    text = """
        case_id: D
        suspect_drugs: [{name: x, start: 2024-01-10}]
        reactions:
          - {term: after, onset: 2024-01-12}
          - {term: before, onset: 2024-01-01}
          - {term: same day, onset: 2024-01-10}
          - {term: undated}
        assessments:
          - {drug: x, reaction: after}
          - {drug: x, reaction: before}
          - {drug: x, reaction: same day}
          - {drug: x, reaction: undated}
    """
    from causality.assessment import assess_case

    after, before, same, undated = assess_case(case_from(text))
    assert (after.time_to_onset_days, after.naranjo_trace["q2"].value) == (2, "yes")
    assert (before.time_to_onset_days, before.naranjo_trace["q2"].value) == (-9, "no")
    assert before.who_umc_inputs["timing"].value == "impossible"
    # The same calendar day cannot tell before from after: the clinician must say.
    assert (same.time_to_onset_days, same.naranjo_trace["q2"].value) == (0, "unknown")
    assert "record timing.sequence" in same.naranjo_trace["q2"].reason
    assert (undated.time_to_onset_days, undated.naranjo_trace["q2"].source) == (None, Source.DEFAULT)


def test_timing_judgement_is_never_inferred_from_the_sequence() -> None:
    r = pair({"timing": {"sequence": "after_drug"}})
    assert r.who_umc_inputs["timing"].value == "unknown"
    assert any("time relationship was not judged" in w for w in r.warnings)
    r = pair({"timing": {"sequence": "after_drug", "plausibility": "plausible"}})
    assert r.who_umc_inputs["timing"].value == "plausible"


@pytest.mark.parametrize(
    ("dechallenge", "who"),
    [
        ({"outcome": "improved", "response": "plausible"}, "positive_plausible"),
        ({"outcome": "improved", "response": "clinically_reasonable"}, "positive_clinically_reasonable"),
        ({"outcome": "improved"}, "positive_clinically_reasonable"),  # unjudged: only the weaker reading
        ({"outcome": "not_improved"}, "negative"),
        ({"outcome": "not_done"}, "not_done_or_unclear"),
        ({"outcome": "unknown"}, "not_done_or_unclear"),
        ({"outcome": "not_applicable"}, "not_applicable"),
    ],
)
def test_dechallenge_to_who_umc(dechallenge: dict[str, str], who: str) -> None:
    assert pair({"dechallenge": dechallenge}).who_umc_inputs["dechallenge"].value == who


def test_rechallenge_and_judgements_to_who_umc() -> None:
    r = pair({"rechallenge": {"outcome": "recurred", "needed": "no"}, "event_definitive": "yes",
              "information": "pending", "timing_obtainable": "yes"})  # fmt: skip
    inputs = {k: t.value.value for k, t in r.who_umc_inputs.items()}
    assert inputs["rechallenge"] == "positive"
    assert inputs["rechallenge_needed"] == "no"
    assert inputs["definitive_event"] == "yes"
    assert inputs["info_status"] == "pending"
    assert inputs["timing_obtainable"] == "yes"
    assert pair({"rechallenge": "did_not_recur"}).who_umc_inputs["rechallenge"].value == "negative"


def test_shorthand_answers_are_given_and_missing_items_unknown() -> None:
    r = pair(naranjo={"q1": "yes", "q2": "yes", "q5": "no"}, who_umc={"timing": "reasonable"})
    got = answers(r)
    assert (got["q1"], got["q2"], got["q5"], got["q3"]) == ("yes", "yes", "no", "unknown")
    assert r.naranjo_trace["q1"].source is Source.GIVEN
    assert r.naranjo_trace["q3"].source is Source.DEFAULT
    assert r.naranjo.total == 1 + 2 + 2
    assert r.who_umc_inputs["timing"].source is Source.GIVEN


def test_given_answer_wins_over_facts_and_is_marked_overridden() -> None:
    r = pair({"placebo": "not_given"}, naranjo={"q6": {"answer": "no", "reason": "placebo run-in phase"}})
    t = r.naranjo_trace["q6"]
    assert (t.value, t.source, t.derived, t.reason) == (
        "no",
        Source.OVERRIDDEN,
        "unknown",
        "placebo run-in phase",
    )
    assert r.naranjo.items[5].points == 1


def test_given_answer_that_agrees_with_facts_is_given() -> None:
    r = pair({"literature": "labelled"}, naranjo={"q1": "yes"})
    assert r.naranjo_trace["q1"].source is Source.GIVEN
    assert "facts agree" in r.naranjo_trace["q1"].reason


def test_override_without_reason_is_warned() -> None:
    r = pair({"literature": "not_found"}, naranjo={"q1": "yes"})
    assert any("naranjo.q1: 'yes' overrides 'no'" in w and "without a reason" in w for w in r.warnings)


# Spec §1.4 / §11 T7: the misapplications seen in published tables are warned about, never changed.
def test_t7_placebo_no_without_placebo_warns() -> None:
    r = pair(naranjo={"q6": "no"})
    assert r.naranjo.items[5].points == 1  # kept as given
    assert any(w.startswith("naranjo.q6") and "1 too high" in w for w in r.warnings)
    assert not any(w.startswith("naranjo.q6") for w in pair({"placebo": "did_not_reappear"}).warnings)


def test_rechallenge_no_without_rechallenge_warns() -> None:
    assert any(w.startswith("naranjo.q4") for w in pair(naranjo={"q4": "no"}).warnings)
    assert not any(w.startswith("naranjo.q4") for w in pair({"rechallenge": "did_not_recur"}).warnings)


def test_alternatives_no_with_nothing_considered_warns() -> None:
    r = pair(naranjo={"q5": "no"})
    assert any(w.startswith("naranjo.q5") and "no alternative causes recorded" in w for w in r.warnings)
    excluded = pair({"alternative_causes": [cause("tested_excluded")]}, naranjo={"q5": "no"})
    assert not any(w.startswith("naranjo.q5") for w in excluded.warnings)


def test_temporal_no_without_onset_before_drug_warns() -> None:
    assert any(w.startswith("naranjo.q2") for w in pair(naranjo={"q2": "no"}).warnings)
    assert not any(w.startswith("naranjo.q2") for w in pair({"timing": {"sequence": "before_drug"}}).warnings)


def test_who_umc_override_is_recorded_not_silently_applied() -> None:
    r = pair(
        who_umc={"timing": "reasonable", "alternatives": "excluded", "dechallenge": "negative"},
        who_umc_override={"category": "possible", "reason": "slow resolution expected for this reaction"},
    )
    assert r.who_umc.category is None  # the computed result stays what the procedure gives
    assert r.who_umc_final is not None and r.who_umc_final.value == "possible"
    assert any("assessor chose Possible" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("1 day after dose", 24), ("12 hours after dose", 12), ("1 day after the second dose", 24), ("3d", 72),
     ("2 weeks after dose", 336), ("0.5 h after dose", 0.5), ("soon after dose", None), ("yesterday", None),
     # A month and a year by their average lengths: 365.25 / 12 = 30.4375 days, 365.25 days.
     ("3 months after dose", 3 * 30.4375 * 24), ("1 year after dose", 365.25 * 24), ("2 yrs", 2 * 365.25 * 24),
     ("15 months after starting", 15 * 30.4375 * 24), ("2 mo", 2 * 30.4375 * 24), ("2 m", None)],
)  # fmt: skip
def test_relative_onset(text: str, hours: float | None) -> None:
    from causality.onset import parse_relative

    assert parse_relative(text) == hours


@pytest.mark.parametrize(
    ("hours", "said"),
    [(3 * 30.4375 * 24, "3 months"), (365.25 * 24, "1 year"), (15 * 30.4375 * 24, "15 months"), (48, "2 days"),
     (12, "12 hours"), (365 * 24, "365 days")],
)  # fmt: skip
def test_an_onset_is_described_in_the_unit_it_was_given(hours: float, said: str) -> None:
    from causality.onset import describe_hours

    assert describe_hours(hours) == said


def test_relative_onset_gives_sequence_and_time_to_onset() -> None:
    text = """
        case_id: R
        suspect_drugs: [x]
        reactions: [{term: rash, onset: 12 hours after dose}]
        assessments: [{drug: x, reaction: rash}]
    """
    from causality.assessment import assess_case

    (r,) = assess_case(case_from(text))
    assert r.naranjo_trace["q2"].value == "yes"
    assert r.naranjo_trace["q2"].reason == "onset reported 12 hours after a dose"
    assert (r.time_to_onset_days, r.time_to_onset) == (0.5, "12 hours after a dose (as reported)")
