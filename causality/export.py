"""Assessment results as plain data (JSON objects) and CSV rows; `causality.batch` assembles them.

Other tools rely on these keys: case_id, drug, reaction, naranjo.score, naranjo.category,
naranjo.items[].id/answer/points, naranjo.range, who_umc.category, warnings. Every instrument adds its own:
Naranjo and WHO-UMC at the top level, the per-pair instruments under "instruments" (and "not_applied"), and
their CSV columns after the first ones, so that no column moves when an instrument is added.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from causality import csvcells
from causality.assessment import PairResult
from causality.instruments import registry

_HEAD = ("case_id", "file", "drug", "reaction", "time_to_onset_days")
# Who made each assessment, and as what (a pair may be assessed several times): before the further
# instruments' columns, so that an instrument added later (installed) still moves no column.
_WHO = ("assessor", "role")


def result_data(r: PairResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": r.case_id,
        "file": r.source,
        "drug": r.drug,
        "reaction": r.reaction,
        "time_to_onset_days": r.time_to_onset_days,
        "time_to_onset": r.time_to_onset,
        "assessor": r.assessor,
        "role": r.role,
    }
    if r.time_to_onset_range_days is not None:  # a time reported as an interval: days from and to
        data["time_to_onset_range_days"] = list(r.time_to_onset_range_days)
    data.update((key, r.results[key].json_data()) for key in registry.MAIN)
    data["warnings"] = list(r.warnings)
    data["instruments"] = {f.instrument: f.json_data() for f in r.further}
    # Why each per-pair instrument was left out; the applied ones say why they apply under "instruments".
    data["not_applied"] = {x.instrument: x.why for x in r.routes if not x.applies}
    if r.signatures:  # a signed case: each signature, and whether the case is still as signed
        data["signatures"] = [
            {"name": s.name, "meaning": s.meaning.value, "at": s.at.isoformat(), "valid": s.valid}
            for s in r.signatures
        ]
    return data


def csv_columns() -> tuple[str, ...]:
    main = [registry.get(key) for key in registry.MAIN]
    return (
        *_HEAD,
        *(c for i in main for c in i.csv_columns),
        "warnings",
        *_WHO,
        *(c for i in registry.further() for c in i.csv_columns),
    )


def _csv_line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csvcells.Writer(buffer).writerow(values)
    return buffer.getvalue()


def csv_header() -> str:
    return _csv_line(csv_columns())


def csv_rows(results: Iterable[PairResult]) -> list[str]:
    main = [registry.get(key) for key in registry.MAIN]
    further = registry.further()
    return [
        _csv_line(
            [
                r.case_id,
                r.source,
                r.drug,
                r.reaction,
                "" if r.time_to_onset_days is None else f"{r.time_to_onset_days:g}",  # 1, not 1.0
                *(v for i in main for v in i.csv_values(r.results.get(i.id))),
                " | ".join(r.warnings),
                r.assessor or "",
                r.role,
                *(v for i in further for v in i.csv_values(r.results.get(i.id))),
            ]
        )
        for r in results
    ]
