"""The one error boundary: the tool's errors become one line per problem on standard error and their exit
code, never a traceback. Used by the command-line parser (`causality.cli`) and by the entry point's direct
start of `causality assess` (`causality.launch`); it imports no parser."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import Any

from causality.errors import CausalityError, ExitCode, OutputError

# Errors of writing the output rather than of the work: a full disk or quota, a closed pipe, a device error.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EPIPE, errno.EIO, errno.EFBIG})


class _ClosedOutput(io.TextIOBase):
    """Standard output of a command started with it closed (`>&-`). A command whose result is what it
    prints refuses to start (:func:`need_output`); the confirmations of one whose result is a file or the
    register (written, imported, signed) go nowhere, as to a closed standard error, so that its exit code
    says the work was done and nobody runs it again."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    @property
    def buffer(self) -> Any:
        raise OutputError("causality: standard output is closed; nothing was written")


def need_output(command: str) -> None:
    """Refuse, before doing anything, a command whose result is what it prints when standard output is
    closed: it would do its work and show nobody, and exit 0."""
    if sys.stdout is None or isinstance(sys.stdout, _ClosedOutput):
        raise OutputError(f"{command}: standard output is closed; nothing was done")


def mend_closed_streams() -> None:
    """For a command started with standard output or error closed (as some services and cron jobs start
    them): see :class:`_ClosedOutput`; messages to a closed standard error go nowhere (the exit code still
    says what happened) instead of falling back into the output."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115, PTH123 - lives as the process does


def _say(line: str) -> None:
    if sys.stderr is None:  # closed (`2>&-`): the exit code is all there is to say it with
        return
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def unshowable(exc: UnicodeEncodeError, command: str = "causality") -> str:
    """Output that standard output's encoding cannot hold (a Latin-1 locale, PYTHONIOENCODING=ascii): the
    character by its code point only, as standard error may not show it either; never the output itself,
    which holds patient data."""
    code = f"U+{ord(exc.object[exc.start]):04X}" if exc.start < len(exc.object) else "a character"
    encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
    return (
        f"{command}: standard output uses the {encoding} encoding, which cannot show {code} in the "
        "output; set PYTHONIOENCODING=utf-8 or use a UTF-8 locale (e.g. LANG=C.UTF-8)"
    )


def encoding_checked(write: Callable[[str], None], command: str) -> Callable[[str], None]:
    """``write`` to standard output, its encoding failure one line that also says whether part of the
    output was already out (a streamed listing, a long batch) or nothing was."""
    started = False

    def checked(text: str) -> None:
        nonlocal started
        before, started = started, True
        try:
            write(text)
        except UnicodeEncodeError as exc:
            if not _of_stdout(exc):
                raise
            done = "the output is incomplete" if before else "nothing was written"
            raise OutputError(f"{unshowable(exc, command)}; {done}") from None

    return checked


def _of_stdout(exc: UnicodeEncodeError) -> bool:
    """Whether standard output cannot show what failed (asked of its own encoding: a codec such as cp1252
    reports itself as "charmap"). A lone surrogate stands for a byte that was not UTF-8 (a file name from an
    old share): no encoding could show it, so it is never standard output's to fix."""
    from causality.inert import has_stray_byte

    encoding = getattr(sys.stdout, "encoding", None)
    failed = exc.object[exc.start : exc.end]
    if not encoding or not failed or has_stray_byte(failed):
        return False
    try:
        failed.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
    except UnicodeEncodeError:
        return True
    except LookupError:
        return False
    return False


def shown(text: str) -> str:
    """``text`` as standard output can show it, a character its encoding lacks written as an escape
    (\\u0141). For the line confirming work already done (a file written, a case signed), which must not
    turn that work into a failure; never for a command's output itself, which must not be altered."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding, getattr(sys.stdout, "errors", None) or "strict")
        return text  # shown as it is (a file name's stray byte too, where standard output passes it)
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    from causality.inert import as_utf8

    # A stray byte of a file name as \xe9, as the register keeps it; anything else the encoding lacks as \u0141.
    return as_utf8(text).encode(encoding, "backslashreplace").decode(encoding)


def handle(exc: Exception | KeyboardInterrupt, debug: bool) -> int:
    """Says what went wrong and returns the exit code; with ``debug`` the error goes on, traceback and all
    (an interruption is never a traceback)."""
    if isinstance(exc, KeyboardInterrupt):
        # Ctrl-C outside the interview (which saves its draft and says how to resume): nothing was
        # written, and the exit code says interrupted, as documented, not a generic failure.
        _say("causality: interrupted; nothing was written")
        return ExitCode.INTERRUPTED
    if debug:
        raise exc
    if isinstance(exc, CausalityError):
        for line in exc.lines():
            _say(line)
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
        # Output that cannot be written (a full disk, a closed pipe): say so once, and send what is still
        # buffered nowhere, so that exiting does not fail a second time with a traceback.
        with contextlib.suppress(OSError, ValueError):  # no real descriptor: nothing to discard
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        what = "the program reading the output stopped early" if isinstance(exc, BrokenPipeError) else (
            f"could not write the output: {exc.strerror or exc}")  # fmt: skip
        _say(f"causality: {what}; the output is incomplete")
        return ExitCode.FAILURE
    if isinstance(exc, UnicodeEncodeError) and _of_stdout(exc):
        _say(unshowable(exc))
        return ExitCode.FAILURE
    # A Unicode error's repr holds the whole text it failed on: case data, not for standard error.
    what = (
        f"{type(exc).__name__}({getattr(exc, 'reason', '')!r})"
        if isinstance(exc, UnicodeError)
        else repr(exc)
    )
    _say(f"causality: internal error: {what} (run with --debug for the traceback)")
    return ExitCode.FAILURE
