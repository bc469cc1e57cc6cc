"""The readable, 80-column summary that `causality score` prints by default."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from causality.answers import Source
from causality.assessment import PairResult
from causality.instruments import naranjo as N
from causality.instruments import who_umc as W
from causality.instruments.base import Result

WIDTH = 80


def _signed(points: int) -> str:
    return f"{points:+d}" if points else "0"


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, WIDTH - indent, break_on_hyphens=False) or [""]


def render_result(r: PairResult, questions: bool = False) -> str:
    """The readable summary of one pair; ``questions`` adds each Naranjo question's published wording."""
    lines = [
        f"{r.case_id}: {r.drug} x {r.reaction}",
        f"File: {r.source}",
        f"Time to onset: {r.time_to_onset}",
        "",
        "Naranjo ADR Probability Scale",
        f"  {'Item':<24}{'Answer':<9}{'Points':>6}  Source",
    ]
    for s in r.naranjo.items:
        trace = r.naranjo_trace[s.item.id]
        source = (
            trace.source.value if trace.source is not Source.OVERRIDDEN else f"overrides '{trace.derived}'"
        )
        lines.append(
            f"  {s.item.id + ' ' + s.item.domain:<24}{s.answer.value:<9}{_signed(s.points):>6}  {source}"
        )
        if questions:
            lines.extend("      " + part for part in _wrap(f'"{s.item.question}"', 6))
        if trace.source is not Source.DEFAULT:
            lines.extend("      " + part for part in _wrap(trace.reason, 6))
    rng = r.naranjo.range
    lines.append(
        f"  Total {r.naranjo.total}: {r.naranjo.category.label} (band {N.BAND_TEXT[r.naranjo.category]})"
    )
    if r.naranjo.unknown_items:
        span = (
            f"  If the unknown items were answered: {rng.lower} ({rng.lower_category.label}) "
            f"to {rng.upper} ({rng.upper_category.label})"
        )
        lines.append(span)
        if rng.category_could_change:
            lines.extend(
                "  " + part
                for part in _wrap(
                    f"Category could change; items that can move it: {', '.join(rng.pivotal_items)}", 2
                )
            )
        else:
            lines.append("  The category cannot change.")
    lines.append("")
    lines.extend(_who_umc_lines(r))
    for f in r.further:
        lines.append("")
        lines.extend(further_lines(f, questions))
    skipped = [f"{x.instrument} ({x.why})" for x in r.routes if not x.applies]
    if skipped:
        lines.append("")
        lines.extend(_wrap("Not applied: " + "; ".join(skipped), 0))
    if r.warnings:
        lines.append("")
        lines.append("Warnings")
        for warning in r.warnings:
            wrapped = _wrap(warning, 4)
            lines.append("  - " + wrapped[0])
            lines.extend("    " + part for part in wrapped[1:])
    return "\n".join(lines)


def _who_umc_lines(r: PairResult) -> list[str]:
    w = r.who_umc
    head = w.category.label if w.category else "no category"
    lines = [f"WHO-UMC: {head} (step {w.step}: {w.rule})"]
    if w.nearest:
        lines.append(f"  Nearest: {', '.join(c.label for c in w.nearest)}")
    if r.override:
        lines.extend(
            "  " + part
            for part in _wrap(
                f"Assessor's category: {r.override.category.label}. Reason: {r.override.reason}", 2
            )
        )
    for category in (W.Category.CERTAIN, W.Category.PROBABLE, W.Category.POSSIBLE, W.Category.UNLIKELY):
        met = w.met(category)
        unmet = w.unmet(category)
        status = "all met" if not unmet else f"unmet {', '.join(unmet)}"
        lines.append(
            f"  {category.label:<18} {status}" + (f"; met {', '.join(met)}" if unmet and met else "")
        )
    lines.append("  Inputs:")
    for name, trace in r.who_umc_inputs.items():
        if trace.source is Source.DEFAULT and name in {"event_documented", "timing_obtainable"}:
            continue
        wrapped = _wrap(f"{name} = {trace.value} ({trace.source.value}: {trace.reason})", 6)
        lines.append("    " + wrapped[0])
        lines.extend("      " + part for part in wrapped[1:])
    return lines


def further_lines(f: Result, questions: bool = False) -> list[str]:
    """One further instrument: its result, each item with its answer or points and where it came from."""
    head = f.result.capitalize() if f.result else "no result"
    if f.score is not None:
        head = f"{f.score}, {head}"
    if note := f.headline_note():
        head += f" ({note})"
    lines = _wrap(f"{f.title}: {head}", 0)
    lines.extend("  " + part for part in _wrap(f"Applies: {f.why}", 2))
    if path := f.path_text():
        lines.extend("  " + part for part in _wrap(f"Path: {path}", 2))
    for line in f.lines:
        source = line.source.value
        if line.points is not None:
            lines.append(f"  {line.id:<4}{line.label:<44}{_signed(line.points):>5}  {source}")
        else:
            name = line.id if len(line.id) <= 4 else line.label
            lines.append(
                f"  {name:<{5 if len(name) <= 4 else 30}}{line.answer.replace('_', ' '):<16}{source}"
            )
            if questions:
                lines.extend("      " + part for part in _wrap(f'"{line.label}"', 6))
        why = line.reason + (f" [{line.fact}]" if line.fact else "")
        lines.extend("      " + part for part in _wrap(why, 6))
    for row in f.drug_rows():
        alt = f" (other reading {row.final_alternative})" if row.final_alternative is not None else ""
        lines.append(f"  {row.name}: intermediate {row.intermediate}, final {row.final} ({row.band}){alt}")
    notes = list(f.notes)
    if f.unrecorded_means:
        notes.insert(0, f"not recorded ({f.unrecorded_means}): {', '.join(f.unrecorded)}")
    for note in notes:
        wrapped = _wrap(note, 4)
        lines.append("  - " + wrapped[0])
        lines.extend("    " + part for part in wrapped[1:])
    return lines


def join_blocks(blocks: Iterable[str]) -> str:
    return ("\n" + "-" * WIDTH + "\n").join(blocks) + "\n"
