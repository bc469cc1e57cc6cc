"""George criteria for drug-induced thrombocytopenia (George JN et al. Ann Intern Med 1998;129:886).

Definite: criteria 1-4; Probable: 1-3; Possible: 1; Unlikely: 1 not met. The Oklahoma group's later
version accepts drug-dependent platelet antibodies (criterion 5) in place of re-exposure for Definite;
both readings are returned when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kept in the package, where the registry reads them without loading the scorer.
from causality.instruments.george import CRITERIA as CRITERIA
from causality.instruments.george import INFO as INFO
from causality.record import FrozenRecord


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Result(FrozenRecord):
    """The level by the 1998 criteria, and by the Oklahoma extension where that differs."""

    level: str
    met: tuple[int, ...]
    oklahoma_level: str | None = None

    def __init__(self, level: str, met: tuple[int, ...], oklahoma_level: str | None = None) -> None:
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "met", met)
        object.__setattr__(self, "oklahoma_level", oklahoma_level)


# The levels, highest first.
LEVELS = ("definite", "probable", "possible", "unlikely")


def _level(c1: bool, c2: bool, c3: bool, c4: bool) -> str:
    if not c1:
        return "unlikely"
    if c2 and c3:
        return "definite" if c4 else "probable"
    return "possible"


def assess(met: set[int]) -> Result:
    if not met <= set(CRITERIA):
        raise ValueError(f"not George criteria: {sorted(met - set(CRITERIA))}")
    level = _level(1 in met, 2 in met, 3 in met, 4 in met)
    oklahoma = _level(1 in met, 2 in met, 3 in met, 4 in met or 5 in met)
    return Result(level, tuple(sorted(met)), oklahoma if oklahoma != level else None)
