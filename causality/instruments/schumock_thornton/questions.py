"""Preventability, asked as one tick-box for every pair; the questions the facts already answer are left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from causality.interview.partial import ASSESSMENT, Custom, Partial, word
from causality.interview.questions import Kind, Option, Question, Value

PREVENTABILITY = (  # A1 and A4 come from facts already asked when they can
    ("A1", "Known allergy or earlier reaction to the drug"),
    ("A2", "Drug inappropriate for the clinical condition"),
    ("A3", "Dose, route or frequency inappropriate for age, weight or disease"),
    ("A4", "Toxic level (or abnormal monitoring test) documented"),
    ("A5", "A known measure would have prevented it"),
    ("B1", "Required drug or laboratory monitoring not done"),
    ("B2", "A drug interaction was involved"),
    ("B3", "Poor adherence was involved"),
    ("B4", "Preventive measures not prescribed or not given"),
)
NOT_ASSESSED = "not_assessed"
SKIPPED = "preventability not assessed"


def derived(facts: Mapping[str, Any]) -> set[str]:
    """The questions the facts already answer (as the instrument's adapter reads them)."""
    derived = set()
    if word(facts.get("previous_reaction"), "outcome") in (
        "same_drug",
        "exposed_without_reaction",
        "no_previous_exposure",
    ):
        derived.add("A1")
    if word(facts.get("drug_level"), "outcome") in ("toxic", "not_toxic"):
        derived.add("A4")
    return derived


def _ticks(i: int, j: int, offered: tuple[str, ...]) -> Custom:
    key = f"pair.{i}.{j}.preventability"

    def get(p: Partial) -> Value | None:
        pair = p.root(("pair", i, j)) or {}
        skip = (pair.get("instruments") or {}).get("schumock_thornton")
        if word(skip, "use") == "skip" or (isinstance(skip, dict) and skip.get("use") == "skip"):
            return [NOT_ASSESSED]
        given = pair.get("schumock_thornton") or {}
        answers = {q: word(given.get(q), "answer") for q in offered}
        if offered and all(a in ("yes", "no") for a in answers.values()):
            return [q for q in offered if answers[q] == "yes"]
        return p.progress.get(key) if not offered else None

    def put(p: Partial, value: Value) -> None:
        pair = p.root(("pair", i, j), create=True)
        assert pair is not None
        p.progress[key] = value
        if NOT_ASSESSED in value:
            pair.pop("schumock_thornton", None)
            held = pair.setdefault("instruments", {}).get("schumock_thornton")
            if not (isinstance(held, dict) and held.get("use") == "skip"):
                pair["instruments"]["schumock_thornton"] = {"use": "skip", "reason": SKIPPED}
            return
        instruments = pair.get("instruments") or {}
        if (
            isinstance(instruments.get("schumock_thornton"), dict)
            and instruments["schumock_thornton"].get("use") == "skip"
        ):
            instruments.pop("schumock_thornton")
        given = pair.setdefault("schumock_thornton", {})
        for q in offered:
            answer = "yes" if q in value else "no"
            if word(given.get(q), "answer") != answer:
                # a reason the file gave stays only with the answer it was given for
                given[q] = {"answer": answer, "source": ASSESSMENT}

    return Custom(get, put)


def pair_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    known = derived(p.facts(i, j))
    offered = tuple(q for q, _ in PREVENTABILITY if q not in known)
    options = tuple(Option(q, text) for q, text in PREVENTABILITY if q not in known)
    # the same for every reaction to the drug, as a rule: the first pair's answer is offered
    first = _ticks(i, 0, offered).get(p) if j > 0 else None
    offered_ticks = [v for v in first or [] if v in offered or v == NOT_ASSESSED]
    return [
        Question(
            f"pair.{i}.{j}.preventability",
            Kind.CHECKBOX,
            "Preventability: tick each that applies",
            sec,
            "preventability",
            options=(*options, Option(NOT_ASSESSED, "Not assessed (leave it open)")),
            default=offered_ticks,
            instruction="(Space ticks; none = none of these)",
            fills=_ticks(i, j, offered),
        )
    ]
