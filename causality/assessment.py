"""One drug-reaction pair, assessed: answers traced to facts, both instruments scored, answers checked.

Pure: takes the case model, returns results; no files, prompts or printing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TypeVar

from causality import derive, further
from causality.answers import Answer, Source
from causality.further import FurtherResult
from causality.instruments import naranjo as N
from causality.instruments import who_umc as W
from causality.model import (
    Case,
    Override,
    PairAssessment,
    PlaceboOutcome,
    RechallengeOutcome,
    Sequence,
    TimingJudgement,
)
from causality.routing import Route
from causality.trace import Trace, resolve

T = TypeVar("T", bound=str)


@dataclass(slots=True)  # per-assessment record: frozen costs ~2 us an instance
class PairResult:
    """One assessed drug-reaction pair: both instruments' results and the trace of every answer."""

    case_id: str
    source: str
    drug: str
    reaction: str
    time_to_onset_days: float | None
    time_to_onset: str
    naranjo: N.Score
    naranjo_trace: dict[str, Trace[Answer]]
    who_umc: W.Result
    who_umc_inputs: dict[str, Trace[StrEnum]]
    override: Override | None
    warnings: tuple[str, ...]
    further: tuple[FurtherResult, ...] = ()  # the other instruments that apply to this pair
    routes: tuple[Route, ...] = ()  # which further instruments apply, and why

    def instrument(self, name: str) -> FurtherResult | None:
        return next((f for f in self.further if f.instrument == name), None)

    @property
    def who_umc_final(self) -> W.Category | None:
        """The assessor's category where they overrode, else the computed one."""
        return self.override.category if self.override else self.who_umc.category


_WHO_INPUTS = fields(W.Inputs)
_WHO_DEFAULT_REASONS = {
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


def assess_pair(case: Case, pair: PairAssessment) -> PairResult:
    drug, reaction = case.drug(pair.drug), case.reaction(pair.reaction)
    facts = pair.facts

    onset_days, onset_text = derive.time_to_onset(drug, reaction)
    derived_n = derive.naranjo(facts, drug, reaction)
    n_trace = {
        item.id: resolve(
            pair.naranjo.get(item.id), derived_n.get(item.id), Answer.UNKNOWN, "not recorded: 'do not know'"
        )
        for item in N.ITEMS
    }
    n_score = N.score({k: t.value for k, t in n_trace.items()})

    derived_w = derive.who_umc(facts, drug, reaction)
    defaults = W.Inputs()
    w_trace: dict[str, Trace[StrEnum]] = {
        f.name: resolve(
            pair.who_umc.get(f.name),
            derived_w.get(f.name),
            getattr(defaults, f.name),
            _WHO_DEFAULT_REASONS[f.name],
        )
        for f in _WHO_INPUTS
    }
    w_result = W.decide(W.Inputs(**{k: t.value for k, t in w_trace.items()}))  # type: ignore[arg-type]

    further_results, routes = further.assess(case, pair)
    warnings = [
        *_override_warnings("naranjo", n_trace),
        *_override_warnings("who_umc", w_trace),
        *_naranjo_checks(pair, n_trace, case),
        *_who_umc_checks(pair, w_trace, w_result),
    ]
    if any(r.instrument == "rucam" and r.applies for r in routes):
        warnings.append("naranjo: performs poorly in liver injury; RUCAM is recommended over it (spec §4.7)")
    return PairResult(
        case_id=case.case_id,
        source=case.source,
        drug=pair.drug,
        reaction=pair.reaction,
        time_to_onset_days=onset_days,
        time_to_onset=onset_text,
        naranjo=n_score,
        naranjo_trace=n_trace,
        who_umc=w_result,
        who_umc_inputs=w_trace,
        override=pair.who_umc_override,
        warnings=tuple(warnings),
        further=further_results,
        routes=routes,
    )


def assess_case(case: Case) -> list[PairResult]:
    return [assess_pair(case, pair) for pair in case.assessments]


def _override_warnings(instrument: str, traces: dict[str, Trace[T]]) -> list[str]:
    return [
        f"{instrument}.{key}: '{t.value}' overrides '{t.derived}' derived from {t.fact} without a reason"
        for key, t in traces.items()
        if t.source is Source.OVERRIDDEN and t.reason == "stated in the file, no reason given"
    ]


def _naranjo_checks(pair: PairAssessment, trace: dict[str, Trace[Answer]], case: Case) -> list[str]:
    """The published misapplications of spec §1.4 (and §11 T7): warned about, never silently changed."""
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
        if state is not derive.AlternativesState.ALL_EXCLUDED:
            out.append(
                f"naranjo.q5: 'no' (+2) claims every alternative cause was excluded, but {why}; "
                "if they were not investigated the answer is 'unknown' (0)"
            )
    if trace["q2"].value is no:
        seq = derive.sequence(facts, case.drug(pair.drug), case.reaction(pair.reaction))
        if seq.value is not Sequence.BEFORE_DRUG:
            out.append(
                "naranjo.q2: 'no' (-1) means the event began before the first dose, which is not recorded; "
                "unknown timing is 'unknown' (0)"
            )
    return out


def _who_umc_checks(pair: PairAssessment, trace: dict[str, Trace[StrEnum]], result: W.Result) -> list[str]:
    out = []
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
