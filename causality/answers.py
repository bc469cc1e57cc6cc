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


class AnswerSource(StrEnum):
    """Where an answer given directly (not derived from the facts) was entered."""

    ASSESSMENT = "assessment"  # answered in the interview of `causality assess`
    CASE_FILE = "case_file"  # written in the case file (the default: a file says nothing about it)

    @property
    def said(self) -> str:
        return "answered in the assessment" if self is AnswerSource.ASSESSMENT else "stated in the case file"


# An answer stated against the facts without its reason, by where it was entered.
NO_REASON = "stated in the case file, no reason given"
NO_REASONS = frozenset({NO_REASON, "answered in the assessment, no reason given"})
