"""The answer vocabulary shared by instruments and case files."""

from __future__ import annotations

from enum import StrEnum


class Answer(StrEnum):
    """A Naranjo-style answer. "unknown" is the published "Do not know", never coerced to "no"."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Source(StrEnum):
    """Where an instrument's answer came from, so every point can be traced."""

    DERIVED = "derived"  # computed from the recorded facts
    GIVEN = "given"  # stated directly in the case file, no fact answers it
    OVERRIDDEN = "overridden"  # stated directly and different from what the facts give
    DEFAULT = "default"  # nothing recorded: the instrument's "do not know"


NO_REASON = "stated in the file, no reason given"  # an answer stated against the facts without its reason
