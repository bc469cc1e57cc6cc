"""Every error a user can cause, each naming the exit code the CLI returns for it.

One place (``causality.cli``) prints them; nothing else writes to standard error. The exit codes and
their meanings are listed once, here; ``causality --help`` and the README show the same table (a test
keeps them in step). Imported at start-up: standard library only, nothing heavy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    INTERRUPTED = 130  # the shell's convention for Ctrl-C (128 + SIGINT)

    @property
    def meaning(self) -> str:
        """One line for a clinician, as shown in ``causality --help`` and the README."""
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.OK: "ok: done as asked",
    ExitCode.FAILURE: "failure: something went wrong, e.g. the report could not be written",
    ExitCode.USAGE: "bad usage or input: every problem is listed, nothing is scored",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C): answers kept in the draft; output may be partial",
}


class CausalityError(Exception):
    """Root of every error the tool reports without a traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.FAILURE

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
        line = f"{where}{self.message}{tail}"
        # A file name, a field name or a value typed with a newline or another control character (a
        # terminal escape, a bidirectional override) must neither split the one-line message nor act on
        # the terminal: shown escaped, as Python writes it.
        return line if line.isprintable() else "".join(c if c.isprintable() else _escaped(c) for c in line)


def _escaped(c: str) -> str:
    return repr(c)[1:-1] if c != "'" else c


class InputError(CausalityError):
    """Bad input: every problem found, one per line; nothing was scored or written."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(CausalityError):
    """A request the tool cannot carry out as asked (unknown instrument name, no files found...)."""

    exit_code = ExitCode.USAGE


class PdfUnavailable(UsageError):
    """PDF asked for without the optional WeasyPrint extra."""

    exit_code = ExitCode.USAGE


class FhirUnavailable(UsageError):
    """A FHIR export asked for without the optional fhir.resources extra."""

    exit_code = ExitCode.USAGE


class ExportInvalid(CausalityError):
    """An export failed its own check against its standard: nothing was written."""

    exit_code = ExitCode.FAILURE


class TemplateProblem(CausalityError):
    """A report template could not be rendered; the message names the template and line."""

    exit_code = ExitCode.FAILURE


class DraftError(CausalityError):
    """A draft could not be saved or resumed."""

    exit_code = ExitCode.USAGE


class Interrupted(CausalityError):
    """Ctrl-C or end of input during an interview: the answers so far are in the draft."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, draft: Path | None, resume: str = "--resume") -> None:
        if draft is None:
            super().__init__("Interrupted before the first answer; nothing was saved.")
        else:
            super().__init__(
                f"Interrupted. Your answers are saved in {draft}\nResume with: causality assess {resume}"
            )


class InterruptedOutput(CausalityError):
    """Ctrl-C while the output was being written: part of it may have been."""

    exit_code = ExitCode.INTERRUPTED


class OutputError(CausalityError):
    """Standard output could not be written: the reader closed the pipe, or the disk is full."""

    exit_code = ExitCode.FAILURE


class ReportsFailed(CausalityError):
    """Some reports of a batch were not written (the others were): one line for each, then the count."""

    exit_code = ExitCode.FAILURE

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return self._lines


class NotVerified(CausalityError):
    """``causality verify``: a history is broken or a signature no longer holds (said on standard output)."""

    exit_code = ExitCode.FAILURE
