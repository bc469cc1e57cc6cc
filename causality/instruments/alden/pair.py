"""ALDEN for one pair: every drug of the case scored from its facts or given answers, and the result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from causality import derive
from causality.answers import Source
from causality.derive import Derivation, drug_path, reaction_path
from causality.instruments.alden.entry import ID, TITLE
from causality.instruments.base import DrugRow, Line, Result
from causality.model import (
    Case,
    DechallengeOutcome,
    Drug,
    Judgement,
    PairAssessment,
    PreviousReaction,
    Reaction,
)
from causality.onset import After
from causality.trace import Trace, resolve

if TYPE_CHECKING:
    from causality.instruments.alden import scorer as A


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class AldenResult(Result):
    """ALDEN for one pair: the drug's score and band, beside every drug of the case it compares."""

    drugs: tuple[DrugRow, ...] = ()
    half_life_hours: float | None = None
    half_life_source: str | None = None

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
        drugs: tuple[DrugRow, ...] = (),
        half_life_hours: float | None = None,
        half_life_source: str | None = None,
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
        object.__setattr__(self, "drugs", drugs)
        object.__setattr__(self, "half_life_hours", half_life_hours)
        object.__setattr__(self, "half_life_source", half_life_source)

    def drug_rows(self) -> tuple[DrugRow, ...]:
        return self.drugs

    def json_extra(self) -> dict[str, Any]:
        if not self.drugs:
            return {}
        return {
            "drugs": [row._asdict() for row in self.drugs],
            "half_life_hours": self.half_life_hours,
            "half_life_source": self.half_life_source,
        }


def _pair_of(case: Case, drug: Drug, reaction: Reaction) -> PairAssessment | None:
    return next(
        (
            p
            for p in case.assessments
            if p.drug.casefold() == drug.name.casefold() and p.reaction.casefold() == reaction.term.casefold()
        ),
        None,
    )


def _traces(case: Case, drug: Drug, reaction: Reaction) -> dict[str, Trace[str]]:
    pair = _pair_of(case, drug, reaction)
    derived: dict[str, Derivation[str]] = {}
    if pair is not None and (pr := pair.facts.previous_reaction) is not None:
        prechallenge = {
            PreviousReaction.SAME_DRUG: "same_drug_same_disease",
            PreviousReaction.EXPOSED_WITHOUT_REACTION: "negative",
            PreviousReaction.NO_PREVIOUS_EXPOSURE: "not_done_or_unknown",
        }.get(pr.outcome)  # "similar drug" is the assessor's call: never inferred
        if prechallenge is not None:
            derived["prechallenge"] = Derivation(
                prechallenge, f"previous exposure: {pr.outcome.replace('_', ' ')}", "facts.previous_reaction"
            )
    if drug.stop is not None:
        derived["continued_without_harm"] = Derivation(
            "no", f"stopped on {drug.stop}: neutral", f"{drug_path(case, drug)}.stop"
        )
    elif (
        pair is not None
        and pair.facts.dechallenge is not None
        and (pair.facts.dechallenge.outcome.improved or pair.facts.dechallenge.outcome.not_improved)
    ):
        derived["continued_without_harm"] = Derivation("no", "stopped (dechallenge recorded): neutral",
                                                       "facts.dechallenge")  # fmt: skip
    elif (
        pair is not None
        and pair.facts.dechallenge is not None
        and pair.facts.dechallenge.outcome is DechallengeOutcome.RESOLVED_WHILE_CONTINUED
    ):
        derived["continued_without_harm"] = Derivation(
            "yes", "continued, and the reaction resolved: continued without harm", "facts.dechallenge"
        )
    if (interaction := derive.interaction_of(case, drug)) is not None:
        derived["interaction"] = Derivation(
            "yes",
            f"{interaction} (recorded interaction, tool convention)",
            f"{drug_path(case, drug)}.interacts_with",
        )
    given = drug.alden
    defaults = {
        "prechallenge": ("not_done_or_unknown", "not recorded: 'not done / unknown' (0)"),
        "notoriety": ("unknown", "not recorded: 'unknown' (0)"),
        "continued_without_harm": ("no", "not recorded: neutral (0)"),
        "interaction": ("no", "no interaction recorded"),
    }
    return {k: resolve(given.get(k), derived.get(k), *defaults[k]) for k in defaults}


def _inputs(case: Case, drug: Drug, reaction: Reaction, traces: dict[str, Trace[str]]) -> A.DrugInputs:
    from causality.instruments.alden import scorer as A

    assert reaction.onset is not None and drug.start is not None
    stopped = (
        (reaction.onset - drug.stop).days if drug.stop is not None and drug.stop < reaction.onset else None
    )
    dysfunction = case.patient.liver_or_kidney_dysfunction is Judgement.YES
    return A.DrugInputs(
        name=drug.name,
        delay_days=(reaction.onset - drug.start).days,
        previous_reaction_same_drug=traces["prechallenge"].value == "same_drug_same_disease",
        stopped_days_before_index=stopped,
        half_life_hours=drug.half_life_hours,
        half_life_source=drug.half_life_source,
        liver_kidney_dysfunction_or_interaction=dysfunction or traces["interaction"].value == "yes",
        prechallenge=traces["prechallenge"].value,
        continued_without_harm=traces["continued_without_harm"].value == "yes",
        notoriety=traces["notoriety"].value,
    )


_LABELS = {
    1: "Delay from first intake to the index day",
    2: "Drug present in the body on the index day",
    3: "Prechallenge / rechallenge",
    4: "Dechallenge",
    5: "Notoriety of the drug",
    6: "Other cause",
}


# Where ALDEN's answers change, in days from the first dose to the index day (criterion 1, both forms).
_DELAY_LIMITS = (0, 1, 4, 5, 28, 29, 56, 57)


def _index_days(case: Case, pair: PairAssessment, reaction: Reaction) -> list[int] | None:
    """For an onset reported as a time after the first dose (or after "dose", read so): the index days,
    counted from that drug's first dose, that stand for every answer ALDEN can give within the interval;
    None if the index day cannot be placed."""
    rel, drug = reaction.onset_relative, case.drug(pair.drug)
    if rel is None or drug is None or drug.start is None or rel.after not in (After.DOSE, After.FIRST_DOSE):
        return None
    interval = rel.days()
    limits: set[float] = set(_DELAY_LIMITS)
    for d in case.drugs_for_alden():  # where another drug's start, stop or five half-lives fall
        for when in (d.start, d.stop):
            if when is not None:
                limits.add((when - drug.start).days)
        if d.stop is not None and d.half_life_hours is not None:
            limits.add((d.stop - drug.start).days + 5 * d.half_life_hours / 24)
    # The index day is the calendar day the onset falls on: a time x days after the dose is day floor(x).
    return sorted({math.floor(x) for x in interval.samples(tuple(limits))})


def assess(case: Case, pair: PairAssessment, why: str) -> AldenResult:
    """Every drug of the case scored from its facts; the pair's drug gives the result."""
    reaction = case.reaction(pair.reaction)
    assert reaction is not None
    days = _index_days(case, pair, reaction) if reaction.onset is None else None
    if not days:
        return _score_on(case, pair, why, reaction)
    drug = case.drug(pair.drug)
    assert drug is not None and drug.start is not None and reaction.onset_relative is not None
    reported = reaction.onset_relative.describe()
    found: dict[tuple[int | None, ...], tuple[int, AldenResult]] = {}
    for k in days:
        placed = dataclasses.replace(reaction, onset=drug.start + dt.timedelta(days=k), onset_relative=None)
        res = _score_on(case, pair, why, placed)
        found.setdefault(tuple(x.points for x in res.lines) or (res.score,), (k, res))
    if len(found) == 1:
        ((k, res),) = found.values()
        said = (
            f"the index day read as day {k} after the first dose of {drug.name} (onset reported {reported}; "
            "tool convention)"
        )
        return dataclasses.replace(res, notes=(*res.notes, said))
    options = sorted(
        {(r.score, r.result) for _, r in found.values()}, key=lambda x: (x[0] is None, x[0] or 0)
    )
    said = "; ".join(f"{score} ({band})" if score is not None else "no score" for score, band in options)
    refused = (
        f"no score: the time to onset ({reported}) lies on both sides of a limit of ALDEN; "
        f"by where the index day falls, {pair.drug} would score {said}"
    )
    return AldenResult(ID, TITLE, why, None, None, (), (refused,))


def _score_on(case: Case, pair: PairAssessment, why: str, reaction: Reaction) -> AldenResult:
    from causality.instruments.alden import scorer as A

    title = TITLE
    drugs = case.drugs_for_alden()
    problems = []
    if reaction.onset is None:
        problems.append(f"the onset date of {reaction.term} (the index day)")
    problems += [f"the start date of {d.name}" for d in drugs if d.start is None]
    problems += [
        f"the half-life of {d.name} (stopped before the index day)"
        for d in drugs
        if d.stop is not None
        and reaction.onset is not None
        and d.stop < reaction.onset
        and d.half_life_hours is None
    ]
    if problems:
        missing = f"no score: every drug is scored before any is final, and these are missing: {'; '.join(problems)}"
        return AldenResult("alden", title, why, None, None, (), (missing,))
    traces = {d.name: _traces(case, d, reaction) for d in drugs}
    results = A.assess([_inputs(case, d, reaction, traces[d.name]) for d in drugs])
    mine = next(r for r in results if r.name.casefold() == pair.drug.casefold())
    my_traces = traces[mine.name]
    drug = case.drug(pair.drug)
    dpath = drug_path(case, drug)
    facts_of = {
        1: (Source.DERIVED, f"{dpath}.start, {reaction_path(case, reaction)}.onset"),
        2: (
            Source.DERIVED,
            f"{dpath}.stop, {dpath}.half_life_hours, patient.liver_or_kidney_dysfunction"
            if drug is not None and drug.stop is not None and drug.stop < reaction.onset  # type: ignore[operator]
            else f"{dpath}.stop",
        ),
        3: (
            my_traces["prechallenge"].source,
            my_traces["prechallenge"].fact or f"{dpath}.alden.prechallenge",
        ),
        4: (
            my_traces["continued_without_harm"].source,
            my_traces["continued_without_harm"].fact or f"{dpath}.alden.continued_without_harm",
        ),
        5: (my_traces["notoriety"].source, f"{dpath}.alden.notoriety"),
    }
    lines = []
    for c in mine.criteria:
        source, fact = facts_of[c.number]
        reason = c.reason
        key = {3: "prechallenge", 4: "continued_without_harm", 5: "notoriety"}.get(c.number)
        if key and my_traces[key].source is not Source.DERIVED:
            reason = f"{reason} ({my_traces[key].reason})"
        lines.append(
            Line(
                str(c.number),
                _LABELS[c.number],
                c.reason,
                c.points,
                source,
                reason,
                None if source is Source.DEFAULT else fact,
            )
        )
    others = [r for r in results if r is not mine]
    why6 = (
        f"another drug scores above {A.THRESHOLD}"
        if mine.other_cause
        else f"no other drug scores higher than this one above {A.THRESHOLD}"
    )
    lines.append(
        Line(
            "6",
            _LABELS[6],
            "possible other cause" if mine.other_cause else "none",
            mine.other_cause,
            Source.DERIVED,
            why6,
            "all drugs of the case",
        )
    )
    notes = []
    if mine.final_alternative is not None:
        notes.append(
            f"criterion 6 is ambiguous when several drugs score above {A.THRESHOLD} : read as "
            f"'every drug another drug outscores above {A.THRESHOLD}' the final score is "
            f"{mine.final_alternative} ({A.band_of(mine.final_alternative)})"
        )
    if len(others) == 0:
        notes.append("the only drug of the case")
    return AldenResult(
        ID,
        title,
        why,
        mine.band,
        mine.final,
        tuple(lines),
        tuple(notes),
        drugs=tuple(
            DrugRow(r.name, r.intermediate, r.other_cause, r.final, r.band, r.final_alternative)
            for r in results
        ),
        half_life_hours=drug.half_life_hours if drug else None,
        half_life_source=drug.half_life_source if drug else None,
    )
