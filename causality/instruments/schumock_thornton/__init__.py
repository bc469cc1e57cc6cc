"""Modified Schumock-Thornton preventability (spec §6.2).

Section A "yes" -> definitely preventable; else section B "yes" -> probably preventable; else not
preventable. An unknown answer counts as "no" but makes the result provisional (tool convention, spec §6.2).
The grouping follows the spec's verdict in §14; the attribution to Lau et al. 2003 is unverified.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="schumock-thornton",
    title="Modified Schumock-Thornton preventability",
    summary="Nine questions in two sections: definitely, probably or not preventable.",
    citations=(
        Citation("Schumock GT, Thornton JP. Focusing on the preventability of adverse drug reactions. "
                 "Hosp Pharm 1992;27:538."),
        Citation("Modified three-section version commonly attributed to Lau PM, Stewart K, Dooley MJ, "
                 "Ann Pharmacother 2003;37:303-304.", note="The attribution as it is usually cited."),
    ),
)  # fmt: skip

QUESTIONS: dict[str, tuple[str, str]] = {  # id -> (section, question)
    "A1": ("A", "Was there a history of allergy or previous reaction to the drug?"),
    "A2": ("A", "Was the drug involved inappropriate for the patient's clinical condition?"),
    "A3": (
        "A",
        "Was the dose, route or frequency inappropriate for the patient's age, weight or disease state?",
    ),
    "A4": ("A", "Was a toxic serum drug concentration (or laboratory monitoring test) documented?"),
    "A5": ("A", "Was there a known treatment for the ADR (preventable by a known measure)?"),
    "B1": (
        "B",
        "Was required therapeutic drug monitoring or another necessary laboratory test not performed?",
    ),
    "B2": ("B", "Was a drug interaction involved?"),
    "B3": ("B", "Was poor compliance involved?"),
    "B4": ("B", "Were preventative measures not prescribed or not administered?"),
}
ANSWERS = ("yes", "no", "unknown")


class Result(NamedTuple):
    """The verdict, the questions answered yes, and those left unknown."""

    verdict: str  # definitely_preventable | probably_preventable | not_preventable
    because: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.unknown)


# The verdicts, most preventable first.
VERDICTS = ("definitely_preventable", "probably_preventable", "not_preventable")


def assess(answers: Mapping[str, str]) -> Result:
    """Missing questions count as unknown."""
    extra = set(answers) - set(QUESTIONS)
    bad = {k: v for k, v in answers.items() if v not in ANSWERS}
    if extra or bad:
        raise ValueError(f"unknown questions {sorted(extra)} or answers {bad}")
    given = {q: answers.get(q, "unknown") for q in QUESTIONS}
    unknown = tuple(q for q, a in given.items() if a == "unknown")
    for section, verdict in (("A", VERDICTS[0]), ("B", VERDICTS[1])):
        yes = tuple(q for q, (s, _) in QUESTIONS.items() if s == section and given[q] == "yes")
        if yes:
            return Result(verdict, yes, unknown)
    return Result(VERDICTS[2], (), unknown)
