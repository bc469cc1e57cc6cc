"""The only list of instruments: the ones this package ships, then those installed packages add.

A package adds an instrument with an entry point in the group ``causality.instruments`` whose object
satisfies :class:`causality.instruments.base.Instrument`, e.g. in its ``pyproject.toml``::

    [project.entry-points."causality.instruments"]
    naranjo_lite = "naranjo_lite:INSTRUMENT"
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from typing import Any

from causality.errors import UsageError
from causality.instruments.base import Instrument, InstrumentInfo, Route
from causality.model import Case, PairAssessment, Use

GROUP = "causality.instruments"

# The instruments this package ships, in the order they are shown; each folder's entry.py holds the rest.
# Naranjo and WHO-UMC are scored for every pair and keep their own places in the output.
MAIN = ("naranjo", "who_umc")
BUILTIN = (*MAIN, "lcat", "rucam", "alden", "george", "hartwig", "schumock_thornton")


def _builtin(key: str) -> Instrument:
    module = importlib.import_module(f"causality.instruments.{key}.entry")
    instrument: Instrument = module.INSTRUMENT
    return instrument


def _entry_point_lines(text: str) -> list[tuple[str, str]]:
    """``name = module:attr`` lines of the ``[causality.instruments]`` section of an entry_points.txt."""
    out, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == f"[{GROUP}]"
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, _, target = line.partition("=")
            out.append((name.strip(), target.strip()))
    return out


def installed_entry_points() -> list[tuple[str, str]]:
    """Entry points of the group in the installed distributions.

    Reads the distributions' entry_points.txt directly: importing importlib.metadata costs more than the
    whole start-up of `causality score` is allowed to take.
    """
    found: dict[str, str] = {}
    for folder in sys.path:
        base = folder or "."
        try:
            names = [n for n in os.listdir(base) if n.endswith((".dist-info", ".egg-info"))]  # noqa: PTH208
        except OSError:
            continue
        for meta in sorted(names):
            try:  # os rather than pathlib, which `causality score FILE` would otherwise not load
                with open(os.path.join(base, meta, "entry_points.txt"), encoding="utf-8") as f:  # noqa: PTH118, PTH123
                    text = f.read()
            except OSError:
                continue
            for name, target in _entry_point_lines(text):
                found.setdefault(name, target)  # the first on sys.path wins, as importlib.metadata does
    return sorted(found.items())


def _load(name: str, target: str) -> Instrument:
    module_name, _, attr = target.partition(":")
    try:
        obj: object = importlib.import_module(module_name.strip())
        for part in attr.strip().split(".") if attr.strip() else ():
            obj = getattr(obj, part)
    except Exception as exc:  # an installed package's fault must not stop the built-in instruments
        raise UsageError(
            f"causality: the installed instrument '{name}' ({target}) could not be loaded: {exc}"
        ) from exc
    if not isinstance(obj, Instrument):
        raise UsageError(
            f"causality: the installed instrument '{name}' ({target}) lacks what an instrument provides "
            "(see 'Writing an instrument' in the README)"
        )
    return obj


@cache
def instruments() -> tuple[Instrument, ...]:
    """Every instrument, built-in first, then the installed ones by entry-point name. An installed
    instrument that cannot be loaded, or that takes another's id, is left out with a line on standard
    error: a centre's broken package must not stop the assessment with the built-in instruments."""
    out = [_builtin(key) for key in BUILTIN]
    for name, target in installed_entry_points():
        try:
            instrument = _load(name, target)
            if any(i.id == instrument.id or i.info.name == instrument.info.name for i in out):
                raise UsageError(
                    f"causality: the installed instrument '{name}' uses the id '{instrument.id}' of another one"
                )
        except UsageError as exc:
            sys.stderr.write(f"{exc} (left out)\n")
            continue
        out.append(instrument)
    return tuple(out)


def further() -> tuple[Instrument, ...]:
    """The instruments routed per pair (all but Naranjo and WHO-UMC), in the order they are shown."""
    return tuple(i for i in instruments() if i.id not in MAIN)


def ids() -> tuple[str, ...]:
    return tuple(i.id for i in instruments())


def get(name: str) -> Instrument:
    """By id (``who_umc``) or by the name `causality scales` shows (``who-umc``)."""
    key = name.strip().lower()
    for i in instruments():
        if key in (i.id, i.info.name, i.id.replace("_", "-")):
            return i
    names = ", ".join(i.info.name for i in instruments())
    raise UsageError(f"causality scales: unknown instrument '{name}' (allowed: {names})")


def infos() -> dict[str, InstrumentInfo]:
    return {i.info.name: i.info for i in instruments()}


def title(instrument_id: str) -> str:
    return next(i.title for i in instruments() if i.id == instrument_id)


def routes(case: Case, pair: PairAssessment) -> list[Route]:
    """Every per-pair instrument with whether it applies; the clinician's add or skip wins over the reaction,
    and an every-pair instrument with nothing recorded that it uses is not applied (it would only restate
    "not recorded")."""
    out = []
    for instrument in further():
        applies, why = instrument.applies(case, pair)
        choice = pair.instruments.get(instrument.id)
        if choice is not None:
            said = f": {choice.reason}" if choice.reason else ""
            verb = "added" if choice.use is Use.ADD else "skipped"
            out.append(Route(instrument.id, choice.use is Use.ADD, f"{verb} by the assessor{said} (by term: "
                             f"{why})", True))  # fmt: skip
        elif (
            applies
            and instrument.every_pair
            and not pair.answers.get(instrument.id)
            and not instrument.recorded(case, pair)
        ):
            out.append(Route(instrument.id, False, "applies to every pair, but nothing it uses is recorded"))
        else:
            out.append(Route(instrument.id, applies, why))
    return out


def interview_questions() -> tuple[Any, ...]:
    """What each instrument adds to the interview: the object its entry offers as ``questions`` (optional),
    with any of ``reaction_questions(p, j, section)``, ``pair_questions(p, i, j, section)`` and
    ``case_questions(p)``, each returning the questions that apply to the partial case ``p``."""
    return tuple(q for i in instruments() if (q := getattr(i, "questions", None)) is not None)
