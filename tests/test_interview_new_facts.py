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
        "pair.0.0.timing": "plausible", "pair.0.0.definitive": "no", "pair.0.0.dechallenge": "improved",
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
