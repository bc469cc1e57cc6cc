"""Assessment results as plain data (JSON objects) and CSV rows; `causality.batch` assembles them.

The JSON keys named in issue #2 (case_id, drug, reaction, naranjo.score, naranjo.category,
naranjo.items[].id/answer/points, naranjo.range, who_umc.category, warnings) are a contract.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from causality.assessment import PairResult, Trace
from causality.instruments import naranjo as N


def _trace(t: Trace[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"source": t.source, "reason": t.reason}
    if t.fact:
        out["fact"] = t.fact
    if t.derived is not None:
        out["derived"] = t.derived
    return out


def _enum(value: StrEnum | None) -> str | None:
    return value  # a StrEnum member is its text; .value is a slow descriptor in Python 3.11


def result_data(r: PairResult) -> dict[str, Any]:
    rng = r.naranjo.range
    w = r.who_umc
    return {
        "case_id": r.case_id,
        "file": r.source,
        "drug": r.drug,
        "reaction": r.reaction,
        "time_to_onset_days": r.time_to_onset_days,
        "time_to_onset": r.time_to_onset,
        "naranjo": {
            "score": r.naranjo.total,
            "category": r.naranjo.category,
            "items": [
                {
                    "id": s.item.id,
                    "domain": s.item.domain,
                    "answer": s.answer,
                    "points": s.points,
                    **_trace(r.naranjo_trace[s.item.id]),
                }
                for s in r.naranjo.items
            ],
            "range": {
                "lower": rng.lower,
                "upper": rng.upper,
                "lower_category": rng.lower_category,
                "upper_category": rng.upper_category,
                "categories": list(rng.categories),
                "category_could_change": rng.category_could_change,
                "pivotal_items": list(rng.pivotal_items),
            },
        },
        "who_umc": {
            "category": _enum(w.category),
            "label": w.category.label if w.category else None,
            "step": w.step,
            "rule": w.rule,
            "nearest": list(w.nearest),
            "criteria": {c.criterion.id: c.met for c in w.checks},  # texts: `causality scales who-umc`
            "inputs": {name: {"value": t.value, **_trace(t)} for name, t in r.who_umc_inputs.items()},
            "override": r.override and {"category": r.override.category, "reason": r.override.reason},
            "final_category": _enum(r.who_umc_final),
        },
        "warnings": list(r.warnings),
    }


CSV_COLUMNS = (
    "case_id", "file", "drug", "reaction", "time_to_onset_days",
    "naranjo_score", "naranjo_category", "naranjo_lower", "naranjo_upper", "naranjo_category_could_change",
    *(item.id for item in N.ITEMS),
    "who_umc_category", "who_umc_override", "who_umc_override_reason", "who_umc_final", "warnings",
)  # fmt: skip


def _csv_line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def csv_rows(results: Iterable[PairResult]) -> list[str]:
    return [
        _csv_line(
            [
                r.case_id,
                r.source,
                r.drug,
                r.reaction,
                "" if r.time_to_onset_days is None else r.time_to_onset_days,
                r.naranjo.total,
                r.naranjo.category,
                r.naranjo.range.lower,
                r.naranjo.range.upper,
                "yes" if r.naranjo.range.category_could_change else "no",
                *(s.answer for s in r.naranjo.items),
                _enum(r.who_umc.category) or "",
                r.override.category if r.override else "",
                r.override.reason if r.override else "",
                _enum(r.who_umc_final) or "",
                " | ".join(r.warnings),
            ]
        )
        for r in results
    ]
