"""Causality instruments: each module holds one instrument's published data and a pure scorer."""

from __future__ import annotations

from typing import NamedTuple


class Citation(NamedTuple):
    """A published source of an instrument."""

    text: str
    doi: str | None = None
    note: str | None = None


class InstrumentInfo(NamedTuple):
    """What `causality scales` lists; the module named here holds the rest."""

    name: str
    title: str
    summary: str
    citations: tuple[Citation, ...]


def registry() -> dict[str, InstrumentInfo]:
    # Imported here so listing the instruments costs nothing until it is asked for.
    from causality.instruments import alden, george, hartwig, lcat, naranjo, preventability, rucam, who_umc

    modules = (naranjo, who_umc, lcat, rucam, alden, george, hartwig, preventability)
    return {module.INFO.name: module.INFO for module in modules}
