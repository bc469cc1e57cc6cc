"""The `causality` command's entry point. `causality assess` alone, the everyday start of an assessment, has
nothing to parse: its interview starts without loading the command-line parser, so that the first question
is on screen sooner. Everything else goes through `causality.cli`."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["assess"]:
        raise SystemExit(_assess())
    from causality.cli import main as parse_and_run

    parse_and_run()


def _assess() -> int:
    from causality import boundary

    try:
        from causality.interview.command import assess

        assess()
    except (Exception, KeyboardInterrupt) as exc:
        return boundary.handle(exc, debug=False)
    return 0
