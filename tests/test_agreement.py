"""Agreement between assessors: the statistics against published values and an independent implementation
(statsmodels, in the tests only), the edge cases, and `causality agreement` on the example folder."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

from causality import agreement as A
from causality.cli import cli
from tests.conftest import EXAMPLES

# The 3 x 3 table of the SAS PROC FREQ documentation that statsmodels' own tests use.
SAS = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]

# Fleiss (1971): 30 patients, 6 psychiatrists each, 5 diagnoses (as statsmodels' tests give the raw ratings).
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def counts(ratings: list[list[int]], categories: int) -> list[list[int]]:
    return [[row.count(c) for c in range(1, categories + 1)] for row in ratings]


# --- published values --------------------------------------------------------------------------------


def test_cohen_kappa_of_the_sas_table() -> None:
    k = A.cohen_kappa(SAS)
    assert k.value is not None and k.se is not None and k.ci is not None
    assert round(k.value, 4) == 0.4842
    assert round(k.se, 4) == 0.1380
    # 95 % confidence limits as SAS prints them: 0.2137 to 0.7547
    assert (round(k.ci[0], 4), round(k.ci[1], 4)) == (0.2137, 0.7547)
    assert round(A.weighted_kappa(SAS, "linear") or 0, 4) == 0.4701
    assert round(A.weighted_kappa(SAS, "quadratic") or 0, 4) == 0.4502


def test_fleiss_kappa_of_the_fleiss_1971_data() -> None:
    assert A.fleiss_kappa(counts(FLEISS_1971, 5)) == pytest.approx(0.4302445, abs=1e-7)


def test_gwet_ac1_of_the_sas_table_worked_by_hand() -> None:
    # n = 19, agreement 13/19. Category shares over both assessors: (5+0)/38, (8+13)/38, (6+6)/38.
    # Chance = sum(pi (1 - pi)) / (3 - 1) = (0.114266 + 0.247230 + 0.216066) / 2 = 0.288781.
    # AC1 = (0.684211 - 0.288781) / (1 - 0.288781) = 0.55598.
    assert A.gwet_ac1(A.counts_of(SAS)) == pytest.approx(0.55598, abs=1e-5)


def test_three_assessors_worked_by_hand() -> None:
    # Three pairs, three assessors, two categories: 3-0, 2-1, 0-3. Agreement (1 + 1/3 + 1) / 3 = 7/9.
    # Fleiss: shares 5/9, 4/9, chance 41/81: (63/81 - 41/81) / (40/81) = 22/40.
    # AC1: chance (5/9 * 4/9 + 4/9 * 5/9) / 1 = 40/81: (63/81 - 40/81) / (41/81) = 23/41.
    table = [[3, 0], [2, 1], [0, 3]]
    assert A.fleiss_observed(table) == pytest.approx(7 / 9)
    assert A.fleiss_kappa(table) == pytest.approx(22 / 40)
    assert A.gwet_ac1(table) == pytest.approx(23 / 41)


# --- an independent implementation as the oracle ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
# The oracle takes the square root of a variance rounded below zero where it is zero (see below).
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_two_assessors_as_statsmodels_computes_them(seed: int) -> None:
    rng = random.Random(seed)
    k = rng.choice((2, 3, 4, 6))
    table = [[rng.randint(0, 9) for _ in range(k)] for _ in range(k)]
    table[0][0] += 1  # never empty
    oracle = cohens_kappa(np.array(table, dtype=float))
    mine = A.cohen_kappa(table)
    if mine.value is None:  # all in one category on both sides
        assert np.isnan(oracle.kappa) or oracle.kappa == pytest.approx(0)
        return
    assert mine.value == pytest.approx(oracle.kappa, abs=1e-12)
    # The variance: where it is zero (one assessor used one category only) the oracle's rounding makes it
    # slightly negative, and its standard error NaN.
    assert mine.se is not None and mine.se**2 == pytest.approx(oracle.var_kappa, abs=1e-12)
    if oracle.var_kappa > 0:
        assert mine.ci == pytest.approx((oracle.kappa_low, oracle.kappa_upp), abs=1e-9)
    for weights in ("linear", "quadratic"):
        assert A.weighted_kappa(table, weights) == pytest.approx(
            cohens_kappa(np.array(table, dtype=float), wt=weights).kappa, abs=1e-12
        )
    assert A.observed_agreement(table) == pytest.approx(
        sum(table[i][i] for i in range(k)) / sum(map(sum, table))
    )


@pytest.mark.parametrize("seed", range(20))
def test_several_assessors_as_statsmodels_computes_them(seed: int) -> None:
    rng = random.Random(1000 + seed)
    raters, categories = rng.choice((3, 4, 5)), rng.choice((2, 4, 6))
    ratings = [[rng.randint(0, categories - 1) for _ in range(raters)] for _ in range(rng.randint(5, 30))]
    table, _ = aggregate_raters(np.array(ratings), n_cat=categories)
    mine = A.fleiss_kappa(table.tolist())
    assert mine == pytest.approx(fleiss_kappa(table, method="fleiss"), abs=1e-12)


# --- edge cases --------------------------------------------------------------------------------------


def rating(
    pair: str, rater: str, naranjo: str | None, who: str | None = "probable", role: str = "independent"
) -> A.Rating:
    return A.Rating(("C", "drug", pair), rater, role, "why" if role != "independent" else None, f"{rater}.yaml",
                    {"naranjo": naranjo, "who_umc": who}, {f"q{n}": "yes" for n in range(1, 11)})  # fmt: skip


NARANJO = (
    "naranjo",
    ("definite", "probable", "possible", "doubtful"),
    ("definite", "probable", "possible", "doubtful"),
)
WHO = ("who_umc", ("certain", "probable", "possible", "unlikely", "conditional", "unassessable"),
       ("certain", "probable", "possible", "unlikely"))  # fmt: skip


def test_perfect_agreement_over_two_categories_is_kappa_one() -> None:
    rs = [rating(p, r, c) for p, c in (("a", "probable"), ("b", "possible")) for r in ("Ann", "Bo")]
    s = A.agreement(rs, [NARANJO]).instruments["naranjo"]
    assert (s.observed, s.kappa.value, s.linear, s.quadratic, s.ac1) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert s.kappa.se == 0.0


def test_one_category_only_leaves_kappa_undefined_and_says_so() -> None:
    rs = [rating(p, r, "probable") for p in "abc" for r in ("Ann", "Bo")]
    data = A.agreement(rs, [NARANJO]).data()["naranjo"]
    assert data["observed_agreement"] == 1.0
    assert data["cohen_kappa"] is None and data["cohen_kappa_se"] is None and data["cohen_kappa_ci95"] is None
    assert data["weighted_kappa_linear"] is None and data["weighted_kappa_quadratic"] is None
    assert "kappa cannot be computed: both assessors put every pair in one category" in data["notes"]
    # AC1 over the scale's four categories: chance (1 * 0) / 3 = 0, so AC1 = the agreement, 1.
    assert data["gwet_ac1"] == 1.0
    assert data["marginals"] == {
        n: {"definite": 0, "probable": 3, "possible": 0, "doubtful": 0} for n in ("Ann", "Bo")
    }


def test_a_pair_one_assessor_did_not_assess_is_left_out_and_named() -> None:
    rs = [rating("a", "Ann", "probable"), rating("a", "Bo", "probable"), rating("b", "Ann", "possible"),
          rating("b", "Bo", "doubtful"), rating("c", "Ann", "possible")]  # fmt: skip
    data = A.agreement(rs, [NARANJO]).data()["naranjo"]
    assert (data["pairs"], data["raters"], data["pairs_left_out"]) == (2, 2, 1)
    assert data["left_out"] == ["C: drug x c: a result from Ann only"]
    assert data["observed_agreement"] == 0.5
    assert data["confusion"] == {"rows": "Ann", "columns": "Bo",
                                 "table": [[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]}  # fmt: skip


def test_who_umc_weighted_kappa_leaves_out_the_categories_that_are_not_ordered() -> None:
    rs = [rating("a", "Ann", "probable", "probable"), rating("a", "Bo", "probable", "possible"),
          rating("b", "Ann", "probable", "conditional"), rating("b", "Bo", "probable", "probable"),
          rating("c", "Ann", "probable", "certain"), rating("c", "Bo", "probable", "certain")]  # fmt: skip
    data = A.agreement(rs, [WHO]).data()["who_umc"]
    assert (data["pairs"], data["weighted_pairs"], data["weighted_pairs_left_out"]) == (3, 2, 1)
    assert data["categories"] == list(WHO[1]) and data["ordinal_categories"] == list(WHO[2])
    # Two pairs on the ordered scale: certain-certain, probable-possible (one step apart of three).
    # Linear weights: 1 and 2/3; observed (1 + 2/3) / 2 = 5/6. Margins: Ann certain 1/2, probable 1/2;
    # Bo certain 1/2, possible 1/2. Chance = sum w_ij r_i c_j = 1/4 (1 + 1/3 + 2/3 + 2/3) = 2/3.
    # Kappa = (5/6 - 2/3) / (1/3) = 0.5.
    assert data["weighted_kappa_linear"] == 0.5
    assert "weighted kappa leaves out 1 pair(s)" in " ".join(data["notes"])


def test_three_assessors_give_fleiss_kappa_and_no_two_assessor_statistics() -> None:
    said = {"a": ("probable", "probable", "probable"), "b": ("probable", "probable", "possible"),
            "c": ("doubtful", "doubtful", "doubtful")}  # fmt: skip
    rs = [rating(p, r, c) for p, cs in said.items() for r, c in zip(("Ann", "Bo", "Cy"), cs, strict=True)]
    data = A.agreement(rs, [NARANJO]).data()["naranjo"]
    assert data["raters"] == 3 and data["pairs"] == 3
    for key in (
        "cohen_kappa",
        "cohen_kappa_se",
        "weighted_kappa_linear",
        "weighted_kappa_quadratic",
        "confusion",
    ):
        assert data[key] is None, key
    # Per pair 1, 1/3, 1: observed 7/9. Shares: probable 5/9, possible 1/9, doubtful 3/9:
    # chance 35/81; kappa (63/81 - 35/81) / (46/81) = 28/46.
    assert data["observed_agreement"] == round(7 / 9, 4)
    assert data["fleiss_kappa"] == round(28 / 46, 4)
    # Each two of them: Ann and Bo agree on all three (kappa 1). Ann and Cy (and Bo and Cy): probable-probable,
    # probable-possible, doubtful-doubtful: agreement 2/3; margins 2/3 probable, 1/3 doubtful against 1/3
    # each of probable, possible, doubtful: chance 2/9 + 1/9 = 1/3; kappa (2/3 - 1/3) / (2/3) = 0.5.
    assert [(p["raters"], p["pairs"], p["cohen_kappa"]) for p in data["pairwise"]] == [
        (["Ann", "Bo"], 3, 1.0), (["Ann", "Cy"], 3, 0.5), (["Bo", "Cy"], 3, 0.5),
    ]  # fmt: skip


def test_pairs_assessed_by_different_assessors_give_fleiss_kappa_and_each_two_of_them() -> None:
    # Three assessors, two a pair: p1 Ann probable, Bo probable; p2 Ann probable, Cy possible; p3 Bo doubtful,
    # Cy doubtful. p4 is Ann's alone (left out); p5 has all three (left out: most pairs have two).
    said = {"p1": {"Ann": "probable", "Bo": "probable"}, "p2": {"Ann": "probable", "Cy": "possible"},
            "p3": {"Bo": "doubtful", "Cy": "doubtful"}, "p4": {"Ann": "possible"},
            "p5": {"Ann": "possible", "Bo": "possible", "Cy": "possible"}}  # fmt: skip
    rs = [rating(p, r, c) for p, by in said.items() for r, c in by.items()]
    data = A.agreement(rs, [NARANJO]).data()["naranjo"]
    assert (data["pairs"], data["raters"], data["raters_per_pair"]) == (3, 3, 2)
    assert data["left_out"] == [
        "C: drug x p4: a result from Ann only", "C: drug x p5: results from 3 assessors, where most pairs have 2",
    ]  # fmt: skip
    assert data["cohen_kappa"] is None and data["confusion"] is None
    # Per pair 1, 0, 1: observed 2/3. Shares of the six ratings: probable 3/6, possible 1/6, doubtful 2/6;
    # chance 9/36 + 1/36 + 4/36 = 7/18; kappa (12/18 - 7/18) / (11/18) = 5/11.
    assert data["observed_agreement"] == round(2 / 3, 4)
    assert data["fleiss_kappa"] == round(5 / 11, 4)
    assert data["marginals"]["Cy"] == {"definite": 0, "probable": 0, "possible": 1, "doubtful": 1}
    # Each two of them on the pairs both assessed: Ann and Bo p1 (and p5), Ann and Cy p2 (and p5), Bo and Cy
    # p3 (and p5).
    assert [(p["raters"], p["pairs"], p["observed_agreement"]) for p in data["pairwise"]] == [
        (["Ann", "Bo"], 2, 1.0), (["Ann", "Cy"], 2, 0.5), (["Bo", "Cy"], 2, 1.0),
    ]  # fmt: skip


def test_consensus_and_adjudication_are_not_counted_but_listed_as_final() -> None:
    rs = [rating("a", "Ann", "probable"), rating("a", "Bo", "possible"),
          rating("a", "Cy", "possible", role="adjudication")]  # fmt: skip
    report = A.agreement(rs, [NARANJO])
    assert report.instruments["naranjo"].raters == ["Ann", "Bo"] and [r.rater for r in report.final] == ["Cy"]
    (found,) = A.disagreements(rs, ["naranjo", "who_umc"])
    assert found["instruments"] == ["naranjo"]
    assert [a["naranjo"] for a in found["assessments"]] == ["probable", "possible"]
    assert found["final"] == [{"assessor": "Cy", "role": "adjudication", "reason": "why", "file": "Cy.yaml",
                               "naranjo": "possible"}]  # fmt: skip


# --- the command, on the example folder ---------------------------------------------------------------

FOLDER = EXAMPLES / "agreement"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_keys_as_the_issue_lists_them_and_the_example_worked_by_hand() -> None:
    code, out, _ = run("agreement", str(FOLDER), "--format", "json")
    assert code == 0
    data = json.loads(out)
    required = {"pairs", "raters", "observed_agreement", "cohen_kappa", "cohen_kappa_se", "weighted_kappa_linear",
                "weighted_kappa_quadratic", "fleiss_kappa", "gwet_ac1", "categories", "marginals"}  # fmt: skip
    assert {"naranjo", "who_umc", "lcat"} <= set(data)
    for instrument in data.values():
        assert required <= set(instrument)
        assert instrument["fleiss_kappa"] is None  # two assessors
    # Ann and Bo agree on Naranjo (probable, probable for both pairs: 7 and 7; 5 and 7), so kappa is undefined.
    n = data["naranjo"]
    assert (n["pairs"], n["raters"], n["observed_agreement"], n["cohen_kappa"]) == (2, 2, 1.0, None)
    # q5: Ann "no" twice; Bo "unknown" for the petechiae (infection not tested), "no" for the epistaxis.
    assert n["items"]["q5"]["observed_agreement"] == 0.5 and n["items"]["q5"]["cohen_kappa"] == 0.0
    assert n["items"]["q1"]["observed_agreement"] == 1.0
    # WHO-UMC: Ann probable, probable; Bo possible, probable. Agreement 1/2; chance 1 * 1/2 = 1/2: kappa 0.
    # AC1 over the six categories: shares probable 3/4, possible 1/4; chance (2 * 3/16) / 5 = 0.075;
    # (0.5 - 0.075) / 0.925 = 0.4595.
    w = data["who_umc"]
    assert (w["observed_agreement"], w["cohen_kappa"], w["gwet_ac1"]) == (0.5, 0.0, 0.4595)
    assert w["marginals"]["Bo Chen"]["possible"] == 1 and w["marginals"]["Ann Lee"]["probable"] == 2
    assert w["confusion"]["table"][1][:3] == [0, 1, 1]  # Ann's probable row: Bo probable once, possible once
    # Naranjo against WHO-UMC over the four independent assessments: probable against probable 3 times,
    # against possible once.
    vs = n["vs_who_umc"]
    assert (vs["pairs"], vs["observed_agreement"]) == (4, 0.75)


def test_disagreements_show_each_assessor_and_the_final_result() -> None:
    code, out, _ = run("agreement", str(FOLDER), "--disagreements", "--format", "json")
    assert code == 0
    (pair,) = json.loads(out)
    assert (pair["case_id"], pair["reaction"]) == ("ALEM-2024-001", "generalized petechiae")
    assert "who_umc" in pair["instruments"] and "naranjo" not in pair["instruments"]
    assert {(a["assessor"], a["who_umc"]) for a in pair["assessments"]} == {
        ("Ann Lee", "probable"),
        ("Bo Chen", "possible"),
    }
    (final,) = pair["final"]
    assert (final["assessor"], final["role"], final["who_umc"]) == ("Cy Dias", "adjudication", "probable")
    code, text, _ = run("agreement", str(FOLDER), "--disagreements")
    assert "FINAL (adjudication, Cy Dias)" in text and "Reason: The case report says" in text


def test_table_and_csv() -> None:
    code, text, _ = run("agreement", str(FOLDER))
    assert code == 0
    assert "Consensus or adjudication: 1" in text
    assert "Cohen's kappa:" in text and "Table (rows: Ann Lee; columns: Bo Chen):" in text
    code, out, _ = run("agreement", str(FOLDER), "--format", "csv", "--instrument", "who-umc")
    lines = out.splitlines()
    assert lines[0].startswith("scale,pairs,raters,observed_agreement,cohen_kappa,cohen_kappa_se")
    assert [line.split(",")[0] for line in lines[1:]] == ["who_umc"]


def test_an_unknown_instrument_is_refused() -> None:
    code, _, err = run("agreement", str(FOLDER), "--instrument", "bayes")
    assert code == 2 and err.startswith(
        "causality agreement: unknown instrument 'bayes' (allowed: naranjo, who_umc"
    )


def test_one_assessor_in_two_files_for_the_same_pair_is_refused(tmp_path: Path) -> None:
    text = (FOLDER / "alemtuzumab-ann.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("agreement", str(tmp_path))
    assert code == 2 and out == ""
    assert (
        f"{tmp_path / 'b.yaml'}: assessments: Ann Lee assessed alemtuzumab x generalized petechiae of case "
        in err
    )


def test_compare_shows_the_items_that_differ_with_the_facts_behind_them() -> None:
    code, out, _ = run("compare", str(FOLDER / "alemtuzumab-ann.yaml"), str(FOLDER / "alemtuzumab-bo.yaml"))
    assert code == 0
    assert max(map(len, out.splitlines())) <= 80
    petechiae = " ".join(out.split("ALEM-2024-001: alemtuzumab x epistaxis")[0].split())  # as wrapped
    assert "Naranjo ADR Probability Scale: A probable (7); B probable (5)" in petechiae
    assert "A: no (+2), derived: all 3 excluded: prolonged straining, infectious disease, trauma " \
           "[facts.alternative_causes]" in petechiae  # fmt: skip
    assert "B: unknown (0), derived: none present, but not excluded: infectious disease" in petechiae
    assert "WHO-UMC causality categories: A probable; B possible" in petechiae
    # Items both answered alike are not listed.
    assert "q1 " not in petechiae and "q10 " not in petechiae


def test_compare_needs_a_pair_assessed_twice() -> None:
    code, _, err = run("compare", str(EXAMPLES / "alemtuzumab.yaml"))
    assert code == 2 and err.startswith("causality compare: no pair is assessed twice here")


def test_the_example_assessments_score_as_worked_by_hand() -> None:
    # Ann Lee recorded the seed case's facts: for both reactions 1 + 2 + 1 + 0 + 2 + 0 + 0 + 0 + 0 + 1 = 7,
    # Probable; WHO-UMC Probable (as tests/test_examples.py works out for the seed case). Bo Chen took infection
    # as considered but not tested for the petechiae: q5 "do not know" (0, not +2), 5, still Probable; the
    # alternatives are then "possible" for WHO-UMC, and with a reasonable (not plausible) time: Possible.
    # His epistaxis keeps every cause excluded: 7, and WHO-UMC Probable (reasonable timing suffices). The
    # adjudication records Ann Lee's facts for the petechiae: 7, Probable, WHO-UMC Probable.
    code, out, _ = run("score", str(FOLDER), "--format", "json")
    assert code == 0
    got = {
        (Path(d["file"]).stem, d["reaction"]): (
            d["naranjo"]["score"],
            d["naranjo"]["category"],
            d["who_umc"]["final_category"],
        )
        for d in json.loads(out)
    }
    assert got == {
        ("alemtuzumab-ann", "generalized petechiae"): (7, "probable", "probable"),
        ("alemtuzumab-ann", "epistaxis"): (7, "probable", "probable"),
        ("alemtuzumab-bo", "generalized petechiae"): (5, "probable", "possible"),
        ("alemtuzumab-bo", "epistaxis"): (7, "probable", "probable"),
        ("alemtuzumab-adjudication", "generalized petechiae"): (7, "probable", "probable"),
    }


def test_the_table_names_ten_pairs_left_out_and_counts_the_rest() -> None:
    # Ann assessed 14 pairs, Bo the first 2: 12 pairs are left out; the JSON lists all of them.
    rs = [rating(f"p{n:02d}", "Ann", "probable") for n in range(14)] + [
        rating(f"p{n:02d}", "Bo", "probable") for n in range(2)
    ]
    report = A.agreement(rs, [NARANJO])
    assert report.data()["naranjo"]["pairs_left_out"] == 12
    assert len(report.data()["naranjo"]["left_out"]) == 12
    from causality.agreement_output import _text

    text = _text(report, rs)
    assert text.count("Left out: C: drug x p") == 10
    assert "Left out: 2 more pairs (--format json lists every one)" in text
