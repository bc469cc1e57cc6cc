"""Modified Schumock-Thornton preventability for one pair: answers from the facts or stated, the verdict,
and how it is shown."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from causality import derive
from causality.derive import Derivation
from causality.instruments import schumock_thornton as P
from causality.instruments.base import (
    EVERY_PAIR_WHY,
    Categories,
    Instrument,
    Line,
    Result,
    line,
    listing_text,
    result_column,
)
from causality.model import Case, DrugLevel, PairAssessment, PreviousReaction
from causality.trace import resolve


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class PreventabilityResult(Result):
    """Schumock-Thornton for one pair: whether the reaction was preventable, and why."""

    verdict: str
    because: tuple[str, ...]
    provisional: bool
    unknown: tuple[str, ...]

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
        verdict: str,
        because: tuple[str, ...],
        provisional: bool,
        unknown: tuple[str, ...],
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
        object.__setattr__(self, "verdict", verdict)
        object.__setattr__(self, "because", because)
        object.__setattr__(self, "provisional", provisional)
        object.__setattr__(self, "unknown", unknown)

    def category(self) -> str | None:
        return self.verdict

    def json_extra(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "because": list(self.because),
            "provisional": self.provisional,
            "unknown": list(self.unknown),
        }


def derived(pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, out = pair.facts, {}
    # A reaction to a similar drug is the assessor's call for A1 (an allergy history or not).
    if history := derive.same_drug_before(
        f, exclude=(PreviousReaction.UNKNOWN, PreviousReaction.SIMILAR_DRUG)
    ):
        out["A1"] = history
    found, why = derive.level_reading(f.drug_level) if f.drug_level is not None else (None, "")
    if found is not None:
        out["A4"] = Derivation("yes" if found is DrugLevel.TOXIC else "no", why, "facts.drug_level")
    return out


class SchumockThornton:
    id = "schumock_thornton"
    info = P.INFO
    title = "Modified Schumock-Thornton preventability"
    applies_to = "every pair with any preventability answer recorded"
    every_pair = True
    csv_columns = ("preventability",)
    categories = Categories.ordered(P.VERDICTS)

    @property
    def questions(self) -> Any:
        """What this instrument adds to the interview (read only by ``causality assess``)."""
        from causality.instruments.schumock_thornton import questions

        return questions

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return dict.fromkeys(P.QUESTIONS, P.ANSWERS)

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, EVERY_PAIR_WHY

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return bool(derived(pair))

    def assess(self, case: Case, pair: PairAssessment, why: str) -> PreventabilityResult:
        found, given = derived(pair), pair.answers.get(self.id, {})
        traces = {q: resolve(given.get(q), found.get(q), "unknown", "not recorded") for q in P.QUESTIONS}
        res = P.assess({q: t.value for q, t in traces.items()})
        lines = tuple(line(q, P.QUESTIONS[q][1], t) for q, t in traces.items())
        verdict = res.verdict.replace("_", " ") + (" (provisional)" if res.provisional else "")
        return PreventabilityResult(
            self.id,
            self.title,
            why,
            verdict,
            None,
            lines,
            (),
            "counted as 'no', so the verdict is provisional" if res.provisional else None,
            verdict=res.verdict,
            because=tuple(res.because),
            provisional=res.provisional,
            unknown=tuple(res.unknown),
        )

    def csv_values(self, result: Result | None) -> list[object]:
        return result_column(result)

    def scales_text(self) -> str:
        body = []
        for qid, (_section, question) in P.QUESTIONS.items():
            body.extend(
                textwrap.wrap(f"{qid} {question}", 76, initial_indent="  ", subsequent_indent="     ")
            )
        body.append("  Any A yes: definitely preventable; else any B yes: probably; else not preventable.")
        body.append("  An unknown answer counts as no and makes the result provisional.")
        return listing_text(P.INFO, body)


INSTRUMENT: Instrument = SchumockThornton()
