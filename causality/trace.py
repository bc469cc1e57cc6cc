"""An instrument answer as finally used, and where it came from: given in the file, derived from a fact,
or the instrument's default when nothing was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from causality import derive
from causality.answers import AnswerSource, Source
from causality.model import Given
from causality.record import Record

T = TypeVar("T", bound=str)


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class Trace(Record, Generic[T]):
    """A final answer and where it came from."""

    value: T
    source: Source
    reason: str
    fact: str | None = None
    derived: T | None = None  # what the facts gave, when a given answer overrides it

    def __init__(
        self,
        value: T,
        source: Source,
        reason: str,
        fact: str | None = None,
        derived: T | None = None,
    ) -> None:
        self.value = value
        self.source = source
        self.reason = reason
        self.fact = fact
        self.derived = derived


def resolve(
    given: Given[T] | None, derived: derive.Derivation[T] | None, default: T, default_reason: str
) -> Trace[T]:
    if given is not None:
        # The clinician's reason as written; where it was entered is said when it was the interview, or
        # when there is no reason to show (a file's answers were always "stated in the case file").
        if given.reason:
            said = (
                f"{given.source.said}: {given.reason}"
                if given.source is AnswerSource.ASSESSMENT
                else given.reason
            )
        else:
            said = given.source.said
        if derived is not None and derived.recorded and derived.value != given.value:
            reason = said if given.reason else f"{said}, no reason given"
            return Trace(given.value, Source.OVERRIDDEN, reason, derived.fact, derived.value)
        agree = "; the recorded facts agree" if derived is not None and derived.recorded else ""
        return Trace(given.value, Source.GIVEN, said + agree)
    if derived is not None:
        return Trace(derived.value, Source.DERIVED, derived.reason, derived.fact)
    return Trace(default, Source.DEFAULT, default_reason)
