"""`causality compare`: where two assessments of one pair differ, item by item, with what each answer rests
on (the same trace the score and the report print: its source, its reason and the fact it came from)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from causality.answers import Source
from causality.assessment import PairResult, assess_pair
from causality.casefile import load_cases
from causality.errors import UsageError
from causality.inert import neutralise
from causality.instruments import registry
from causality.model import Case, PairAssessment
from causality.trace import Trace


@dataclass(frozen=True)
class Assessed:
    """One assessment of a pair, scored, with who made it."""

    case: Case
    pair: PairAssessment
    result: PairResult

    @property
    def who(self) -> str:
        person = self.pair.assessor_of(self.case)
        name = person.name if person is not None and person.name else "assessor not named"
        return f"{name} ({self.pair.role.value}; {self.case.source})"


@dataclass(frozen=True)
class Answer:
    """One item's answer and what it rests on."""

    label: str
    answer: str
    said: str


def _trace_said(t: Trace[Any]) -> str:
    source = f"overrides '{t.derived}' from the facts" if t.source is Source.OVERRIDDEN else t.source.value
    fact = f" [{t.fact}]" if t.fact else ""
    return f"{source}: {t.reason}{fact}"


def answers(a: Assessed) -> dict[str, dict[str, Answer]]:
    """Every item of every instrument applied to the pair, by instrument then item."""
    out: dict[str, dict[str, Answer]] = {}
    r = a.result
    for key, result in r.results.items():
        if key == "who_umc":
            out[key] = {
                name: Answer(name.replace("_", " "), str(t.value), _trace_said(t))
                for name, t in r.who_umc_inputs.items()
            }
        elif key == "naranjo":
            out[key] = {
                line.id: Answer(f"{line.id} {line.label}", f"{line.answer} ({line.points:+d})" if line.points else
                                f"{line.answer} (0)", _trace_said(r.naranjo_trace[line.id]))
                for line in result.lines
            }  # fmt: skip
        else:
            out[key] = {
                line.id: Answer(
                    f"{line.id} {line.label}",
                    line.answer if line.points is None else f"{line.answer} ({line.points:+d})",
                    f"{line.source.value}: {line.reason}" + (f" [{line.fact}]" if line.fact else ""),
                )
                for line in result.lines
            }
    return out


def _result(a: Assessed, key: str) -> str:
    result = a.result.results.get(key)
    if result is None:
        return "not applied"
    category = result.category()
    score = f" ({result.score})" if result.score is not None else ""
    return f"{category or 'no result'}{score}"


def compare_two(a: Assessed, b: Assessed) -> list[str]:
    """The lines that say where ``a`` and ``b`` differ."""
    lines = [f"  A: {a.who}", f"  B: {b.who}"]
    mine, theirs = answers(a), answers(b)
    same = True
    for instrument in registry.instruments():
        key = instrument.id
        if key not in mine and key not in theirs:
            continue
        ra, rb = _result(a, key), _result(b, key)
        items_a, items_b = mine.get(key, {}), theirs.get(key, {})
        differing = [i for i in dict.fromkeys([*items_a, *items_b])
                     if i not in items_a or i not in items_b or items_a[i].answer != items_b[i].answer]  # fmt: skip
        if ra == rb and not differing:
            continue
        same = False
        lines += ["", f"  {instrument.title}: A {ra}; B {rb}"]
        for item in differing:
            x, y = items_a.get(item), items_b.get(item)
            label = x.label if x else y.label if y else item
            lines.append(f"    {label}")
            lines.append(f"      A: {x.answer}, {x.said}" if x else "      A: not asked")
            lines.append(f"      B: {y.answer}, {y.said}" if y else "      B: not asked")
    if same:
        lines += ["", "  The two assessments give the same answer to every item."]
    return lines


def run(files: Sequence[str]) -> str:
    if len(files) > 2:
        raise UsageError("causality compare: give one case file, or two of the same case")
    if len(files) == 2 and Path(files[0]).resolve() == Path(files[1]).resolve():
        raise UsageError(
            f"causality compare: {files[0]} is given twice: give two files, one for each assessment"
        )
    cases = load_cases(files)
    groups: dict[tuple[str, str, str], list[Assessed]] = {}
    for case in cases:
        for pair in case.assessments:
            key = (case.case_id.strip(), pair.drug.casefold().strip(), pair.reaction.casefold().strip())
            groups.setdefault(key, []).append(Assessed(case, pair, assess_pair(case, pair)))
    twice = {k: v for k, v in groups.items() if len(v) > 1}
    if not twice:
        raise UsageError(
            "causality compare: no pair is assessed twice here: give two files with the same case_id, drug and "
            "reaction, or one file that assesses a pair several times"
        )
    out: list[str] = []
    for assessed in twice.values():
        first = assessed[0]
        for a, b in combinations(assessed, 2):
            if out:
                out.append("")
            out.append(f"{first.case.case_id}: {first.pair.drug} x {first.pair.reaction}")
            out.extend(compare_two(a, b))
    wrapped = []
    for line in out:
        indent = " " * (len(line) - len(line.lstrip()) + 3)
        wrapped.extend(
            textwrap.wrap(neutralise(line), 80, subsequent_indent=indent, break_on_hyphens=False) or [""]
        )
    return "\n".join(wrapped) + "\n"
