"""Changing answers in the review, renaming, unticking, resuming: the case keeps what the clinician said and
loses what no longer applies. Each test came from a review of the partial-case interview, where it failed."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from causality.assessment import assess_case
from causality.casefile import load_cases, read_case, to_data
from causality.interview import drafts
from causality.interview.engine import Interview
from causality.interview.partial import Partial
from causality.interview.plan import answer as record
from causality.interview.plan import data, from_case, next_question, plan
from causality.interview.questions import Question, Value
from causality.interview.session import draft_from_file
from tests.conftest import EXAMPLES
from tests.fake_prompter import Answer, FakePrompter, InTurn
from tests.interview_harness import ALEMTUZUMAB_ANSWERS, save_answers

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("private_data_home")]

SJS = EXAMPLES / "lamotrigine-sjs.yaml"
DILI = EXAMPLES / "coamoxiclav-liver-injury.yaml"
DILI_ASKED: dict[str, Answer] = {
    "reaction.0.care": (),  # Enter: treatment and admission come ticked, as the file records them
    "reaction.0.treatment": "symptomatic",
    "reaction.0.treatment_name": "",
    "pair.0.0.information": "adequate",
}
# The alemtuzumab interview with one reaction only (one pair).
ONE_PAIR: dict[str, Answer] = {**ALEMTUZUMAB_ANSWERS, "reaction.0.more": "no"}


@dataclasses.dataclass
class Reviewing(FakePrompter):
    """In the review's "Which answer?" list, picks in turn the line that contains each of ``changes``."""

    changes: list[str] = dataclasses.field(default_factory=list)

    def ask(self, q: Question, default: Value | None = None) -> Value:
        if q.message == "Which answer?":
            self.asked.append("which answer")
            wanted = self.changes.pop(0)
            picked = [o for o in q.options if wanted in o.title]
            assert picked, f"no answer line contains {wanted!r}: {[o.title for o in q.options]}"
            return picked[0].value
        return super().ask(q, default)


def answer(p: Partial, key: str, value: Value) -> None:
    """As the engine records an answer typed at the prompt."""
    (q,) = [q for q in plan(p) if q.key == key]
    assert q.validate(value) is None, (key, value)
    record(p, q, value)


def rucam(path: Path) -> tuple[int | None, str | None]:
    (case,) = load_cases([str(path)])
    result = assess_case(case)[0].instrument("rucam")
    assert result is not None
    return result.score, result.result


def full(path: Path) -> dict[str, Any]:
    (case,) = load_cases([str(path)])
    return to_data(dataclasses.replace(case, shorthand=False))


# --- 1. Unticking then re-ticking "A specific test" traps the clinician in an endless question ----------------


def test_specific_test_unticked_then_ticked_again_is_asked_once_not_forever(tmp_path: Path) -> None:
    """Evidence box: tick "A specific test", answer patch test positive; in the review untick the box, then
    tick it again. Expected: the patch test's result is asked once more and the case can be saved. Found:
    `_evidence_put` drops facts.specific_tests but progress "pair.0.0.tests" still lists "patch", so "Which
    tests?" counts as answered, and `_test_field.put` finds no test entry to write to: "Patch test: the
    result?" is asked again after every answer, for ever (a resumed draft loops the same way)."""
    out = tmp_path / "tests.yaml"
    script: dict[str, Answer] = {
        **ONE_PAIR,
        "pair.0.0.evidence": InTurn(("tests",), ("tests",), ("tests",)),  # tick, untick, tick again
        "pair.0.0.tests": ("patch",),
        "pair.0.0.test.patch": InTurn("positive", "positive"),  # the first time, and once after re-ticking
        "pair.0.0.test.patch.note": "",
        **save_answers(out),
        "menu": InTurn("change", "change", "save"),
    }
    p = Reviewing(script, changes=["placebo / level / dose change", "placebo / level / dose change"])
    assert Interview(p, drafts.new_draft()).run() == out
    (case,) = load_cases([str(out)])
    assert [(t.kind.value, t.result.value) for t in case.assessments[0].facts.specific_tests] == [
        ("patch", "positive")
    ]


# --- 2. Clearing one of the clinician's own causes silently drops every own cause after it --------------------


def test_clearing_the_first_own_cause_keeps_the_second(tmp_path: Path) -> None:
    """Own causes "stress" (possible) and "heat" (present, could explain it on its own). In the review the
    first is cleared (Enter). Expected: "heat" stays in the case (or is asked again). Found: own_causes() stops
    at the first empty own:N, so "heat" and its status vanish from the saved file without a word, and the
    scores lose an alternative cause that is present."""
    out = tmp_path / "own.yaml"
    script: dict[str, Answer] = {
        **ONE_PAIR,
        "pair.0.0.own:0": InTurn("stress", ""),
        "pair.0.0.cause.own:0": "possible",
        "pair.0.0.cause.own:0.finding": "",
        "pair.0.0.own:1": "heat",
        "pair.0.0.cause.own:1": "present",
        "pair.0.0.cause.own:1.finding": "heat rash history",
        "pair.0.0.own:2": "",
        "pair.0.0.mechanism": "unknown",
        **save_answers(out),
        "menu": InTurn("change", "save"),
    }
    p = Reviewing(script, changes=["another cause = stress"])
    assert Interview(p, drafts.new_draft()).run() == out
    (case,) = load_cases([str(out)])
    causes = {c.cause: c.status.value for c in case.assessments[0].facts.alternative_causes}
    assert causes.get("heat") == "present_confirmed", causes


# --- 3. Two drugs with the same name for a moment: their assessments are merged, then handed to the wrong drug --


def test_a_name_typed_twice_is_refused_and_each_drug_keeps_its_facts(tmp_path: Path) -> None:
    """`assess --from lamotrigine-sjs.yaml`; in the review paracetamol is renamed "Lamotrigine" by mistake.
    The assessments are found by name, so two drugs of one name would share one: the prompt refuses it and
    says which drug has the name; a real correction of the name keeps each drug's facts."""
    (case,) = load_cases([str(SJS)])
    p = from_case(case)
    (q,) = [q for q in plan(p) if q.key == "drug.1.name"]
    assert q.validate("Lamotrigine") == "lamotrigine is already suspect drug 1"
    answer(p, "drug.1.name", "paracetamol (acetaminophen)")
    answer(p, "drug.1.name", "paracetamol")
    again, problems = read_case("again", data(p))
    assert problems == [] and again is not None
    notes = {a.drug: a.facts.timing.note if a.facts.timing else None for a in again.assessments}
    assert notes == {
        "lamotrigine": "15 days after the first dose, within the usual 5-28 day window",
        "paracetamol": "three days before onset, during a prodrome that is itself part of SJS",
    }


# --- 4. Answers to questions that are no longer asked stay in the case and keep scoring --------------------------


def test_rechallenge_changed_to_no_takes_the_rucam_reexposure_answer_with_it(tmp_path: Path) -> None:
    """DILI example: "Was co-amoxiclav given again?" answered "came back" (RUCAM then asks how the enzymes
    responded: doubled on the drug alone, +3), corrected in the review to "No". Expected: RUCAM as for no
    re-exposure, 7 probable (the file's own score). Found: rucam.reexposure (and facts.rechallenge.given) stay
    in the saved file although the question is no longer asked nor listed in "Change an answer": RUCAM 10,
    highly probable."""
    assert rucam(DILI) == (7, "probable")
    out = tmp_path / "dili.yaml"
    script: dict[str, Answer] = {
        **DILI_ASKED,
        "pair.0.0.rechallenge": InTurn("recurred", "not_done"),
        "pair.0.0.rechallenge_given": "same_drug",
        "pair.0.0.rucam_reexposure": "doubling_drug_alone",
        **save_answers(out),
        "menu": InTurn("change", "change", "save"),
    }
    p = Reviewing(script, changes=["rechallenge = No", "rechallenge = Yes"])
    assert Interview(p, draft_from_file(str(DILI))).run() == out
    assert rucam(out) == (7, "probable")
    text = out.read_text(encoding="utf-8")
    assert (
        "doubling_drug_alone" not in text and "same_drug" not in text
    )  # rucam.reexposure, rechallenge.given


def test_other_drugs_removed_takes_the_rucam_concomitant_answer_with_them(tmp_path: Path) -> None:
    """New interview, liver injury, one other drug (amlodipine); RUCAM asks about it: "a known hepatotoxin
    with a fitting timing" (-3). The clinician then corrects "Other drugs taken at the time" to none.
    Expected: RUCAM item 4 as the case now says (no other drug: 0). Found: rucam.concomitant stays in the
    file, scored as an override with no reason; the question is gone from the review, so it cannot be
    changed either."""
    (case,) = load_cases([str(DILI)])
    p = from_case(case)
    answer(p, "reaction.0.care", ["treatment", "admission"])  # as the file records them
    for key, value in DILI_ASKED.items():
        if key != "reaction.0.care":
            answer(p, key, value)  # type: ignore[arg-type]
    answer(p, "pair.0.0.rucam_concomitant", "known_hepatotoxin_compatible_time")
    answer(p, "concomitant", "")
    assert next_question(p) is None
    assert "pair.0.0.rucam_concomitant" not in [q.key for q in plan(p)]  # not asked, cannot be changed
    again, problems = read_case("again", data(p))
    assert problems == [] and again is not None
    result = assess_case(again)[0].instrument("rucam")
    assert result is not None
    (item4,) = [line for line in result.lines if line.id == "4"]
    assert item4.answer.startswith("none_or_no_information") or item4.points == 0, item4
    assert item4.source.value != "overridden", item4


def test_answers_whose_question_is_no_longer_asked_leave_the_saved_file(tmp_path: Path) -> None:
    """The same root cause, without a score: in the review a cause is changed to "Not assessed", the
    literature to "Not searched", the objective evidence to "No". Expected (as before 72b4020, whose mapper
    used only the answers of questions still in the plan): their finding / reference / evidence go with the
    question. Found: the saved file says a cause was not tested yet "laboratory tests ruled out infection", a
    reaction was not searched for with a reference, no objective evidence yet "petechiae seen and
    photographed"."""
    out = tmp_path / "stale.yaml"
    script: dict[str, Answer] = {
        **ONE_PAIR,
        "pair.0.0.cause.viral-rickettsial": InTurn("excluded_laboratory", "not_assessed"),
        "pair.0.0.untested_improbable": "no",
        "pair.0.0.mechanism": "unknown",
        "pair.0.0.literature": InTurn("labelled", "not_searched"),
        "pair.0.0.objective": InTurn("yes", "no"),
        **save_answers(out),
        "menu": InTurn("change", "change", "change", "save"),
    }
    p = Reviewing(script, changes=["] Viral", "known reaction =", "objective evidence ="])
    assert Interview(p, drafts.new_draft()).run() == out
    (case,) = load_cases([str(out)])
    facts = case.assessments[0].facts
    viral = next(c for c in facts.alternative_causes if c.cause.startswith("Viral"))
    assert (viral.status.value, viral.finding) == ("considered_not_tested", None)
    assert facts.literature is not None and facts.literature.note is None
    assert facts.objective_evidence is not None and facts.objective_evidence.note is None


# --- 5. The "what did it lead to" tick-box from a file: asked blank, and "unknown" turned into "no" ------------


def test_from_file_the_consequences_tick_box_shows_what_the_file_records() -> None:
    """`assess --from coamoxiclav-liver-injury.yaml`: the file records treatment "yes", admission "yes" but
    no extra_days, so the tick-box is asked first of all, and it comes with nothing ticked (the engine's
    default is q.value(), None here, so the prompt falls back to []). Enter, i.e. the list as shown, writes
    treatment "no", admission "no", extra_days 0: the Hartwig-Siegel level drops without a word.
    Expected: the tick-box starts from what the file records (treatment, admission ticked)."""
    p = FakePrompter({**DILI_ASKED, "menu": "quit"})
    Interview(p, draft_from_file(str(DILI))).run()
    assert "reaction.0.care" in p.asked
    draft_case = data(drafts.all_drafts()[0].case)
    assert draft_case["reactions"][0]["consequences"]["admission"] == "yes"
    assert draft_case["reactions"][0]["consequences"]["treatment"] == "yes"


def test_a_consequence_recorded_as_unknown_stays_unknown_when_another_is_ticked(tmp_path: Path) -> None:
    """A file recording every line, intensive_care "unknown": the review lists "consequences = An antidote
    ..., Admission" (unknown shown as not ticked); ticking "A longer hospital stay" there writes
    intensive_care "no". Expected: a line the clinician did not touch keeps the file's "unknown"."""
    from causality import yamlio

    held = yamlio.load(DILI.read_text(encoding="utf-8"))
    held["reactions"][0]["consequences"].update(intensive_care="unknown", extra_days=0)
    source = tmp_path / "dili.yaml"
    source.write_text(yamlio.dump(held), encoding="utf-8")
    out = tmp_path / "out.yaml"
    script: dict[str, Answer] = {
        "pair.0.0.information": "adequate",
        "reaction.0.care": ("longer_stay",),
        "reaction.0.extra_days": "3",
        "reaction.0.treatment": "symptomatic",
        "reaction.0.treatment_name": "",
        **save_answers(out),
        "menu": InTurn("change", "save"),
    }
    p = Reviewing(script, changes=["consequences ="])
    assert Interview(p, draft_from_file(str(source))).run() == out
    (case,) = load_cases([str(out)])
    consequences = case.reactions[0].consequences
    assert consequences is not None and consequences.extra_days == 3
    assert consequences.intensive_care is not None and consequences.intensive_care.value == "unknown"


# --- 6. Drafts ----------------------------------------------------------------------------------------------


def test_a_draft_with_a_field_of_the_wrong_kind_does_not_crash_the_drafts_listing() -> None:
    """A format-3 draft whose case holds "concomitant_drugs": 5 (hand-edited, or written by a bug) loads as a
    good draft (only "case" and "progress" are checked), then `causality drafts` and `assess --resume` end in
    "internal error: TypeError('int' object is not iterable)" from Partial.concomitant(). Expected: named as
    damaged (salvage.py says fields of the wrong kind are left out), never an internal error."""
    import json

    from causality.interview import session

    folder = drafts.drafts_dir()
    drafts.private_folder(folder)
    (folder / "draft-20260101T000000000000.json").write_text(
        json.dumps({"format": 3, "started": "2026-01-01T00:00:00", "source": None,
                    "case": {"case_id": "X", "concomitant_drugs": 5}, "progress": {}}),
        encoding="utf-8",
    )  # fmt: skip
    assert "X" in session.listing() or "damaged" in session.listing()


def test_a_recovered_draft_keeps_the_file_it_started_from(tmp_path: Path) -> None:
    """`assess --from SJS`, answers saved, then the draft is cut short (a crash while copying). Recovering
    it (Damaged.recover) makes a new draft without "source": the save then offers LTG-...yaml in the current
    folder instead of the file the clinician started from, and "started" is reset."""
    draft = draft_from_file(str(SJS))
    draft.save()
    text = draft.path.read_text(encoding="utf-8")
    draft.path.write_text(text[: len(text) - 40], encoding="utf-8")
    _, damaged = drafts.scan()
    (bad,) = damaged
    recovered = bad.recover()
    assert recovered.source == str(SJS)
    assert recovered.started == draft.started


# --- 7. "Save without changes gives the same file back": not for every hand-made file ----------------------


def test_from_file_keeps_the_order_and_spelling_of_the_assessments(tmp_path: Path) -> None:
    """Alemtuzumab example with its two assessments listed epistaxis first, the reaction written
    "Generalized petechiae" in the assessment: data(from_case(...)) reorders the assessments to drug x
    reaction order and respells the reaction as the reactions list does, so a file opened and saved without
    a change comes back different (a diff in version control, a re-signed file)."""
    from causality import yamlio

    held = yamlio.load((EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8"))
    held["assessments"].reverse()
    held["assessments"][0]["reaction"] = held["assessments"][0]["reaction"].capitalize()
    case, problems = read_case("f", held)
    assert case is not None and problems == []
    again, problems = read_case("again", data(from_case(case)))
    assert again is not None and problems == []
    assert to_data(again) == to_data(dataclasses.replace(case, shorthand=False))


# --- 8. A suspect drug renamed: the other pairs lose it as an alternative cause, with its status --------------


def test_a_renamed_drug_stays_an_alternative_cause_of_the_other_pairs(tmp_path: Path) -> None:
    """Two suspect drugs; for alemtuzumab x petechiae the other drug (methylprednisolone, pre-ticked) is
    "present, could explain it on its own". In the review the second drug's name is corrected to
    "prednisolone". Its pairs follow it (Partial.rename), but the checklist's answer still holds
    "drug:methylprednisolone", which the question no longer offers: the checklist is asked again with the
    renamed drug NOT ticked (the default is the stale answer, not the question's pre-ticks) and its status
    gone. Enter on the list as shown drops the other drug as a cause, so Naranjo q5 turns from yes to
    don't-know. Expected: the renamed drug stays ticked, with its status and finding."""
    out = tmp_path / "renamed.yaml"
    script: dict[str, Answer] = {
        **ONE_PAIR,
        "drug.0.more": "yes",
        "drug.1.name": InTurn("methylprednisolone", "prednisolone"),
        "drug.1.dose": "",
        "drug.1.route": "",
        "drug.1.indication": "",
        "drug.1.class": "",
        "drug.1.ingredients": "",
        "drug.1.start": "",
        "drug.1.stop": "",
        "drug.1.more": "no",
        "pair.0.0.causes": InTurn(("valsalva",), ()),  # the other drug comes ticked; then Enter as shown
        "pair.0.0.cause.drug:methylprednisolone": "present",
        "pair.0.0.cause.drug:methylprednisolone.finding": "started the same day",
        "pair.0.0.mechanism": "unknown",
        **save_answers(out),
        "menu": InTurn("change", "save"),
    }
    script.update(
        {k.replace("pair.0.0.", "pair.1.0."): v for k, v in ONE_PAIR.items() if k.startswith("pair.0.0.")}
    )
    script["pair.1.0.causes"] = ("valsalva",)
    script["pair.1.0.cause.drug:alemtuzumab"] = "excluded_history"
    script["pair.1.0.cause.drug:alemtuzumab.finding"] = ""
    p = Reviewing(script, changes=["[Suspect drug 2] name ="])
    assert Interview(p, drafts.new_draft()).run() == out
    (case,) = load_cases([str(out)])
    first = next(a for a in case.assessments if a.drug == "alemtuzumab")
    causes = {c.cause: (c.status.value, c.finding) for c in first.facts.alternative_causes}
    assert causes.get("prednisolone (another drug)") == ("present_confirmed", "started the same day"), causes


# --- 9. Re-confirming the evidence tick-box as it is drops the file's notes -------------------------------------


def test_confirming_the_evidence_box_unchanged_keeps_the_files_notes(tmp_path: Path) -> None:
    """A file with drug_level {not_measured, note "assay not available"} (and the like for placebo and dose).
    In the review the clinician opens "placebo / level / dose change" and presses Enter on the box as shown.
    Expected: nothing changes. Found: `_evidence_put` writes the bare word for every unticked line, so the three
    notes vanish from the saved file. (Also: re-confirming the box of a file that states none of the three
    adds placebo/drug_level/dose_response "not done" facts the file did not state: atorvastatin-myalgia.)"""
    from causality import yamlio

    held = yamlio.load((EXAMPLES / "digoxin-toxicity.yaml").read_text(encoding="utf-8"))
    facts = held["assessments"][0]["facts"]
    facts["placebo"] = {"outcome": "not_given", "note": "open-label"}
    source = tmp_path / "dig.yaml"
    source.write_text(yamlio.dump(held), encoding="utf-8")
    (case,) = load_cases([str(source)])
    p = from_case(case)
    (q,) = [q for q in plan(p) if q.key == "pair.0.0.evidence"]
    before = data(p)["assessments"][0]["facts"]["placebo"]
    q.put(p, q.value(p))  # the engine's default is the current value: Enter gives it back
    assert (
        data(p)["assessments"][0]["facts"]["placebo"]
        == before
        == {"outcome": "not_given", "note": "open-label"}
    )
