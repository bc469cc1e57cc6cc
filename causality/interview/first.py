"""The first question of a new assessment, declared apart from the plan: `causality assess` shows it before
the rest of the interview (the plan, the drafts, the saving) is loaded, none of which it needs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from causality.interview.questions import Kind, Question

if TYPE_CHECKING:
    from causality.interview.partial import Target


def case_id_question(fills: Target | None = None) -> Question:
    """As asked; the plan gives the field it fills (``plan.first_question``), which asking does not need."""
    today = dt.date.today().strftime("%Y%m%d")  # noqa: DTZ011 - a local date for a suggested identifier
    return Question(
        "case_id",
        Kind.TEXT,
        "Case identifier",
        "Case",
        "case identifier",
        default=f"CASE-{today}-1",
        instruction="(no patient names: use your local case number)",
        fills=fills,
    )
