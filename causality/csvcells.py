"""CSV cells that a spreadsheet shows rather than runs.

A spreadsheet opening a CSV file runs a cell that begins with "=", "+", "-" or "@" as a formula (and may
fetch or execute what it names); a leading tab or carriage return can hide such a cell. Every CSV the tool
writes is meant to be opened in one, and its cells carry what people typed (case identifiers, drug and
reaction names, assessors, reasons), sometimes from case files received from others. Such a cell is
written with a leading apostrophe, which a spreadsheet shows as text; numbers ("-3", "+1.5") and a lone
sign are left as they are. JSON keeps every value exactly as recorded.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

_RUN_AS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def cell(value: object) -> object:
    """``value`` as a CSV cell: text a spreadsheet would run is given a leading apostrophe."""
    if (
        isinstance(value, str)
        and value.startswith(_RUN_AS_FORMULA)
        and value not in ("+", "-")
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def row(values: Iterable[object]) -> list[object]:
    return [cell(v) for v in values]


class Writer:
    """A ``csv.writer`` (lines ending in "\\n") whose rows pass through :func:`cell`."""

    def __init__(self, out: SupportsWrite[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(row(values))
