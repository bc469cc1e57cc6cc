"""Assessment results as plain data (JSON objects) and CSV rows; `causality.batch` assembles them.

The JSON keys named in issue #2 (case_id, drug, reaction, naranjo.score, naranjo.category,
naranjo.items[].id/answer/points, naranjo.range, who_umc.category, warnings) are a contract; the further
instruments (issue #5) were added under new keys ("instruments", "not_applied") and after the CSV's first columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from causality.assessment import PairResult
from causality.further import FurtherResult
from causality.instruments import naranjo as N
from causality.trace import Trace


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
        "instruments": {f.instrument: further_data(f) for f in r.further},
        # Why each further instrument was left out; the applied ones say why they apply under "instruments".
        "not_applied": {x.instrument: x.why for x in r.routes if not x.applies},
    }


def further_data(f: FurtherResult) -> dict[str, Any]:
    return {
        "title": f.title,
        "why": f.why,
        "result": f.result,
        "score": f.score,
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
            for x in f.lines
        ],
        "notes": list(f.notes),
        "unrecorded": f.unrecorded,
        "unrecorded_means": f.unrecorded_means,
        **f.detail,
    }


CSV_COLUMNS = (
    "case_id", "file", "drug", "reaction", "time_to_onset_days",
    "naranjo_score", "naranjo_category", "naranjo_lower", "naranjo_upper", "naranjo_category_could_change",
    *(item.id for item in N.ITEMS),
    "who_umc_category", "who_umc_override", "who_umc_override_reason", "who_umc_final", "warnings",
    # Added with the further instruments; after the first columns so their positions do not move.
    "lcat", "rucam_score", "rucam_category", "alden_score", "alden_category", "george", "hartwig_level",
    "hartwig_band", "serious", "preventability",
)  # fmt: skip


def _further_columns(r: PairResult) -> list[object]:
    def get(name: str, what: str) -> object:
        f = r.instrument(name)
        if f is None:
            return ""
        value = f.score if what == "score" else f.detail.get(what) if what != "result" else f.result
        return "" if value is None else value

    hartwig = r.instrument("hartwig")
    return [
        get("lcat", "result"), get("rucam", "score"), get("rucam", "result"), get("alden", "score"),
        get("alden", "result"), get("george", "result"), get("hartwig", "level"), get("hartwig", "band"),
        "" if hartwig is None else ("yes" if hartwig.detail["serious"] else "no"),
        get("schumock_thornton", "result"),
    ]  # fmt: skip


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
                *_further_columns(r),
            ]
        )
        for r in results
    ]
