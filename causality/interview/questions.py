"""Questions as plain data, and the one validation path for every answer (typed, resumed, from a file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from causality.inert import has_stray_byte

if TYPE_CHECKING:
    from causality.interview.partial import Partial, Target

Value = str | list[str]


class Kind(StrEnum):
    TEXT = "text"
    SELECT = "select"
    CHECKBOX = "checkbox"


@dataclass(frozen=True)
class Option:
    """One choice: the stored value, what the clinician reads, and a one-letter shortcut."""

    value: str
    title: str
    key: str | None = None
    checked: bool = False  # checkbox: ticked by default
    description: str | None = None  # shown under the list for the highlighted option


@dataclass(frozen=True)
class Question:
    """One prompt. ``key`` names the question (the review and tests address it by that name); ``fills`` is
    the case field its answer is written to (or, for the interview's own questions, where it is kept);
    ``check`` returns an error message or None."""

    key: str
    kind: Kind
    message: str
    section: str
    label: str  # short name on the review screen
    options: tuple[Option, ...] = ()
    default: Value | None = None
    optional: bool = False  # text: Enter leaves it empty
    instruction: str | None = None
    check: Callable[[str], str | None] | None = None
    fills: Target | None = None
    # A measurement an instrument scores: asked when a case file given to start from lacks it, where other
    # optional fields the file leaves out are taken as not known.
    measured: bool = False
    # What a case file that leaves the field out says (e.g. not serious, no interaction): when the interview
    # starts from a file, such a question is answered with it rather than asked.
    absent: Value | None = None

    def value(self, p: Partial) -> Value | None:
        """The answer the case holds for this question so far (None: not answered yet)."""
        if self.fills is None:
            return None
        held = self.fills.get(p)
        return p.progress.get(self.key) if held is None and self.optional else held

    def answered(self, p: Partial) -> bool:
        value = self.value(p)
        return value is not None and self.validate(value) is None

    def clear(self, p: Partial) -> None:
        """Take the answer out of the case: the question is no longer asked (what it depended on changed)."""
        if self.fills is not None:
            self.fills.clear(p)
        p.progress.pop(self.key, None)

    def put(self, p: Partial, value: Value) -> None:
        """Write the answer into the case; an optional question left empty is remembered as asked."""
        if self.fills is None:
            raise ValueError(f"question {self.key} fills nothing")
        self.fills.put(p, value)
        if getattr(self.fills, "key", None) == self.key:
            return  # kept under the question's own name: the answer is its own record of being asked
        if self.optional and isinstance(value, str) and not value.strip():
            p.progress[self.key] = ""
        elif self.optional:
            p.progress.pop(self.key, None)

    def validate(self, value: object) -> str | None:
        """Why ``value`` is not an acceptable answer, or None. Used for typed, resumed and loaded answers."""
        if self.kind is Kind.CHECKBOX:
            allowed = {o.value for o in self.options}
            if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
                return "choose from the list"
            return None
        if not isinstance(value, str):
            return "expected text"
        if has_stray_byte(value):
            # A byte the terminal sent that is not UTF-8 (a Latin-1 terminal, PYTHONIOENCODING=ascii): it
            # could be kept nowhere, and saving the draft with it would lose the answers.
            return "a character could not be read (the terminal does not send UTF-8): type it without it"
        if self.kind is Kind.SELECT:
            return None if value in {o.value for o in self.options} else "choose from the list"
        if not value.strip():
            return None if self.optional else "an answer is needed"
        return self.check(value.strip()) if self.check else None

    def show(self, value: Value | None) -> str:
        """The answer as the clinician chose it."""
        if value is None:
            return "-"
        titles = {o.value: o.title for o in self.options}
        if isinstance(value, list):
            return ", ".join(titles.get(v, v) for v in value) or "none"
        return titles.get(value, value) or "-"


def words(
    cls: type[StrEnum] | Any, *titles: tuple[str, str, str | None] | tuple[str, str]
) -> tuple[Option, ...]:
    """Options from a schema enumeration, in the wording and order of the question; a word the schema does
    not allow is a programming error, caught at import."""
    allowed = {m.value for m in cls}
    options = []
    for entry in titles:
        value, title = entry[0], entry[1]
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of the words of {cls.__name__}")
        options.append(Option(value, title, entry[2] if len(entry) > 2 else None))
    return tuple(options)


def _possible(day: dt.date) -> str | None:
    """A date that cannot be true of a case assessed today: a year typed wrong, caught at the prompt."""
    from causality.dates import EARLIEST

    today = dt.date.today()  # noqa: DTZ011 - the clinician's own day
    if day > today:
        return f"{day} is after today ({today}): check the year"
    if day < EARLIEST:
        return f"{day} is before {EARLIEST.year}: check the year"
    return None


def check_date(text: str) -> str | None:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return "enter a date as YYYY-MM-DD, e.g. 2024-03-01"
    return _possible(day)


def check_onset(text: str) -> str | None:
    from causality import onset

    parsed = onset.parse(text)
    if parsed is None:
        return f"enter {onset.HELP}"
    return _possible(parsed) if isinstance(parsed, dt.date) else None


def check_number(low: float, high: float) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            number = float(text)
        except ValueError:
            return f"enter a number from {low:g} to {high:g}"
        return None if low <= number <= high else f"enter a number from {low:g} to {high:g}"

    return check


def check_whole_number(low: int, high: int) -> Callable[[str], str | None]:
    in_range = check_number(low, high)

    def check(text: str) -> str | None:
        return in_range(text) or (
            None if float(text).is_integer() else f"enter a whole number from {low} to {high}"
        )

    return check


def check_case_file(text: str) -> str | None:
    return (
        None
        if text.lower().endswith((".yaml", ".yml", ".json"))
        else "the name must end in .yaml, .yml or .json"
    )


YES_NO_UNKNOWN = (Option("yes", "Yes", "y"), Option("no", "No", "n"), Option("unknown", "Don't know", "u"))
YES_NO = (Option("yes", "Yes", "y"), Option("no", "No", "n"))
