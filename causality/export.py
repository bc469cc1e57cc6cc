"""Assessment results as plain data (JSON) and rows (CSV).

The JSON keys named in issue #2 (case_id, drug, reaction, naranjo.score, naranjo.category,
naranjo.items[].id/answer/points, naranjo.range, who_umc.category, warnings) are a contract.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from causality.assessment import PairResult, Trace
from causality.instruments import naranjo as N


def _trace(t: Trace[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"source": t.source.value, "reason": t.reason}
    if t.fact:
        out["fact"] = t.fact
    if t.derived is not None:
        out["derived"] = t.derived.value
    return out


def _enum(value: StrEnum | None) -> str | None:
    return None if value is None else value.value


def result_data(r: PairResult) -> dict[str, Any]:
    rng = r.naranjo.range
    w = r.who_umc
    return {
        "case_id": r.case_id,
        "file": r.source,
        "drug": r.drug,
        "reaction": r.reaction,
        "time_to_onset_days": r.time_to_onset_days,
        "naranjo": {
            "score": r.naranjo.total,
            "category": r.naranjo.category.value,
            "items": [
                {
                    "id": s.item.id,
                    "domain": s.item.domain,
                    "answer": s.answer.value,
                    "points": s.points,
                    **_trace(r.naranjo_trace[s.item.id]),
                }
                for s in r.naranjo.items
            ],
            "range": {
                "lower": rng.lower,
                "upper": rng.upper,
                "lower_category": rng.lower_category.value,
                "upper_category": rng.upper_category.value,
                "categories": [c.value for c in rng.categories],
                "category_could_change": rng.category_could_change,
                "pivotal_items": list(rng.pivotal_items),
            },
        },
        "who_umc": {
            "category": _enum(w.category),
            "label": w.category.label if w.category else None,
            "step": w.step,
            "rule": w.rule,
            "nearest": [c.value for c in w.nearest],
            "criteria": [
                {
                    "id": c.criterion.id,
                    "category": c.criterion.category.value,
                    "text": c.criterion.text,
                    "met": c.met,
                }
                for c in w.checks
            ],
            "inputs": {name: {"value": t.value.value, **_trace(t)} for name, t in r.who_umc_inputs.items()},
            "override": r.override and {"category": r.override.category.value, "reason": r.override.reason},
            "final_category": _enum(r.who_umc_final),
        },
        "warnings": list(r.warnings),
    }


def to_json(results: Iterable[PairResult]) -> str:
    return json.dumps([result_data(r) for r in results], indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "case_id", "file", "drug", "reaction", "time_to_onset_days",
    "naranjo_score", "naranjo_category", "naranjo_lower", "naranjo_upper", "naranjo_category_could_change",
    *(item.id for item in N.ITEMS),
    "who_umc_category", "who_umc_override", "who_umc_override_reason", "who_umc_final", "warnings",
)  # fmt: skip


def to_csv(results: Iterable[PairResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(
            [
                r.case_id,
                r.source,
                r.drug,
                r.reaction,
                "" if r.time_to_onset_days is None else r.time_to_onset_days,
                r.naranjo.total,
                r.naranjo.category.value,
                r.naranjo.range.lower,
                r.naranjo.range.upper,
                "yes" if r.naranjo.range.category_could_change else "no",
                *(s.answer.value for s in r.naranjo.items),
                _enum(r.who_umc.category) or "",
                r.override.category.value if r.override else "",
                r.override.reason if r.override else "",
                _enum(r.who_umc_final) or "",
                " | ".join(r.warnings),
            ]
        )
    return buffer.getvalue()
