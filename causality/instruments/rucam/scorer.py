"""Updated RUCAM for drug- and herb-induced liver injury (Danan & Teschke, Int J Mol Sci 2016;17:14).

Spec §4 with the verdicts of §14: injury threshold ALT >= 5 x ULN and/or ALP >= 2 x ULN (scored at the bound,
with a warning that the case sits exactly on it); R >= 5 hepatocellular, R <= 2 cholestatic, between mixed
(scored on the cholestatic/mixed scale); 2016 Group I has 7 causes (7 ruled out +1, 6 or 5 -> 0, fewer
-2); item 7's "-2" row is an increase that stays below the ULN; cholestatic cessation window <= 30 days;
alcohol and pregnancy are separate +1 rows in 2016 (one shared row in 1993: both totals are shown when
they differ). Only tested negatives rule a cause out, except the Group I causes whose RUCAM test is the
history itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

# Kept in the package, where the registry reads them without loading the scorer.
from causality.instruments.rucam import INFO as INFO
from causality.instruments.rucam import Concomitant as Concomitant
from causality.instruments.rucam import Reexposure as Reexposure
from causality.onset import Interval
from causality.record import FACTORY, FrozenRecord

BANDS: tuple[tuple[int, str], ...] = (
    (9, "highly probable"),
    (6, "probable"),
    (3, "possible"),
    (1, "unlikely"),
)


def band_of(total: int) -> str:
    return next((label for lowest, label in BANDS if total >= lowest), "excluded")


class InjuryType(StrEnum):
    HEPATOCELLULAR = "hepatocellular"
    CHOLESTATIC = "cholestatic"
    MIXED = "mixed"

    @property
    def scale(self) -> str:
        return "hepatocellular" if self is InjuryType.HEPATOCELLULAR else "cholestatic or mixed"


def r_ratio(alt: float, alt_uln: float, alp: float, alp_uln: float) -> float:
    return (alt / alt_uln) / (alp / alp_uln)


def injury_type(r: float) -> InjuryType:
    if r >= 5:
        return InjuryType.HEPATOCELLULAR
    if r <= 2:
        return InjuryType.CHOLESTATIC
    return InjuryType.MIXED


class Course(StrEnum):
    """Item 2: course of ALT (hepatocellular) or ALP/bilirubin (cholestatic) after cessation."""

    DROP_50_WITHIN_8_DAYS = "drop_50_within_8_days"  # hepatocellular +3
    DROP_50_WITHIN_30_DAYS = "drop_50_within_30_days"  # hepatocellular +2
    DROP_50_AFTER_30_DAYS = "drop_50_after_30_days"  # hepatocellular 0
    DROP_UNDER_50_AFTER_30_DAYS_OR_RECURRENT = "drop_under_50_after_30_days_or_recurrent"  # hepatocellular -2
    DROP_50_WITHIN_180_DAYS = "drop_50_within_180_days"  # cholestatic +2
    DROP_UNDER_50_WITHIN_180_DAYS = "drop_under_50_within_180_days"  # cholestatic +1
    NO_INFORMATION_OR_CONTINUED = "no_information_or_continued"  # 0 (cholestatic: also persistence, increase)


COURSE_TEXT = {
    Course.DROP_50_WITHIN_8_DAYS: "decrease >= 50% within 8 days",
    Course.DROP_50_WITHIN_30_DAYS: "decrease >= 50% within 30 days",
    Course.DROP_50_AFTER_30_DAYS: "decrease >= 50% after the 30th day",
    Course.DROP_UNDER_50_AFTER_30_DAYS_OR_RECURRENT: "decrease < 50% after the 30th day, or recurrent increase",
    Course.DROP_50_WITHIN_180_DAYS: "decrease >= 50% within 180 days",
    Course.DROP_UNDER_50_WITHIN_180_DAYS: "decrease < 50% within 180 days",
    Course.NO_INFORMATION_OR_CONTINUED: "no information, or continued drug use",
}
COURSE_POINTS = {
    "hepatocellular": {
        Course.DROP_50_WITHIN_8_DAYS: 3,
        Course.DROP_50_WITHIN_30_DAYS: 2,
        Course.DROP_50_AFTER_30_DAYS: 0,
        Course.DROP_UNDER_50_AFTER_30_DAYS_OR_RECURRENT: -2,
        Course.NO_INFORMATION_OR_CONTINUED: 0,
    },
    "cholestatic or mixed": {
        Course.DROP_50_WITHIN_180_DAYS: 2,
        Course.DROP_UNDER_50_WITHIN_180_DAYS: 1,
        Course.NO_INFORMATION_OR_CONTINUED: 0,
    },
}


CONCOMITANT_POINTS = {
    Concomitant.NONE_OR_NO_INFORMATION: 0,
    Concomitant.INCOMPATIBLE_TIME: 0,
    Concomitant.COMPATIBLE_TIME: -1,
    Concomitant.KNOWN_HEPATOTOXIN_COMPATIBLE_TIME: -2,
    Concomitant.EVIDENCE_FOR_ITS_ROLE: -3,
}


REEXPOSURE_POINTS = {
    Reexposure.DOUBLING_DRUG_ALONE: 3,
    Reexposure.DOUBLING_WITH_SAME_DRUGS: 1,
    Reexposure.INCREASE_BELOW_ULN: -2,
    Reexposure.OTHER_OR_NOT_DONE: 0,
}

# Item 5. Cause id (as in the liver-injury checklist) -> (group, label, True if the history is RUCAM's test).
CAUSES: dict[str, tuple[str, str, bool]] = {
    "hav": ("I", "Hepatitis A (anti-HAV IgM)", False),
    "hbv": ("I", "Hepatitis B (HBsAg, anti-HBc IgM, HBV DNA)", False),
    "hcv": ("I", "Hepatitis C (anti-HCV, HCV RNA)", False),
    "hev": ("I", "Hepatitis E (anti-HEV IgM and IgG, HEV RNA)", False),
    "obstruction": ("I", "Hepatobiliary obstruction or vascular disease (imaging)", False),
    "alcoholism": ("I", "Alcoholism (history; AST/ALT >= 2)", True),
    "hypotension": ("I", "Acute recent hypotension (history)", True),
    "underlying-disease": ("II", "Complications of underlying disease", False),
    "cmv": ("II", "CMV (PCR, titre change)", False),
    "ebv": ("II", "EBV (PCR, titre change)", False),
    "hsv": ("II", "HSV (PCR, titre change)", False),
    "vzv": ("II", "VZV (PCR, titre change)", False),
}
GROUP_I = tuple(k for k, (g, _, _) in CAUSES.items() if g == "I")

PREVIOUS_POINTS = {"labelled": 2, "published": 1, "not_found": 0, "not_searched": 0}


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Inputs(FrozenRecord):
    """The facts RUCAM needs; ``None`` = not recorded."""

    alt: float | None = None
    alt_uln: float | None = None
    alp: float | None = None
    alp_uln: float | None = None
    drug_start: dt.date | None = None
    drug_stop: dt.date | None = None
    onset: dt.date | None = None
    # A time to onset reported after a dose instead of dates: days from the first dose, or from the last
    # dose, as an interval; the course's length (first to last dose) where both dates are known.
    onset_from_start: Interval | None = None
    onset_from_stop: Interval | None = None
    course_days: float | None = None
    onset_text: str = ""
    previous_exposure: bool = False  # the "rechallenge" windows of item 1
    slowly_metabolised: bool = False
    course: Course = Course.NO_INFORMATION_OR_CONTINUED
    alcohol_above_threshold: bool | None = None  # > 2 drinks a day (women), > 3 (men)
    age: float | None = None
    pregnancy: bool | None = None
    concomitant: Concomitant = Concomitant.NONE_OR_NO_INFORMATION
    causes: dict[str, str] = field(default_factory=dict)  # cause id -> alternative-cause status (spec §10)
    literature: str = "not_searched"  # labelled | published | not_found | not_searched
    reexposure: Reexposure = Reexposure.OTHER_OR_NOT_DONE

    def __init__(
        self,
        alt: float | None = None,
        alt_uln: float | None = None,
        alp: float | None = None,
        alp_uln: float | None = None,
        drug_start: dt.date | None = None,
        drug_stop: dt.date | None = None,
        onset: dt.date | None = None,
        onset_from_start: Interval | None = None,
        onset_from_stop: Interval | None = None,
        course_days: float | None = None,
        onset_text: str = "",
        previous_exposure: bool = False,
        slowly_metabolised: bool = False,
        course: Course = Course.NO_INFORMATION_OR_CONTINUED,
        alcohol_above_threshold: bool | None = None,
        age: float | None = None,
        pregnancy: bool | None = None,
        concomitant: Concomitant = Concomitant.NONE_OR_NO_INFORMATION,
        causes: dict[str, str] = FACTORY,
        literature: str = "not_searched",
        reexposure: Reexposure = Reexposure.OTHER_OR_NOT_DONE,
    ) -> None:
        object.__setattr__(self, "alt", alt)
        object.__setattr__(self, "alt_uln", alt_uln)
        object.__setattr__(self, "alp", alp)
        object.__setattr__(self, "alp_uln", alp_uln)
        object.__setattr__(self, "drug_start", drug_start)
        object.__setattr__(self, "drug_stop", drug_stop)
        object.__setattr__(self, "onset", onset)
        object.__setattr__(self, "onset_from_start", onset_from_start)
        object.__setattr__(self, "onset_from_stop", onset_from_stop)
        object.__setattr__(self, "course_days", course_days)
        object.__setattr__(self, "onset_text", onset_text)
        object.__setattr__(self, "previous_exposure", previous_exposure)
        object.__setattr__(self, "slowly_metabolised", slowly_metabolised)
        object.__setattr__(self, "course", course)
        object.__setattr__(self, "alcohol_above_threshold", alcohol_above_threshold)
        object.__setattr__(self, "age", age)
        object.__setattr__(self, "pregnancy", pregnancy)
        object.__setattr__(self, "concomitant", concomitant)
        object.__setattr__(self, "causes", {} if causes is FACTORY else causes)
        object.__setattr__(self, "literature", literature)
        object.__setattr__(self, "reexposure", reexposure)


@dataclass(init=False, eq=False, repr=False, frozen=True)
class ItemScore(FrozenRecord):
    """One RUCAM item: the option that applies, its points and why."""

    item: int
    label: str
    points: int
    reason: str

    def __init__(self, item: int, label: str, points: int, reason: str) -> None:
        object.__setattr__(self, "item", item)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "reason", reason)


@dataclass(init=False, eq=False, repr=False, frozen=True)
class Result(FrozenRecord):
    """The scale used, every item, the total and band; or why RUCAM is not scored."""

    injury: InjuryType | None
    r: float | None
    items: tuple[ItemScore, ...]
    total: int | None
    band: str | None
    refused: str | None = None  # why no total is given
    notes: tuple[str, ...] = ()
    missing_tests: tuple[str, ...] = ()
    total_if_tests_negative: int | None = None
    total_1993_shared_row: int | None = None

    def __init__(
        self,
        injury: InjuryType | None,
        r: float | None,
        items: tuple[ItemScore, ...],
        total: int | None,
        band: str | None,
        refused: str | None = None,
        notes: tuple[str, ...] = (),
        missing_tests: tuple[str, ...] = (),
        total_if_tests_negative: int | None = None,
        total_1993_shared_row: int | None = None,
    ) -> None:
        object.__setattr__(self, "injury", injury)
        object.__setattr__(self, "r", r)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "band", band)
        object.__setattr__(self, "refused", refused)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "missing_tests", missing_tests)
        object.__setattr__(self, "total_if_tests_negative", total_if_tests_negative)
        object.__setattr__(self, "total_1993_shared_row", total_1993_shared_row)


def _ruled_out(cause: str, status: str | None) -> bool:
    if status == "tested_excluded":
        return True
    return status == "clinically_excluded" and CAUSES[cause][2]


def _item5(inputs: Inputs) -> tuple[int, str, list[str]]:
    statuses = {c: inputs.causes.get(c) for c in CAUSES}
    if any(s == "present_confirmed" for s in inputs.causes.values()):
        return -3, "alternative cause highly probable", []
    missing = [CAUSES[c][1] for c, s in statuses.items() if not _ruled_out(c, s)]
    group_i = sum(_ruled_out(c, statuses[c]) for c in GROUP_I)
    if not missing:
        return 2, "all causes of Groups I and II ruled out", []
    if group_i == len(GROUP_I):
        return 1, "the 7 causes of Group I ruled out", missing
    if group_i >= 5:
        return 0, f"{group_i} of the 7 causes of Group I ruled out", missing
    return -2, f"fewer than 5 causes of Group I ruled out ({group_i})", missing


def _item1(inputs: Inputs, scale: str) -> tuple[int, str] | str:
    """Points and reason, or why the drug is unrelated by timing (a string)."""
    start, stop, onset = inputs.drug_start, inputs.drug_stop, inputs.onset
    assert start is not None and onset is not None
    if onset < start:
        return "the injury began before the drug was started"
    window = 15 if scale == "hepatocellular" else 30
    if stop is not None and onset > stop:
        after_stop = (onset - stop).days
        if after_stop <= window or inputs.slowly_metabolised:
            return 1, f"onset {after_stop} days after cessation (<= {window}, or slowly metabolised)"
        return f"the injury began {after_stop} days after stopping (more than {window})"
    days = (onset - start).days
    if inputs.previous_exposure:
        limit = 15 if scale == "hepatocellular" else 90
        if 1 <= days <= limit:
            return 2, f"onset {days} days from start on re-exposure (1-{limit})"
        return 1, f"onset {days} days from start on re-exposure"
    if 5 <= days <= 90:
        return 2, f"onset {days} days from start (5-90)"
    return 1, f"onset {days} days from start (< 5 or > 90)"


Timing = tuple[int, str] | str  # points and the window, or why the drug is unrelated by timing


def _item1_point(
    from_start: float | None, from_stop: float | None, inputs: Inputs, scale: str
) -> Timing | None:
    """Item 1 for one time to onset in days from the first dose and after the last (None: not known, or
    the drug was still given); None if it cannot be told."""
    if from_start is not None and from_start < 0:
        return "the injury began before the drug was started"
    window = 15 if scale == "hepatocellular" else 30
    if from_stop is not None and from_stop > 0:
        if from_stop <= window or inputs.slowly_metabolised:
            return 1, f"after cessation (<= {window} days, or slowly metabolised)"
        return f"the injury began more than {window} days after stopping"
    if from_start is None:
        return None
    if inputs.previous_exposure:
        limit = 15 if scale == "hepatocellular" else 90
        if 1 <= from_start <= limit:
            return 2, f"from start on re-exposure (1-{limit} days)"
        return 1, f"from start on re-exposure (outside 1-{limit} days)"
    if 5 <= from_start <= 90:
        return 2, "from start (5-90 days)"
    return 1, "from start (< 5 or > 90 days)"


def _item1_interval(inputs: Inputs, scale: str) -> list[Timing | None]:
    """Every answer item 1 gives somewhere in the reported interval, in order of the time."""
    course = inputs.course_days
    window = 15 if scale == "hepatocellular" else 30
    start_limits = (0.0, 1.0, 5.0, 15.0, 90.0)
    stop_limits = (0.0, float(window))
    if inputs.onset_from_stop is not None:
        interval = inputs.onset_from_stop
        if interval.lower == 0:  # "less than 2 days after the last dose": after it, so not on its day
            interval = Interval(0, interval.upper, True, interval.upper_open)
        limits = stop_limits + (tuple(t - course for t in start_limits) if course is not None else ())

        def point(x: float) -> Timing | None:
            return _item1_point(None if course is None else x + course, x, inputs, scale)
    else:
        assert inputs.onset_from_start is not None
        interval = inputs.onset_from_start
        limits = start_limits + (tuple(t + course for t in stop_limits) if course is not None else ())

        def point(x: float) -> Timing | None:
            return _item1_point(x, None if course is None or x <= course else x - course, inputs, scale)

    found: list[Timing | None] = []
    for x in interval.samples(limits):
        answer = point(x)
        key = [_key(a) for a in found]
        if _key(answer) not in key:
            found.append(answer)
    return found


def _key(answer: Timing | None) -> object:
    return answer if answer is None or isinstance(answer, str) else answer[0]


def _said(answer: Timing | None) -> str:
    if answer is None:
        return "cannot be told from what is recorded"
    if isinstance(answer, str):
        return f"drug unrelated ({answer})"
    return f"{answer[0]:+d} ({answer[1]})"


def assess(inputs: Inputs) -> Result:
    labs = (inputs.alt, inputs.alt_uln, inputs.alp, inputs.alp_uln)
    if any(v is None for v in labs):
        missing = [n for n, v in zip(("ALT", "ALT ULN", "ALP", "ALP ULN"), labs, strict=True) if v is None]
        return Result(None, None, (), None, None, refused=f"needed to apply RUCAM: {', '.join(missing)}")
    alt, alt_uln, alp, alp_uln = (float(v) for v in labs)  # type: ignore[arg-type]
    if min(alt, alt_uln, alp, alp_uln) <= 0:  # R = (ALT/ULN) / (ALP/ULN) is undefined for a zero
        return Result(None, None, (), None, None, refused="ALT, ALP and their upper limits must be above 0")
    notes = []
    alt_x, alp_x = alt / alt_uln, alp / alp_uln
    if alt_x < 5 and alp_x < 2:
        return Result(None, None, (), None, None,
                      refused=f"below the liver-injury threshold (ALT {alt_x:.1f} x ULN, ALP {alp_x:.1f} x ULN; "
                      "needed ALT >= 5 x ULN and/or ALP >= 2 x ULN)")  # fmt: skip
    if alt_x == 5 or alp_x == 2:
        notes.append(
            "the case sits exactly on the injury threshold; sources say 'higher than', scored anyway"
        )
    r = r_ratio(alt, alt_uln, alp, alp_uln)
    kind = injury_type(r)
    scale = kind.scale
    missing_dates = [n for n, v in (("drug start", inputs.drug_start), ("onset", inputs.onset)) if v is None]
    reported = inputs.onset is None and (inputs.onset_from_start or inputs.onset_from_stop) is not None
    if missing_dates and not reported:
        return Result(kind, r, (), None, None, refused=f"no total without the {' and '.join(missing_dates)} date",
                      notes=tuple(notes))  # fmt: skip
    timing: Timing | None
    if reported:
        answers = _item1_interval(inputs, scale)
        timing = answers[0] if len(answers) == 1 else None
        if isinstance(timing, tuple):
            timing = (timing[0], f"onset {inputs.onset_text}: {timing[1]}")
        if timing is None:
            # Decided only when the whole interval lies on one side of every limit (spec §15.7); else no
            # total, as without a date (§4.6), and each answer the interval allows is shown.
            rest = _items_2_to_7(inputs, scale, notes)[0]
            if answers == [None]:
                why = f"item 1 cannot be told from the time to onset reported ({inputs.onset_text})"
                return Result(kind, r, tuple(rest), None, None, notes=tuple(notes), refused=why)
            others = sum(i.points for i in rest)
            options = [
                f"{_said(a)}"
                + (f": total {others + a[0]} ({band_of(others + a[0])})" if isinstance(a, tuple) else "")
                for a in answers
            ]
            return Result(kind, r, tuple(rest), None, None,
                          refused=f"the time to onset ({inputs.onset_text}) lies on both sides of a limit of item 1",
                          notes=(*notes, f"item 1 could be: {'; '.join(options)}"))  # fmt: skip
    else:
        timing = _item1(inputs, scale)
    if isinstance(timing, str):
        return Result(
            kind, r, (), None, None, refused=f"drug unrelated by timing: {timing}", notes=tuple(notes)
        )
    items = [ItemScore(1, "Time to onset", timing[0], timing[1])]
    rest, missing_tests, points5 = _items_2_to_7(inputs, scale, notes)
    items.extend(rest)
    total = sum(i.points for i in items)
    if_negative = None
    if missing_tests and points5 != -3:
        if_negative = total - points5 + 2
    alcohol_and_pregnancy = (
        bool(inputs.alcohol_above_threshold) and scale != "hepatocellular" and bool(inputs.pregnancy)
    )
    shared_1993 = total - 1 if alcohol_and_pregnancy else None
    return Result(kind, r, tuple(items), total, band_of(total), None, tuple(notes), tuple(missing_tests),
                  if_negative, shared_1993)  # fmt: skip


def _items_2_to_7(inputs: Inputs, scale: str, notes: list[str]) -> tuple[list[ItemScore], list[str], int]:
    """Items 2 to 7, the tests item 5 still misses, and item 5's points."""
    items: list[ItemScore] = []
    course_points = COURSE_POINTS[scale]
    if inputs.course not in course_points:
        raise ValueError(f"course '{inputs.course}' does not belong to the {scale} scale")
    items.append(
        ItemScore(2, "Course after cessation", course_points[inputs.course], COURSE_TEXT[inputs.course])
    )
    alcohol = 1 if inputs.alcohol_above_threshold else 0
    age = 1 if inputs.age is not None and inputs.age >= 55 else 0
    pregnancy = 1 if scale != "hepatocellular" and inputs.pregnancy else 0
    risk = [f"alcohol {'+1' if alcohol else '0'}", f"age {'>= 55: +1' if age else '< 55 or unknown: 0'}"]
    if scale != "hepatocellular":
        risk.append(f"pregnancy {'+1' if pregnancy else '0'}")
    if inputs.age is None:
        notes.append("age not recorded: item 3 scores it 0")
    items.append(ItemScore(3, "Risk factors", alcohol + age + pregnancy, "; ".join(risk)))
    items.append(ItemScore(4, "Concomitant drugs", CONCOMITANT_POINTS[inputs.concomitant],
                           inputs.concomitant.replace("_", " ")))  # fmt: skip
    points5, reason5, missing_tests = _item5(inputs)
    items.append(ItemScore(5, "Search for alternative causes", points5, reason5))
    items.append(ItemScore(6, "Previous hepatotoxicity", PREVIOUS_POINTS[inputs.literature],
                           {"labelled": "labelled in the product characteristics", "published": "published, unlabelled"}
                           .get(inputs.literature, "reaction unknown")))  # fmt: skip
    items.append(ItemScore(7, "Response to re-exposure", REEXPOSURE_POINTS[inputs.reexposure],
                           inputs.reexposure.replace("_", " ")))  # fmt: skip
    return items, missing_tests, points5
