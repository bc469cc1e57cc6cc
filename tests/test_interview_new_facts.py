"""The interview asks for the specific tests and for what was given again, only where they apply, and
the saved case holds them as a case file would (checked by reading it back, not against the plan)."""

from __future__ import annotations

from causality.casefile import read_case
from causality.interview import plan
from causality.interview.partial import Partial
from tests.interview_harness import answers_in


def given(answers: dict[str, object]) -> Partial:
    """The partial case these answers make, each given to its question in the order they are asked."""
    return plan.replay(answers)  # type: ignore[arg-type]


def answers_through(**extra: object) -> dict[str, object]:
    """The answers of a one-drug, one-reaction assessment up to the facts, plus ``extra``."""
    base: dict[str, object] = {
        "case_id": "N-1", "assessor.name": "", "assessor.role": "", "sex": "female",
        "drug.0.name": "vancomycin", "drug.0.dose": "", "drug.0.route": "", "drug.0.start": "", "drug.0.stop": "",
        "drug.0.more": "no", "concomitant": "", "reaction.0.term": "thrombocytopenia",
        "reaction.0.onset": "8 days after dose", "reaction.0.seriousness": [], "reaction.0.outcome": "recovered",
        "reaction.0.care": [], "reaction.0.platelets": "", "reaction.0.more": "no",
        "pair.0.0.timing": "plausible", "pair.0.0.definitive": "no", "pair.0.0.withdrawal": "stopped",
        "pair.0.0.dechallenge": "improved",
        "pair.0.0.rechallenge": "not_done", "pair.0.0.literature": "not_searched", "pair.0.0.evidence": [],
    }  # fmt: skip
    return {**base, **extra}


def keys(a: dict[str, object]) -> set[str]:
    return {q.key for q in plan.plan(given(a))}


def test_the_tests_are_asked_only_when_ticked() -> None:
    assert "pair.0.0.tests" not in keys(answers_through())
    a = answers_through(**{"pair.0.0.evidence": ["tests"], "pair.0.0.tests": ["drug_dependent_antibodies"]})
    assert {"pair.0.0.tests", "pair.0.0.test.drug_dependent_antibodies"} <= keys(a)


def test_what_was_given_again_is_asked_only_after_a_rechallenge() -> None:
    assert "pair.0.0.rechallenge_given" not in keys(answers_through())
    assert "pair.0.0.rechallenge_given" in keys(answers_through(**{"pair.0.0.rechallenge": "recurred"}))


def test_the_saved_case_holds_the_tests_and_the_re_exposure() -> None:
    a = answers_through(**{
        "pair.0.0.evidence": ["tests"], "pair.0.0.tests": ["drug_dependent_antibodies", "hla"],
        "pair.0.0.test.drug_dependent_antibodies": "positive", "pair.0.0.test.drug_dependent_antibodies.note": "IgG",
        "pair.0.0.test.hla": "negative", "pair.0.0.test.hla.note": "",
        "pair.0.0.rechallenge": "recurred", "pair.0.0.rechallenge_given": "same_class",
    })  # fmt: skip
    case, problems = read_case("interview", plan.data(given(a)))
    assert not problems and case is not None
    facts = case.assessments[0].facts
    assert [(t.kind.value, t.result.value, t.note) for t in facts.specific_tests] == [
        ("drug_dependent_antibodies", "positive", "IgG"), ("hla", "negative", None),
    ]  # fmt: skip
    assert facts.rechallenge is not None and facts.rechallenge.given.value == "same_class"
    # and back: the answers a saved case gives reproduce it
    again = answers_in(plan.from_case(case))
    assert again["pair.0.0.tests"] == ["drug_dependent_antibodies", "hla"]
    assert again["pair.0.0.rechallenge_given"] == "same_class"


def test_what_was_given_for_the_reaction_is_asked_only_when_treatment_was_ticked() -> None:
    assert "reaction.0.treatment" not in keys(answers_through())
    a = answers_through(**{"reaction.0.care": ["treatment"], "reaction.0.treatment": "specific_antagonist"})
    assert {"reaction.0.treatment", "reaction.0.treatment_name", "reaction.0.treatment_reverses"} <= keys(a)
    symptomatic = answers_through(**{"reaction.0.care": ["treatment"], "reaction.0.treatment": "symptomatic"})
    assert "reaction.0.treatment_reverses" not in keys(symptomatic)  # only an antagonist reverses a drug


def test_the_saved_case_holds_the_antagonist_and_loses_it_when_treatment_is_unticked() -> None:
    a = answers_through(**{
        "reaction.0.care": ["treatment"], "reaction.0.treatment": "specific_antagonist",
        "reaction.0.treatment_name": "platelet transfusion", "reaction.0.treatment_reverses": "vancomycin",
    })  # fmt: skip
    p = given(a)
    case, problems = read_case("interview", plan.data(p))
    assert not problems and case is not None
    t = case.reactions[0].treatment_given
    assert t is not None and (t.kind.value, t.name, t.reverses) == (
        "specific_antagonist",
        "platelet transfusion",
        "vancomycin",
    )
    (care,) = [q for q in plan.plan(p) if q.key == "reaction.0.care"]
    care.put(p, [])  # changed in the review: no treatment after all
    case, problems = read_case("interview", plan.data(p))
    assert not problems and case is not None and case.reactions[0].treatment_given is None


def test_a_measured_level_is_compared_with_its_threshold() -> None:
    """Digoxin 3.2 ng/mL against a toxic threshold of 2.0 ng/mL: at or above it, so toxic, and Naranjo Q7
    ("detected in toxic concentrations") is yes (+1), worked from the numbers alone."""
    from causality.assessment import assess_case

    a = answers_through(**{
        "pair.0.0.evidence": ["level"], "pair.0.0.level": "measured", "pair.0.0.level_value": "3.2",
        "pair.0.0.level_unit": "ng/mL", "pair.0.0.level_threshold": "2.0", "pair.0.0.level_source": "laboratory",
        "pair.0.0.level_sampled": "8 hours after the last dose",
    })  # fmt: skip
    assert {"pair.0.0.level_value", "pair.0.0.level_threshold"} <= keys(a)
    assert "pair.0.0.level_note" not in keys(a)  # the note goes with a finding in words
    case, problems = read_case("interview", plan.data(given(a)))
    assert not problems and case is not None
    level = case.assessments[0].facts.drug_level
    assert level is not None and (level.value, level.unit, level.threshold) == (3.2, "ng/mL", 2.0)
    result = assess_case(case)[0]
    assert result.naranjo_trace["q7"].value.value == "yes"
    (q7,) = [s for s in result.naranjo.items if s.item.number == 7]
    assert q7.points == 1


def test_an_interacting_concomitant_drug_is_recorded_with_its_mechanism() -> None:
    a = answers_through(**{"concomitant": "clarithromycin", "other.clarithromycin.start": "2026-01-02",
                           "other.clarithromycin.interacts": "vancomycin",
                           "other.clarithromycin.mechanism": "CYP3A4 inhibition"})  # fmt: skip
    assert "other.clarithromycin.mechanism" in keys(a)
    without = answers_through(**{"concomitant": "clarithromycin", "other.clarithromycin.interacts": "no"})
    assert "other.clarithromycin.mechanism" not in keys(without)
    case, problems = read_case("interview", plan.data(given(a)))
    assert not problems and case is not None
    (other,) = case.concomitant_drugs
    assert (other.interacts_with, other.interaction_mechanism, str(other.start)) == (
        "vancomycin",
        "CYP3A4 inhibition",
        "2026-01-02",
    )


def test_exposure_through_the_mother_is_asked_only_of_a_young_child() -> None:
    assert "drug.0.through_mother" not in keys(answers_through(age="34"))
    a = answers_through(age="0.5", **{"drug.0.through_mother": "breast_milk"})
    assert "drug.0.through_mother" in keys(a)
    case, problems = read_case("interview", plan.data(given(a)))
    assert not problems and case is not None
    assert case.suspect_drugs[0].through_mother is not None
    assert case.suspect_drugs[0].through_mother.value == "breast_milk"


def test_a_recurrence_on_later_doses_of_the_course_can_be_entered() -> None:
    a = answers_through(**{"pair.0.0.rechallenge": "recurred", "pair.0.0.rechallenge_given": "later_doses"})
    case, problems = read_case("interview", plan.data(given(a)))
    assert not problems and case is not None
    rechallenge = case.assessments[0].facts.rechallenge
    assert rechallenge is not None and rechallenge.given.value == "later_doses"


def test_what_was_done_with_the_drug_decides_what_can_follow_and_is_recorded() -> None:
    """Continued: it can only have resolved all the same or not improved; a single dose: the time after it
    is the withdrawal. Each answer records the outcome the instruments read, and what was done."""
    cases = {
        ("continued", "resolved_while_continued"): "resolved_while_continued",
        ("ended", "improved_after_last_dose"): "improved_after_last_dose",
        ("stopped", "not_improved"): "not_improved",
    }
    for (action, answer), outcome in cases.items():
        a = answers_through(**{"pair.0.0.withdrawal": action, "pair.0.0.dechallenge": answer})
        p = given(a)
        (q,) = [q for q in plan.plan(p) if q.key == "pair.0.0.dechallenge"]
        offered = {o.value for o in q.options}
        assert "improved" not in offered or action in ("stopped", "reduced")
        case, problems = read_case("interview", plan.data(p))
        assert not problems and case is not None
        d = case.assessments[0].facts.dechallenge
        assert d is not None and (d.outcome.value, d.action.value if d.action else None) == (outcome, action)


def test_a_file_that_does_not_say_what_was_done_is_not_asked_it() -> None:
    from causality.casefile import load_cases
    from tests.conftest import EXAMPLES

    (case,) = load_cases([str(EXAMPLES / "digoxin-toxicity.yaml")])
    p = plan.from_case(case)
    (q,) = [q for q in plan.plan(p) if q.key == "pair.0.0.withdrawal"]
    assert q.answered(p) and q.value(p) == "unknown"
    assert "action" not in str(plan.data(p)["assessments"][0]["facts"].get("dechallenge"))


def test_the_reason_says_what_was_done_only_when_it_was_recorded() -> None:
    from causality.derive import withdrawal_recorded
    from causality.model import Dechallenge, DechallengeOutcome, WithdrawalAction

    stopped = Dechallenge(DechallengeOutcome.IMPROVED, action=WithdrawalAction.STOPPED)
    assert withdrawal_recorded(stopped) == "the drug was stopped; withdrawal recorded as 'improved'"
    said = withdrawal_recorded(Dechallenge(DechallengeOutcome.IMPROVED, note="resolved after treatment"))
    assert said == "withdrawal recorded as 'improved': resolved after treatment" and "stopped" not in said
