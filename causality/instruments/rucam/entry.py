"""Updated RUCAM: when it applies to a pair (liver injury), what a case file may answer, and how it is
listed.

How a pair is scored (``pair``) and the scorer are imported only when a liver injury is assessed: most
cases never need them.
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
    score_and_result_columns,
)
from causality.model import (
    Case,
    PairAssessment,
)

if TYPE_CHECKING:
    from causality.instruments.rucam.pair import RucamResult

ID = "rucam"
TITLE = "Updated RUCAM (2016)"
LIVER_INJURY = "liver-injury"  # the alternative-cause checklist of liver injury routes a pair here


def _listing() -> list[str]:
    from causality.instruments.rucam import scorer as rucam

    lines = ["  Threshold: ALT >= 5 x ULN and/or ALP >= 2 x ULN. R = (ALT/ULN) / (ALP/ULN):"]
    lines.append("  R >= 5 hepatocellular, R <= 2 cholestatic, between mixed (cholestatic/mixed scale).")
    lines.append("  1 Time to onset: 5-90 days +2; < 5 or > 90 +1; from cessation <= 15 (chol. 30) days +1")
    lines.append(
        "    A time given as a range (e.g. 2 to 10 days) decides item 1 only when all of it falls on one side "
        "of these limits; otherwise no total, and the total for each side is shown."
    )
    for scale, options in rucam.COURSE_POINTS.items():
        lines.append(f"  2 Course ({scale}):")
        lines.extend(f"      {points:+d}  {option.replace('_', ' ')}" for option, points in options.items())
    lines.append("  3 Risk factors: alcohol +1; age >= 55 +1; pregnancy +1 (cholestatic/mixed)")
    lines.append("  4 Concomitant drugs:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in rucam.CONCOMITANT_POINTS.items())
    lines.append(
        "  5 Alternative causes: all of Groups I and II ruled out +2; the 7 of Group I +1; 6 or 5: 0;"
    )
    lines.append("    fewer than 5: -2; an alternative cause highly probable -3")
    for cause, (group, label, _) in rucam.CAUSES.items():
        lines.append(f"      Group {group:<3}{label} [{cause}]")
    lines.append("  6 Previous hepatotoxicity: labelled +2; published, unlabelled +1; unknown 0")
    lines.append("  7 Re-exposure:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in rucam.REEXPOSURE_POINTS.items())
    lines.append("  Bands: <= 0 excluded, 1-2 unlikely, 3-5 possible, 6-8 probable, >= 9 highly probable")
    return lines


class Rucam:
    id = ID
    title = TITLE
    applies_to = "liver injury (the liver-injury checklist's terms); recommended over Naranjo there"
    every_pair = False
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "probability-scale",
        "RUCAM",
        {
            "highly probable": "certain",
            "probable": "probably-likely",
            "possible": "possible",
            "unlikely": "unlikely",
            "excluded": "unlikely",
        },
    )
    csv_columns = ("rucam_score", "rucam_category")

    @property
    def categories(self) -> Categories:
        from causality.instruments.rucam import scorer as R

        return Categories.ordered((*(label for _, label in R.BANDS), R.band_of(min(R.BANDS)[0] - 1)))

    @property
    def questions(self) -> Any:
        """What this instrument adds to the interview (read only by ``causality assess``)."""
        from causality.instruments.rucam import questions

        return questions

    @property
    def info(self) -> InstrumentInfo:
        from causality.instruments import rucam

        return rucam.INFO

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        from causality.instruments.rucam import Concomitant, Reexposure

        return {
            "concomitant": tuple(Concomitant),
            "reexposure": tuple(Reexposure),
            "slowly_metabolised": ("yes", "no"),
        }

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        if checklist_key(pair.reaction) == LIVER_INJURY:
            return (
                True,
                f"'{pair.reaction}' is a liver injury; RUCAM is recommended over Naranjo for liver injury",
            )
        return False, "not a liver injury"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> RucamResult:
        from causality.instruments.rucam.pair import assess

        return assess(case, pair, why)

    def csv_values(self, result: Result | None) -> list[object]:
        return score_and_result_columns(result)

    def scales_text(self) -> str:
        return listing_text(self.info, _listing())


INSTRUMENT: Instrument = Rucam()


# Names that lived here before how a pair is scored moved to ``pair`` (an installed instrument may extend
# RucamResult): still importable from here, loaded only when asked for.
__getattr__ = moved_to("causality.instruments.rucam.pair", {"RucamResult"}, __name__)
