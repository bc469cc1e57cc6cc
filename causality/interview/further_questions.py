"""What the further instruments need that Naranjo and WHO-UMC do not, asked only where the reaction routes
to them (spec §8.3): consequences and preventability for every pair; liver tests for liver injury (RUCAM);
platelet count for thrombocytopenia and bleeding (George); every drug's history for SJS/TEN (ALDEN); and
the few Liverpool answers no other fact gives. Also the answers <-> case-data mapping for these facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from causality import schema as S
from causality.interview.questions import (
    YES_NO,
    YES_NO_UNKNOWN,
    Kind,
    Option,
    Question,
    Value,
    check_number,
    check_whole_number,
)
from causality.interview.questions import answer_list as _list
from causality.interview.questions import answer_text as _get

if TYPE_CHECKING:
    from causality.model import Case

CARE = (
    Option("treatment", "An antidote or other treatment"),
    Option("admission", "Admission to hospital (it was the reason)"),
    Option("longer_stay", "A longer hospital stay"),
    Option("intensive_care", "Intensive care"),
    Option("permanent_harm", "Lasting disability or impairment"),
)
LIVER_COURSE = (
    Option("drop_50_within_8_days", "Fell by half or more within 8 days (hepatocellular)"),
    Option("drop_50_within_30_days", "Fell by half or more within 30 days (hepatocellular)"),
    Option("drop_50_after_30_days", "Fell by half or more only after 30 days (hepatocellular)"),
    Option("drop_under_50_after_30_days_or_recurrent", "Fell by less than half after 30 days, or rose again"),
    Option("drop_50_within_180_days", "Fell by half or more within 180 days (cholestatic or mixed)"),
    Option("drop_under_50_within_180_days", "Fell by less than half within 180 days (cholestatic or mixed)"),
    Option("no_information_or_continued", "No information, or the drug was continued"),
)
CONCOMITANT = (
    Option("none_or_no_information", "None, or no information", "n"),
    Option("incompatible_time", "Other drugs, but their timing does not fit", "i"),
    Option("compatible_time", "Another drug with a fitting timing", "c"),
    Option("known_hepatotoxin_compatible_time", "A known hepatotoxin with a fitting timing", "h"),
    Option("evidence_for_its_role", "Another drug with evidence for its role (rechallenge, test)", "e"),
)
REEXPOSURE = (
    Option("doubling_drug_alone", "Enzymes doubled on the drug alone", "d"),
    Option("doubling_with_same_drugs", "Enzymes doubled with the same drugs as the first time", "s"),
    Option("increase_below_uln", "Enzymes rose but stayed below the upper limit", "b"),
    Option("other_or_not_done", "Other", "o"),
)
NOTORIETY = (
    Option("strongly_associated", "Strongly associated (high-risk list of case-control studies)", "s"),
    Option("associated", "Associated (definite but lower risk)", "a"),
    Option("suspected", "Suspected (several reports, ambiguous epidemiology)", "p"),
    Option("unknown", "Unknown (other drugs, new drugs)", "u"),
    Option("not_suspected", "Not suspected (no association in case-control studies)", "n"),
)
PRECHALLENGE = (
    Option("same_drug_same_disease", "SJS/TEN before with this drug", "s"),
    Option(
        "similar_drug_or_other_reaction", "SJS/TEN with a similar drug, or another reaction to this one", "r"
    ),
    Option("other_reaction_similar_drug", "Another reaction to a similar drug", "o"),
    Option("negative", "Taken before without any reaction", "n"),
    Option("not_done_or_unknown", "Never taken before, or not known", "u"),
)
PREVENTABILITY = (  # asked as one tick-box; A1 and A4 come from facts already asked when they can
    ("A1", "Known allergy or earlier reaction to the drug"),
    ("A2", "Drug inappropriate for the clinical condition"),
    ("A3", "Dose, route or frequency inappropriate for age, weight or disease"),
    ("A4", "Toxic level (or abnormal monitoring test) documented"),
    ("A5", "A known measure would have prevented it"),
    ("B1", "Required drug or laboratory monitoring not done"),
    ("B2", "A drug interaction was involved"),
    ("B3", "Poor adherence was involved"),
    ("B4", "Preventive measures not prescribed or not given"),
)
NOT_ASSESSED = "not_assessed"


def presentation(term: str) -> tuple[str, bool]:
    """The catalogue key of a reaction term and whether it is SJS/TEN (as routing decides them)."""
    from causality.catalogue import checklist_for
    from causality.instruments.alden.entry import is_sjs_ten

    return checklist_for(term).key, is_sjs_ten(term)


def is_liver(term: str) -> bool:
    return presentation(term)[0] == "liver-injury"


def needs_platelets(term: str) -> bool:
    from causality.instruments.george.entry import BLEEDING_PRESENTATIONS

    return presentation(term)[0] in ("thrombocytopenia", *BLEEDING_PRESENTATIONS)


def george_applies(a: Mapping[str, Value], j: int) -> bool:
    """Thrombocytopenia, or bleeding with a low platelet count (as routing decides it)."""
    from causality.instruments.george.entry import LOW_PLATELETS

    key = presentation(_get(a, f"reaction.{j}.term") or "")[0]
    platelets = _get(a, f"reaction.{j}.platelets")
    return key == "thrombocytopenia" or (needs_platelets(_get(a, f"reaction.{j}.term") or "") and bool(platelets)
                                         and float(platelets or 0) < LOW_PLATELETS)  # fmt: skip


def check_value_and_limit(text: str) -> str | None:
    parts = text.replace(" ", "").split("/")
    try:
        value, limit = (float(x) for x in parts)
    except ValueError:
        return "enter the value and the upper limit of normal, e.g. 180/40"
    # ALT and ALP share their ranges, as do their upper limits
    (low, high), (limit_low, limit_high) = S.LABS["alt"].range, S.LABS["alt_uln"].range
    return (
        None
        if low <= value <= high and limit_low <= limit <= limit_high
        else f"value {low:g} to {high:g}, upper limit {limit_low:g} to {limit_high:g}"
    )


# --- questions ---------------------------------------------------------------------------------------------


def reaction_questions(
    a: Mapping[str, Value], j: int, term: str, sec: str, first_liver: bool
) -> list[Question]:
    r = f"reaction.{j}"
    qs = [
        Question(f"{r}.care", Kind.CHECKBOX, f"What did {term} lead to?", sec, "consequences", options=CARE,
                 default=[], instruction="(Space ticks; none = none of these)"),
    ]  # fmt: skip
    if "longer_stay" in _list(a, f"{r}.care"):
        qs.append(Question(f"{r}.extra_days", Kind.TEXT, "How many extra days in hospital?", sec, "extra days",
                           # from 1: asked only when a longer stay was ticked
                           check=check_whole_number(1, int(S.CONSEQUENCES["extra_days"].range[1]))))  # fmt: skip
    if needs_platelets(term):
        qs.append(Question(f"{r}.platelets", Kind.TEXT, "Lowest platelet count, x10^9/L (Enter if not measured)",
                           sec, "lowest platelets", optional=True,
                           check=check_number(*S.LABS["platelets"].range)))  # fmt: skip
    if is_liver(term):
        qs += [
            Question(f"{r}.alt", Kind.TEXT, "ALT when the injury was recognised / its upper limit of normal",
                     sec, "ALT / ULN", optional=True, check=check_value_and_limit,
                     instruction="(e.g. 180/40, U/L; Enter if not measured)"),
            Question(f"{r}.alp", Kind.TEXT, "ALP from the same sample / its upper limit of normal", sec,
                     "ALP / ULN", optional=True, check=check_value_and_limit,
                     instruction="(e.g. 390/130, U/L; Enter if not measured)"),
            Question(f"{r}.liver_course", Kind.SELECT, "After the drug was stopped, ALT (cholestatic: ALP)...",
                     sec, "course after stopping", options=LIVER_COURSE),
        ]  # fmt: skip
        if first_liver:  # patient facts RUCAM scores, asked once
            qs.append(Question("alcohol", Kind.TEXT, "Alcohol, drinks a day (Enter if not known)", sec,
                               "alcohol", optional=True,
                               check=check_number(*S.PATIENT["alcohol_drinks_per_day"].range)))  # fmt: skip
            if _get(a, "sex") == "female":
                qs.append(Question("pregnant", Kind.SELECT, "Is the patient pregnant?", sec, "pregnant",
                                   options=YES_NO_UNKNOWN))  # fmt: skip
    return qs


def pair_questions(a: Mapping[str, Value], i: int, j: int, sec: str, facts: dict[str, Any]) -> list[Question]:
    """Asked after the checklist; ``facts`` are the pair's facts so far (as case data)."""
    p = f"pair.{i}.{j}"
    drug, term = _get(a, f"drug.{i}.name") or f"drug {i + 1}", _get(a, f"reaction.{j}.term") or ""
    others = _other_drugs(a, i)
    qs: list[Question] = []
    dechallenge = facts.get("dechallenge", {}).get("outcome")
    from causality.interview.plan import copy_source

    if dechallenge == "not_done" and copy_source(a, i, j) is None:  # a copied pair shares the drug's answer
        qs.append(Question(f"{p}.unassessable", Kind.SELECT,
                           f"Could stopping {drug} not be tried (single dose, intermittent course, or a drug that "
                           "cannot be stopped)?", sec, "dechallenge unassessable", options=YES_NO))  # fmt: skip
    if facts.get("timing", {}).get("sequence") == "before_drug":
        qs.append(Question(f"{p}.exacerbated", Kind.SELECT, f"Did {drug} make pre-existing symptoms worse?", sec,
                           "symptoms exacerbated", options=YES_NO))  # fmt: skip
    causes = facts.get("alternative_causes", [])
    all_excluded = bool(causes) and all(
        c["status"] in ("tested_excluded", "clinically_excluded") for c in causes
    )
    level_or_dose = facts.get("drug_level") == "toxic" or facts.get("dose_response") in (
        "observed", "appeared_after_increase", "lessened_after_reduction")  # fmt: skip
    if causes and not all_excluded and not level_or_dose:
        qs.append(Question(f"{p}.mechanism", Kind.SELECT,
                           "Is there objective evidence of the mechanism itself (a positive mechanism test, a "
                           "supra-therapeutic level, dose-dependence in this patient)?", sec, "mechanism evidence",
                           options=YES_NO_UNKNOWN))  # fmt: skip
        if _get(a, f"{p}.mechanism") in ("yes", "no"):
            qs.append(Question(f"{p}.mechanism_note", Kind.TEXT, "What was found or done? (Enter to skip)", sec,
                               "mechanism evidence: finding", optional=True))  # fmt: skip
    if is_liver(term):
        if others:
            qs.append(Question(f"{p}.rucam_concomitant", Kind.SELECT, f"Other drugs besides {drug} (RUCAM)?", sec,
                               "concomitant drugs (RUCAM)", options=CONCOMITANT))  # fmt: skip
        if facts.get("rechallenge", {}).get("outcome") in ("recurred", "did_not_recur"):
            qs.append(Question(f"{p}.rucam_reexposure", Kind.SELECT, "On re-exposure, the liver enzymes...", sec,
                               "re-exposure (RUCAM)", options=REEXPOSURE))  # fmt: skip
    if george_applies(a, j):
        if others:
            qs.append(Question(f"{p}.george_c2", Kind.SELECT,
                               "Were the other drugs continued or restarted with normal platelet counts?", sec,
                               "other drugs cleared (George)", options=YES_NO_UNKNOWN))  # fmt: skip
        qs.append(Question(f"{p}.george_c5", Kind.SELECT, f"Were {drug}-dependent platelet antibodies shown?", sec,
                           "platelet antibodies (George)", options=YES_NO_UNKNOWN))  # fmt: skip
    derived = _preventability_derived(facts)
    options = tuple(Option(q, text) for q, text in PREVENTABILITY if q not in derived)
    qs.append(Question(f"{p}.preventability", Kind.CHECKBOX, "Preventability: tick each that applies", sec,
                       "preventability", options=(*options, Option(NOT_ASSESSED, "Not assessed (leave it open)")),
                       default=[], instruction="(Space ticks; none = none of these)"))  # fmt: skip
    return qs


def _other_drugs(a: Mapping[str, Value], i: int) -> list[str]:
    from causality.interview.plan import concomitant, drug_count, drug_name

    return [drug_name(a, k) for k in range(drug_count(a)) if k != i] + concomitant(a)


def _preventability_derived(facts: Mapping[str, Any]) -> set[str]:
    """The questions the facts already answer (mirrors the instruments' adapters)."""
    previous = facts.get("previous_reaction")
    outcome = previous.get("outcome") if isinstance(previous, dict) else previous
    level = facts.get("drug_level")
    level = level.get("outcome") if isinstance(level, dict) else level
    derived = set()
    if outcome in ("same_drug", "exposed_without_reaction", "no_previous_exposure"):
        derived.add("A1")
    if level in ("toxic", "not_toxic"):
        derived.add("A4")
    return derived


def concomitant_prefix(name: str) -> str:
    """Where a concomitant drug's ALDEN answers live: by name, not by place in the list, so editing the
    list of other drugs never hands one drug's dates or history to another."""
    return "alden.c:" + re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def alden_drugs(a: Mapping[str, Value]) -> list[tuple[str, str]]:
    """(answer prefix, name) of every drug of the case: suspect drugs, then concomitant ones."""
    from causality.interview.plan import concomitant, drug_count, drug_name

    return [(f"alden.s{i}", drug_name(a, i)) for i in range(drug_count(a))] + [
        (concomitant_prefix(name), name) for name in concomitant(a)
    ]


def _sjs_reaction(a: Mapping[str, Value]) -> int | None:
    from causality.interview.plan import reaction_count

    return next(
        (j for j in range(reaction_count(a)) if presentation(_get(a, f"reaction.{j}.term") or "")[1]), None
    )


def _prechallenge_known(a: Mapping[str, Value], prefix: str) -> bool:
    """A suspect drug's earlier exposure was asked with its pair; ALDEN takes it from there (never twice)."""
    from causality.interview.plan import copy_source

    j = _sjs_reaction(a)
    if not prefix.startswith("alden.s") or j is None:
        return False
    i = int(prefix[7:])
    src = copy_source(a, i, j) or (i, j)
    known = ("same_drug", "exposed_without_reaction", "no_previous_exposure")
    return _get(a, f"pair.{src[0]}.{src[1]}.previous") in known


def _before_index(a: Mapping[str, Value], stop: str) -> bool:
    """Whether a last dose falls before the SJS/TEN onset (the index day); an unknown onset counts as before."""
    import datetime as dt

    from causality import onset

    j = _sjs_reaction(a)
    index = onset.parse(_get(a, f"reaction.{j}.onset") or "") if j is not None else None
    return not isinstance(index, dt.date) or dt.date.fromisoformat(stop) < index


def alden_questions(a: Mapping[str, Value]) -> list[Question]:
    """ALDEN scores every drug of the case: its dates, notoriety, earlier exposure and what happened to it."""
    from causality.interview.questions import check_date

    sec = "ALDEN: every drug of the case"
    qs = [Question("liver_kidney", Kind.SELECT, "Liver or kidney dysfunction at the time?", sec,
                   "liver or kidney dysfunction", options=YES_NO_UNKNOWN)]  # fmt: skip
    for prefix, name in alden_drugs(a):
        if prefix.startswith("alden.c"):  # suspect drugs' dates were asked with the drug
            qs += [
                Question(f"{prefix}.start", Kind.TEXT, f"First dose of {name}, YYYY-MM-DD", sec,
                         f"{name}: first dose", check=check_date),
                Question(f"{prefix}.stop", Kind.TEXT, f"Last dose of {name}, YYYY-MM-DD (Enter if ongoing)", sec,
                         f"{name}: last dose", optional=True, check=check_date),
            ]  # fmt: skip
        qs += [
            Question(f"{prefix}.notoriety", Kind.SELECT, f"{name}: known for SJS/TEN?", sec,
                     f"{name}: notoriety", options=NOTORIETY),
            Question(f"{prefix}.notoriety_source", Kind.TEXT, "Source (Enter to skip)", sec,
                     f"{name}: notoriety source", optional=True),
        ]  # fmt: skip
        if not _prechallenge_known(a, prefix):
            qs.append(Question(f"{prefix}.prechallenge", Kind.SELECT, f"{name}: earlier exposure?", sec,
                               f"{name}: earlier exposure", options=PRECHALLENGE))  # fmt: skip
        stop = (
            _get(a, f"drug.{prefix[7:]}.stop") if prefix.startswith("alden.s") else _get(a, f"{prefix}.stop")
        )
        if stop and not _before_index(a, stop):
            pass  # taken up to the index day: present in the body, so no half-life is needed
        elif not stop:
            qs.append(Question(f"{prefix}.continued", Kind.SELECT,
                               f"Was {name} continued after the onset without the reaction getting worse?", sec,
                               f"{name}: continued without harm", options=YES_NO))  # fmt: skip
        else:
            qs += [
                Question(f"{prefix}.half_life", Kind.TEXT, f"Elimination half-life of {name}, hours", sec,
                         f"{name}: half-life", check=check_number(*S.DRUG["half_life_hours"].range)),
                Question(f"{prefix}.half_life_source", Kind.TEXT, "Source of the half-life (Enter to skip)", sec,
                         f"{name}: half-life source", optional=True),
            ]  # fmt: skip
            # Gone from the body by the onset, unless an interaction (or organ dysfunction) kept it there.
            if (
                _get(a, "liver_kidney") != "yes"
                and _half_lives_before(a, stop, _get(a, f"{prefix}.half_life")) > 5
            ):
                qs.append(Question(f"{prefix}.interaction", Kind.SELECT,
                                   f"Was an interaction suspected that could have kept {name} in the body?", sec,
                                   f"{name}: interaction", options=YES_NO))  # fmt: skip
    return qs


def _half_lives_before(a: Mapping[str, Value], stop: str, half_life: str | None) -> float:
    """How many half-lives before the SJS/TEN onset the drug was stopped (0 when not known yet)."""
    import datetime as dt

    from causality import onset

    j = _sjs_reaction(a)
    index = onset.parse(_get(a, f"reaction.{j}.onset") or "") if j is not None else None
    if not half_life or not isinstance(index, dt.date):
        return 0.0
    return (index - dt.date.fromisoformat(stop)).days * 24 / float(half_life)


# --- answers -> case data ----------------------------------------------------------------------------------


def _number(text: str | None) -> float | None:
    return float(text) if text else None


def _pair_of_numbers(text: str | None) -> tuple[float | None, float | None]:
    if not text:
        return None, None
    value, limit = (float(x) for x in text.replace(" ", "").split("/"))
    return value, limit


def reaction_data(b: Mapping[str, Value], j: int) -> dict[str, Any]:
    r = f"reaction.{j}"
    out: dict[str, Any] = {}
    if f"{r}.care" in b:
        care = _list(b, f"{r}.care")
        extra = _get(b, f"{r}.extra_days") if "longer_stay" in care else None
        out["consequences"] = {
            "treatment": "yes" if "treatment" in care else "no",
            "admission": "yes" if "admission" in care else "no",
            "extra_days": int(float(extra)) if extra else 0,
            "intensive_care": "yes" if "intensive_care" in care else "no",
            "permanent_harm": "yes" if "permanent_harm" in care else "no",
        }
    alt, alt_uln = _pair_of_numbers(_get(b, f"{r}.alt"))
    alp, alp_uln = _pair_of_numbers(_get(b, f"{r}.alp"))
    labs = {"alt": alt, "alt_uln": alt_uln, "alp": alp, "alp_uln": alp_uln,
            "liver_course": _get(b, f"{r}.liver_course"), "platelets": _number(_get(b, f"{r}.platelets"))}  # fmt: skip
    labs = {k: v for k, v in labs.items() if v is not None}
    if labs:
        out["labs"] = labs
    return out


def patient_data(b: Mapping[str, Value]) -> dict[str, Any]:
    out = {
        "alcohol_drinks_per_day": _number(_get(b, "alcohol")),
        "pregnant": _get(b, "pregnant"),
        "liver_or_kidney_dysfunction": _get(b, "liver_kidney"),
    }
    return {k: v for k, v in out.items() if v is not None}


def _given(b: Mapping[str, Value], key: str, value: str) -> Any:
    """An answer for the case file, with the reason the file gave for it while the answer is unchanged."""
    reason = _get(b, f"{key}.reason") if _get(b, f"{key}.reason_for") == value else None
    return {"answer": value, "reason": reason} if reason else value


def _keep_reason(a: dict[str, Value], key: str, value: str, reason: str | None) -> None:
    """Remember a file's reason for an answer (hidden answers, not questions); used while the answer holds."""
    if reason:
        a[f"{key}.reason"], a[f"{key}.reason_for"] = reason, value


def pair_data(b: Mapping[str, Value], i: int, j: int) -> dict[str, Any]:
    """Facts (pre_existing_exacerbated, mechanism_evidence) and the instruments' given answers of a pair."""
    p = f"pair.{i}.{j}"
    mechanism = _get(b, f"{p}.mechanism")
    note = _get(b, f"{p}.mechanism_note")
    facts = {
        "pre_existing_exacerbated": _get(b, f"{p}.exacerbated"),
        "mechanism_evidence": {"outcome": mechanism, "note": note} if mechanism and note else mechanism,
    }
    out: dict[str, Any] = {"facts": {k: v for k, v in facts.items() if v}}
    from causality.interview.plan import copy_source

    src = copy_source(b, i, j)
    s = f"pair.{src[0]}.{src[1]}" if src else p  # where the drug's shared answers live
    if _get(b, f"{s}.unassessable") == "yes":
        reason = _get(b, f"{s}.unassessable.reason") or (
            "the drug could not be stopped or was not given continuously (single dose, intermittent course)"
        )
        out["lcat"] = {"L4": {"answer": "unassessable", "reason": reason}}
    for name, items in (("rucam", ("concomitant", "reexposure")), ("george", ("c2", "c5"))):
        given = {}
        for item in items:
            key = f"{p}.{name}_{item}"
            value = _get(b, key)
            if value and (name != "george" or value in ("yes", "no")):
                given[item] = _given(b, key, value)
        if given:
            out[name] = given
    if f"{p}.preventability" in b:
        ticked = _list(b, f"{p}.preventability")
        if NOT_ASSESSED not in ticked:
            offered = {o.value for o in _preventability_options(b, p)}
            out["schumock_thornton"] = {
                q: _given(b, f"{p}.preventability.{q}", "yes" if q in ticked else "no")
                for q, _ in PREVENTABILITY
                if q in offered
            }
        else:
            reason = _get(b, f"{p}.preventability.reason") or "preventability not assessed"
            out["instruments"] = {"schumock_thornton": {"use": "skip", "reason": reason}}
    return out


def _preventability_options(b: Mapping[str, Value], p: str) -> tuple[Option, ...]:
    from causality.interview.plan import plan

    question = next((q for q in plan(b) if q.key == f"{p}.preventability"), None)
    return question.options if question else ()


def drug_alden_data(b: Mapping[str, Value], prefix: str) -> dict[str, Any]:
    alden: dict[str, Any] = {}
    notoriety, source = _get(b, f"{prefix}.notoriety"), _get(b, f"{prefix}.notoriety_source")
    if notoriety:
        alden["notoriety"] = {"answer": notoriety, "reason": source} if source else notoriety
    for key, name in (("prechallenge", "prechallenge"), ("continued", "continued_without_harm"),
                      ("interaction", "interaction")):  # fmt: skip
        if value := _get(b, f"{prefix}.{key}"):
            alden[name] = _given(b, f"{prefix}.{key}", value)
    out: dict[str, Any] = {"alden": alden} if alden else {}
    if _get(b, f"{prefix}.half_life"):
        out["half_life_hours"] = float(_get(b, f"{prefix}.half_life") or 0)
        if _get(b, f"{prefix}.half_life_source"):
            out["half_life_source"] = _get(b, f"{prefix}.half_life_source")
    if prefix.startswith("alden.c"):
        out.update({k: v for k in ("start", "stop") if (v := _get(b, f"{prefix}.{k}"))})
    return out


# --- case -> answers (for `causality assess --from FILE`) ------------------------------------------------


def _facts_data(pair: Any) -> dict[str, Any]:
    from causality.casefile import to_data
    from causality.model import Case

    return dict(to_data(Case("x", "x", assessments=[pair], shorthand=True)).get("facts", {}))


def answers_from_case(case: Case, a: dict[str, Value]) -> None:
    """Add the answers for the facts these questions fill."""
    p_ = case.patient
    if p_.alcohol_drinks_per_day is not None:
        a["alcohol"] = f"{p_.alcohol_drinks_per_day:g}"
    if p_.pregnant is not None:
        a["pregnant"] = p_.pregnant.value
    if p_.liver_or_kidney_dysfunction is not None:
        a["liver_kidney"] = p_.liver_or_kidney_dysfunction.value
    for j, x in enumerate(case.reactions):
        r, c = f"reaction.{j}", x.consequences
        # The tick-box reads an unticked line as "no": it is filled in only when the file says yes or no to
        # every line, so a file's "not recorded" is never turned into "no" without the clinician.
        recorded = (c.treatment, c.admission, c.extra_days, c.intensive_care, c.permanent_harm)
        if all(v is not None for v in recorded):
            care = [k for k in ("treatment", "admission", "intensive_care", "permanent_harm")
                    if getattr(c, k) is not None and getattr(c, k).value == "yes"]  # fmt: skip
            if c.extra_days:
                care.append("longer_stay")
                a[f"{r}.extra_days"] = str(c.extra_days)
            a[f"{r}.care"] = [o.value for o in CARE if o.value in care]
        labs = x.labs
        if labs.platelets is not None:
            a[f"{r}.platelets"] = f"{labs.platelets:g}"
        if labs.alt is not None and labs.alt_uln is not None:
            a[f"{r}.alt"] = f"{labs.alt:g}/{labs.alt_uln:g}"
        if labs.alp is not None and labs.alp_uln is not None:
            a[f"{r}.alp"] = f"{labs.alp:g}/{labs.alp_uln:g}"
        if labs.liver_course:
            a[f"{r}.liver_course"] = labs.liver_course
    drugs = [d.name.casefold() for d in case.suspect_drugs]
    terms = [x.term.casefold() for x in case.reactions]
    for pair in case.assessments:
        i, j = drugs.index(pair.drug.casefold()), terms.index(pair.reaction.casefold())
        p, f = f"pair.{i}.{j}", pair.facts
        if f.pre_existing_exacerbated.value != "unknown":
            a[f"{p}.exacerbated"] = f.pre_existing_exacerbated.value
        if f.mechanism_evidence is not None:
            a[f"{p}.mechanism"] = f.mechanism_evidence.outcome.value
            a[f"{p}.mechanism_note"] = f.mechanism_evidence.note or ""
        lcat = pair.answers.get("lcat", {})
        if "L4" in lcat:
            a[f"{p}.unassessable"] = "yes" if lcat["L4"].value == "unassessable" else "no"
            if lcat["L4"].reason:
                a[f"{p}.unassessable.reason"] = lcat["L4"].reason
        for name, items in (("rucam", ("concomitant", "reexposure")), ("george", ("c2", "c5"))):
            for item in items:
                if (given := pair.answers.get(name, {}).get(item)) is not None:
                    a[f"{p}.{name}_{item}"] = given.value
                    _keep_reason(a, f"{p}.{name}_{item}", given.value, given.reason)
        st = pair.answers.get("schumock_thornton", {})
        offered = {q for q, _ in PREVENTABILITY} - _preventability_derived(_facts_data(pair))
        if offered and all(
            q in st and st[q].value in ("yes", "no") for q in offered
        ):  # as for the tick-box above
            a[f"{p}.preventability"] = [q for q in sorted(offered) if st[q].value == "yes"]
            for q in offered:
                _keep_reason(a, f"{p}.preventability.{q}", st[q].value, st[q].reason)
        elif (skip := pair.instruments.get("schumock_thornton")) is not None and skip.use.value == "skip":
            a[f"{p}.preventability"] = [NOT_ASSESSED]
            a[f"{p}.preventability.reason"] = skip.reason or ""
    every = [(f"alden.s{i}", d) for i, d in enumerate(case.suspect_drugs)]
    every += [(concomitant_prefix(d.name), d) for d in case.concomitant_drugs]
    for prefix, d in every:
        if prefix.startswith("alden.c"):
            for key in ("start", "stop"):
                if getattr(d, key) is not None:
                    a[f"{prefix}.{key}"] = str(getattr(d, key))
        for key, given in d.alden.items():
            name = {"continued_without_harm": "continued"}.get(key, key)
            if name in ("notoriety", "prechallenge", "continued", "interaction"):
                a[f"{prefix}.{name}"] = given.value
            if name in ("prechallenge", "continued", "interaction"):
                _keep_reason(a, f"{prefix}.{name}", given.value, given.reason)
            if key == "notoriety" and given.reason:
                a[f"{prefix}.notoriety_source"] = given.reason
        if d.half_life_hours is not None:
            a[f"{prefix}.half_life"] = f"{d.half_life_hours:g}"
            a[f"{prefix}.half_life_source"] = d.half_life_source or ""
