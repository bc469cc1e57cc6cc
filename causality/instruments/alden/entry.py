"""ALDEN: when it applies to a pair (SJS/TEN), what a case file may state per drug, and how it is listed.

How a pair is scored (``pair``) and the scorer are imported only when SJS/TEN is assessed: most cases never
need them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from causality.instruments.base import (
    Categories,
    Instrument,
    InstrumentInfo,
    Interchange,
    Result,
    listing_text,
    moved_to,
    score_and_result_columns,
)
from causality.model import (
    Case,
    PairAssessment,
)

if TYPE_CHECKING:
    from causality.instruments.alden.pair import AldenResult

ID = "alden"
TITLE = "ALDEN"
# SJS/TEN has no alternative-cause checklist in the catalogue (none is published), so its names are here.
SJS_TEN_TERMS = (
    "stevens johnson syndrome", "stevens johnson", "sjs", "toxic epidermal necrolysis", "ten",
    "epidermal necrolysis", "lyell syndrome", "lyell s syndrome", "sjs ten", "sjs/ten",
)  # fmt: skip


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip() + " "


_SJS_TEN_WORDS = tuple(_words(t) for t in SJS_TEN_TERMS)


def is_sjs_ten(term: str) -> bool:
    words = _words(term)
    return any(t in words for t in _SJS_TEN_WORDS)


def drug_answers() -> Mapping[str, tuple[str, ...]]:
    """What may be stated per drug (suspect or concomitant), under the drug's ``alden``."""
    from causality.instruments.alden import scorer as A

    return {
        "prechallenge": tuple(A.PRECHALLENGE),
        "notoriety": tuple(A.NOTORIETY),
        "continued_without_harm": ("yes", "no"),
        "interaction": ("yes", "no"),
    }


def _listing() -> list[str]:
    from causality.instruments.alden import scorer as alden

    lines = [
        "  1 Delay from first intake to index day: 5-28 +3; 29-56 +2; 1-4 +1; > 56 -1; on/after -3",
        "    (a time given as a range places the index day only when all of it gives the same scores)",
    ]
    lines.append("    (after a previous reaction to the same drug: 1-4 +3; 5-56 +1)")
    lines.append("  2 Drug present on index day: definite 0; doubtful -1; excluded -3 (5 half-lives)")
    lines.append("  3 Prechallenge/rechallenge:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in alden.PRECHALLENGE.items())
    lines.append("  4 Dechallenge: stopped or unknown 0; continued without harm -2")
    lines.append("  5 Notoriety:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in alden.NOTORIETY.items())
    lines.append("  6 Other cause: -1 for the other drugs when a drug's intermediate score is above 3")
    lines.append("  Bands: < 0 very unlikely, 0-1 unlikely, 2-3 possible, 4-5 probable, >= 6 very probable")
    return lines


class Alden:
    id = ID
    title = TITLE
    applies_to = (
        "SJS/TEN (Stevens-Johnson syndrome, toxic epidermal necrolysis, Lyell), every drug of the case"
    )
    every_pair = False
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "probability-scale",
        "ALDEN",
        {
            "very probable": "certain",
            "probable": "probably-likely",
            "possible": "possible",
            "unlikely": "unlikely",
            "very unlikely": "unlikely",
        },
    )
    csv_columns = ("alden_score", "alden_category")

    @property
    def categories(self) -> Categories:
        from causality.instruments.alden import scorer as A

        return Categories.ordered((*(label for _, label in A.BANDS), A.band_of(min(A.BANDS)[0] - 1)))

    @property
    def questions(self) -> Any:
        """What this instrument adds to the interview (read only by ``causality assess``)."""
        from causality.instruments.alden import questions

        return questions

    @property
    def info(self) -> InstrumentInfo:
        from causality.instruments import alden

        return alden.INFO

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return {}  # stated per drug (drug_answers), not per pair

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        if is_sjs_ten(pair.reaction):
            return True, f"'{pair.reaction}' is SJS/TEN"
        return False, "not SJS/TEN"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> AldenResult:
        from causality.instruments.alden.pair import assess

        return assess(case, pair, why)

    def csv_values(self, result: Result | None) -> list[object]:
        return score_and_result_columns(result)

    def scales_text(self) -> str:
        return listing_text(self.info, _listing())


INSTRUMENT: Instrument = Alden()


# Names that lived here before how a pair is scored moved to ``pair`` (an installed instrument may extend
# AldenResult): still importable from here, loaded only when asked for.
__getattr__ = moved_to("causality.instruments.alden.pair", {"AldenResult"}, __name__)
