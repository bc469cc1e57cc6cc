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


def agreement_in_one_file() -> dict[str, Any]:
    """examples/agreement/ (Ann's and Bo's files of the seed case, Cy's adjudication) as one case file holding
    every assessment, each naming its assessor and time."""
    import yaml

    from tests.conftest import EXAMPLES

    docs = [yaml.safe_load((EXAMPLES / "agreement" / f"alemtuzumab-{w}.yaml").read_text(encoding="utf-8"))
            for w in ("ann", "bo", "adjudication")]  # fmt: skip
    one = {k: v for k, v in docs[0].items() if k not in ("assessor", "assessed_at")}
    one["assessments"] = [
        {**pair, "assessor": doc.get("assessor", pair.get("assessor")),
         "assessed_at": doc.get("assessed_at", pair.get("assessed_at"))} for doc in docs for pair in doc["assessments"]
    ]  # fmt: skip
    return one
