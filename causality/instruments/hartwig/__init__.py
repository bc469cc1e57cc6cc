"""Hartwig-Siegel ADR severity scale (Hartwig, Siegel, Schneider. Am J Hosp Pharm 1992;49:2229-32).

Seven levels (4 split into 4a/4b), asked top-down (spec §6.1, a tool convention for the order). Levels 4 and
5 are defined as "a level-3 (level-4) ADR that...": where the lower level's conditions are not recorded,
the level is still given, with a note. Regulatory seriousness (ICH E2A) is a separate yes/no flag.
"""

from __future__ import annotations

from typing import NamedTuple

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="hartwig",
    title="Hartwig-Siegel ADR severity scale (1992)",
    summary="Seven levels of severity, mild (1-2), moderate (3-4) or severe (5-7); seriousness kept apart.",
    citations=(
        Citation(
            "Hartwig SC, Siegel J, Schneider PJ. Preventability and severity assessment in reporting adverse "
            "drug reactions. Am J Hosp Pharm 1992;49(9):2229-2232.",
            note="The levels as the secondary sources that reproduce the scale give them.",
        ),
    ),
)

BANDS = {"1": "mild", "2": "mild", "3": "moderate", "4a": "moderate", "4b": "moderate", "5": "severe",
         "6": "severe", "7": "severe"}  # fmt: skip
LEVELS = {
    "1": "no change in treatment with the suspected drug",
    "2": "drug withheld, stopped or changed; no antidote or other treatment; no longer stay",
    "3": "drug withheld, stopped or changed and/or antidote or other treatment; no longer stay",
    "4a": "a level-3 reaction that lengthened the stay by at least one day",
    "4b": "the reaction was the reason for admission",
    "5": "a level-4 reaction that required intensive medical care",
    "6": "permanent harm",
    "7": "death, directly or indirectly",
}


class Facts(NamedTuple):
    """What happened because of the reaction; None = not recorded."""

    death: bool | None = None
    permanent_harm: bool | None = None
    intensive_care: bool | None = None
    reason_for_admission: bool | None = None
    extra_days_in_hospital: int | None = None
    antidote_or_treatment: bool | None = None
    drug_changed: bool | None = None


class Result(NamedTuple):
    """The level, its band and definition, and notes on the chain of conditions."""

    level: str
    band: str
    definition: str
    notes: tuple[str, ...] = ()


def assess(f: Facts) -> Result:
    def result(level: str, *notes: str) -> Result:
        return Result(level, BANDS[level], LEVELS[level], tuple(n for n in notes if n))

    level3 = bool(f.drug_changed or f.antidote_or_treatment)
    level4 = bool(f.reason_for_admission or (f.extra_days_in_hospital or 0) >= 1)
    if f.death:
        return result("7")
    if f.permanent_harm:
        return result("6")
    if f.intensive_care:
        return result("5", "" if level4 else "level 5 is defined as a level-4 reaction; no admission or longer "
                      "stay is recorded")  # fmt: skip
    if f.reason_for_admission:
        return result("4b")
    if (f.extra_days_in_hospital or 0) >= 1:
        return result("4a", "" if level3 else "level 4a is defined as a level-3 reaction; no change of drug or "
                      "treatment is recorded")  # fmt: skip
    if f.antidote_or_treatment:
        return result("3")
    if f.drug_changed:
        return result("2")
    unknown = [name for name, value in f._asdict().items() if value is None]
    return result("1", f"not recorded: {', '.join(unknown)}" if unknown else "")


SERIOUS_CRITERIA = ("death", "life_threatening", "hospitalisation", "disability", "congenital_anomaly",
                    "medically_important")  # fmt: skip


def serious(criteria: list[str]) -> bool:
    """Regulatory seriousness (ICH E2A): any criterion met. Not the same thing as severity."""
    unknown = set(criteria) - set(SERIOUS_CRITERIA)
    if unknown:
        raise ValueError(f"not seriousness criteria: {sorted(unknown)}")
    return bool(criteria)
