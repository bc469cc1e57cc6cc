"""An instrument answer as finally used, and where it came from: given in the file, derived from a fact,
or the instrument's default when nothing was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from causality import derive
from causality.answers import NO_REASON, Source
from causality.model import Given

T = TypeVar("T", bound=str)


@dataclass(slots=True)  # per-assessment record: frozen costs ~2 us an instance
class Trace(Generic[T]):
    """A final answer and where it came from."""

    value: T
    source: Source
    reason: str
    fact: str | None = None
    derived: T | None = None  # what the facts gave, when a given answer overrides it


def resolve(
    given: Given[T] | None, derived: derive.Derivation[T] | None, default: T, default_reason: str
) -> Trace[T]:
    if given is not None:
        if derived is not None and derived.recorded and derived.value != given.value:
            return Trace(
                given.value,
                Source.OVERRIDDEN,
                given.reason or NO_REASON,
                derived.fact,
                derived.value,
            )
        agree = "; the recorded facts agree" if derived is not None and derived.recorded else ""
        return Trace(given.value, Source.GIVEN, (given.reason or "stated in the file") + agree)
    if derived is not None:
        return Trace(derived.value, Source.DERIVED, derived.reason, derived.fact)
    return Trace(default, Source.DEFAULT, default_reason)
