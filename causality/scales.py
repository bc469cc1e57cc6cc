"""Plain-text listings of the instruments, so a clinician can check the tool against the papers."""

from __future__ import annotations

import textwrap

from causality.instruments import InstrumentInfo, registry
from causality.routing import APPLIES_TO

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
        applies = APPLIES_TO.get(info.name.replace("-", "_"))
        if applies:
            lines.extend(textwrap.wrap(f"Applied to: {applies}; the assessor can add or skip it.", 78,
                                       initial_indent="  ", subsequent_indent="  "))  # fmt: skip
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


def _head(info: InstrumentInfo) -> list[str]:
    return [info.title, "", *textwrap.wrap(info.summary, 78, initial_indent="  ", subsequent_indent="  "), ""]


def _foot(info: InstrumentInfo) -> list[str]:
    return ["", *_citations(info)]


def lcat_text() -> str:
    from causality.instruments import lcat

    lines = _head(lcat.INFO)
    for node, (question, answers) in lcat.NODES.items():
        lines.extend(textwrap.wrap(f"{node} {question}", 76, initial_indent="  ", subsequent_indent="      "))
        for answer in answers:
            lines.append(f"      {answer:<16} -> {lcat.EDGES[(node, answer)]}")
    return "\n".join(lines + _foot(lcat.INFO)) + "\n"


def rucam_text() -> str:
    from causality.instruments import rucam

    lines = _head(rucam.INFO)
    lines.append("  Threshold: ALT >= 5 x ULN and/or ALP >= 2 x ULN. R = (ALT/ULN) / (ALP/ULN):")
    lines.append("  R >= 5 hepatocellular, R <= 2 cholestatic, between mixed (cholestatic/mixed scale).")
    lines.append("  1 Time to onset: 5-90 days +2; < 5 or > 90 +1; from cessation <= 15 (chol. 30) days +1")
    for scale, options in rucam.COURSE_POINTS.items():
        lines.append(f"  2 Course ({scale}):")
        lines.extend(f"      {points:+d}  {option.replace('_', ' ')}" for option, points in options.items())
    lines.append("  3 Risk factors: alcohol +1; age >= 55 +1; pregnancy +1 (cholestatic/mixed)")
    lines.append("  4 Concomitant drugs:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in rucam.CONCOMITANT_POINTS.items())
    lines.append(
        "  5 Alternative causes: all of Groups I and II ruled out +2; the 7 of Group I +1; 6 or 5: 0;"
    )
    lines.append("    fewer than 5: -2; an alternative cause highly probable -3")
    for cause, (group, label, _) in rucam.CAUSES.items():
        lines.append(f"      Group {group:<3}{label} [{cause}]")
    lines.append("  6 Previous hepatotoxicity: labelled +2; published, unlabelled +1; unknown 0")
    lines.append("  7 Re-exposure:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in rucam.REEXPOSURE_POINTS.items())
    lines.append("  Bands: <= 0 excluded, 1-2 unlikely, 3-5 possible, 6-8 probable, >= 9 highly probable")
    return "\n".join(lines + _foot(rucam.INFO)) + "\n"


def alden_text() -> str:
    from causality.instruments import alden

    lines = _head(alden.INFO)
    lines.append("  1 Delay from first intake to index day: 5-28 +3; 29-56 +2; 1-4 +1; > 56 -1; on/after -3")
    lines.append("    (after a previous reaction to the same drug: 1-4 +3; 5-56 +1)")
    lines.append("  2 Drug present on index day: definite 0; doubtful -1; excluded -3 (5 half-lives)")
    lines.append("  3 Prechallenge/rechallenge:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in alden.PRECHALLENGE.items())
    lines.append("  4 Dechallenge: stopped or unknown 0; continued without harm -2")
    lines.append("  5 Notoriety:")
    lines.extend(f"      {p:+d}  {o.replace('_', ' ')}" for o, p in alden.NOTORIETY.items())
    lines.append("  6 Other cause: -1 for the other drugs when a drug's intermediate score is above 3")
    lines.append("  Bands: < 0 very unlikely, 0-1 unlikely, 2-3 possible, 4-5 probable, >= 6 very probable")
    return "\n".join(lines + _foot(alden.INFO)) + "\n"


def george_text() -> str:
    from causality.instruments import george

    lines = _head(george.INFO) + [f"  {n} {text}" for n, text in george.CRITERIA.items()]
    lines.append("  Definite 1+2+3+4; Probable 1+2+3; Possible 1; Unlikely 1 not met")
    return "\n".join(lines + _foot(george.INFO)) + "\n"


def hartwig_text() -> str:
    from causality.instruments import hartwig

    lines = _head(hartwig.INFO)
    lines += [f"  {level:<3} {hartwig.BANDS[level]:<9} {text}" for level, text in hartwig.LEVELS.items()]
    lines.append("  Seriousness (death, life-threatening, hospitalisation, disability, congenital anomaly,")
    lines.append("  medically important) is a separate regulatory flag.")
    return "\n".join(lines + _foot(hartwig.INFO)) + "\n"


def preventability_text() -> str:
    from causality.instruments import preventability

    lines = _head(preventability.INFO)
    for qid, (_section, question) in preventability.QUESTIONS.items():
        lines.extend(textwrap.wrap(f"{qid} {question}", 76, initial_indent="  ", subsequent_indent="     "))
    lines.append("  Any A yes: definitely preventable; else any B yes: probably; else not preventable.")
    lines.append("  An unknown answer counts as no and makes the result provisional.")
    return "\n".join(lines + _foot(preventability.INFO)) + "\n"


DETAILS = {
    "naranjo": naranjo_text,
    "who-umc": who_umc_text,
    "lcat": lcat_text,
    "rucam": rucam_text,
    "alden": alden_text,
    "george": george_text,
    "hartwig": hartwig_text,
    "schumock-thornton": preventability_text,
}
