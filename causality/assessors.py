"""Several assessors' documents of one case: which assessments are whose, and one case holding them all.
Used by the register (each assessor's file joins its case) and the exports (one case, one report)."""

from __future__ import annotations

from typing import Any

from causality.errors import Problem

# What describes the case itself, as opposed to who assessed it and how it was kept.
NOT_THE_CASE = frozenset({"assessments", "assessor", "assessed_at", "history", "signatures"})


def assessor_name(pair: dict[str, Any], doc: dict[str, Any]) -> str | None:
    person = pair.get("assessor", doc.get("assessor"))
    name = person.get("name") if isinstance(person, dict) else person
    return name.casefold().strip() if isinstance(name, str) and name.strip() else None


def own_assessors(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's assessments, each naming its assessor and date itself (they may come from the case)."""
    out = []
    for given in doc.get("assessments", []):
        pair = dict(given)
        for key in ("assessor", "assessed_at"):
            if key not in pair and doc.get(key) is not None:
                pair[key] = doc[key]
        out.append(pair)
    return out


def others_assess(stored: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """Whether the register's case holds assessments by someone none of ``incoming``'s are by."""
    theirs = {assessor_name(p, incoming) for p in incoming.get("assessments", [])}
    ours = {assessor_name(p, stored) for p in stored.get("assessments", [])}
    return None not in theirs and None not in ours and not ours <= theirs


def combined(stored: dict[str, Any], incoming: dict[str, Any], case_from: dict[str, Any]) -> dict[str, Any]:
    """``case_from``'s description of the case with the assessments of both: ``incoming``'s in place of its
    assessors' in ``stored`` (each keeps its place when their number is the same), everyone else's kept."""
    theirs = {assessor_name(p, incoming) for p in incoming.get("assessments", [])}
    merged = {k: v for k, v in case_from.items() if k != "assessments"}
    pairs, mine = own_assessors(stored), own_assessors(incoming)
    places = [n for n, p in enumerate(pairs) if assessor_name(p, stored) in theirs]
    if len(places) == len(mine):  # the same assessments again, maybe revised
        for n, pair in zip(places, mine, strict=True):
            pairs[n] = pair
    else:
        pairs = [p for n, p in enumerate(pairs) if n not in places] + mine
    merged["assessments"] = pairs
    return merged


def assessors(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    """Who assessed a case, in order of first appearance: (name as written, their person data)."""
    found: dict[str, tuple[str, Any]] = {}
    for pair in doc.get("assessments", []):
        key = assessor_name(pair, doc)
        if key is not None and key not in found:
            person = pair.get("assessor", doc.get("assessor"))
            name = person.get("name") if isinstance(person, dict) else person
            found[key] = (str(name).strip(), person)
    return list(found.values())


def one_assessors_view(doc: dict[str, Any], name: str | None) -> dict[str, Any]:
    """The case as one assessor works on it: the case itself, and only their assessments (none for a new
    assessor: ``name`` None), with them as the case's assessor."""
    view = {k: v for k, v in doc.items() if k not in ("assessments", "assessor", "assessed_at")}
    mine = [
        p for p in own_assessors(doc) if name is not None and assessor_name(p, doc) == name.casefold().strip()
    ]
    if mine:
        view["assessor"] = mine[0].get("assessor")
        if mine[0].get("assessed_at") is not None:
            view["assessed_at"] = mine[0]["assessed_at"]
    view["assessments"] = [{k: v for k, v in p.items() if k not in ("assessor", "assessed_at")} for p in mine]
    return view


def differing(stored: dict[str, Any], incoming: dict[str, Any], source: str, what: str) -> list[Problem]:
    """Where two documents of one case describe the case itself differently (one problem per part)."""
    keys = sorted(k for k in {*stored, *incoming} - NOT_THE_CASE if stored.get(k) != incoming.get(k))
    return [
        Problem(source, k, f"differs from {what}; make the case agree, or give it its own case_id")
        for k in keys
    ]


def same_cases(cases: list[Any]) -> list[Problem]:
    """Files that share a case_id must describe one case: one problem per part where a later file differs
    from the first of its case_id (a mistyped case id would otherwise mix two patients' assessments)."""
    import dataclasses
    import json

    from causality.casefile import to_data

    first: dict[str, tuple[str, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for case in cases:
        doc = json.loads(json.dumps(to_data(dataclasses.replace(case, shorthand=False)), default=str))
        if case.case_id not in first:
            first[case.case_id] = (case.source, doc)
            continue
        source, earlier = first[case.case_id]
        problems += differing(earlier, doc, case.source, f"{source}, another file of the same case_id")
    return problems
