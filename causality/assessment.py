"""One drug-reaction pair, assessed: every instrument of the registry that applies, its answers traced to
the facts, and the misapplications it warns about.

Pure: takes the case model, returns results; no files, prompts or printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, cast

from causality import derive
from causality.instruments import registry
from causality.instruments.base import Result, Route
from causality.model import Case, Override, PairAssessment, Signature
from causality.record import Record
from causality.trace import Trace

if TYPE_CHECKING:
    from causality.answers import Answer
    from causality.instruments import naranjo as N
    from causality.instruments import who_umc as W
    from causality.instruments.naranjo.entry import NaranjoResult
    from causality.instruments.who_umc.entry import WhoUmcResult


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class PairResult(Record):
    """One assessed drug-reaction pair: every applied instrument's result, and why the others were not."""

    case_id: str
    source: str
    drug: str
    reaction: str
    time_to_onset_days: float | None
    time_to_onset: str
    results: dict[str, Result]  # by instrument id, in the registry's order
    routes: tuple[Route, ...]  # the per-pair instruments: applied or not, and why
    warnings: tuple[str, ...]
    # A time to onset reported as an interval: its bounds in days (the upper None when open); else None.
    time_to_onset_range_days: tuple[float, float | None] | None = None
    # The case's recorded signatures, each with whether the case is still as it was signed.
    signatures: tuple[Signature, ...] = ()
    # Who made this assessment of the pair (its own assessor, else the case's), and as what.
    assessor: str | None = None
    role: str = "independent"

    def __init__(
        self,
        case_id: str,
        source: str,
        drug: str,
        reaction: str,
        time_to_onset_days: float | None,
        time_to_onset: str,
        results: dict[str, Result],
        routes: tuple[Route, ...],
        warnings: tuple[str, ...],
        time_to_onset_range_days: tuple[float, float | None] | None = None,
        signatures: tuple[Signature, ...] = (),
        assessor: str | None = None,
        role: str = "independent",
    ) -> None:
        self.case_id = case_id
        self.source = source
        self.drug = drug
        self.reaction = reaction
        self.time_to_onset_days = time_to_onset_days
        self.time_to_onset = time_to_onset
        self.results = results
        self.routes = routes
        self.warnings = warnings
        self.time_to_onset_range_days = time_to_onset_range_days
        self.signatures = signatures
        self.assessor = assessor
        self.role = role

    @property
    def further(self) -> tuple[Result, ...]:
        """The per-pair instruments that apply, in the order they are shown."""
        return tuple(r for key, r in self.results.items() if key not in registry.MAIN)

    def instrument(self, name: str) -> Result | None:
        return self.results.get(name)

    # Naranjo and WHO-UMC are scored for every pair; these name their results for the views built on them.
    @property
    def _naranjo(self) -> NaranjoResult:
        return cast("NaranjoResult", self.results[registry.MAIN[0]])

    @property
    def _who_umc(self) -> WhoUmcResult:
        return cast("WhoUmcResult", self.results[registry.MAIN[1]])

    @property
    def naranjo(self) -> N.Score:
        return self._naranjo.total

    @property
    def naranjo_trace(self) -> dict[str, Trace[Answer]]:
        return self._naranjo.trace

    @property
    def who_umc(self) -> W.Result:
        return self._who_umc.decision

    @property
    def who_umc_inputs(self) -> dict[str, Trace[StrEnum]]:
        return self._who_umc.inputs

    @property
    def override(self) -> Override | None:
        return self._who_umc.override

    @property
    def who_umc_final(self) -> W.Category | None:
        """The assessor's category where they overrode, else the computed one."""
        return self._who_umc.final


def assess_pair(case: Case, pair: PairAssessment) -> PairResult:
    reaction = case.reaction(pair.reaction)
    onset_days, onset_text = derive.time_to_onset(case.drug(pair.drug), reaction)
    rel = reaction.onset_relative if reaction is not None else None
    interval = None if rel is None or rel.exact else rel.days()
    routes = registry.routes(case, pair)
    applied = {r.instrument: r.why for r in routes if r.applies}
    results: dict[str, Result] = {}
    for instrument in registry.instruments():
        if instrument.id in registry.MAIN:
            results[instrument.id] = instrument.assess(case, pair, "applies to every pair")
        elif instrument.id in applied:
            results[instrument.id] = instrument.assess(case, pair, applied[instrument.id])
    return PairResult(
        case_id=case.case_id,
        source=case.source,
        drug=pair.drug,
        reaction=pair.reaction,
        time_to_onset_days=onset_days,
        time_to_onset=onset_text,
        results=results,
        routes=tuple(routes),
        warnings=tuple(w for r in results.values() for w in r.warnings),
        time_to_onset_range_days=None
        if interval is None
        else (round(interval.lower, 4), None if interval.upper is None else round(interval.upper, 4)),
        signatures=tuple(case.signatures),
        assessor=person.name if (person := pair.assessor_of(case)) is not None else None,
        role=pair.role.value,
    )


def assess_case(case: Case) -> list[PairResult]:
    return [assess_pair(case, pair) for pair in case.assessments]
