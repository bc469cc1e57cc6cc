"""Drive the real questionary prompts in-process through prompt_toolkit pipe input."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from causality.interview.prompts import QuestionaryPrompter
from causality.interview.questions import Question, Value

DOWN, ENTER, SPACE, CTRL_C, CTRL_U, BACKSPACE = "\x1b[B", "\r", " ", "\x03", "\x15", "\x7f"


def text(value: str) -> str:
    return CTRL_U + value + ENTER  # Ctrl-U clears a default first


def pick(letter: str) -> str:
    return letter + ENTER


def tick(*indices: int) -> str:
    keys, position = "", 0
    for index in sorted(indices):
        keys += DOWN * (index - position) + SPACE
        position = index
    return keys + ENTER


class ScriptedPrompter(QuestionaryPrompter):
    """Types the keys the script gives for each question just before questionary starts reading."""

    def __init__(self, inp: object, script: Callable[[Question], str]) -> None:
        super().__init__(input=inp, output=DummyOutput())
        self.inp, self.script = inp, script
        self.asked: list[str] = []
        self.said: list[str] = []

    def ask(self, q: Question, default: Value | None = None) -> Value:
        self.asked.append(q.key)
        self.inp.send_text(self.script(q))  # type: ignore[attr-defined]
        return super().ask(q, default)

    def say(self, text: str = "") -> None:
        self.said.append(text)


def by_key(answers: Mapping[str, str]) -> Callable[[Question], str]:
    """A script from question keys (or regular expressions over them) to keys; unknown questions fail."""

    def script(q: Question) -> str:
        if q.key in answers:
            return answers[q.key]
        for pattern, keys in answers.items():
            if pattern.startswith("re:") and re.fullmatch(pattern[3:], q.key):
                return keys
        raise AssertionError(f"the script has no answer for {q.key!r}: {q.message}")

    return script


@contextmanager
def prompter(script: Callable[[Question], str]) -> Iterator[ScriptedPrompter]:
    with create_pipe_input() as inp:
        yield ScriptedPrompter(inp, script)


# The alemtuzumab case report, as a clinician would enter it (keys per question).
ALEMTUZUMAB: dict[str, str] = {
    "case_id": text("ALEM-001"),
    "assessor.name": text("A. Assessor"),
    "assessor.role": text("clinical pharmacist"),
    "reporter.role": text("case report in the literature"),
    "reporter.date": text(""),
    "age": text("58"),
    "sex": pick("f"),
    "conditions": text("relapsing-remitting multiple sclerosis"),
    "drug.0.name": text("alemtuzumab"),
    "drug.0.dose": text("12 mg/day"),
    "drug.0.route": text("intravenous"),
    "drug.0.indication": text("relapsing-remitting multiple sclerosis"),
    "drug.0.class": text("anti-CD52 monoclonal antibody"),
    "drug.0.ingredients": text(""),
    "drug.0.start": text(""),
    "drug.0.stop": text(""),
    "drug.0.more": pick("n"),
    "concomitant": text(""),
    "reaction.0.term": text("generalized petechiae"),
    "reaction.0.onset": text("1 day after dose"),
    "reaction.0.description": text("petechiae on the left antecubital fossa and lower back"),
    "reaction.0.seriousness": tick(5),
    "reaction.0.outcome": pick("r"),
    "reaction.0.care": tick(0),  # "completely resolved after treatment"
    "reaction.0.treatment": pick("s"),  # the report does not say which
    "reaction.0.treatment_name": text(""),
    "reaction.0.platelets": text(""),  # the report gives no count
    "reaction.0.more": pick("y"),
    "reaction.1.term": text("epistaxis"),
    "reaction.1.onset": text("1 day after dose"),
    "reaction.1.description": text(""),
    "reaction.1.seriousness": ENTER,
    "reaction.1.outcome": pick("r"),
    "reaction.1.care": tick(0),
    "reaction.1.treatment": pick("s"),
    "reaction.1.treatment_name": text(""),
    "reaction.1.platelets": text(""),
    "reaction.1.more": pick("n"),
    # alemtuzumab x generalized petechiae
    "pair.0.0.timing": pick("p"),
    "pair.0.0.definitive": pick("n"),
    "pair.0.0.withdrawal": pick("s"),  # the course was stopped
    "pair.0.0.dechallenge": pick("i"),
    "pair.0.0.rechallenge": pick("n"),
    "pair.0.0.literature": pick("l"),
    "pair.0.0.literature_note": text("ITP is a labelled risk (SmPC); Cuker et al."),
    "pair.0.0.evidence": ENTER,
    "pair.0.0.previous": pick("n"),
    "pair.0.0.information": pick("n"),
    "pair.0.0.objective": pick("y"),
    "pair.0.0.objective_note": text("petechiae seen and photographed"),
    # straining, local trauma, infection (viral): the causes the report excluded
    "pair.0.0.causes": tick(0, 1, 3),
    "pair.0.0.cause.valsalva": pick("h"),
    "pair.0.0.cause.valsalva.finding": text("no straining, vomiting or coughing"),
    "pair.0.0.cause.pressure-trauma": pick("e"),
    "pair.0.0.cause.pressure-trauma.finding": text("no signs of trauma"),
    "pair.0.0.cause.viral-rickettsial": pick("l"),
    "pair.0.0.cause.viral-rickettsial.finding": text("laboratory tests ruled out infection"),
    "pair.0.0.own:0": text(""),
    "pair.0.0.preventability": ENTER,  # none applies
    "pair.0.0.conclusion": text("alemtuzumab-induced immune thrombocytopenia is probable"),
    # alemtuzumab x epistaxis: the drug's facts are the same; the checklist is the reaction's own
    "pair.0.1.copy": pick("y"),
    "pair.0.1.objective": pick("y"),
    "pair.0.1.objective_note": text("bleeding seen on examination"),
    "pair.0.1.causes": tick(0, 1, 2),
    "pair.0.1.cause.nose-picking": pick("h"),
    "pair.0.1.cause.nose-picking.finding": text("denied"),
    "pair.0.1.cause.dry-air": pick("h"),
    "pair.0.1.cause.dry-air.finding": text("no dry or heated air"),
    "pair.0.1.cause.nasal-trauma": pick("e"),
    "pair.0.1.cause.nasal-trauma.finding": text("no nasal trauma"),
    "pair.0.1.own:0": text(""),
    "pair.0.1.preventability": ENTER,
    "pair.0.1.conclusion": text(""),
}


# The same case as the answers the prompts return, for tests.fake_prompter (tick-boxes: the options ticked).
# test_interview.py checks that the two give the same answers.
ALEMTUZUMAB_ANSWERS: dict[str, str | tuple[str, ...]] = {
    "case_id": "ALEM-001",
    "assessor.name": "A. Assessor",
    "assessor.role": "clinical pharmacist",
    "reporter.role": "case report in the literature",
    "reporter.date": "",
    "age": "58",
    "sex": "female",
    "conditions": "relapsing-remitting multiple sclerosis",
    "drug.0.name": "alemtuzumab",
    "drug.0.dose": "12 mg/day",
    "drug.0.route": "intravenous",
    "drug.0.indication": "relapsing-remitting multiple sclerosis",
    "drug.0.class": "anti-CD52 monoclonal antibody",
    "drug.0.ingredients": "",
    "drug.0.start": "",
    "drug.0.stop": "",
    "drug.0.more": "no",
    "concomitant": "",
    "reaction.0.term": "generalized petechiae",
    "reaction.0.onset": "1 day after dose",
    "reaction.0.description": "petechiae on the left antecubital fossa and lower back",
    "reaction.0.seriousness": ("medically_important",),
    "reaction.0.outcome": "recovered",
    "reaction.0.care": ("treatment",),  # "completely resolved after treatment"
    "reaction.0.treatment": "symptomatic",  # the report does not say which
    "reaction.0.treatment_name": "",
    "reaction.0.platelets": "",  # the report gives no count
    "reaction.0.more": "yes",
    "reaction.1.term": "epistaxis",
    "reaction.1.onset": "1 day after dose",
    "reaction.1.description": "",
    "reaction.1.seriousness": (),
    "reaction.1.outcome": "recovered",
    "reaction.1.care": ("treatment",),
    "reaction.1.treatment": "symptomatic",
    "reaction.1.treatment_name": "",
    "reaction.1.platelets": "",
    "reaction.1.more": "no",
    # alemtuzumab x generalized petechiae
    "pair.0.0.timing": "plausible",
    "pair.0.0.definitive": "no",
    "pair.0.0.withdrawal": "stopped",  # the course was stopped
    "pair.0.0.dechallenge": "improved",
    "pair.0.0.rechallenge": "not_done",
    "pair.0.0.literature": "labelled",
    "pair.0.0.literature_note": "ITP is a labelled risk (SmPC); Cuker et al.",
    "pair.0.0.evidence": (),
    "pair.0.0.previous": "exposed_without_reaction",
    "pair.0.0.information": "adequate",
    "pair.0.0.objective": "yes",
    "pair.0.0.objective_note": "petechiae seen and photographed",
    # straining, local trauma, infection (viral): the causes the report excluded
    "pair.0.0.causes": ("valsalva", "pressure-trauma", "viral-rickettsial"),
    "pair.0.0.cause.valsalva": "excluded_history",
    "pair.0.0.cause.valsalva.finding": "no straining, vomiting or coughing",
    "pair.0.0.cause.pressure-trauma": "excluded_examination",
    "pair.0.0.cause.pressure-trauma.finding": "no signs of trauma",
    "pair.0.0.cause.viral-rickettsial": "excluded_laboratory",
    "pair.0.0.cause.viral-rickettsial.finding": "laboratory tests ruled out infection",
    "pair.0.0.own:0": "",
    "pair.0.0.preventability": (),  # none applies
    "pair.0.0.conclusion": "alemtuzumab-induced immune thrombocytopenia is probable",
    # alemtuzumab x epistaxis: the drug's facts are the same; the checklist is the reaction's own
    "pair.0.1.copy": "yes",
    "pair.0.1.objective": "yes",
    "pair.0.1.objective_note": "bleeding seen on examination",
    "pair.0.1.causes": ("nose-picking", "dry-air", "nasal-trauma"),
    "pair.0.1.cause.nose-picking": "excluded_history",
    "pair.0.1.cause.nose-picking.finding": "denied",
    "pair.0.1.cause.dry-air": "excluded_history",
    "pair.0.1.cause.dry-air.finding": "no dry or heated air",
    "pair.0.1.cause.nasal-trauma": "excluded_examination",
    "pair.0.1.cause.nasal-trauma.finding": "no nasal trauma",
    "pair.0.1.own:0": "",
    "pair.0.1.preventability": (),
    "pair.0.1.conclusion": "",
}


def save_as(path: Path) -> dict[str, str]:
    return {"menu": pick("s"), "save.path": text(str(path)), "report.format": pick("n")}


def save_answers(path: Path) -> dict[str, str]:
    """``save_as`` for tests.fake_prompter: save the case as ``path``, no report."""
    return {"menu": "save", "save.path": str(path), "report.format": "no"}


def with_menus(menus: list[str], answers: Mapping[str, str]) -> Callable[[Question], str]:
    """Review menus answered in order from ``menus``; every other question from ``answers``."""
    pending, script = iter(menus), by_key(answers)
    return lambda q: next(pending) if q.key == "menu" else script(q)


def answers_in(case: object) -> dict[str, Value]:
    """What a partial case holds for each question the interview asks of it, read back through the question
    (as the review shows it): the answers given so far, by question key."""
    from causality.interview.partial import Partial
    from causality.interview.plan import plan

    assert isinstance(case, Partial)
    return {q.key: value for q in plan(case) if q.answered(case) and (value := q.value(case)) is not None}
