"""The readable, 80-column summary that `causality score` prints and the interview's review shows, laid
out from the same view of each pair as the printed report."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from causality.instruments import who_umc as W
from causality.report.view import SETTLED, FurtherView, PairView

WIDTH = 80


def _signed(points: int) -> str:
    return f"{points:+d}" if points else "0"


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, WIDTH - indent, break_on_hyphens=False) or [""]


def _indented(text: str, indent: int) -> list[str]:
    return [" " * indent + part for part in _wrap(text, indent)]


def _bullet(text: str) -> list[str]:
    wrapped = _wrap(text, 4)
    return ["  - " + wrapped[0], *("    " + part for part in wrapped[1:])]


def render_pair(v: PairView, questions: bool = False) -> str:
    """One pair; ``questions`` adds each item's published wording."""
    lines = [
        f"{v.case_id}: {v.drug} x {v.reaction}",
        *(_wrap(v.assessment, 0) if v.assessment else []),
        f"File: {v.source}",
        f"Time to onset: {v.time_to_onset}",
        *(line for signature in v.signatures for line in _wrap(f"Signature: {signature}", 0)),
        "",
        "Naranjo ADR Probability Scale",
        f"  {'Item':<24}{'Answer':<9}{'Points':>6}  Source",
    ]
    for row in v.naranjo:
        lines.append(f"  {row.id + ' ' + row.domain:<24}{row.word:<9}{_signed(row.points):>6}  {row.source}")
        if questions:
            lines.extend(_indented(f'"{row.question}"', 6))
        if not row.default:
            lines.extend(_indented(row.reason, 6))
    lines.append(f"  Total {v.naranjo_total}: {v.naranjo_category} (band {v.naranjo_band})")
    if v.naranjo_unknown:
        lower, upper = v.range_categories[-1], v.range_categories[0]
        lines.append(
            f"  If the unknown items were answered: {v.range_lower} ({lower}) to {v.range_upper} ({upper})"
        )
        if v.pivotal:
            lines.extend(
                _indented(f"Category could change; items that can move it: {', '.join(v.pivotal)}", 2)
            )
        else:
            lines.append("  The category cannot change.")
        if v.settled:
            lines.extend(_indented(f"{SETTLED}: {', '.join(v.settled)}", 2))
    lines.append("")
    lines.extend(_who_umc_lines(v))
    for f in v.further:
        lines.append("")
        lines.extend(further_lines(f, questions))
    if v.not_applied:
        lines.append("")
        lines.extend(_wrap("Not applied: " + "; ".join(v.not_applied), 0))
    if v.warnings:
        lines.append("")
        lines.append("Warnings")
        for warning in v.warnings:
            lines.extend(_bullet(warning))
    return "\n".join(lines)


def _who_umc_lines(v: PairView) -> list[str]:
    lines = [f"WHO-UMC: {v.who_category or 'no category'} (step {v.who_step}: {v.who_rule})"]
    if v.who_nearest:
        lines.append(f"  Nearest: {', '.join(v.who_nearest)}")
    if v.override:
        lines.extend(
            _indented(f"Assessor's category: {v.override['category']}. Reason: {v.override['reason']}", 2)
        )
    for c in v.who_categories:
        if not c.unmet:
            lines.append(f"  {c.label:<18} every criterion met")
            continue
        lines.append(f"  {c.label:<18} not met:")
        for cid in c.unmet:  # in words: a code alone tells a clinician nothing
            lines.extend(_indented(f"- {W.CRITERION_BY_ID[cid].text}", 4))
    lines.append("  Inputs:")
    for name, value, source, reason in v.who_inputs:
        wrapped = _wrap(f"{name} = {value} ({source}: {reason})", 6)
        lines.append("    " + wrapped[0])
        lines.extend("      " + part for part in wrapped[1:])
    return lines


def further_lines(f: FurtherView, questions: bool = False) -> list[str]:
    """One further instrument: its result, each item with its answer or points and where it came from."""
    lines = _wrap(f"{f.title}: {f.result}", 0)
    if f.why:
        lines.extend(_indented(f"Applies: {f.why}", 2))
    if f.path:
        lines.extend(_indented(f"Path: {f.path}", 2))
    for row in f.rows:
        name = row.id or row.label
        if row.points is not None:
            lines.append(f"  {row.id:<4}{row.label:<44}{_signed(row.points):>5}  {row.source}")
        else:
            lines.append(f"  {name:<{5 if len(name) <= 4 else 30}}{row.answer:<16}{row.source}")
            if questions and row.id:
                lines.extend(_indented(f'"{row.label}"', 6))
        lines.extend(_indented(row.reason + (f" [{row.fact}]" if row.fact else ""), 6))
    for d in f.drugs:
        other = f" (other reading {d['other']})" if d["other"] else ""
        lines.append(
            f"  {d['name']}: intermediate {d['intermediate']}, final {d['final']} ({d['band']}){other}"
        )
    notes = ([f"{f.unrecorded_label}: {', '.join(f.unrecorded)}"] if f.unrecorded else []) + f.notes
    for note in notes:
        lines.extend(_bullet(note))
    return lines


def join_blocks(blocks: Iterable[str]) -> str:
    return ("\n" + "-" * WIDTH + "\n").join(blocks) + "\n"
