"""ALDEN against spec §5 and §11 (T13-T15), and criterion 6 with two and three drugs above the threshold."""

from __future__ import annotations

import pytest

from causality.instruments.alden import scorer as A


def drug(name: str, **kw: object) -> A.DrugInputs:
    base: dict[str, object] = {"delay_days": 10, "notoriety": "unknown"}
    base.update(kw)
    return A.DrugInputs(name, **base)  # type: ignore[arg-type]


def test_t13_very_probable() -> None:
    # delay 5-28 (+3), present (0), no prior exposure (0), stopped (0), strongly associated (+3), no other > 3
    (r,) = A.assess([drug("allopurinol", delay_days=14, notoriety="strongly_associated")])
    assert [c.points for c in r.criteria] == [3, 0, 0, 0, 3]
    assert (r.final, r.band) == (6, "very probable")


def test_t14_ten() -> None:
    (r,) = A.assess([drug("x", prechallenge="same_drug_same_disease", notoriety="strongly_associated")])
    assert r.final == 3 + 0 + 4 + 0 + 3 == 10


def test_t15_other_cause() -> None:
    # A: 3 + 0 + 0 + 0 + 3 = 6; B: 3 + 0 + 0 + 0 + 0 = 3 -> B loses 1 because A is above 3
    a, b = A.assess([drug("A", notoriety="strongly_associated"), drug("B")])
    assert (a.final, b.final) == (6, 2)
    assert a.final_alternative is None and b.final_alternative is None  # both readings agree


def test_two_drugs_above_the_threshold_both_readings() -> None:
    # A 6, B 5 (3 + 0 + 0 + 0 + 2), C 3
    a, b, c = A.assess(
        [drug("A", notoriety="strongly_associated"), drug("B", notoriety="associated"), drug("C")]
    )
    assert (a.intermediate, b.intermediate, c.intermediate) == (6, 5, 3)
    # spec convention: only the top drug keeps its score
    assert (a.final, b.final, c.final) == (6, 4, 2)
    # public implementation: A also loses a point, because B is above 3
    assert (a.final_alternative, b.final_alternative, c.final_alternative) == (5, None, None)


def test_three_drugs_above_the_threshold_with_a_tie_at_the_top() -> None:
    results = A.assess([drug("A", notoriety="strongly_associated"), drug("B", notoriety="strongly_associated"),
                        drug("C", notoriety="associated")])  # fmt: skip
    assert [(r.intermediate, r.final, r.final_alternative) for r in results] == [
        (6, 6, 5),
        (6, 6, 5),
        (5, 4, None),
    ]


@pytest.mark.parametrize(
    ("days", "previous", "points"),
    [(0, False, -3), (-2, False, -3), (1, False, 1), (4, False, 1), (5, False, 3), (28, False, 3), (29, False, 2),
     (56, False, 2), (57, False, -1), (1, True, 3), (4, True, 3), (5, True, 1), (56, True, 1), (57, True, -1)],
)  # fmt: skip
def test_delay_options(days: int, previous: bool, points: int) -> None:
    (r,) = A.assess([drug("x", delay_days=days, previous_reaction_same_drug=previous)])
    assert r.criteria[0].points == points


def test_presence_uses_the_half_life_and_names_its_source() -> None:
    (r,) = A.assess([drug("x", stopped_days_before_index=1, half_life_hours=12, half_life_source="SmPC 5.2")])
    assert (
        r.criteria[1].points == 0
        and "2.0 half-lives" in r.criteria[1].reason
        and "SmPC 5.2" in r.criteria[1].reason
    )
    (r,) = A.assess([drug("x", stopped_days_before_index=10, half_life_hours=12)])
    assert r.criteria[1].points == -3
    (r,) = A.assess([drug("x", stopped_days_before_index=10, half_life_hours=12,
                          liver_kidney_dysfunction_or_interaction=True)])  # fmt: skip
    assert r.criteria[1].points == -1
    with pytest.raises(ValueError, match="half-life"):
        A.assess([drug("x", stopped_days_before_index=10)])


@pytest.mark.parametrize(
    ("total", "band"),
    [(-12, "very unlikely"), (-1, "very unlikely"), (0, "unlikely"), (1, "unlikely"), (2, "possible"), (3, "possible"),
     (4, "probable"), (5, "probable"), (6, "very probable"), (10, "very probable")],
)  # fmt: skip
def test_bands(total: int, band: str) -> None:
    assert A.band_of(total) == band


def test_notoriety_unknown_and_not_suspected() -> None:
    assert A.NOTORIETY["unknown"] == 0 and A.NOTORIETY["not_suspected"] == -1  # §14, confirmed
    (r,) = A.assess(
        [drug("x", notoriety="not_suspected", continued_without_harm=True, prechallenge="negative")]
    )
    assert r.final == 3 + 0 - 2 - 2 - 1 == -2
