"""The further instruments on whole cases: routing by reaction term, answers traced to facts, and the three
"done when" examples of issue #5 scored through `causality score`, against values worked by hand below."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from click.testing import CliRunner

from causality.casefile import read_case, to_data
from causality.cli import cli
from causality.instruments.alden.entry import is_sjs_ten
from tests.conftest import EXAMPLES


def score(path: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["score", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def one(path: str, drug: str | None = None) -> dict[str, Any]:
    return next(r for r in score(path) if drug is None or r["drug"] == drug)


# The per-pair instruments the tool ships, by their keys in case files and JSON.
FURTHER = ("lcat", "rucam", "alden", "george", "hartwig", "schumock_thornton")


def points(instrument: dict[str, Any]) -> list[int]:
    return [item["points"] for item in instrument["items"]]


def applied(result: dict[str, Any]) -> set[str]:
    assert not set(result["instruments"]) & set(result["not_applied"])
    assert set(result["instruments"]) | set(result["not_applied"]) == set(FURTHER)
    return set(result["instruments"])


def assert_traced(result: dict[str, Any]) -> None:
    """Every item of every further instrument says where its answer came from."""
    for name, instrument in result["instruments"].items():
        for item in instrument["items"]:
            assert item["source"] in {"derived", "given", "overridden", "default"}, (name, item)
            assert item["reason"], (name, item)
            if item["source"] == "derived":
                assert item.get("fact"), (name, item)


# --- the liver-injury example ------------------------------------------------------------------------------


def test_liver_injury_case_scores_rucam_on_the_cholestatic_scale() -> None:
    r = one(str(EXAMPLES / "coamoxiclav-liver-injury.yaml"))
    assert applied(r) == {"lcat", "rucam", "hartwig", "schumock_thornton"}
    assert_traced(r)
    rucam = r["instruments"]["rucam"]
    # ALT 180/40 = 4.5 x ULN, ALP 390/130 = 3 x ULN: threshold met by ALP; R = 4.5 / 3 = 1.5 <= 2: cholestatic.
    assert (rucam["r_ratio"], rucam["injury_type"], rucam["scale"]) == (
        1.5,
        "cholestatic",
        "cholestatic or mixed",
    )
    # 1: onset 14 days after stopping (<= 30) +1; 2: ALP down >= 50% within 180 days +2; 3: age 67 +1, one
    # drink a day (man: threshold 3) 0; 4: amlodipine, incompatible time 0; 5: all 7 Group I ruled out (5 by
    # test, alcoholism and hypotension by history) but HSV and VZV untested +1; 6: labelled +2; 7: none 0.
    assert points(rucam) == [1, 2, 1, 0, 1, 2, 0]
    assert (rucam["score"], rucam["result"]) == (7, "probable")
    assert rucam["total_if_tests_negative"] == 8  # item 5 would give +2
    assert rucam["items"][3]["source"] == "given"  # the concomitant-drug answer is the assessor's
    assert any("RUCAM is recommended over it" in w for w in r["warnings"])
    # LCAT: L6 high/unsure (HSV, VZV open), no mechanism evidence -> Possible.
    assert r["instruments"]["lcat"]["result"] == "possible"
    assert [s["node"] for s in r["instruments"]["lcat"]["path"]] == ["L1", "L2", "L4", "L6", "L7"]
    # Hartwig: the reason for admission -> 4b, moderate; serious because of the hospitalisation.
    hartwig = r["instruments"]["hartwig"]
    assert (hartwig["level"], hartwig["band"], hartwig["serious"]) == ("4b", "moderate", True)
    assert r["instruments"]["schumock_thornton"]["verdict"] == "not_preventable"
    assert r["instruments"]["schumock_thornton"]["provisional"] is False


# --- the SJS/TEN example with three drugs ------------------------------------------------------------------


def test_sjs_case_scores_every_drug_with_alden_then_compares_them() -> None:
    results = {r["drug"]: r for r in score(str(EXAMPLES / "lamotrigine-sjs.yaml"))}
    lamotrigine, paracetamol = results["lamotrigine"], results["paracetamol"]
    for r in results.values():
        assert applied(r) == {"lcat", "alden", "hartwig", "schumock_thornton"}
        assert_traced(r)
    # Lamotrigine: 15 days +3; continued to the index day 0; never taken before 0; stopped 0; strongly
    # associated +3 -> intermediate 6, the highest, so criterion 6 is 0: final 6, very probable.
    alden = lamotrigine["instruments"]["alden"]
    assert points(alden) == [3, 0, 0, 0, 3, 0]
    assert (alden["score"], alden["result"]) == (6, "very probable")
    # Paracetamol: 3 days +1; present 0; taken before without reaction -2; stopped 0; notoriety unknown 0
    # -> -1; lamotrigine scores above 3, so -1: final -2, very unlikely.
    # Valproate (concomitant): started 16 months before, > 56 days -1; continued 0; 0; continued without
    # harm -2; 0 -> -3; -1 -> -4, very unlikely.
    assert points(paracetamol["instruments"]["alden"]) == [1, 0, -2, 0, 0, -1]
    drugs = {d["name"]: (d["intermediate"], d["final"], d["band"]) for d in alden["drugs"]}
    assert drugs == {
        "lamotrigine": (6, 6, "very probable"),
        "paracetamol": (-1, -2, "very unlikely"),
        "sodium valproate": (-3, -4, "very unlikely"),
    }
    assert alden["half_life_source"].startswith("product information")
    # Naranjo cannot separate the two drugs (4 and 4); ALDEN does.
    assert lamotrigine["naranjo"]["score"] == paracetamol["naranjo"]["score"] == 4
    # Hartwig: intensive care on an admission -> level 5, severe; preventability: dose inappropriate (A3).
    assert lamotrigine["instruments"]["hartwig"]["level"] == "5"
    prevent = lamotrigine["instruments"]["schumock_thornton"]
    assert (prevent["verdict"], prevent["because"]) == ("definitely_preventable", ["A3"])


# --- the thrombocytopenia example --------------------------------------------------------------------------


def test_thrombocytopenia_case_reaches_george_probable_and_oklahoma_definite() -> None:
    r = one(str(EXAMPLES / "vancomycin-thrombocytopenia.yaml"))
    assert applied(r) == {"lcat", "george", "hartwig", "schumock_thornton"}
    assert_traced(r)
    george = r["instruments"]["george"]
    # 1: after the drug, recovered after stopping; 2: pantoprazole continued with normal counts (given);
    # 3: all five alternatives excluded; 4: no re-exposure; 5: antibodies (given) -> 1998: Probable.
    assert [i["answer"] for i in george["items"]] == ["yes", "yes", "yes", "no", "yes"]
    assert [i["source"] for i in george["items"]] == ["derived", "given", "derived", "derived", "given"]
    assert (george["result"], george["oklahoma_level"]) == ("probable", "definite")
    # LCAT: L6 low -> L8 no (no rechallenge) -> L9 no (first exposure) -> L10 yes (labelled): Probable.
    lcat = r["instruments"]["lcat"]
    assert [(s["node"], s["answer"]) for s in lcat["path"]] == [
        ("L1", "yes"), ("L2", "yes"), ("L4", "yes"), ("L6", "low"), ("L8", "no"), ("L9", "no"), ("L10", "yes"),
    ]  # fmt: skip
    assert lcat["result"] == "probable"
    # Hartwig: drug stopped, platelet transfusion, 3 extra days -> 4a, moderate.
    assert (r["instruments"]["hartwig"]["level"], r["instruments"]["hartwig"]["band"]) == ("4a", "moderate")
    # Preventability: A4 comes from the recorded trough level (not toxic); nothing answered yes.
    a4 = next(i for i in r["instruments"]["schumock_thornton"]["items"] if i["id"] == "A4")
    assert (a4["answer"], a4["source"], a4["fact"]) == ("no", "derived", "facts.drug_level")


# --- routing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Stevens-Johnson syndrome", True), ("toxic epidermal necrolysis", True), ("SJS/TEN overlap", True),
        ("TEN", True), ("Lyell syndrome", True), ("tendon rupture", False), ("maculopapular rash", False),
    ],
)  # fmt: skip
def test_sjs_ten_terms(term: str, expected: bool) -> None:
    assert is_sjs_ten(term) is expected


def _case(term: str, **reaction: Any) -> dict[str, Any]:
    return {
        "case_id": "R-1",
        "suspect_drugs": [{"name": "drug a", "start": "2026-01-01"}],
        "reactions": [{"term": term, "onset": "2026-01-10", **reaction}],
        "assessments": [{"drug": "drug a", "reaction": term}],
    }


def _score_data(tmp_path: Any, data: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data))
    return one(str(path))


@pytest.mark.parametrize(
    ("term", "reaction", "expected"),
    [
        ("jaundice", {}, {"rucam"}),
        ("hepatotoxicity", {}, {"rucam"}),
        ("toxic epidermal necrolysis", {}, {"alden"}),
        ("thrombocytopenia", {}, {"george"}),
        ("petechiae", {"labs": {"platelets": 40}}, {"george"}),
        ("epistaxis", {"labs": {"platelets": 210}}, set()),
        ("petechiae", {}, set()),
        ("urticaria", {}, set()),
    ],
)
def test_the_reaction_term_routes_the_event_specific_instruments(
    tmp_path: Any, term: str, reaction: dict[str, Any], expected: set[str]
) -> None:
    r = _score_data(tmp_path, _case(term, **reaction))
    # Only Liverpool of the every-pair instruments has something to work on here (the dates).
    assert applied(r) == {"lcat"} | expected


def test_bleeding_without_a_platelet_count_says_what_to_record(tmp_path: Any) -> None:
    r = _score_data(tmp_path, _case("petechiae"))
    assert "labs.platelets" in r["not_applied"]["george"]


def test_the_assessor_adds_or_skips_an_instrument_and_the_case_records_why(tmp_path: Any) -> None:
    data = _case("petechiae")
    data["assessments"][0]["instruments"] = {
        "george": {"use": "add", "reason": "platelets 30 on the ward chart"},
        "schumock_thornton": "skip",
    }
    r = _score_data(tmp_path, data)
    assert applied(r) == {"lcat", "george"}
    assert r["instruments"]["george"]["why"].startswith(
        "added by the assessor: platelets 30 on the ward chart"
    )
    assert r["not_applied"]["schumock_thornton"].startswith("skipped by the assessor")
    case, problems = read_case("x.json", data)
    assert not problems and case is not None
    assert to_data(case)["assessments"][0]["instruments"] == data["assessments"][0]["instruments"]


# --- answers and refusals --------------------------------------------------------------------------------


def test_rucam_refuses_a_total_without_dates_and_says_which(tmp_path: Any) -> None:
    # No onset at all (a time after a dose is read since issue #10: tests/test_onset_interval.py).
    data = _case("hepatitis", labs={"alt": 400, "alt_uln": 40, "alp": 100, "alp_uln": 120})
    data["reactions"][0].pop("onset", None)
    rucam = _score_data(tmp_path, data)["instruments"]["rucam"]
    assert rucam["score"] is None and rucam["result"] is None
    assert rucam["injury_type"] == "hepatocellular"  # R = 10 / 0.83 = 12
    assert "onset date" in rucam["notes"][0]


def test_rucam_below_the_injury_threshold_is_not_scored(tmp_path: Any) -> None:
    data = _case("raised liver enzymes", labs={"alt": 120, "alt_uln": 40, "alp": 150, "alp_uln": 120})
    rucam = _score_data(tmp_path, data)["instruments"]["rucam"]
    assert rucam["score"] is None and "below the liver-injury threshold" in rucam["notes"][0]


def test_lcat_unrecorded_late_nodes_count_as_no_and_say_what_yes_would_give(tmp_path: Any) -> None:
    data = _case("urticaria")
    data["assessments"][0]["facts"] = {
        "dechallenge": "improved",
        "alternative_causes": [{"cause": "food", "status": "clinically_excluded"}],
    }
    lcat = _score_data(tmp_path, data)["instruments"]["lcat"]
    # L2 yes (dates) > L4 yes > L6 low > L8 no (not recorded) > L9 no (not recorded) > L10 no: Possible.
    assert lcat["result"] == "possible"
    assert [i["source"] for i in lcat["items"]][-3:] == ["default", "default", "default"]
    assert any("L8 was not recorded" in n and "Definite" in n for n in lcat["notes"])
    assert any("L10 was not recorded" in n and "Probable" in n for n in lcat["notes"])


def test_a_given_lcat_answer_overrides_the_derived_one(tmp_path: Any) -> None:
    data = _case("urticaria")
    data["assessments"][0]["facts"] = {"dechallenge": "not_done"}
    data["assessments"][0]["lcat"] = {"L4": {"answer": "unassessable", "reason": "single-dose vaccine"}}
    lcat = _score_data(tmp_path, data)["instruments"]["lcat"]
    l4 = next(i for i in lcat["items"] if i["id"] == "L4")
    assert (l4["answer"], l4["source"], l4["reason"]) == ("unassessable", "given", "single-dose vaccine")
    # Unassessable follows the Yes branch to L6, where it stops: no alternative causes are recorded.
    assert (lcat["missing"], lcat["result"]) == ("L6", None)
    assert "stops at L6" in lcat["notes"][0] and "facts.alternative_causes" in lcat["notes"][0]


def test_preventability_is_provisional_while_answers_are_missing(tmp_path: Any) -> None:
    data = _case("urticaria")
    data["assessments"][0]["facts"] = {"previous_reaction": "no_previous_exposure"}
    st = _score_data(tmp_path, data)["instruments"]["schumock_thornton"]
    assert st["provisional"] and st["result"] == "not preventable (provisional)"
    assert st["unknown"] == ["A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4"]  # A1 came from the history


def test_every_pair_instruments_with_nothing_recorded_are_listed_as_not_applied(tmp_path: Any) -> None:
    data = {"case_id": "S-1", "drug": "drug a", "reaction": "urticaria", "naranjo": {"q1": "yes"}}
    r = _score_data(tmp_path, data)
    assert r["instruments"] == {}
    for name in ("lcat", "hartwig", "schumock_thornton"):
        assert r["not_applied"][name] == "applies to every pair, but nothing it uses is recorded"


def test_hartwig_gives_no_level_from_silence_and_a_floor_when_higher_levels_are_unknown(
    tmp_path: Any,
) -> None:
    data = _case("urticaria")
    data["assessments"][0]["instruments"] = {"hartwig": "add"}
    hartwig = _score_data(tmp_path, data)["instruments"]["hartwig"]
    assert (hartwig["result"], hartwig["level"]) == (None, None)
    assert hartwig["notes"][0].startswith("no level")
    data["assessments"][0]["facts"] = {"dechallenge": "improved"}  # the drug was stopped: level 2 at least
    hartwig = _score_data(tmp_path, data)["instruments"]["hartwig"]
    assert (hartwig["result"], hartwig["at_least"]) == ("at least level 2 (mild)", True)
    data["reactions"][0]["consequences"] = {
        "treatment": "no", "admission": "no", "extra_days": 0, "intensive_care": "no", "permanent_harm": "no",
    }  # fmt: skip
    data["reactions"][0]["outcome"] = "recovered"
    hartwig = _score_data(tmp_path, data)["instruments"]["hartwig"]
    assert (hartwig["result"], hartwig["at_least"]) == ("level 2 (mild)", False)


# --- validation and round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"reactions": [{"term": "hepatitis", "labs": {"alt": "high"}}]},
         "reactions[0].labs.alt: 'high' is not a number"),
        ({"reactions": [{"term": "hepatitis", "labs": {"alp": 0}}]},
         "reactions[0].labs.alp: 0 is out of range (allowed: 0.1 to 100000)"),
        ({"reactions": [{"term": "hepatitis", "labs": {"liver_course": "fell"}}]},
         "reactions[0].labs.liver_course: 'fell' is not allowed (allowed: drop_50_within_8_days"),
        ({"reactions": [{"term": "hepatitis", "consequences": {"extra_days": 1.5}}]},
         "reactions[0].consequences.extra_days: 1.5 is not a whole number of days"),
        ({"patient": {"pregnant": "maybe"}}, "patient.pregnant: 'maybe' is not allowed (allowed: yes, no, unknown)"),
        ({"assessments": [{"drug": "drug a", "reaction": "hepatitis", "lcat": {"L6": "medium"}}]},
         "assessments[0].lcat.L6: 'medium' is not allowed (allowed: low, high_or_unsure)"),
        ({"assessments": [{"drug": "drug a", "reaction": "hepatitis", "rucam": {"item9": "x"}}]},
         "assessments[0].rucam.item9: unknown field (allowed: concomitant, reexposure, slowly_metabolised)"),
        ({"assessments": [{"drug": "drug a", "reaction": "hepatitis", "instruments": {"george": "maybe"}}]},
         "assessments[0].instruments.george: 'maybe' is not allowed (allowed: add, skip)"),
        ({"suspect_drugs": [{"name": "drug a", "alden": {"notoriety": "famous"}}]},
         "suspect_drugs[0].alden.notoriety: 'famous' is not allowed (allowed: strongly_associated"),
    ],
)  # fmt: skip
def test_new_facts_are_validated_with_the_field_and_what_is_allowed(
    patch: dict[str, Any], message: str
) -> None:
    data = {**_case("hepatitis"), **patch}
    case, problems = read_case("case.yaml", data)
    assert case is None
    assert any(str(p).startswith(f"case.yaml: {message}") for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    "name", ["coamoxiclav-liver-injury.yaml", "lamotrigine-sjs.yaml", "vancomycin-thrombocytopenia.yaml"]
)
def test_the_writer_keeps_every_new_fact(name: str) -> None:
    from causality.casefile import load_file

    case, problems = load_file(EXAMPLES / name)
    assert case is not None and not problems
    data = to_data(case)
    again, problems = read_case(name, json.loads(json.dumps(data, default=str)))
    assert again is not None and not problems
    assert json.dumps(to_data(again), default=str) == json.dumps(data, default=str)
    # The new facts are really written, not dropped on both sides.
    assert "consequences" in data["reactions"][0]
    assert ("labs" in data["reactions"][0]) is (name != "lamotrigine-sjs.yaml")


def test_csv_keeps_its_first_columns_and_adds_the_further_instruments() -> None:
    result = CliRunner().invoke(
        cli, ["score", str(EXAMPLES / "vancomycin-thrombocytopenia.yaml"), "--format", "csv"]
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))
    first = [
        "case_id", "file", "drug", "reaction", "time_to_onset_days", "naranjo_score", "naranjo_category",
        "naranjo_lower", "naranjo_upper", "naranjo_category_could_change", *(f"q{i}" for i in range(1, 11)),
        "who_umc_category", "who_umc_override", "who_umc_override_reason", "who_umc_final", "warnings",
    ]  # fmt: skip
    assert rows[0][: len(first)] == first
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["lcat"], row["george"], row["hartwig_level"], row["serious"]) == (
        "probable",
        "probable",
        "4a",
        "yes",
    )
    assert row["rucam_score"] == row["alden_score"] == ""  # not applied to a thrombocytopenia


def test_causality_scales_says_when_each_further_instrument_applies() -> None:
    from causality.instruments import registry

    assert {i.id for i in registry.further()} == set(FURTHER)
    assert all(i.applies_to for i in registry.further())
    result = CliRunner().invoke(cli, ["scales"])
    assert result.exit_code == 0 and result.stdout.count("Applied to: ") == len(FURTHER)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
