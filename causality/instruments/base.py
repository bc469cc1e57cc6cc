"""What every instrument provides, and the records its results share.

An instrument lives in its own folder: the published table and the pure scorer (``__init__.py``), and
``entry.py``, whose ``INSTRUMENT`` object satisfies :class:`Instrument`: what the instrument reads from a
case, when it applies, how it scores a pair and how its result is shown. :mod:`causality.instruments.registry`
is the only list of them; everything else iterates it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from causality.answers import NO_REASONS, Source
from causality.record import FrozenRecord

if TYPE_CHECKING:
    from causality.model import Case, PairAssessment
    from causality.trace import Trace

EVERY_PAIR_WHY = "applies to every pair"


class Citation(NamedTuple):
    """A published source of an instrument."""

    text: str
    doi: str | None = None
    note: str | None = None


class InstrumentInfo(NamedTuple):
    """What `causality scales` lists about an instrument."""

    name: str  # as typed after `causality scales`
    title: str
    summary: str
    citations: tuple[Citation, ...]


class Route(NamedTuple):
    """Whether an instrument applies to a pair, and why."""

    instrument: str
    applies: bool
    why: str
    chosen: bool = False  # the clinician's add or skip decided it


class Line(NamedTuple):
    """One item of an instrument: the answer used, its points (if the instrument scores), and its origin."""

    id: str
    label: str
    answer: str
    points: int | None
    source: Source
    reason: str
    fact: str | None = None

    @property
    def unrecorded(self) -> bool:
        return self.source is Source.DEFAULT and self.points is None and self.answer == "unknown"


def override_warnings(instrument: str, traces: Mapping[str, Trace[Any]]) -> list[str]:
    """Answers stated against what the recorded facts give: named, with or without a reason, so that a
    reviewer sees the contradiction next to the score."""
    out = []
    for key, t in traces.items():
        if t.source is not Source.OVERRIDDEN:
            continue
        if t.reason in NO_REASONS:
            out.append(
                f"{instrument}.{key}: '{t.value}' overrides '{t.derived}' derived from {t.fact} without a reason"
            )
        else:
            out.append(
                f"{instrument}.{key}: '{t.value}' contradicts the recorded fact {t.fact}, which gives "
                f"'{t.derived}' (reason given: {t.reason})"
            )
    return out


def trace_data(t: Trace[Any]) -> dict[str, Any]:
    """Where an answer came from, as the JSON output gives it."""
    out: dict[str, Any] = {"source": t.source, "reason": t.reason}
    if t.fact:
        out["fact"] = t.fact
    if t.derived is not None:
        out["derived"] = t.derived
    return out


def line(id_: str, label: str, t: Trace[str], points: int | None = None) -> Line:
    return Line(id_, label, t.value, points, t.source, t.reason, t.fact)


class Interchange(NamedTuple):
    """How a causality instrument's result is written where exchange formats keep causality (FHIR
    AdverseEvent, E2B(R3) G.k.9.i.2.r). An instrument without one (severity, preventability) is exported
    as its result only, never as a causality assessment."""

    method: str  # HL7 adverse-event-causality-method, R5 spelling: probability-scale, bayesian, checklist
    name: str  # the method as a safety database expects it: "Naranjo", "WHO-UMC" (at most 60 characters)
    # The instrument's result in lower case (as `Result.result` gives it, before any bracket) -> the nearest
    # HL7 adverse-event-causality-assess code (R5 spelling); the instrument's own word is written beside it.
    categories: Mapping[str, str]


class Categories(NamedTuple):
    """The results an instrument gives, in the scale's fixed order (highest first), for agreement between
    assessors: every category, and those that are ordered (weighted kappa weighs only these)."""

    every: tuple[str, ...]
    ordinal: tuple[str, ...]

    @classmethod
    def ordered(cls, words: tuple[str, ...]) -> Categories:
        """A scale whose every category is ordered."""
        return cls(words, words)


def categories_of(instrument: object) -> Categories | None:
    """An instrument's categories in their fixed order; None for one that does not declare them (an installed
    instrument may leave them out: its results are then compared as they are worded)."""
    found = getattr(instrument, "categories", None)
    return found if isinstance(found, Categories) else None


class DrugRow(NamedTuple):
    """One drug of an instrument that compares every drug of the case (ALDEN)."""

    name: str
    intermediate: int
    other_cause: int
    final: int
    band: str
    final_alternative: int | None


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True)
class Result(FrozenRecord):
    """One instrument's result for a pair, every line traced; ``result`` is None when the instrument cannot
    give one (``notes`` says why). Instruments extend it with their own typed fields."""

    instrument: str
    title: str
    why: str  # why it applies
    result: str | None
    score: int | None
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()
    unrecorded_means: str | None = None  # what the items nothing answered do to the result
    warnings: tuple[str, ...] = ()  # misapplications the assessor should look at, listed with the pair's

    def __init__(
        self,
        instrument: str,
        title: str,
        why: str,
        result: str | None,
        score: int | None,
        lines: tuple[Line, ...],
        notes: tuple[str, ...] = (),
        unrecorded_means: str | None = None,
        warnings: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "why", why)
        object.__setattr__(self, "result", result)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "unrecorded_means", unrecorded_means)
        object.__setattr__(self, "warnings", warnings)

    @property
    def unrecorded(self) -> list[str]:
        """Unscored items that nothing answered (shown once, not a row each, where space is short)."""
        return [x.id if len(x.id) <= 4 else x.label for x in self.lines if x.unrecorded]

    def final_result(self) -> str | None:
        """The result that stands: the assessor's own where an instrument records one, else ``result``."""
        return self.result

    def category(self) -> str | None:
        """The result as one of the instrument's categories (None: no result), for agreement between
        assessors."""
        return self.result

    # How the result is shown beyond its lines; an instrument overrides what it has.
    def headline_note(self) -> str:
        """Qualifies the result in its heading (e.g. which scale was used)."""
        return ""

    def path_text(self) -> str:
        """The path taken through a flowchart instrument."""
        return ""

    def drug_rows(self) -> tuple[DrugRow, ...]:
        """Every drug's score, for an instrument that compares the drugs of the case."""
        return ()

    def json_extra(self) -> dict[str, Any]:
        """The instrument's own JSON keys, after the shared ones."""
        return {}

    def json_data(self) -> dict[str, Any]:
        """The result in the JSON output: the shared keys, then the instrument's own."""
        return {
            "title": self.title,
            "why": self.why,
            "result": self.result,
            "score": self.score,
            "items": [
                {
                    "id": x.id,
                    "label": x.label,
                    "answer": x.answer,
                    "points": x.points,
                    "source": x.source,
                    "reason": x.reason,
                    **({"fact": x.fact} if x.fact else {}),
                }
                for x in self.lines
            ],
            "notes": list(self.notes),
            "unrecorded": self.unrecorded,
            "unrecorded_means": self.unrecorded_means,
            **self.json_extra(),
        }


@runtime_checkable
class Instrument(Protocol):
    """One causality, severity or preventability instrument, as the registry holds it."""

    @property
    def id(self) -> str:
        """Its key in case files and in the JSON output (``schumock_thornton``)."""
        ...

    @property
    def info(self) -> InstrumentInfo:
        """Name for `causality scales`, full title, summary and citations."""
        ...

    @property
    def title(self) -> str:
        """Short title, shown with its result."""
        ...

    @property
    def applies_to(self) -> str:
        """When it is applied, in words, for `causality scales`."""
        ...

    @property
    def every_pair(self) -> bool:
        """Applied to every pair that records anything it uses (else as :meth:`applies` decides)."""
        ...

    @property
    def csv_columns(self) -> tuple[str, ...]:
        """Its CSV columns, after the ones before it."""
        ...

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        """The items a case file may answer directly under the instrument's key, with their allowed words."""
        ...

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        """Whether it applies to the pair by the reaction and the facts, and why (or why not)."""
        ...

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        """Whether anything it uses is recorded (an every-pair instrument with nothing is not applied)."""
        ...

    def assess(self, case: Case, pair: PairAssessment, why: str) -> Result:
        """Score the pair. Pure: no files, prompts or printing."""
        ...

    def csv_values(self, result: Result | None) -> list[object]:
        """Its CSV columns for one pair; ``result`` is None when it was not applied."""
        ...

    def scales_text(self) -> str:
        """The full listing for `causality scales NAME`: items, answers, points, citations."""
        ...


def moved_to(module: str, names: set[str], here: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``here`` that still gives ``names``, which now live in ``module``:
    imported when first asked for, so that moving them keeps them off the start-up path."""

    def __getattr__(name: str) -> Any:
        if name in names:
            import importlib

            return getattr(importlib.import_module(module), name)
        raise AttributeError(f"module {here!r} has no attribute {name!r}")

    return __getattr__


# --- CSV columns most instruments share ------------------------------------------------------------------


def result_column(result: Result | None) -> list[object]:
    """One column: the result in words, empty when the instrument was not applied or gave none."""
    return [(result.result or "") if result else ""]


def score_and_result_columns(result: Result | None) -> list[object]:
    """Two columns: the score, then the result in words; empty when not applied or not given."""
    if result is None:
        return ["", ""]
    return ["" if result.score is None else result.score, result.result or ""]


# --- the text of `causality scales NAME` ------------------------------------------------------------------


def citation_lines(info: InstrumentInfo) -> list[str]:
    lines = []
    for c in info.citations:
        text = c.text + (f" doi:{c.doi}" if c.doi else "")
        lines.extend(textwrap.wrap(text, 76, initial_indent="  ", subsequent_indent="    "))
        if c.note:
            lines.extend(textwrap.wrap(c.note, 76, initial_indent="    ", subsequent_indent="    "))
    return lines


def listing_head(info: InstrumentInfo) -> list[str]:
    return [info.title, "", *textwrap.wrap(info.summary, 78, initial_indent="  ", subsequent_indent="  "), ""]


def listing_text(info: InstrumentInfo, body: list[str]) -> str:
    """A full listing: title and summary, the body, then the citations."""
    return "\n".join([*listing_head(info), *body, "", *citation_lines(info)]) + "\n"
