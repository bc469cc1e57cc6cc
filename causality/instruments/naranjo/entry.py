"""Naranjo for one pair: each answer traced to a fact, a given answer or "do not know", the score, and the
published misapplications checked."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from causality import derive
from causality.answers import Answer
from causality.instruments import naranjo as N
from causality.instruments.base import (
    Categories,
    Instrument,
    Interchange,
    Line,
    Result,
    citation_lines,
    override_warnings,
    trace_data,
)
from causality.instruments.naranjo import adapter
from causality.model import (
    Case,
    DechallengeOutcome,
    DoseResponse,
    DrugLevel,
    PairAssessment,
    PlaceboOutcome,
    RechallengeOutcome,
    ReexposedTo,
    Sequence,
    SpecificTestKind,
)
from causality.trace import Trace, resolve


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class NaranjoResult(Result):
    """Naranjo for one pair: the total and its category, with each item's answer traced to its origin."""

    total: N.Score
    trace: dict[str, Trace[Answer]]

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
        total: N.Score,
        trace: dict[str, Trace[Answer]],
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
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "trace", trace)

    def category(self) -> str | None:
        return self.total.category.value

    def json_data(self) -> dict[str, Any]:
        rng = self.total.range
        return {
            "score": self.total.total,
            "category": self.total.category,
            "items": [
                {
                    "id": s.item.id,
                    "domain": s.item.domain,
                    "answer": s.answer,
                    "points": s.points,
                    **trace_data(self.trace[s.item.id]),
                }
                for s in self.total.items
            ],
            "range": {
                "lower": rng.lower,
                "upper": rng.upper,
                "lower_category": rng.lower_category,
                "upper_category": rng.upper_category,
                "categories": list(rng.categories),
                "category_could_change": rng.category_could_change,
                "pivotal_items": list(rng.pivotal_items),
                "settled_items": list(rng.settled_items),
            },
        }


def _checks(case: Case, pair: PairAssessment, trace: dict[str, Trace[Answer]]) -> list[str]:
    """The published misapplications: warned about, never silently changed."""
    facts, out = pair.facts, []
    no = Answer.NO
    if trace["q6"].value is no and (
        facts.placebo is None or facts.placebo.outcome is PlaceboOutcome.NOT_GIVEN
    ):
        out.append(
            "naranjo.q6: 'no' (+1) but no placebo is recorded as given; without a placebo the answer is "
            "'unknown' (0), so the total may be 1 too high"
        )
    if trace["q4"].value is no and (
        facts.rechallenge is None or facts.rechallenge.outcome is not RechallengeOutcome.DID_NOT_RECUR
    ):
        out.append(
            "naranjo.q4: 'no' (-1) but no rechallenge is recorded as done; if none was done the answer is "
            "'unknown' (0), so the total may be 1 too low"
        )
    if trace["q5"].value is no:
        state, why = derive.alternatives_state(facts.alternative_causes)
        if state in (derive.AlternativesState.CONFIRMED, derive.AlternativesState.POSSIBLE):
            # The facts give "yes" (-1) here, not "do not know": the difference is 3 points.
            out.append(
                f"naranjo.q5: 'no' (+2) claims every alternative cause was excluded, but {why}; "
                "the recorded causes give 'yes' (-1), so the total may be 3 too high"
            )
        elif state is not derive.AlternativesState.ALL_EXCLUDED:
            out.append(
                f"naranjo.q5: 'no' (+2) claims every alternative cause was excluded, but {why}; "
                "if they were not investigated the answer is 'unknown' (0), so the total may be 2 too high"
            )
    if trace["q5"].value is no and (
        others := derive.other_drugs_to_assess(
            case, case.drug(pair.drug), case.reaction(pair.reaction), facts
        )
    ):
        out.append(
            f"naranjo.q5: 'no' (+2) claims every alternative cause was excluded, but these other drugs are not "
            f"assessed as causes: {'; '.join(others)}; mark each in the alternative causes"
        )
    if (
        facts.dechallenge is not None
        and facts.dechallenge.outcome is DechallengeOutcome.RESOLVED_WHILE_CONTINUED
    ):
        out.append(
            "naranjo.q3: the reaction resolved although the drug was continued: this argues against causality"
        )
    suspect = case.drug(pair.drug)
    parts = suspect.ingredients if suspect is not None else ()
    test = derive.positive_test(facts, pair.drug, SpecificTestKind.PROVOCATION, parts=parts)
    if (
        test is not None
        and facts.rechallenge is not None
        and facts.rechallenge.outcome is RechallengeOutcome.DID_NOT_RECUR
    ):
        out.append(
            "naranjo.q4: a positive provocation test is recorded, but the rechallenge did not recur; the recorded "
            "rechallenge is used: check which drug each was done with"
        )
    if trace["q4"].value is Answer.YES and trace["q9"].value is Answer.YES:
        out.append(
            "naranjo.q4 and q9: both credit a re-exposure; if the earlier reaction is the same re-exposure as the "
            "rechallenge (a recurrence on later doses of the course), it counts for q4 only"
        )
    r = facts.rechallenge
    if r is not None and r.given is ReexposedTo.LATER_DOSES and r.outcome is RechallengeOutcome.RECURRED:
        # The same re-exposure credited to q8 or q9 instead of (or as well as) q4: a known error (spec §15.6).
        dose_changed = facts.dose_response is not None and facts.dose_response.outcome.followed_the_dose
        if trace["q8"].value is Answer.YES and not dose_changed:
            out.append("naranjo.q8: 'yes' (+1), but the recorded recurrence on later doses of the same course is a "
                       "rechallenge (q4), not dose-response: no dose change is recorded")  # fmt: skip
        if trace["q9"].value is Answer.YES and trace["q9"].fact != "facts.previous_reaction":
            out.append("naranjo.q9: 'yes' (+1), but the recorded recurrence on later doses of the same course is a "
                       "rechallenge (q4), not a previous reaction: it counts once, for q4")  # fmt: skip
    if r is not None and r.given is ReexposedTo.WITH_OTHER_SUSPECTS and trace["q4"].value is Answer.YES:
        out.append("naranjo.q4: the drug was re-given together with another suspect: the rechallenge does not "
                   "tell the suspects apart")  # fmt: skip
    if facts.drug_level is not None and (said := derive.level_contradiction(facts.drug_level)) is not None:
        out.append(f"naranjo.q7: {said}")
    if trace["q2"].value is no:
        seq = derive.sequence(facts, case.drug(pair.drug), case.reaction(pair.reaction))
        if seq.value is not Sequence.BEFORE_DRUG:
            out.append(
                "naranjo.q2: 'no' (-1) means the event began before the first dose, which is not recorded; "
                "unknown timing is 'unknown' (0)"
            )
    return out


def _settled(pair: PairAssessment, trace: dict[str, Trace[Answer]]) -> tuple[str, ...]:
    """The "do not know" items a recorded fact closes for good: no placebo was given, the level was not
    measured, the dose did not change. Nothing can answer them now, so the attainable range keeps them at 0
    (the spec's routine-care ceiling treats them so). A rechallenge not done stays open: one can still be
    done, or a provocation test."""
    f = pair.facts
    closing = {
        "q6": f.placebo is not None and f.placebo.outcome is PlaceboOutcome.NOT_GIVEN,
        "q7": f.drug_level is not None and f.drug_level.outcome is DrugLevel.NOT_MEASURED,
        "q8": f.dose_response is not None and f.dose_response.outcome is DoseResponse.NO_DOSE_CHANGE,
    }
    return tuple(item for item, closes in closing.items() if closes and trace[item].value is Answer.UNKNOWN)


class Naranjo:
    id = "naranjo"
    info = N.INFO
    title = "Naranjo ADR Probability Scale"
    applies_to = "every pair"
    every_pair = True
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "probability-scale",
        "Naranjo",
        {
            "definite": "certain",
            "probable": "probably-likely",
            "possible": "possible",
            "doubtful": "unlikely",
        },
    )
    categories = Categories.ordered(tuple(c.value for c in N.CATEGORIES))
    csv_columns = (
        "naranjo_score", "naranjo_category", "naranjo_lower", "naranjo_upper", "naranjo_category_could_change",
        *(item.id for item in N.ITEMS),
    )  # fmt: skip

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return dict.fromkeys(N.ITEM_BY_ID, tuple(Answer))

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, "applies to every pair"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> NaranjoResult:
        drug, reaction = case.drug(pair.drug), case.reaction(pair.reaction)
        derived = adapter.derived(pair.facts, drug, reaction, pair.drug, len(case.suspect_drugs))
        trace = {
            item.id: resolve(
                pair.naranjo.get(item.id), derived.get(item.id), Answer.UNKNOWN, "not recorded: 'do not know'"
            )
            for item in N.ITEMS
        }
        score = N.score({k: t.value for k, t in trace.items()}, _settled(pair, trace))
        lines = tuple(
            Line(s.item.id, s.item.question, s.answer, s.points, trace[s.item.id].source,
                 trace[s.item.id].reason, trace[s.item.id].fact)
            for s in score.items
        )  # fmt: skip
        return NaranjoResult(
            self.id,
            self.title,
            why,
            score.category.label,
            score.total,
            lines,
            warnings=(*override_warnings(self.id, trace), *_checks(case, pair, trace)),
            total=score,
            trace=trace,
        )

    def csv_values(self, result: Result | None) -> list[object]:
        if not isinstance(result, NaranjoResult):
            return [""] * len(self.csv_columns)
        n = result.total
        return [
            n.total,
            n.category,
            n.range.lower,
            n.range.upper,
            "yes" if n.range.category_could_change else "no",
            *(s.answer for s in n.items),
        ]

    def scales_text(self) -> str:
        lines = [N.INFO.title, ""]
        lines.append(f"  {'#':<4}{'Question':<58}{'Yes':>5}{'No':>5}{'DK':>5}")
        for item in N.ITEMS:
            wrapped = textwrap.wrap(f"{item.domain}. {item.question}", 56)
            points = "".join(f"{p:>+5d}" if p else f"{0:>5d}" for p in (item.yes, item.no, item.unknown))
            lines.append(f"  {item.id:<4}{wrapped[0]:<58}{points}")
            lines.extend(f"      {part}" for part in wrapped[1:])
        lines.append("")
        lines.append("  DK = do not know. Total range -4 to +13.")
        for category, band in N.BAND_TEXT.items():
            lines.append(f"  {band:>7}  {category.label}")
        lines.append("")
        lines.append(
            "  Tool additions: the range the total could reach if the unknown items were answered, and"
        )
        lines.append("  the items that could move the category.")
        lines.append("")
        lines.extend(citation_lines(N.INFO))
        return "\n".join(lines) + "\n"


INSTRUMENT: Instrument = Naranjo()
