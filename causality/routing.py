"""Which further instruments apply to a pair: decided by the reaction term (spec §8.3 item 5), then by the
clinician's add/skip choices recorded in the case.

Liverpool, severity and preventability apply to every pair. The event-specific instruments follow the
reaction: liver injury -> RUCAM; SJS/TEN -> ALDEN; thrombocytopenia, or bleeding with a low platelet count,
-> George.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from causality.catalogue import checklist_for
from causality.model import Case, PairAssessment, Use

# Instrument keys as used in case files and in the JSON output, in the order they are shown.
FURTHER = ("lcat", "rucam", "alden", "george", "hartwig", "schumock_thornton")
TITLES = {
    "lcat": "Liverpool ADR Causality Assessment Tool",
    "rucam": "Updated RUCAM (2016)",
    "alden": "ALDEN",
    "george": "George criteria",
    "hartwig": "Hartwig-Siegel severity",
    "schumock_thornton": "Modified Schumock-Thornton preventability",
}
EVERY_PAIR = ("lcat", "hartwig", "schumock_thornton")
APPLIES_TO = {  # for `causality scales`: what the routing below decides, in words
    "lcat": "every pair with anything it uses recorded",
    "rucam": "liver injury (the liver-injury checklist's terms); recommended over Naranjo there",
    "alden": "SJS/TEN (Stevens-Johnson syndrome, toxic epidermal necrolysis, Lyell), every drug of the case",
    "george": "thrombocytopenia, or petechiae or epistaxis with a platelet count below 150 x 10^9/L",
    "hartwig": "every pair with its consequences, outcome or dechallenge recorded",
    "schumock_thornton": "every pair with any preventability answer recorded",
}

# SJS/TEN has no alternative-cause checklist in the catalogue (spec §9 gives none), so its names are here.
SJS_TEN_TERMS = (
    "stevens johnson syndrome", "stevens johnson", "sjs", "toxic epidermal necrolysis", "ten",
    "epidermal necrolysis", "lyell syndrome", "lyell s syndrome", "sjs ten", "sjs/ten",
)  # fmt: skip
BLEEDING_PRESENTATIONS = ("petechiae", "epistaxis")
EVERY_PAIR_WHY = "applies to every pair"
LOW_PLATELETS = 150.0  # x 10^9/L: below the usual lower reference limit


class Route(NamedTuple):
    """Whether an instrument applies to a pair, and why."""

    instrument: str
    applies: bool
    why: str
    chosen: bool = False  # the clinician's add or skip decided it


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip() + " "


_SJS_TEN_WORDS = tuple(_words(t) for t in SJS_TEN_TERMS)


def is_sjs_ten(term: str) -> bool:
    words = _words(term)
    return any(t in words for t in _SJS_TEN_WORDS)


@lru_cache(maxsize=4096)  # batches repeat the same few terms; the lookups are pure
def _term_class(term: str) -> tuple[str, bool]:
    return checklist_for(term).key, is_sjs_ten(term)


def _by_term(case: Case, pair: PairAssessment) -> dict[str, tuple[bool, str]]:
    term = pair.reaction
    key, sjs_ten = _term_class(term)
    reaction = case.reaction(term)
    platelets = reaction.labs.platelets if reaction is not None else None
    out = dict.fromkeys(FURTHER, (True, EVERY_PAIR_WHY))  # in display order; the event-specific ones follow
    out["rucam"] = (
        (True, f"'{term}' is a liver injury; RUCAM is recommended over Naranjo for liver injury")
        if key == "liver-injury"
        else (False, "not a liver injury")
    )
    out["alden"] = (True, f"'{term}' is SJS/TEN") if sjs_ten else (False, "not SJS/TEN")
    if key == "thrombocytopenia":
        out["george"] = (True, f"'{term}' is thrombocytopenia")
    elif key in BLEEDING_PRESENTATIONS and platelets is not None and platelets < LOW_PLATELETS:
        out["george"] = (True, f"bleeding ('{term}') with a platelet count of {platelets:g} x 10^9/L")
    elif key in BLEEDING_PRESENTATIONS:
        why = (
            f"platelet count {platelets:g} x 10^9/L is not low"
            if platelets is not None
            else "bleeding, but no platelet count is recorded (reaction labs.platelets)"
        )
        out["george"] = (False, why)
    else:
        out["george"] = (False, "not thrombocytopenia or bleeding")
    return out


def routes(case: Case, pair: PairAssessment) -> list[Route]:
    """Every further instrument with whether it applies; the clinician's choice wins over the term."""
    out = []
    for name, (applies, why) in _by_term(case, pair).items():
        choice = pair.instruments.get(name)
        if choice is None:
            out.append(Route(name, applies, why))
            continue
        said = f": {choice.reason}" if choice.reason else ""
        verb = "added" if choice.use is Use.ADD else "skipped"
        out.append(Route(name, choice.use is Use.ADD, f"{verb} by the assessor{said} (by term: {why})", True))
    return out
