"""The interactive assessment, in-process.

What is asked, derived and changed goes through tests.fake_prompter (answers by question key, no
terminal); the paths a clinician takes (the whole case, a review edit, Ctrl-C and resume) and what the prompt
itself refuses go through the real questionary prompts, fed keys through prompt_toolkit pipe input
(tests.interview_harness).
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path

import pytest

from causality.casefile import load_cases
from causality.errors import Interrupted
from causality.interview import drafts
from causality.interview.engine import Interview
from causality.interview.session import draft_from_file, start
from tests.conftest import EXAMPLE_FILES, EXAMPLES
from tests.fake_prompter import Answer, FakePrompter, InTurn, Keys
from tests.helpers import answers as naranjo_answers
from tests.interview_harness import (
    ALEMTUZUMAB,
    ALEMTUZUMAB_ANSWERS,
    BACKSPACE,
    CTRL_C,
    answers_in,
    by_key,
    pick,
    prompter,
    save_answers,
    save_as,
    text,
)

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("private_data_home")]


def score(path: Path) -> list[tuple[str, int, str, str | None]]:
    from causality.assessment import assess_case

    (case,) = load_cases([str(path)])
    return [
        (r.reaction, r.naranjo.total, r.naranjo.category.value, r.who_umc.category) for r in assess_case(case)
    ]


def run_script(script: dict[str, str], **kwargs: object) -> tuple[Interview, Path | None, list[str]]:
    with prompter(by_key(script)) as p:
        interview = Interview(p, drafts.new_draft(), **kwargs)  # type: ignore[arg-type]
        saved = interview.run()
    return interview, saved, p.said


def run_fake(answers: Mapping[str, Answer], **kwargs: object) -> tuple[Interview, Path | None, FakePrompter]:
    p = FakePrompter(answers)
    interview = Interview(p, drafts.new_draft(), **kwargs)  # type: ignore[arg-type]
    return interview, interview.run(), p


def test_alemtuzumab_case_end_to_end_in_process(tmp_path: Path) -> None:
    out = tmp_path / "alem.yaml"
    interview, saved, said = run_script({**ALEMTUZUMAB, **save_as(out)})
    assert saved == out
    # The keys a clinician types give the answers the fake prompter's script gives (no option comes ticked).
    assert answers_in(interview.case) == {
        k: list(v) if isinstance(v, tuple) else v for k, v in ALEMTUZUMAB_ANSWERS.items()
    }
    # Hand-worked (see tests/test_examples.py): 1 + 2 + 1 + 0 + 2 + 0 + 0 + 0 + 0 + 1 = 7 for both reactions.
    assert score(out) == [
        ("generalized petechiae", 7, "probable", "probable"),
        ("epistaxis", 7, "probable", "probable"),
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(drafts.drafts_dir().glob("*.json")), "a finished case removes its draft"
    assert any("so far: Naranjo 7 Probable" in line for line in said)


def test_prompt_count_for_the_alemtuzumab_case() -> None:
    """Asking Naranjo (10) and WHO-UMC (6) separately would take 16 prompts per pair, plus the checklist."""
    interview, _, _ = run_fake({**ALEMTUZUMAB_ANSWERS, "menu": "quit"})
    keys = list(ALEMTUZUMAB_ANSWERS)
    checklist = [k for k in keys if ".cause" in k or ".own:" in k]
    # for the report, not the instruments: the assessor's conclusion on each pair, and what was done with the
    # drug (the instruments read what followed)
    own = [k for k in keys if k.endswith((".conclusion", ".withdrawal"))]
    assert len(own) == 3
    pair_first = [k for k in keys if k.startswith("pair.0.0.") and k not in checklist + own]
    pair_second = [k for k in keys if k.startswith("pair.0.1.") and k not in checklist + own]
    # timing, definitive, dechallenge, rechallenge, literature, reference, placebo/level/dose (one tick-box),
    # previous exposure, information pending, objective evidence, what evidence, and preventability (one
    # tick-box for Schumock-Thornton's nine questions; two of them come from facts already asked)
    assert len(pair_first) == 12
    assert len(pair_second) == 4  # "same facts?", objective evidence (+ note), preventability
    assert len(checklist) == 8 + 8
    # Per reaction, one tick-box for what it led to (Hartwig-Siegel) and the platelet count (bleeding: George
    # applies only when it is low). Liverpool needs nothing more here: the facts above answer its path.
    reaction_further = [k for k in keys if k.endswith((".care", ".platelets"))]
    assert len(reaction_further) == 4
    # What the printed report needs besides the scores: the patient's conditions, the drug's indication and,
    # as the care tick-box says treatment was given, what it was (its kind, and its name if known).
    report = [k for k in keys if k in ("conditions", "drug.0.indication") or ".treatment" in k]
    assert len(report) == 2 + 2 * 2
    # and what a published case may give of the drug: its class, and its ingredients if it is a product
    assert [k for k in keys if k in ("drug.0.class", "drug.0.ingredients")] == [
        "drug.0.class",
        "drug.0.ingredients",
    ]
    # and the assessor's conclusion on each pair, who reported the case and when, what was seen of each reaction
    assert interview.asked == len(keys) == 73
    assert len(pair_first) + len(pair_second) <= 16  # both pairs together ask fewer than one pair would


def test_every_answer_has_a_source_and_naranjo_items_are_derived(tmp_path: Path) -> None:
    from causality.assessment import assess_case

    out = tmp_path / "a.yaml"
    run_fake({**ALEMTUZUMAB_ANSWERS, **save_answers(out)})
    (case,) = load_cases([str(out)])
    first = assess_case(case)[0]
    assert naranjo_answers(first) == {
        "q1": "yes", "q2": "yes", "q3": "yes", "q4": "unknown", "q5": "no", "q6": "unknown", "q7": "unknown",
        "q8": "unknown", "q9": "no", "q10": "yes",
    }  # fmt: skip
    assert {t.source.value for t in first.naranjo_trace.values()} == {"derived"}


def test_several_drugs_other_drugs_appear_as_alternative_causes(tmp_path: Path) -> None:
    out = tmp_path / "two.yaml"
    script: dict[str, Answer] = {
        **ALEMTUZUMAB_ANSWERS,
        "drug.0.more": "yes",
        "drug.1.name": "methylprednisolone",
        "drug.1.dose": "",
        "drug.1.route": "",
        "drug.1.indication": "",
        "drug.1.class": "",
        "drug.1.ingredients": "",
        "drug.1.start": "",
        "drug.1.stop": "",
        "drug.1.more": "no",
        "concomitant": "paracetamol",
        "other.paracetamol.start": "",
        "other.paracetamol.interacts": "no",
        "reaction.0.more": "no",
        **save_answers(out),
    }
    # Second pair (methylprednisolone x petechiae): the same answers as the first pair.
    script.update(
        {
            k.replace("pair.0.0.", "pair.1.0."): v
            for k, v in ALEMTUZUMAB_ANSWERS.items()
            if k.startswith("pair.0.0.")
        }
    )
    # The other drugs come pre-ticked after the 11 petechiae causes; tick straining too.
    script["pair.0.0.causes"] = script["pair.1.0.causes"] = ("valsalva",)
    script["pair.0.0.cause.drug:methylprednisolone"] = "not_assessed"
    script["pair.0.0.cause.drug:paracetamol"] = "excluded_history"
    script["pair.0.0.cause.drug:paracetamol.finding"] = "taken for years without bleeding"
    script["pair.0.0.untested_improbable"] = "yes"
    script["pair.1.0.cause.drug:alemtuzumab"] = "present"
    script["pair.1.0.cause.drug:alemtuzumab.finding"] = "the other suspect"
    script["pair.1.0.cause.drug:paracetamol"] = "excluded_history"
    script["pair.1.0.cause.drug:paracetamol.finding"] = "long-standing"
    # Not every cause excluded, so Liverpool asks for evidence of the mechanism (L7).
    script["pair.0.0.mechanism"] = script["pair.1.0.mechanism"] = "unknown"
    _, saved, _ = run_fake(script)
    assert saved == out
    (case,) = load_cases([str(out)])
    causes = {c.cause: c.status.value for c in case.assessments[0].facts.alternative_causes}
    assert causes["methylprednisolone (another drug)"] == "considered_not_tested"
    assert causes["paracetamol (another drug)"] == "clinically_excluded"
    # Pair 1: one cause not assessed -> q5 "do not know" (0): 7 - 2 = 5, Probable; the untested cause judged
    # improbable -> WHO-UMC alternatives "unlikely" -> Probable.
    # Pair 2: alemtuzumab present and could explain it -> q5 yes (-1): 1+2+1+0-1+0+0+0+0+1 = 4, Possible;
    # WHO-UMC alternatives "plausible explanation" with plausible timing -> Possible (step 8).
    assert [(total, who) for _, total, _, who in score(out)] == [(5, "probable"), (4, "possible")]


def test_unknown_reaction_term_gets_the_generic_checklist(tmp_path: Path) -> None:
    out = tmp_path / "generic.yaml"
    _, saved, p = run_fake(
        {
            **ALEMTUZUMAB_ANSWERS,
            "reaction.0.term": "hair loss",
            "reaction.0.more": "no",
            "pair.0.0.causes": ("underlying-disease",),  # the generic checklist's first cause
            "pair.0.0.cause.underlying-disease": "excluded_history",
            "pair.0.0.cause.underlying-disease.finding": "not a feature of multiple sclerosis",
            **save_answers(out),
        }
    )
    assert saved == out
    shown = [q.instruction or "" for q in p.questions if q.key == "pair.0.0.causes"]
    assert "No checklist for 'hair loss' yet" in shown[0]
    (case,) = load_cases([str(out)])
    assert [c.cause for c in case.assessments[0].facts.alternative_causes] == [
        "The underlying disease or its progression"
    ]


def test_own_causes_can_be_added(tmp_path: Path) -> None:
    out = tmp_path / "own.yaml"
    script = {
        **ALEMTUZUMAB_ANSWERS,
        "pair.0.0.own:0": "recent dental extraction",
        "pair.0.0.cause.own:0": "excluded_history",
        "pair.0.0.cause.own:0.finding": "none in the past year",
        "pair.0.0.own:1": "",
        **save_answers(out),
    }
    run_fake(script)
    (case,) = load_cases([str(out)])
    assert "recent dental extraction" in [c.cause for c in case.assessments[0].facts.alternative_causes]


def test_review_change_recomputes_what_depends_on_it(tmp_path: Path) -> None:
    out = tmp_path / "changed.yaml"
    answered = list(ALEMTUZUMAB)
    change_index = answered.index("pair.0.0.withdrawal")
    menus = iter([pick("c"), pick("s")])
    # Not stopped now, so Liverpool asks whether stopping could have been tried at all.
    script = {
        **ALEMTUZUMAB,
        "pair.0.0.unassessable": pick("n"),
        "save.path": text(str(out)),
        "report.format": pick("n"),
    }

    def keys(q):  # type: ignore[no-untyped-def]
        if q.key == "menu":
            if q.message == "Which answer?":
                return "\x1b[B" * change_index + "\r"
            return next(menus)
        if q.key == "pair.0.0.withdrawal" and q.key in seen:
            return pick("c")  # now: the drug was continued...
        if q.key == "pair.0.0.dechallenge" and q.key in seen:
            return pick(
                "n"
            )  # ...and the reaction did not improve on it: asked again, "improved" no longer fits
        seen.add(q.key)
        return by_key(script)(q)

    seen: set[str] = set()
    with prompter(keys) as p:
        Interview(p, drafts.new_draft()).run()
    # q3 improved (+1) -> not stopped (do not know, 0): 7 -> 6; WHO-UMC P3 fails, Po3 holds -> Possible.
    assert score(out)[0] == ("generalized petechiae", 6, "probable", "possible")


def test_naranjo_override_needs_a_reason_and_is_marked(tmp_path: Path) -> None:
    out = tmp_path / "override.yaml"
    script = {
        **ALEMTUZUMAB_ANSWERS,
        **save_answers(out),
        "menu": InTurn("naranjo", "0", "q9", "yes", "save"),  # first pair, q9, yes
        "pair.0.0.naranjo.q9.reason": "reacted to it in 2019",
    }
    run_fake(script)
    from causality.assessment import assess_case

    (case,) = load_cases([str(out)])
    result = assess_case(case)[0]
    trace = result.naranjo_trace["q9"]
    assert (trace.value, trace.source.value, trace.reason, trace.derived) == (
        "yes",
        "overridden",
        "answered in the assessment: reacted to it in 2019",  # entered at the review, not read from a file
        "no",
    )
    assert result.naranjo.total == 8


def test_who_umc_category_of_the_assessor_is_kept_beside_the_computed_one(tmp_path: Path) -> None:
    out = tmp_path / "who.yaml"
    script = {
        **ALEMTUZUMAB_ANSWERS,
        **save_answers(out),
        "menu": InTurn("who", "0", "possible", "save"),  # first pair, "possible"
        "pair.0.0.who_override.reason": "cautious",
    }
    run_fake(script)
    (case,) = load_cases([str(out)])
    override = case.assessments[0].who_umc_override
    assert override is not None and (override.category.value, override.reason) == ("possible", "cautious")
    assert score(out)[0][3] == "probable"  # the computed category is unchanged


def test_invalid_date_is_refused_at_the_prompt(tmp_path: Path) -> None:
    out = tmp_path / "dates.yaml"
    script = {
        **ALEMTUZUMAB_ANSWERS,
        # typed at the real prompt: Enter on 2024-02-30 is refused, the text stays to be corrected
        "drug.0.start": Keys("\x152024-02-30\r" + BACKSPACE * 10 + "2024-02-01\r"),
        "reaction.0.onset": "2024-02-03",
        **save_answers(out),
    }
    run_fake(script)
    (case,) = load_cases([str(out)])
    assert str(case.suspect_drugs[0].start) == "2024-02-01"
    from causality.assessment import assess_case

    assert assess_case(case)[0].time_to_onset_days == 2


def test_ctrl_c_keeps_a_private_draft_and_resume_finishes(tmp_path: Path) -> None:
    out = tmp_path / "resumed.yaml"
    interrupted = {**ALEMTUZUMAB, "pair.0.0.literature": CTRL_C}
    with pytest.raises(Interrupted) as caught, prompter(by_key(interrupted)) as p:
        Interview(p, drafts.new_draft()).run()
    assert "causality assess --resume" in str(caught.value)
    assert caught.value.exit_code == 130
    (draft,) = drafts.all_drafts()
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(draft.path.parent.stat().st_mode) == 0o700
    held = answers_in(draft.case)
    assert held["pair.0.0.rechallenge"] == "not_done"
    assert "pair.0.0.literature" not in held
    # Resume: the only draft, at once; answer only what is left.
    rest = {**{k: v for k, v in ALEMTUZUMAB.items() if k not in held}, **save_as(out)}
    with prompter(by_key(rest)) as p:
        saved = start(from_file=None, resume=True, output=None, prompter=p)
        assert p.asked[0] == "pair.0.0.literature"  # straight back to the interrupted question
    assert saved == out
    assert score(out)[0][1:3] == (7, "probable")
    assert drafts.all_drafts() == []


def test_from_file_goes_to_review_and_saves_the_same_scores(tmp_path: Path) -> None:
    out = tmp_path / "edited.yaml"
    example = EXAMPLES / "alemtuzumab.yaml"
    draft = draft_from_file(str(example))
    # The example does not say whether anything is still awaited, the platelet count, preventability or all
    # of what the reactions led to; the interview asks those (and only those).
    script: dict[str, Answer] = {
        # the treatment the file records comes ticked: Enter keeps it
        "reaction.0.care": (), "reaction.0.treatment": "symptomatic", "reaction.0.treatment_name": "",
        "reaction.0.platelets": "", "reaction.1.care": (), "reaction.1.treatment": "symptomatic",
        "reaction.1.treatment_name": "", "reaction.1.platelets": "",
        "pair.0.0.information": "adequate", "pair.0.0.preventability": (),
        "pair.0.1.information": "adequate", "pair.0.1.preventability": (), "re:pair\\.0\\.\\d\\.conclusion": "",
        **save_answers(out),
    }  # fmt: skip
    p = FakePrompter(script)
    saved = Interview(p, draft).run()
    assert p.asked == [
        "reaction.0.care",  # the file records the treatment but not admission, stay or harm
        "reaction.0.treatment",  # nor what it was
        "reaction.0.treatment_name",
        "reaction.0.platelets",
        "reaction.1.care",
        "reaction.1.treatment",
        "reaction.1.treatment_name",
        "reaction.1.platelets",
        "pair.0.0.information",
        "pair.0.0.preventability",
        "pair.0.0.conclusion",  # with the pair's open questions, the assessor's own conclusion
        "pair.0.1.information",
        "pair.0.1.preventability",
        "pair.0.1.conclusion",
        "menu",
        "save.path",
        "report.format",
    ]
    assert saved == out
    assert score(out) == score(example)
    from causality.assessment import assess_case

    (edited,) = load_cases([str(out)])
    prevent = assess_case(edited)[1].instrument("schumock_thornton")
    assert prevent is not None and prevent.result == "not preventable"  # now answered, not provisional
    (case,) = load_cases([str(out)])
    assert case.patient.conditions == ["relapsing-remitting multiple sclerosis"]  # carried through


@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_FILES])
def test_every_example_round_trips_through_interview_answers(name: str) -> None:
    from causality.assessment import assess_case
    from causality.casefile import read_case
    from causality.export import result_data
    from causality.interview.plan import data, from_case

    (case,) = load_cases([str(EXAMPLES / name)])
    # as `assess --from` does: the file's data is the case the interview starts from
    again, problems = read_case("again", data(from_case(case)))
    assert problems == [] and again is not None

    def essentials(c):  # type: ignore[no-untyped-def]
        return [
            ([(i["id"], i["answer"], i["points"]) for i in d["naranjo"]["items"]], d["who_umc"]["category"],
             d["who_umc"]["final_category"],
             # the further instruments too: every item's answer, points and source, and what was not applied
             {name: (f["result"], f["score"], [(i["id"], i["answer"], i["points"], i["source"]) for i in f["items"]])
              for name, f in d["instruments"].items()},
             d["not_applied"])
            for d in map(result_data, assess_case(c))
        ]  # fmt: skip

    assert essentials(again) == essentials(case)


def test_review_shows_every_answer_with_its_source_and_the_naranjo_wording() -> None:
    _, saved, p = run_fake({**ALEMTUZUMAB_ANSWERS, "menu": InTurn("show", "quit")})
    assert saved is None  # "keep the draft" saves no case
    said = "\n".join(p.said)
    assert "-- alemtuzumab x generalized petechiae; onset 1 day after a dose (as reported) --" in said
    assert "alemtuzumab x generalized petechiae (asked)" in said
    assert "  dechallenge: improved" in said
    assert '"Did the adverse event reappear when the drug was readministered?"' in said
    assert "q5 Alternative causes   no           +2  derived" in said
    assert "Draft kept:" in said
    assert len(drafts.all_drafts()) == 1


def test_assess_offers_the_report_at_its_end(tmp_path: Path) -> None:
    out = tmp_path / "alem.yaml"
    report = tmp_path / "alem.md"
    script = {**ALEMTUZUMAB_ANSWERS, **save_answers(out), "report.format": "md", "report.path": str(report)}
    _, saved, p = run_fake(script)
    assert saved == out
    assert report.read_text(encoding="utf-8").startswith("# Adverse drug reaction causality assessment")
    assert f"Report written: {report}" in p.said


def test_a_failed_save_returns_to_the_review(tmp_path: Path) -> None:
    out = tmp_path / "alem.yaml"
    paths = InTurn(str(tmp_path / "no-such-folder" / "a.yaml"), str(out))
    _, saved, p = run_fake({**ALEMTUZUMAB_ANSWERS, "menu": "save", "save.path": paths, "report.format": "no"})
    assert saved == out
    assert any(line.startswith("Could not save") for line in p.said)
    assert p.asked.count("save.path") == 2


def test_an_unwritable_draft_folder_loses_no_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft cannot be saved where it should be: the clinician is told, every answer stays in memory,
    and the draft goes to a folder they name; the session goes on to the saved case."""
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "alem.yaml"
    script = {
        **ALEMTUZUMAB_ANSWERS,
        "draft.failed": "folder",
        "draft.folder": str(elsewhere),
        **save_answers(out),
    }
    interview, saved, p = run_fake(script)
    assert any("cannot save the draft to" in line for line in p.said)
    assert "Every answer so far is kept in memory." in p.said
    assert p.asked.count("draft.failed") == 1  # asked once: the next answers were saved in the new folder
    assert interview.draft.path.parent == elsewhere
    assert saved == out and score(out)[0][1:3] == (7, "probable")
    assert not list(elsewhere.glob("draft-*.json"))  # saving the case removed the draft


def test_case_notes_survive_an_edit_and_reach_the_report(tmp_path: Path) -> None:
    source = tmp_path / "noted.yaml"
    text_ = (EXAMPLES / "digoxin-toxicity.yaml").read_text(encoding="utf-8")
    source.write_text(
        text_ + "notes: Reported by the ward pharmacist; ECG strips in the notes.\n", encoding="utf-8"
    )
    out = tmp_path / "edited.yaml"
    script: dict[str, Answer] = {
        "pair.0.0.information": "adequate", "reaction.0.care": (), "pair.0.0.preventability": (),
        "pair.0.0.conclusion": "",
        **save_answers(out),
    }  # fmt: skip
    Interview(FakePrompter(script), draft_from_file(str(source))).run()
    (case,) = load_cases([str(out)])
    assert case.notes == "Reported by the ward pharmacist; ECG strips in the notes."
    from causality.assessment import assess_case
    from causality.report.render import render

    assert "Notes: Reported by the ward pharmacist" in str(render(case, assess_case(case), "txt"))


def test_every_choice_the_interview_offers_is_a_word_the_case_file_allows() -> None:
    """Options come from the schema: for every select question that fills a declared field with a list of
    words, each option is one of those words (checked over every example, so every question is met)."""
    from causality import schema as S
    from causality.interview.partial import At
    from causality.interview.plan import from_case, plan
    from causality.interview.questions import Kind

    tops = {"case": S.CASE, "patient": S.PATIENT, "drug": S.DRUG, "reaction": S.REACTION, "pair": S.PAIR}
    checked = set()
    for path in EXAMPLE_FILES:
        (case,) = load_cases([str(path)])
        p = from_case(case)
        for q in plan(p):
            if q.kind is Kind.CHECKBOX or not isinstance(q.fills, At) or q.fills.root[0] not in tops:
                continue
            field = tops[q.fills.root[0]]
            for name in q.fills.path:
                if name not in field.by_name:  # a one-word fact's own word, or an instrument's answers
                    break
                field = field[name]
            else:
                if field.choices is not None:
                    allowed = {m.value for m in field.choices}
                    assert {o.value for o in q.options} <= allowed, q.key
                    checked.add(q.key.split(".")[-1])
    assert {
        "sex",
        "outcome",
        "dechallenge",
        "rechallenge",
        "literature",
        "previous",
        "information",
    } <= checked


def test_the_saved_case_says_when_it_was_assessed_and_which_answers_were_given_in_it(tmp_path: Path) -> None:
    """The report prints the assessment date, not the print date, and labels an instrument's answer given
    in the interview as such, never as "stated in the case file"."""
    import datetime as dt

    from causality.answers import AnswerSource

    out = tmp_path / "a.yaml"
    before = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    run_fake({**ALEMTUZUMAB_ANSWERS, **save_answers(out)})
    after = dt.datetime.now().astimezone()
    (case,) = load_cases([str(out)])
    assert case.assessed_at is not None and before <= case.assessed_at <= after
    given = case.assessments[0].answers["schumock_thornton"]
    assert given and all(g.source is AnswerSource.ASSESSMENT for g in given.values())
    assert case.assessments[0].conclusion == "alemtuzumab-induced immune thrombocytopenia is probable"


def test_what_holds_for_the_patient_is_offered_again_for_the_next_reaction(tmp_path: Path) -> None:
    """The platelet count typed for the petechiae is offered for the epistaxis, and the first pair's
    preventability for the second: Enter on each keeps them."""
    out = tmp_path / "a.yaml"
    answers = {**ALEMTUZUMAB_ANSWERS, "reaction.0.platelets": "8", "pair.0.0.preventability": ("B1",),
               "re:pair\\.0\\.\\d\\.george_c5": "unknown"}  # fmt: skip
    _, _, p = run_fake({**answers, **save_answers(out)})
    second = next(q for q in p.questions if q.key == "reaction.1.platelets")
    assert second.default == "8"
    prevent = next(q for q in p.questions if q.key == "pair.0.1.preventability")
    assert prevent.default == ["B1"]
    (case,) = load_cases([str(out)])
    assert case.reactions[0].labs.platelets == 8
    ticks = [{q: g.value for q, g in a.answers["schumock_thornton"].items()} for a in case.assessments]
    assert ticks[0] == ticks[1] and ticks[0]["B1"] == "yes"


def test_after_saving_one_screen_of_results_not_every_line_of_the_scores(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    _, _, p = run_fake({**ALEMTUZUMAB_ANSWERS, **save_answers(out)})
    saved_at = next(k for k, line in enumerate(p.said) if line.startswith("Saved "))
    review = max(k for k, line in enumerate(p.said[:saved_at]) if line == "Review")
    shown = [line for text in p.said[review + 1 : saved_at] for line in text.splitlines()]
    half = len(shown) // 2  # the review's summary, then after saving the same summary, nothing more
    assert shown[:half] == shown[half:] and len(shown) == 2 * half
    assert half <= 20 and shown[0] == "  alemtuzumab x generalized petechiae"  # one screen, not every score


def test_questions_wrap_at_word_boundaries_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from causality.interview.prompts import fit

    monkeypatch.setenv("COLUMNS", "50")
    text = ("Is generalized petechiae itself specific for a drug effect (e.g. toxic level with typical "
            "features, drug-dependent antibodies, fixed drug eruption)?")  # fmt: skip
    lines = fit(text).splitlines()
    assert len(lines) > 1 and all(len(line) < 50 for line in lines)
    assert " ".join(line.strip() for line in lines) == text  # every word whole, none cut


def test_a_suggested_case_identifier_is_replaced_by_what_is_typed_not_added_to() -> None:
    """Typed at the real prompt: the suggestion is shown greyed in an empty field, so typing gives exactly
    what was typed, and Enter alone takes the suggestion."""
    from causality.interview.partial import Partial
    from causality.interview.plan import case_questions

    (q,) = [q for q in case_questions(Partial()) if q.key == "case_id"]
    with prompter(lambda _: "PV-7\r") as p:
        assert p.ask(q) == "PV-7"
    with prompter(lambda _: "\r") as p:
        assert p.ask(q) == q.default and str(q.default).startswith("CASE-")
    with prompter(lambda _: "\x15PV-8\r") as p:  # an answer being changed is edited in place
        assert p.ask(q, "PV-7") == "PV-8"


def test_an_impossible_date_is_refused_at_its_prompt() -> None:
    from causality.interview.questions import check_date, check_onset

    assert check_onset("2042-11-25") is not None and "check the year" in str(check_onset("2042-11-25"))
    assert "before 1900" in str(check_date("1800-01-01"))
    assert check_date("2024-03-01") is None and check_onset("1 day after dose") is None
