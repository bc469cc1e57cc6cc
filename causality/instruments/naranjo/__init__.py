"""Naranjo ADR Probability Scale (Naranjo et al., Clin Pharmacol Ther 1981;30:239-245).

Items, points and bands are those of spec §1.1-§1.2, which reproduce the published table.
The attainable range over "do not know" answers (spec §1.3) is a tool addition, labelled as such.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from causality.answers import Answer
from causality.instruments import Citation, InstrumentInfo
from causality.record import FrozenRecord, Record

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


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Item(FrozenRecord):
    """One Naranjo question with its published points for yes, no and do not know."""

    number: int
    domain: str
    question: str
    yes: int
    no: int
    unknown: int
    id: str = field(init=False)

    def __init__(self, number: int, domain: str, question: str, yes: int, no: int, unknown: int) -> None:
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "domain", domain)
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "yes", yes)
        object.__setattr__(self, "no", no)
        object.__setattr__(self, "unknown", unknown)
        self.__post_init__()

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"q{self.number}")

    def points(self, answer: Answer) -> int:
        if answer is Answer.YES:
            return self.yes
        return self.no if answer is Answer.NO else self.unknown

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


CATEGORIES: tuple[Category, ...] = tuple(Category)  # highest first; iterating an Enum is slow in 3.11


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


def _band(total: int) -> Category:
    for lowest, category in BANDS:
        if total >= lowest:
            return category
    raise AssertionError("the last band is unbounded below")  # pragma: no cover


_BY_TOTAL = {total: _band(total) for total in range(-4, 14)}  # every total the scale can produce


def category_of(total: int) -> Category:
    return _BY_TOTAL.get(total) or _band(total)


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class ItemScore(Record):
    """One item's answer and the points it earned."""

    item: Item
    answer: Answer
    points: int

    def __init__(self, item: Item, answer: Answer, points: int) -> None:
        self.item = item
        self.answer = answer
        self.points = points


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class Range(Record):
    """What the total could still become if the "do not know" items were answered (spec §1.3)."""

    lower: int
    upper: int
    lower_category: Category
    upper_category: Category
    categories: tuple[Category, ...]  # every category between lower and upper, highest first
    pivotal_items: tuple[str, ...]  # unknown items whose answer can move the category (see pivotal_items)
    settled_items: tuple[str, ...] = ()  # "do not know" items a recorded fact closes: left out of the range

    def __init__(
        self,
        lower: int,
        upper: int,
        lower_category: Category,
        upper_category: Category,
        categories: tuple[Category, ...],
        pivotal_items: tuple[str, ...],
        settled_items: tuple[str, ...] = (),
    ) -> None:
        self.lower = lower
        self.upper = upper
        self.lower_category = lower_category
        self.upper_category = upper_category
        self.categories = categories
        self.pivotal_items = pivotal_items
        self.settled_items = settled_items

    @property
    def category_could_change(self) -> bool:
        return len(self.categories) > 1


@dataclass(
    init=False, eq=False, repr=False, slots=True
)  # per-assessment record: frozen costs ~2 us an instance
class Score(Record):
    """The Naranjo result: points per item, total, category and attainable range."""

    items: tuple[ItemScore, ...]
    total: int
    category: Category
    range: Range

    def __init__(self, items: tuple[ItemScore, ...], total: int, category: Category, range: Range) -> None:
        self.items = items
        self.total = total
        self.category = category
        self.range = range

    @property
    def unknown_items(self) -> tuple[str, ...]:
        return tuple(s.item.id for s in self.items if s.answer is Answer.UNKNOWN)


def score(answers: Mapping[str, Answer], settled: Collection[str] = ()) -> Score:
    """Score one drug-event pair. Items missing from ``answers`` are "do not know".

    ``settled`` names "do not know" items a recorded fact closes (a placebo not given, a level not
    measured, no dose change): nothing can now answer them, so they stay at their "do not know" points
    in the attainable range, as in the ceiling the spec derives for routine care (§1.3)."""
    unexpected = set(answers) - set(ITEM_BY_ID)
    if unexpected:
        raise ValueError(f"not Naranjo items: {sorted(unexpected)}")
    given = [(item, answers.get(item.id, Answer.UNKNOWN)) for item in ITEMS]
    scored = tuple(ItemScore(item, answer, item.points(answer)) for item, answer in given)
    total = sum(s.points for s in scored)
    unknown = [s.item for s in scored if s.answer is Answer.UNKNOWN and s.item.id not in settled]
    closed = tuple(s.item.id for s in scored if s.answer is Answer.UNKNOWN and s.item.id in settled)
    return Score(scored, total, category_of(total), attainable_range(total, unknown, closed))


def attainable_range(total: int, unknown: list[Item], settled: tuple[str, ...] = ()) -> Range:
    lower = total + sum(item.lowest for item in unknown)
    upper = total + sum(item.highest for item in unknown)
    reachable = {category_of(t) for t in range(lower, upper + 1)}
    spanned = tuple(c for c in CATEGORIES if c in reachable)
    return Range(
        lower=lower,
        upper=upper,
        lower_category=category_of(lower),
        upper_category=category_of(upper),
        categories=spanned,
        pivotal_items=pivotal_items(total, unknown),
        settled_items=settled,
    )


def pivotal_items(total: int, unknown: list[Item]) -> tuple[str, ...]:
    return _pivotal(total, tuple(item.number for item in unknown))


@cache  # at most 19 totals x 1,024 sets of unknown items
def _pivotal(total: int, numbers: tuple[int, ...]) -> tuple[str, ...]:
    """Unknown items whose answer changes the category for some answers of the other unknown items.

    Checking each item alone would miss cases where no single item moves the total across a band
    boundary but several together do (spec §11 T21); checking every combination would be 3**n.
    The reachable sums of the other items form a small set of integers, so this stays cheap.
    """
    pivotal: list[str] = []
    for index, number in enumerate(numbers):
        item = ITEMS[number - 1]
        others = _reachable_sums(numbers[:index] + numbers[index + 1 :])
        # Categories rise with the total, so the item's lowest and highest points bracket every answer.
        low, high = item.lowest, item.highest
        if any(category_of(total + s + low) is not category_of(total + s + high) for s in others):
            pivotal.append(item.id)
    return tuple(pivotal)


@cache  # at most 1,024 sets of items
def _reachable_sums(numbers: tuple[int, ...]) -> frozenset[int]:
    sums = {0}
    for number in numbers:
        item = ITEMS[number - 1]
        sums = {s + v for s in sums for v in (item.yes, item.no, item.unknown)}
    return frozenset(sums)
