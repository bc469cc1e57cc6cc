"""`assess --from FILE`: the file's data is the case the interview edits.

The interview asks only part of what a case file holds; everything else must come back exactly as the file
had it, whatever the field, and go with its drug, reaction or pair when the clinician changes the lists.
Expected values come from the files themselves (read with the case-file reader), never from the interview.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from causality import yamlio
from causality.casefile import load_cases, read_case, to_data
from causality.interview import drafts
from causality.interview.engine import Interview
from causality.interview.partial import Partial
from causality.interview.plan import data, from_case, plan
from causality.interview.questions import Question, Value
from causality.interview.session import draft_from_file, start
from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT
from tests.fake_prompter import Answer, Editing, FakePrompter, InTurn
from tests.interview_harness import save_answers

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("private_data_home")]

FIXTURES = ROOT / "tests" / "fixtures"
SJS = EXAMPLES / "lamotrigine-sjs.yaml"
# What `assess --from` asks of the SJS example, which does not record it (see the fixture below).
SJS_ASKED: dict[str, Answer] = {
    "reaction.0.care": ("treatment", "admission", "intensive_care"),
    "reaction.0.treatment": "symptomatic",
    "reaction.0.treatment_name": "",
    "pair.0.0.information": "adequate",
    "pair.0.0.conclusion": "",
    "pair.1.0.information": "adequate",
    "pair.1.0.conclusion": "",
    "alden.s1.notoriety": "unknown",
    "alden.s1.notoriety_source": "",
    "alden.c:sodium-valproate.notoriety": "associated",
    "alden.c:sodium-valproate.notoriety_source": "",
    "alden.c:sodium-valproate.prechallenge": "negative",
}


def answer(p: Partial, key: str, value: Value) -> None:
    """As the clinician answers the question ``key`` (it must be one the interview asks now)."""
    (q,) = [q for q in plan(p) if q.key == key]
    assert q.validate(value) is None
    q.put(p, value)


def unmarked(data: Any) -> Any:
    """The case without what this version adds when it saves an interview: when it was assessed, and that
    an instrument's answer was given in the assessment (``{answer: yes, source: assessment}``, otherwise the
    word alone, as earlier versions wrote it)."""
    if isinstance(data, list):
        return [unmarked(x) for x in data]
    if not isinstance(data, dict):
        return data
    if data.get("source") == "assessment" and "answer" in data:
        rest = {k: v for k, v in data.items() if k != "source"}
        return rest["answer"] if set(rest) == {"answer"} else unmarked(rest)
    return {k: unmarked(v) for k, v in data.items() if k != "assessed_at"}


def full_data(path: Path) -> dict[str, Any]:
    """The file as the case-file reader gives it, in the full shape the interview saves."""
    (case,) = load_cases([str(path)])
    return to_data(dataclasses.replace(case, shorthand=False))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_from_file_and_save_without_changes_gives_the_file_back(path: Path) -> None:
    (case,) = load_cases([str(path)])
    again, problems = read_case("again", data(from_case(case)))
    assert problems == [] and again is not None
    assert to_data(again) == full_data(path)  # every field, asked or not, notes and reasons included


def with_unasked_facts(tmp_path: Path) -> Path:
    """The SJS example with more that the interview never asks: a reporter, notes on the case and on a pair,
    and a liver test on a reaction that is not a liver injury."""
    data = yamlio.load(SJS.read_text(encoding="utf-8"))
    data["reporter"] = {"name": "Ward pharmacist", "role": "pharmacist", "date": "2026-05-20"}
    data["notes"] = "Reported by the dermatology ward."
    data["reactions"][0]["labs"] = {"alt": 45, "alt_uln": 40}
    data["assessments"][0]["notes"] = "Discussed with the epilepsy team."
    path = tmp_path / "sjs.yaml"
    path.write_text(yamlio.dump(data), encoding="utf-8")
    return path


def test_facts_the_interview_never_asks_survive_an_edit_of_another_answer(tmp_path: Path) -> None:
    source = with_unasked_facts(tmp_path)
    out = tmp_path / "edited.yaml"
    script: dict[str, Answer] = {
        **SJS_ASKED,
        "drug.0.dose": "25 mg daily",
        **save_answers(out),
        "menu": InTurn("change", "save"),
    }
    p = Editing(script, change="dose = 50 mg daily")
    assert Interview(p, draft_from_file(str(source))).run() == out
    assert "drug.0.dose" in p.asked  # the edit went through the review
    (case,) = load_cases([str(out)])
    assert case.suspect_drugs[0].dose == "25 mg daily"
    assert case.patient.weight_kg == 61
    assert case.patient.conditions == ["focal epilepsy"]
    assert case.suspect_drugs[0].indication == "focal epilepsy (add-on)"
    assert case.suspect_drugs[1].indication == "fever and sore throat (prodrome)"
    assert case.concomitant_drugs[0].dose == "500 mg twice daily"
    sjs = case.reactions[0]
    assert sjs.description == "Target lesions, oral and conjunctival erosions; detachment 6% of body surface."
    assert (sjs.labs.alt, sjs.labs.alt_uln) == (45, 40)  # not a liver injury: never asked
    assert case.reporter is not None and case.reporter.name == "Ward pharmacist"
    assert case.notes == "Reported by the dermatology ward."
    first = case.assessments[0]
    assert first.notes == "Discussed with the epilepsy team."
    assert first.facts.timing is not None
    assert first.facts.timing.note == "15 days after the first dose, within the usual 5-28 day window"
    # Everything else is the file's own, field for field, apart from what was asked and answered.
    saved, held = unmarked(to_data(case)), full_data(source)
    for item in ("suspect_drugs", "concomitant_drugs", "reactions", "assessments"):
        for x in (saved, held):
            for d in x[item]:
                d.pop("dose", None), d.pop("alden", None), d.pop("consequences", None)
                d.pop("treatment_given", None)  # asked: the file does not say what was given
                d.get("facts", {}).pop("information", None)
    assert saved == held


def test_an_answer_cleared_in_the_interview_is_cleared_in_the_file() -> None:
    (case,) = load_cases([str(SJS)])
    p = from_case(case)
    answer(p, "drug.0.route", "")  # asked, and the clinician emptied it
    held = data(p)
    assert "route" not in held["suspect_drugs"][0]
    assert held["suspect_drugs"][0]["indication"] == "focal epilepsy (add-on)"


def test_a_suspect_drug_taken_out_takes_its_unasked_facts_with_it() -> None:
    (case,) = load_cases([str(SJS)])
    p = from_case(case)
    answer(p, "drug.0.more", "no")  # paracetamol is no longer a suspect drug
    held = data(p)
    assert [d["name"] for d in held["suspect_drugs"]] == ["lamotrigine"]
    assert [(p["drug"], p["reaction"]) for p in held["assessments"]] == [
        ("lamotrigine", "Stevens-Johnson syndrome")
    ]
    text = json.dumps(held)
    assert "fever and sore throat (prodrome)" not in text  # paracetamol's indication
    assert "during a prodrome that is itself part of SJS" not in text  # the timing note of paracetamol's pair
    lamotrigine = held["suspect_drugs"][0]
    assert lamotrigine["indication"] == "focal epilepsy (add-on)"
    assert lamotrigine["half_life_source"].startswith("product information")


def test_a_renamed_drug_keeps_its_facts_and_its_assessments_follow_it() -> None:
    (case,) = load_cases([str(SJS)])
    p = from_case(case)
    answer(p, "drug.0.name", "lamotrigine (Lamictal)")  # a correction of the name
    again, problems = read_case("again", data(p))
    assert problems == [] and again is not None
    assert [d.name for d in again.suspect_drugs] == ["lamotrigine (Lamictal)", "paracetamol"]
    assert again.suspect_drugs[0].indication == "focal epilepsy (add-on)"
    assert again.suspect_drugs[0].half_life_hours == 33
    timing = {p.drug: p.facts.timing.note for p in again.assessments if p.facts.timing}
    assert (
        timing["lamotrigine (Lamictal)"] == "15 days after the first dose, within the usual 5-28 day window"
    )
    assert timing["paracetamol"] == "three days before onset, during a prodrome that is itself part of SJS"
    # Apart from the name, the same case, field for field.
    held, saved = full_data(SJS), to_data(again)
    saved["suspect_drugs"][0]["name"] = saved["assessments"][0]["drug"] = "lamotrigine"
    assert saved == held


def test_a_concomitant_drug_added_in_front_leaves_the_others_theirs() -> None:
    (case,) = load_cases([str(SJS)])
    p = from_case(case)
    answer(p, "concomitant", "levetiracetam, sodium valproate")
    levetiracetam, valproate = data(p)["concomitant_drugs"]
    assert levetiracetam == "levetiracetam"  # asked about when the interview goes on
    assert valproate["dose"] == "500 mg twice daily"
    assert (
        valproate["alden"]["continued_without_harm"]["reason"]
        == "continued throughout; the skin healed on it"
    )


def test_a_format_1_draft_resumes_and_saves_the_case_it_would_have_saved(tmp_path: Path) -> None:
    # Made with the code before answer layers: `assess --from examples/lamotrigine-sjs.yaml`, two answers
    # (what the SJS led to; information complete for lamotrigine), then Ctrl-C; the .saved.yaml is what
    # resuming it and answering the rest (below) saved then.
    folder = drafts.drafts_dir()
    folder.mkdir(parents=True, mode=0o700)
    shutil.copy(FIXTURES / "format-1-draft-lamotrigine-sjs.json", folder / "draft-20261202T084202000000.json")
    (draft,) = drafts.all_drafts()
    assert "_extra" not in draft.case.progress
    assert draft.case.doc["suspect_drugs"][0]["indication"] == "focal epilepsy (add-on)"  # from "_extra"
    out = tmp_path / "resumed.yaml"
    # answered in the draft; the conclusions were not asked by the version that wrote it, and the file the
    # draft started from gave none: not known, as for any optional field a file leaves out
    done = ("reaction.0.care", "pair.0.0.information", "pair.0.0.conclusion", "pair.1.0.conclusion")
    rest = {k: v for k, v in SJS_ASKED.items() if k not in done}
    p = FakePrompter({**rest, **save_answers(out)})  # the only draft: resumed without a picker
    assert start(from_file=None, resume=True, output=None, prompter=p) == out
    assert p.asked == [*rest, "menu", "save.path", "report.format"]  # nothing asked twice
    # What was given for the reaction is asked now (the version that wrote the draft did not ask it).
    saved, then = unmarked(full_data(out)), full_data(FIXTURES / "format-1-draft-lamotrigine-sjs.saved.yaml")
    assert saved["reactions"][0].pop("treatment_given") == "symptomatic"  # its one-word form
    assert saved == then
    assert drafts.all_drafts() == []


def test_a_draft_keeps_the_file_it_started_from(tmp_path: Path) -> None:
    from causality.errors import Interrupted

    class Stop(FakePrompter):
        def ask(self, q: Question, default: Value | None = None) -> Value:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted):
        Interview(Stop({}), draft_from_file(str(SJS))).run()
    (draft,) = drafts.all_drafts()
    stored = json.loads(draft.path.read_text(encoding="utf-8"))
    assert stored["format"] == 3
    again, problems = read_case("again", data(Partial(stored["case"], stored["progress"])))
    assert problems == [] and again is not None
    assert to_data(again) == full_data(SJS)


def test_a_format_2_draft_over_a_base_that_is_not_a_whole_case_keeps_every_answer() -> None:
    # A draft of the previous format interrupted half-way: its answers by question key over the file's data.
    (case,) = load_cases([str(SJS)])
    base = json.loads(json.dumps(full_data(SJS), default=str))
    del base["assessments"]  # required: the base alone is no longer a case
    answers: dict[str, Value] = {"case_id": case.case_id, "drug.0.name": "lamotrigine", "drug.0.dose": "25 mg daily",
                                 "drug.0.more": "yes", "drug.1.name": "paracetamol", "drug.1.more": "no"}  # fmt: skip
    p = drafts._earlier({"format": 2, "answers": answers, "base": base})
    held = data(p)
    assert held["suspect_drugs"][0]["dose"] == "25 mg daily"
    assert held["suspect_drugs"][1]["indication"] == "fever and sore throat (prodrome)"
    assert held["patient"]["weight_kg"] == 61


def test_a_suspect_drug_taken_out_in_the_review_is_gone_from_the_saved_file(tmp_path: Path) -> None:
    out = tmp_path / "one-drug.yaml"
    script: dict[str, Answer] = {
        **SJS_ASKED,
        "drug.0.more": "no",
        **save_answers(out),
        "menu": InTurn("change", "save"),
    }
    p = Editing(script, change="another suspect drug = Yes")
    assert Interview(p, draft_from_file(str(SJS))).run() == out
    (case,) = load_cases([str(out)])
    assert [d.name for d in case.suspect_drugs] == ["lamotrigine"]
    assert [p.drug for p in case.assessments] == ["lamotrigine"]
    text = out.read_text(encoding="utf-8")
    assert "fever and sore throat" not in text and "taken many times before" not in text  # paracetamol's
    assert case.suspect_drugs[0].indication == "focal epilepsy (add-on)"
    assert case.concomitant_drugs[0].dose == "500 mg twice daily"


def test_a_resumed_from_file_draft_still_keeps_what_the_interview_does_not_ask(tmp_path: Path) -> None:
    from causality.errors import Interrupted

    class Stop(FakePrompter):
        def ask(self, q: Question, default: Value | None = None) -> Value:
            if q.key == "pair.0.0.information":
                raise KeyboardInterrupt
            return super().ask(q, default)

    with pytest.raises(Interrupted):
        Interview(Stop(SJS_ASKED), draft_from_file(str(with_unasked_facts(tmp_path)))).run()
    out = tmp_path / "resumed.yaml"
    rest = {k: v for k, v in SJS_ASKED.items() if k != "reaction.0.care"}
    p = FakePrompter({**rest, **save_answers(out)})
    assert start(from_file=None, resume=True, output=None, prompter=p) == out
    (case,) = load_cases([str(out)])
    assert case.reporter is not None and case.reporter.name == "Ward pharmacist"
    assert case.assessments[0].notes == "Discussed with the epilepsy team."
    assert (case.reactions[0].labs.alt, case.reactions[0].labs.alt_uln) == (45, 40)


def test_a_format_2_draft_resumes_where_it_stopped_and_saves_the_case_it_would_have_saved(
    tmp_path: Path,
) -> None:
    # Made with the previous version (answers by question key): the alemtuzumab interview, stopped by Ctrl-C
    # at the second pair's objective evidence; the .saved.yaml is what resuming it then saved.
    from tests.test_interview import ALEMTUZUMAB_ANSWERS

    folder = drafts.drafts_dir()
    folder.mkdir(parents=True, mode=0o700)
    shutil.copy(FIXTURES / "format-2-draft-alemtuzumab.json", folder / "draft-20261202T120000000000.json")
    out = tmp_path / "resumed.yaml"
    p = FakePrompter({**ALEMTUZUMAB_ANSWERS, **save_answers(out)})
    assert start(from_file=None, resume=True, output=None, prompter=p) == out
    # Nothing answered before is asked again; first come the questions that version did not ask (the
    # patient's conditions, the indication, what was given for each reaction), then where it stopped.
    new = ["reporter.role", "reporter.date", "conditions", "drug.0.indication", "drug.0.class",
           "drug.0.ingredients", "reaction.0.description", "reaction.0.treatment",
           "reaction.0.treatment_name", "reaction.1.description", "reaction.1.treatment",
           "reaction.1.treatment_name", "pair.0.0.withdrawal", "pair.0.0.conclusion"]  # fmt: skip
    assert p.asked[: len(new) + 1] == [*new, "pair.0.1.objective"]
    saved, then = unmarked(full_data(out)), full_data(FIXTURES / "format-2-draft-alemtuzumab.saved.yaml")
    assert saved.pop("reporter") == {"role": "case report in the literature"}
    assert (
        saved["reactions"][0].pop("description") == "petechiae on the left antecubital fossa and lower back"
    )
    assert saved["patient"].pop("conditions") == ["relapsing-remitting multiple sclerosis"]
    assert saved["suspect_drugs"][0].pop("indication") == "relapsing-remitting multiple sclerosis"
    assert saved["suspect_drugs"][0].pop("drug_class") == "anti-CD52 monoclonal antibody"
    assert (
        saved["assessments"][0].pop("conclusion") == "alemtuzumab-induced immune thrombocytopenia is probable"
    )
    for pair in saved["assessments"]:  # what was done with the drug: asked now, answered "stopped"
        dechallenge = pair["facts"]["dechallenge"]
        assert dechallenge.pop("action") == "stopped"
        if list(dechallenge) == ["outcome"]:
            pair["facts"]["dechallenge"] = dechallenge["outcome"]  # its one-word form
    for reaction in saved["reactions"]:
        assert reaction.pop("treatment_given") == "symptomatic"  # its one-word form
    assert saved == then
