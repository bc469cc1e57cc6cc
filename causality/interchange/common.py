"""What every export shares: reading the cases, the assessor of a pair, and each causality assessment as
the exchange formats keep it (drug x reaction x instrument x assessor)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from causality.assessment import PairResult, assess_case
from causality.errors import InputError, Problem
from causality.instruments import registry
from causality.instruments.base import Interchange, Result
from causality.model import Case, Drug, PairAssessment, Person

# The HL7 code systems of FHIR's AdverseEvent causality, and their codes in R5's spelling.
CAUSALITY_METHOD = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-method"
CAUSALITY_ASSESS = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess"
METHOD_CODES = ("probability-scale", "bayesian", "checklist")
ASSESS_CODES = (
    "certain",
    "probably-likely",
    "possible",
    "unlikely",
    "conditional-classified",
    "unassessable-unclassifiable",
)


class Assessed(NamedTuple):
    """A case and its assessed pairs, in the order of ``case.assessments``."""

    case: Case
    results: list[PairResult]

    def pairs(self) -> Iterator[tuple[PairAssessment, PairResult]]:
        return zip(self.case.assessments, self.results, strict=True)


class Causality(NamedTuple):
    """One causality assessment: a drug and a reaction, by one instrument, by one assessor."""

    pair: PairAssessment
    scored: PairResult
    result: Result
    coding: Interchange
    assessor: Person | None

    @property
    def code(self) -> str | None:
        """The HL7 causality category (R5 spelling), or None where the instrument gave no result."""
        return category_code(self.coding, self.result)


def load(paths: Sequence[str]) -> list[Assessed]:
    """Read, check and assess every case file under ``paths`` as `causality score` does: on any problem,
    every problem is raised (one line each) and nothing is assessed."""
    from causality.casefile import STDIN, iter_case_files, load_file, load_stdin

    problems: list[Problem] = []
    out: list[Assessed] = []
    for name in iter_case_files(paths, problems, stdin=True):
        case, found = load_stdin() if name == STDIN else load_file(Path(name))
        problems.extend(found)
        if case is not None and not problems:
            out.append(Assessed(case, assess_case(case)))
    if problems:
        raise InputError(problems)
    return joined(out)


def joined(items: list[Assessed]) -> list[Assessed]:
    """One case per case_id: several assessors' files of a case (examples/agreement/) are one report, one
    patient, with every assessment in it, as the register holds them. Files that describe the case itself
    differently are refused (each difference one line), since joining them would mix two cases."""
    import dataclasses
    import json

    from causality.assessors import combined, differing
    from causality.casefile import read_case, to_data

    by_id: dict[str, list[Assessed]] = {}
    for item in items:
        by_id.setdefault(item.case.case_id, []).append(item)
    out: list[Assessed] = []
    problems: list[Problem] = []
    for group in by_id.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        first = group[0].case.source
        docs = [json.loads(json.dumps(to_data(dataclasses.replace(a.case, shorthand=False)), default=str))
                for a in group]  # fmt: skip
        whole = docs[0]
        for item, doc in zip(group[1:], docs[1:], strict=True):
            problems += differing(whole, doc, item.case.source, f"{first}, another file of the same case_id")
            whole = combined(whole, doc, whole)
        case, found = read_case(first, whole)
        problems += found
        if case is not None and not found:
            out.append(Assessed(case, assess_case(case)))
    if problems:
        raise InputError(problems)
    return out


def assessor_of(case: Case, pair: PairAssessment) -> Person | None:
    """Who assessed the pair (its own assessor, else the case's): the only place the exports read it from."""
    return pair.assessor_of(case)


def product_of(case: Case, name: str) -> Drug | None:
    """The drug an assessment names, as the exchange formats list drugs: a suspect, the product of an
    assessed ingredient, or a concomitant drug."""
    drug = case.drug(name)
    if drug is not None and drug.ingredient_of:
        return case.drug(drug.ingredient_of)
    folded = name.casefold()
    return drug or next((d for d in case.concomitant_drugs if d.name.casefold() == folded), None)


def coding_of(instrument_id: str) -> Interchange | None:
    """How the instrument's result is written as causality; None for one that does not assess causality."""
    coding: Interchange | None = getattr(registry.get(instrument_id), "interchange", None)
    return coding


def causalities(assessed: Assessed) -> Iterator[Causality]:
    """Every causality assessment of the case, pair by pair, in the registry's order of instruments."""
    for pair, scored in assessed.pairs():
        for key, result in scored.results.items():
            coding = coding_of(key)
            if coding is not None:
                yield Causality(pair, scored, result, coding, assessor_of(assessed.case, pair))


def category_code(coding: Interchange, result: Result) -> str | None:
    final = result.final_result()
    if final is None:
        return None
    return coding.categories.get(final.split("(")[0].strip().casefold())


def result_words(result: Result) -> str:
    """The instrument's own result as a safety database expects it: "Probable (6)", "Probable/Likely"."""
    final = result.final_result()
    if final is None:
        return "No result"
    words = final.replace(" / ", "/")
    words = words[:1].upper() + words[1:]
    return f"{words} ({result.score})" if result.score is not None else words


def assessor_words(person: Person | None, pair: PairAssessment | None = None) -> str:
    """The source of an assessment in words: the assessor's role and name, as recorded, and a consensus or
    adjudication said as such (the final result, beside the assessments it settles)."""
    parts = [p for p in (person.role, person.name) if p] if person is not None else []
    words = parts[0] if len(parts) == 1 else f"{parts[0]}, {parts[1]}" if parts else ""
    if pair is not None and pair.role.final:
        words = f"{pair.role.value}: {words}" if words else pair.role.value
    return words


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word where one is near, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "\u2026"
