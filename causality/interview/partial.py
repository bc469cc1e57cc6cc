"""The case as far as the interview has got: a partial case document in the case file's own structure.

Every answer is written straight into the document at the field its question names (``At``), so the case
that the reader validates, the draft that is saved and the case file given with ``--from`` are one and the
same data: nothing is mapped from a second copy. What the interview alone needs (whether another drug
follows, which checklist causes were ticked, which optional questions were left empty) is kept beside the
document, under the question's key, in ``progress``; it never reaches the case file.

``case_data`` is the document as the reader sees it: the lists cut to what the clinician said they hold,
one assessment per drug x reaction, the facts of a pair that shares its drug's answers filled in from the
first pair, and entries still being filled left out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from causality.interview.questions import Value

if TYPE_CHECKING:
    from causality.schema import Field


class lazy:
    """A module imported when first used: the interview's first question needs none of the case model."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attr)


# A place in the document where a path starts: ("case",), ("patient",), ("drug", i), ("reaction", j),
# ("pair", i, j) for the assessment of drug i x reaction j, ("other", name) for a concomitant drug.
Root = tuple[Any, ...]

# Facts that a later pair of the same drug takes over from the drug's first pair when the clinician says so.
SHARED_FACTS = (
    "literature",
    "timing",
    "dechallenge",
    "rechallenge",
    "specific_tests",
    "placebo",
    "drug_level",
    "dose_response",
    "previous_reaction",
    "event_definitive",
    "information",
    "timing_obtainable",
)
# Where an instrument's answer was given: asked in the interview (a case file's own answers say nothing).
ASSESSMENT = "assessment"
# A fact given as one word stands for this field of its mapping ({"outcome": word}).
_WORDS = ("outcome", "answer")


class Partial:
    """A case being filled in: ``doc`` in the case file's structure, ``progress`` the interview's own."""

    def __init__(self, doc: dict[str, Any] | None = None, progress: dict[str, Value] | None = None) -> None:
        self.doc: dict[str, Any] = doc if doc is not None else {}
        self.progress: dict[str, Value] = progress if progress is not None else {}

    # --- the lists ------------------------------------------------------------------------------------------

    def _entry(self, name: str, index: int, create: bool) -> dict[str, Any] | None:
        items = self.doc.get(name)
        if not isinstance(items, list):
            if not create:
                return None
            items = self.doc[name] = []
        while create and len(items) <= index:
            items.append({})
        entry = items[index] if index < len(items) else None
        return entry if isinstance(entry, dict) else None

    def count(self, name: str) -> int:
        """How many entries the clinician has said the list holds (at least one, being filled)."""
        n = 1
        while self.progress.get(f"{name}.{n - 1}.more") == "yes":
            n += 1
        return n

    def drug_count(self) -> int:
        return self.count("drug")

    def reaction_count(self) -> int:
        return self.count("reaction")

    def lists_complete(self) -> bool:
        return all(self.progress.get(f"{n}.{self.count(n) - 1}.more") == "no" for n in ("drug", "reaction"))

    def pairs(self) -> list[tuple[int, int]]:
        return [(i, j) for i in range(self.drug_count()) for j in range(self.reaction_count())]

    def text(self, root: Root, name: str) -> str | None:
        node = self.root(root)
        value = node.get(name) if node is not None else None
        return value if isinstance(value, str) and value else None

    def drug_name(self, i: int) -> str:
        return self.text(("drug", i), "name") or f"drug {i + 1}"

    def reaction_term(self, j: int) -> str:
        return self.text(("reaction", j), "term") or f"reaction {j + 1}"

    def pair_label(self, i: int, j: int) -> str:
        return f"{self.drug_name(i)} x {self.reaction_term(j)}"

    def concomitant(self) -> list[str]:
        items = self.doc.get("concomitant_drugs") or []
        names = [d if isinstance(d, str) else d.get("name") if isinstance(d, dict) else None for d in items]
        return [n for n in names if isinstance(n, str) and n]

    def copy_source(self, i: int, j: int) -> tuple[int, int] | None:
        """The drug's first pair, whose shared facts this pair takes over, if the clinician said so."""
        return (i, 0) if j > 0 and self.progress.get(f"pair.{i}.{j}.copy") == "yes" else None

    # --- places in the document -----------------------------------------------------------------------------

    def root(self, root: Root, create: bool = False) -> dict[str, Any] | None:
        where = root[0]
        if where == "case":
            return self.doc
        if where == "patient":
            node = self.doc.get("patient")
            if not isinstance(node, dict):
                if not create:
                    return None
                node = self.doc["patient"] = {}
            return node
        if where == "drug":
            return self._entry("suspect_drugs", root[1], create)
        if where == "reaction":
            return self._entry("reactions", root[1], create)
        if where == "other":
            return self._other(root[1], create)
        if where == "pair":
            return self._pair(root[1], root[2], create)
        raise ValueError(f"no place {root!r}")

    def _other(self, name: str, create: bool) -> dict[str, Any] | None:
        items = self.doc.get("concomitant_drugs") or []
        for k, held in enumerate(items):
            entry = {"name": held} if isinstance(held, str) else held
            if isinstance(entry, dict) and str(entry.get("name", "")).casefold() == name.casefold():
                if create and entry is not held:
                    items[k] = entry  # a drug given by name alone becomes a mapping to hold its answers
                return entry
        return None

    def _pair(self, i: int, j: int, create: bool) -> dict[str, Any] | None:
        drug, term = self.text(("drug", i), "name"), self.text(("reaction", j), "term")
        if drug is None or term is None:
            return None
        pairs = self.doc.get("assessments")
        if not isinstance(pairs, list):
            if not create:
                return None
            pairs = self.doc["assessments"] = []
        for pair in pairs:
            if (
                isinstance(pair, dict)
                and str(pair.get("drug", "")).casefold() == drug.casefold()
                and str(pair.get("reaction", "")).casefold() == term.casefold()
            ):
                return pair
        if not create:
            return None
        pair = {"drug": drug, "reaction": term, "facts": {}}
        pairs.append(pair)
        return pair

    def rename(self, key: str, old: str | None, new: str) -> None:
        """A drug or reaction renamed: its assessments follow it (they name it), and a drug named as another
        pair's alternative cause stays one under its new name. Not while another entry holds the old name:
        then the assessments are that one's."""
        if not old or (old.casefold() == new.casefold() and old == new):
            return
        listed = self.doc.get("suspect_drugs" if key == "drug" else "reactions") or []
        name = "name" if key == "drug" else "term"
        if any(isinstance(e, dict) and str(e.get(name, "")).casefold() == old.casefold() for e in listed):
            return
        for pair in self.doc.get("assessments") or []:
            if isinstance(pair, dict) and str(pair.get(key, "")).casefold() == old.casefold():
                pair[key] = new
        if key != "drug":
            return
        for progress_key, ticked in self.progress.items():
            if progress_key.endswith(".causes") and isinstance(ticked, list):
                self.progress[progress_key] = [f"drug:{new}" if t == f"drug:{old}" else t for t in ticked]
        for pair in self.doc.get("assessments") or []:
            facts = pair.get("facts") if isinstance(pair, dict) else None
            for cause in (facts or {}).get("alternative_causes") or [] if isinstance(facts, dict) else []:
                if isinstance(cause, dict) and cause.get("cause") == f"{old} (another drug)":
                    cause["cause"] = f"{new} (another drug)"

    def facts(self, i: int, j: int) -> dict[str, Any]:
        """The pair's facts so far, with those it shares with the drug's first pair filled in from there."""
        pair = self._pair(i, j, False) or {}
        facts = dict(pair.get("facts") or {})
        if (src := self.copy_source(i, j)) is not None:
            first = (self._pair(*src, False) or {}).get("facts") or {}
            facts.update({k: first[k] for k in SHARED_FACTS if k in first})
            for k in SHARED_FACTS:
                if k not in first:
                    facts.pop(k, None)
        return facts


_MAPPINGS = ("patient", "assessor", "reporter")
_LISTS = ("suspect_drugs", "reactions", "assessments")


def well_formed(doc: dict[str, Any], progress: dict[str, Any]) -> tuple[Partial, list[str]]:
    """The partial case a draft holds, with whatever has the wrong kind for its place left out, and what
    was left out (a draft written by hand or damaged: the interview must not trip over it)."""
    problems: list[str] = []
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in _MAPPINGS and not isinstance(value, dict):
            problems.append(f"its '{key}' is not a mapping")
        elif key in _LISTS or key == "concomitant_drugs":
            if not isinstance(value, list):
                problems.append(f"its '{key}' is not a list")
                continue
            kinds = (dict, str) if key == "concomitant_drugs" else (dict,)
            items = [item for item in value if isinstance(item, kinds)]
            if len(items) < len(value):
                problems.append(f"an entry of its '{key}' is not a mapping")
            for pair in items if key == "assessments" else []:
                if isinstance(pair, dict) and not isinstance(pair.get("facts", {}), dict):
                    problems.append("the facts of an assessment are not a mapping")
                    pair["facts"] = {}
            out[key] = items
        elif key == "case_id" and not isinstance(value, str):
            problems.append("its case identifier is not text")
        else:
            out[key] = value
    answers: dict[str, Value] = {}
    for key, value in progress.items():
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            answers[key] = value
        else:
            problems.append(f"its answer '{key}' is neither text nor a list of choices")
    return Partial(out, answers), problems


def word(value: Any, name: str) -> Any:
    """Field ``name`` of a fact that may be written as one word (the word fills its outcome or answer)."""
    if isinstance(value, dict):
        return value.get(name)
    if value is not None and not isinstance(value, (list, dict)) and name in _WORDS:
        return value
    return None


def _as_mapping(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if value is None:
        return {}
    return {(name if name in _WORDS else "answer" if name == "reason" else "outcome"): value}


# --- where an answer goes -----------------------------------------------------------------------------------


def _show_number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class At:
    """The field a question fills: a path from a place in the case document. ``number`` fields are kept as
    numbers; ``keep`` fields hold a word with its reason ({"answer": word, "reason": ...}) and keep the
    reason while the word stays the same."""

    root: Root
    path: tuple[str, ...]
    number: bool = False
    keep: bool = False
    schema: Field | None = None  # the declaration, for the options and ranges it allows

    def get(self, p: Partial) -> Value | None:
        node: Any = p.root(self.root)
        for name in self.path:
            node = word(node, name) if not isinstance(node, dict) else node.get(name)
            if node is None:
                return None
        if self.keep or (isinstance(node, dict) and any(w in node for w in _WORDS)):
            node = word(node, "answer") if self.keep else word(node, "outcome")
        if isinstance(node, list):
            return [str(v) for v in node]
        if node is None:
            return None
        return _show_number(node) if self.number else str(node)

    def put(self, p: Partial, value: Value) -> None:
        node = p.root(self.root, create=True)
        if node is None:
            raise ValueError(f"{self.root!r} is not in the case yet")
        for k, name in enumerate(self.path[:-1]):
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = _as_mapping(child, self.path[k + 1])
            node = child
        last = self.path[-1]
        if isinstance(value, str) and not value.strip():
            node.pop(last, None)
            return
        held = node.get(last)
        if isinstance(value, list):
            new: Any = list(value)
        else:
            new = _number(value) if self.number else value.strip()
        if self.keep:
            if word(held, "answer") == new:
                return  # the same word: its reason (and where it was given) still holds
            node[last] = {"answer": new, "source": ASSESSMENT}  # answered in the interview
        elif isinstance(held, dict) and not isinstance(new, list) and any(w in held for w in _WORDS):
            held[next(w for w in _WORDS if w in held)] = new
        else:
            node[last] = new
        if self.root[0] in ("drug", "reaction") and last in ("name", "term"):
            p.rename("drug" if last == "name" else "reaction", held if isinstance(held, str) else None, new)

    def clear(self, p: Partial) -> None:
        node: Any = p.root(self.root)
        for name in self.path[:-1]:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(self.path[-1], None)

    def put_reason(self, p: Partial, reason: str) -> None:
        """The reason given for the word this field holds (``keep`` fields)."""
        node: Any = p.root(self.root)
        for name in self.path[:-1]:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict) and node.get(self.path[-1]) is not None:
            held = node[self.path[-1]]
            node[self.path[-1]] = {**_as_mapping(held, "answer"), "reason": reason}


@dataclass(frozen=True)
class Progress:
    """A question of the interview itself: its answer stays beside the case document."""

    key: str

    def get(self, p: Partial) -> Value | None:
        return p.progress.get(self.key)

    def put(self, p: Partial, value: Value) -> None:
        p.progress[self.key] = value

    def clear(self, p: Partial) -> None:
        p.progress.pop(self.key, None)


@dataclass(frozen=True)
class Custom:
    """A question whose answer fills several fields at once (a tick-box of consequences, a value with its
    limit): how it reads and writes them, side by side."""

    read: Callable[[Partial], Value | None]
    write: Callable[[Partial, Value], None]
    erase: Callable[[Partial], None] | None = None  # how the answer is taken out; None: it stays

    def get(self, p: Partial) -> Value | None:
        return self.read(p)

    def put(self, p: Partial, value: Value) -> None:
        self.write(p, value)

    def clear(self, p: Partial) -> None:
        if self.erase is not None:
            self.erase(p)


Target = At | Progress | Custom


# --- the document as the reader sees it ---------------------------------------------------------------------


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [], "")}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _shared_answers() -> list[tuple[str, str]]:
    """Instruments' answers that follow the shared facts, taken over with them: each instrument's
    ``questions`` lists its own as ``SHARED_ANSWERS`` (instrument id, item)."""
    from causality.instruments.registry import interview_questions

    return [pair for module in interview_questions() for pair in getattr(module, "SHARED_ANSWERS", ())]


CauseFilter = Callable[[Partial, int, int], set[str] | None]


def case_data(p: Partial, chosen_causes: CauseFilter | None = None) -> dict[str, Any]:
    """The case as far as answered, for the case-file reader: the lists as long as the clinician said,
    every drug x reaction once the lists are complete, entries still being filled left out."""
    doc = copy.deepcopy(p.doc)
    for name, key in (("suspect_drugs", "drug"), ("reactions", "reaction")):
        items = [d for d in (doc.get(name) or []) if isinstance(d, dict)][: p.count(key)]
        doc[name] = items + [{} for _ in range(p.count(key) - len(items))]
    pairs = []
    if p.lists_complete():
        held = [x for x in p.doc.get("assessments") or [] if isinstance(x, dict)]
        for i, j in sorted(p.pairs(), key=lambda ij: _place(held, p.root(("pair", *ij)))):
            pair = copy.deepcopy(p.root(("pair", i, j)) or {})
            # as the assessment spells them, when it is one already (the file comes back as it was)
            drug, reaction = p.drug_name(i), p.reaction_term(j)
            if str(pair.get("drug", "")).casefold() != drug.casefold():
                pair["drug"] = drug
            if str(pair.get("reaction", "")).casefold() != reaction.casefold():
                pair["reaction"] = reaction
            pair["facts"] = p.facts(i, j)
            if (src := p.copy_source(i, j)) is not None:  # the drug's answers that the shared facts give
                for group, item in _shared_answers():
                    given = ((p.root(("pair", *src)) or {}).get(group) or {}).get(item)
                    if not isinstance(pair.get(group), dict):
                        pair[group] = {}
                    held = pair[group]
                    if given is None:
                        held.pop(item, None)
                    else:
                        held[item] = copy.deepcopy(given)
            facts = copy.deepcopy(pair["facts"])
            wanted = chosen_causes(p, i, j) if chosen_causes else None
            facts["alternative_causes"] = [
                c
                for c in facts.get("alternative_causes") or []
                if isinstance(c, dict)
                and c.get("status")
                and (wanted is None or str(c.get("cause", "")).casefold() in wanted)
            ]
            facts["specific_tests"] = [
                t for t in facts.get("specific_tests") or [] if isinstance(t, dict) and t.get("result")
            ]
            pair["facts"] = facts
            pairs.append(pair)
    doc["assessments"] = pairs
    data: dict[str, Any] = _pruned(doc)
    data.setdefault("case_id", "")
    data["suspect_drugs"] = doc["suspect_drugs"] and [_pruned(d) for d in doc["suspect_drugs"]]
    data["reactions"] = [_pruned(r) for r in doc["reactions"]]
    data["assessments"] = [_pruned(a) for a in pairs]
    for pair in data["assessments"]:
        pair.setdefault("facts", {})
    return data


def _place(held: list[dict[str, Any]], pair: dict[str, Any] | None) -> int:
    """Where an assessment stands in the case: a new one after those already there."""
    return next((k for k, x in enumerate(held) if x is pair), len(held))


def drug_key(name: str) -> str:
    """How questions about a concomitant drug are named: by the drug, not by its place in the list, so that
    editing the list of other drugs never hands one drug's answers to another."""
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
