"""Plain-text listings of the instruments, so a clinician can check the tool against the papers."""

from __future__ import annotations

import textwrap

from causality.instruments import InstrumentInfo, registry


def _citations(info: InstrumentInfo) -> list[str]:
    lines = []
    for c in info.citations:
        text = c.text + (f" doi:{c.doi}" if c.doi else "")
        lines.extend(textwrap.wrap(text, 76, initial_indent="  ", subsequent_indent="    "))
        if c.note:
            lines.extend(textwrap.wrap(c.note, 76, initial_indent="    ", subsequent_indent="    "))
    return lines


def listing() -> str:
    lines = []
    for info in registry().values():
        lines.append(f"{info.name}: {info.title}")
        lines.extend(textwrap.wrap(info.summary, 78, initial_indent="  ", subsequent_indent="  "))
        lines.extend(_citations(info))
        lines.append("")
    lines.append("Details: causality scales NAME")
    return "\n".join(lines) + "\n"


def naranjo_text() -> str:
    from causality.instruments import naranjo as N

    lines = [N.INFO.title, ""]
    lines.append(f"  {'#':<4}{'Question':<58}{'Yes':>5}{'No':>5}{'DK':>5}")
    for item in N.ITEMS:
        wrapped = textwrap.wrap(f"{item.domain}. {item.question}", 56)
        points = "".join(f"{p:>+5d}" if p else f"{0:>5d}" for p in (item.yes, item.no, item.unknown))
        lines.append(f"  {item.id:<4}{wrapped[0]:<58}{points}")
        lines.extend(f"      {part}" for part in wrapped[1:])
    lines.append("")
    lines.append("  DK = do not know. Total range -4 to +13.")
    for category, band in N.BAND_TEXT.items():
        lines.append(f"  {band:>7}  {category.label}")
    lines.append("")
    lines.append("  Tool additions: the range the total could reach if the unknown items were answered, and")
    lines.append("  the items that could move the category (spec §1.3).")
    lines.append("")
    lines.extend(_citations(N.INFO))
    return "\n".join(lines) + "\n"


def who_umc_text() -> str:
    from causality.instruments import who_umc as W

    lines = [W.INFO.title, ""]
    for category, groups in W.REQUIREMENTS.items():
        lines.append(f"  {category.label}")
        for group in groups:
            texts = [f"{cid} {W.CRITERION_BY_ID[cid].text}" for cid in group]
            joined = " OR ".join(texts)
            lines.extend(textwrap.wrap(joined, 74, initial_indent="    - ", subsequent_indent="      "))
    lines.append("")
    lines.append("  Decision procedure (tool convention, spec §2.3), first match wins:")
    steps = (
        "0 no event documented (and no data pending) -> Unassessable",
        "1 information insufficient or contradictory, final -> Unassessable",
        "2 information pending -> Conditional",
        "3 timing unknown -> Conditional if the dates can be obtained, else Unassessable",
        "4 timing impossible -> Unlikely, with a warning (UMC has no category)",
        "5 improbable timing and a plausible other explanation -> Unlikely",
        "6 all Certain criteria -> Certain",
        "7 all Probable criteria -> Probable / Likely",
        "8 all Possible criteria -> Possible",
        "9 otherwise no category: the nearest ones and their unmet criteria are shown",
    )
    lines.extend(f"    {step}" for step in steps)
    lines.append("")
    lines.append("  Inputs and their values:")
    for name, cls in W.INPUT_TYPES.items():
        lines.extend(
            textwrap.wrap(
                f"{name}: {', '.join(m.value for m in cls)}",
                74,
                initial_indent="    ",
                subsequent_indent="      ",
            )
        )
    lines.append("")
    lines.extend(textwrap.wrap(W.DISCLAIMER, 76, initial_indent="  ", subsequent_indent="  "))
    lines.append("")
    lines.extend(_citations(W.INFO))
    return "\n".join(lines) + "\n"


DETAILS = {"naranjo": naranjo_text, "who-umc": who_umc_text}
