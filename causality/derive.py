"""Facts -> instrument answers, each with the reason and the fact it came from.

The conventions are those of spec §1.4 (Naranjo) and §10 (alternative causes); judgements the spec says
cannot be inferred (plausible vs reasonable timing, definitive event, need for rechallenge) are only
ever read from what the clinician recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from causality.answers import Answer
from causality.instruments import who_umc as W
from causality.model import (
    AlternativeCause,
    Case,
    CauseStatus,
    DechallengeOutcome,
    DoseResponse,
    Drug,
    DrugLevel,
    Facts,
    Judgement,
    Literature,
    PlaceboOutcome,
    PreviousReaction,
    Reaction,
    RechallengeOutcome,
    Sequence,
    TimingJudgement,
    WithdrawalResponse,
)
from causality.onset import describe_hours

T = TypeVar("T", bound=str)


@dataclass(slots=True)  # per-assessment record: frozen costs ~2 us an instance
class Derivation(Generic[T]):
    """An instrument answer computed from a fact, with the reason and the fact's path."""

    value: T
    reason: str
    fact: str | None = None  # dotted path of the fact used; None when nothing was recorded

    @property
    def recorded(self) -> bool:
        return self.fact is not None


def _note(text: str | None) -> str:
    return f": {text}" if text else ""


def time_to_onset(drug: Drug | None, reaction: Reaction | None) -> tuple[float | None, str]:
    """Days from the drug to the onset, and how that was known, in words."""
    if reaction is not None and reaction.onset_after_dose_hours is not None:
        hours = reaction.onset_after_dose_hours
        return hours / 24, f"{describe_hours(hours)} after a dose (as reported)"
    if drug is None or reaction is None or drug.start is None or reaction.onset is None:
        return None, "not computed (drug start or reaction onset date missing)"
    days = (reaction.onset - drug.start).days
    if days < 0:
        return days, f"{-days} day(s) before the first dose"
    return days, f"{days} day(s) after the first dose"


def sequence(facts: Facts, drug: Drug | None, reaction: Reaction | None) -> Derivation[Sequence]:
    if facts.timing is not None and facts.timing.sequence is not None:
        said = facts.timing.sequence.replace("_", " ")
        return Derivation(
            facts.timing.sequence, f"{said} (recorded){_note(facts.timing.note)}", "facts.timing.sequence"
        )
    if reaction is not None and reaction.onset_after_dose_hours is not None:
        when = describe_hours(reaction.onset_after_dose_hours)
        return Derivation(Sequence.AFTER_DRUG, f"onset reported {when} after a dose", "reactions.onset")
    if drug is None or reaction is None or drug.start is None or reaction.onset is None:
        return Derivation(Sequence.UNKNOWN, "drug start or reaction onset date not recorded")
    days = (reaction.onset - drug.start).days
    dates = f"first dose {drug.start}, onset {reaction.onset}"
    if days > 0:
        return Derivation(Sequence.AFTER_DRUG, f"onset {days} day(s) after the first dose ({dates})", "dates")
    if days < 0:
        return Derivation(
            Sequence.BEFORE_DRUG, f"onset {-days} day(s) before the first dose ({dates})", "dates"
        )
    return Derivation(
        Sequence.UNKNOWN, f"onset on the day of the first dose ({dates}); record timing.sequence", "dates"
    )


# --- alternative causes (spec §10) -------------------------------------------------------------


class AlternativesState(StrEnum):
    NONE_RECORDED = "none_recorded"
    ALL_EXCLUDED = "all_excluded"
    SOME_OPEN = "some_open"  # none present, at least one not considered or not tested
    POSSIBLE = "possible"
    CONFIRMED = "confirmed"


def alternatives_state(causes: list[AlternativeCause]) -> tuple[AlternativesState, str]:
    def names(status: set[CauseStatus]) -> str:
        return ", ".join(c.cause for c in causes if c.status in status)

    if not causes:
        return AlternativesState.NONE_RECORDED, "no alternative causes recorded"
    if any(c.status is CauseStatus.PRESENT_CONFIRMED for c in causes):
        return (
            AlternativesState.CONFIRMED,
            f"present and could alone explain it: {names({CauseStatus.PRESENT_CONFIRMED})}",
        )
    if any(c.status is CauseStatus.PRESENT_POSSIBLE for c in causes):
        return AlternativesState.POSSIBLE, f"possibly present: {names({CauseStatus.PRESENT_POSSIBLE})}"
    if any(c.status.open for c in causes):
        open_ = names({CauseStatus.NOT_CONSIDERED, CauseStatus.CONSIDERED_NOT_TESTED})
        return AlternativesState.SOME_OPEN, f"none present, but not excluded: {open_}"
    excluded = names({CauseStatus.TESTED_EXCLUDED, CauseStatus.CLINICALLY_EXCLUDED})
    return AlternativesState.ALL_EXCLUDED, f"all {len(causes)} excluded: {excluded}"


# --- Naranjo (spec §1.4) -------------------------------------------------------------------------


def naranjo(facts: Facts, drug: Drug | None, reaction: Reaction | None) -> dict[str, Derivation[Answer]]:
    """One derivation per item for which a fact was recorded; other items are left out."""
    out: dict[str, Derivation[Answer]] = {}
    yes, no, unknown = Answer.YES, Answer.NO, Answer.UNKNOWN

    if facts.literature is not None:
        lit = facts.literature
        answer = {Literature.LABELLED: yes, Literature.PUBLISHED: yes, Literature.NOT_FOUND: no}.get(
            lit.outcome, unknown
        )
        out["q1"] = Derivation(answer, f"literature {lit.outcome}{_note(lit.note)}", "facts.literature")

    seq = sequence(facts, drug, reaction)
    if seq.recorded:
        answer = {Sequence.AFTER_DRUG: yes, Sequence.BEFORE_DRUG: no}.get(seq.value, unknown)
        out["q2"] = Derivation(answer, seq.reason, seq.fact)

    if facts.dechallenge is not None:
        d = facts.dechallenge
        answer = {DechallengeOutcome.IMPROVED: yes, DechallengeOutcome.NOT_IMPROVED: no}.get(
            d.outcome, unknown
        )
        why = {
            DechallengeOutcome.NOT_DONE: "drug not stopped, so improvement on stopping is unknown",
            DechallengeOutcome.NOT_APPLICABLE: "irreversible event: dechallenge cannot be assessed",
        }.get(d.outcome, f"dechallenge: {d.outcome.replace('_', ' ')}")
        out["q3"] = Derivation(answer, f"{why}{_note(d.note)}", "facts.dechallenge")

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
        out["q4"] = Derivation(answer, f"{why}{_note(r.note)}", "facts.rechallenge")

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
        out["q6"] = Derivation(answer, f"{why}{_note(p.note)}", "facts.placebo")

    if facts.drug_level is not None:
        lv = facts.drug_level
        answer = {DrugLevel.TOXIC: yes, DrugLevel.NOT_TOXIC: no}.get(lv.outcome, unknown)
        out["q7"] = Derivation(
            answer, f"drug level {lv.outcome.replace('_', ' ')}{_note(lv.note)}", "facts.drug_level"
        )

    if facts.dose_response is not None:
        dr = facts.dose_response
        answer = {DoseResponse.OBSERVED: yes, DoseResponse.NOT_OBSERVED: no}.get(dr.outcome, unknown)
        out["q8"] = Derivation(
            answer, f"dose-response: {dr.outcome.replace('_', ' ')}{_note(dr.note)}", "facts.dose_response"
        )

    if facts.previous_reaction is not None:
        pr = facts.previous_reaction
        answer = {
            PreviousReaction.SAME_DRUG: yes,
            PreviousReaction.SIMILAR_DRUG: yes,
            PreviousReaction.EXPOSED_WITHOUT_REACTION: no,
        }.get(pr.outcome, unknown)
        out["q9"] = Derivation(
            answer,
            f"previous exposure: {pr.outcome.replace('_', ' ')}{_note(pr.note)}",
            "facts.previous_reaction",
        )

    if facts.objective_evidence is not None:
        ev = facts.objective_evidence
        answer = {Judgement.YES: yes, Judgement.NO: no}.get(ev.outcome, unknown)
        out["q10"] = Derivation(
            answer, f"objective evidence {ev.outcome}{_note(ev.note)}", "facts.objective_evidence"
        )
    return out


# --- WHO-UMC (spec §2.3 inputs) ------------------------------------------------------------------


def who_umc(facts: Facts, drug: Drug | None, reaction: Reaction | None) -> dict[str, Derivation[StrEnum]]:
    out: dict[str, Derivation[StrEnum]] = {
        "event_documented": Derivation(W.Judgement.YES, "a reaction is recorded for this pair", "reactions"),
    }
    if facts.information is not None:
        out["info_status"] = Derivation(facts.information, "recorded", "facts.information")

    seq = sequence(facts, drug, reaction)
    judged = facts.timing.plausibility if facts.timing is not None else TimingJudgement.UNKNOWN
    if seq.value is Sequence.BEFORE_DRUG:
        out["timing"] = Derivation(
            W.Timing.IMPOSSIBLE, f"event began before the drug ({seq.reason})", seq.fact
        )
    elif judged is not TimingJudgement.UNKNOWN:
        timing = {
            TimingJudgement.PLAUSIBLE: W.Timing.PLAUSIBLE,
            TimingJudgement.REASONABLE: W.Timing.REASONABLE,
            TimingJudgement.IMPROBABLE: W.Timing.IMPROBABLE,
            TimingJudgement.IMPOSSIBLE: W.Timing.IMPOSSIBLE,
        }[judged]
        out["timing"] = Derivation(
            timing, f"assessor judged the time relationship {judged}", "facts.timing.plausibility"
        )

    state, why = alternatives_state(facts.alternative_causes)
    if state is AlternativesState.SOME_OPEN:
        improbable = facts.untested_causes_improbable is W.Judgement.YES
        out["alternatives"] = Derivation(
            W.Alternatives.UNLIKELY if improbable else W.Alternatives.POSSIBLE,
            f"{why}; assessor {'judges' if improbable else 'does not judge'} them improbable",
            "facts.alternative_causes",
        )
    elif state is not AlternativesState.NONE_RECORDED:
        alternatives = {
            AlternativesState.ALL_EXCLUDED: W.Alternatives.EXCLUDED,
            AlternativesState.POSSIBLE: W.Alternatives.POSSIBLE,
            AlternativesState.CONFIRMED: W.Alternatives.PLAUSIBLE,
        }[state]
        out["alternatives"] = Derivation(alternatives, why, "facts.alternative_causes")

    if facts.dechallenge is not None:
        d = facts.dechallenge
        if d.outcome is DechallengeOutcome.IMPROVED:
            if d.response is WithdrawalResponse.PLAUSIBLE:
                value, why = (
                    W.Dechallenge.POSITIVE_PLAUSIBLE,
                    "improved; assessor judged the response plausible",
                )
            else:
                value = W.Dechallenge.POSITIVE_REASONABLE
                why = (
                    "improved; assessor judged the response clinically reasonable"
                    if d.response is WithdrawalResponse.CLINICALLY_REASONABLE
                    else "improved; plausibility of the response not judged, so only 'clinically reasonable' is "
                    "credited (tool convention)"
                )
        else:
            value = {
                DechallengeOutcome.NOT_IMPROVED: W.Dechallenge.NEGATIVE,
                DechallengeOutcome.NOT_APPLICABLE: W.Dechallenge.NOT_APPLICABLE,
            }.get(d.outcome, W.Dechallenge.NOT_DONE)
            why = f"dechallenge {d.outcome.replace('_', ' ')}"
        out["dechallenge"] = Derivation(value, why, "facts.dechallenge")

    if facts.event_definitive is not W.Judgement.UNKNOWN:
        out["definitive_event"] = Derivation(
            facts.event_definitive, "assessor's judgement", "facts.event_definitive"
        )

    if facts.rechallenge is not None:
        r = facts.rechallenge
        out["rechallenge"] = Derivation(
            {
                RechallengeOutcome.RECURRED: W.Rechallenge.POSITIVE,
                RechallengeOutcome.DID_NOT_RECUR: W.Rechallenge.NEGATIVE,
                RechallengeOutcome.NOT_DONE: W.Rechallenge.NOT_DONE,
            }[r.outcome],
            f"rechallenge {r.outcome.replace('_', ' ')}",
            "facts.rechallenge.outcome",
        )
        if r.needed is not W.Judgement.UNKNOWN:
            out["rechallenge_needed"] = Derivation(
                r.needed, "assessor's judgement", "facts.rechallenge.needed"
            )

    if facts.timing_obtainable is not W.Judgement.UNKNOWN:
        out["timing_obtainable"] = Derivation(
            facts.timing_obtainable, "assessor's judgement", "facts.timing_obtainable"
        )
    return out


# --- shared by the instruments' adapters ------------------------------------------------------------------


def yes_no(value: Judgement | None) -> str | None:
    """A recorded yes or no, as an instrument's answer word; None for anything else."""
    return value if value in (Judgement.YES, Judgement.NO) else None


def drug_path(case: Case, drug: Drug | None) -> str:
    """Where a drug sits in the case file, for the fact an answer came from."""
    for key, drugs in (("suspect_drugs", case.suspect_drugs), ("concomitant_drugs", case.concomitant_drugs)):
        for index, d in enumerate(drugs):
            if d is drug:
                return f"{key}[{index}]"
    return "suspect_drugs"


def reaction_path(case: Case, reaction: Reaction | None) -> str:
    index = next((i for i, x in enumerate(case.reactions) if x is reaction), 0)
    return f"reactions[{index}]"


def same_drug_before(f: Facts, exclude: tuple[PreviousReaction, ...]) -> Derivation[str] | None:
    """Yes if the patient reacted to this drug before, no for the other recorded histories (Liverpool L9,
    Schumock-Thornton A1)."""
    pr = f.previous_reaction
    if pr is None or pr.outcome in exclude:
        return None
    answer = "yes" if pr.outcome is PreviousReaction.SAME_DRUG else "no"
    return Derivation(answer, f"previous exposure: {pr.outcome.replace('_', ' ')}", "facts.previous_reaction")
