"""WHO-UMC system for standardised case causality assessment (Uppsala Monitoring Centre).

UMC publishes categories and criteria, not an algorithm. This module implements the deterministic
procedure of spec §2.3 (a tool convention): the first category whose criteria are all met, with every
judgement an explicit input. Criteria are conjunctive as in the UMC tables (not the FHIR "or").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from causality.instruments import Citation, InstrumentInfo
from causality.record import FrozenRecord, Record

INFO = InstrumentInfo(
    name="who-umc",
    title="WHO-UMC causality categories",
    summary="Six categories (Certain ... Unassessable) by criteria on timing, alternative causes, "
    "dechallenge, rechallenge and the quality of the information.",
    citations=(
        Citation(
            "Uppsala Monitoring Centre. The use of the WHO-UMC system for standardised case causality "
            "assessment. Uppsala: WHO Collaborating Centre for International Drug Monitoring.",
            note="UMC gives each category's criteria but no order for checking them; the order used here is this "
            "tool's.",
        ),
    ),
)

DISCLAIMER = (
    "Causality assessment can reduce disagreement between assessors and classify how likely a "
    "relationship is; it cannot give an accurate quantitative probability, prove the connection "
    "between drug and event, quantify the drug's contribution, or turn uncertainty into certainty (UMC)."
)


class Category(StrEnum):
    CERTAIN = "certain"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"
    CONDITIONAL = "conditional"
    UNASSESSABLE = "unassessable"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Category.CERTAIN: "Certain",
    Category.PROBABLE: "Probable / Likely",
    Category.POSSIBLE: "Possible",
    Category.UNLIKELY: "Unlikely",
    Category.CONDITIONAL: "Conditional / Unclassified",
    Category.UNASSESSABLE: "Unassessable / Unclassifiable",
}


class InfoStatus(StrEnum):
    ADEQUATE = "adequate"
    PENDING = "pending"
    INSUFFICIENT = "insufficient_or_contradictory_final"


class Timing(StrEnum):
    PLAUSIBLE = "plausible"
    REASONABLE = "reasonable"
    IMPROBABLE = "improbable_not_impossible"
    IMPOSSIBLE = "impossible"
    UNKNOWN = "unknown"


class Alternatives(StrEnum):
    EXCLUDED = "excluded"
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    PLAUSIBLE = "plausible_explanation"
    UNKNOWN = "unknown"


class Dechallenge(StrEnum):
    POSITIVE_PLAUSIBLE = "positive_plausible"
    POSITIVE_REASONABLE = "positive_clinically_reasonable"
    NEGATIVE = "negative"
    NOT_DONE = "not_done_or_unclear"
    NOT_APPLICABLE = "not_applicable"


class Rechallenge(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_DONE = "not_done"


class Judgement(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Inputs(FrozenRecord):
    """The inputs of spec §2.3; ``timing_obtainable`` answers step 3 (can unknown dates still be had?)."""

    event_documented: Judgement = Judgement.YES
    info_status: InfoStatus = InfoStatus.ADEQUATE
    timing: Timing = Timing.UNKNOWN
    alternatives: Alternatives = Alternatives.UNKNOWN
    dechallenge: Dechallenge = Dechallenge.NOT_DONE
    definitive_event: Judgement = Judgement.UNKNOWN
    rechallenge: Rechallenge = Rechallenge.NOT_DONE
    rechallenge_needed: Judgement = Judgement.UNKNOWN
    timing_obtainable: Judgement = Judgement.UNKNOWN

    def __init__(
        self,
        event_documented: Judgement = Judgement.YES,
        info_status: InfoStatus = InfoStatus.ADEQUATE,
        timing: Timing = Timing.UNKNOWN,
        alternatives: Alternatives = Alternatives.UNKNOWN,
        dechallenge: Dechallenge = Dechallenge.NOT_DONE,
        definitive_event: Judgement = Judgement.UNKNOWN,
        rechallenge: Rechallenge = Rechallenge.NOT_DONE,
        rechallenge_needed: Judgement = Judgement.UNKNOWN,
        timing_obtainable: Judgement = Judgement.UNKNOWN,
    ) -> None:
        object.__setattr__(self, "event_documented", event_documented)
        object.__setattr__(self, "info_status", info_status)
        object.__setattr__(self, "timing", timing)
        object.__setattr__(self, "alternatives", alternatives)
        object.__setattr__(self, "dechallenge", dechallenge)
        object.__setattr__(self, "definitive_event", definitive_event)
        object.__setattr__(self, "rechallenge", rechallenge)
        object.__setattr__(self, "rechallenge_needed", rechallenge_needed)
        object.__setattr__(self, "timing_obtainable", timing_obtainable)


# Input name -> its enumeration, for case-file validation and for `causality scales who-umc`.
INPUT_TYPES: dict[str, type[StrEnum]] = {
    "event_documented": Judgement,
    "info_status": InfoStatus,
    "timing": Timing,
    "alternatives": Alternatives,
    "dechallenge": Dechallenge,
    "definitive_event": Judgement,
    "rechallenge": Rechallenge,
    "rechallenge_needed": Judgement,
    "timing_obtainable": Judgement,
}

_GOOD_TIMING = {Timing.PLAUSIBLE, Timing.REASONABLE}
_POSITIVE_DECHALLENGE = {Dechallenge.POSITIVE_PLAUSIBLE, Dechallenge.POSITIVE_REASONABLE}


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Criterion(FrozenRecord):
    """One UMC criterion of one category, with its test on the inputs."""

    id: str
    category: Category
    text: str  # UMC's criterion, abridged
    test: Callable[[Inputs], bool] = field(repr=False, compare=False)

    def __init__(self, id: str, category: Category, text: str, test: Callable[[Inputs], bool]) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "test", test)


CRITERIA: tuple[Criterion, ...] = (
    Criterion("C1", Category.CERTAIN, "plausible time relationship to drug intake",
              lambda i: i.timing is Timing.PLAUSIBLE),
    Criterion("C2", Category.CERTAIN, "cannot be explained by disease or other drugs",
              lambda i: i.alternatives is Alternatives.EXCLUDED),
    Criterion("C3", Category.CERTAIN, "response to withdrawal plausible (pharmacologically, pathologically)",
              lambda i: i.dechallenge is Dechallenge.POSITIVE_PLAUSIBLE),
    Criterion("C4", Category.CERTAIN, "event definitive pharmacologically or phenomenologically",
              lambda i: i.definitive_event is Judgement.YES),
    Criterion("C5", Category.CERTAIN, "rechallenge satisfactory, if necessary",
              lambda i: i.rechallenge is Rechallenge.POSITIVE or i.rechallenge_needed is Judgement.NO),
    Criterion("P1", Category.PROBABLE, "reasonable time relationship to drug intake",
              lambda i: i.timing in _GOOD_TIMING),
    Criterion("P2", Category.PROBABLE, "unlikely to be attributed to disease or other drugs",
              lambda i: i.alternatives in {Alternatives.EXCLUDED, Alternatives.UNLIKELY}),
    Criterion("P3", Category.PROBABLE, "response to withdrawal clinically reasonable",
              lambda i: i.dechallenge in _POSITIVE_DECHALLENGE),
    Criterion("P4", Category.PROBABLE, "rechallenge not required (and, if done, not negative)",
              lambda i: i.rechallenge is not Rechallenge.NEGATIVE),
    Criterion("Po1", Category.POSSIBLE, "reasonable time relationship to drug intake",
              lambda i: i.timing in _GOOD_TIMING),
    Criterion("Po2", Category.POSSIBLE, "could also be explained by disease or other drugs",
              lambda i: i.alternatives in {Alternatives.POSSIBLE, Alternatives.PLAUSIBLE, Alternatives.UNKNOWN}),
    Criterion("Po3", Category.POSSIBLE, "information on drug withdrawal lacking or unclear",
              lambda i: i.dechallenge in {Dechallenge.NOT_DONE, Dechallenge.NOT_APPLICABLE}),
    Criterion("U1", Category.UNLIKELY, "time to drug intake makes a relationship improbable (not impossible)",
              lambda i: i.timing is Timing.IMPROBABLE),
    Criterion("U2", Category.UNLIKELY, "disease or other drugs provide plausible explanations",
              lambda i: i.alternatives is Alternatives.PLAUSIBLE),
    Criterion("Co1", Category.CONDITIONAL, "more data for proper assessment needed, or under examination",
              lambda i: i.info_status is InfoStatus.PENDING),
    Criterion("Un1", Category.UNASSESSABLE, "information insufficient or contradictory, cannot be supplemented",
              lambda i: i.info_status is InfoStatus.INSUFFICIENT),
)  # fmt: skip

CRITERION_BY_ID = {c.id: c for c in CRITERIA}

# Each category's requirement as groups of criteria: every group must have at least one criterion met.
# Possible needs reasonable timing and either a competing explanation or missing withdrawal information.
REQUIREMENTS: dict[Category, tuple[tuple[str, ...], ...]] = {
    Category.CERTAIN: (("C1",), ("C2",), ("C3",), ("C4",), ("C5",)),
    Category.PROBABLE: (("P1",), ("P2",), ("P3",), ("P4",)),
    Category.POSSIBLE: (("Po1",), ("Po2", "Po3")),
    Category.UNLIKELY: (("U1",), ("U2",)),
    Category.CONDITIONAL: (("Co1",),),
    Category.UNASSESSABLE: (("Un1",),),
}

_GRADED = (Category.CERTAIN, Category.PROBABLE, Category.POSSIBLE, Category.UNLIKELY)


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class CriterionCheck(Record):
    """Whether one criterion is met for this case."""

    criterion: Criterion
    met: bool

    def __init__(self, criterion: Criterion, met: bool) -> None:
        self.criterion = criterion
        self.met = met


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class Result(Record):
    """The WHO-UMC category (or none), the step that decided, and every criterion checked."""

    category: Category | None  # None: no category fully met (step 9) or an open judgement (step 3)
    step: int  # the step of the §2.3 procedure that decided
    rule: str
    checks: tuple[CriterionCheck, ...]
    nearest: tuple[Category, ...] = ()  # only when category is None
    notes: tuple[str, ...] = ()

    def __init__(
        self,
        category: Category | None,
        step: int,
        rule: str,
        checks: tuple[CriterionCheck, ...],
        nearest: tuple[Category, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> None:
        self.category = category
        self.step = step
        self.rule = rule
        self.checks = checks
        self.nearest = nearest
        self.notes = notes

    def unmet(self, category: Category) -> tuple[str, ...]:
        """Criteria of ``category`` that are not met, by id (for a group, all of its members)."""
        met = {c.criterion.id for c in self.checks if c.met}
        return tuple(
            cid for group in REQUIREMENTS[category] if not any(g in met for g in group) for cid in group
        )

    def met(self, category: Category) -> tuple[str, ...]:
        return tuple(c.criterion.id for c in self.checks if c.met and c.criterion.category is category)


def _unmet_groups(met: dict[str, bool], category: Category) -> int:
    return sum(1 for group in REQUIREMENTS[category] if not any(met[cid] for cid in group))


def decide(inputs: Inputs) -> Result:
    """Spec §2.3, evaluated in order; the first step that matches decides."""
    checks = tuple(CriterionCheck(c, c.test(inputs)) for c in CRITERIA)
    met = {check.criterion.id: check.met for check in checks}
    i = inputs

    def result(
        category: Category | None,
        step: int,
        rule: str,
        nearest: tuple[Category, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> Result:
        return Result(category, step, rule, checks, nearest, notes)

    if i.event_documented is Judgement.NO and i.info_status is not InfoStatus.PENDING:
        return result(Category.UNASSESSABLE, 0, "no event or laboratory abnormality to assess")
    if i.info_status is InfoStatus.INSUFFICIENT:
        return result(Category.UNASSESSABLE, 1, "information insufficient or contradictory and final")
    if i.info_status is InfoStatus.PENDING:
        return result(Category.CONDITIONAL, 2, "more data pending; provisional, re-assess when they arrive")
    if i.timing is Timing.UNKNOWN:
        if i.timing_obtainable is Judgement.YES:
            return result(Category.CONDITIONAL, 3, "timing unknown but the dates can still be obtained")
        if i.timing_obtainable is Judgement.NO:
            return result(Category.UNASSESSABLE, 3, "timing unknown and the dates cannot be obtained")
        return result(
            None,
            3,
            "timing unknown: the assessor must say whether the dates can still be obtained",
            nearest=(Category.CONDITIONAL, Category.UNASSESSABLE),
            notes=("Answer timing_obtainable: yes gives Conditional, no gives Unassessable.",),
        )
    if i.timing is Timing.IMPOSSIBLE:
        return result(
            Category.UNLIKELY,
            4,
            "timing excludes this drug",
            notes=(
                "Timing excludes this drug; UMC has no category for that, Unlikely is shown (tool convention).",
            ),
        )
    if i.timing is Timing.IMPROBABLE and i.alternatives is Alternatives.PLAUSIBLE:
        return result(Category.UNLIKELY, 5, "improbable timing and a plausible other explanation")
    if _unmet_groups(met, Category.CERTAIN) == 0:
        return result(Category.CERTAIN, 6, "all Certain criteria met")
    if _unmet_groups(met, Category.PROBABLE) == 0:
        return result(Category.PROBABLE, 7, "all Probable criteria met")
    if _unmet_groups(met, Category.POSSIBLE) == 0:
        return result(Category.POSSIBLE, 8, "all Possible criteria met")
    fewest = min(_unmet_groups(met, c) for c in _GRADED)
    nearest = tuple(c for c in _GRADED if _unmet_groups(met, c) == fewest)
    return result(
        None,
        9,
        "no category fully met: the assessor must choose",
        nearest=nearest,
        notes=("No WHO-UMC category is fully met; record the assessor's choice with a reason.",),
    )
