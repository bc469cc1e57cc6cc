"""Onset as a date or as a time after a dose, the way reports give it: "12 hours after dose", "1 day after
the second dose", "5 to 90 days after the first dose", "more than 5 months after starting", "a few hours
after the last dose" (spec §15.7). A time is kept as an interval in the unit it was given, with the dose
it counts from, so that "1 day after the second dose" stays that in the case and the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from causality.record import FrozenRecord

# A month and a year as their average lengths: "2 months after" is about 61 days, as a clinician reads it.
_DAYS_IN_YEAR = 365.25
_HOURS = {"h": 1, "d": 24, "w": 24 * 7, "m": 24 * _DAYS_IN_YEAR / 12, "y": 24 * _DAYS_IN_YEAR}
_UNIT_WORDS = {"h": "hour", "d": "day", "w": "week", "m": "month", "y": "year"}
_UNIT = r"(?:h|hr|hrs|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)"
_NUMBER = r"\d+(?:\.\d+)?"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
# "a few" hours, days...: read as 2 to 9 of the unit (a tool convention, shown with the onset).
FEW = (2.0, 9.0)


@cache
def _amount() -> re.Pattern[str]:
    """Compiled when an onset is first written as a time (most files give dates): a millisecond."""
    return re.compile(
        rf"^(?:(?P<few>a\s+few|few|several)\s+(?P<few_unit>{_UNIT})"
        rf"|within\s+(?P<within_unit>hours|days|weeks|months)"
        rf"|(?:between\s+)?(?P<low>{_NUMBER})\s*(?P<low_unit>{_UNIT})?\s*(?:-|\u2013|to|and)\s*(?P<high>{_NUMBER})\s*(?P<high_unit>{_UNIT})"
        rf"|(?P<qualifier>more\s+than|over|>=|>|at\s+least|less\s+than|under|<=|<|within|up\s+to|about|approximately|~)?\s*"
        rf"(?P<n>{_NUMBER})\s*(?P<unit>{_UNIT}))\b",
        re.IGNORECASE,
    )  # fmt: skip


class After(StrEnum):
    """What a time to onset counts from."""

    DOSE = "dose"  # "after dose": which dose is not said
    FIRST_DOSE = "first_dose"  # "after the first dose", "after starting"
    NUMBERED_DOSE = "numbered_dose"  # "after the second dose"
    LAST_DOSE = "last_dose"  # "after the last dose", "after stopping"
    BIRTH = "birth"  # a child exposed through the mother: "3 days after birth"


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True)
class RelativeOnset(FrozenRecord):
    """A time to onset as reported: from ``lower`` to ``upper`` (None: no upper bound) in ``unit``, after
    a dose. ``lower_open``/``upper_open``: the bound itself is excluded ("more than 5", "less than 2")."""

    lower: float
    upper: float | None
    unit: str  # h, d, w, m or y
    after: After = After.DOSE
    dose_number: int | None = None  # for a numbered dose
    lower_open: bool = False
    upper_open: bool = False
    few: bool = False  # "a few hours": read as 2 to 9 hours

    def __init__(
        self,
        lower: float,
        upper: float | None,
        unit: str,
        after: After = After.DOSE,
        dose_number: int | None = None,
        lower_open: bool = False,
        upper_open: bool = False,
        few: bool = False,
    ) -> None:
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "after", after)
        object.__setattr__(self, "dose_number", dose_number)
        object.__setattr__(self, "lower_open", lower_open)
        object.__setattr__(self, "upper_open", upper_open)
        object.__setattr__(self, "few", few)

    @property
    def lower_hours(self) -> float:
        return self.lower * _HOURS[self.unit]

    @property
    def upper_hours(self) -> float | None:
        return None if self.upper is None else self.upper * _HOURS[self.unit]

    @property
    def exact(self) -> bool:
        return self.upper == self.lower and not self.few

    def days(self) -> Interval:
        """The interval in days."""
        upper = self.upper_hours
        return Interval(
            self.lower_hours / 24, None if upper is None else upper / 24, self.lower_open, self.upper_open
        )

    def amount(self) -> str:
        """The time alone, as written: "5 to 90 days", "more than 5 months", "a few hours"."""
        if self.few:
            return f"a few {_UNIT_WORDS[self.unit]}s"
        if self.upper is None:
            return f"{'more than' if self.lower_open else 'at least'} {_count(self.lower, self.unit)}"
        if self.lower == 0:
            return f"{'less than' if self.upper_open else 'within'} {_count(self.upper, self.unit)}"
        if self.exact:
            return _count(self.lower, self.unit)
        return f"{self.lower:g} to {_count(self.upper, self.unit)}"

    def anchor(self) -> str:
        if self.after is After.FIRST_DOSE:
            return "the first dose"
        if self.after is After.LAST_DOSE:
            return "the last dose"
        if self.after is After.BIRTH:
            return "birth"
        if self.after is After.NUMBERED_DOSE and self.dose_number is not None:
            return (
                f"dose {self.dose_number}"
                if self.dose_number > 10
                else f"the {_ordinal(self.dose_number)} dose"
            )
        return "dose"

    def text(self) -> str:
        """As a case file writes it, and reads it back the same: "1 day after the second dose"."""
        return f"{self.amount()} after {self.anchor()}"

    def describe(self) -> str:
        """As a report says it: "1 day after the second dose", with the reading of "a few"."""
        anchor = "a dose" if self.after is After.DOSE else self.anchor()
        said = f"{self.amount()} after {anchor}"
        if self.few:
            said += f" (read as {FEW[0]:g} to {_count(FEW[1], self.unit)}, a tool convention)"
        return said


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True)
class Interval(FrozenRecord):
    """Days, from ``lower`` to ``upper`` (None: unbounded)."""

    lower: float
    upper: float | None
    lower_open: bool = False
    upper_open: bool = False

    def __init__(
        self, lower: float, upper: float | None, lower_open: bool = False, upper_open: bool = False
    ) -> None:
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "lower_open", lower_open)
        object.__setattr__(self, "upper_open", upper_open)

    def contains(self, x: float) -> bool:
        above = x > self.lower if self.lower_open else x >= self.lower
        if self.upper is None:
            return above
        return above and (x < self.upper if self.upper_open else x <= self.upper)

    def shifted(self, days: float) -> Interval:
        upper = None if self.upper is None else self.upper + days
        return Interval(self.lower + days, upper, self.lower_open, self.upper_open)

    def samples(self, limits: tuple[float, ...]) -> list[float]:
        """Points of the interval on every side of each limit that falls in it (and the limits themselves):
        enough to find every answer a rule with these limits gives somewhere in the interval."""
        eps = 1e-6
        points = {self.lower + (eps if self.lower_open else 0)}
        points.add(
            self.upper - (eps if self.upper_open else 0) if self.upper is not None else self.lower + 1e6
        )
        for t in limits:
            points.update((t - eps, t, t + eps))
        return sorted(x for x in points if self.contains(x))


def _ordinal(n: int) -> str:
    return next(word for word, number in _ORDINALS.items() if number == n)


def _count(n: float, unit: str) -> str:
    return f"{n:g} {_UNIT_WORDS[unit]}{'' if n == 1 else 's'}"


def _unit(word: str) -> str:
    return word[0].lower()


def _after(rest: str) -> tuple[After, int | None] | None:
    """What the time counts from, from the words after it; None if they are not a time's words."""
    rest = rest.strip().lower()
    if not rest:
        return After.DOSE, None
    if not rest.startswith("after") and not rest.startswith("from"):
        return None
    rest = re.sub(r"^(after|from)\s*", "", rest)
    rest = re.sub(r"^the\s+", "", rest)
    if re.match(r"^(first\s+dose|dose\s+1\b|1st\s+dose|start|starting|the\s+start|initiation)", rest):
        return After.FIRST_DOSE, None
    if re.match(r"^(last\s+dose|final\s+dose|stopping|stop|cessation|discontinuation)", rest):
        return After.LAST_DOSE, None
    if re.match(r"^(birth|delivery)\b", rest):
        return After.BIRTH, None
    word = re.match(r"^(\w+)\s+(?:dose|infusion|injection|administration|course)\b", rest)
    number = None
    if word and word[1] in _ORDINALS:
        number = _ORDINALS[word[1]]
    elif numbered := re.match(
        r"^(?:dose\s+(\d+)\b|(\d+)(?:st|nd|rd|th)\s+(?:dose|infusion|injection)\b)", rest
    ):
        number = int(numbered[1] or numbered[2])
    if number is not None and number > 0:
        return (After.FIRST_DOSE, None) if number == 1 else (After.NUMBERED_DOSE, number)
    return After.DOSE, None  # "after dose", "after infusion", ...: a dose, which one not said


def parse_onset(text: str) -> dt.date | RelativeOnset | None:
    """A date, or a time after a dose; None if it is neither."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _amount().match(text)
    if not match:
        return None
    after = _after(text[match.end() :])
    if after is None:
        return None
    anchor, number = after
    if match["few"]:
        unit = _unit(match["few_unit"])
        return RelativeOnset(FEW[0], FEW[1], unit, anchor, number, few=True)
    if match["within_unit"]:  # "within hours": less than a day, and so on up
        unit = _unit(match["within_unit"])
        bigger = {"h": ("d", 1.0), "d": ("w", 1.0), "w": ("m", 1.0), "m": ("y", 1.0)}[unit]
        return RelativeOnset(0, bigger[1], bigger[0], anchor, number, upper_open=True)
    if match["high"] is not None:
        unit = _unit(match["high_unit"])
        if match["low_unit"] and _unit(match["low_unit"]) != unit:
            return None  # "2 days to 3 weeks": say it in one unit
        low, high = float(match["low"]), float(match["high"])
        if high < low:
            return None
        return RelativeOnset(low, high, unit, anchor, number)
    n, unit = float(match["n"]), _unit(match["unit"])
    q = " ".join((match["qualifier"] or "").lower().split())
    if q in ("more than", "over", ">"):
        return RelativeOnset(n, None, unit, anchor, number, lower_open=True)
    if q in ("at least", ">="):
        return RelativeOnset(n, None, unit, anchor, number)
    if q in ("less than", "under", "<"):
        return RelativeOnset(0, n, unit, anchor, number, upper_open=True)
    if q in ("within", "up to", "<="):
        return RelativeOnset(0, n, unit, anchor, number)
    return RelativeOnset(n, n, unit, anchor, number)  # "about 3 days" is 3 days


HELP = (
    "a date (YYYY-MM-DD) or a time after a dose, e.g. '12 hours after dose', '1 day after the second dose', "
    "'5 to 90 days after the first dose', 'more than 5 months after starting', 'a few hours after the last dose'"
)


def parse_relative(text: str) -> float | None:
    """Hours after the dose for "12 hours after dose", "1 day after the second dose", "3d" (the lower bound
    of a range); else None."""
    parsed = parse_onset(text)
    return parsed.lower_hours if isinstance(parsed, RelativeOnset) else None


def parse(text: str) -> dt.date | float | None:
    """A date, or hours after the dose (the lower bound of a range); None if it is neither."""
    parsed = parse_onset(text)
    return parsed.lower_hours if isinstance(parsed, RelativeOnset) else parsed


def describe_hours(hours: float) -> str:
    for unit, size in (("year", _HOURS["y"]), ("month", _HOURS["m"])):
        count = hours / size
        if count >= 1 and abs(count - round(count)) < 1e-9:  # given in that unit: say it that way
            return f"{round(count)} {unit}{'s' if round(count) != 1 else ''}"
    if hours % 24 == 0 and hours >= 24:
        days = int(hours // 24)
        return f"{days} day{'s' if days != 1 else ''}"
    value = f"{hours:g}"
    return f"{value} hour{'s' if hours != 1 else ''}"


def said(rel: RelativeOnset) -> str:
    """A reported time to onset in words: "12 hours after a dose", "1 day after the second dose"."""
    if rel.exact and rel.after is After.DOSE:
        return f"{describe_hours(rel.lower_hours)} after a dose"
    return rel.describe()
