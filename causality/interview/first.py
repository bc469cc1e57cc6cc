"""The first question of a new assessment, declared apart from the plan: `causality assess` shows it before
the rest of the interview (the plan, the drafts, the saving) is loaded, none of which it needs."""

from __future__ import annotations

import datetime as dt

from causality.interview.partial import At
from causality.interview.questions import Kind, Question


def case_id_question() -> Question:
    today = dt.date.today().strftime("%Y%m%d")  # noqa: DTZ011 - a local date for a suggested identifier
    return Question(
        "case_id",
        Kind.TEXT,
        "Case identifier",
        "Case",
        "case identifier",
        default=f"CASE-{today}-1",
        instruction="(no patient names: use your local case number)",
        fills=At(("case",), ("case_id",)),
    )
