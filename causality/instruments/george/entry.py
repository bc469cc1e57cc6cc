"""George criteria for one pair: the criteria from the case's facts, the result, and how it is shown.

The scorer is imported only when thrombocytopenia or bleeding with a low count is assessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from causality import derive
from causality.answers import Source
from causality.catalogue import checklist_key
from causality.derive import AlternativesState, Derivation
from causality.instruments.base import (
    Categories,
    Instrument,
    InstrumentInfo,
    Interchange,
    Result,
    line,
    listing_text,
    result_column,
)
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

THROMBOCYTOPENIA = "thrombocytopenia"
BLEEDING_PRESENTATIONS = ("petechiae", "epistaxis")
LOW_PLATELETS = 150.0  # x 10^9/L: below the usual lower reference limit


@dataclass(frozen=True, slots=True, kw_only=True)
class GeorgeResult(Result):
    """George's criteria for one pair: the level of evidence that the drug caused the thrombocytopenia."""

    met: tuple[int, ...]
    oklahoma_level: str | None

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


class George:
    id = "george"
    title = "George criteria"
    applies_to = "thrombocytopenia, or petechiae or epistaxis with a platelet count below 150 x 10^9/L"
    every_pair = False
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "checklist",
        "George criteria",
        {
            "definite": "certain",
            "probable": "probably-likely",
            "possible": "possible",
            "unlikely": "unlikely",
        },
    )
    csv_columns = ("george",)

    @property
    def categories(self) -> Categories:
        from causality.instruments.george import scorer as G

        return Categories.ordered(G.LEVELS)

    @property
    def questions(self) -> Any:
        """What this instrument adds to the interview (read only by ``causality assess``)."""
        from causality.instruments.george import questions

        return questions

    @property
    def info(self) -> InstrumentInfo:
        from causality.instruments import george

        return george.INFO

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        from causality.instruments.george import CRITERIA

        return {f"c{n}": ("yes", "no") for n in CRITERIA}

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        term = pair.reaction
        key = checklist_key(term)
        reaction = case.reaction(term)
        platelets = reaction.labs.platelets if reaction is not None else None
        if key == THROMBOCYTOPENIA:
            return True, f"'{term}' is thrombocytopenia"
        if key in BLEEDING_PRESENTATIONS and platelets is not None and platelets < LOW_PLATELETS:
            return True, f"bleeding ('{term}') with a platelet count of {platelets:g} x 10^9/L"
        if key in BLEEDING_PRESENTATIONS:
            return False, (
                f"platelet count {platelets:g} x 10^9/L is not low"
                if platelets is not None
                else "bleeding, but no platelet count is recorded (reaction labs.platelets)"
            )
        return False, "not thrombocytopenia or bleeding"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> GeorgeResult:
        from causality.instruments.george import scorer as G
        from causality.trace import resolve

        found, given = derived(case, pair), pair.answers.get(self.id, {})
        traces = {
            f"c{n}": resolve(given.get(f"c{n}"), found.get(f"c{n}"), "no", "not recorded: not met")
            for n in G.CRITERIA
        }
        res = G.assess({int(k[1:]) for k, t in traces.items() if t.value == "yes"})
        lines = tuple(line(k, G.CRITERIA[int(k[1:])], t) for k, t in traces.items())
        notes = [
            f"{k} not recorded, counted as not met" for k, t in traces.items() if t.source is Source.DEFAULT
        ]
        if res.oklahoma_level:
            notes.append(
                f"with the Oklahoma extension (antibodies in place of re-exposure): {res.oklahoma_level}"
            )
        return GeorgeResult(
            self.id,
            self.title,
            why,
            res.level,
            None,
            lines,
            tuple(notes),
            met=tuple(res.met),
            oklahoma_level=res.oklahoma_level,
        )

    def csv_values(self, result: Result | None) -> list[object]:
        return result_column(result)

    def scales_text(self) -> str:
        from causality.instruments.george import scorer as george

        body = [f"  {n} {text}" for n, text in george.CRITERIA.items()]
        body.append("  Definite 1+2+3+4; Probable 1+2+3; Possible 1; Unlikely 1 not met")
        return listing_text(george.INFO, body)


INSTRUMENT: Instrument = George()
