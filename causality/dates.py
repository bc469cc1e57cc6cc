"""Dates that cannot be true, found before anything is scored: a year typed wrong must never produce a
score. Each is a problem naming its field, like any other problem in a case file."""

from __future__ import annotations

import datetime as dt

from causality.model import Case, Sequence
from causality.validate import Reader, join

EARLIEST = dt.date(1900, 1, 1)  # no date of a case a clinician assesses is older
LONGEST_HOURS = 100 * 365.25 * 24  # a relative onset beyond 100 years is a typing error


def assessment_date(case: Case, today: dt.date) -> dt.date:
    """The day the case was assessed: the assessor's date where the case records one, else the day of its
    recorded assessment time, else today."""
    if case.assessor is not None and case.assessor.date is not None:
        return case.assessor.date
    return case.assessed_at.date() if case.assessed_at is not None else today


def check(r: Reader, case: Case, today: dt.date) -> None:
    assessed = assessment_date(case, today)

    def early(path: str, value: dt.date | None) -> None:
        if value is not None and value < EARLIEST:
            r.problem(path, f"{value} is before 1900: check the year", f"a date from {EARLIEST} on")

    for key, drugs in (("suspect_drugs", case.suspect_drugs), ("concomitant_drugs", case.concomitant_drugs)):
        for i, d in enumerate(drugs):
            early(join(join(key, i), "start"), d.start)
            early(join(join(key, i), "stop"), d.stop)
    for j, x in enumerate(case.reactions):
        path = join(join("reactions", j), "onset")
        early(path, x.onset)
        if x.onset is not None and x.onset > assessed:
            said = (
                "the assessor's date"
                if case.assessor is not None and case.assessor.date is not None
                else "the recorded assessment time"
                if case.assessed_at is not None
                else "today"
            )
            r.problem(
                path, f"onset {x.onset} is after the assessment date ({said}, {assessed}): check the year"
            )
        rel = x.onset_relative
        hours = None if rel is None else max(rel.lower_hours, rel.upper_hours or 0)
        if hours is not None and hours > LONGEST_HOURS:
            r.problem(path, f"an onset {hours / 24 / 365.25:,.0f} years after the dose cannot be true",
                      "up to 100 years after the dose")  # fmt: skip
    for k, pair in enumerate(case.assessments):
        facts_path = join(join("assessments", k), "facts")
        for c, cause in enumerate(pair.facts.alternative_causes):
            early(join(join(join(facts_path, "alternative_causes"), c), "date"), cause.date)
        drug, reaction = case.drug(pair.drug), case.reaction(pair.reaction)
        timing = pair.facts.timing
        if (
            timing is not None
            and timing.sequence is Sequence.AFTER_DRUG
            and drug is not None
            and reaction is not None
            and drug.start is not None
            and reaction.onset is not None
            and reaction.onset < drug.start
        ):
            r.problem(join(join(facts_path, "timing"), "sequence"),
                      f"'after_drug', but the onset {reaction.onset} is before the first dose {drug.start}",
                      "before_drug, or correct the dates")  # fmt: skip
    for key, person in (("reporter", case.reporter), ("assessor", case.assessor)):
        if person is not None:
            early(join(key, "date"), person.date)
