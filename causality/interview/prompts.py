"""Asking one question at a time with questionary; imported only when an interview starts."""

from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice

from causality.interview.questions import Kind, Question, Value

MAX_SHORTCUTS = 36


def _width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def fit(text: str, indent: int = 2) -> str:
    """Wrapped at word boundaries to the terminal, so that nothing is cut or broken mid-word."""
    import textwrap

    width = _width() - indent - 1
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=" " * indent, break_on_hyphens=False) if line else line
        for line in text.splitlines()
    )


class QuestionaryPrompter:
    """Shows a Question in the terminal and returns the validated answer.

    Uses ``unsafe_ask`` so that Ctrl-C raises KeyboardInterrupt (``ask`` would swallow it and return None,
    losing the interruption); the engine turns it into a saved draft.
    """

    def __init__(self, **prompt_options: Any) -> None:
        self.options = prompt_options  # input/output for tests

    def say(self, text: str = "") -> None:
        lines = [fit(line, len(line) - len(line.lstrip()) + 2) for line in text.split("\n")]
        questionary.print(
            "\n".join(lines), **({"output": self.options["output"]} if "output" in self.options else {})
        )

    def _suggest(self, q: Question, suggestion: str) -> str:
        """A suggested answer shown greyed in the empty field: Enter takes it, typing replaces it (a default
        put in the field would be typed onto)."""
        from prompt_toolkit.formatted_text import FormattedText

        answer: str = questionary.text(
            fit(q.message),
            default="",
            validate=lambda text: q.validate(text.strip() or suggestion) or True,
            instruction=q.instruction,
            placeholder=FormattedText([("class:placeholder fg:ansibrightblack", suggestion)]),
            **self.options,
        ).unsafe_ask()
        return answer.strip() or suggestion

    def page(self, text: str) -> None:
        """Long text (every answer and score) through the terminal's pager, as git and man do."""
        import sys

        if "output" in self.options or not sys.stdout.isatty():
            self.say(text)
            return
        import click

        click.echo_via_pager(text)

    def ask(self, q: Question, default: Value | None = None) -> Value:
        if q.kind is Kind.TEXT and default is None and isinstance(q.default, str) and q.default:
            return self._suggest(q, q.default)
        default = q.default if default is None else default
        if q.kind is Kind.TEXT:
            answer: str = questionary.text(
                fit(q.message),
                default=default if isinstance(default, str) else "",
                validate=lambda text: q.validate(text) or True,
                instruction=q.instruction,
                **self.options,
            ).unsafe_ask()
            return answer.strip()
        if q.kind is Kind.CHECKBOX:
            ticked = set(default) if isinstance(default, list) else set()
            choices = [
                Choice(
                    o.title,
                    o.value,
                    checked=o.value in ticked,
                    description=o.description and fit(o.description, 0),
                )
                for o in q.options
            ]
            # questionary echoes one ticked item by name but none or several as "done": its echo is erased
            # and the question is echoed again with what was ticked, by name.
            chosen = list(
                questionary.checkbox(
                    fit(q.message),
                    choices=choices,
                    instruction=q.instruction,
                    erase_when_done=True,
                    **self.options,
                ).unsafe_ask()
            )
            titles = {o.value: o.title for o in q.options}
            self.say(fit(f"? {q.message} " + ("; ".join(titles[v] for v in chosen) or "none"), 2))
            return chosen
        keys = [o.key for o in q.options]
        letters = all(keys) and len(set(keys)) == len(keys)
        # questionary has at most 36 shortcut keys; a longer list (the review's answers) filters as you type.
        short = len(q.options) <= MAX_SHORTCUTS
        choices = [Choice(o.title, o.value, shortcut_key=o.key if letters else short) for o in q.options]
        value = default if isinstance(default, str) and default in {o.value for o in q.options} else None
        if (
            value is None
        ):  # Enter on a fact never answered says "not known" ("u"), never the first option's "yes"
            value = next((o.value for o in q.options if o.key == "u"), None)
        return str(
            questionary.select(
                fit(q.message),
                choices=choices,
                default=value,
                use_shortcuts=short,
                use_jk_keys=False,
                use_search_filter=not short,
                instruction=q.instruction or (" " if short else "(type to filter, arrows, Enter)"),
                **self.options,
            ).unsafe_ask()
        )
