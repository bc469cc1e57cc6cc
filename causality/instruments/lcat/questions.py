"""The Liverpool answers no other question gives: whether withdrawal could be tried at all, whether the drug
made pre-existing symptoms worse, and evidence of the mechanism itself."""

from __future__ import annotations

from typing import Any

from causality.interview.partial import ASSESSMENT, At, Custom, Partial, word
from causality.interview.questions import YES_NO, YES_NO_UNKNOWN, Kind, Question, Value

# Whether withdrawal could be tried is the drug's, like the facts a later pair of the drug takes over.
SHARED_ANSWERS = (("lcat", "L4"),)
UNASSESSABLE = (
    "the drug could not be stopped or was not given continuously (single dose, intermittent course)"
)


def _unassessable(i: int, j: int) -> Custom:
    """Yes records Liverpool's withdrawal question as unassessable, with the reason; no leaves it to the facts."""
    key = f"pair.{i}.{j}.unassessable"

    def held(p: Partial) -> Any:
        pair = p.root(("pair", i, j)) or {}
        lcat = pair.get("lcat")
        return lcat.get("L4") if isinstance(lcat, dict) else None

    def get(p: Partial) -> Value | None:
        given = held(p)
        if given is not None:
            return "yes" if word(given, "answer") == "unassessable" else "no"
        return p.progress.get(key)

    def put(p: Partial, value: Value) -> None:
        pair = p.root(("pair", i, j), create=True)
        assert pair is not None
        lcat = pair.setdefault("lcat", {})
        if value == "yes":
            if word(held(p), "answer") != "unassessable":
                lcat["L4"] = {"answer": "unassessable", "reason": UNASSESSABLE, "source": ASSESSMENT}
            p.progress.pop(key, None)
        else:
            if word(held(p), "answer") == "unassessable":
                lcat.pop("L4")
            p.progress[key] = str(value)

    def erase(p: Partial) -> None:  # the drug was stopped after all: the facts answer withdrawal again
        if word(held(p), "answer") == "unassessable":
            lcat = (p.root(("pair", i, j)) or {}).get("lcat")
            if isinstance(lcat, dict):
                lcat.pop("L4", None)
        p.progress.pop(key, None)

    return Custom(get, put, erase)


def pair_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    drug, key, facts = p.drug_name(i), f"pair.{i}.{j}", p.facts(i, j)
    qs = []
    if word(facts.get("dechallenge"), "outcome") == "not_done" and p.copy_source(i, j) is None:
        qs.append(
            Question(
                f"{key}.unassessable",
                Kind.SELECT,
                f"Could stopping {drug} not be tried (single dose, "
                "intermittent course, or a drug that cannot be stopped)?",
                sec,
                "dechallenge unassessable",
                options=YES_NO,
                fills=_unassessable(i, j),
            )
        )
    timing = facts.get("timing")
    if isinstance(timing, dict) and timing.get("sequence") == "before_drug":
        qs.append(
            Question(
                f"{key}.exacerbated",
                Kind.SELECT,
                f"Did {drug} make pre-existing symptoms worse?",
                sec,
                "symptoms exacerbated",
                options=YES_NO,
                fills=At(("pair", i, j), ("facts", "pre_existing_exacerbated")),
            )
        )
    causes = [c for c in facts.get("alternative_causes") or [] if isinstance(c, dict) and c.get("status")]
    all_excluded = bool(causes) and all(
        c["status"] in ("tested_excluded", "clinically_excluded") for c in causes
    )
    level_or_dose = word(facts.get("drug_level"), "outcome") == "toxic" or word(
        facts.get("dose_response"), "outcome"
    ) in ("observed", "appeared_after_increase", "lessened_after_reduction")
    if causes and not all_excluded and not level_or_dose:
        mechanism = Question(
            f"{key}.mechanism",
            Kind.SELECT,
            "Is there objective evidence of the mechanism itself "
            "(a positive mechanism test, a supra-therapeutic level, dose-dependence in this patient)?",
            sec,
            "mechanism evidence",
            options=YES_NO_UNKNOWN,
            fills=At(("pair", i, j), ("facts", "mechanism_evidence", "outcome")),
        )
        qs.append(mechanism)
        if mechanism.value(p) in ("yes", "no"):
            qs.append(
                Question(
                    f"{key}.mechanism_note",
                    Kind.TEXT,
                    "What was found or done? (Enter to skip)",
                    sec,
                    "mechanism evidence: finding",
                    optional=True,
                    fills=At(("pair", i, j), ("facts", "mechanism_evidence", "note")),
                )
            )
    return qs
