"""Naranjo's answers from the facts of a pair: each with its reason and the fact it came from.

The conventions are the published misapplications avoided: "do not know" is never coerced to "no" (a
rechallenge or placebo not done is "do not know", 0 points).
"""

from __future__ import annotations

from causality.answers import Answer
from causality.derive import (
    AlternativesState,
    Derivation,
    alternatives_state,
    level_reading,
    note,
    positive_test,
    reduced_and_lessened,
    sequence,
    specific_antagonist_for,
    with_ingredient,
)
from causality.model import (
    DechallengeOutcome,
    DoseResponse,
    Drug,
    DrugLevel,
    Facts,
    Judgement,
    Literature,
    Outcome,
    PlaceboOutcome,
    PreviousReaction,
    Reaction,
    RechallengeOutcome,
    ReexposedTo,
    Sequence,
    SpecificTestKind,
    TreatmentKind,
)

_BETTER = (Outcome.RECOVERED, Outcome.RECOVERING, Outcome.RECOVERED_WITH_SEQUELAE)


def _symptomatic(reaction: Reaction | None) -> str | None:
    """What symptomatic treatment was given for the reaction, if any (it may explain an improvement)."""
    given = reaction.treatment_given if reaction is not None else None
    if given is None or given.kind is not TreatmentKind.SYMPTOMATIC:
        return None
    return given.name or "not named"


def derived(
    facts: Facts, drug: Drug | None, reaction: Reaction | None, name: str = "", suspects: int = 1
) -> dict[str, Derivation[Answer]]:
    """One derivation per item for which a fact was recorded; other items are left out. ``name`` is the
    pair's suspect drug and ``suspects`` how many the case has (a test or an antagonist is that drug's)."""
    out: dict[str, Derivation[Answer]] = {}
    yes, no, unknown = Answer.YES, Answer.NO, Answer.UNKNOWN

    if facts.literature is not None:
        lit = facts.literature
        answer = {Literature.LABELLED: yes, Literature.PUBLISHED: yes, Literature.NOT_FOUND: no}.get(
            lit.outcome, unknown
        )
        out["q1"] = Derivation(answer, f"literature {lit.outcome}{note(lit.note)}", "facts.literature")

    seq = sequence(facts, drug, reaction)
    if seq.recorded:
        answer = {Sequence.AFTER_DRUG: yes, Sequence.BEFORE_DRUG: no}.get(seq.value, unknown)
        out["q2"] = Derivation(answer, seq.reason, seq.fact)

    if facts.dechallenge is not None:
        d = facts.dechallenge
        answer = yes if d.outcome.improved else no if d.outcome.not_improved else unknown
        why = {
            DechallengeOutcome.NOT_DONE: "drug not stopped, so improvement on stopping is unknown",
            DechallengeOutcome.NOT_APPLICABLE: "irreversible event: dechallenge cannot be assessed",
            DechallengeOutcome.IMPROVED_AFTER_LAST_DOSE: "a single dose or a course already ended, then improved: "
            "the time after the last dose is the dechallenge (tool convention)",
            DechallengeOutcome.NOT_IMPROVED_AFTER_LAST_DOSE: "a single dose or a course already ended, and it "
            "did not improve (tool convention)",
            DechallengeOutcome.RESOLVED_WHILE_CONTINUED: "resolved although the drug was continued: not a "
            "dechallenge, 'do not know' (tool convention)",
        }.get(d.outcome, f"dechallenge: {d.outcome.replace('_', ' ')}")
        if answer is yes and (treatment := _symptomatic(reaction)) is not None:
            why += f"; the improvement may partly reflect the treatment given ({treatment})"
        out["q3"] = Derivation(answer, f"{why}{note(d.note)}", "facts.dechallenge")
    if reduced_and_lessened(facts):
        out["q3"] = Derivation(
            yes,
            "lessened after a dose reduction (the drug not stopped): a dechallenge by reduction (tool convention)",
            "facts.dose_response",
        )
    antagonist = specific_antagonist_for(reaction, name, suspects)
    if (
        antagonist is not None
        and reaction is not None
        and reaction.outcome in _BETTER
        and ("q3" not in out or out["q3"].value is not yes)
    ):
        # The item reads "when the drug was discontinued or a specific antagonist was administered".
        out["q3"] = Derivation(
            yes,
            f"improved when a specific antagonist of {name} was given ({antagonist.name or 'not named'}), "
            "as the item's wording allows",
            "reactions.treatment_given",
        )

    if facts.rechallenge is not None:
        r = facts.rechallenge
        answer = {RechallengeOutcome.RECURRED: yes, RechallengeOutcome.DID_NOT_RECUR: no}.get(
            r.outcome, unknown
        )
        why = (
            "rechallenge not done: 'do not know' (0), not 'no' (-1)"
            if r.outcome is RechallengeOutcome.NOT_DONE
            else f"rechallenge done, event {'recurred' if answer is yes else 'did not recur'}"
        )
        if r.given is ReexposedTo.SAME_CLASS and r.outcome is not RechallengeOutcome.NOT_DONE:
            # Q4 counts only the same drug re-given; a similar drug's recurrence is Q9's.
            answer, why = (
                unknown,
                "a drug of the same class was given, not this one: 'do not know' (tool convention)",
            )
        elif r.given is ReexposedTo.LATER_DOSES and r.outcome is not RechallengeOutcome.NOT_DONE:
            why = (
                f"{'recurred' if answer is yes else 'did not recur'} on later doses of the same course: "
                "a rechallenge (tool convention)"
            )
        elif r.given is ReexposedTo.WITH_OTHER_SUSPECTS and answer is yes:
            why += ", together with another suspect: it does not tell the suspects apart"
        out["q4"] = Derivation(answer, f"{why}{note(r.note)}", "facts.rechallenge")
    undone = facts.rechallenge is None or facts.rechallenge.outcome is RechallengeOutcome.NOT_DONE
    parts = drug.ingredients if drug is not None else ()
    if undone and (test := positive_test(facts, name, SpecificTestKind.PROVOCATION, parts=parts)) is not None:
        out["q4"] = Derivation(
            yes,
            f"a positive provocation test{with_ingredient(test, name)} is a rechallenge (tool convention)"
            f"{note(test.note)}",
            "facts.specific_tests",
        )

    state, why = alternatives_state(facts.alternative_causes)
    if state is not AlternativesState.NONE_RECORDED:
        answer = {
            AlternativesState.ALL_EXCLUDED: no,
            AlternativesState.SOME_OPEN: unknown,
            AlternativesState.POSSIBLE: yes,
            AlternativesState.CONFIRMED: yes,
        }[state]
        out["q5"] = Derivation(answer, why, "facts.alternative_causes")

    if facts.placebo is not None:
        p = facts.placebo
        answer = {PlaceboOutcome.REAPPEARED: yes, PlaceboOutcome.DID_NOT_REAPPEAR: no}.get(p.outcome, unknown)
        why = (
            "no placebo given: 'do not know' (0), never 'no' (+1)"
            if p.outcome is PlaceboOutcome.NOT_GIVEN
            else f"placebo given, reaction {'reappeared' if answer is yes else 'did not reappear'}"
        )
        out["q6"] = Derivation(answer, f"{why}{note(p.note)}", "facts.placebo")

    if facts.drug_level is not None:
        lv = facts.drug_level
        found, why = level_reading(lv)
        answer = {DrugLevel.TOXIC: yes, DrugLevel.NOT_TOXIC: no}.get(found, unknown) if found else unknown
        out["q7"] = Derivation(answer, f"{why}{note(lv.note)}", "facts.drug_level")

    if facts.dose_response is not None:
        dr = facts.dose_response
        answer = (
            yes
            if dr.outcome.followed_the_dose
            else no
            if dr.outcome is DoseResponse.NOT_OBSERVED
            else unknown
        )
        out["q8"] = Derivation(
            answer, f"dose-response: {dr.outcome.replace('_', ' ')}{note(dr.note)}", "facts.dose_response"
        )

    if facts.previous_reaction is not None:
        pr = facts.previous_reaction
        answer = {
            PreviousReaction.SAME_DRUG: yes,
            PreviousReaction.SIMILAR_DRUG: yes,
            PreviousReaction.EXPOSED_WITHOUT_REACTION: no,
        }.get(pr.outcome, unknown)
        similar = (
            f" (similar: the same class, {drug.drug_class})"
            if pr.outcome is PreviousReaction.SIMILAR_DRUG and drug is not None and drug.drug_class
            else ""
        )
        out["q9"] = Derivation(
            answer,
            f"previous exposure: {pr.outcome.replace('_', ' ')}{similar}{note(pr.note)}",
            "facts.previous_reaction",
        )

    if facts.objective_evidence is not None:
        ev = facts.objective_evidence
        answer = {Judgement.YES: yes, Judgement.NO: no}.get(ev.outcome, unknown)
        out["q10"] = Derivation(
            answer, f"objective evidence {ev.outcome}{note(ev.note)}", "facts.objective_evidence"
        )
    confirming = positive_test(
        facts, name, SpecificTestKind.DRUG_DEPENDENT_ANTIBODIES, SpecificTestKind.BIOPSY, parts=parts
    )
    if confirming is not None and ("q10" not in out or out["q10"].value is not yes):
        said = confirming.kind.replace("_", " ")
        out["q10"] = Derivation(
            yes, f"confirmed by a positive test: {said}{note(confirming.note)}", "facts.specific_tests"
        )
    again = facts.rechallenge
    if (
        again is not None
        and again.given is ReexposedTo.SAME_CLASS
        and again.outcome is RechallengeOutcome.RECURRED
        and ("q9" not in out or out["q9"].value is not yes)
    ):
        cls = f" ({drug.drug_class})" if drug is not None and drug.drug_class else ""
        out["q9"] = Derivation(
            yes,
            f"recurred on re-exposure to a drug of the same class{cls}{note(again.note)}",
            "facts.rechallenge",
        )
    return out
