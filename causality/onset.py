"""Onset as a date or as "N hours/days/weeks/months/years after dose", the way reports often give it."""

from __future__ import annotations

import datetime as dt
import re

_RELATIVE = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>h|hr|hrs|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\b"
    r"(?:\s+after(?:\s+.*)?)?\s*$",
    re.IGNORECASE,
)
# A month and a year as their average lengths: "2 months after" is about 61 days, as a clinician reads it.
_DAYS_IN_YEAR = 365.25
_HOURS = {"h": 1, "d": 24, "w": 24 * 7, "m": 24 * _DAYS_IN_YEAR / 12, "y": 24 * _DAYS_IN_YEAR}

HELP = (
    "a date (YYYY-MM-DD) or a time after the dose, e.g. '1 day after dose', '12 hours after dose', "
    "'3 months after dose'"
)


def parse_relative(text: str) -> float | None:
    """Hours after the dose for "12 hours after dose", "1 day after the second dose", "3d"; else None."""
    match = _RELATIVE.match(text)
    if not match:
        return None
    return float(match["n"]) * _HOURS[match["unit"][0].lower()]


def parse(text: str) -> dt.date | float | None:
    """A date, or hours after the dose; None if it is neither."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return parse_relative(text)


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
