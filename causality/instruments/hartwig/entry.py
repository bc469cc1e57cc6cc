"""Hartwig-Siegel severity for one pair: the level from what the reaction led to, and how it is shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from causality.answers import Source
from causality.derive import reaction_path, reduced_and_lessened, withdrawal_recorded, yes_no
from causality.instruments import hartwig as H
from causality.instruments.base import (
    EVERY_PAIR_WHY,
    Categories,
    Instrument,
    Line,
    Result,
    line,
    listing_text,
)
from causality.model import (
    Case,
    Consequences,
    DechallengeOutcome,
    Judgement,
    Outcome,
    PairAssessment,
    TreatmentKind,
)
from causality.trace import Trace

_ORDER = (
    ("death", "7"), ("permanent_harm", "6"), ("intensive_care", "5"), ("reason_for_admission", "4b"),
    ("extra_days_in_hospital", "4a"), ("antidote_or_treatment", "3"), ("drug_changed", "2"),
)  # fmt: skip
_RANK = {level: rank for rank, (_, level) in enumerate(_ORDER)} | {"1": len(_ORDER)}
_LABELS = {
    "death": "Death",
    "permanent_harm": "Permanent harm",
    "intensive_care": "Intensive care",
    "reason_for_admission": "Reason for admission",
    "extra_days_in_hospital": "Extra days in hospital",
    "antidote_or_treatment": "Antidote or other treatment",
    "drug_changed": "Suspected drug changed",
}
_NO_CONSEQUENCES = Consequences()
_DRUG_CHANGE_KNOWN = (
    DechallengeOutcome.IMPROVED,
    DechallengeOutcome.NOT_IMPROVED,
    DechallengeOutcome.NOT_DONE,
    DechallengeOutcome.IMPROVED_AFTER_LAST_DOSE,
    DechallengeOutcome.NOT_IMPROVED_AFTER_LAST_DOSE,
    DechallengeOutcome.RESOLVED_WHILE_CONTINUED,
)
# No more of the drug was due: a single dose, or a course already ended, is not withheld or changed.
_NOTHING_TO_CHANGE = (
    DechallengeOutcome.IMPROVED_AFTER_LAST_DOSE,
    DechallengeOutcome.NOT_IMPROVED_AFTER_LAST_DOSE,
)


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class HartwigResult(Result):
    """Hartwig-Siegel for one pair: the severity level, or the lowest it can be while facts are missing."""

    level: str | None
    at_least: bool
    band: str | None
    definition: str | None
    serious: bool
    seriousness: tuple[str, ...]

    def __init__(
        self,
        instrument: str,
        title: str,
        why: str,
        result: str | None,
        score: int | None,
        lines: tuple[Line, ...],
        notes: tuple[str, ...] = (),
        unrecorded_means: str | None = None,
        warnings: tuple[str, ...] = (),
        *,
        level: str | None,
        at_least: bool,
        band: str | None,
        definition: str | None,
        serious: bool,
        seriousness: tuple[str, ...],
    ) -> None:
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "why", why)
        object.__setattr__(self, "result", result)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "unrecorded_means", unrecorded_means)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "at_least", at_least)
        object.__setattr__(self, "band", band)
        object.__setattr__(self, "definition", definition)
        object.__setattr__(self, "serious", serious)
        object.__setattr__(self, "seriousness", seriousness)

    def category(self) -> str | None:
        """The level; none while a higher level's fact is unrecorded ("at least level 3" is not a level)."""
        return None if self.at_least else self.level

    def json_extra(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "at_least": self.at_least,
            "band": self.band,
            "definition": self.definition,
            "serious": self.serious,
            "seriousness": list(self.seriousness),
        }


def _score(case: Case, pair: PairAssessment, why: str) -> HartwigResult:
    reaction = case.reaction(pair.reaction)
    assert reaction is not None
    rpath, c = reaction_path(case, reaction), reaction.consequences

    def fact(name: str, value: Judgement | None, label: str) -> Trace[str]:
        v = yes_no(value)
        if v is None:
            return Trace("unknown", Source.DEFAULT, "not recorded")
        return Trace(v, Source.DERIVED, f"{label}: {v}", f"{rpath}.consequences.{name}")

    death = (
        Trace("unknown", Source.DEFAULT, "outcome not recorded")
        if reaction.outcome in (None, Outcome.UNKNOWN)
        else Trace(
            "yes" if reaction.outcome is Outcome.FATAL else "no",
            Source.DERIVED,
            f"outcome {reaction.outcome.replace('_', ' ')}",
            f"{rpath}.outcome",
        )
    )
    d = pair.facts.dechallenge
    changed = (
        Trace("yes", Source.DERIVED, "the dose was reduced", "facts.dose_response")
        if reduced_and_lessened(pair.facts)
        else Trace(
            "yes",
            Source.DERIVED,
            withdrawal_recorded(d),
            "facts.dechallenge",
        )
        if d is not None and d.outcome in (DechallengeOutcome.IMPROVED, DechallengeOutcome.NOT_IMPROVED)
        else Trace("no", Source.DERIVED, "the drug was continued", "facts.dechallenge")
        if d is not None
        and d.outcome in (DechallengeOutcome.NOT_DONE, DechallengeOutcome.RESOLVED_WHILE_CONTINUED)
        else Trace(
            "no",
            Source.DERIVED,
            "a single dose or a course already ended: nothing was withheld or changed",
            "facts.dechallenge",
        )
        if d is not None and d.outcome in _NOTHING_TO_CHANGE
        else Trace("unknown", Source.DEFAULT, "not recorded (facts.dechallenge)")
    )
    extra = (
        Trace("unknown", Source.DEFAULT, "not recorded")
        if c.extra_days is None
        else Trace(
            str(c.extra_days),
            Source.DERIVED,
            f"{c.extra_days} extra day(s)",
            f"{rpath}.consequences.extra_days",
        )
    )
    traces = {
        "death": death,
        "permanent_harm": fact("permanent_harm", c.permanent_harm, "permanent harm"),
        "intensive_care": fact("intensive_care", c.intensive_care, "intensive care"),
        "reason_for_admission": fact("admission", c.admission, "reason for admission"),
        "extra_days_in_hospital": extra,
        "antidote_or_treatment": fact("treatment", c.treatment, "antidote or other treatment")
        if c.treatment is not None or reaction.treatment_given is None
        else Trace(
            "no" if reaction.treatment_given.kind is TreatmentKind.NONE else "yes",
            Source.DERIVED,
            f"treatment given: {reaction.treatment_given.kind.replace('_', ' ')}",
            f"{rpath}.treatment_given",
        ),
        "drug_changed": changed,
    }

    def flag(t: Trace[str]) -> bool | None:
        return None if t.value == "unknown" else t.value == "yes"

    res = H.assess(
        H.Facts(
            death=flag(death),
            permanent_harm=flag(traces["permanent_harm"]),
            intensive_care=flag(traces["intensive_care"]),
            reason_for_admission=flag(traces["reason_for_admission"]),
            extra_days_in_hospital=c.extra_days,
            antidote_or_treatment=flag(traces["antidote_or_treatment"]),
            drug_changed=flag(changed),
        )
    )
    lines = tuple(line(k, _LABELS[k], t) for k, t in traces.items())
    serious = tuple(s.value for s in reaction.seriousness)
    seriousness = (
        ("serious (" + ", ".join(s.replace("_", " ") for s in serious) + ")") if serious else "not serious"
    )
    # Top-down, the first "yes" gives the level; a fact above it that is not recorded could still raise
    # it, so the level is then a floor, and "level 1" needs the drug to be known unchanged.
    above = [_LABELS[k] for k, level in _ORDER
             if _RANK[level] < _RANK[res.level] and traces[k].value == "unknown"]  # fmt: skip
    notes = [n for n in res.notes if not n.startswith("not recorded:")]
    level: str | None
    if res.level == "1" and changed.value == "unknown":
        result, level = None, None
        notes.insert(0, "no level: nothing recorded says whether the drug was withheld, stopped or changed")
    elif above:
        result, level = f"at least level {res.level} ({res.band})", res.level
    else:
        result, level = f"level {res.level} ({res.band})", res.level
    notes.append(f"regulatory seriousness, a separate flag: {seriousness}")
    return HartwigResult(
        "hartwig",
        INSTRUMENT.title,
        why,
        result,
        None,
        lines,
        tuple(notes),
        "each could raise the level" if above and level else None,
        level=level,
        at_least=bool(above) and level is not None,
        band=res.band if level else None,
        definition=res.definition if level else None,
        serious=bool(serious),
        seriousness=serious,
    )


class Hartwig:
    id = "hartwig"
    info = H.INFO
    title = "Hartwig-Siegel severity"
    applies_to = "every pair with its consequences, outcome or dechallenge recorded"
    every_pair = True
    csv_columns = ("hartwig_level", "hartwig_band", "serious")
    categories = Categories.ordered(tuple(reversed(H.LEVELS)))

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return {}  # read from what the reaction led to, never stated as answers

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, EVERY_PAIR_WHY

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        """Without anything recorded, Hartwig would read silence as "no change"."""
        reaction = case.reaction(pair.reaction)
        d = pair.facts.dechallenge
        noted = reaction is not None and (
            reaction.consequences != _NO_CONSEQUENCES or reaction.outcome is not None
        )
        return (
            noted or (d is not None and d.outcome in _DRUG_CHANGE_KNOWN) or reduced_and_lessened(pair.facts)
        )

    def assess(self, case: Case, pair: PairAssessment, why: str) -> HartwigResult:
        return _score(case, pair, why)

    def csv_values(self, result: Result | None) -> list[object]:
        if not isinstance(result, HartwigResult):
            return ["", "", ""]
        return [result.level or "", result.band or "", "yes" if result.serious else "no"]

    def scales_text(self) -> str:
        body = [f"  {level:<3} {H.BANDS[level]:<9} {text}" for level, text in H.LEVELS.items()]
        body.append(
            "  Seriousness (death, life-threatening, hospitalisation, disability, congenital anomaly,"
        )
        body.append("  medically important) is a separate regulatory flag.")
        return listing_text(H.INFO, body)


INSTRUMENT: Instrument = Hartwig()
