"""What several instruments read from the same facts: the time to onset, the sequence of drug and event,
the state of the alternative causes, and the paths of facts in the case. Each instrument's own answers
are derived in its folder (``instruments/NAME/``), from these and the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from causality.model import (
    AlternativeCause,
    Case,
    CauseStatus,
    Dechallenge,
    DechallengeOutcome,
    DoseResponse,
    Drug,
    Facts,
    Judgement,
    PreviousReaction,
    Reaction,
    Rechallenge,
    RechallengeOutcome,
    ReexposedTo,
    Sequence,
    SpecificTest,
    SpecificTestKind,
    SpecificTestResult,
    Treatment,
    TreatmentKind,
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


def note(text: str | None) -> str:
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
            facts.timing.sequence, f"{said} (recorded){note(facts.timing.note)}", "facts.timing.sequence"
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


def withdrawal_recorded(d: Dechallenge) -> str:
    """What the case records about withdrawal, in its own words, for a reason that must not say more than
    was entered (not "the drug was stopped" when only "improved" and a note were recorded)."""
    return f"withdrawal recorded as '{d.outcome.replace('_', ' ')}'" + (f": {d.note}" if d.note else "")


def reduced_and_lessened(f: Facts) -> bool:
    """The dose was reduced (the drug not stopped) and the reaction lessened: a dechallenge by reduction, for
    every instrument that asks whether the reaction improved when the drug was stopped or reduced. A
    recorded withdrawal that says more (stopped, improved or not) is read first."""
    reduced = f.dose_response is not None and f.dose_response.outcome is DoseResponse.LESSENED_AFTER_REDUCTION
    d = f.dechallenge
    return reduced and (d is None or d.outcome in (DechallengeOutcome.NOT_DONE, DechallengeOutcome.UNKNOWN))


def this_drugs_rechallenge(f: Facts) -> Rechallenge | None:
    """The recorded re-exposure if it re-gave this drug alone, or was not done; None for a re-exposure to
    a drug of the same class or to this drug together with another suspect (it does not tell them apart)."""
    r = f.rechallenge
    if r is None or r.outcome is RechallengeOutcome.NOT_DONE or r.given is ReexposedTo.SAME_DRUG:
        return r
    return None


def positive_test(f: Facts, drug: str, *kinds: SpecificTestKind) -> SpecificTest | None:
    """The first positive test of these kinds done with this drug (a test naming another drug is that
    drug's)."""
    for t in f.specific_tests:
        if (
            t.kind in kinds
            and t.result is SpecificTestResult.POSITIVE
            and (t.drug is None or t.drug.casefold() == drug.casefold())
        ):
            return t
    return None


def specific_antagonist_for(reaction: Reaction | None, drug: str, suspects: int) -> Treatment | None:
    """A specific antagonist given for the reaction that reverses this drug: named as reversing it, or,
    when it names no drug, the case has only this suspect."""
    given = reaction.treatment_given if reaction is not None else None
    if given is None or given.kind is not TreatmentKind.SPECIFIC_ANTAGONIST:
        return None
    if given.reverses is not None:
        return given if given.reverses.casefold() == drug.casefold() else None
    return given if suspects == 1 else None


def same_drug_before(f: Facts, exclude: tuple[PreviousReaction, ...]) -> Derivation[str] | None:
    """Yes if the patient reacted to this drug before, no for the other recorded histories (Liverpool L9,
    Schumock-Thornton A1)."""
    pr = f.previous_reaction
    if pr is None or pr.outcome in exclude:
        return None
    answer = "yes" if pr.outcome is PreviousReaction.SAME_DRUG else "no"
    return Derivation(answer, f"previous exposure: {pr.outcome.replace('_', ' ')}", "facts.previous_reaction")
