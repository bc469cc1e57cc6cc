"""`causality assess`: what it checks before the interview starts, shared by the command-line parser and the
entry point's direct start (`causality.launch`), which loads no parser."""

from __future__ import annotations

import sys

from causality.errors import UsageError


def assess(*, from_file: str | None = None, resume: bool = False, draft_file: str | None = None,
           output: str | None = None, db_url: str | None = None) -> None:  # fmt: skip
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "causality assess: needs a terminal to ask its questions. To score a case file without "
            "questions, use: causality score FILE (write the file by hand or start from examples/)."
        )
    if sum(bool(x) for x in (from_file, resume, draft_file)) > 1:
        raise UsageError("causality assess: give one of --from, --resume and --draft")
    if db_url is not None and output is not None:
        raise UsageError(
            "causality assess: give --db or -o, not both (a case goes to the register or to a file)"
        )
    if from_file and db_url is None:
        _check_interview_can_open(from_file)
    from causality.interview.session import start

    start(from_file=from_file, resume=resume, output=output, draft_file=draft_file, db_url=db_url)


def _check_interview_can_open(path: str) -> None:
    """The interview asks about suspect drugs by name: an assessment naming one ingredient of a product is
    read and scored by every other command, but not yet opened by the interview."""
    from pathlib import Path

    from causality.casefile import load_file

    case, _ = load_file(Path(path))  # problems are the interview's to report, as before
    if case is None:
        return
    names = {d.name.casefold() for d in case.suspect_drugs}
    seen: set[tuple[str, str]] = set()
    for pair in case.assessments:
        key = (pair.drug.casefold(), pair.reaction.casefold())
        if key in seen:
            raise UsageError(
                f"causality assess: {path}: {pair.drug} x {pair.reaction} is assessed more than once (several "
                "assessors, or a consensus or adjudication); the interview edits one assessment per pair: keep the "
                "one to edit in a file of its own"
            )
        seen.add(key)
        drug = case.drug(pair.drug)
        if pair.drug.casefold() not in names and drug is not None and drug.ingredient_of:
            raise UsageError(
                f"causality assess: {path}: the assessment of {pair.drug} (an ingredient of {drug.ingredient_of}) "
                "cannot be opened in the interview yet; causality score and causality report read it"
            )
