"""The alternative-cause catalogue (spec §9): checklists by presentation, looked up by reaction term."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from causality.errors import InputError
from causality.validate import Reader, join

CATALOGUE = "data/alternative_causes.yaml"


class Cause(NamedTuple):
    """One usual alternative explanation and the tests that usually exclude it."""

    id: str
    label: str
    tests: str


class Checklist(NamedTuple):
    """The causes to consider for one presentation."""

    key: str  # presentation key, or "generic"
    title: str
    causes: tuple[Cause, ...]
    source: str | None = None
    note: str | None = None  # shown when the term was not recognised


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _read(source: str, data: object) -> tuple[dict[str, Checklist], dict[str, str], Checklist]:
    r = Reader(source)
    top = r.mapping(data, "", ("version", "presentations", "generic")) or {}

    def causes(value: object, path: str) -> tuple[Cause, ...]:
        out = []
        for index, entry in enumerate(value if isinstance(value, list) else []):
            where = join(path, index)
            m = r.mapping(entry, where, ("id", "label", "tests"))
            if m is not None:
                ids = [r.text(m, k, where, required=True) for k in ("id", "label", "tests")]
                if all(ids):
                    out.append(Cause(*ids))  # type: ignore[arg-type]
        if not out:
            r.problem(path, "must list at least one cause")
        if len({c.id for c in out}) != len(out):
            r.problem(path, "cause ids must be unique")
        return tuple(out)

    checklists: dict[str, Checklist] = {}
    synonyms: dict[str, str] = {}
    presentations = r.mapping(top.get("presentations"), "presentations", None)
    for key, value in (presentations or {}).items():
        path = join("presentations", key)
        m = r.mapping(value, path, ("title", "synonyms", "source", "causes"))
        if m is None:
            continue
        title = r.text(m, "title", path, required=True) or key
        checklists[key] = Checklist(
            key, title, causes(m.get("causes"), join(path, "causes")), r.text(m, "source", path)
        )
        for word in r.items(m, "synonyms", path, lambda v, p: r.text({"s": v}, "s", p), required=True):
            if _normalise(word) in synonyms:
                r.problem(
                    join(path, "synonyms"), f"'{word}' is also a synonym of {synonyms[_normalise(word)]}"
                )
            synonyms[_normalise(word)] = key
    g = r.mapping(top.get("generic"), "generic", ("title", "note", "causes")) or {}
    generic = Checklist(
        "generic",
        r.text(g, "title", "generic") or "General",
        causes(g.get("causes"), "generic.causes"),
        note=r.text(g, "note", "generic"),
    )
    if r.problems:
        raise InputError(r.problems)
    return checklists, synonyms, generic


@cache
def _loaded() -> tuple[dict[str, Checklist], dict[str, str], Checklist]:
    # The YAML file as data, from the bytecode cache: parsing the YAML took about 2 ms of the start of
    # `causality score FILE` (tests/test_catalogue_compiled.py keeps the two equal).
    from causality.data.alternative_causes import CATALOGUE as DATA

    return _read(CATALOGUE, DATA)


def presentations() -> dict[str, Checklist]:
    return _loaded()[0]


def checklist_for(term: str) -> Checklist:
    """The checklist for a reaction term: an exact synonym, else the longest synonym the term contains
    ("generalized petechiae" -> petechiae), else the generic list with a note."""
    checklists, synonyms, generic = _loaded()
    words = _normalise(term)
    if words in synonyms:
        return checklists[synonyms[words]]
    padded = f" {words} "
    contained = [s for s in synonyms if f" {s} " in padded]
    if contained:
        return checklists[synonyms[max(contained, key=len)]]
    return generic._replace(note=f"No checklist for '{term}' yet. {generic.note or ''}".strip())


@lru_cache(maxsize=4096)  # batches repeat the same few terms; instruments route every pair by it
def checklist_key(term: str) -> str:
    """Which presentation a reaction term belongs to (its checklist's key), e.g. "liver-injury"."""
    return checklist_for(term).key
