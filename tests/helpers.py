"""Build cases from YAML text, the way a clinician writes them."""

from __future__ import annotations

import textwrap
from typing import Any

from causality import yamlio
from causality.assessment import PairResult, assess_case
from causality.casefile import read_case
from causality.model import Case


def case_from(text: str, source: str = "case.yaml") -> Case:
    case, problems = read_case(source, yamlio.load(textwrap.dedent(text)))
    assert not problems, [str(p) for p in problems]
    assert case is not None
    return case


def pair(facts: dict[str, Any] | None = None, **extra: Any) -> PairResult:
    """Assess one shorthand pair with the given facts and directly given answers."""
    data: dict[str, Any] = {"case_id": "T", "drug": "d", "reaction": "r", **extra}
    if facts is not None:
        data["facts"] = facts
    case, problems = read_case("t.yaml", data)
    assert not problems, [str(p) for p in problems]
    assert case is not None
    (result,) = assess_case(case)
    return result


def answers(result: PairResult) -> dict[str, str]:
    return {k: t.value.value for k, t in result.naranjo_trace.items()}
