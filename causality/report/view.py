"""What a report shows, computed once for every format: the templates only lay it out.

Pure: case and results in, plain data out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from causality import __version__
from causality.answers import Answer, Source
from causality.assessment import PairResult
from causality.instruments import naranjo as N
from causality.instruments import registry
from causality.instruments import who_umc as W
from causality.instruments.base import EVERY_PAIR_WHY, Result
from causality.model import Case, Drug, PairAssessment, Reaction, Signature
from causality.onset import said
from causality.record import FACTORY, Record
from causality.report import timeline as T
from causality.report.timeline import Timeline
from causality.trace import Trace

# Category harmonisation for side-by-side display (spec §8.1).
HARMONISED = {
    N.Category.DEFINITE: W.Category.CERTAIN,
    N.Category.PROBABLE: W.Category.PROBABLE,
    N.Category.POSSIBLE: W.Category.POSSIBLE,
    N.Category.DOUBTFUL: W.Category.UNLIKELY,
}
GRADED = (W.Category.CERTAIN, W.Category.PROBABLE, W.Category.POSSIBLE, W.Category.UNLIKELY)
CEILING_ITEMS = ("q4", "q6", "q7", "q8")  # rechallenge, placebo, drug level, dose-response (spec §1.3)

STATUS_TEXT = {
    "not_considered": "not considered",
    "considered_not_tested": "not assessed",
    "tested_excluded": "excluded",
    "clinically_excluded": "excluded",
    "present_possible": "possibly present",
    "present_confirmed": "present",
}


PAIRING = (
    " (Categories are compared Definite-Certain, Probable-Probable, Possible-Possible, Doubtful-Unlikely:"
    " a convention of this tool.)"
)


def discordance(r: PairResult) -> str | None:
    """Why Naranjo and WHO-UMC disagree, or None when they agree (spec §8.1)."""
    sentence = _discordance(r)
    graded = r.who_umc.category in GRADED
    return sentence + PAIRING if sentence and graded else sentence


def _discordance(r: PairResult) -> str | None:
    n, w = r.naranjo, r.who_umc
    if w.category is None:
        return (
            "WHO-UMC gives no category until the assessor decides "
            f"({w.rule}); Naranjo has no counterpart for that."
        )
    if w.category in {W.Category.CONDITIONAL, W.Category.UNASSESSABLE}:
        return (
            f"WHO-UMC is {w.category.label} because of the state of the information; Naranjo has no such "
            f"category and scores what is known ({n.total}, {n.category.label})."
        )
    if HARMONISED[n.category] is w.category:
        return None
    naranjo_rank = GRADED.index(HARMONISED[n.category])
    who_rank = GRADED.index(w.category)
    unknown = [i for i in CEILING_ITEMS if r.naranjo_trace[i].value is Answer.UNKNOWN]
    if naranjo_rank > who_rank:  # Naranjo is the lower of the two
        # Spec §1.3: without rechallenge, placebo, drug-level or dose-response data Definite may be out of reach.
        others_best = n.total + sum(
            N.ITEM_BY_ID[i].highest for i in n.unknown_items if i not in CEILING_ITEMS
        )
        if w.category is W.Category.CERTAIN and len(unknown) == len(CEILING_ITEMS) and others_best < 9:
            return (
                "Naranjo cannot reach Definite without rechallenge, placebo, drug-level or dose-response data "
                f"(all unknown here; without them at most {others_best}), while WHO-UMC Certain rests on the "
                "criteria met."
            )
        if n.unknown_items:
            return (
                f"Naranjo scores 0 for the {len(n.unknown_items)} items answered 'do not know' "
                f"({', '.join(n.unknown_items)}); answered, the total could reach {n.range.upper} "
                f"({n.range.upper_category.label}), closer to WHO-UMC {w.category.label}."
            )
        return f"Naranjo's weighted items give {n.category.label} where WHO-UMC's criteria give {w.category.label}."
    # WHO-UMC is the lower: name what it is missing for the category Naranjo points to.
    target = HARMONISED[n.category]
    missing = [W.CRITERION_BY_ID[cid].text for cid in w.unmet(target)]
    return (
        f"WHO-UMC is {w.category.label}, not {target.label}, because this is not met: "
        f"{'; '.join(missing)}; Naranjo adds points for other items."
    )


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class NaranjoRow(Record):
    """One Naranjo item as the report prints it: the answer, its points and where it came from."""

    id: str
    domain: str
    question: str
    answer: str  # as printed in a report: Yes, No, Do not know
    points: int
    source: str  # derived, given, default, or "overrides 'x'"
    reason: str
    word: str = ""  # the answer as typed in a case file: yes, no, unknown
    default: bool = False  # nothing recorded answers it
    shown: bool = True  # False: the same answer, for the same reason, as the earlier pair named in same_as

    def __init__(
        self,
        id: str,
        domain: str,
        question: str,
        answer: str,
        points: int,
        source: str,
        reason: str,
        word: str = "",
        default: bool = False,
        shown: bool = True,
    ) -> None:
        self.id = id
        self.domain = domain
        self.question = question
        self.answer = answer
        self.points = points
        self.source = source
        self.reason = reason
        self.word = word
        self.default = default
        self.shown = shown


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class WhoUmcCategoryRow(Record):
    """One graded WHO-UMC category: its criteria met and not met (by id)."""

    label: str
    met: list[str]
    unmet: list[str]

    def __init__(self, label: str, met: list[str], unmet: list[str]) -> None:
        self.label = label
        self.met = met
        self.unmet = unmet


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class CauseRow(Record):
    """One alternative cause as the report prints it: how it stands and how it was excluded."""

    cause: str
    status: str
    method: str
    finding: str

    def __init__(self, cause: str, status: str, method: str, finding: str) -> None:
        self.cause = cause
        self.status = status
        self.method = method
        self.finding = finding


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class FurtherRow(Record):
    """One item of a further instrument as the report prints it, and where its answer came from."""

    id: str
    label: str
    answer: str
    points: int | None
    source: str
    reason: str
    fact: str = ""  # where in the case the answer came from
    shown: bool = True  # False: the same answer, for the same reason, as the earlier pair named in same_as

    def __init__(
        self,
        id: str,
        label: str,
        answer: str,
        points: int | None,
        source: str,
        reason: str,
        fact: str = "",
        shown: bool = True,
    ) -> None:
        self.id = id
        self.label = label
        self.answer = answer
        self.points = points
        self.source = source
        self.reason = reason
        self.fact = fact
        self.shown = shown


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class FurtherView(Record):
    """A further instrument as the report shows it; ``scored`` instruments have a points column."""

    key: str
    title: str
    result: str
    why: str
    path: str
    scored: bool
    rows: list[FurtherRow]
    drugs: list[
        dict[str, str]
    ]  # ALDEN: every drug of the case: name, intermediate, final, band, other reading
    notes: list[str]
    unrecorded: list[str]  # unscored items nothing answered: listed once rather than a row each
    unrecorded_label: str
    same_as: str = ""  # an earlier pair with every answer the same: only rows whose reason differs are shown
    causality: bool = (
        True  # a causality instrument (not severity or preventability): what a causality box lists
    )

    def __init__(
        self,
        key: str,
        title: str,
        result: str,
        why: str,
        path: str,
        scored: bool,
        rows: list[FurtherRow],
        drugs: list[dict[str, str]],
        notes: list[str],
        unrecorded: list[str],
        unrecorded_label: str,
        same_as: str = "",
        causality: bool = True,
    ) -> None:
        self.key = key
        self.title = title
        self.result = result
        self.why = why
        self.path = path
        self.scored = scored
        self.rows = rows
        self.drugs = drugs
        self.notes = notes
        self.unrecorded = unrecorded
        self.unrecorded_label = unrecorded_label
        self.same_as = same_as
        self.causality = causality


def _signs(text: str) -> str:
    return text.replace("<=", "≤").replace(">=", "≥")


def further_view(f: Result) -> FurtherView:
    result = (f.result or "no result").capitalize()
    if f.score is not None:
        result = f"score {f.score}, {result}"
    if note := f.headline_note():
        result += f" ({note})"
    return FurtherView(
        key=f.instrument,
        title=f.title,
        result=result,
        why="" if f.why == EVERY_PAIR_WHY else f.why,  # said once, under "Not applied"
        path=f.path_text(),
        scored=any(line.points is not None for line in f.lines),
        rows=[
            FurtherRow(
                line.id if len(line.id) <= 4 else "",
                line.label,
                line.answer.replace("_", " ") if line.points is None else "",
                line.points,
                line.source.value,
                _signs(line.reason),
                line.fact or "",
            )
            for line in f.lines
            if not line.unrecorded
        ],
        drugs=[
            {
                "name": d.name,
                "intermediate": f"{d.intermediate}",
                "final": f"{d.final}",
                "band": d.band,
                "other": "" if d.final_alternative is None else f"{d.final_alternative}",
            }
            for d in f.drug_rows()
        ],
        notes=[_signs(n) for n in f.notes],
        unrecorded=f.unrecorded,
        unrecorded_label="Not recorded" + (f" ({f.unrecorded_means})" if f.unrecorded_means else ""),
        # The instruments that exchange formats write as causality assessments are the causality ones.
        causality=getattr(registry.get(f.instrument), "interchange", None) is not None,
    )


_AUTHOR = re.compile(r"[A-Z][\w'-]+(?: [\w'-]+)* [A-Z]{1,3}")

SETTLED = "Settled by a recorded fact, kept at 0"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class PairView(Record):
    """One drug x reaction pair as every output shows it: the reports, the terminal summary and the review."""

    case_id: str
    source: str  # the case file
    drug: str
    reaction: str
    time_to_onset: str
    causes: list[CauseRow]
    tests: list[str]  # specific tests and their results, as recorded
    naranjo: list[NaranjoRow]
    naranjo_total: int
    naranjo_category: str
    naranjo_band: str
    range_lower: int
    range_upper: int
    range_categories: list[str]  # highest first
    pivotal: list[str]
    naranjo_unknown: list[str]  # the items answered "do not know"
    settled: list[str]  # "do not know" items a recorded fact closes: not in the range
    who_category: str | None
    who_text: str  # the category at a glance: the assessor's where they overrode it, else the computed one
    who_rule: str
    who_step: int
    who_nearest: list[str]
    who_met: list[str]
    who_unmet: list[str]
    who_inputs: list[tuple[str, str, str, str]]  # name, value, source, reason
    who_categories: list[WhoUmcCategoryRow]  # Certain to Unlikely, each with its criteria met and not met
    override: dict[str, str] | None
    discordance: str | None
    warnings: list[str]
    notes: str | None
    conclusion: str | None  # the assessor's, in their own words
    further: list[FurtherView]
    not_applied: list[str]
    naranjo_same_as: str = ""  # an earlier pair with every Naranjo answer the same (see FurtherView.same_as)
    who_same_as: str = ""  # an earlier pair whose WHO-UMC criteria were met and unmet the same way
    not_applied_same_as: str = ""  # an earlier pair with the same instruments left out, for the same reasons
    # Whose assessment this is, where a pair is assessed more than once (or names its own assessor); a
    # consensus or adjudication is marked as the final result, with its reason. Empty otherwise.
    assessment: str = ""
    assessed_by: str = ""  # the assessor of this assessment (its own, else the case's): name, role
    final: bool = False  # a consensus or adjudication: the pair's final result
    # The case's recorded signatures, one line each: who, as what, when, and whether it still holds.
    signatures: list[str] = field(default_factory=list)

    def __init__(
        self,
        case_id: str,
        source: str,
        drug: str,
        reaction: str,
        time_to_onset: str,
        causes: list[CauseRow],
        tests: list[str],
        naranjo: list[NaranjoRow],
        naranjo_total: int,
        naranjo_category: str,
        naranjo_band: str,
        range_lower: int,
        range_upper: int,
        range_categories: list[str],
        pivotal: list[str],
        naranjo_unknown: list[str],
        settled: list[str],
        who_category: str | None,
        who_text: str,
        who_rule: str,
        who_step: int,
        who_nearest: list[str],
        who_met: list[str],
        who_unmet: list[str],
        who_inputs: list[tuple[str, str, str, str]],
        who_categories: list[WhoUmcCategoryRow],
        override: dict[str, str] | None,
        discordance: str | None,
        warnings: list[str],
        notes: str | None,
        conclusion: str | None,
        further: list[FurtherView],
        not_applied: list[str],
        naranjo_same_as: str = "",
        who_same_as: str = "",
        not_applied_same_as: str = "",
        assessment: str = "",
        assessed_by: str = "",
        final: bool = False,
        signatures: list[str] = FACTORY,
    ) -> None:
        self.case_id = case_id
        self.source = source
        self.drug = drug
        self.reaction = reaction
        self.time_to_onset = time_to_onset
        self.causes = causes
        self.tests = tests
        self.naranjo = naranjo
        self.naranjo_total = naranjo_total
        self.naranjo_category = naranjo_category
        self.naranjo_band = naranjo_band
        self.range_lower = range_lower
        self.range_upper = range_upper
        self.range_categories = range_categories
        self.pivotal = pivotal
        self.naranjo_unknown = naranjo_unknown
        self.settled = settled
        self.who_category = who_category
        self.who_text = who_text
        self.who_rule = who_rule
        self.who_step = who_step
        self.who_nearest = who_nearest
        self.who_met = who_met
        self.who_unmet = who_unmet
        self.who_inputs = who_inputs
        self.who_categories = who_categories
        self.override = override
        self.discordance = discordance
        self.warnings = warnings
        self.notes = notes
        self.conclusion = conclusion
        self.further = further
        self.not_applied = not_applied
        self.naranjo_same_as = naranjo_same_as
        self.who_same_as = who_same_as
        self.not_applied_same_as = not_applied_same_as
        self.assessment = assessment
        self.assessed_by = assessed_by
        self.final = final
        self.signatures = [] if signatures is FACTORY else signatures


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class ReportView(Record):
    """Everything a report shows of one case, computed once for every format."""

    case_id: str
    generated: str  # when the report was printed (kept under this name for templates of one's own)
    tool: str
    patient: list[tuple[str, str]]
    suspect_drugs: list[dict[str, str]]
    concomitant_drugs: list[dict[str, str]]
    reactions: list[dict[str, str]]
    pairs: list[PairView]
    assessor: dict[str, str]
    citations: list[str]
    disclaimer: str
    notes: str | None = None
    paper: str = "a4"
    assessed: str = ""  # when the assessment was made, as the case records it; empty when it does not
    printed: str = ""  # when this report was rendered
    timeline: Timeline | None = None  # exposure, onsets, withdrawal and outcome, when times are known
    # The suspect drugs' columns something was recorded in (key, heading): an empty column reads as a
    # question left unanswered.
    drug_columns: list[tuple[str, str]] = field(default_factory=list)
    # Recorded signatures (name, when, meaning, status: valid or not); the hand-signature lines are left for
    # the assessor (author) and the second assessor (reviewer) only where no such signature is recorded.
    signatures: list[dict[str, str]] = field(default_factory=list)
    # The summary's order: each drug x reaction together (in the case's order), its final result first.
    summary: list[PairView] = field(default_factory=list)
    hand_author: bool = True
    hand_second: bool = True
    # The history annex (report --history): whether it is asked for, its state, and each change.
    history_asked: bool = False
    history_state: str = ""
    history: list[HistoryRow] = field(default_factory=list)

    def __init__(
        self,
        case_id: str,
        generated: str,
        tool: str,
        patient: list[tuple[str, str]],
        suspect_drugs: list[dict[str, str]],
        concomitant_drugs: list[dict[str, str]],
        reactions: list[dict[str, str]],
        pairs: list[PairView],
        assessor: dict[str, str],
        citations: list[str],
        disclaimer: str,
        notes: str | None = None,
        paper: str = "a4",
        assessed: str = "",
        printed: str = "",
        timeline: Timeline | None = None,
        drug_columns: list[tuple[str, str]] = FACTORY,
        signatures: list[dict[str, str]] = FACTORY,
        summary: list[PairView] = FACTORY,
        hand_author: bool = True,
        hand_second: bool = True,
        history_asked: bool = False,
        history_state: str = "",
        history: list[HistoryRow] = FACTORY,
    ) -> None:
        self.case_id = case_id
        self.generated = generated
        self.tool = tool
        self.patient = patient
        self.suspect_drugs = suspect_drugs
        self.concomitant_drugs = concomitant_drugs
        self.reactions = reactions
        self.pairs = pairs
        self.assessor = assessor
        self.citations = citations
        self.disclaimer = disclaimer
        self.notes = notes
        self.paper = paper
        self.assessed = assessed
        self.printed = printed
        self.timeline = timeline
        self.drug_columns = [] if drug_columns is FACTORY else drug_columns
        self.signatures = [] if signatures is FACTORY else signatures
        self.summary = [] if summary is FACTORY else summary
        self.hand_author = hand_author
        self.hand_second = hand_second
        self.history_asked = history_asked
        self.history_state = history_state
        self.history = [] if history is FACTORY else history


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class HistoryRow(Record):
    """One changed field of the history annex, with the save it was part of."""

    number: int  # the entry (save), from 1
    at: str
    by: str
    reason: str  # the entry's reason, or this change's own (an override's)
    field: str
    old: str
    new: str

    def __init__(self, number: int, at: str, by: str, reason: str, field: str, old: str, new: str) -> None:
        self.number = number
        self.at = at
        self.by = by
        self.reason = reason
        self.field = field
        self.old = old
        self.new = new


def _moment(when: dt.datetime) -> str:
    """A date and time to the minute with its offset from UTC: 2026-12-02 10:15 UTC+01:00."""
    offset = when.utcoffset() or dt.timedelta(0)
    if not offset:
        return when.strftime("%Y-%m-%d %H:%M UTC")
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return when.strftime("%Y-%m-%d %H:%M") + f" UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _who_text(r: PairResult) -> str:
    w = r.who_umc
    computed = (
        w.category.label
        if w.category
        else "no category fully met"
        + (f" (nearest: {', '.join(c.label for c in w.nearest)})" if w.nearest else "")
    )
    if r.override:
        return f"{r.override.category.label} (assessor's category; computed: {computed})"
    return computed


def _treatment(x: Reaction) -> str:
    given = x.treatment_given
    if given is None:
        return ""
    kind = given.kind.replace("_", " ")
    return f"{kind}: {given.name}" if given.name else kind


def _tests(pair: PairAssessment) -> list[str]:
    return [
        f"{t.kind.replace('_', ' ')}{f' with {t.drug}' if t.drug else ''}: {t.result}"
        + (f" ({t.note})" if t.note else "")
        for t in pair.facts.specific_tests
    ]


def _drug_row(d: Drug) -> dict[str, str]:
    dates = " to ".join(str(x) for x in (d.start, d.stop) if x) or ""
    if d.start and not d.stop:
        dates = f"from {d.start}"
    details = []
    if d.ingredients:
        details.append(f"ingredients: {', '.join(d.ingredients)}")
    if d.drug_class:
        details.append(f"class: {d.drug_class}")
    if d.interacts_with:
        how = f": {d.interaction_mechanism}" if d.interaction_mechanism else ""
        details.append(f"interacts with {d.interacts_with}{how}")
    if d.through_mother:
        details.append(f"taken by the mother, {d.through_mother.value.replace('_', ' ')}")
    return {
        "name": f"{d.name} ({'; '.join(details)})" if details else d.name,
        "dose": d.dose or "",
        "route": d.route or "",
        "dates": dates,
        "indication": d.indication or "",
    }


def pair_view(case: Case, pair: PairAssessment, r: PairResult) -> PairView:
    """What every output shows of one pair, computed once."""
    w = r.who_umc
    met_category = w.category if w.category in GRADED else (w.nearest[0] if w.nearest else None)
    return PairView(
        case_id=case.case_id,
        source=case.source,
        drug=r.drug,
        reaction=r.reaction,
        time_to_onset=r.time_to_onset,
        causes=[
            CauseRow(
                c.cause,
                STATUS_TEXT[c.status.value],
                c.method.value if c.method else "",
                c.finding or "",
            )
            for c in pair.facts.alternative_causes
        ],
        tests=_tests(pair),
        naranjo=[_naranjo_row(s, r.naranjo_trace[s.item.id]) for s in r.naranjo.items],
        naranjo_total=r.naranjo.total,
        naranjo_category=r.naranjo.category.label,
        naranjo_band=_signs(N.BAND_TEXT[r.naranjo.category]),
        range_lower=r.naranjo.range.lower,
        range_upper=r.naranjo.range.upper,
        range_categories=[c.label for c in r.naranjo.range.categories],
        pivotal=list(r.naranjo.range.pivotal_items),
        naranjo_unknown=list(r.naranjo.unknown_items),
        settled=list(r.naranjo.range.settled_items),
        who_category=w.category.label if w.category else None,
        who_text=_who_text(r),
        who_rule=w.rule,
        who_step=w.step,
        who_nearest=[c.label for c in w.nearest],
        who_met=[f"{cid} {W.CRITERION_BY_ID[cid].text}" for cid in w.met(met_category)]
        if met_category
        else [],
        who_unmet=[f"{cid} {W.CRITERION_BY_ID[cid].text}" for cid in w.unmet(met_category)]
        if met_category
        else [],
        who_inputs=[
            (name, t.value.replace("_", " "), t.source.value, t.reason)
            for name, t in r.who_umc_inputs.items()
            if not (t.source is Source.DEFAULT and name in {"event_documented", "timing_obtainable"})
        ],
        who_categories=[WhoUmcCategoryRow(c.label, list(w.met(c)), list(w.unmet(c))) for c in GRADED],
        override={"category": r.override.category.label, "reason": r.override.reason} if r.override else None,
        discordance=discordance(r),
        warnings=list(r.warnings),
        notes=pair.notes,
        conclusion=pair.conclusion,
        further=[further_view(f) for f in r.further],
        not_applied=[f"{registry.title(x.instrument)} ({x.why})" for x in r.routes if not x.applies],
        assessment=_assessment(case, pair),
        final=pair.role.final,
        assessed_by=", ".join(x for x in (person.name, person.role) if x)
        if (person := pair.assessor_of(case))
        else "",
        signatures=[_signature_line(x) for x in r.signatures],
    )


def _assessment(case: Case, pair: PairAssessment) -> str:
    """Who made this assessment of the pair, and whether it is the final one; empty where the case holds one
    assessment of the pair by the case's assessor (as every case did before several were allowed)."""
    key = (pair.drug.casefold(), pair.reaction.casefold())
    several = sum((a.drug.casefold(), a.reaction.casefold()) == key for a in case.assessments) > 1
    if not several and pair.assessor is None and not pair.role.final:
        return ""
    person = pair.assessor_of(case)
    about = [x for x in (person.role, person.organisation) if x] if person else []
    who = (person.name if person and person.name else "assessor not named") + (
        f" ({', '.join(about)})" if about else ""
    )
    when = pair.assessed_at_of(case)
    on = f", {_moment(when)}" if when is not None else ""
    if pair.role.final:
        return f"FINAL RESULT: {pair.role.value} by {who}{on}; reason: {pair.reason}"
    return f"Independent assessment by {who}{on}"


def _signature_line(signature: Signature) -> str:
    from causality.audit import describe

    return describe(signature)


def pair_views(case: Case, results: list[PairResult]) -> list[PairView]:
    """Each result with the assessment it scored: in order, since one pair may be assessed several times."""
    queued: dict[tuple[str, str], list[PairAssessment]] = {}
    for a in case.assessments:
        queued.setdefault((a.drug.casefold(), a.reaction.casefold()), []).append(a)
    return [pair_view(case, queued[(r.drug.casefold(), r.reaction.casefold())].pop(0), r) for r in results]


def _answers(rows: Sequence[NaranjoRow | FurtherRow]) -> list[tuple[object, ...]]:
    """What must agree for two pairs to share a table: each item's answer and points, not its reason (nor
    which reaction's record gave it: the reason says what that record holds)."""
    return [(r.id, r.answer, r.points, r.source, getattr(r, "label", "")) for r in rows]


def _ama_authors(citation: str) -> str:
    """A citation with more than six authors as its first three and "et al." (AMA style), so that the sources
    fit beside the signature: "Naranjo CA, Busto U, Sellers EM, Sandor P, ... Greenblatt DJ. A method...".
    Anything that does not start with a list of "Surname INITIALS" names is left as it is."""
    authors, dot, rest = citation.partition(". ")
    names = authors.split(", ")
    if not dot or len(names) <= 6 or not all(_AUTHOR.fullmatch(n) for n in names):
        return citation
    return f"{', '.join(names[:3])}, et al. {rest}"


def _who(p: PairView) -> tuple[object, ...]:
    inputs = [(name, value, source) for name, value, source, _reason in p.who_inputs]
    return (p.who_category, p.who_step, p.who_rule, p.who_nearest, p.who_met, p.who_unmet, inputs)


def _show_differing(
    rows: Sequence[NaranjoRow | FurtherRow], earlier: Sequence[NaranjoRow | FurtherRow]
) -> None:
    for mine, theirs in zip(rows, earlier, strict=True):
        mine.shown = mine.reason != theirs.reason


def _assessed(case: Case) -> str:
    """When the case was assessed: its own time, else its assessments' (the first and last where several
    people assessed it at different times); empty where nothing says."""
    if case.assessed_at is not None:
        return _moment(case.assessed_at)
    times = sorted({t for a in case.assessments if (t := a.assessed_at_of(case)) is not None})
    if not times:
        return ""
    return _moment(times[0]) if len(times) == 1 else f"{_moment(times[0])} to {_moment(times[-1])}"


def summary_order(pairs: list[PairView]) -> list[PairView]:
    """Each pair's assessments together, in the order the pairs first appear, a final result first."""
    keys: dict[tuple[str, str], int] = {}
    for p in pairs:
        keys.setdefault((p.drug.casefold(), p.reaction.casefold()), len(keys))
    return sorted(pairs, key=lambda p: (keys[(p.drug.casefold(), p.reaction.casefold())], not p.final))


def share_repeats(pairs: list[PairView]) -> None:
    """A printed report shows a table once. Where a later pair gives every answer of an instrument exactly as
    an earlier pair did (two reactions to one drug, assessed from the same facts), it names that pair and
    shows only the items whose reasons differ, so that nothing is printed twice and nothing is left out."""
    for n, later in enumerate(pairs):
        for earlier in pairs[:n]:
            name = f"{earlier.drug} \N{MULTIPLICATION SIGN} {earlier.reaction}" + (
                f" ({earlier.assessment})" if earlier.assessment else ""
            )
            if not later.who_same_as and _who(later) == _who(earlier) and later.override is None:
                later.who_same_as = name
            if (
                not later.not_applied_same_as
                and later.not_applied
                and later.not_applied == earlier.not_applied
            ):
                later.not_applied_same_as = name
            if not later.naranjo_same_as and _answers(later.naranjo) == _answers(earlier.naranjo):
                later.naranjo_same_as = name
                _show_differing(later.naranjo, earlier.naranjo)
            before = {f.key: f for f in earlier.further}
            for f in later.further:
                e = before.get(f.key)
                if (
                    f.same_as
                    or e is None
                    or (f.title, f.result, f.why, f.path, f.unrecorded, f.drugs)
                    != (e.title, e.result, e.why, e.path, e.unrecorded, e.drugs)
                    or _answers(f.rows) != _answers(e.rows)
                ):
                    continue
                f.same_as = name
                _show_differing(f.rows, e.rows)
                f.notes = [note for note in f.notes if note not in e.notes]


def _naranjo_row(s: N.ItemScore, t: Trace[Answer]) -> NaranjoRow:
    return NaranjoRow(
        s.item.id,
        s.item.domain,
        s.item.question,
        {"yes": "Yes", "no": "No", "unknown": "Do not know"}[s.answer.value],
        s.points,
        f"overrides '{t.derived}'" if t.source is Source.OVERRIDDEN else t.source.value,
        t.reason,
        s.answer.value,
        t.source is Source.DEFAULT,
    )


def build(
    case: Case,
    results: list[PairResult],
    now: dt.datetime | None = None,
    paper: str = "a4",
    history_asked: bool = False,
) -> ReportView:
    now = now or dt.datetime.now(dt.UTC)
    p = case.patient
    patient = [
        (label, value)
        for label, value in (
            ("Age", f"{p.age:g} years" if p.age is not None else ""),
            ("Sex", p.sex.value if p.sex else ""),
            ("Weight", f"{p.weight_kg:g} kg" if p.weight_kg is not None else ""),
            ("Conditions", ", ".join(p.conditions)),
        )
        if value
    ]
    pairs = pair_views(case, results)
    share_repeats(pairs)
    # The signature's date is the assessor's, or the day the assessment was made; never the day of printing
    # (left blank to be written by hand when the case records neither).
    signed = case.assessor.date if case.assessor and case.assessor.date else None
    if signed is None and case.assessed_at is not None:
        signed = case.assessed_at.date()
    assessor = {
        "name": (case.assessor.name if case.assessor else None) or "",
        "role": (case.assessor.role if case.assessor else None) or "",
        "date": str(signed) if signed else "",
    }
    applied = {*registry.MAIN, *(key for r in results for key in r.results)}
    infos = [i.info for i in registry.instruments() if i.id in applied]
    citations = [  # the instruments this report applies, not every one the tool knows
        f"{_ama_authors(c.text)}" + (f" doi:{c.doi}" if c.doi else "") + (f" ({c.note})" if c.note else "")
        for info in infos
        for c in info.citations
    ]
    printed = _moment(now)
    suspects = [_drug_row(d) for d in case.suspect_drugs]
    recorded, history_state, history = _audit(case, history_asked)
    return ReportView(
        case_id=case.case_id,
        generated=printed,
        printed=printed,
        assessed=_assessed(case),
        timeline=T.build(case),
        drug_columns=[
            (key, label)
            for key, label in (
                ("dose", "Dose"),
                ("route", "Route"),
                ("dates", "Dates"),
                ("indication", "Indication"),
            )
            if any(row[key] for row in suspects)
        ],
        tool=f"adr-causality {__version__}",
        patient=patient,
        suspect_drugs=suspects,
        concomitant_drugs=[_drug_row(d) for d in case.concomitant_drugs],
        reactions=[
            {
                "term": x.term,
                "onset": str(x.onset) if x.onset else (said(x.onset_relative) if x.onset_relative else ""),
                "seriousness": ", ".join(s.value.replace("_", " ") for s in x.seriousness) or "not serious",
                "outcome": x.outcome.value.replace("_", " ") if x.outcome else "",
                "treatment": _treatment(x),
            }
            for x in case.reactions
        ],
        pairs=pairs,
        summary=summary_order(pairs),
        assessor=assessor,
        citations=citations,
        notes=case.notes,
        disclaimer=("This assessment supports clinical judgement and does not replace it. " + W.DISCLAIMER),
        paper=paper,
        signatures=recorded,
        hand_author=not any(x.meaning.value == "author" for x in case.signatures),
        hand_second=not any(x.meaning.value == "reviewer" for x in case.signatures),
        history_asked=history_asked,
        history_state=history_state,
        history=history,
    )


def field_label(path: str, case: Case, doc: Any = None) -> str:
    """A case-file path as a clinician reads it, from the labels the case file's fields are declared with,
    a list's entry by its own name: "assessments[0].facts.dechallenge.outcome" -> "alemtuzumab x generalized
    petechiae: Facts: Dechallenge: Outcome"."""
    from causality import schema as S
    from causality.casefile import to_data

    field: S.Field | None = S.CASE
    held: Any = to_data(case) if doc is None else doc  # ``doc``: the case's data, made once for many paths
    words: list[str] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            n = int(part[1:-1])
            entry = held[n] if isinstance(held, list) and n < len(held) else None
            name = words.pop() if words else ""
            words.append(_entry_name(entry) or f"{name} {n + 1}".strip())
            field, held = (field.item if field is not None else None), entry
            continue
        found = field.by_name.get(part) if field is not None and field.fields else None
        words.append(found.label if found is not None else part.replace("_", " "))
        field, held = found, (held.get(part) if isinstance(held, dict) else None)
    return ": ".join(w for w in words if w)


def _entry_name(entry: Any) -> str:
    """What an entry of a list is called: a pair by its drug and reaction, a cause, a reaction, a drug."""
    if not isinstance(entry, dict):
        return ""
    if entry.get("drug") and entry.get("reaction"):
        return f"{entry['drug']} x {entry['reaction']}"
    return str(entry.get("cause") or entry.get("term") or entry.get("name") or "")


def _audit(case: Case, history_asked: bool) -> tuple[list[dict[str, str]], str, list[HistoryRow]]:
    """The recorded signatures; and, when asked for, the state of the history and each change in it."""
    if not case.signatures and not history_asked:
        return [], "", []
    from causality import audit

    signed = [
        {
            "name": x.name,
            "at": audit.when(x.at),
            "meaning": x.meaning.value,
            "status": "valid" if x.valid else f"not valid: {x.why or 'the case changed after it was signed'}",
        }
        for x in case.signatures
    ]
    if not history_asked:
        return signed, "", []
    broken = audit.first_break(case)
    n = len(case.history)
    state = (
        "No change is recorded in this case's history."
        if not n
        else f"Changes saved {'once' if n == 1 else f'{n} times'}; the history is intact."
        if broken is None
        else f"The history is broken at entry {broken.number} ({audit.when(broken.entry.at)}, "
        f"{broken.entry.by}): {broken.why}."
    )
    from causality.casefile import to_data

    doc = to_data(case)
    rows = [
        HistoryRow(
            number,
            audit.when(e.at),
            e.by,
            c.reason or e.reason or "",
            field_label(c.field, case, doc),
            c.old or "",
            c.new or "",
        )
        for number, e in enumerate(case.history, 1)
        for c in e.changes
    ]
    return signed, state, rows
