"""WHO-UMC for one pair: each input of the decision procedure traced, the category, the assessor's own
category where they recorded one, and the checks on the inputs."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from causality.answers import Source
from causality.instruments import who_umc as W
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
from causality.instruments.who_umc import adapter
from causality.model import Case, Override, PairAssessment, Sequence, TimingJudgement
from causality.onset import After
from causality.trace import Trace, resolve

_INPUTS = fields(W.Inputs)
_DEFAULT_REASONS = {
    "event_documented": "not recorded",
    "info_status": "not recorded; taken as adequate",
    "timing": "time relationship not recorded or not judged",
    "alternatives": "no alternative causes recorded",
    "dechallenge": "not recorded; treated as not done or unclear",
    "definitive_event": "not judged",
    "rechallenge": "not recorded; treated as not done",
    "rechallenge_needed": "not judged",
    "timing_obtainable": "not judged",
}


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class WhoUmcResult(Result):
    """WHO-UMC for one pair: the category, with each criterion's judgement traced to its origin."""

    decision: W.Result
    inputs: dict[str, Trace[StrEnum]]
    override: Override | None

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
        decision: W.Result,
        inputs: dict[str, Trace[StrEnum]],
        override: Override | None,
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
        object.__setattr__(self, "decision", decision)
        object.__setattr__(self, "inputs", inputs)
        object.__setattr__(self, "override", override)

    @property
    def final(self) -> W.Category | None:
        """The assessor's category where they recorded one, else the computed one."""
        return self.override.category if self.override else self.decision.category

    def final_result(self) -> str | None:
        return self.final.label if self.final else None

    def category(self) -> str | None:
        """The assessor's category where they recorded one, else the computed one."""
        return None if self.final is None else self.final.value

    def json_data(self) -> dict[str, Any]:
        w = self.decision
        return {
            "category": w.category,
            "label": w.category.label if w.category else None,
            "step": w.step,
            "rule": w.rule,
            "nearest": list(w.nearest),
            "criteria": {c.criterion.id: c.met for c in w.checks},  # texts: `causality scales who-umc`
            "inputs": {name: {"value": t.value, **trace_data(t)} for name, t in self.inputs.items()},
            "override": self.override
            and {"category": self.override.category, "reason": self.override.reason},
            "final_category": self.final,
        }


def _late_onset(case: Case, pair: PairAssessment) -> str | None:
    """A timing judged plausible for an onset long after the last dose: usually a date typed wrong."""
    drug, reaction, timing = case.drug(pair.drug), case.reaction(pair.reaction), pair.facts.timing
    if (
        timing is None
        or timing.plausibility is not TimingJudgement.PLAUSIBLE
        or drug is None
        or reaction is None
    ):
        return None
    rel = reaction.onset_relative
    if rel is not None and rel.after is After.LAST_DOSE:
        gap, said = rel.days().lower, f"the onset, {rel.describe()},"
    elif drug.stop is None or reaction.onset is None or reaction.onset <= drug.stop:
        return None
    else:
        gap, said = (reaction.onset - drug.stop).days, f"the onset {reaction.onset} is"
    if drug.half_life_hours is not None:
        limit, beyond = (
            5 * drug.half_life_hours / 24,
            f"five half-lives ({5 * drug.half_life_hours / 24:.3g} days)",
        )
    else:
        limit, beyond = 90.0, "90 days"
    if gap <= limit:
        return None
    if rel is not None:
        return (
            f"who_umc.timing: judged plausible, but {said} beyond {beyond}; check the onset, or note in the "
            "timing why a late reaction is known"
        )
    return (
        f"who_umc.timing: judged plausible, but {said} {gap} days after the last dose "
        f"{drug.stop}, beyond {beyond}; check the dates, or note in the timing why a late reaction is known"
    )


def _checks(
    case: Case, pair: PairAssessment, trace: dict[str, Trace[StrEnum]], result: W.Result
) -> list[str]:
    out = []
    if (late := _late_onset(case, pair)) is not None:
        out.append(late)
    timing = pair.facts.timing
    if (
        trace["timing"].source is Source.DEFAULT
        and timing is not None
        and timing.sequence is not Sequence.BEFORE_DRUG
        and timing.plausibility is TimingJudgement.UNKNOWN
    ):
        out.append("who_umc.timing: the time relationship was not judged; record facts.timing.plausibility")
    out.extend(f"who_umc: {note}" for note in result.notes)
    if result.category is None and pair.who_umc_override is not None:
        out.append(
            f"who_umc: assessor chose {pair.who_umc_override.category.label}: {pair.who_umc_override.reason}"
        )
    return out


_STEPS = (
    "0 no event documented (and no data pending) -> Unassessable",
    "1 information insufficient or contradictory, final -> Unassessable",
    "2 information pending -> Conditional",
    "3 timing unknown -> Conditional if the dates can be obtained, else Unassessable",
    "4 timing impossible -> Unlikely, with a warning (UMC has no category)",
    "5 improbable timing and a plausible other explanation -> Unlikely",
    "6 all Certain criteria -> Certain",
    "7 all Probable criteria -> Probable / Likely",
    "8 all Possible criteria -> Possible",
    "9 otherwise no category: the nearest ones and their unmet criteria are shown",
)


class WhoUmc:
    id = "who_umc"
    info = W.INFO
    title = "WHO-UMC causality categories"
    applies_to = "every pair"
    every_pair = True
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "checklist",
        "WHO-UMC",
        {
            "certain": "certain",
            "probable / likely": "probably-likely",
            "possible": "possible",
            "unlikely": "unlikely",
            "conditional / unclassified": "conditional-classified",
            "unassessable / unclassifiable": "unassessable-unclassifiable",
        },
    )
    # Conditional and Unassessable are not steps of the ordered scale.
    categories = Categories(
        tuple(c.value for c in W.Category),
        tuple(
            c.value
            for c in (W.Category.CERTAIN, W.Category.PROBABLE, W.Category.POSSIBLE, W.Category.UNLIKELY)
        ),
    )
    csv_columns = ("who_umc_category", "who_umc_override", "who_umc_override_reason", "who_umc_final")

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return {name: tuple(cls) for name, cls in W.INPUT_TYPES.items()}

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, "applies to every pair"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> WhoUmcResult:
        drug, reaction = case.drug(pair.drug), case.reaction(pair.reaction)
        derived = adapter.derived(pair.facts, drug, reaction, pair.drug)
        defaults = W.Inputs()
        trace: dict[str, Trace[StrEnum]] = {
            f.name: resolve(
                pair.who_umc.get(f.name),
                derived.get(f.name),
                getattr(defaults, f.name),
                _DEFAULT_REASONS[f.name],
            )
            for f in _INPUTS
        }
        decision = W.decide(W.Inputs(**{k: t.value for k, t in trace.items()}))  # type: ignore[arg-type]
        return WhoUmcResult(
            self.id,
            self.title,
            why,
            decision.category.label if decision.category else None,
            None,
            (),
            warnings=(*override_warnings(self.id, trace), *_checks(case, pair, trace, decision)),
            decision=decision,
            inputs=trace,
            override=pair.who_umc_override,
        )

    def csv_values(self, result: Result | None) -> list[object]:
        if not isinstance(result, WhoUmcResult):
            return [""] * len(self.csv_columns)
        o = result.override
        return [
            result.decision.category or "",
            o.category if o else "",
            o.reason if o else "",
            result.final or "",
        ]

    def scales_text(self) -> str:
        lines = [W.INFO.title, ""]
        for category, groups in W.REQUIREMENTS.items():
            lines.append(f"  {category.label}")
            for group in groups:
                joined = " OR ".join(f"{cid} {W.CRITERION_BY_ID[cid].text}" for cid in group)
                lines.extend(textwrap.wrap(joined, 74, initial_indent="    - ", subsequent_indent="      "))
        lines.append("")
        lines.append(
            "  Decision procedure, first match wins. WHO-UMC publishes the categories, not an order;"
        )
        lines.append("  this order is a convention of the tool:")
        lines.extend(f"    {step}" for step in _STEPS)
        lines.append("")
        lines.append("  Inputs and their values:")
        for name, cls in W.INPUT_TYPES.items():
            lines.extend(
                textwrap.wrap(
                    f"{name}: {', '.join(m.value for m in cls)}",
                    74,
                    initial_indent="    ",
                    subsequent_indent="      ",
                )
            )
        lines.append("")
        lines.extend(textwrap.wrap(W.DISCLAIMER, 76, initial_indent="  ", subsequent_indent="  "))
        lines.append("")
        lines.extend(citation_lines(W.INFO))
        return "\n".join(lines) + "\n"


INSTRUMENT: Instrument = WhoUmc()
