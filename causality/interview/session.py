"""Starting an interview: a new draft, a case file to edit, or a draft to resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from causality.errors import Interrupted, UsageError
from causality.interview.questions import Kind, Option, Question

# A new assessment's first question is on screen before the drafts, the plan and the engine are loaded
# (`_first_answer`): they are imported where they are used.
if TYPE_CHECKING:
    from pathlib import Path

    from causality.interview import drafts
    from causality.interview.engine import Prompter
    from causality.interview.register_target import RegisterTarget


def choose_draft(prompter: Prompter) -> drafts.Draft:
    from causality.interview import drafts

    found, damaged = drafts.scan()
    for problem in damaged:  # never hidden: the clinician's answers may be in there
        prompter.say(f"Cannot be resumed as it is: {problem}{_recoverable(problem)}")
    recoverable = [d for d in damaged if d.answers]
    if not found and not recoverable:
        raise UsageError(
            f"causality assess: no drafts to resume (looked in {drafts.drafts_dir()}"
            + (f"; {len(damaged)} damaged, listed above" if damaged else "")
            + ")"
        )
    if len(found) == 1 and not recoverable:  # nothing to choose
        prompter.say(f"Resuming {describe(found[0])}")
        return found[0]
    options = [Option(str(k), describe(d)) for k, d in enumerate(found)]
    options += [
        Option(f"r{k}", f"Recover {d.answers} answers from the damaged {d.path.name}")
        for k, d in enumerate(recoverable)
    ]
    picked = str(
        prompter.ask(
            Question("resume", Kind.SELECT, "Which assessment?", "Resume", "draft", options=tuple(options))
        )
    )
    if picked.startswith("r"):
        damaged_one = recoverable[int(picked[1:])]
        draft = damaged_one.recover()
        prompter.say(
            f"Recovered into {draft.path}; the damaged file is kept as {damaged_one.path.name}.damaged"
        )
        return draft
    return found[int(picked)]


def _recoverable(d: drafts.Damaged) -> str:
    n = d.answers
    return f" ({n} answers can be recovered: causality assess --resume)" if n else " (no answers can be read)"


def describe(d: drafts.Draft) -> str:
    from causality.inert import neutralise  # typed text never drives the terminal
    from causality.interview.plan import plan

    answered = sum(1 for q in plan(d.case) if q.answered(d.case))
    return neutralise(f"{d.case_id}, started {d.started.replace('T', ' ')[:16]} UTC, {answered} answers")


def listing() -> str:
    """The drafts, numbered for `causality drafts --discard N`, and the damaged ones by path."""
    from causality.interview import drafts

    found, damaged = drafts.scan()
    lines = [f"{k + 1}. {describe(d)}  ({d.path})" for k, d in enumerate(found)]
    lines += [f"damaged: {problem}{_recoverable(problem)}" for problem in damaged]
    if not lines:
        return f"No drafts (looked in {drafts.drafts_dir()}).\n"
    return (
        "\n".join(lines)
        + "\n\nResume with: causality assess --resume; discard with: causality drafts --discard N\n"
    )


def discard(number: int) -> str:
    from causality.interview import drafts

    found, _ = drafts.scan()
    if not 1 <= number <= len(found):
        raise UsageError(f"causality drafts: no draft number {number} (allowed: 1 to {len(found)})" if found
                         else "causality drafts: there are no drafts to discard")  # fmt: skip
    draft = found[number - 1]
    lock = drafts.Lock(draft.path)
    lock.acquire()  # refused while another terminal is working on it
    draft.remove()
    lock.release(remove=True)
    return f"Discarded {describe(draft)}\n"


def draft_from_file(path: str) -> drafts.Draft:
    from pathlib import Path

    from causality.casefile import load_cases
    from causality.interview import drafts
    from causality.interview.plan import from_case

    (case,) = load_cases([path])  # validated like any case file; problems exit with code 2
    draft = drafts.new_draft(source=str(Path(path)))
    draft.case = from_case(case)  # the file's data as it is: what the interview does not ask stays
    return draft


def draft_from_register(
    target: RegisterTarget, case_id: str, prompter: Prompter | None = None
) -> drafts.Draft:
    """A case of the register to edit. Where several assessors have assessed it, the interview opens one
    assessor's assessments (asked which), and saving puts them back beside the others'."""
    from causality.assessors import assessors, one_assessors_view
    from causality.casefile import read_case
    from causality.interview import drafts
    from causality.interview.plan import from_case
    from causality.register import store

    data, version = store.document(target.engine(), case_id)
    people = assessors(data)
    if len(people) > 1:
        if prompter is None:
            raise UsageError(f"causality assess: {case_id} is assessed by several people: say whose to open")
        options = tuple(Option(str(n), name) for n, (name, _person) in enumerate(people))
        picked = prompter.ask(
            Question("register.assessor", Kind.SELECT, f"{case_id} is assessed by several people. Whose "
                     "assessment do you open?", "Register", "assessor", options=options)
        )  # fmt: skip
        target.assessor = people[int(str(picked))][0]
        data = one_assessors_view(data, target.assessor)
    case, problems = read_case(f"register:{case_id}", data)
    if case is None or problems:
        raise UsageError("; ".join(str(p) for p in problems) or f"{case_id}: cannot be read")
    pairs = [(a.drug.casefold(), a.reaction.casefold()) for a in case.assessments]
    if len(set(pairs)) != len(pairs):
        raise UsageError(
            f"causality assess: {case_id}: a pair is assessed more than once by the same assessor (a consensus "
            "or adjudication beside their own); the interview edits one assessment per pair"
        )
    target.case_id, target.base = case_id, version
    draft = drafts.new_draft(source=target.source())
    draft.case = from_case(case)
    return draft


def start(
    *,
    from_file: str | None,
    resume: bool,
    output: str | None,
    prompter: Prompter | None = None,
    draft_file: str | None = None,
    db_url: str | None = None,
) -> Path | None:
    """``db_url`` (`assess --db`): the case is opened from (``from_file`` is then its case id) and saved to
    that register; a draft started in a register is saved back to it whether or not --db is given again."""
    if prompter is None:
        from causality.interview.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter()
    target: RegisterTarget | None = None
    if db_url is not None and not (draft_file or resume):
        from causality.interview.register_target import RegisterTarget
        from causality.register.store import url_of

        target = RegisterTarget(url_of(None if db_url == "default" else db_url))
    if draft_file or resume or from_file or target is not None:
        draft, asked = _opened_draft(prompter, target, from_file, resume, draft_file), 0
    else:
        draft, asked = _first_answer(prompter), 1
    from pathlib import Path

    from causality.interview import drafts
    from causality.interview.engine import Interview

    if target is None and str(draft.source or "").startswith("register:"):  # register_target.PREFIX
        from causality.interview.register_target import from_source

        target = from_source(str(draft.source), db_url)
    lock = drafts.Lock(draft.path)
    lock.acquire()
    try:
        interview = Interview(prompter, draft, output=Path(output) if output else None, register=target)
        interview.asked = asked
        return interview.run()
    finally:
        lock.release(remove=True)


def _opened_draft(prompter: Prompter, target: RegisterTarget | None, from_file: str | None, resume: bool,
                  draft_file: str | None) -> drafts.Draft:  # fmt: skip
    from pathlib import Path

    from causality.interview import drafts

    if draft_file:
        return drafts.load(Path(draft_file).expanduser())
    if resume:
        return choose_draft(prompter)
    if from_file and target is not None:
        return draft_from_register(target, from_file, prompter)
    if from_file:
        return draft_from_file(from_file)
    assert target is not None
    return drafts.new_draft(source=target.source())


def _first_answer(prompter: Prompter) -> drafts.Draft:
    """A new assessment's draft, holding the answer to its first question. The question is asked before the
    rest of the interview is loaded, so that it is on screen at once; the draft is created with the answer,
    as the interview creates it (nothing is written before the first answer)."""
    import datetime as dt

    from causality.interview.first import case_id_question

    started = dt.datetime.now(dt.UTC)
    q = case_id_question()
    try:
        value = prompter.ask(q)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(None) from None
    from causality.interview import drafts, plan

    draft = drafts.new_draft(started=started)
    plan.answer(draft.case, plan.first_question(), value)
    return draft
