"""ALDEN: drug causality in Stevens-Johnson syndrome / toxic epidermal necrolysis (Sassolas et al.,
Clin Pharmacol Ther 2010;88:60-68), spec §5 with the §14 verdicts.

Every drug of the case is scored (criteria 1-5), then criterion 6 compares them. Where two or more drugs
score above 3 the published wording is ambiguous (§14, "open"): both readings are computed and both are
shown when they differ: the spec's convention (drugs tied at the top are not penalised) and the public
implementation's (a drug loses a point whenever another drug scores above 3).
"""

from __future__ import annotations

from dataclasses import dataclass

# Kept in the package, where the registry reads it without loading the scorer.
from causality.instruments.alden import INFO as INFO
from causality.record import FrozenRecord

PRECHALLENGE = {
    "same_drug_same_disease": 4,  # SJS/TEN after the same drug
    "similar_drug_or_other_reaction": 2,  # SJS/TEN after a similar drug, or another reaction with the same drug
    "other_reaction_similar_drug": 1,
    "not_done_or_unknown": 0,
    "negative": -2,  # exposure to this drug without any reaction, before or after
}
NOTORIETY = {"strongly_associated": 3, "associated": 2, "suspected": 1, "unknown": 0, "not_suspected": -1}
BANDS: tuple[tuple[int, str], ...] = ((6, "very probable"), (4, "probable"), (2, "possible"), (0, "unlikely"))
THRESHOLD = 3  # criterion 6 applies when some drug's intermediate score is above this


def band_of(total: int) -> str:
    return next((label for lowest, label in BANDS if total >= lowest), "very unlikely")


@dataclass(init=False, eq=False, repr=False, frozen=True)
class DrugInputs(FrozenRecord):
    """What ALDEN needs about one drug. ``delay_days``: from the first intake to the index day (onset)."""

    name: str
    delay_days: int | None
    previous_reaction_same_drug: bool = False
    stopped_days_before_index: float | None = None  # None: continued up to the index day
    half_life_hours: float | None = None
    half_life_source: str | None = None
    liver_kidney_dysfunction_or_interaction: bool = False
    prechallenge: str = "not_done_or_unknown"
    continued_without_harm: bool = False  # criterion 4 "negative"
    notoriety: str = "unknown"

    def __init__(
        self,
        name: str,
        delay_days: int | None,
        previous_reaction_same_drug: bool = False,
        stopped_days_before_index: float | None = None,
        half_life_hours: float | None = None,
        half_life_source: str | None = None,
        liver_kidney_dysfunction_or_interaction: bool = False,
        prechallenge: str = "not_done_or_unknown",
        continued_without_harm: bool = False,
        notoriety: str = "unknown",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "delay_days", delay_days)
        object.__setattr__(self, "previous_reaction_same_drug", previous_reaction_same_drug)
        object.__setattr__(self, "stopped_days_before_index", stopped_days_before_index)
        object.__setattr__(self, "half_life_hours", half_life_hours)
        object.__setattr__(self, "half_life_source", half_life_source)
        object.__setattr__(
            self, "liver_kidney_dysfunction_or_interaction", liver_kidney_dysfunction_or_interaction
        )
        object.__setattr__(self, "prechallenge", prechallenge)
        object.__setattr__(self, "continued_without_harm", continued_without_harm)
        object.__setattr__(self, "notoriety", notoriety)


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Criterion(FrozenRecord):
    """One criterion's option, points and reason."""

    number: int
    points: int
    reason: str

    def __init__(self, number: int, points: int, reason: str) -> None:
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "reason", reason)


@dataclass(init=False, eq=False, repr=False, frozen=True)
class DrugResult(FrozenRecord):
    """One drug: criteria 1-5, the intermediate score, criterion 6 under both readings, final and band."""

    name: str
    criteria: tuple[Criterion, ...]
    intermediate: int
    other_cause: int  # criterion 6, spec convention
    final: int
    band: str
    other_cause_alternative: int | None = None  # criterion 6 under the other reading, when it differs
    final_alternative: int | None = None

    def __init__(
        self,
        name: str,
        criteria: tuple[Criterion, ...],
        intermediate: int,
        other_cause: int,
        final: int,
        band: str,
        other_cause_alternative: int | None = None,
        final_alternative: int | None = None,
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "intermediate", intermediate)
        object.__setattr__(self, "other_cause", other_cause)
        object.__setattr__(self, "final", final)
        object.__setattr__(self, "band", band)
        object.__setattr__(self, "other_cause_alternative", other_cause_alternative)
        object.__setattr__(self, "final_alternative", final_alternative)


def _delay(d: DrugInputs) -> Criterion:
    if d.delay_days is None:
        raise ValueError(f"{d.name}: the delay from first intake to the index day is needed")
    days = d.delay_days
    if days <= 0:
        return Criterion(1, -3, f"excluded: started {'on' if days == 0 else 'after'} the index day")
    if d.previous_reaction_same_drug:  # only Suggestive and Likely change
        if days <= 4:
            return Criterion(
                1, 3, f"suggestive: {days} days, after a previous reaction to the same drug (1-4)"
            )
        if days <= 56:
            return Criterion(1, 1, f"likely: {days} days, after a previous reaction to the same drug (5-56)")
        return Criterion(1, -1, f"unlikely: {days} days (> 56)")
    if 5 <= days <= 28:
        return Criterion(1, 3, f"suggestive: {days} days (5-28)")
    if 29 <= days <= 56:
        return Criterion(1, 2, f"compatible: {days} days (29-56)")
    if days <= 4:
        return Criterion(1, 1, f"likely: {days} days (1-4)")
    return Criterion(1, -1, f"unlikely: {days} days (> 56)")


def _presence(d: DrugInputs) -> Criterion:
    if d.stopped_days_before_index is None:
        return Criterion(2, 0, "definite: continued up to the index day")
    if d.half_life_hours is None:
        raise ValueError(f"{d.name}: stopped before the index day, so its elimination half-life is needed")
    half_lives = d.stopped_days_before_index * 24 / d.half_life_hours
    source = f"half-life {d.half_life_hours:g} h ({d.half_life_source or 'source not given'})"
    if half_lives <= 5:
        return Criterion(2, 0, f"definite: stopped {half_lives:.1f} half-lives before; {source}")
    if d.liver_kidney_dysfunction_or_interaction:
        return Criterion(2, -1, f"doubtful: stopped {half_lives:.1f} half-lives before, but liver/kidney "
                         f"dysfunction or interaction; {source}")  # fmt: skip
    return Criterion(2, -3, f"excluded: stopped {half_lives:.1f} half-lives before; {source}")


def _intermediate(d: DrugInputs) -> tuple[Criterion, ...]:
    if d.prechallenge not in PRECHALLENGE or d.notoriety not in NOTORIETY:
        raise ValueError(f"{d.name}: prechallenge must be one of {list(PRECHALLENGE)}, notoriety one of "
                         f"{list(NOTORIETY)}")  # fmt: skip
    return (
        _delay(d),
        _presence(d),
        Criterion(3, PRECHALLENGE[d.prechallenge], d.prechallenge.replace("_", " ")),
        Criterion(4, -2 if d.continued_without_harm else 0,
                  "negative: continued without harm" if d.continued_without_harm else "neutral: stopped or unknown"),
        Criterion(5, NOTORIETY[d.notoriety], d.notoriety.replace("_", " ")),
    )  # fmt: skip


def assess(drugs: list[DrugInputs]) -> list[DrugResult]:
    """Score every drug, then apply criterion 6 across them (it needs all the intermediate scores)."""
    scored = [(d, _intermediate(d)) for d in drugs]
    intermediate = {d.name: sum(c.points for c in criteria) for d, criteria in scored}
    top = max(intermediate.values(), default=0)
    results = []
    for d, criteria in scored:
        mine = intermediate[d.name]
        others_above = any(v > THRESHOLD for name, v in intermediate.items() if name != d.name)
        spec = (
            -1 if top > THRESHOLD and mine < top else 0
        )  # spec §5.1: the drugs tied at the top keep their score
        public = -1 if others_above else 0
        results.append(
            DrugResult(
                d.name,
                criteria,
                mine,
                spec,
                mine + spec,
                band_of(mine + spec),
                public if public != spec else None,
                mine + public if public != spec else None,
            )
        )
    return results
