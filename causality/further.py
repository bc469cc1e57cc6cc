"""The further instruments applied to one pair: Liverpool (LCAT), RUCAM, ALDEN, George, Hartwig-Siegel and
modified Schumock-Thornton. Their inputs come from the same facts as Naranjo and WHO-UMC (spec §10), or
from answers given in the file; every answer says which. Pure: no files, prompts or printing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from causality import derive
from causality.answers import Source
from causality.derive import AlternativesState, Derivation
from causality.instruments import hartwig as H
from causality.instruments import lcat as L
from causality.instruments import preventability as P
from causality.model import (
    Case,
    Consequences,
    DechallengeOutcome,
    DoseResponse,
    Drug,
    DrugLevel,
    Facts,
    Judgement,
    Literature,
    Outcome,
    PairAssessment,
    PreviousReaction,
    Reaction,
    RechallengeOutcome,
    Sequence,
    Sex,
)
from causality.routing import TITLES, Route
from causality.trace import Trace, resolve

if TYPE_CHECKING:
    from causality.instruments import alden as A

YES_NO = ("yes", "no")


# What may be stated directly in a case file, per instrument and item (answers override derived ones).
# Functions, so the event-specific instruments are imported only for cases that use them (start-up time).
def given_allowed(instrument: str) -> dict[str, tuple[str, ...]]:
    if instrument == "lcat":
        return {node: answers for node, (_, answers) in L.NODES.items()}
    if instrument == "rucam":
        from causality.instruments import rucam as R

        return {
            "concomitant": tuple(R.Concomitant),
            "reexposure": tuple(R.Reexposure),
            "slowly_metabolised": YES_NO,
        }
    if instrument == "george":
        from causality.instruments import george as G

        return {f"c{n}": YES_NO for n in G.CRITERIA}
    if instrument == "schumock_thornton":
        return dict.fromkeys(P.QUESTIONS, P.ANSWERS)
    raise KeyError(instrument)


def alden_allowed() -> dict[str, tuple[str, ...]]:
    """Stated per drug (suspect or concomitant), under drug.alden."""
    from causality.instruments import alden as A

    return {
        "prechallenge": tuple(A.PRECHALLENGE),
        "notoriety": tuple(A.NOTORIETY),
        "continued_without_harm": YES_NO,
        "interaction": YES_NO,
    }


def liver_courses() -> tuple[str, ...]:
    from causality.instruments import rucam as R

    return tuple(R.Course)


class Line(NamedTuple):
    """One item of an instrument: the answer used, its points (if the instrument scores), and its origin."""

    id: str
    label: str
    answer: str
    points: int | None
    source: Source
    reason: str
    fact: str | None = None

    @property
    def unrecorded(self) -> bool:
        return self.source is Source.DEFAULT and self.points is None and self.answer == "unknown"


class FurtherResult(NamedTuple):
    """One further instrument's result for a pair, every line traced; ``result`` None when it cannot be
    given (``notes`` says why)."""

    instrument: str
    title: str
    why: str  # why it applies (routing)
    result: str | None
    score: int | None
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()
    detail: Mapping[str, Any] = MappingProxyType({})  # instrument-specific: path, R ratio, other drugs
    unrecorded_means: str | None = None  # what the items nothing answered do to the result

    @property
    def unrecorded(self) -> list[str]:
        """Unscored items that nothing answered (shown once, not a row each, where space is short)."""
        return [x.id if len(x.id) <= 4 else x.label for x in self.lines if x.unrecorded]


def _line(id_: str, label: str, t: Trace[str], points: int | None = None) -> Line:
    return Line(id_, label, t.value, points, t.source, t.reason, t.fact)


def _yes_no(value: Judgement | None) -> str | None:
    return value if value in (Judgement.YES, Judgement.NO) else None


def _drug_path(case: Case, drug: Drug | None) -> str:
    for key, drugs in (("suspect_drugs", case.suspect_drugs), ("concomitant_drugs", case.concomitant_drugs)):
        for index, d in enumerate(drugs):
            if d is drug:
                return f"{key}[{index}]"
    return "suspect_drugs"


def _reaction_path(case: Case, reaction: Reaction | None) -> str:
    index = next((i for i, x in enumerate(case.reactions) if x is reaction), 0)
    return f"reactions[{index}]"


# --- Liverpool (LCAT) ------------------------------------------------------------------------------------


def _same_drug_before(f: Facts, exclude: tuple[PreviousReaction, ...]) -> Derivation[str] | None:
    """Yes if the patient reacted to this drug before, no for the other recorded histories (Liverpool L9,
    Schumock-Thornton A1)."""
    pr = f.previous_reaction
    if pr is None or pr.outcome in exclude:
        return None
    answer = "yes" if pr.outcome is PreviousReaction.SAME_DRUG else "no"
    return Derivation(answer, f"previous exposure: {pr.outcome.replace('_', ' ')}", "facts.previous_reaction")


def _lcat_derived(case: Case, pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    rpath = _reaction_path(case, reaction)
    out: dict[str, Derivation[str]] = {
        "L1": Derivation("yes", "the pair is recorded for assessment as a suspected ADR", "assessments"),
    }
    seq = derive.sequence(f, drug, reaction)
    if seq.value is not Sequence.UNKNOWN:
        out["L2"] = Derivation("yes" if seq.value is Sequence.AFTER_DRUG else "no", seq.reason, seq.fact)
    if (v := _yes_no(f.pre_existing_exacerbated)) is not None:
        out["L3"] = Derivation(v, f"pre-existing symptoms exacerbated: {v}", "facts.pre_existing_exacerbated")
    d = f.dechallenge
    if d is not None:
        if d.outcome is DechallengeOutcome.IMPROVED:
            out["L4"] = Derivation(
                "yes", "improved when the drug was stopped or reduced", "facts.dechallenge"
            )
        elif d.outcome is DechallengeOutcome.NOT_IMPROVED:
            out["L4"] = Derivation("no", "did not improve when the drug was stopped", "facts.dechallenge")
        elif d.outcome is DechallengeOutcome.NOT_APPLICABLE:
            out["L4"] = Derivation("no", "irreversible event: it could not improve", "facts.dechallenge")
    harm = reaction.consequences.permanent_harm if reaction is not None else None
    outcome = reaction.outcome if reaction is not None else None
    if (v := _yes_no(harm)) is not None:
        out["L5"] = Derivation(v, f"long-lasting harm: {v}", f"{rpath}.consequences.permanent_harm")
    elif d is not None and d.outcome is DechallengeOutcome.NOT_APPLICABLE:
        out["L5"] = Derivation("yes", "irreversible event (death or permanent damage)", "facts.dechallenge")
    elif outcome in (Outcome.FATAL, Outcome.RECOVERED_WITH_SEQUELAE):
        out["L5"] = Derivation("yes", f"outcome {outcome.replace('_', ' ')}", f"{rpath}.outcome")
    elif outcome is Outcome.RECOVERED:
        out["L5"] = Derivation("no", "outcome recovered", f"{rpath}.outcome")
    state, why = derive.alternatives_state(f.alternative_causes)
    if state is AlternativesState.ALL_EXCLUDED:
        out["L6"] = Derivation("low", why, "facts.alternative_causes")
    elif state is not AlternativesState.NONE_RECORDED:
        out["L6"] = Derivation("high_or_unsure", why, "facts.alternative_causes")
    ev = f.mechanism_evidence
    if ev is not None and (v := _yes_no(ev.outcome)) is not None:
        note = f": {ev.note}" if ev.note else ""
        out["L7"] = Derivation(v, f"evidence of the mechanism: {v}{note}", "facts.mechanism_evidence")
    elif f.drug_level is not None and f.drug_level.outcome is DrugLevel.TOXIC:
        out["L7"] = Derivation("yes", "supra-therapeutic drug level", "facts.drug_level")
    elif f.dose_response is not None and f.dose_response.outcome is DoseResponse.OBSERVED:
        out["L7"] = Derivation("yes", "dose-dependent relationship observed", "facts.dose_response")
    r = f.rechallenge
    if r is not None:
        positive = r.outcome is RechallengeOutcome.RECURRED
        why = {
            RechallengeOutcome.RECURRED: "rechallenge: the event recurred",
            RechallengeOutcome.DID_NOT_RECUR: "rechallenge: the event did not recur",
            RechallengeOutcome.NOT_DONE: "no rechallenge was done",
        }[r.outcome]
        out["L8"] = Derivation("yes" if positive else "no", why, "facts.rechallenge")
    if (history := _same_drug_before(f, exclude=(PreviousReaction.UNKNOWN,))) is not None:
        out["L9"] = history
    lit = f.literature
    if lit is not None and lit.outcome is not Literature.NOT_SEARCHED:
        known = lit.outcome in (Literature.LABELLED, Literature.PUBLISHED)
        out["L10"] = Derivation(
            "yes" if known else "no", f"literature: {lit.outcome.replace('_', ' ')}", "facts.literature"
        )
    return out


_LCAT_HINTS = {
    "L2": "the drug's start and the reaction's onset, or facts.timing.sequence",
    "L3": "facts.pre_existing_exacerbated",
    "L4": "facts.dechallenge (or lcat.L4: unassessable for a single dose, intermittent therapy or a drug "
    "that cannot be stopped)",
    "L5": "the reaction's consequences.permanent_harm or outcome",
    "L6": "facts.alternative_causes",
}
_ABSENT_MEANS_NO = ("L7", "L8", "L9", "L10")  # spec §3.4: unanswerable -> "No", flagged


def lcat(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    derived = _lcat_derived(case, pair)
    given = pair.answers.get("lcat", {})
    traces: dict[str, Trace[str]] = {}
    for node in L.NODES:
        if node in given or node in derived or node in _ABSENT_MEANS_NO:
            traces[node] = resolve(
                given.get(node),
                derived.get(node),
                "no",
                "not recorded: counted as 'no' (absence of evidence, spec §3.4)",
            )
    result = L.assess({node: t.value for node, t in traces.items()})
    lines = tuple(_line(s.node, L.NODES[s.node][0], traces[s.node]) for s in result.path)
    notes = []
    if result.missing is not None:
        notes.append(
            f"stops at {result.missing}: {L.NODES[result.missing][0]} Record "
            f"{_LCAT_HINTS.get(result.missing, 'an answer')}."
        )
    for step in result.path:
        if traces[step.node].source is Source.DEFAULT:
            what_if = L.assess({**{n: t.value for n, t in traces.items()}, step.node: "yes"}).outcome
            if what_if != result.outcome:
                notes.append(
                    f"{step.node} was not recorded and counts as 'no'; 'yes' would give "
                    f"{(what_if or 'no outcome').capitalize()}"
                )
    path = " → ".join(f"{s.node} {s.answer.replace('_', ' ')}" for s in result.path)
    return FurtherResult(
        "lcat",
        TITLES["lcat"],
        route.why,
        result.outcome,
        None,
        lines,
        tuple(notes),
        {
            "path": [{"node": s.node, "answer": s.answer} for s in result.path],
            "path_text": path,
            "missing": result.missing,
        },
    )


# --- RUCAM ------------------------------------------------------------------------------------------------


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


def _cause_ids(case: Case, pair: PairAssessment) -> dict[str, str]:
    from causality.instruments import rucam as R

    """Alternative-cause status by RUCAM cause id; causes are recorded by checklist label or id."""
    from causality.catalogue import checklist_for

    by_label = {c.label.casefold(): c.id for c in checklist_for(pair.reaction).causes}
    out = {}
    for c in pair.facts.alternative_causes:
        cid = by_label.get(c.cause.casefold(), c.cause.casefold())
        if cid in R.CAUSES:
            out[cid] = c.status.value
        elif c.status.value == "present_confirmed":
            out[cid] = c.status.value  # any confirmed cause makes item 5 "highly probable"
    return out


def rucam(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    from causality.instruments import rucam as R

    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    rpath = _reaction_path(case, reaction)
    labs = reaction.labs if reaction is not None else None
    given = pair.answers.get("rucam", {})
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
    others = [d for d in case.suspect_drugs + case.concomitant_drugs if d is not drug]
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
    inputs = R.Inputs(
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
        causes=_cause_ids(case, pair),
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
        1: (derived, f"{_drug_path(case, drug)}.start, {_drug_path(case, drug)}.stop, {rpath}.onset"),
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
    detail = {
        "injury_type": res.injury,
        "r_ratio": None if res.r is None else round(res.r, 2),
        "scale": res.injury.scale if res.injury else None,
        "refused": res.refused,
        "missing_tests": list(res.missing_tests),
        "total_if_tests_negative": res.total_if_tests_negative,
        "total_1993_shared_row": res.total_1993_shared_row,
        "recommendation": "RUCAM is recommended over Naranjo for liver injury (spec §4.7)",
    }
    return FurtherResult(
        "rucam", TITLES["rucam"], route.why, res.band, res.total, tuple(lines), tuple(notes), detail
    )


# --- ALDEN ------------------------------------------------------------------------------------------------


def _alden_pair(case: Case, drug: Drug, reaction: Reaction) -> PairAssessment | None:
    return next(
        (
            p
            for p in case.assessments
            if p.drug.casefold() == drug.name.casefold() and p.reaction.casefold() == reaction.term.casefold()
        ),
        None,
    )


def _alden_traces(case: Case, drug: Drug, reaction: Reaction) -> dict[str, Trace[str]]:

    pair = _alden_pair(case, drug, reaction)
    derived: dict[str, Derivation[str]] = {}
    if pair is not None and (pr := pair.facts.previous_reaction) is not None:
        prechallenge = {
            PreviousReaction.SAME_DRUG: "same_drug_same_disease",
            PreviousReaction.EXPOSED_WITHOUT_REACTION: "negative",
            PreviousReaction.NO_PREVIOUS_EXPOSURE: "not_done_or_unknown",
        }.get(pr.outcome)  # "similar drug" is the assessor's call (spec §14): never inferred
        if prechallenge is not None:
            derived["prechallenge"] = Derivation(
                prechallenge, f"previous exposure: {pr.outcome.replace('_', ' ')}", "facts.previous_reaction"
            )
    if drug.stop is not None:
        derived["continued_without_harm"] = Derivation(
            "no", f"stopped on {drug.stop}: neutral", f"{_drug_path(case, drug)}.stop"
        )
    elif pair is not None and pair.facts.dechallenge is not None and pair.facts.dechallenge.outcome in (
        DechallengeOutcome.IMPROVED, DechallengeOutcome.NOT_IMPROVED):  # fmt: skip
        derived["continued_without_harm"] = Derivation("no", "stopped (dechallenge recorded): neutral",
                                                       "facts.dechallenge")  # fmt: skip
    given = drug.alden
    defaults = {
        "prechallenge": ("not_done_or_unknown", "not recorded: 'not done / unknown' (0)"),
        "notoriety": ("unknown", "not recorded: 'unknown' (0)"),
        "continued_without_harm": ("no", "not recorded: neutral (0)"),
        "interaction": ("no", "no interaction recorded"),
    }
    return {k: resolve(given.get(k), derived.get(k), *defaults[k]) for k in defaults}


def _alden_inputs(case: Case, drug: Drug, reaction: Reaction, traces: dict[str, Trace[str]]) -> A.DrugInputs:
    from causality.instruments import alden as A

    assert reaction.onset is not None and drug.start is not None
    stopped = (
        (reaction.onset - drug.stop).days if drug.stop is not None and drug.stop < reaction.onset else None
    )
    dysfunction = case.patient.liver_or_kidney_dysfunction is Judgement.YES
    return A.DrugInputs(
        name=drug.name,
        delay_days=(reaction.onset - drug.start).days,
        previous_reaction_same_drug=traces["prechallenge"].value == "same_drug_same_disease",
        stopped_days_before_index=stopped,
        half_life_hours=drug.half_life_hours,
        half_life_source=drug.half_life_source,
        liver_kidney_dysfunction_or_interaction=dysfunction or traces["interaction"].value == "yes",
        prechallenge=traces["prechallenge"].value,
        continued_without_harm=traces["continued_without_harm"].value == "yes",
        notoriety=traces["notoriety"].value,
    )


def alden(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    from causality.instruments import alden as A

    reaction = case.reaction(pair.reaction)
    assert reaction is not None
    drugs = case.suspect_drugs + case.concomitant_drugs
    problems = []
    if reaction.onset is None:
        problems.append(f"the onset date of {reaction.term} (the index day)")
    problems += [f"the start date of {d.name}" for d in drugs if d.start is None]
    problems += [
        f"the half-life of {d.name} (stopped before the index day)"
        for d in drugs
        if d.stop is not None
        and reaction.onset is not None
        and d.stop < reaction.onset
        and d.half_life_hours is None
    ]
    if problems:
        return FurtherResult(
            "alden",
            TITLES["alden"],
            route.why,
            None,
            None,
            (),
            (
                f"no score: every drug is scored before any is final, and these are missing: "
                f"{'; '.join(problems)}",
            ),
        )
    traces = {d.name: _alden_traces(case, d, reaction) for d in drugs}
    results = A.assess([_alden_inputs(case, d, reaction, traces[d.name]) for d in drugs])
    mine = next(r for r in results if r.name.casefold() == pair.drug.casefold())
    my_traces = traces[mine.name]
    drug = case.drug(pair.drug)
    dpath = _drug_path(case, drug)
    facts_of = {
        1: (Source.DERIVED, f"{dpath}.start, {_reaction_path(case, reaction)}.onset"),
        2: (
            Source.DERIVED,
            f"{dpath}.stop, {dpath}.half_life_hours, patient.liver_or_kidney_dysfunction"
            if drug is not None and drug.stop is not None and drug.stop < reaction.onset  # type: ignore[operator]
            else f"{dpath}.stop",
        ),
        3: (
            my_traces["prechallenge"].source,
            my_traces["prechallenge"].fact or f"{dpath}.alden.prechallenge",
        ),
        4: (
            my_traces["continued_without_harm"].source,
            my_traces["continued_without_harm"].fact or f"{dpath}.alden.continued_without_harm",
        ),
        5: (my_traces["notoriety"].source, f"{dpath}.alden.notoriety"),
    }
    labels = {
        1: "Delay from first intake to the index day",
        2: "Drug present in the body on the index day",
        3: "Prechallenge / rechallenge",
        4: "Dechallenge",
        5: "Notoriety of the drug",
        6: "Other cause",
    }
    lines = []
    for c in mine.criteria:
        source, fact = facts_of[c.number]
        reason = c.reason
        key = {3: "prechallenge", 4: "continued_without_harm", 5: "notoriety"}.get(c.number)
        if key and my_traces[key].source is not Source.DERIVED:
            reason = f"{reason} ({my_traces[key].reason})"
        lines.append(
            Line(
                str(c.number),
                labels[c.number],
                c.reason,
                c.points,
                source,
                reason,
                None if source is Source.DEFAULT else fact,
            )
        )
    others = [r for r in results if r is not mine]
    why6 = (
        f"another drug scores above {A.THRESHOLD}"
        if mine.other_cause
        else f"no other drug scores higher than this one above {A.THRESHOLD}"
    )
    lines.append(
        Line(
            "6",
            labels[6],
            "possible other cause" if mine.other_cause else "none",
            mine.other_cause,
            Source.DERIVED,
            why6,
            "all drugs of the case",
        )
    )
    notes = []
    if mine.final_alternative is not None:
        notes.append(
            f"criterion 6 is ambiguous when several drugs score above {A.THRESHOLD} (spec §14): read as "
            f"'every drug another drug outscores above {A.THRESHOLD}' the final score is "
            f"{mine.final_alternative} ({A.band_of(mine.final_alternative)})"
        )
    if len(others) == 0:
        notes.append("the only drug of the case")
    detail = {
        "drugs": [
            {
                "name": r.name,
                "intermediate": r.intermediate,
                "other_cause": r.other_cause,
                "final": r.final,
                "band": r.band,
                "final_alternative": r.final_alternative,
            }
            for r in results
        ],
        "half_life_hours": drug.half_life_hours if drug else None,
        "half_life_source": drug.half_life_source if drug else None,
    }
    return FurtherResult(
        "alden", TITLES["alden"], route.why, mine.band, mine.final, tuple(lines), tuple(notes), detail
    )


# --- George -----------------------------------------------------------------------------------------------


def _george_derived(case: Case, pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    out: dict[str, Derivation[str]] = {}
    seq = derive.sequence(f, drug, reaction)
    d = f.dechallenge
    outcome = reaction.outcome if reaction is not None else None
    if seq.value is Sequence.BEFORE_DRUG:
        out["c1"] = Derivation("no", seq.reason, seq.fact)
    elif d is not None and d.outcome is DechallengeOutcome.NOT_IMPROVED:
        out["c1"] = Derivation("no", "no recovery after stopping", "facts.dechallenge")
    elif seq.value is Sequence.AFTER_DRUG and d is not None and d.outcome is DechallengeOutcome.IMPROVED:
        complete = outcome is Outcome.RECOVERED
        out["c1"] = Derivation(
            "yes" if complete else "no",
            f"{seq.reason}; improved after stopping and "
            + ("recovered" if complete else f"outcome {outcome or 'not recorded'}: recovery not complete"),
            "facts.dechallenge, reaction outcome",
        )
    if len(case.suspect_drugs) + len(case.concomitant_drugs) == 1:
        out["c2"] = Derivation(
            "yes", "the only drug recorded in the case", "suspect_drugs, concomitant_drugs"
        )
    state, why = derive.alternatives_state(f.alternative_causes)
    if state is not AlternativesState.NONE_RECORDED:
        out["c3"] = Derivation(
            "yes" if state is AlternativesState.ALL_EXCLUDED else "no", why, "facts.alternative_causes"
        )
    if f.rechallenge is not None:
        recurred = f.rechallenge.outcome is RechallengeOutcome.RECURRED
        out["c4"] = Derivation(
            "yes" if recurred else "no",
            f"rechallenge {f.rechallenge.outcome.replace('_', ' ')}",
            "facts.rechallenge",
        )
    return out


def george(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    from causality.instruments import george as G

    derived, given = _george_derived(case, pair), pair.answers.get("george", {})
    traces = {
        f"c{n}": resolve(given.get(f"c{n}"), derived.get(f"c{n}"), "no", "not recorded: not met")
        for n in G.CRITERIA
    }
    res = G.assess({int(k[1:]) for k, t in traces.items() if t.value == "yes"})
    lines = tuple(_line(k, G.CRITERIA[int(k[1:])], t) for k, t in traces.items())
    notes = [f"{k} not recorded, counted as not met" for k, t in traces.items() if t.source is Source.DEFAULT]
    if res.oklahoma_level:
        notes.append(
            f"with the Oklahoma extension (antibodies in place of re-exposure): {res.oklahoma_level}"
        )
    return FurtherResult(
        "george",
        TITLES["george"],
        route.why,
        res.level,
        None,
        lines,
        tuple(notes),
        {"met": list(res.met), "oklahoma_level": res.oklahoma_level},
    )


_HARTWIG_ORDER = (
    ("death", "7"), ("permanent_harm", "6"), ("intensive_care", "5"), ("reason_for_admission", "4b"),
    ("extra_days_in_hospital", "4a"), ("antidote_or_treatment", "3"), ("drug_changed", "2"),
)  # fmt: skip
_HARTWIG_RANK = {level: rank for rank, (_, level) in enumerate(_HARTWIG_ORDER)} | {"1": len(_HARTWIG_ORDER)}

# --- Hartwig-Siegel severity ------------------------------------------------------------------------------


def hartwig(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    reaction = case.reaction(pair.reaction)
    assert reaction is not None
    rpath, c = _reaction_path(case, reaction), reaction.consequences

    def fact(name: str, value: Judgement | None, label: str) -> Trace[str]:
        v = _yes_no(value)
        if v is None:
            return Trace("unknown", Source.DEFAULT, "not recorded")
        return Trace(v, Source.DERIVED, f"{label}: {v}", f"{rpath}.consequences.{name}")

    death = (
        Trace("unknown", Source.DEFAULT, "outcome not recorded")
        if reaction.outcome in (None, Outcome.UNKNOWN)
        else Trace(
            "yes" if reaction.outcome is Outcome.FATAL else "no",
            Source.DERIVED,
            f"outcome {reaction.outcome.replace('_', ' ')}",
            f"{rpath}.outcome",
        )
    )
    d = pair.facts.dechallenge
    changed = (
        Trace(
            "yes",
            Source.DERIVED,
            "the drug was stopped or reduced (dechallenge recorded)",
            "facts.dechallenge",
        )
        if d is not None and d.outcome in (DechallengeOutcome.IMPROVED, DechallengeOutcome.NOT_IMPROVED)
        else Trace("no", Source.DERIVED, "the drug was continued", "facts.dechallenge")
        if d is not None and d.outcome is DechallengeOutcome.NOT_DONE
        else Trace("unknown", Source.DEFAULT, "not recorded (facts.dechallenge)")
    )
    extra = (
        Trace("unknown", Source.DEFAULT, "not recorded")
        if c.extra_days is None
        else Trace(
            str(c.extra_days),
            Source.DERIVED,
            f"{c.extra_days} extra day(s)",
            f"{rpath}.consequences.extra_days",
        )
    )
    traces = {
        "death": death,
        "permanent_harm": fact("permanent_harm", c.permanent_harm, "permanent harm"),
        "intensive_care": fact("intensive_care", c.intensive_care, "intensive care"),
        "reason_for_admission": fact("admission", c.admission, "reason for admission"),
        "extra_days_in_hospital": extra,
        "antidote_or_treatment": fact("treatment", c.treatment, "antidote or other treatment"),
        "drug_changed": changed,
    }

    def flag(t: Trace[str]) -> bool | None:
        return None if t.value == "unknown" else t.value == "yes"

    res = H.assess(
        H.Facts(
            death=flag(death),
            permanent_harm=flag(traces["permanent_harm"]),
            intensive_care=flag(traces["intensive_care"]),
            reason_for_admission=flag(traces["reason_for_admission"]),
            extra_days_in_hospital=c.extra_days,
            antidote_or_treatment=flag(traces["antidote_or_treatment"]),
            drug_changed=flag(changed),
        )
    )
    labels = {
        "death": "Death",
        "permanent_harm": "Permanent harm",
        "intensive_care": "Intensive care",
        "reason_for_admission": "Reason for admission",
        "extra_days_in_hospital": "Extra days in hospital",
        "antidote_or_treatment": "Antidote or other treatment",
        "drug_changed": "Suspected drug changed",
    }
    lines = tuple(_line(k, labels[k], t) for k, t in traces.items())
    serious = [s.value for s in reaction.seriousness]
    seriousness = (
        ("serious (" + ", ".join(s.replace("_", " ") for s in serious) + ")") if serious else "not serious"
    )
    # Top-down, the first "yes" gives the level (spec §6.1); a fact above it that is not recorded could
    # still raise it, so the level is then a floor, and "level 1" needs the drug to be known unchanged.
    above = [labels[k] for k, level in _HARTWIG_ORDER
             if _HARTWIG_RANK[level] < _HARTWIG_RANK[res.level] and traces[k].value == "unknown"]  # fmt: skip
    notes = [n for n in res.notes if not n.startswith("not recorded:")]
    if res.level == "1" and changed.value == "unknown":
        result, level = None, None
        notes.insert(0, "no level: nothing recorded says whether the drug was withheld, stopped or changed")
    elif above:
        result, level = f"at least level {res.level} ({res.band})", res.level
    else:
        result, level = f"level {res.level} ({res.band})", res.level
    notes.append(f"regulatory seriousness, a separate flag: {seriousness}")
    return FurtherResult(
        "hartwig",
        TITLES["hartwig"],
        route.why,
        result,
        None,
        lines,
        tuple(notes),
        {
            "level": level,
            "at_least": bool(above) and level is not None,
            "band": res.band if level else None,
            "definition": res.definition if level else None,
            "serious": bool(serious),
            "seriousness": serious,
        },
        "each could raise the level" if above and level else None,
    )


# --- modified Schumock-Thornton ---------------------------------------------------------------------------


def _preventability_derived(pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, out = pair.facts, {}
    # A reaction to a similar drug is the assessor's call for A1 (an allergy history or not).
    if history := _same_drug_before(f, exclude=(PreviousReaction.UNKNOWN, PreviousReaction.SIMILAR_DRUG)):
        out["A1"] = history
    lv = f.drug_level
    if lv is not None and lv.outcome in (DrugLevel.TOXIC, DrugLevel.NOT_TOXIC):
        toxic = lv.outcome is DrugLevel.TOXIC
        out["A4"] = Derivation(
            "yes" if toxic else "no", f"drug level {lv.outcome.replace('_', ' ')}", "facts.drug_level"
        )
    return out


def schumock_thornton(case: Case, pair: PairAssessment, route: Route) -> FurtherResult:
    derived, given = _preventability_derived(pair), pair.answers.get("schumock_thornton", {})
    traces = {q: resolve(given.get(q), derived.get(q), "unknown", "not recorded") for q in P.QUESTIONS}
    res = P.assess({q: t.value for q, t in traces.items()})
    lines = tuple(_line(q, P.QUESTIONS[q][1], t) for q, t in traces.items())
    verdict = res.verdict.replace("_", " ") + (" (provisional)" if res.provisional else "")
    return FurtherResult(
        "schumock_thornton",
        TITLES["schumock_thornton"],
        route.why,
        verdict,
        None,
        lines,
        (),
        {
            "verdict": res.verdict,
            "because": list(res.because),
            "provisional": res.provisional,
            "unknown": list(res.unknown),
        },
        "counted as 'no', so the verdict is provisional" if res.provisional else None,
    )


SCORERS = {
    "lcat": lcat,
    "rucam": rucam,
    "alden": alden,
    "george": george,
    "hartwig": hartwig,
    "schumock_thornton": schumock_thornton,
}


def _recorded_inputs(name: str, case: Case, pair: PairAssessment) -> bool:
    """Whether anything an every-pair instrument uses is recorded. Without it the instrument would only
    restate "not recorded" (and Hartwig would read silence as "no change"), so it is listed as not applied."""
    if pair.answers.get(name):
        return True
    if name == "lcat":
        return len(_lcat_derived(case, pair)) > 1  # L1 is always derived
    if name == "schumock_thornton":
        return bool(_preventability_derived(pair))
    if name == "hartwig":
        reaction = case.reaction(pair.reaction)
        d = pair.facts.dechallenge
        noted = reaction is not None and (
            reaction.consequences != _NO_CONSEQUENCES or reaction.outcome is not None
        )
        return noted or (d is not None and d.outcome in _DRUG_CHANGE_KNOWN)
    return True


_NO_CONSEQUENCES = Consequences()
_DRUG_CHANGE_KNOWN = (
    DechallengeOutcome.IMPROVED,
    DechallengeOutcome.NOT_IMPROVED,
    DechallengeOutcome.NOT_DONE,
)


def assess(case: Case, pair: PairAssessment) -> tuple[tuple[FurtherResult, ...], tuple[Route, ...]]:
    """The applicable instruments' results, and every routing decision (applied or not, and why)."""
    from causality.routing import EVERY_PAIR, routes

    decided = [
        r._replace(applies=False, why="applies to every pair, but nothing it uses is recorded")
        if r.applies
        and not r.chosen
        and r.instrument in EVERY_PAIR
        and not _recorded_inputs(r.instrument, case, pair)
        else r
        for r in routes(case, pair)
    ]
    return tuple(SCORERS[r.instrument](case, pair, r) for r in decided if r.applies), tuple(decided)
