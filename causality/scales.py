"""Plain-text listings of the instruments, so a clinician can check the tool against the papers."""

from __future__ import annotations

import textwrap

from causality.instruments import registry
from causality.instruments.base import citation_lines

WIDTH = 80


def fit(text: str) -> str:
    """Wrap any line longer than the terminal's 80 columns, continuing under its own indent."""
    out = []
    for line in text.splitlines():
        if len(line) <= WIDTH:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()))
        out.extend(
            textwrap.wrap(line.strip(), WIDTH, initial_indent=indent, subsequent_indent=indent + "    ")
        )
    return "\n".join(out) + "\n"


def listing() -> str:
    lines = []
    for instrument in registry.instruments():
        info = instrument.info
        lines.append(f"{info.name}: {info.title}")
        lines.extend(textwrap.wrap(info.summary, 78, initial_indent="  ", subsequent_indent="  "))
        if instrument.id not in registry.MAIN:
            lines.extend(textwrap.wrap(f"Applied to: {instrument.applies_to}; the assessor can add or skip it.",
                                       78, initial_indent="  ", subsequent_indent="  "))  # fmt: skip
        lines.extend(citation_lines(info))
        lines.append("")
    lines.append("Details: causality scales NAME")
    return "\n".join(lines) + "\n"


def details(name: str) -> str:
    """One instrument in full, by the name `causality scales` lists or its id."""
    return registry.get(name).scales_text()
