"""George criteria: when they apply to a pair, what a case file may answer, and how they are listed.

How a pair is scored (``pair``) and the scorer are imported only when thrombocytopenia or bleeding with a
low count is assessed: most pairs are routed past them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from causality.catalogue import checklist_key
from causality.instruments.base import (
    Categories,
    Instrument,
    InstrumentInfo,
    Interchange,
    Result,
    listing_text,
    moved_to,
    result_column,
)
from causality.model import Case, PairAssessment

if TYPE_CHECKING:
    from causality.instruments.george.pair import GeorgeResult

ID = "george"
TITLE = "George criteria"
THROMBOCYTOPENIA = "thrombocytopenia"
BLEEDING_PRESENTATIONS = ("petechiae", "epistaxis")
LOW_PLATELETS = 150.0  # x 10^9/L: below the usual lower reference limit


class George:
    id = ID
    title = TITLE
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
        from causality.instruments.george.pair import assess

        return assess(case, pair, why)

    def csv_values(self, result: Result | None) -> list[object]:
        return result_column(result)

    def scales_text(self) -> str:
        from causality.instruments.george import scorer as george

        body = [f"  {n} {text}" for n, text in george.CRITERIA.items()]
        body.append("  Definite 1+2+3+4; Probable 1+2+3; Possible 1; Unlikely 1 not met")
        return listing_text(george.INFO, body)


INSTRUMENT: Instrument = George()


# Names that lived here before how a pair is scored moved to ``pair`` (an installed instrument may extend
# GeorgeResult): still importable from here, loaded only when asked for.
__getattr__ = moved_to("causality.instruments.george.pair", {"GeorgeResult", "derived"}, __name__)
