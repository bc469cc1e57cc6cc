"""Naranjo ADR Probability Scale (Naranjo et al., Clin Pharmacol Ther 1981;30:239-245).

Items, points and bands are those of spec §1.1-§1.2, which reproduce the published table.
The attainable range over "do not know" answers (spec §1.3) is a tool addition, labelled as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from causality.answers import Answer
from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="naranjo",
    title="Naranjo ADR Probability Scale",
    summary="Ten weighted questions; total -4 to +13 gives Definite, Probable, Possible or Doubtful.",
    citations=(
        Citation(
            "Naranjo CA, Busto U, Sellers EM, Sandor P, Ruiz I, Roberts EA, Janecek E, Domecq C, "
            "Greenblatt DJ. A method for estimating the probability of adverse drug reactions. "
            "Clin Pharmacol Ther 1981;30(2):239-245.",
            doi="10.1038/clpt.1981.154",
        ),
    ),
)


@dataclass(frozen=True)
class Item:
    number: int
    domain: str
    question: str
    yes: int
    no: int
    unknown: int

    @property
    def id(self) -> str:
        return f"q{self.number}"

    def points(self, answer: Answer) -> int:
        return {Answer.YES: self.yes, Answer.NO: self.no, Answer.UNKNOWN: self.unknown}[answer]

    @property
    def lowest(self) -> int:
        return min(self.yes, self.no, self.unknown)

    @property
    def highest(self) -> int:
        return max(self.yes, self.no, self.unknown)


ITEMS: tuple[Item, ...] = (
    Item(1, "Prior literature", "Are there previous conclusive reports on this reaction?", 1, 0, 0),
    Item(
        2,
        "Temporal sequence",
        "Did the adverse event appear after the suspected drug was administered?",
        2,
        -1,
        0,
    ),
    Item(
        3,
        "Dechallenge",
        "Did the adverse event improve when the drug was discontinued or a specific antagonist was "
        "administered?",
        1,
        0,
        0,
    ),
    Item(4, "Rechallenge", "Did the adverse event reappear when the drug was readministered?", 2, -1, 0),
    Item(
        5,
        "Alternative causes",
        "Are there alternative causes (other than the drug) that could on their own have caused the "
        "reaction?",
        -1,
        2,
        0,
    ),
    Item(6, "Placebo", "Did the reaction reappear when a placebo was given?", -1, 1, 0),
    Item(
        7,
        "Drug level",
        "Was the drug detected in the blood (or other fluids) in concentrations known to be toxic?",
        1,
        0,
        0,
    ),
    Item(
        8,
        "Dose-response",
        "Was the reaction more severe when the dose was increased, or less severe when the dose was "
        "decreased?",
        1,
        0,
        0,
    ),
    Item(
        9,
        "Prior exposure",
        "Did the patient have a similar reaction to the same or similar drugs in any previous exposure?",
        1,
        0,
        0,
    ),
    Item(10, "Objective evidence", "Was the adverse event confirmed by any objective evidence?", 1, 0, 0),
)

ITEM_BY_ID: dict[str, Item] = {item.id: item for item in ITEMS}


class Category(StrEnum):
    DEFINITE = "definite"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    DOUBTFUL = "doubtful"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# (lowest total of the band, category), highest band first; "<= 0" is everything below 1.
BANDS: tuple[tuple[int, Category], ...] = (
    (9, Category.DEFINITE),
    (5, Category.PROBABLE),
    (1, Category.POSSIBLE),
    (-(10**9), Category.DOUBTFUL),
)
BAND_TEXT: dict[Category, str] = {
    Category.DEFINITE: ">= 9",
    Category.PROBABLE: "5 to 8",
    Category.POSSIBLE: "1 to 4",
    Category.DOUBTFUL: "<= 0",
}


def category_of(total: int) -> Category:
    for lowest, category in BANDS:
        if total >= lowest:
            return category
    raise AssertionError("the last band is unbounded below")  # pragma: no cover


@dataclass(frozen=True)
class ItemScore:
    item: Item
    answer: Answer
    points: int


@dataclass(frozen=True)
class Range:
    """What the total could still become if the "do not know" items were answered (spec §1.3)."""

    lower: int
    upper: int
    lower_category: Category
    upper_category: Category
    categories: tuple[Category, ...]  # every category between lower and upper, highest first
    pivotal_items: tuple[str, ...]  # unknown items whose answer can move the category (see pivotal_items)

    @property
    def category_could_change(self) -> bool:
        return len(self.categories) > 1


@dataclass(frozen=True)
class Score:
    items: tuple[ItemScore, ...]
    total: int
    category: Category
    range: Range

    @property
    def unknown_items(self) -> tuple[str, ...]:
        return tuple(s.item.id for s in self.items if s.answer is Answer.UNKNOWN)


def score(answers: Mapping[str, Answer]) -> Score:
    """Score one drug-event pair. Items missing from ``answers`` are "do not know"."""
    unexpected = set(answers) - set(ITEM_BY_ID)
    if unexpected:
        raise ValueError(f"not Naranjo items: {sorted(unexpected)}")
    scored = tuple(
        ItemScore(
            item, answers.get(item.id, Answer.UNKNOWN), item.points(answers.get(item.id, Answer.UNKNOWN))
        )
        for item in ITEMS
    )
    total = sum(s.points for s in scored)
    unknown = [s.item for s in scored if s.answer is Answer.UNKNOWN]
    return Score(scored, total, category_of(total), attainable_range(total, unknown))


def attainable_range(total: int, unknown: list[Item]) -> Range:
    lower = total + sum(item.lowest for item in unknown)
    upper = total + sum(item.highest for item in unknown)
    reachable = {category_of(t) for t in range(lower, upper + 1)}
    spanned = tuple(c for c in Category if c in reachable)  # Category lists the highest first
    return Range(
        lower=lower,
        upper=upper,
        lower_category=category_of(lower),
        upper_category=category_of(upper),
        categories=spanned,
        pivotal_items=pivotal_items(total, unknown),
    )


def pivotal_items(total: int, unknown: list[Item]) -> tuple[str, ...]:
    """Unknown items whose answer changes the category for some answers of the other unknown items.

    Checking each item alone would miss cases where no single item moves the total across a band
    boundary but several together do (spec §11 T21); checking every combination would be 3**n.
    The reachable sums of the other items form a small set of integers, so this stays cheap.
    """
    pivotal: list[str] = []
    for index, item in enumerate(unknown):
        others = _reachable_sums(unknown[:index] + unknown[index + 1 :])
        options = {item.yes, item.no, item.unknown}
        if any(len({category_of(total + s + v) for v in options}) > 1 for s in others):
            pivotal.append(item.id)
    return tuple(pivotal)


def _reachable_sums(items: list[Item]) -> set[int]:
    sums = {0}
    for item in items:
        sums = {s + v for s in sums for v in (item.yes, item.no, item.unknown)}
    return sums
