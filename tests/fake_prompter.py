"""A prompter without a terminal, for the interview's logic: it answers by question key, with the values the
engine receives from the real prompts.

The real prompts (questionary through prompt_toolkit) are driven by tests/interview_harness.py for the paths a
clinician takes; this one answers in microseconds, so the tests of what is asked, what is derived and what the
review changes can each run a whole interview. It fails loudly on any question its script does not answer, and
on an answer the real prompt would not accept.

An answer is, by the question's kind:

- text: the text typed (after the default is cleared);
- select: the chosen option's value;
- tick-box: a tuple of option values to toggle, as Space does on each, starting from the ticks the question
  shows (its default, e.g. the other drugs it comes with ticked); ``()`` is Enter on the list as shown;
- ``InTurn(a, b, ...)``: for a question asked more than once (the review's menus), one answer each time;
- ``Keys("...")``: typed at the real questionary prompt through prompt_toolkit pipe input (what the prompt
  itself refuses, Ctrl-C).

Keys may also be ``re:`` regular expressions over question keys, as in ``interview_harness.by_key``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from causality.interview.questions import Kind, Question, Value
from tests.interview_harness import by_key, prompter

Tick = tuple[str, ...]


@dataclass(frozen=True)
class Keys:
    keys: str


class InTurn:
    def __init__(self, *answers: str | Tick | Keys) -> None:
        self.pending = list(answers)


Answer = str | Tick | Keys | InTurn


@dataclass
class FakePrompter:
    answers: Mapping[str, Answer]
    asked: list[str] = field(default_factory=list)  # question keys, in the order asked
    questions: list[Question] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        self.said.append(text)

    def page(self, text: str) -> None:  # the real one hands long text to the terminal's pager
        self.said.append(text)

    def _scripted(self, q: Question) -> Answer:
        if q.key in self.answers:
            return self.answers[q.key]
        for pattern, answer in self.answers.items():
            if pattern.startswith("re:") and re.fullmatch(pattern[3:], q.key):
                return answer
        raise AssertionError(f"the script has no answer for {q.key!r}: {q.message}")

    def ask(self, q: Question, default: Value | None = None) -> Value:
        self.asked.append(q.key)
        self.questions.append(q)
        default = q.default if default is None else default
        answer = self._scripted(q)
        if isinstance(answer, InTurn):
            assert answer.pending, f"{q.key!r} asked more often than the script answers it"
            answer = answer.pending.pop(0)
        if isinstance(answer, Keys):
            with prompter(by_key({q.key: answer.keys})) as real:
                return real.ask(q, default)
        if q.kind is Kind.CHECKBOX:
            assert isinstance(answer, tuple), f"{q.key!r} is a tick-box: answer with a tuple, not {answer!r}"
            ticked = set(default) if isinstance(default, list) else set()
            ticked ^= set(answer)
            # in the list's order, as questionary returns them
            value: Value = [o.value for o in q.options if o.value in ticked]
        else:
            assert isinstance(answer, str), f"{q.key!r} is a {q.kind} question: answer {answer!r} is not text"
            value = answer.strip()  # as the real prompt returns typed text
        problem = q.validate(value)
        assert problem is None, f"the prompt would refuse {answer!r} for {q.key!r}: {problem}"
        assert not isinstance(answer, tuple) or len(set(answer)) == len(answer), f"{q.key!r}: a value twice"
        return value


@dataclass
class Editing(FakePrompter):
    """In the review's "Which answer?" list, picks the line that contains ``change``."""

    change: str = ""

    def ask(self, q: Question, default: Value | None = None) -> Value:
        if q.message == "Which answer?":
            self.asked.append("which answer")
            return next(o.value for o in q.options if self.change in o.title)
        return super().ask(q, default)
