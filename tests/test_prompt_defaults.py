"""At the real questionary prompt: Enter on a question of fact never answered says "not known", never the
first option (often "yes"), so that a hurried Enter records no fact that nobody gave."""

from __future__ import annotations

from causality.interview.questions import Kind, Option, Question
from tests.interview_harness import ENTER, prompter

FACT = Question(
    "pair.0.0.rechallenge",
    Kind.SELECT,
    "Was the drug given again?",
    "alemtuzumab x epistaxis",
    "rechallenge",
    options=(
        Option("positive", "Yes, and epistaxis came back", "y"),
        Option("negative", "Yes, and it did not come back", "d"),
        Option("not_done", "No", "n"),
        Option("unknown", "Don't know", "u"),
    ),
)


def test_enter_on_an_unanswered_fact_is_dont_know() -> None:
    with prompter(lambda q: ENTER) as p:
        assert p.ask(FACT) == "unknown"


def test_enter_keeps_an_answer_already_given() -> None:
    with prompter(lambda q: ENTER) as p:
        assert p.ask(FACT, "not_done") == "not_done"


def test_a_menu_without_a_dont_know_still_starts_at_its_first_choice() -> None:
    menu = Question("menu", Kind.SELECT, "What next?", "Review", "What next?",
                    options=(Option("save", "Save the case", "s"), Option("quit", "Stop here", "q")))  # fmt: skip
    with prompter(lambda q: ENTER) as p:
        assert p.ask(menu) == "save"
