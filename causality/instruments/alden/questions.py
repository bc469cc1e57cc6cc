"""ALDEN scores every drug of the case: its dates, notoriety, earlier exposure and what happened to it;
asked once, after the pairs, when a reaction is SJS/TEN."""

from __future__ import annotations

import datetime as dt
from typing import Any

from causality import schema as S
from causality.interview.partial import At, Partial, Root, drug_key, word
from causality.interview.questions import (
    YES_NO,
    YES_NO_UNKNOWN,
    Kind,
    Option,
    Question,
    check_date,
    check_number,
)

NOTORIETY = (
    Option("strongly_associated", "Strongly associated (high-risk list of case-control studies)", "s"),
    Option("associated", "Associated (definite but lower risk)", "a"),
    Option("suspected", "Suspected (several reports, ambiguous epidemiology)", "p"),
    Option("unknown", "Unknown (other drugs, new drugs)", "u"),
    Option("not_suspected", "Not suspected (no association in case-control studies)", "n"),
)
PRECHALLENGE = (
    Option("same_drug_same_disease", "SJS/TEN before with this drug", "s"),
    Option(
        "similar_drug_or_other_reaction", "SJS/TEN with a similar drug, or another reaction to this one", "r"
    ),
    Option("other_reaction_similar_drug", "Another reaction to a similar drug", "o"),
    Option("negative", "Taken before without any reaction", "n"),
    Option("not_done_or_unknown", "Never taken before, or not known", "u"),
)


def _sjs_reaction(p: Partial) -> int | None:
    from causality.instruments.alden.entry import is_sjs_ten

    return next(
        (j for j in range(p.reaction_count()) if is_sjs_ten(p.text(("reaction", j), "term") or "")), None
    )


def _index_day(p: Partial) -> dt.date | None:
    from causality import onset

    j = _sjs_reaction(p)
    index = onset.parse(p.text(("reaction", j), "onset") or "") if j is not None else None
    return index if isinstance(index, dt.date) else None


def _prechallenge_known(p: Partial, i: int) -> bool:
    """A suspect drug's earlier exposure was asked with its pair; ALDEN takes it from there (never twice)."""
    j = _sjs_reaction(p)
    known = ("same_drug", "exposed_without_reaction", "no_previous_exposure")
    return j is not None and word(p.facts(i, j).get("previous_reaction"), "outcome") in known


def _half_lives_before(p: Partial, stop: dt.date, half_life: Any) -> float:
    """How many half-lives before the SJS/TEN onset the drug was stopped (0 when not known yet)."""
    index = _index_day(p)
    if not isinstance(half_life, (int, float)) or half_life <= 0 or index is None:
        return 0.0
    return (index - stop).days * 24 / float(half_life)


def _drug_questions(
    p: Partial, root: Root, name: str, sec: str, key: str, suspect: int | None
) -> list[Question]:
    qs: list[Question] = []
    if suspect is None:  # suspect drugs' dates were asked with the drug
        qs += [
            Question(
                f"{key}.start",
                Kind.TEXT,
                f"First dose of {name}, YYYY-MM-DD",
                sec,
                f"{name}: first dose",
                check=check_date,
                fills=At(root, ("start",)),
            ),
            Question(
                f"{key}.stop",
                Kind.TEXT,
                f"Last dose of {name}, YYYY-MM-DD (Enter if ongoing)",
                sec,
                f"{name}: last dose",
                optional=True,
                check=check_date,
                fills=At(root, ("stop",)),
            ),
        ]
    qs += [
        Question(
            f"{key}.notoriety",
            Kind.SELECT,
            f"{name}: known for SJS/TEN?",
            sec,
            f"{name}: notoriety",
            options=NOTORIETY,
            fills=At(root, ("alden", "notoriety"), keep=True),
        ),
        Question(
            f"{key}.notoriety_source",
            Kind.TEXT,
            "Source (Enter to skip)",
            sec,
            f"{name}: notoriety source",
            optional=True,
            fills=At(root, ("alden", "notoriety", "reason")),
        ),
    ]
    if suspect is None or not _prechallenge_known(p, suspect):
        qs.append(
            Question(
                f"{key}.prechallenge",
                Kind.SELECT,
                f"{name}: earlier exposure?",
                sec,
                f"{name}: earlier exposure",
                options=PRECHALLENGE,
                fills=At(root, ("alden", "prechallenge"), keep=True),
            )
        )
    drug = p.root(root) or {}
    stop_text = drug.get("stop")
    try:
        stop = dt.date.fromisoformat(str(stop_text)) if stop_text else None
    except ValueError:
        stop = None
    index = _index_day(p)
    if stop is not None and index is not None and stop >= index:
        return qs  # taken up to the index day: present in the body, so no half-life is needed
    if stop is None:
        qs.append(
            Question(
                f"{key}.continued",
                Kind.SELECT,
                f"Was {name} continued after the onset without the reaction getting worse?",
                sec,
                f"{name}: continued without harm",
                options=YES_NO,
                fills=At(root, ("alden", "continued_without_harm"), keep=True),
            )
        )
        return qs
    qs += [
        Question(
            f"{key}.half_life",
            Kind.TEXT,
            f"Elimination half-life of {name}, hours",
            sec,
            f"{name}: half-life",
            check=check_number(*S.DRUG["half_life_hours"].range),
            fills=At(root, ("half_life_hours",), number=True),
        ),
        Question(
            f"{key}.half_life_source",
            Kind.TEXT,
            "Source of the half-life (Enter to skip)",
            sec,
            f"{name}: half-life source",
            optional=True,
            fills=At(root, ("half_life_source",)),
        ),
    ]
    # Gone from the body by the onset, unless an interaction (or organ dysfunction) kept it there.
    dysfunction = p.text(("patient",), "liver_or_kidney_dysfunction")
    if dysfunction != "yes" and _half_lives_before(p, stop, drug.get("half_life_hours")) > 5:
        qs.append(
            Question(
                f"{key}.interaction",
                Kind.SELECT,
                f"Was an interaction suspected that could have kept {name} in the body?",
                sec,
                f"{name}: interaction",
                options=YES_NO,
                fills=At(root, ("alden", "interaction"), keep=True),
            )
        )
    return qs


def case_questions(p: Partial) -> list[Question]:
    if _sjs_reaction(p) is None:
        return []
    sec = "ALDEN: every drug of the case"
    qs = [
        Question(
            "liver_kidney",
            Kind.SELECT,
            "Liver or kidney dysfunction at the time?",
            sec,
            "liver or kidney dysfunction",
            options=YES_NO_UNKNOWN,
            fills=At(("patient",), ("liver_or_kidney_dysfunction",)),
        )
    ]
    for i in range(p.drug_count()):
        qs += _drug_questions(p, ("drug", i), p.drug_name(i), sec, f"alden.s{i}", i)
    for name in p.concomitant():
        qs += _drug_questions(p, ("other", name), name, sec, f"alden.c:{drug_key(name)}", None)
    return qs
