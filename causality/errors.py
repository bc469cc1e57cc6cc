"""Errors a user can cause, each carrying the exit code the CLI returns for it.

One place (``causality.cli.main``) prints them; nothing else writes to standard error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CausalityError(Exception):
    """Root of every error the tool reports without a traceback."""

    exit_code = EXIT_FAILURE

    def lines(self) -> list[str]:
        return [str(self)]


class Problem(NamedTuple):
    """One thing wrong with one field of one input file."""

    source: str
    path: str
    message: str
    allowed: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}: {self.path}: " if self.path else f"{self.source}: "
        tail = f" (allowed: {self.allowed})" if self.allowed else ""
        return f"{where}{self.message}{tail}"


class InputError(CausalityError):
    """Bad input: every problem found, one per line; nothing was scored or written."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(CausalityError):
    """A request the tool cannot carry out as asked (unknown instrument name, no files found...)."""

    exit_code = EXIT_USAGE
