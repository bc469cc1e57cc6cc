"""George criteria for one pair: each criterion from the case's facts or a given answer, and the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from causality import derive
from causality.answers import Source
from causality.derive import AlternativesState, Derivation
from causality.instruments.base import Line, Result, line
from causality.instruments.george.entry import ID, TITLE
from causality.model import (
    Case,
    DechallengeOutcome,
    Outcome,
    PairAssessment,
    RechallengeOutcome,
    Sequence,
    SpecificTestKind,
    SpecificTestResult,
)


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class GeorgeResult(Result):
    """George's criteria for one pair: the level of evidence that the drug caused the thrombocytopenia."""

    met: tuple[int, ...]
    oklahoma_level: str | None

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
        met: tuple[int, ...],
        oklahoma_level: str | None,
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
        object.__setattr__(self, "met", met)
        object.__setattr__(self, "oklahoma_level", oklahoma_level)

    def json_extra(self) -> dict[str, Any]:
        return {"met": list(self.met), "oklahoma_level": self.oklahoma_level}


def derived(case: Case, pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    out: dict[str, Derivation[str]] = {}
    seq = derive.sequence(f, drug, reaction)
    d = f.dechallenge
    outcome = reaction.outcome if reaction is not None else None
    if seq.value is Sequence.BEFORE_DRUG:
        out["c1"] = Derivation("no", seq.reason, seq.fact)
    elif d is not None and d.outcome.not_improved:
        out["c1"] = Derivation("no", "no recovery after stopping", "facts.dechallenge")
    elif d is not None and d.outcome is DechallengeOutcome.RESOLVED_WHILE_CONTINUED:
        out["c1"] = Derivation(
            "no", "recovered while the drug was continued, not after stopping it", "facts.dechallenge"
        )
    elif seq.value is Sequence.AFTER_DRUG and d is not None and d.outcome.improved:
        complete = outcome is Outcome.RECOVERED
        out["c1"] = Derivation(
            "yes" if complete else "no",
            f"{seq.reason}; improved after stopping and "
            + ("recovered" if complete else f"outcome {outcome or 'not recorded'}: recovery not complete"),
            "facts.dechallenge, reaction outcome",
        )
    if len(case.suspect_drugs) + len(case.concomitant_drugs) == 1:
        out["c2"] = Derivation(
            "yes", "the only drug recorded in the case", "suspect_drugs, concomitant_drugs"
        )
    state, why = derive.alternatives_state(f.alternative_causes)
    if state is not AlternativesState.NONE_RECORDED:
        out["c3"] = Derivation(
            "yes" if state is AlternativesState.ALL_EXCLUDED else "no", why, "facts.alternative_causes"
        )
    antibodies = [
        t
        for t in f.specific_tests
        if t.kind is SpecificTestKind.DRUG_DEPENDENT_ANTIBODIES
        and (t.drug is None or t.drug.casefold() == pair.drug.casefold())
    ]
    if antibodies:
        positive = any(t.result is SpecificTestResult.POSITIVE for t in antibodies)
        out["c5"] = Derivation(
            "yes" if positive else "no",
            f"drug-dependent antibodies {'shown' if positive else 'not shown'}",
            "facts.specific_tests",
        )
    again = derive.this_drugs_rechallenge(f)  # criterion 4 is re-exposure to this drug alone
    if again is not None:
        recurred = again.outcome is RechallengeOutcome.RECURRED
        out["c4"] = Derivation(
            "yes" if recurred else "no",
            f"rechallenge {again.outcome.replace('_', ' ')}",
            "facts.rechallenge",
        )
    return out


def assess(case: Case, pair: PairAssessment, why: str) -> GeorgeResult:
    from causality.instruments.george import scorer as G
    from causality.trace import resolve

    found, given = derived(case, pair), pair.answers.get(ID, {})
    traces = {
        f"c{n}": resolve(given.get(f"c{n}"), found.get(f"c{n}"), "no", "not recorded: not met")
        for n in G.CRITERIA
    }
    res = G.assess({int(k[1:]) for k, t in traces.items() if t.value == "yes"})
    lines = tuple(line(k, G.CRITERIA[int(k[1:])], t) for k, t in traces.items())
    notes = [f"{k} not recorded, counted as not met" for k, t in traces.items() if t.source is Source.DEFAULT]
    if res.oklahoma_level:
        notes.append(
            f"with the Oklahoma extension (antibodies in place of re-exposure): {res.oklahoma_level}"
        )
    return GeorgeResult(
        ID,
        TITLE,
        why,
        res.level,
        None,
        lines,
        tuple(notes),
        met=tuple(res.met),
        oklahoma_level=res.oklahoma_level,
    )
