"""Updated RUCAM for one pair: its inputs from the case's facts or given answers, and the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from causality.answers import Source
from causality.derive import Derivation, drug_path, reaction_path
from causality.instruments.base import Line, Result
from causality.instruments.rucam.entry import ID, TITLE
from causality.model import (
    Case,
    Drug,
    Judgement,
    PairAssessment,
    PreviousReaction,
    Reaction,
    RechallengeOutcome,
    Sex,
)
from causality.onset import After, Interval
from causality.record import FrozenRecord
from causality.trace import resolve


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class RucamResult(Result):
    """RUCAM for one pair: the total and its category, with each criterion's points traced to its origin."""

    injury_type: str | None
    r_ratio: float | None
    scale: str | None
    refused: str | None
    missing_tests: tuple[str, ...]
    total_if_tests_negative: int | None
    total_1993_shared_row: int | None

    def __init__(
        self,
        instrument: str,
        title: str,
        why: str,
        result: str | None,
        score: int | None,
        lines: tuple[Line, ...],
        notes: tuple[str, ...] = (),
        unrecorded_means: str | None = None,
        warnings: tuple[str, ...] = (),
        *,
        injury_type: str | None,
        r_ratio: float | None,
        scale: str | None,
        refused: str | None,
        missing_tests: tuple[str, ...],
        total_if_tests_negative: int | None,
        total_1993_shared_row: int | None,
    ) -> None:
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "why", why)
        object.__setattr__(self, "result", result)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "unrecorded_means", unrecorded_means)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "injury_type", injury_type)
        object.__setattr__(self, "r_ratio", r_ratio)
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "refused", refused)
        object.__setattr__(self, "missing_tests", missing_tests)
        object.__setattr__(self, "total_if_tests_negative", total_if_tests_negative)
        object.__setattr__(self, "total_1993_shared_row", total_1993_shared_row)

    def headline_note(self) -> str:
        return f"{self.scale} scale, R = {self.r_ratio:.2f}" if self.scale else ""

    def json_extra(self) -> dict[str, Any]:
        return {
            "injury_type": self.injury_type,
            "r_ratio": self.r_ratio,
            "scale": self.scale,
            "refused": self.refused,
            "missing_tests": list(self.missing_tests),
            "total_if_tests_negative": self.total_if_tests_negative,
            "total_1993_shared_row": self.total_1993_shared_row,
            "recommendation": "RUCAM is recommended over Naranjo for liver injury",
        }


def _alcohol(case: Case) -> tuple[bool | None, str]:
    drinks, sex = case.patient.alcohol_drinks_per_day, case.patient.sex
    if drinks is None:
        return None, "alcohol intake not recorded: 0"
    limit = {Sex.FEMALE: 2.0, Sex.MALE: 3.0}.get(sex) if sex is not None else None
    said = f"{drinks:g} drink(s) a day"
    if limit is None:  # sex unknown: the two thresholds only disagree between 2 and 3
        if drinks > 3 or drinks <= 2:
            return drinks > 3, f"{said} ({'above' if drinks > 3 else 'within'} both thresholds)"
        return None, f"{said}: above the women's threshold (2), not the men's (3), and sex is not recorded: 0"
    above = drinks > limit
    return above, f"{said} ({'above' if above else 'not above'} {limit:g} for a {sex})"


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True)
class _Reported(FrozenRecord):
    """A time to onset reported after a dose, as item 1 reads it: days from the first or the last dose."""

    from_start: Interval | None = None
    from_stop: Interval | None = None
    course_days: float | None = None
    text: str = ""
    note: str | None = None

    def __init__(
        self,
        from_start: Interval | None = None,
        from_stop: Interval | None = None,
        course_days: float | None = None,
        text: str = "",
        note: str | None = None,
    ) -> None:
        object.__setattr__(self, "from_start", from_start)
        object.__setattr__(self, "from_stop", from_stop)
        object.__setattr__(self, "course_days", course_days)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "note", note)


def _reported_onset(drug: Drug | None, reaction: Reaction | None) -> _Reported:
    """Item 1 from "60 days after dose", "5 to 90 days after the first dose", "3 days after the last dose"
    (spec §15.7). An onset date, where recorded, is used instead."""
    if reaction is None or reaction.onset is not None or reaction.onset_relative is None:
        return _Reported()
    rel = reaction.onset_relative
    days = rel.days()
    course = None
    if drug is not None and drug.start is not None and drug.stop is not None:
        course = float((drug.stop - drug.start).days)
    text = rel.describe()
    if rel.after is After.LAST_DOSE:
        return _Reported(from_stop=days, course_days=course, text=text)
    if rel.after in (After.NUMBERED_DOSE, After.BIRTH):
        # The time from the first dose to that dose (or to the birth) is not recorded: at least the time reported.
        return _Reported(
            from_start=Interval(days.lower, None, days.lower_open),
            text=text,
            note=f"item 1: the time from the first dose to {rel.anchor()} is not recorded, so the time from start "
            "is taken as at least the time reported",
        )
    note = None
    if rel.after is After.DOSE:
        note = (
            "item 1: 'after dose' is read as after the first dose (tool convention); "
            "write 'after the last dose' if not"
        )
    return _Reported(from_start=days, course_days=course, text=text, note=note)


def _cause_ids(pair: PairAssessment) -> dict[str, str]:
    """Alternative-cause status by RUCAM cause id; causes are recorded by checklist label or id."""
    from causality.catalogue import checklist_for
    from causality.instruments.rucam import scorer as R

    by_label = {c.label.casefold(): c.id for c in checklist_for(pair.reaction).causes}
    out = {}
    for c in pair.facts.alternative_causes:
        cid = by_label.get(c.cause.casefold(), c.cause.casefold())
        if cid in R.CAUSES:
            out[cid] = c.status.value
        elif c.status.value == "present_confirmed":
            out[cid] = c.status.value  # any confirmed cause makes item 5 "highly probable"
    return out


def assess(case: Case, pair: PairAssessment, why: str) -> RucamResult:
    from causality.instruments.rucam import scorer as R

    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    rpath = reaction_path(case, reaction)
    labs = reaction.labs if reaction is not None else None
    given = pair.answers.get(ID, {})
    notes: list[str] = []

    slow = resolve(
        given.get("slowly_metabolised"), None, "no", "not stated: not a slowly metabolised chemical"
    )
    prev = f.previous_reaction
    previous_exposure = prev is not None and prev.outcome in (
        PreviousReaction.SAME_DRUG,
        PreviousReaction.EXPOSED_WITHOUT_REACTION,
    )
    course_text = labs.liver_course if labs is not None else None
    alcohol, alcohol_why = _alcohol(case)
    product = drug.ingredient_of if drug is not None else None
    others = [d for d in case.suspect_drugs + case.concomitant_drugs if d is not drug and d.name != product]
    concomitant = resolve(
        given.get("concomitant"),
        None
        if others
        else Derivation("none_or_no_information", "no other drug in the case", "concomitant_drugs"),
        "none_or_no_information",
        f"not stated although the case lists {len(others)} other drug(s): 'no information' (0)",
    )
    if concomitant.source is Source.DEFAULT:
        notes.append("item 4: record rucam.concomitant for the other drugs; 'no information' scores 0")
    rechallenge_done = f.rechallenge is not None and f.rechallenge.outcome is not RechallengeOutcome.NOT_DONE
    reexposure = resolve(
        given.get("reexposure"),
        None
        if rechallenge_done
        else Derivation("other_or_not_done", "no re-exposure recorded", "facts.rechallenge"),
        "other_or_not_done",
        "a rechallenge is recorded but not how ALT (ALP) responded: 'other situations' (0)",
    )
    lit = f.literature.outcome.value if f.literature is not None else "not_searched"
    reported = _reported_onset(drug, reaction)
    if reported.note:
        notes.append(reported.note)
    inputs = R.Inputs(
        onset_from_start=reported.from_start,
        onset_from_stop=reported.from_stop,
        course_days=reported.course_days,
        onset_text=reported.text,
        alt=labs.alt if labs else None,
        alt_uln=labs.alt_uln if labs else None,
        alp=labs.alp if labs else None,
        alp_uln=labs.alp_uln if labs else None,
        drug_start=drug.start if drug else None,
        drug_stop=drug.stop if drug else None,
        onset=reaction.onset if reaction else None,
        previous_exposure=previous_exposure,
        slowly_metabolised=slow.value == "yes",
        course=R.Course(course_text) if course_text else R.Course.NO_INFORMATION_OR_CONTINUED,
        alcohol_above_threshold=alcohol,
        age=case.patient.age,
        pregnancy=case.patient.pregnant is Judgement.YES,
        concomitant=R.Concomitant(concomitant.value),
        causes=_cause_ids(pair),
        literature=lit,
        reexposure=R.Reexposure(reexposure.value),
    )
    try:
        res = R.assess(inputs)
    except ValueError as exc:  # a course option of the other scale
        res = R.Result(
            None, None, (), None, None, refused=f"{exc}: record {rpath}.labs.liver_course for this scale"
        )
    derived, default = Source.DERIVED, Source.DEFAULT
    traced: dict[int, tuple[Source, str | None]] = {
        1: (
            derived,
            f"{drug_path(case, drug)}.start, {drug_path(case, drug)}.stop, {rpath}.onset"
            if reported.text == ""
            else f"{rpath}.onset",
        ),
        2: (derived if course_text else default, f"{rpath}.labs.liver_course" if course_text else None),
        3: (derived, "patient.alcohol_drinks_per_day, patient.age, patient.pregnant"),
        4: (concomitant.source, concomitant.fact),
        5: (derived, "facts.alternative_causes"),
        6: (derived if f.literature else default, "facts.literature" if f.literature else None),
        7: (reexposure.source, reexposure.fact),
    }
    lines = []
    for item in res.items:
        source, fact = traced[item.item]
        reason = item.reason
        if item.item == 3:
            reason = f"{reason} ({alcohol_why})"
        elif item.item in (4, 7) and source is not derived:
            reason = f"{reason}: {(concomitant if item.item == 4 else reexposure).reason}"
        lines.append(Line(str(item.item), item.label, reason, item.points, source, reason, fact))
    notes.extend(res.notes)
    if res.refused:
        notes.insert(0, f"no total: {res.refused}")
    if res.missing_tests:
        notes.append(f"not ruled out by a test (item 5): {'; '.join(res.missing_tests)}")
    if res.total_if_tests_negative is not None:
        notes.append(
            f"if those were tested negative the total would be {res.total_if_tests_negative} "
            f"({R.band_of(res.total_if_tests_negative)})"
        )
    if res.total_1993_shared_row is not None:
        notes.append(
            f"with the 1993 form's shared alcohol-or-pregnancy row the total would be "
            f"{res.total_1993_shared_row} ({R.band_of(res.total_1993_shared_row)})"
        )
    return RucamResult(
        ID,
        TITLE,
        why,
        res.band,
        res.total,
        tuple(lines),
        tuple(notes),
        injury_type=res.injury,
        r_ratio=None if res.r is None else round(res.r, 2),
        scale=res.injury.scale if res.injury else None,
        refused=res.refused,
        missing_tests=tuple(res.missing_tests),
        total_if_tests_negative=res.total_if_tests_negative,
        total_1993_shared_row=res.total_1993_shared_row,
        warnings=("naranjo: performs poorly in liver injury; RUCAM is recommended over it",),
    )
