"""`causality assess` asks what the further instruments need, only where the reaction routes to them, and the
saved case scores as the matching example does (values worked by hand in tests/test_further.py).

The answers go through tests.fake_prompter (by question key, the values the prompts return); the whole paths
through real prompts are in tests/test_interview.py and tests/test_terminal.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from causality.assessment import assess_case
from causality.casefile import load_cases
from causality.interview import drafts
from causality.interview.engine import Interview
from tests.fake_prompter import FakePrompter, InTurn, Keys
from tests.interview_harness import ALEMTUZUMAB_ANSWERS, BACKSPACE, save_answers

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("private_data_home")]


def interview(script: dict[str, Any], out: Path) -> list[str]:
    p = FakePrompter({**script, **save_answers(out)})
    assert Interview(p, drafts.new_draft()).run() == out
    return p.asked


def results(out: Path) -> dict[str, Any]:
    (case,) = load_cases([str(out)])
    return {r.drug: r for r in assess_case(case)}


CASE = {
    "case_id": "C-1", "assessor.name": "", "assessor.role": "", "conditions": "",
    "reporter.role": "", "reporter.date": "", "re:reaction\\.\\d\\.description": "",
    "re:pair\\.\\d\\.\\d\\.withdrawal": "stopped",
    "re:drug\\.\\d\\.(dose|route|indication|class|ingredients)": "",
    "re:other\\..*\\.start": "", "re:other\\..*\\.interacts": "no",
    "re:reaction\\.\\d\\.treatment": "symptomatic", "re:reaction\\.\\d\\.treatment_name": "",
    "re:pair\\.\\d\\.\\d\\.(literature_note|objective_note|own:\\d|mechanism_note|conclusion)": "",
    "re:pair\\.\\d\\.\\d\\.cause\\..*\\.finding": "",
    "re:pair\\.\\d\\.\\d\\.preventability": (),
    "re:pair\\.\\d\\.\\d\\.information": "adequate",
}  # fmt: skip

# Co-amoxiclav liver injury, as in examples/coamoxiclav-liver-injury.yaml.
LIVER = {
    **CASE,
    "age": "67", "sex": "male",
    "drug.0.name": "amoxicillin-clavulanate", "drug.0.start": "2026-03-02",
    "drug.0.stop": "2026-03-09", "drug.0.more": "no",
    "concomitant": "amlodipine",
    "reaction.0.term": "drug-induced liver injury", "reaction.0.onset": "2026-03-23",
    "reaction.0.seriousness": ("hospitalisation",), "reaction.0.outcome": "recovered",
    "reaction.0.care": ("treatment", "admission"),
    "reaction.0.alt": "180/40", "reaction.0.alp": "390/130",
    "reaction.0.liver_course": "drop_50_within_180_days",  # ALP down by half within 180 days
    "alcohol": "1",
    "reaction.0.more": "no",
    "pair.0.0.timing": "reasonable", "pair.0.0.definitive": "no", "pair.0.0.dechallenge": "improved",
    "pair.0.0.rechallenge": "not_done", "pair.0.0.literature": "labelled", "pair.0.0.evidence": (),
    "pair.0.0.previous": "no_previous_exposure", "pair.0.0.objective": "yes",
    # the twelve RUCAM causes; amlodipine comes ticked
    "pair.0.0.causes": ("hav", "hbv", "hcv", "hev", "obstruction", "alcoholism", "hypotension",
                        "underlying-disease", "cmv", "ebv", "hsv", "vzv"),
    **{f"pair.0.0.cause.{c}": "excluded_laboratory"
       for c in ("hav", "hbv", "hcv", "hev", "underlying-disease", "cmv", "ebv")},
    "pair.0.0.cause.obstruction": "excluded_imaging",
    "pair.0.0.cause.alcoholism": "excluded_history", "pair.0.0.cause.hypotension": "excluded_history",
    "pair.0.0.cause.hsv": "not_assessed", "pair.0.0.cause.vzv": "not_assessed",
    "pair.0.0.cause.drug:amlodipine": "excluded_history",
    "pair.0.0.untested_improbable": "yes",
    "pair.0.0.mechanism": "no",
    "pair.0.0.rucam_concomitant": "incompatible_time",
}  # fmt: skip


def test_liver_injury_asks_for_the_liver_tests_and_scores_rucam(tmp_path: Path) -> None:
    out = tmp_path / "liver.yaml"
    asked = interview(LIVER, out)
    assert {"reaction.0.alt", "reaction.0.alp", "reaction.0.liver_course", "alcohol",
            "pair.0.0.rucam_concomitant"} <= set(asked)  # fmt: skip
    assert "pregnant" not in asked  # a man
    assert not any("platelets" in k or "george" in k or k.startswith("alden.") for k in asked)
    r = results(out)["amoxicillin-clavulanate"]
    rucam = r.instrument("rucam")
    # As in the example: 1 + 2 + 1 + 0 + 1 + 2 + 0 = 7, Probable, on the cholestatic scale (R = 1.5).
    assert [i.points for i in rucam.lines] == [1, 2, 1, 0, 1, 2, 0]
    assert (rucam.score, rucam.result, rucam.r_ratio) == (7, "probable", 1.5)
    # Treatment and admission ticked, nothing else: exactly level 4b.
    assert r.instrument("hartwig").result == "level 4b (moderate)"
    assert r.instrument("schumock_thornton").result == "not preventable"
    assert r.naranjo.total == 5


# Lamotrigine SJS with paracetamol and valproate, as in examples/lamotrigine-sjs.yaml.
SJS = {
    **CASE,
    "age": "34", "sex": "female",
    "drug.0.name": "lamotrigine", "drug.0.start": "2026-05-01", "drug.0.stop": "2026-05-16",
    "drug.0.more": "yes",
    "drug.1.name": "paracetamol", "drug.1.start": "2026-05-13", "drug.1.stop": "2026-05-16",
    "drug.1.more": "no",
    "concomitant": "sodium valproate",
    "reaction.0.term": "Stevens-Johnson syndrome", "reaction.0.onset": "2026-05-16",
    "reaction.0.seriousness": ("life_threatening", "hospitalisation"), "reaction.0.outcome": "recovered",
    "reaction.0.care": ("treatment", "admission", "intensive_care"),
    "reaction.0.more": "no",
    "re:pair\\.\\d\\.0\\.timing": "reasonable", "re:pair\\.\\d\\.0\\.definitive": "no",
    "re:pair\\.\\d\\.0\\.dechallenge": "improved", "re:pair\\.\\d\\.0\\.rechallenge": "not_done",
    "re:pair\\.\\d\\.0\\.literature": "labelled", "re:pair\\.\\d\\.0\\.evidence": (),
    "pair.0.0.previous": "no_previous_exposure", "pair.1.0.previous": "exposed_without_reaction",
    "re:pair\\.\\d\\.0\\.objective": "yes",
    "re:pair\\.\\d\\.0\\.causes": (),  # the other drugs come ticked: each may be the cause
    "re:pair\\.\\d\\.0\\.cause\\.drug:.*": "possible",
    "re:pair\\.\\d\\.0\\.mechanism": "unknown",
    "liver_kidney": "no",
    "alden.s0.notoriety": "strongly_associated", "alden.s0.notoriety_source": "EuroSCAR 2008 high-risk list",
    "alden.s0.prechallenge": "not_done_or_unknown", "alden.s0.half_life": "", "alden.s0.half_life_source": "",
    "alden.s1.notoriety": "unknown", "alden.s1.notoriety_source": "", "alden.s1.prechallenge": "negative",
    "alden.s1.half_life": "", "alden.s1.half_life_source": "",
    **{f"alden.c:sodium-valproate.{k}": v for k, v in {
        "start": "2025-01-10", "stop": "", "notoriety": "unknown", "notoriety_source": "",
        "prechallenge": "not_done_or_unknown", "continued": "yes",
    }.items()},
}  # fmt: skip


def test_sjs_asks_about_every_drug_and_scores_alden_across_them(tmp_path: Path) -> None:
    out = tmp_path / "sjs.yaml"
    asked = interview(SJS, out)
    alden_keys = [k for k in asked if k.startswith("alden.")]
    # The concomitant drug's dates are asked here (ALDEN needs them); the suspect drugs' were asked earlier.
    assert "alden.c:sodium-valproate.start" in alden_keys and "alden.s0.start" not in alden_keys
    # Never twice: the suspect drugs' earlier exposure was asked with their pairs; taken up to the onset, they
    # need no half-life.
    assert not [
        k for k in alden_keys if k.startswith("alden.s") and k.endswith(("prechallenge", "half_life"))
    ]
    assert "alden.c:sodium-valproate.prechallenge" in alden_keys
    by_drug = results(out)
    alden = by_drug["lamotrigine"].instrument("alden")
    drugs = {d.name: (d.intermediate, d.final) for d in alden.drug_rows()}
    # As in the example: lamotrigine 6 (final 6), paracetamol -1 (-2), valproate -3 (-4).
    assert drugs == {"lamotrigine": (6, 6), "paracetamol": (-1, -2), "sodium valproate": (-3, -4)}
    assert alden.lines[4].reason.endswith("(answered in the assessment: EuroSCAR 2008 high-risk list)")
    assert by_drug["lamotrigine"].instrument("hartwig").result == "level 5 (severe)"


# Vancomycin thrombocytopenia, as in examples/vancomycin-thrombocytopenia.yaml.
PLATELETS = {
    **CASE,
    "age": "72", "sex": "male",
    "drug.0.name": "vancomycin", "drug.0.start": "2026-02-02", "drug.0.stop": "2026-02-10",
    "drug.0.more": "no",
    "concomitant": "pantoprazole",
    "reaction.0.term": "thrombocytopenia", "reaction.0.onset": "2026-02-10",
    "reaction.0.seriousness": ("hospitalisation", "medically_important"), "reaction.0.outcome": "recovered",
    "reaction.0.care": ("treatment", "longer_stay"),  # transfusion, three more days
    "reaction.0.extra_days": "3",
    "reaction.0.platelets": "12",
    "reaction.0.more": "no",
    "pair.0.0.timing": "reasonable", "pair.0.0.definitive": "no", "pair.0.0.dechallenge": "improved",
    "pair.0.0.rechallenge": "not_done", "pair.0.0.literature": "labelled", "pair.0.0.evidence": ("level",),
    "pair.0.0.level": "not_toxic", "pair.0.0.level_note": "trough 15 mg/L",
    "pair.0.0.previous": "no_previous_exposure", "pair.0.0.objective": "yes",
    # pseudothrombocytopenia, sepsis, DIC, TMA, HIT; pantoprazole comes ticked
    "pair.0.0.causes": ("pseudothrombocytopenia", "sepsis-infection", "dic", "tma", "hit"),
    "re:pair\\.0\\.0\\.cause\\.(pseudothrombocytopenia|sepsis-infection|dic|tma)": "excluded_laboratory",
    "pair.0.0.cause.hit": "excluded_history", "pair.0.0.cause.drug:pantoprazole": "excluded_history",
    "pair.0.0.george_c2": "yes", "pair.0.0.george_c5": "yes",
}  # fmt: skip


def test_thrombocytopenia_asks_the_george_criteria_no_fact_answers(tmp_path: Path) -> None:
    out = tmp_path / "plt.yaml"
    asked = interview(PLATELETS, out)
    assert {"reaction.0.platelets", "pair.0.0.george_c2", "pair.0.0.george_c5"} <= set(asked)
    assert "pair.0.0.mechanism" not in asked  # every alternative excluded: Liverpool goes to rechallenge
    r = results(out)["vancomycin"]
    george = r.instrument("george")
    assert [(x.id, x.answer, x.source.value) for x in george.lines] == [
        ("c1", "yes", "derived"), ("c2", "yes", "given"), ("c3", "yes", "derived"), ("c4", "no", "derived"),
        ("c5", "yes", "given"),
    ]  # fmt: skip
    assert (george.result, george.oklahoma_level) == ("probable", "definite")
    assert r.instrument("lcat").result == "probable"
    assert r.instrument("hartwig").result == "level 4a (moderate)"


def test_bleeding_with_a_normal_count_does_not_ask_george(tmp_path: Path) -> None:
    out = tmp_path / "alem.yaml"
    asked = interview({**ALEMTUZUMAB_ANSWERS, "reaction.0.platelets": "210"}, out)
    assert not any("george" in k for k in asked)
    asked = interview({**ALEMTUZUMAB_ANSWERS, "reaction.0.platelets": "40", "pair.0.0.george_c5": "unknown"},
                      tmp_path / "low.yaml")  # fmt: skip
    assert "pair.0.0.george_c5" in asked and "pair.0.0.george_c2" not in asked  # the only drug: c2 from facts
    (r, _) = assess_case(load_cases([str(tmp_path / "low.yaml")])[0])
    assert r.instrument("george") is not None


def test_the_review_adds_or_skips_an_instrument_and_the_case_records_why(tmp_path: Path) -> None:
    out = tmp_path / "alem.yaml"
    # Review: add George to the first pair (no count is recorded, so the term alone does not route it),
    # then skip Liverpool for the second; then save.
    menus = InTurn("instrument", "0", "george", "add", "instrument", "1", "lcat", "skip", "save")
    answers = {
        **ALEMTUZUMAB_ANSWERS,
        **save_answers(out),
        "menu": menus,
        "pair.0.0.instrument.george.reason": "platelets 35 on the ward chart",
        "pair.0.1.instrument.lcat.reason": "assessed once, for the petechiae",
    }
    p = FakePrompter(answers)
    assert Interview(p, drafts.new_draft()).run() == out
    (case,) = load_cases([str(out)])
    first, second = case.assessments
    assert (first.instruments["george"].use, first.instruments["george"].reason) == (
        "add", "platelets 35 on the ward chart",
    )  # fmt: skip
    assert second.instruments["lcat"].use == "skip"
    petechiae, epistaxis = assess_case(case)
    assert petechiae.instrument("george") is not None and epistaxis.instrument("lcat") is None
    assert any(line.startswith("    George criteria: ") for line in p.said)  # the review shows it


def test_sjs_a_drug_stopped_before_the_onset_asks_its_half_life_and_about_interactions(
    tmp_path: Path,
) -> None:
    out = tmp_path / "sjs-stopped.yaml"
    script = {
        **SJS,
        "drug.1.start": "2026-05-08", "drug.1.stop": "2026-05-10",  # stopped 6 days before onset
        "alden.s1.half_life": "2.5", "alden.s1.half_life_source": "SmPC",
        "alden.s1.interaction": "no",
    }  # fmt: skip
    asked = interview(script, out)
    assert {"alden.s1.half_life", "alden.s1.interaction"} <= set(asked)
    alden = results(out)["paracetamol"].instrument("alden")
    # 6 days = 144 h = 57.6 half-lives of 2.5 h, no dysfunction or interaction: excluded, -3. Delay 8 days +3,
    # taken before without reaction -2, stopped 0, notoriety unknown 0: -2; lamotrigine scores 6: -1 -> -3.
    assert [line.points for line in alden.lines] == [3, -3, -2, 0, 0, -1]
    assert "half-life 2.5 h (SmPC)" in alden.lines[1].reason
    assert alden.score == -3


def test_liver_injury_in_a_woman_asks_about_pregnancy_once(tmp_path: Path) -> None:
    out = tmp_path / "liver-f.yaml"
    asked = interview({**LIVER, "sex": "female", "pregnant": "yes"}, out)
    assert asked.count("pregnant") == 1 and asked.count("alcohol") == 1
    (case,) = load_cases([str(out)])
    assert case.patient.pregnant == "yes"
    # Cholestatic scale: pregnancy is its own +1 in 2016, so item 3 is age +1 and pregnancy +1.
    assert results(out)["amoxicillin-clavulanate"].instrument("rucam").lines[2].points == 2


def test_editing_the_other_drugs_keeps_each_drugs_alden_answers_with_it(tmp_path: Path) -> None:
    from causality.interview.plan import data, from_case, plan

    out = tmp_path / "sjs.yaml"
    interview({**SJS, "concomitant": "sodium valproate"}, out)
    (case,) = load_cases([str(out)])
    p = from_case(case)
    (q,) = [q for q in plan(p) if q.key == "concomitant"]
    q.put(p, "levetiracetam, sodium valproate")  # a drug added in front of it
    held = data(p)
    valproate = next(
        d for d in held["concomitant_drugs"] if isinstance(d, dict) and d["name"] == "sodium valproate"
    )
    assert valproate["start"] == "2025-01-10"  # still valproate's date, not handed to levetiracetam
    levetiracetam = held["concomitant_drugs"][0]
    assert levetiracetam in ("levetiracetam", {"name": "levetiracetam"})  # nothing yet: asked when it goes on


def test_extra_days_must_be_whole(tmp_path: Path) -> None:
    out = tmp_path / "plt.yaml"
    # typed at the real prompt: Enter on 2.5 is refused, the text stays to be corrected
    interview({**PLATELETS, "reaction.0.extra_days": Keys("\x152.5\r" + BACKSPACE * 3 + "3\r")}, out)
    (case,) = load_cases([str(out)])
    assert case.reactions[0].consequences.extra_days == 3  # 2.5 was refused at the prompt, not cut to 2
