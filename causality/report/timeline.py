"""The case's course as a clinician sketches it: each drug's exposure, the reactions' onsets, withdrawal and
re-exposure, and the outcome, drawn from dates where the case has them, else from the time after the dose.

Plain data only (positions and labels): the templates draw the SVG, so every label is escaped like any
other text, and the Markdown and text reports print the same events as lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from causality.derive import withdrawal_recorded
from causality.model import Case, DechallengeOutcome, Drug, RechallengeOutcome
from causality.onset import said
from causality.record import FACTORY, Record

WIDTH = 700  # SVG user units; the drawing scales to the page's width
LEFT = 170  # where the time axis starts: the row labels stand to its left
RIGHT = 600  # where the axis ends: the outcome stands to its right
ROW = 19  # height of one row
TOP = 8  # above the first row
AXIS = 26  # the axis and its labels, below the rows


@dataclass(init=False, eq=False, repr=False)
class Bar(Record):
    """One drug's exposure: from its first dose to its last (or to the drawing's end while ongoing)."""

    x: float
    width: float
    y: float
    label: str  # e.g. "2024-04-02 to 2024-04-08"
    from_before: bool = False  # started before the drawing begins (its first dose is in the label)
    ongoing: bool = False  # no last dose recorded

    def __init__(
        self, x: float, width: float, y: float, label: str, from_before: bool = False, ongoing: bool = False
    ) -> None:
        self.x = x
        self.width = width
        self.y = y
        self.label = label
        self.from_before = from_before
        self.ongoing = ongoing


@dataclass(init=False, eq=False, repr=False)
class Mark(Record):
    """One dated event on a row: a dose, an onset, a withdrawal."""

    x: float
    y: float
    kind: str  # dose, onset, withdrawn
    label: str

    def __init__(self, x: float, y: float, kind: str, label: str) -> None:
        self.x = x
        self.y = y
        self.kind = kind
        self.label = label


@dataclass(init=False, eq=False, repr=False)
class Tick(Record):
    """One date on the axis."""

    x: float
    label: str

    def __init__(self, x: float, label: str) -> None:
        self.x = x
        self.label = label


@dataclass(init=False, eq=False, repr=False)
class Timeline(Record):
    """The drawing of a case's exposures and reactions in time, and the same in words."""

    height: int
    rows: list[tuple[float, str]]  # the middle of each row and its label
    bars: list[Bar]
    marks: list[Mark]
    ticks: list[Tick]
    outcomes: list[tuple[float, str]]  # right of a reaction's row
    axis_y: float
    axis_label: str
    lines: list[str] = field(default_factory=list)  # the same in words, for Markdown and text
    course: list[str] = field(default_factory=list)  # withdrawal and re-exposure, which carry no date

    def __init__(
        self,
        height: int,
        rows: list[tuple[float, str]],
        bars: list[Bar],
        marks: list[Mark],
        ticks: list[Tick],
        outcomes: list[tuple[float, str]],
        axis_y: float,
        axis_label: str,
        lines: list[str] = FACTORY,
        course: list[str] = FACTORY,
    ) -> None:
        self.height = height
        self.rows = rows
        self.bars = bars
        self.marks = marks
        self.ticks = ticks
        self.outcomes = outcomes
        self.axis_y = axis_y
        self.axis_label = axis_label
        self.lines = [] if lines is FACTORY else lines
        self.course = [] if course is FACTORY else course


def _course(case: Case) -> list[str]:
    """Withdrawal and re-exposure of each pair as recorded (they carry no date of their own)."""
    out = []
    for pair in case.assessments:
        d, r = pair.facts.dechallenge, pair.facts.rechallenge
        said = []
        if d is not None and d.outcome is not DechallengeOutcome.UNKNOWN:
            said.append(withdrawal_recorded(d))
        if r is not None and r.outcome is not RechallengeOutcome.NOT_DONE:
            said.append(
                f"re-exposure recorded as '{r.outcome.replace('_', ' ')}'" + (f": {r.note}" if r.note else "")
            )
        if said:
            out.append(f"{pair.drug} \u00d7 {pair.reaction}: {'; '.join(said)}")
    return out


def build(case: Case) -> Timeline | None:
    """The timeline, or None when the case has neither dates nor a time after the dose."""
    drugs = [d for d in case.suspect_drugs if d.start or d.stop]
    onsets = [x for x in case.reactions if x.onset is not None]
    if drugs or onsets:
        return _by_date(case)
    if any(x.onset_after_dose_hours is not None for x in case.reactions):
        return _after_dose(case)
    return None


def _layout(count: int) -> tuple[int, float]:
    height = TOP + count * ROW + AXIS
    return height, TOP + count * ROW + 4


def _by_date(case: Case) -> Timeline:
    suspects = {d.name.casefold() for d in case.suspect_drugs}
    shown: list[Drug] = list(case.suspect_drugs) + [d for d in case.concomitant_drugs if d.start or d.stop]
    known = [x for d in case.suspect_drugs for x in (d.start, d.stop) if x] + [
        x.onset for x in case.reactions if x.onset
    ]
    first, last = min(known), max(known)
    span = max((last - first).days, 1)
    first -= dt.timedelta(days=max(1, span // 12))  # room before the first dose and after the last event
    last += dt.timedelta(days=max(1, span // 12))
    days = (last - first).days

    def x(day: dt.date) -> float:
        return LEFT + (RIGHT - LEFT) * min(max((day - first).days, 0), days) / days

    rows: list[tuple[float, str]] = []
    bars: list[Bar] = []
    marks: list[Mark] = []
    lines: list[str] = []
    y = TOP + ROW / 2
    for d in shown:
        kind = "" if d.name.casefold() in suspects else " (concomitant)"
        rows.append((y, d.name + kind))
        if d.start or d.stop:
            start, stop = d.start, d.stop
            label = f"{start} to {stop}" if start and stop else f"from {start}" if start else f"until {stop}"
            left = x(start) if start else LEFT
            right = x(stop) if stop else RIGHT
            bars.append(
                Bar(
                    left,
                    max(right - left, 2.0),
                    y,
                    label,
                    bool(start and start < first) or not start,
                    not stop,
                )
            )
            lines.append(f"{d.name}{kind}: {label}" + ("" if stop else " (no last dose recorded)"))
        else:
            lines.append(f"{d.name}{kind}: no dates recorded")
        y += ROW
    outcomes: list[tuple[float, str]] = []
    for r in case.reactions:
        rows.append((y, r.term))
        if r.onset:
            since = [
                f"{_days((r.onset - d.start).days)} after the first dose of {d.name}"
                for d in case.suspect_drugs
                if d.start and d.start <= r.onset
            ]
            label = f"onset {r.onset}" + (f" ({', '.join(since)})" if since else "")
            # On the drawing, where a label has only the width of the axis: "lamotrigine +15 d".
            short = [
                f"{d.name} +{(r.onset - d.start).days} d"
                for d in case.suspect_drugs
                if d.start and d.start <= r.onset
            ]
            marks.append(
                Mark(x(r.onset), y, "onset", f"onset {r.onset}" + (f" ({', '.join(short)})" if short else ""))
            )
            lines.append(f"{r.term}: {label}")
        elif r.onset_after_dose_hours is not None:
            lines.append(f"{r.term}: onset {said(r.onset_relative) if r.onset_relative else ''}")
        if r.outcome:
            outcomes.append((y, r.outcome.value.replace("_", " ")))
            lines.append(f"{r.term}: outcome {r.outcome.value.replace('_', ' ')}")
        y += ROW
    height, axis_y = _layout(len(rows))
    ticks = [Tick(x(day), str(day)) for day in _dates(first, last)]
    course = _course(case)
    return Timeline(height, rows, bars, marks, ticks, outcomes, axis_y, "", lines + course, course)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _dates(first: dt.date, last: dt.date) -> list[dt.date]:
    """Up to five evenly spaced dates for the axis, the first and last included."""
    days = (last - first).days
    step = max(1, days // 4)
    out = [first + dt.timedelta(days=n) for n in range(0, days + 1, step)][:5]
    return out if out[-1] == last or len(out) < 5 else [*out[:-1], last]


def _after_dose(case: Case) -> Timeline:
    hours = [x.onset_after_dose_hours for x in case.reactions if x.onset_after_dose_hours is not None]
    longest = max(hours) * 1.25 or 1.0
    in_days = longest >= 48
    size = 24.0 if in_days else 1.0

    def x(h: float) -> float:
        return LEFT + (RIGHT - LEFT) * h / longest

    rows: list[tuple[float, str]] = []
    marks: list[Mark] = []
    lines: list[str] = []
    y = TOP + ROW / 2
    for d in case.suspect_drugs:
        rows.append((y, d.name))
        marks.append(Mark(x(0), y, "dose", "dose"))
        y += ROW
    outcomes: list[tuple[float, str]] = []
    for r in case.reactions:
        rows.append((y, r.term))
        if r.onset_after_dose_hours is not None:
            label = f"onset {said(r.onset_relative) if r.onset_relative else ''}"
            marks.append(Mark(x(r.onset_after_dose_hours), y, "onset", label))
            lines.append(f"{r.term}: {label}")
        if r.outcome:
            outcomes.append((y, r.outcome.value.replace("_", " ")))
            lines.append(f"{r.term}: outcome {r.outcome.value.replace('_', ' ')}")
        y += ROW
    height, axis_y = _layout(len(rows))
    unit = "days" if in_days else "hours"
    count = longest / size
    step = max(1, round(count / 4))
    ticks = [Tick(x(n * size), f"{n}") for n in range(0, int(count) + 1, step)]
    course = _course(case)
    return Timeline(
        height, rows, [], marks, ticks, outcomes, axis_y, f"{unit} after the dose", lines + course, course
    )
