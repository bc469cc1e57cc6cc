"""The fake prompter answers as the real prompt would, and refuses what the real prompt would not accept."""

from __future__ import annotations

import pytest

from causality.interview.questions import YES_NO, Kind, Option, Question, check_date
from tests.fake_prompter import FakePrompter, InTurn, Keys
from tests.interview_harness import BACKSPACE

SEX = Question("sex", Kind.SELECT, "Sex", "Patient", "sex", options=YES_NO)
START = Question("start", Kind.TEXT, "Started", "Drug", "start", check=check_date)
CAUSES = Question(
    "causes", Kind.CHECKBOX, "Causes", "Pair", "causes",
    options=(Option("a", "A"), Option("b", "B"), Option("c", "C")), default=["c"],
)  # fmt: skip


def test_an_unexpected_question_fails_with_its_key() -> None:
    with pytest.raises(AssertionError, match="no answer for 'sex'"):
        FakePrompter({}).ask(SEX)


def test_what_the_prompt_would_refuse_fails() -> None:
    with pytest.raises(AssertionError, match="would refuse"):
        FakePrompter({"sex": "maybe"}).ask(SEX)
    with pytest.raises(AssertionError, match="would refuse"):
        FakePrompter({"start": "2024-02-30"}).ask(START)
    with pytest.raises(AssertionError, match="tick-box"):
        FakePrompter({"causes": "a"}).ask(CAUSES)


def test_ticks_toggle_what_comes_ticked_and_keep_the_list_order() -> None:
    assert FakePrompter({"causes": ("b", "a")}).ask(CAUSES) == ["a", "b", "c"]
    assert FakePrompter({"causes": ("c",)}).ask(CAUSES) == []
    assert FakePrompter({"causes": ()}).ask(CAUSES, ["b"]) == ["b"]  # a review edit starts from the answer


def test_in_turn_answers_each_asking_and_fails_when_they_run_out() -> None:
    p = FakePrompter({"sex": InTurn("yes", "no")})
    assert [p.ask(SEX), p.ask(SEX)] == ["yes", "no"]
    assert p.asked == ["sex", "sex"]
    with pytest.raises(AssertionError, match="more often"):
        p.ask(SEX)


def test_keys_go_to_the_real_prompt() -> None:
    typed = Keys("\x152024-02-30\r" + BACKSPACE * 10 + "2024-02-01\r")  # the first Enter is refused
    assert FakePrompter({"start": typed}).ask(START) == "2024-02-01"
