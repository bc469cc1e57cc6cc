"""Asking one question at a time with questionary; imported only when an interview starts."""

from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice

from causality.interview.questions import Kind, Question, Value


class QuestionaryPrompter:
    """Shows a Question in the terminal and returns the validated answer.

    Uses ``unsafe_ask`` so that Ctrl-C raises KeyboardInterrupt (``ask`` would swallow it and return None,
    losing the interruption); the engine turns it into a saved draft.
    """

    def __init__(self, **prompt_options: Any) -> None:
        self.options = prompt_options  # input/output for tests

    def say(self, text: str = "") -> None:
        questionary.print(text, **({"output": self.options["output"]} if "output" in self.options else {}))

    def ask(self, q: Question, default: Value | None = None) -> Value:
        default = q.default if default is None else default
        if q.kind is Kind.TEXT:
            answer: str = questionary.text(
                q.message,
                default=default if isinstance(default, str) else "",
                validate=lambda text: q.validate(text) or True,
                instruction=q.instruction,
                **self.options,
            ).unsafe_ask()
            return answer.strip()
        if q.kind is Kind.CHECKBOX:
            ticked = set(default) if isinstance(default, list) else set()
            choices = [Choice(o.title, o.value, checked=o.value in ticked) for o in q.options]
            return list(
                questionary.checkbox(
                    q.message, choices=choices, instruction=q.instruction, **self.options
                ).unsafe_ask()
            )
        keys = [o.key for o in q.options]
        shortcuts = all(keys) and len(set(keys)) == len(keys)
        choices = [Choice(o.title, o.value, shortcut_key=o.key if shortcuts else True) for o in q.options]
        value = default if isinstance(default, str) and default in {o.value for o in q.options} else None
        return str(
            questionary.select(
                q.message,
                choices=choices,
                default=value,
                use_shortcuts=True,
                use_jk_keys=False,
                instruction=q.instruction
                or ("(letter or arrows, Enter)" if shortcuts else "(arrows, Enter)"),
                **self.options,
            ).unsafe_ask()
        )
