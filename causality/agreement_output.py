"""`causality agreement`: the case files read, their assessments counted, and the result as a table, JSON or
CSV; or the pairs the assessors disagree on."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

from causality import csvcells
from causality.agreement import Rating, Report, Scale, agreement, disagreements, ratings, twice_by_one
from causality.casefile import load_cases
from causality.errors import InputError, Problem, UsageError
from causality.inert import neutralise
from causality.instruments import registry
from causality.instruments.base import categories_of

FORMATS = ("table", "json", "csv")


def _instruments(chosen: str | None) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    if chosen is not None:
        try:
            wanted = {registry.get(chosen).id}
        except UsageError:
            names = ", ".join(i.id for i in registry.instruments())
            raise UsageError(
                f"causality agreement: unknown instrument '{chosen}' (allowed: {names})"
            ) from None
    out = []
    for i in registry.instruments():
        if chosen is not None and i.id not in wanted:
            continue
        cats = categories_of(i)
        out.append((i.id, cats.every, cats.ordinal) if cats else (i.id, (), ()))
    return out


def load(paths: Sequence[str]) -> list[Rating]:
    """Every assessment of the case files, scored; an assessor who assessed one pair twice is refused."""
    from causality.assessors import same_cases

    cases = load_cases(paths)
    if problems := same_cases(cases):
        raise InputError(problems)
    rs = ratings(cases)
    twice = twice_by_one(rs)
    if twice:
        raise InputError(
            Problem(
                b.source,
                "assessments",
                f"{b.rater} assessed {b.pair[1]} x {b.pair[2]} of case {b.pair[0]} also in {a.source}",
                "one assessment per assessor and role for each pair",
            )
            for a, b in twice
        )
    return rs


def run(paths: Sequence[str], fmt: str, instrument: str | None, only_disagreements: bool) -> str:
    chosen = _instruments(instrument)
    rs = load(paths)
    if only_disagreements:
        found = disagreements(rs, [i for i, _, _ in chosen])
        return _disagreements_text(found) if fmt == "table" else _disagreements_out(found, fmt)
    report = agreement(rs, chosen)
    if fmt == "json":
        return json.dumps(report.data(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    return _text(report, rs)


# --- table ---------------------------------------------------------------------------------------------


FEW = 10  # pairs below which the table warns that the statistics are unstable


def _n(x: float | None) -> str:
    return "not computed" if x is None else f"{x + 0.0:.2f}".replace("-0.00", "0.00")  # no "-0.00"


def _scale_lines(s: Scale, indent: str = "  ", raters: str = "assessors") -> list[str]:
    two = s.two
    names = ", ".join(map(neutralise, s.raters))
    per = f", {s.per_pair} a pair" if s.pairs and not two else ""
    lines = _wrapped(f"{indent}Pairs counted: {s.pairs}; {raters}: {len(s.raters)}{per} ({names})", indent)
    if s.pairs:
        lines.append(f"{indent}Observed agreement:  {_n(s.observed)}")
        if two:
            k = s.kappa
            ci = (
                f" (SE {_n(k.se)}; 95% CI {_n(k.ci[0])} to {_n(k.ci[1])})"
                if k.se is not None and k.ci
                else ""
            )
            lines.append(f"{indent}Cohen's kappa:       {_n(k.value)}{ci}")
            if s.ordinal:
                lines.append(f"{indent}Weighted kappa:      linear {_n(s.linear)}, quadratic {_n(s.quadratic)} "
                             f"({s.weighted_pairs} pairs on the ordered scale)")  # fmt: skip
        else:
            lines.append(f"{indent}Fleiss' kappa:       {_n(s.fleiss)}")
            for p in s.pairwise:
                lines.extend(_wrapped(f"{indent}  Cohen's kappa, {' and '.join(map(neutralise, p.raters))}: "
                                      f"{_n(p.kappa.value)} ({p.pairs} pairs)", indent + "  "))  # fmt: skip
        lines.append(f"{indent}Gwet's AC1:          {_n(s.ac1)}")
        lines.extend(_marginals(s, indent))
        if s.confusion is not None:
            lines.extend(_confusion(s, indent))
    for note in s.notes:
        lines.extend(_wrapped(f"{indent}Note: {note}", indent))
    if 0 < s.pairs < FEW:  # a kappa on a handful of pairs swings with one pair: say so beside it
        lines.extend(_wrapped(f"{indent}Note: only {s.pairs} pair(s): with fewer than {FEW} these figures and "
                              "their interval can change a great deal with one more pair", indent))  # fmt: skip
    for why in s.left_out[:SHOWN]:
        lines.extend(_wrapped(f"{indent}Left out: {neutralise(why)}", indent))
    if len(s.left_out) > SHOWN:
        lines.append(
            f"{indent}Left out: {len(s.left_out) - SHOWN} more pairs (--format json lists every one)"
        )
    return lines


SHOWN = 10  # pairs left out, named one by one in the table


def _wrapped(line: str, indent: str) -> list[str]:
    """A line wrapped to 80 columns, continued two spaces further in."""
    return textwrap.wrap(line, 80, subsequent_indent=indent + "  ", break_on_hyphens=False) or [line]


def _marginals(s: Scale, indent: str) -> list[str]:
    names = [neutralise(r) for r in s.raters]
    width = max(len(c) for c in s.categories) + 2
    cols = [max(len(n), 4) + 2 for n in names]
    head = f"{indent}{'Category':<{width}}" + "".join(f"{n:>{w}}" for n, w in zip(names, cols, strict=True))
    rows = [
        f"{indent}{c:<{width}}"
        + "".join(f"{s.marginals[r][c]:>{w}}" for r, w in zip(s.raters, cols, strict=True))
        for c in s.categories
    ]
    return [f"{indent}How often each assessor gave each category:", head, *rows]


def _confusion(s: Scale, indent: str) -> list[str]:
    assert s.confusion is not None
    width = max(len(c) for c in s.categories) + 2
    cols = [max(len(c), 3) + 2 for c in s.categories]
    title = f"{indent}Table (rows: {neutralise(s.raters[0])}; columns: {neutralise(s.raters[1])}):"
    head = f"{indent}{'':<{width}}" + "".join(f"{c:>{w}}" for c, w in zip(s.categories, cols, strict=True))
    rows = [
        f"{indent}{c:<{width}}" + "".join(f"{n:>{w}}" for n, w in zip(row, cols, strict=True))
        for c, row in zip(s.categories, s.confusion, strict=True)
    ]
    return [title, head, *rows]


def _text(report: Report, rs: Sequence[Rating]) -> str:
    pairs = len({r.key for r in rs})
    lines = [f"Agreement between assessors: {report.assessments} assessments of {pairs} pair(s)"]
    if report.final:
        lines.append(
            f"Consensus or adjudication: {len(report.final)} (not counted: they are the final results; "
            "see --disagreements)"
        )
    if not report.instruments:
        lines.append("No instrument gave a result to compare.")
    for key, s in report.instruments.items():
        lines += ["", registry.title(key), *_scale_lines(s)]
        if key == "naranjo" and report.items:
            lines += ["", "  Naranjo item by item (agreement, kappa):"]
            for item, i in report.items.items():
                kappa = i.kappa.value if i.two else i.fleiss
                lines.append(f"    {item:<4} {_n(i.observed):>12}  {_n(kappa):>12}")
        if key == "naranjo" and report.naranjo_vs_who_umc is not None:
            lines += ["", "  Naranjo against WHO-UMC, every assessment:"]
            lines += _scale_lines(report.naranjo_vs_who_umc, "    ", raters="scales")
    return "\n".join(lines) + "\n"


# --- CSV -----------------------------------------------------------------------------------------------

_CSV = ("scale", "pairs", "raters", "observed_agreement", "cohen_kappa", "cohen_kappa_se", "cohen_kappa_ci95_low",
        "cohen_kappa_ci95_high", "weighted_kappa_linear", "weighted_kappa_quadratic", "fleiss_kappa", "gwet_ac1",
        "pairs_left_out")  # fmt: skip


def _row(name: str, s: Scale) -> list[object]:
    d = s.data()
    ci = d["cohen_kappa_ci95"] or ["", ""]
    values = [d[k] for k in _CSV[1:6]] + ci + [d[k] for k in _CSV[8:]]
    return [name, *("" if v is None else v for v in values)]


def _csv(report: Report) -> str:
    buffer = io.StringIO()
    w = csvcells.Writer(buffer)
    w.writerow(_CSV)
    for key, s in report.instruments.items():
        w.writerow(_row(key, s))
        if key == "naranjo":
            for item, i in report.items.items():
                w.writerow(_row(f"naranjo.{item}", i))
            if report.naranjo_vs_who_umc is not None:
                w.writerow(_row("naranjo_vs_who_umc", report.naranjo_vs_who_umc))
    return buffer.getvalue()


# --- disagreements -------------------------------------------------------------------------------------


def _disagreements_text(found: list[dict[str, Any]]) -> str:
    if not found:
        return "The assessors agree on every pair assessed by more than one of them.\n"
    lines = [f"Pairs whose assessors disagree: {len(found)}"]
    for d in found:
        lines += ["", neutralise(f"{d['case_id']}: {d['drug']} x {d['reaction']}")]
        for a in d["assessments"]:
            said = "; ".join(f"{registry.title(i)}: {a[i] or 'no result'}" for i in d["instruments"])
            lines += _wrapped(neutralise(f"  {a['assessor']}: {said}"), "  ")
        if not d["final"]:
            lines.append("  Final: none recorded yet (add a consensus or adjudication assessment with")
            lines.append("    its reason)")
        for f in d["final"]:
            said = "; ".join(f"{registry.title(i)}: {f[i] or 'no result'}" for i in d["instruments"])
            lines += _wrapped(neutralise(f"  FINAL ({f['role']}, {f['assessor']}): {said}"), "  ")
            lines += _wrapped(neutralise(f"    Reason: {f['reason']}"), "    ")
    return "\n".join(lines) + "\n"


def _disagreements_out(found: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(found, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    w = csvcells.Writer(buffer)
    w.writerow(
        ("case_id", "drug", "reaction", "instrument", "assessor", "role", "category", "reason", "file")
    )
    for d in found:
        for i in d["instruments"]:
            for a in d["assessments"]:
                w.writerow((d["case_id"], d["drug"], d["reaction"], i, a["assessor"], "independent", a[i] or "", "",
                            a["file"]))  # fmt: skip
            for f in d["final"]:
                w.writerow((d["case_id"], d["drug"], d["reaction"], i, f["assessor"], f["role"], f[i] or "",
                            f["reason"] or "", f["file"]))  # fmt: skip
    return buffer.getvalue()
