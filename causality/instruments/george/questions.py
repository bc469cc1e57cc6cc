"""What George's criteria read that no other question asks: the platelet count, and two of the criteria."""

from __future__ import annotations

from causality import schema as S
from causality.interview.partial import At, Custom, Partial
from causality.interview.questions import YES_NO_UNKNOWN, Kind, Question, Value, check_number


def _presentation(p: Partial, j: int) -> str:
    from causality.catalogue import checklist_for

    return checklist_for(p.text(("reaction", j), "term") or "").key


def needs_platelets(p: Partial, j: int) -> bool:
    from causality.instruments.george.entry import BLEEDING_PRESENTATIONS

    return _presentation(p, j) in ("thrombocytopenia", *BLEEDING_PRESENTATIONS)


def applies(p: Partial, j: int) -> bool:
    """Thrombocytopenia, or bleeding with a low platelet count (as routing decides it)."""
    from causality.instruments.george.entry import LOW_PLATELETS

    labs = (p.root(("reaction", j)) or {}).get("labs")
    platelets = labs.get("platelets") if isinstance(labs, dict) else None
    return _presentation(p, j) == "thrombocytopenia" or (
        needs_platelets(p, j) and isinstance(platelets, (int, float)) and platelets < LOW_PLATELETS
    )


def _criterion(i: int, j: int, item: str) -> Custom:
    """The criteria take yes or no; "don't know" leaves the criterion open and is remembered as asked."""
    key, place = f"pair.{i}.{j}.george_{item}", At(("pair", i, j), ("george", item), keep=True)

    def get(p: Partial) -> Value | None:
        return place.get(p) or p.progress.get(key)

    def put(p: Partial, value: Value) -> None:
        if value in ("yes", "no"):
            place.put(p, value)
            p.progress.pop(key, None)
        else:
            pair = p.root(("pair", i, j))
            if pair is not None and isinstance(pair.get("george"), dict):
                pair["george"].pop(item, None)
            p.progress[key] = value

    def erase(p: Partial) -> None:
        place.clear(p)
        p.progress.pop(key, None)

    return Custom(get, put, erase)


def reaction_questions(p: Partial, j: int, sec: str) -> list[Question]:
    if not needs_platelets(p, j):
        return []
    # one count for the patient: the one already given for an earlier reaction is offered again
    earlier = [
        At(("reaction", k), ("labs", "platelets"), number=True).get(p)
        for k in range(j)
        if needs_platelets(p, k)
    ]
    offered = next((x for x in earlier if x), None)
    return [
        Question(
            f"reaction.{j}.platelets",
            Kind.TEXT,
            "Lowest platelet count, x10^9/L (Enter if not measured)",
            sec,
            "lowest platelets",
            measured=True,
            optional=True,
            check=check_number(*S.LABS["platelets"].range),
            default=offered,
            fills=At(("reaction", j), ("labs", "platelets"), number=True),
        )
    ]


def pair_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    if not applies(p, j):
        return []
    qs = []
    others = [p.drug_name(k) for k in range(p.drug_count()) if k != i] + p.concomitant()
    if others:
        qs.append(
            Question(
                f"pair.{i}.{j}.george_c2",
                Kind.SELECT,
                "Were the other drugs continued or restarted with normal platelet counts?",
                sec,
                "other drugs cleared (George)",
                options=YES_NO_UNKNOWN,
                fills=_criterion(i, j, "c2"),
            )
        )
    qs.append(
        Question(
            f"pair.{i}.{j}.george_c5",
            Kind.SELECT,
            f"Were {p.drug_name(i)}-dependent platelet antibodies shown?",
            sec,
            "platelet antibodies (George)",
            options=YES_NO_UNKNOWN,
            fills=_criterion(i, j, "c5"),
        )
    )
    return qs
