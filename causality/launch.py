"""The `causality` command's entry point. The everyday commands with nothing to parse start without loading
the command-line parser: `causality assess` alone, so that the first question is on screen sooner, and
`causality score` with case files and folders only, whose start is mostly the parser's. Everything else
goes through `causality.cli`, which gives these two the same output, messages and exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable  # every command loads it anyway; typing would add to start-up

# Set by the shell's completion for `causality` (click's shell completion): only the parser answers it.
_COMPLETION = "_CAUSALITY_COMPLETE"


def main() -> None:
    if sys.stdout is None or sys.stderr is None:  # started with one closed (`>&-`, `2>&-`)
        from causality.boundary import mend_closed_streams

        mend_closed_streams()
    args = sys.argv[1:]
    if _COMPLETION not in os.environ:
        if args == ["assess"]:
            raise SystemExit(_guarded(_assess))
        if _plain_score(args):
            raise SystemExit(_guarded(_score, args[1:]))
    from causality.cli import main as parse_and_run

    parse_and_run()


def _plain_score(args: list[str]) -> bool:
    """`causality score FILE...`: files and folders only; any option, `--` or `-` (standard input) is
    the parser's, and so is a path that exists but cannot be read, which the parser refuses with its
    own message."""
    return (
        len(args) > 1
        and args[0] == "score"
        and not any(a.startswith("-") or _unreadable(a) for a in args[1:])
    )


def _unreadable(path: str) -> bool:
    """As the parser's path type decides it: there (os.stat succeeds), and not readable."""
    try:
        os.stat(path)  # noqa: PTH116 - pathlib would cost this start-up more than it saves
    except (OSError, ValueError):
        return False
    return not os.access(path, os.R_OK)


def _guarded(command: Callable[..., None], *args: object) -> int:
    """Runs one command with the error boundary the parser's commands have: its exit code."""
    from causality import boundary

    try:
        command(*args)
    except (Exception, KeyboardInterrupt) as exc:
        return boundary.handle(exc, debug=False)
    return 0


def _assess() -> None:
    from causality.interview.command import assess

    assess()


def _score(paths: list[str]) -> None:
    from causality.batch import score_files

    score_files(paths)
