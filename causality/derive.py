"""What several instruments read from the same facts: the time to onset, the sequence of drug and event,
the state of the alternative causes, and the paths of facts in the case. Each instrument's own answers
are derived in its folder (``instruments/NAME/``), from these and the facts.
"""

from __future__ import annotations

import re
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
    DrugLevel,
    Facts,
    Judgement,
    MeasuredLevel,
    PreviousReaction,
    Reaction,
    Rechallenge,
    RechallengeOutcome,
    Sequence,
    SpecificTest,
    SpecificTestKind,
    SpecificTestResult,
    Treatment,
    TreatmentKind,
)
from causality.onset import said as onset_said
from causality.record import Record

T = TypeVar("T", bound=str)


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class Derivation(Record, Generic[T]):
    """An instrument answer computed from a fact, with the reason and the fact's path."""

    value: T
    reason: str
    fact: str | None = None  # dotted path of the fact used; None when nothing was recorded

    def __init__(self, value: T, reason: str, fact: str | None = None) -> None:
        self.value = value
        self.reason = reason
        self.fact = fact

    @property
    def recorded(self) -> bool:
        return self.fact is not None


def note(text: str | None) -> str:
    return f": {text}" if text else ""


def time_to_onset(drug: Drug | None, reaction: Reaction | None) -> tuple[float | None, str]:
    """Days from the drug to the onset, and how that was known, in words."""
    if reaction is not None and reaction.onset_relative is not None:
        rel = reaction.onset_relative
        return (rel.lower_hours / 24 if rel.exact else None), f"{onset_said(rel)} (as reported)"
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
    if reaction is not None and reaction.onset_relative is not None:
        return Derivation(
            Sequence.AFTER_DRUG, f"onset reported {onset_said(reaction.onset_relative)}", "reactions.onset"
        )
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
            if drug is not None and drug.ingredient_of is not None and d.name == drug.ingredient_of:
                return f"{key}[{index}]"  # an ingredient: the product's dates
    return "suspect_drugs"


def reaction_path(case: Case, reaction: Reaction | None) -> str:
    index = next((i for i, x in enumerate(case.reactions) if x is reaction), 0)
    return f"reactions[{index}]"


def withdrawal_recorded(d: Dechallenge) -> str:
    """What the case records about withdrawal, in its own words, for a reason that must not say more than
    was entered (not "the drug was stopped" when only "improved" and a note were recorded)."""
    done = f"the drug {_DONE[d.action]}; " if d.action is not None else ""
    return f"{done}withdrawal recorded as '{d.outcome.replace('_', ' ')}'" + (f": {d.note}" if d.note else "")


# What was done with the drug, as the case records it (an instrument's reason says it only when recorded).
_DONE = {"stopped": "was stopped", "reduced": "was given at a lower dose", "continued": "was continued",
         "ended": "was not given any more anyway (a single dose, or a course already over)"}  # fmt: skip


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
    if r is None or r.outcome is RechallengeOutcome.NOT_DONE or r.given.this_drug_alone:
        return r
    return None


def positive_test(
    f: Facts, drug: str, *kinds: SpecificTestKind, parts: tuple[str, ...] | list[str] = ()
) -> SpecificTest | None:
    """The first positive test of these kinds done with this drug, or with one of its ``parts`` (the
    ingredients of a product: the product contains what the test showed). A test naming another drug is
    that drug's."""
    mine = {drug.casefold(), *(p.casefold() for p in parts)}
    for t in f.specific_tests:
        if (
            t.kind in kinds
            and t.result is SpecificTestResult.POSITIVE
            and (t.drug is None or t.drug.casefold() in mine)
        ):
            return t
    return None


def with_ingredient(test: SpecificTest, drug: str) -> str:
    """ ", with trimethoprim, an ingredient of co-trimoxazole" for a test done with an ingredient; else ""."""
    if test.drug is None or test.drug.casefold() == drug.casefold():
        return ""
    return f" (with {test.drug}, an ingredient of {drug})"


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


# --- the measured drug level (spec §15.4) ---------------------------------------------------------------


def _same_unit(a: str | None, b: str | None) -> bool:
    def folded(u: str | None) -> str:
        return "".join((u or "").split()).casefold().replace("µ", "u").replace("μ", "u")

    return folded(a) == folded(b)


def measured(level: MeasuredLevel) -> str:
    """The measurement in words: value and unit, threshold and its source, sampling time."""
    parts = []
    if level.value is not None:
        parts.append(f"{level.value:g}{f' {level.unit}' if level.unit else ''}")
    if level.threshold is not None:
        unit = level.threshold_unit or level.unit
        source = f", {level.threshold_source}" if level.threshold_source else ""
        parts.append(f"toxic from {level.threshold:g}{f' {unit}' if unit else ''}{source}")
    if level.sampled:
        parts.append(f"sampled {level.sampled}")
    return "; ".join(parts)


def level_reading(level: MeasuredLevel) -> tuple[DrugLevel | None, str]:
    """Toxic, not toxic, or None (not measured, or not comparable), and why: a recorded value is compared
    with its threshold when both are in one unit; otherwise the finding stated in one word is used."""
    said = measured(level)
    if level.value is not None and level.threshold is not None:
        if level.threshold_unit is not None and not _same_unit(level.threshold_unit, level.unit):
            return None, (
                f"{said}: the value ({level.unit or 'no unit'}) and the threshold ({level.threshold_unit}) are in "
                "different units and are not compared"
            )
        if level.value >= level.threshold:
            return DrugLevel.TOXIC, f"{said}: at or above the toxic threshold (tool convention)"
        return DrugLevel.NOT_TOXIC, f"{said}: below the toxic threshold (tool convention)"
    if level.outcome in (DrugLevel.TOXIC, DrugLevel.NOT_TOXIC):
        return level.outcome, f"drug level {level.outcome.replace('_', ' ')}{f' ({said})' if said else ''}"
    if level.outcome is DrugLevel.NOT_MEASURED:
        return None, "drug level not measured"
    if level.value is not None:
        return None, f"{said}: no toxic threshold recorded to compare it with"
    return None, "drug level measured, but neither the value nor the finding is recorded"


def level_contradiction(level: MeasuredLevel) -> str | None:
    """A one-word finding the recorded value and threshold contradict, in words; None if they agree."""
    if level.outcome not in (DrugLevel.TOXIC, DrugLevel.NOT_TOXIC):
        return None
    found, why = level_reading(level)
    if found is None or found is level.outcome:
        return None
    return f"the finding '{level.outcome.value}' is recorded, but {why}; the value is used"


# --- other drugs (spec §15.8) --------------------------------------------------------------------------


def other_drugs_to_assess(
    case: Case, drug: Drug | None, reaction: Reaction | None, facts: Facts
) -> list[str]:
    """Other drugs that are alternative causes of this pair until the assessor marks them, and are not among
    the recorded causes: one interacting with this drug, or one started within the onset window (from this
    drug's first dose to the onset)."""
    if drug is None:
        return []
    named = " ".join(c.cause.casefold() for c in facts.alternative_causes)
    window = (
        (drug.start, reaction.onset)
        if reaction is not None and drug.start is not None and reaction.onset is not None
        else None
    )
    out = []
    for other in case.suspect_drugs + case.concomitant_drugs:
        if other.name.casefold() in (drug.name.casefold(), (drug.ingredient_of or "").casefold()):
            continue
        if re.search(rf"(?<!\w){re.escape(other.name.casefold())}(?!\w)", named):
            continue  # named among the causes (as a word: "asa" is not in "nasal trauma")
        why = []
        if other.interacts_with is not None and other.interacts_with.casefold() == drug.name.casefold():
            why.append(
                f"interacts with {drug.name}"
                + (f": {other.interaction_mechanism}" if other.interaction_mechanism else "")
            )
        if window is not None and other.start is not None and window[0] <= other.start <= window[1]:
            why.append(f"started {other.start}, within the onset window")
        if why:
            out.append(f"{other.name} ({'; '.join(why)})")
    return out


def interaction_of(case: Case, drug: Drug) -> str | None:
    """An interaction recorded between this drug and another of the case, in words."""
    if drug.interacts_with is not None:
        how = f": {drug.interaction_mechanism}" if drug.interaction_mechanism else ""
        return f"{drug.name} interacts with {drug.interacts_with}{how}"
    for other in case.suspect_drugs + case.concomitant_drugs:
        if other.interacts_with is not None and other.interacts_with.casefold() == drug.name.casefold():
            how = f": {other.interaction_mechanism}" if other.interaction_mechanism else ""
            return f"{other.name} interacts with {drug.name}{how}"
    return None
