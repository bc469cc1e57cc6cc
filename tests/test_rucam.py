"""RUCAM 2016 against spec §4, §11 (T8-T12) and the §14 verdicts, worked by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from causality.instruments.rucam import scorer as R

D = dt.date
ALL_RULED_OUT = dict.fromkeys(R.CAUSES, "tested_excluded")
HEP_LABS = {"alt": 600.0, "alt_uln": 40.0, "alp": 100.0, "alp_uln": 120.0}  # 15 x ULN / 0.83 x ULN: R = 18


def case(**kw: object) -> R.Inputs:
    base: dict[str, object] = {**HEP_LABS, "drug_start": D(2024, 1, 1), "onset": D(2024, 1, 21)}
    base.update(kw)
    return R.Inputs(**base)  # type: ignore[arg-type]


def points(result: R.Result) -> list[int]:
    return [i.points for i in result.items]


def test_t8_possible() -> None:
    # time > 90 days (+1), course no information (0), age >= 55 (+1), no concomitant (0), all Group I and II
    # ruled out (+2), hepatotoxicity unknown (0), no re-exposure (0) = 4
    r = R.assess(case(onset=D(2024, 5, 1), age=67, causes=ALL_RULED_OUT))
    assert points(r) == [1, 0, 1, 0, 2, 0, 0]
    assert (r.total, r.band) == (4, "possible")


def test_t9_probable() -> None:
    # +1, course >= 50 % within 30 days (+2), alcohol 0, age >= 55 (+1), concomitant incompatible (0),
    # all ruled out (+2), published unlabelled (+1), no re-exposure (0) = 7
    r = R.assess(case(onset=D(2024, 1, 3), course=R.Course.DROP_50_WITHIN_30_DAYS, alcohol_above_threshold=False,
                      age=60, concomitant=R.Concomitant.INCOMPATIBLE_TIME, causes=ALL_RULED_OUT,
                      literature="published"))  # fmt: skip
    assert points(r) == [1, 2, 1, 0, 2, 1, 0]
    assert (r.total, r.band) == (7, "probable")


@pytest.mark.parametrize(
    ("total", "band"),
    [(-1, "excluded"), (0, "excluded"), (1, "unlikely"), (2, "unlikely"), (3, "possible"), (5, "possible"),
     (6, "probable"), (8, "probable"), (9, "highly probable"), (14, "highly probable")],
)  # fmt: skip
def test_t10_bands(total: int, band: str) -> None:
    assert R.band_of(total) == band


def test_t11_t12_r_ratio_boundaries() -> None:
    assert R.r_ratio(400, 40, 240, 120) == 5.0 and R.injury_type(5.0) is R.InjuryType.HEPATOCELLULAR  # T11
    assert R.r_ratio(160, 40, 240, 120) == 2.0 and R.injury_type(2.0) is R.InjuryType.CHOLESTATIC  # T12
    assert R.injury_type(4.99) is R.InjuryType.MIXED and R.injury_type(2.01) is R.InjuryType.MIXED


def test_threshold_refuses_below_and_warns_at_the_bound() -> None:
    below = R.assess(case(alt=160.0, alt_uln=40.0, alp=200.0, alp_uln=120.0))  # 4 x ULN, 1.7 x ULN
    assert below.total is None and "below the liver-injury threshold" in str(below.refused)
    at = R.assess(
        case(alt=200.0, alt_uln=40.0, alp=60.0, alp_uln=120.0, causes=ALL_RULED_OUT)
    )  # exactly 5 x ULN
    assert at.total is not None and "exactly on the injury threshold" in at.notes[0]


def test_missing_date_refuses_a_total_and_names_it() -> None:
    r = R.assess(case(onset=None))
    assert r.total is None and r.refused == "no total without the onset date"
    r = R.assess(case(drug_start=None, onset=None))
    assert r.refused == "no total without the drug start and onset date"


def test_temporal_exclusion() -> None:
    before = R.assess(case(onset=D(2023, 12, 20)))
    assert "before the drug was started" in str(before.refused)
    late = R.assess(
        case(drug_stop=D(2024, 1, 10), onset=D(2024, 1, 30))
    )  # 20 days after stop, hepatocellular
    assert "20 days after stopping (more than 15)" in str(late.refused)
    slow = R.assess(case(drug_stop=D(2024, 1, 10), onset=D(2024, 1, 30), slowly_metabolised=True))
    assert slow.items[0].points == 1
    # cholestatic window is 30 days (§14): 20 days after stopping is scored +1
    chol = R.assess(case(alt=80.0, alp=600.0, drug_stop=D(2024, 1, 10), onset=D(2024, 1, 30),
                         course=R.Course.DROP_50_WITHIN_180_DAYS))  # fmt: skip
    assert chol.injury is R.InjuryType.CHOLESTATIC and chol.items[0].points == 1 and chol.items[1].points == 2


def test_item1_windows() -> None:
    assert R.assess(case(onset=D(2024, 1, 5))).items[0].points == 1  # 1 -> 5 January: 4 days, < 5
    assert R.assess(case(onset=D(2024, 1, 6))).items[0].points == 2  # 5 days
    assert (
        R.assess(case(onset=D(2024, 1, 5), previous_exposure=True)).items[0].points == 2
    )  # 1-15 on re-exposure
    assert R.assess(case(onset=D(2024, 1, 20), previous_exposure=True)).items[0].points == 1  # 19 > 15


@pytest.mark.parametrize(
    ("ruled_out", "points5"),
    [(list(R.CAUSES), 2), (list(R.GROUP_I), 1), (list(R.GROUP_I[:6]), 0), (list(R.GROUP_I[:5]), 0),
     (list(R.GROUP_I[:4]), -2), ([], -2)],
)  # fmt: skip
def test_item5_counts_with_missing_serology(ruled_out: list[str], points5: int) -> None:
    r = R.assess(case(causes=dict.fromkeys(ruled_out, "tested_excluded")))
    assert r.items[4].points == points5
    if points5 < 2:
        assert r.missing_tests and r.total_if_tests_negative == r.total - points5 + 2  # type: ignore[operator]


def test_item5_only_tested_negatives_count_except_history_causes() -> None:
    clinical = dict.fromkeys(R.CAUSES, "clinically_excluded")
    r = R.assess(case(causes=clinical))
    assert r.items[4].points == -2  # only alcoholism and hypotension count: 2 of 7
    assert R.assess(case(causes={**ALL_RULED_OUT, "hev": "present_confirmed"})).items[4].points == -3


def test_item4_and_item7_options() -> None:
    assert R.assess(case(concomitant=R.Concomitant.EVIDENCE_FOR_ITS_ROLE)).items[3].points == -3
    assert R.assess(case(reexposure=R.Reexposure.INCREASE_BELOW_ULN)).items[6].points == -2
    assert R.assess(case(reexposure=R.Reexposure.DOUBLING_DRUG_ALONE)).items[6].points == 3


def test_course_must_belong_to_the_scale() -> None:
    with pytest.raises(ValueError, match="hepatocellular"):
        R.assess(case(course=R.Course.DROP_50_WITHIN_180_DAYS))


def test_pregnant_patient_who_drinks_shows_the_1993_total_too() -> None:
    r = R.assess(
        case(alt=80.0, alp=600.0, alcohol_above_threshold=True, pregnancy=True, causes=ALL_RULED_OUT)
    )
    assert r.items[2].points == 2 and r.total_1993_shared_row == r.total - 1  # type: ignore[operator]


def test_range_of_the_hepatocellular_scale() -> None:
    worst = R.assess(case(onset=D(2024, 6, 1), course=R.Course.DROP_UNDER_50_AFTER_30_DAYS_OR_RECURRENT,
                          concomitant=R.Concomitant.EVIDENCE_FOR_ITS_ROLE, causes={"hav": "present_confirmed"},
                          reexposure=R.Reexposure.INCREASE_BELOW_ULN, age=30))  # fmt: skip
    assert worst.total == 1 - 2 + 0 - 3 - 3 + 0 - 2 == -9
    best = R.assess(case(course=R.Course.DROP_50_WITHIN_8_DAYS, alcohol_above_threshold=True, age=70,
                         causes=ALL_RULED_OUT, literature="labelled",
                         reexposure=R.Reexposure.DOUBLING_DRUG_ALONE))  # fmt: skip
    assert best.total == 2 + 3 + 2 + 0 + 2 + 2 + 3 == 14


def test_a_zero_liver_value_is_refused_not_divided_by() -> None:
    result = R.assess(R.Inputs(alt=400, alt_uln=40, alp=0, alp_uln=120))
    assert result.total is None and result.refused == "ALT, ALP and their upper limits must be above 0"
