"""Naranjo scoring against an oracle written here from the published table (spec §1.1-§1.3, §11).

Nothing in this file reads points or bands from the package.
"""

from __future__ import annotations

import itertools
import random

import pytest

from causality.answers import Answer
from causality.instruments import naranjo as N

# Naranjo et al. 1981, as reproduced in spec §1.1: (yes, no, do not know) per question.
PUBLISHED = {
    "q1": (1, 0, 0),
    "q2": (2, -1, 0),
    "q3": (1, 0, 0),
    "q4": (2, -1, 0),
    "q5": (-1, 2, 0),
    "q6": (-1, 1, 0),
    "q7": (1, 0, 0),
    "q8": (1, 0, 0),
    "q9": (1, 0, 0),
    "q10": (1, 0, 0),
}
ANSWERS = (Answer.YES, Answer.NO, Answer.UNKNOWN)
IDS = tuple(PUBLISHED)


def oracle_points(item: str, answer: Answer) -> int:
    return PUBLISHED[item][ANSWERS.index(answer)]


def oracle_category(total: int) -> str:
    if total >= 9:
        return "definite"
    if 5 <= total <= 8:
        return "probable"
    if 1 <= total <= 4:
        return "possible"
    return "doubtful"


def test_every_one_of_the_59049_answer_combinations() -> None:
    count = 0
    for combo in itertools.product(ANSWERS, repeat=10):
        answers = dict(zip(IDS, combo, strict=True))
        result = N.score(answers)
        expected_points = [oracle_points(i, a) for i, a in answers.items()]
        assert [s.points for s in result.items] == expected_points
        assert result.total == sum(expected_points)
        assert result.category.value == oracle_category(result.total)
        # The range over "do not know" items: each unknown item could still give its lowest or highest points.
        unknown = [i for i, a in answers.items() if a is Answer.UNKNOWN]
        assert result.range.lower == result.total + sum(min(PUBLISHED[i]) for i in unknown)
        assert result.range.upper == result.total + sum(max(PUBLISHED[i]) for i in unknown)
        count += 1
    assert count == 3**10 == 59049


@pytest.mark.parametrize(
    ("total", "category"),
    [(-4, "doubtful"), (0, "doubtful"), (1, "possible"), (4, "possible"), (5, "probable"), (8, "probable"),
     (9, "definite"), (13, "definite")],
)  # fmt: skip
def test_category_boundaries(total: int, category: str) -> None:
    assert N.category_of(total).value == category


def test_published_table_is_what_the_package_ships() -> None:
    for item in N.ITEMS:
        assert (item.yes, item.no, item.unknown) == PUBLISHED[item.id]
    assert len(N.ITEMS) == 10


def answers(**given: str) -> dict[str, Answer]:
    return {k: Answer(v) for k, v in given.items()}


# Spec §11 test vectors, worked by hand in the comments.
def test_t1_probable() -> None:
    # 0 + 2 + 1 + 0 + 2 + 0 + 0 + 0 + 0 + 1 = 6
    r = N.score(answers(q1="no", q2="yes", q3="yes", q5="no", q10="yes"))
    assert (r.total, r.category.value) == (6, "probable")


def test_t2_possible() -> None:
    # 1 + 2 - 1 + 1 = 3
    r = N.score(answers(q1="yes", q2="yes", q5="yes", q10="yes"))
    assert (r.total, r.category.value) == (3, "possible")


def test_t3_possible() -> None:
    # 1 + 2 + 1 + 0 (q9 no) = 4
    r = N.score(answers(q1="yes", q2="yes", q3="yes", q9="no"))
    assert (r.total, r.category.value) == (4, "possible")


def test_t4_all_unknown() -> None:
    r = N.score({})
    assert (r.total, r.category.value) == (0, "doubtful")
    assert (r.range.lower, r.range.upper) == (-4, 13)
    assert r.range.categories == (
        N.Category.DEFINITE,
        N.Category.PROBABLE,
        N.Category.POSSIBLE,
        N.Category.DOUBTFUL,
    )


def test_t5_maximum() -> None:
    best = {i: ANSWERS[max(range(3), key=lambda k, i=i: PUBLISHED[i][k])] for i in IDS}
    r = N.score(best)
    assert (r.total, r.category.value) == (13, "definite")
    assert not r.range.category_could_change


def test_t6_ceiling_without_rechallenge_placebo_level_dose() -> None:
    r = N.score(answers(q1="yes", q2="yes", q3="yes", q5="no", q9="yes", q10="yes"))
    assert (r.total, r.category.value) == (8, "probable")
    assert r.range.upper == 8 + 2 + 1 + 1 + 1 == 13


def test_t21_range_crosses_categories_although_no_single_item_does() -> None:
    # T1 with q1 = No: score 6; q4, q6, q7, q8, q9 unknown -> 6-2 = 4 (Possible) to 6+6 = 12 (Definite).
    r = N.score(answers(q1="no", q2="yes", q3="yes", q5="no", q10="yes"))
    assert (r.range.lower, r.range.lower_category.value) == (4, "possible")
    assert (r.range.upper, r.range.upper_category.value) == (12, "definite")
    assert r.range.category_could_change
    assert r.range.categories == (N.Category.DEFINITE, N.Category.PROBABLE, N.Category.POSSIBLE)
    # Alone, no unknown item moves 6 out of 5..8, but with the others every one of them can.
    assert r.range.pivotal_items == ("q4", "q6", "q7", "q8", "q9")


def brute_force_pivotal(given: dict[str, Answer]) -> tuple[str, ...]:
    unknown = [i for i in IDS if given.get(i, Answer.UNKNOWN) is Answer.UNKNOWN]
    base = sum(oracle_points(i, a) for i, a in given.items())
    pivotal = []
    for item in unknown:
        others = [u for u in unknown if u != item]
        moved = False
        for completion in itertools.product(ANSWERS, repeat=len(others)):
            rest = base + sum(oracle_points(o, a) for o, a in zip(others, completion, strict=True))
            if len({oracle_category(rest + p) for p in PUBLISHED[item]}) > 1:
                moved = True
                break
        if moved:
            pivotal.append(item)
    return tuple(pivotal)


def test_pivotal_items_against_brute_force_on_random_cases() -> None:
    rng = random.Random(20261123)
    for _ in range(400):
        given = {i: rng.choice(ANSWERS) for i in IDS}
        r = N.score(given)
        assert r.range.pivotal_items == brute_force_pivotal(given), given


def test_no_unknown_items_means_no_range() -> None:
    r = N.score(dict.fromkeys(IDS, Answer.NO))
    assert r.range.lower == r.range.upper == r.total == -1 + -1 + 2 + 1 == 1
    assert r.range.pivotal_items == ()
    assert not r.range.category_could_change


def test_unknown_item_names_are_refused() -> None:
    with pytest.raises(ValueError, match="q11"):
        N.score({"q11": Answer.YES})
