"""Case files written in the format of earlier versions still read, and score as the spec says (issue #10:
every new fact is optional, §15).

The generator uses only the fields and words that existed before the facts of §15.4-§15.8 were added (the
one-word drug level, re-exposure to the same drug, a class or with another suspect, onsets given as a date
or as "N days/hours after dose"). The Naranjo answers are then worked out by a small reference reading of
spec §1.1, §1.4 and §15 written here, independently of the tool's adapters; and a file the tool writes
back reads and scores exactly as the one it read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causality import yamlio
from causality.assessment import assess_case
from causality.casefile import read_case, to_data
from causality.export import result_data

# Spec §1.1: points for yes, no, do not know.
POINTS = {"q1": (1, 0, 0), "q2": (2, -1, 0), "q3": (1, 0, 0), "q4": (2, -1, 0), "q5": (-1, 2, 0),
          "q6": (-1, 1, 0), "q7": (1, 0, 0), "q8": (1, 0, 0), "q9": (1, 0, 0), "q10": (1, 0, 0)}  # fmt: skip


def category(total: int) -> str:  # spec §1.2
    return (
        "definite" if total >= 9 else "probable" if total >= 5 else "possible" if total >= 1 else "doubtful"
    )


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


CAUSE = st.fixed_dictionaries(
    {"cause": st.sampled_from(["infection", "sepsis", "hepatitis A", "another drug"]),
     "status": st.sampled_from(["not_considered", "considered_not_tested", "tested_excluded",
                                "clinically_excluded", "present_possible", "present_confirmed"])}
)  # fmt: skip
FACTS = st.fixed_dictionaries(
    {},
    optional={
        "literature": st.sampled_from(["labelled", "published", "not_found", "not_searched"]),
        "timing": st.fixed_dictionaries({}, optional={"sequence": st.sampled_from(["after_drug", "before_drug",
                                                                                  "unknown"])}),
        "dechallenge": st.sampled_from(["improved", "not_improved", "improved_after_last_dose",
                                        "not_improved_after_last_dose", "resolved_while_continued", "not_done",
                                        "unknown"]),
        "rechallenge": st.fixed_dictionaries(
            {"outcome": st.sampled_from(["recurred", "did_not_recur", "not_done"])},
            optional={"given": st.sampled_from(["same_drug", "same_class", "with_other_suspects"])},
        ),
        "alternative_causes": st.lists(CAUSE, max_size=3),
        "placebo": st.sampled_from(["reappeared", "did_not_reappear", "not_given"]),
        "drug_level": st.sampled_from(["toxic", "not_toxic", "not_measured"]),
        "dose_response": st.sampled_from(["observed", "appeared_after_increase", "lessened_after_reduction",
                                          "not_observed", "no_dose_change"]),
        "previous_reaction": st.sampled_from(["same_drug", "similar_drug", "exposed_without_reaction",
                                              "no_previous_exposure", "unknown"]),
        "objective_evidence": st.sampled_from(["yes", "no", "unknown"]),
        "specific_tests": st.lists(st.fixed_dictionaries({
            "kind": st.sampled_from(["drug_dependent_antibodies", "provocation", "patch", "biopsy", "hla"]),
            "result": st.sampled_from(["positive", "negative"])}), max_size=2),
    },
)  # fmt: skip
GIVEN = st.dictionaries(st.sampled_from(list(POINTS)), st.sampled_from(["yes", "no", "unknown"]), max_size=3)
# An onset as earlier versions wrote it: nothing, a date k days after the first dose, or "N unit after dose".
ONSET = st.one_of(
    st.none(),
    st.integers(-30, 60).map(lambda k: ("date", k)),
    st.tuples(st.integers(1, 90), st.sampled_from(["hours", "days", "weeks"])).map(lambda t: ("after", t)),
)
START = dt.date(2024, 1, 10)


@st.composite
def old_case(draw: st.DrawFn) -> dict[str, Any]:
    facts, onset, answers = draw(FACTS), draw(ONSET), draw(GIVEN)
    drug: dict[str, Any] = {"name": "d"}
    reaction: dict[str, Any] = {"term": "r"}
    if onset is not None and onset[0] == "date":
        drug["start"] = START.isoformat()
        reaction["onset"] = (START + dt.timedelta(days=onset[1])).isoformat()
        if onset[1] < 0 and facts.get("timing", {}).get("sequence") == "after_drug":
            facts["timing"] = {"sequence": "before_drug"}  # "after the drug" against the dates is an error
    elif onset is not None:
        n, unit = onset[1]
        reaction["onset"] = f"{n} {unit} after dose"
    pair: dict[str, Any] = {"drug": "d", "reaction": "r", "facts": facts}
    if answers:
        pair["naranjo"] = answers
    return {"case_id": "P-1", "suspect_drugs": [drug], "reactions": [reaction], "assessments": [pair]}


def expected_answers(data: dict[str, Any]) -> dict[str, str]:
    """Naranjo's answers as spec §1.4 and §15 read the old facts (before any answer stated in the file)."""
    f = data["assessments"][0]["facts"]
    onset = data["reactions"][0].get("onset")
    out = dict.fromkeys(POINTS, "unknown")
    lit = f.get("literature")
    out["q1"] = {"labelled": "yes", "published": "yes", "not_found": "no"}.get(lit, "unknown")
    seq = f.get("timing", {}).get("sequence")
    if seq is not None:
        out["q2"] = {"after_drug": "yes", "before_drug": "no"}.get(seq, "unknown")
    elif onset is not None and "after" in onset:
        out["q2"] = "yes"
    elif onset is not None:
        days = (dt.date.fromisoformat(onset) - START).days
        out["q2"] = "yes" if days > 0 else "no" if days < 0 else "unknown"  # the same day: not known
    d = f.get("dechallenge")
    out["q3"] = ("yes" if d in ("improved", "improved_after_last_dose") else
                 "no" if d in ("not_improved", "not_improved_after_last_dose") else "unknown")  # fmt: skip
    if f.get("dose_response") == "lessened_after_reduction" and d in (None, "not_done", "unknown"):
        out["q3"] = "yes"  # a dechallenge by reduction (§15.3)
    r = f.get("rechallenge")
    tests = f.get("specific_tests", [])
    positive = {t["kind"] for t in tests if t["result"] == "positive"}
    if r is not None:
        given_again = r.get("given", "same_drug")
        if r["outcome"] != "not_done" and given_again == "same_class":
            out["q4"] = "unknown"  # only the same drug re-given counts (§15.6)
        else:
            out["q4"] = {"recurred": "yes", "did_not_recur": "no"}.get(r["outcome"], "unknown")
    if (r is None or r["outcome"] == "not_done") and "provocation" in positive:
        out["q4"] = "yes"  # a positive provocation test is a rechallenge (§15.5)
    statuses = {c["status"] for c in f.get("alternative_causes", [])}
    if statuses & {"present_possible", "present_confirmed"}:
        out["q5"] = "yes"
    elif statuses & {"not_considered", "considered_not_tested"}:
        out["q5"] = "unknown"
    elif statuses:
        out["q5"] = "no"
    out["q6"] = {"reappeared": "yes", "did_not_reappear": "no"}.get(f.get("placebo"), "unknown")
    out["q7"] = {"toxic": "yes", "not_toxic": "no"}.get(f.get("drug_level"), "unknown")
    dr = f.get("dose_response")
    out["q8"] = ("yes" if dr in ("observed", "appeared_after_increase", "lessened_after_reduction") else
                 "no" if dr == "not_observed" else "unknown")  # fmt: skip
    out["q9"] = {"same_drug": "yes", "similar_drug": "yes", "exposed_without_reaction": "no"}.get(
        f.get("previous_reaction"), "unknown"
    )
    if r is not None and r.get("given") == "same_class" and r["outcome"] == "recurred":
        out["q9"] = "yes"  # "similar reaction to the same or similar drugs" (§15.6)
    out["q10"] = {"yes": "yes", "no": "no"}.get(f.get("objective_evidence"), "unknown")
    if positive & {"drug_dependent_antibodies", "biopsy"}:
        out["q10"] = "yes"  # confirmed by a specific test (§15.5)
    return out


def scores(data: dict[str, Any]) -> list[dict[str, Any]]:
    case, problems = read_case("case.yaml", yamlio.load(yamlio.dump(data)))
    assert not problems, [str(p) for p in problems]
    assert case is not None
    return [{k: v for k, v in result_data(r).items() if k != "file"} for r in assess_case(case)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_case())
def test_an_old_format_file_reads_and_scores_as_the_spec_says(data: dict[str, Any]) -> None:
    (result,) = scores(data)
    expected = {**expected_answers(data), **data["assessments"][0].get("naranjo", {})}
    got = {i["id"]: i["answer"] for i in result["naranjo"]["items"]}
    assert got == expected
    total = sum(POINTS[q][("yes", "no", "unknown").index(a)] for q, a in expected.items())
    assert (result["naranjo"]["score"], result["naranjo"]["category"]) == (total, category(total))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_case())
def test_a_file_written_back_reads_and_scores_the_same(data: dict[str, Any]) -> None:
    first = scores(data)
    case, _ = read_case("case.yaml", yamlio.load(yamlio.dump(data)))
    assert case is not None
    assert scores(to_data(case)) == first
