"""The `causality` command's entry point. The everyday commands with nothing to parse start without loading
the command-line parser: `causality assess` alone, so that the first question is on screen sooner, and
`causality score` with case files and folders only, whose start is mostly the parser's. Everything else
goes through `causality.cli`, which gives these two the same output, messages and exit codes."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["assess"]:
        raise SystemExit(_assess())
    if _plain_score(args):
        raise SystemExit(_score(args[1:]))
    from causality.cli import main as parse_and_run

    parse_and_run()


def _plain_score(args: list[str]) -> bool:
    """`causality score FILE...`: files and folders only; any option, `--` or `-` (standard input) is
    the parser's."""
    return len(args) > 1 and args[0] == "score" and not any(a.startswith("-") for a in args[1:])


def _assess() -> int:
    from causality import boundary

    try:
        from causality.interview.command import assess

        assess()
    except (Exception, KeyboardInterrupt) as exc:
        return boundary.handle(exc, debug=False)
    return 0


def _score(paths: list[str]) -> int:
    from causality import boundary

    try:
        from causality.batch import score_files

        score_files(paths)
    except (Exception, KeyboardInterrupt) as exc:
        return boundary.handle(exc, debug=False)
    return 0
