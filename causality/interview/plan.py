"""Which questions to ask, in order, given the answers so far; and answers <-> case data.

``plan(answers)`` is pure: it lists every question that applies to the answers given so far, in the
order a clinician meets them. The engine asks the first one without an answer. Changing an answer and
planning again recomputes everything that depends on it. Facts that the instruments derive (the Naranjo
answers, the WHO-UMC inputs) are never asked; only what was observed and the judgements the spec says
cannot be inferred.

Answers are text (or lists of text for tick-boxes) keyed by the fact they fill, e.g. ``drug.0.name`` or
``pair.0.1.dechallenge``; they become a case through the same validator as case files
(``casefile.read_case``). With ``assess --from FILE`` they are laid over the file's data, which keeps
everything the interview does not ask (see ``case_data`` and the end of this module).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from causality import schema as S
from causality.interview import further_questions
from causality.interview.questions import (
    YES_NO,
    YES_NO_UNKNOWN,
    Kind,
    Option,
    Question,
    Value,
    check_date,
    check_number,
    check_onset,
)
from causality.interview.questions import (
    answer_list as _list,
)
from causality.interview.questions import (
    answer_text as _get,
)

if TYPE_CHECKING:
    from causality.model import Case

Answers = dict[str, Value]

CAUSE_STATUS = (
    Option("excluded_history", "Excluded by history", "h"),
    Option("excluded_examination", "Excluded by examination", "e"),
    Option("excluded_laboratory", "Excluded by laboratory test", "l"),
    Option("excluded_imaging", "Excluded by imaging", "i"),
    Option("present", "Present, and could explain it on its own", "p"),
    Option("possible", "Possibly present", "o"),
    Option("not_assessed", "Not assessed", "n"),
)
# Interview status -> (case-file status, method)
STATUS_FACTS = {
    "excluded_history": ("clinically_excluded", "history"),
    "excluded_examination": ("clinically_excluded", "examination"),
    "excluded_laboratory": ("tested_excluded", "laboratory"),
    "excluded_imaging": ("tested_excluded", "imaging"),
    "present": ("present_confirmed", None),
    "possible": ("present_possible", None),
    "not_assessed": ("considered_not_tested", None),
}
SPECIFIC_TESTS = (
    Option("drug_dependent_antibodies", "Drug-dependent antibodies"),
    Option("lymphocyte_transformation", "Lymphocyte transformation test"),
    Option("patch", "Patch test"),
    Option("skin", "Skin prick or intradermal test"),
    Option("provocation", "Provocation (challenge) test"),
    Option("hla", "HLA typing"),
    Option("biopsy", "Biopsy"),
)
SERIOUSNESS = (
    Option("death", "Death"),
    Option("life_threatening", "Life-threatening"),
    Option("hospitalisation", "Hospitalisation or longer stay"),
    Option("disability", "Disability or incapacity"),
    Option("congenital_anomaly", "Congenital anomaly"),
    Option("medically_important", "Other medically important event"),
)
OUTCOMES = (
    Option("recovered", "Recovered", "r"),
    Option("recovering", "Recovering", "g"),
    Option("not_recovered", "Not recovered", "n"),
    Option("recovered_with_sequelae", "Recovered with lasting effects", "s"),
    Option("fatal", "Fatal", "f"),
    Option("unknown", "Unknown", "u"),
)


def drug_count(a: Mapping[str, Value]) -> int:
    n = 1
    while _get(a, f"drug.{n - 1}.more") == "yes":
        n += 1
    return n


def reaction_count(a: Mapping[str, Value]) -> int:
    n = 1
    while _get(a, f"reaction.{n - 1}.more") == "yes":
        n += 1
    return n


def drug_name(a: Mapping[str, Value], i: int) -> str:
    return _get(a, f"drug.{i}.name") or f"drug {i + 1}"


def reaction_term(a: Mapping[str, Value], j: int) -> str:
    return _get(a, f"reaction.{j}.term") or f"reaction {j + 1}"


def concomitant(a: Mapping[str, Value]) -> list[str]:
    return [name.strip() for name in (_get(a, "concomitant") or "").split(",") if name.strip()]


def copy_source(a: Mapping[str, Value], i: int, j: int) -> tuple[int, int] | None:
    """The earlier pair of the same drug whose shared facts this pair takes over, if the clinician said so."""
    return (i, 0) if j > 0 and _get(a, f"pair.{i}.{j}.copy") == "yes" else None


def _sequence_known(a: Mapping[str, Value], i: int, j: int) -> bool:
    from causality import onset

    parsed = onset.parse(_get(a, f"reaction.{j}.onset") or "")
    if isinstance(parsed, float):
        return True
    start = _get(a, f"drug.{i}.start")
    return isinstance(parsed, dt.date) and bool(start) and dt.date.fromisoformat(start or "") != parsed


def _sequence_before(a: Mapping[str, Value], i: int, j: int) -> bool:
    from causality import onset

    parsed = onset.parse(_get(a, f"reaction.{j}.onset") or "")
    start = _get(a, f"drug.{i}.start")
    if isinstance(parsed, dt.date) and start:
        return parsed < dt.date.fromisoformat(start)
    return _get(a, f"pair.{i}.{j}.sequence") == "before_drug"


# --- the questions --------------------------------------------------------------------------------


def case_questions(a: Mapping[str, Value]) -> list[Question]:
    today = dt.date.today().strftime("%Y%m%d")  # noqa: DTZ011 - a local date for a suggested identifier
    section = "Case"
    qs = [
        Question(
            "case_id",
            Kind.TEXT,
            "Case identifier",
            section,
            "case identifier",
            default=f"CASE-{today}-1",
            instruction="(no patient names: use your local case number)",
        ),
        Question(
            "assessor.name",
            Kind.TEXT,
            "Your name, as the assessor (Enter to skip)",
            section,
            "assessor",
            optional=True,
        ),
        Question(
            "assessor.role", Kind.TEXT, "Your role (Enter to skip)", section, "assessor's role", optional=True
        ),
        Question(
            "age",
            Kind.TEXT,
            "Patient's age in years (Enter to skip)",
            section,
            "age",
            optional=True,
            check=check_number(*S.PATIENT["age"].range),
        ),
        Question(
            "sex",
            Kind.SELECT,
            "Patient's sex",
            section,
            "sex",
            options=(
                Option("female", "Female", "f"),
                Option("male", "Male", "m"),
                Option("other", "Other", "o"),
                Option("unknown", "Not recorded", "u"),
            ),
        ),
    ]
    for i in range(drug_count(a)):
        name = drug_name(a, i)
        sec = f"Suspect drug {i + 1}"
        qs += [
            Question(f"drug.{i}.name", Kind.TEXT, f"Suspect drug {i + 1}: name", sec, "name"),
            Question(
                f"drug.{i}.dose", Kind.TEXT, f"Dose of {name} (Enter to skip)", sec, "dose", optional=True
            ),
            Question(
                f"drug.{i}.route", Kind.TEXT, f"Route of {name} (Enter to skip)", sec, "route", optional=True
            ),
            Question(
                f"drug.{i}.start",
                Kind.TEXT,
                f"First dose of {name}, YYYY-MM-DD (Enter if not known)",
                sec,
                "first dose",
                optional=True,
                check=check_date,
            ),
            Question(
                f"drug.{i}.stop",
                Kind.TEXT,
                f"Last dose of {name}, YYYY-MM-DD (Enter if ongoing or not known)",
                sec,
                "last dose",
                optional=True,
                check=check_date,
            ),
            Question(
                f"drug.{i}.more",
                Kind.SELECT,
                "Another suspect drug?",
                sec,
                "another suspect drug",
                options=YES_NO,
                default="no",
            ),
        ]
    qs.append(
        Question(
            "concomitant",
            Kind.TEXT,
            "Other drugs taken at the time, comma-separated (Enter for none)",
            "Concomitant drugs",
            "concomitant drugs",
            optional=True,
        )
    )
    for j in range(reaction_count(a)):
        term = reaction_term(a, j)
        sec = f"Reaction {j + 1}"
        qs += [
            Question(
                f"reaction.{j}.term", Kind.TEXT, f"Reaction {j + 1} (e.g. petechiae, epistaxis)", sec, "term"
            ),
            Question(
                f"reaction.{j}.onset",
                Kind.TEXT,
                f"Onset of {term}",
                sec,
                "onset",
                optional=True,
                check=check_onset,
                instruction="(YYYY-MM-DD or e.g. '1 day after dose'; Enter if unknown)",
            ),
            Question(
                f"reaction.{j}.seriousness",
                Kind.CHECKBOX,
                f"Was {term} serious?",
                sec,
                "seriousness",
                options=SERIOUSNESS,
                default=[],
                instruction="(Space ticks; none = not serious)",
            ),
            Question(
                f"reaction.{j}.outcome", Kind.SELECT, f"Outcome of {term}", sec, "outcome", options=OUTCOMES
            ),
            *further_questions.reaction_questions(a, j, term, sec, first_liver=j == _first_liver(a)),
            Question(
                f"reaction.{j}.more",
                Kind.SELECT,
                "Another reaction?",
                sec,
                "another reaction",
                options=YES_NO,
                default="no",
            ),
        ]
    return qs


def _first_liver(a: Mapping[str, Value]) -> int | None:
    return next(
        (j for j in range(reaction_count(a)) if further_questions.is_liver(reaction_term(a, j))), None
    )


def _lists_complete(a: Mapping[str, Value]) -> bool:
    return (
        _get(a, f"drug.{drug_count(a) - 1}.more") == "no"
        and _get(a, f"reaction.{reaction_count(a) - 1}.more") == "no"
    )


def pairs(a: Mapping[str, Value]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(drug_count(a)) for j in range(reaction_count(a))]


def pair_label(a: Mapping[str, Value], i: int, j: int) -> str:
    return f"{drug_name(a, i)} x {reaction_term(a, j)}"


def _shared_questions(a: Mapping[str, Value], i: int, j: int, sec: str) -> list[Question]:
    """The facts about this drug and this reaction that a later pair of the same drug may take over."""
    p = f"pair.{i}.{j}"
    drug, term = drug_name(a, i), reaction_term(a, j)
    qs: list[Question] = []
    if not _sequence_known(a, i, j):
        qs.append(
            Question(
                f"{p}.sequence",
                Kind.SELECT,
                f"Did {term} begin after the first dose of {drug}?",
                sec,
                "began after the drug",
                options=(
                    Option("after_drug", "Yes, after", "y"),
                    Option("before_drug", "No, before it", "n"),
                    Option("unknown", "Don't know", "u"),
                ),
            )
        )
    if not _sequence_before(a, i, j):
        qs.append(
            Question(
                f"{p}.timing",
                Kind.SELECT,
                f"How well does the timing fit a reaction to {drug}?",
                sec,
                "time relationship",
                options=(
                    Option("plausible", "Typical for this drug (plausible)", "p"),
                    Option("reasonable", "Compatible (reasonable)", "r"),
                    Option("improbable", "Unusual, though not impossible (improbable)", "i"),
                    Option("impossible", "Impossible", "x"),
                    Option("unknown", "Cannot judge: dates missing", "u"),
                ),
            )
        )
        if _get(a, f"{p}.timing") == "unknown":
            qs.append(
                Question(
                    f"{p}.timing_obtainable",
                    Kind.SELECT,
                    "Can the missing dates still be obtained?",
                    sec,
                    "dates obtainable",
                    options=YES_NO,
                )
            )
    qs.append(
        Question(
            f"{p}.definitive",
            Kind.SELECT,
            f"Is {term} itself specific for a drug effect (e.g. toxic level with typical features, "
            "drug-dependent antibodies, fixed drug eruption)?",
            sec,
            "event definitive",
            options=YES_NO_UNKNOWN,
        )
    )
    qs.append(
        Question(
            f"{p}.dechallenge",
            Kind.SELECT,
            f"When {drug} was stopped or reduced, {term}...",
            sec,
            "dechallenge",
            options=(
                Option("improved", "improved", "i"),
                Option("not_improved", "did not improve", "n"),
                Option(
                    "improved_after_last_dose", "improved after a single dose or a course already ended", "e"
                ),
                Option(
                    "not_improved_after_last_dose",
                    "did not improve after a single dose or an ended course",
                    "o",
                ),
                Option("resolved_while_continued", f"resolved although {drug} was continued", "c"),
                Option("not_done", f"{drug} was not stopped or reduced", "s"),
                Option("not_applicable", "cannot improve (death, permanent damage)", "x"),
                Option("unknown", "don't know", "u"),
            ),
        )
    )
    # Asked only while Certain is still within reach; a judgement already on record stays while its premise holds.
    certain_possible = _get(a, f"{p}.timing") == "plausible" and _get(a, f"{p}.definitive") == "yes"
    if _get(a, f"{p}.dechallenge") == "improved" and (certain_possible or f"{p}.response" in a):
        qs.append(
            Question(
                f"{p}.response",
                Kind.SELECT,
                "Was the improvement what the drug's pharmacology or the disease process predicts?",
                sec,
                "response to withdrawal",
                options=(
                    Option("plausible", "Yes, pharmacologically plausible", "y"),
                    Option("clinically_reasonable", "Clinically reasonable only", "c"),
                ),
            )
        )
    qs.append(
        Question(
            f"{p}.rechallenge",
            Kind.SELECT,
            f"Was {drug} given again?",
            sec,
            "rechallenge",
            options=(
                Option("recurred", f"Yes, and {term} came back", "r"),
                Option("did_not_recur", f"Yes, and {term} did not come back", "d"),
                Option("not_done", "No", "n"),
            ),
        )
    )
    if _get(a, f"{p}.rechallenge") in ("recurred", "did_not_recur"):
        qs.append(
            Question(
                f"{p}.rechallenge_given",
                Kind.SELECT,
                "What was given again?",
                sec,
                "given again",
                options=(
                    Option("same_drug", f"{drug} alone", "a"),
                    Option("same_class", f"A drug of the same class, not {drug}", "c"),
                    Option("with_other_suspects", f"{drug} together with another suspect drug", "t"),
                ),
                default="same_drug",
            )
        )
    if _get(a, f"{p}.rechallenge") == "not_done" and (certain_possible or f"{p}.rechallenge_needed" in a):
        qs.append(
            Question(
                f"{p}.rechallenge_needed",
                Kind.SELECT,
                "Would a rechallenge be needed to establish the diagnosis?",
                sec,
                "rechallenge needed",
                options=YES_NO,
            )
        )
    qs.append(
        Question(
            f"{p}.literature",
            Kind.SELECT,
            f"Is {term} a known reaction to {drug}?",
            sec,
            "known reaction",
            options=(
                Option("labelled", "Yes, in the product information", "l"),
                Option("published", "Yes, in published reports", "p"),
                Option("not_found", "Searched, nothing conclusive", "n"),
                Option("not_searched", "Not searched", "s"),
            ),
        )
    )
    if _get(a, f"{p}.literature") in {"labelled", "published"}:
        qs.append(
            Question(
                f"{p}.literature_note",
                Kind.TEXT,
                "Reference (Enter to skip)",
                sec,
                "reference",
                optional=True,
            )
        )
    qs.append(
        Question(
            f"{p}.evidence",
            Kind.CHECKBOX,
            "Tick any of these that happened",
            sec,
            "placebo / level / dose change",
            default=[],
            options=(
                Option("placebo", "A placebo was given"),
                Option("level", "The drug level was measured"),
                Option("dose", f"The dose of {drug} was changed"),
                Option("tests", "A specific test: antibodies, patch, skin, provocation, HLA, biopsy..."),
            ),
            instruction="(Space ticks, Enter goes on; usually none)",
        )
    )
    ticked = _list(a, f"{p}.evidence")
    if "placebo" in ticked:
        qs.append(
            Question(
                f"{p}.placebo",
                Kind.SELECT,
                f"With the placebo, did {term} reappear?",
                sec,
                "placebo",
                options=(Option("reappeared", "Yes", "y"), Option("did_not_reappear", "No", "n")),
            )
        )
    if "level" in ticked:
        qs.append(
            Question(
                f"{p}.level",
                Kind.SELECT,
                "Was the level in the toxic range?",
                sec,
                "drug level",
                options=(Option("toxic", "Yes, toxic", "y"), Option("not_toxic", "No", "n")),
            )
        )
        qs.append(
            Question(
                f"{p}.level_note",
                Kind.TEXT,
                "Level and units (Enter to skip)",
                sec,
                "level value",
                optional=True,
            )
        )
    if "tests" in ticked:
        qs += _test_questions(a, p, sec)
    if "dose" in ticked:
        qs.append(
            Question(
                f"{p}.dose",
                Kind.SELECT,
                f"Did {term} follow the dose (worse when raised, milder when lowered)?",
                sec,
                "dose-response",
                options=(
                    Option("observed", "Yes, both ways", "y"),
                    Option("appeared_after_increase", "It appeared or got worse after a dose increase", "i"),
                    Option(
                        "lessened_after_reduction",
                        f"It lessened after a dose reduction ({drug} not stopped)",
                        "r",
                    ),
                    Option("not_observed", "No", "n"),
                ),
            )
        )
    qs.append(
        Question(
            f"{p}.previous",
            Kind.SELECT,
            "Earlier exposure to this or a similar drug?",
            sec,
            "previous exposure",
            options=(
                Option("same_drug", "Similar reaction to the same drug", "s"),
                Option("similar_drug", "Similar reaction to a similar drug", "r"),
                Option("exposed_without_reaction", "Exposed before, no reaction", "n"),
                Option("no_previous_exposure", "No earlier exposure", "x"),
                Option("unknown", "Don't know", "u"),
            ),
        )
    )
    qs.append(
        Question(
            f"{p}.information",
            Kind.SELECT,
            "Is anything still awaited that could change this assessment?",
            sec,
            "information",
            options=(
                Option("adequate", "No, the information is complete enough", "n"),
                Option("pending", "Yes, results or records are awaited", "y"),
                Option(
                    "insufficient_or_contradictory_final",
                    "Information is insufficient or contradictory and cannot be completed",
                    "x",
                ),
            ),
        )
    )
    return qs


def cause_options(a: Mapping[str, Value], i: int, j: int) -> tuple[str | None, tuple[Option, ...]]:
    """The checklist for this reaction, with the case's other drugs ticked in advance."""
    from causality.catalogue import checklist_for

    checklist = checklist_for(reaction_term(a, j))
    others = [drug_name(a, k) for k in range(drug_count(a)) if k != i] + concomitant(a)
    options = tuple(
        Option(c.id, c.label, description=f"Usually excluded by: {c.tests}") for c in checklist.causes
    ) + tuple(Option(f"drug:{name}", f"Another drug: {name}", checked=True) for name in others)
    return checklist.note, options


def cause_label(a: Mapping[str, Value], i: int, j: int, cause_id: str) -> str:
    if cause_id.startswith("drug:"):
        return f"{cause_id[5:]} (another drug)"
    if cause_id.startswith("own:"):
        return _get(a, f"pair.{i}.{j}.{cause_id}") or cause_id
    from causality.catalogue import checklist_for

    for cause in checklist_for(reaction_term(a, j)).causes:
        if cause.id == cause_id:
            return cause.label
    return cause_id


def own_causes(a: Mapping[str, Value], i: int, j: int) -> list[str]:
    """The clinician's own causes, as keys ``own:0``, ``own:1``... (the last one may still be empty)."""
    keys, n = [], 0
    while _get(a, f"pair.{i}.{j}.own:{n}"):
        keys.append(f"own:{n}")
        n += 1
    return keys


def _checklist_questions(a: Mapping[str, Value], i: int, j: int, sec: str) -> list[Question]:
    p = f"pair.{i}.{j}"
    term = reaction_term(a, j)
    note, options = cause_options(a, i, j)
    qs = [
        Question(
            f"{p}.causes",
            Kind.CHECKBOX,
            f"Which alternative causes of {term} are relevant in this patient?",
            sec,
            "relevant alternative causes",
            options=options,
            default=[o.value for o in options if o.checked],
            instruction=(f"({note} " if note else "(") + "Space ticks, Enter goes on)",
        ),
    ]
    chosen = [*_list(a, f"{p}.causes"), *own_causes(a, i, j)]
    for cause_id in chosen:
        label = cause_label(a, i, j, cause_id)
        qs.append(
            Question(f"{p}.cause.{cause_id}", Kind.SELECT, f"{label}:", sec, label, options=CAUSE_STATUS)
        )
        if _get(a, f"{p}.cause.{cause_id}") not in {None, "not_assessed"}:
            qs.append(
                Question(
                    f"{p}.cause.{cause_id}.finding",
                    Kind.TEXT,
                    "Finding (Enter to skip)",
                    sec,
                    f"{label}: finding",
                    optional=True,
                )
            )
    # One question per cause already named, and one more for the next (Enter ends the list).
    qs += [
        Question(
            f"{p}.own:{n}",
            Kind.TEXT,
            "Any other cause you considered? Name it (Enter for none)",
            sec,
            "another cause",
            optional=True,
        )
        for n in range(len(own_causes(a, i, j)) + 1)
    ]
    if any(_get(a, f"{p}.cause.{c}") == "not_assessed" for c in chosen):
        qs.append(
            Question(
                f"{p}.untested_improbable",
                Kind.SELECT,
                "Are the causes you did not assess improbable in this patient?",
                sec,
                "unassessed causes improbable",
                options=YES_NO,
            )
        )
    return qs


def pair_questions(a: Mapping[str, Value], i: int, j: int) -> list[Question]:
    p = f"pair.{i}.{j}"
    sec = pair_label(a, i, j)
    qs: list[Question] = []
    if j > 0:
        first = pair_label(a, i, 0)
        qs.append(
            Question(
                f"{p}.copy",
                Kind.SELECT,
                f"Same timing, dechallenge, rechallenge, literature and history as for {reaction_term(a, 0)}?",
                sec,
                f"same facts as {first}",
                options=YES_NO,
                default="yes",
            )
        )
    if copy_source(a, i, j) is None:
        qs += _shared_questions(a, i, j, sec)
    term = reaction_term(a, j)
    qs.append(
        Question(
            f"{p}.objective",
            Kind.SELECT,
            f"Was {term} confirmed objectively (examination, photograph, laboratory, ECG, imaging, biopsy)?",
            sec,
            "objective evidence",
            options=YES_NO_UNKNOWN,
        )
    )
    if _get(a, f"{p}.objective") == "yes":
        qs.append(
            Question(
                f"{p}.objective_note",
                Kind.TEXT,
                "What evidence? (Enter to skip)",
                sec,
                "evidence",
                optional=True,
            )
        )
    qs += _checklist_questions(a, i, j, sec)
    qs += further_questions.pair_questions(a, i, j, sec, _facts(a, i, j))
    return qs


def plan(a: Mapping[str, Value]) -> list[Question]:
    qs = case_questions(a)
    if _lists_complete(a):
        for i, j in pairs(a):
            qs += pair_questions(a, i, j)
        if any(further_questions.presentation(reaction_term(a, j))[1] for j in range(reaction_count(a))):
            qs += further_questions.alden_questions(a)
    return qs


def next_question(a: Mapping[str, Value]) -> Question | None:
    return next((q for q in plan(a) if q.key not in a), None)


# --- answers -> case data (read by casefile.read_case, like any case file) ------------------------------


def _observed(outcome: str | None, note: str | None) -> Any:
    if outcome is None:
        return None
    return {"outcome": outcome, "note": note} if note else outcome


def _test_questions(a: Mapping[str, Value], p: str, sec: str) -> list[Question]:
    """Which specific tests were done, and what each showed."""
    qs = [
        Question(f"{p}.tests", Kind.CHECKBOX, "Which tests?", sec, "specific tests", options=SPECIFIC_TESTS,
                 default=[], instruction="(Space ticks, Enter goes on)"),
    ]  # fmt: skip
    labels = {o.value: o.title for o in SPECIFIC_TESTS}
    for kind in _list(a, f"{p}.tests"):
        qs.append(Question(f"{p}.test.{kind}", Kind.SELECT, f"{labels.get(kind, kind)}: the result?", sec,
                           f"{labels.get(kind, kind)}", options=(Option("positive", "Positive", "p"),
                                                                 Option("negative", "Negative", "n"))))  # fmt: skip
        qs.append(Question(f"{p}.test.{kind}.note", Kind.TEXT, "The value, allele or finding (Enter to skip)", sec,
                           f"{labels.get(kind, kind)}: finding", optional=True))  # fmt: skip
    return qs


def _tests(a: Mapping[str, Value], s: str) -> list[dict[str, Any]]:
    out = []
    for kind in _list(a, f"{s}.tests"):
        result = _get(a, f"{s}.test.{kind}")
        if result:
            test = {"kind": kind, "result": result, "note": _get(a, f"{s}.test.{kind}.note")}
            out.append({k: v for k, v in test.items() if v})
    return out


def _facts(a: Mapping[str, Value], i: int, j: int) -> dict[str, Any]:
    p = f"pair.{i}.{j}"
    src = copy_source(a, i, j)
    s = f"pair.{src[0]}.{src[1]}" if src else p  # where the shared facts live

    def shared(name: str) -> str | None:
        return _get(a, f"{s}.{name}")

    ticked = _list(a, f"{s}.evidence")
    facts: dict[str, Any] = {
        "literature": _observed(shared("literature"), shared("literature_note")),
        "timing": {
            k: v for k, v in (("sequence", shared("sequence")), ("plausibility", shared("timing"))) if v
        },
        "dechallenge": {
            k: v for k, v in (("outcome", shared("dechallenge")), ("response", shared("response"))) if v
        },
        "rechallenge": {
            k: v
            for k, v in (
                ("outcome", shared("rechallenge")),
                ("needed", shared("rechallenge_needed")),
                ("given", shared("rechallenge_given")),
            )
            if v
        },
        "specific_tests": _tests(a, s) if "tests" in ticked else [],
        "placebo": shared("placebo") if "placebo" in ticked else "not_given",
        "drug_level": _observed(shared("level"), shared("level_note"))
        if "level" in ticked
        else "not_measured",
        "dose_response": shared("dose") if "dose" in ticked else "no_dose_change",
        "previous_reaction": shared("previous"),
        "objective_evidence": _observed(_get(a, f"{p}.objective"), _get(a, f"{p}.objective_note")),
        "event_definitive": shared("definitive"),
        "information": shared("information"),
        "timing_obtainable": shared("timing_obtainable"),
        "untested_causes_improbable": _get(a, f"{p}.untested_improbable"),
    }
    causes = []
    for cause_id in [*_list(a, f"{p}.causes"), *own_causes(a, i, j)]:
        answer = _get(a, f"{p}.cause.{cause_id}")
        if answer is None:
            continue
        status, method = STATUS_FACTS[answer]
        cause = {
            "cause": cause_label(a, i, j, cause_id),
            "status": status,
            "method": method,
            "finding": _get(a, f"{p}.cause.{cause_id}.finding"),
        }
        causes.append({k: v for k, v in cause.items() if v})
    facts["alternative_causes"] = causes
    return {k: v for k, v in facts.items() if v not in (None, {}, [])}


def case_data(
    a: Mapping[str, Value], base: Mapping[str, Any] | None = None, asked: set[str] | None = None
) -> dict[str, Any]:
    """The case file the interview has made: ``base`` (the case data it started from, if any) with what the
    answers of the current plan say laid over it (stale answers are ignored)."""
    said = _answers_data(a, asked)
    if base is None:
        return said
    origin = _origin(base)
    return copy.deepcopy(_lay_over(dict(base), _UNKNOWN if origin is None else origin, said))


def _answers_data(a: Mapping[str, Value], asked: set[str] | None = None) -> dict[str, Any]:
    """The full case-file shape built from the answers alone."""
    live = {q.key for q in plan(a)} if asked is None else asked
    b: Answers = {
        k: v
        for k, v in a.items()
        if k in live
        or any(m in k for m in (".naranjo.", ".who_umc.", ".who_override", ".instrument."))
        or k.endswith((".reason", ".reason_for"))  # a file's reasons, used while their answer holds
    }

    def drug(i: int) -> dict[str, Any]:
        fields = {
            "name": _get(b, f"drug.{i}.name"),
            "dose": _get(b, f"drug.{i}.dose"),
            "route": _get(b, f"drug.{i}.route"),
            "start": _get(b, f"drug.{i}.start"),
            "stop": _get(b, f"drug.{i}.stop"),
        }
        fields = {k: v for k, v in fields.items() if v}
        return {**fields, **further_questions.drug_alden_data(b, f"alden.s{i}")}

    def reaction(j: int) -> dict[str, Any]:
        fields = {
            "term": _get(b, f"reaction.{j}.term"),
            "onset": _get(b, f"reaction.{j}.onset"),
            "seriousness": _list(b, f"reaction.{j}.seriousness"),
            "outcome": _get(b, f"reaction.{j}.outcome"),
        }
        return {**{k: v for k, v in fields.items() if v}, **further_questions.reaction_data(b, j)}

    def concomitant_drug(name: str) -> dict[str, Any] | str:
        more = further_questions.drug_alden_data(b, further_questions.concomitant_prefix(name))
        return {"name": name, **more} if more else name

    patient = {k: v for k, v in (("age", _get(b, "age")), ("sex", _get(b, "sex"))) if v}
    patient.update(further_questions.patient_data(b))
    data: dict[str, Any] = {
        "case_id": _get(b, "case_id"),
        "patient": patient or None,
        "suspect_drugs": [drug(i) for i in range(drug_count(b))],
        "concomitant_drugs": [concomitant_drug(name) for name in concomitant(b)] or None,
        "reactions": [reaction(j) for j in range(reaction_count(b))],
        "assessments": [],
    }
    if _lists_complete(b):
        for i, j in pairs(b):
            more = further_questions.pair_data(b, i, j)
            pair: dict[str, Any] = {
                "drug": drug_name(b, i),
                "reaction": reaction_term(b, j),
                "facts": {**_facts(b, i, j), **more.pop("facts")},
                **more,
            }
            p = f"pair.{i}.{j}"
            if overrides := _stated(b, f"{p}.naranjo.", "answer"):
                pair["naranjo"] = overrides
            if given_who := _stated(b, f"{p}.who_umc.", "answer"):
                pair["who_umc"] = given_who
            if chosen := _stated(b, f"{p}.instrument.", "use"):
                pair["instruments"] = {**pair.get("instruments", {}), **chosen}
            if _get(b, f"{p}.who_override"):
                pair["who_umc_override"] = {
                    "category": _get(b, f"{p}.who_override"),
                    "reason": _get(b, f"{p}.who_override.reason"),
                }
            data["assessments"].append(pair)
    assessor = {
        k: v for k, v in (("name", _get(b, "assessor.name")), ("role", _get(b, "assessor.role"))) if v
    }
    if assessor:
        data["assessor"] = assessor
    return {k: v for k, v in data.items() if v is not None}


def _stated(b: Mapping[str, Value], prefix: str, word: str) -> dict[str, dict[str, Any]]:
    """Answers the assessor stated in the review under ``prefix`` (``<prefix><name>``), each with its reason."""
    return {
        key.rsplit(".", 1)[1]: {word: value, "reason": _get(b, f"{key}.reason")}
        for key, value in b.items()
        if key.startswith(prefix) and not key.endswith(".reason")
    }


# --- case -> answers (for `causality assess --from FILE`) ----------------------------------------------

_STATUS_BACK = {
    ("clinically_excluded", "examination"): "excluded_examination",
    ("clinically_excluded", None): "excluded_history",
    ("tested_excluded", "imaging"): "excluded_imaging",
    ("tested_excluded", None): "excluded_laboratory",
    ("present_confirmed", None): "present",
    ("present_possible", None): "possible",
    ("considered_not_tested", None): "not_assessed",
    ("not_considered", None): "not_assessed",
}


def answers_from_case(case: Case) -> Answers:
    """The answers that reproduce ``case`` (a validated ``causality.model.Case``)."""
    from causality.catalogue import checklist_for
    from causality.onset import describe_hours

    a: Answers = {"case_id": case.case_id}
    assessor = case.assessor
    a["assessor.name"] = (assessor.name if assessor else None) or ""
    a["assessor.role"] = (assessor.role if assessor else None) or ""
    if case.patient.age is not None:
        a["age"] = f"{case.patient.age:g}"
    a["sex"] = case.patient.sex.value if case.patient.sex else "unknown"
    for i, d in enumerate(case.suspect_drugs):
        a[f"drug.{i}.name"] = d.name
        for key, value in (("dose", d.dose), ("route", d.route), ("start", d.start), ("stop", d.stop)):
            a[f"drug.{i}.{key}"] = "" if value is None else str(value)
        a[f"drug.{i}.more"] = "yes" if i < len(case.suspect_drugs) - 1 else "no"
    a["concomitant"] = ", ".join(d.name for d in case.concomitant_drugs)
    for j, x in enumerate(case.reactions):
        a[f"reaction.{j}.term"] = x.term
        onset = x.onset.isoformat() if x.onset else None
        if x.onset_after_dose_hours is not None:
            onset = f"{describe_hours(x.onset_after_dose_hours)} after dose"
        a[f"reaction.{j}.onset"] = onset or ""
        a[f"reaction.{j}.seriousness"] = [s.value for s in x.seriousness]
        if x.outcome:
            a[f"reaction.{j}.outcome"] = x.outcome.value
        a[f"reaction.{j}.more"] = "yes" if j < len(case.reactions) - 1 else "no"
    drugs = [d.name.casefold() for d in case.suspect_drugs]
    terms = [x.term.casefold() for x in case.reactions]
    for pair in case.assessments:
        i, j = drugs.index(pair.drug.casefold()), terms.index(pair.reaction.casefold())
        p, f = f"pair.{i}.{j}", pair.facts
        if j > 0:
            a[f"{p}.copy"] = "no"  # a file holds each pair's facts in full
        if f.timing and f.timing.sequence:
            a[f"{p}.sequence"] = f.timing.sequence.value
        if f.timing and f.timing.plausibility.value != "unknown":
            a[f"{p}.timing"] = f.timing.plausibility.value
        if f.timing_obtainable.value != "unknown":
            a[f"{p}.timing_obtainable"] = f.timing_obtainable.value
        a[f"{p}.definitive"] = f.event_definitive.value
        if f.dechallenge:
            a[f"{p}.dechallenge"] = f.dechallenge.outcome.value
            if f.dechallenge.response.value != "unknown":
                a[f"{p}.response"] = f.dechallenge.response.value
        if f.rechallenge:
            a[f"{p}.rechallenge"] = f.rechallenge.outcome.value
            if f.rechallenge.needed.value != "unknown":
                a[f"{p}.rechallenge_needed"] = f.rechallenge.needed.value
            if f.rechallenge.outcome.value != "not_done":
                a[f"{p}.rechallenge_given"] = f.rechallenge.given.value
        if f.literature:
            a[f"{p}.literature"] = f.literature.outcome.value
            a[f"{p}.literature_note"] = f.literature.note or ""
        ticked = []
        if f.placebo and f.placebo.outcome.value != "not_given":
            ticked.append("placebo")
            a[f"{p}.placebo"] = f.placebo.outcome.value
        if f.drug_level and f.drug_level.outcome.value != "not_measured":
            ticked.append("level")
            a[f"{p}.level"] = f.drug_level.outcome.value
            a[f"{p}.level_note"] = f.drug_level.note or ""
        if f.dose_response and f.dose_response.outcome.value != "no_dose_change":
            ticked.append("dose")
            a[f"{p}.dose"] = f.dose_response.outcome.value
        if f.specific_tests:
            ticked.append("tests")
            a[f"{p}.tests"] = list(dict.fromkeys(t.kind.value for t in f.specific_tests))
            for t in f.specific_tests:
                a[f"{p}.test.{t.kind.value}"] = t.result.value
                a[f"{p}.test.{t.kind.value}.note"] = t.note or ""
        a[f"{p}.evidence"] = ticked
        if f.previous_reaction:
            a[f"{p}.previous"] = f.previous_reaction.outcome.value
        if f.information:
            a[f"{p}.information"] = f.information.value
        if f.objective_evidence:
            a[f"{p}.objective"] = f.objective_evidence.outcome.value
            a[f"{p}.objective_note"] = f.objective_evidence.note or ""
        by_label = {c.label.casefold(): c.id for c in checklist_for(pair.reaction).causes}
        chosen, own = [], 0
        for cause in f.alternative_causes:
            name = cause.cause
            if name.casefold() in by_label:
                cid = by_label[name.casefold()]
                chosen.append(cid)
            elif name.endswith(" (another drug)"):
                cid = f"drug:{name.removesuffix(' (another drug)')}"
                chosen.append(cid)
            else:
                cid = f"own:{own}"
                a[f"{p}.{cid}"] = name
                own += 1
            method = (
                cause.method.value
                if cause.method and cause.method.value in {"examination", "imaging"}
                else None
            )
            a[f"{p}.cause.{cid}"] = _STATUS_BACK[(cause.status.value, method)]
            a[f"{p}.cause.{cid}.finding"] = cause.finding or ""
        a[f"{p}.causes"] = chosen
        a[f"{p}.own:{own}"] = ""
        if f.untested_causes_improbable.value != "unknown":
            a[f"{p}.untested_improbable"] = f.untested_causes_improbable.value
        for item, given in pair.naranjo.items():
            a[f"{p}.naranjo.{item}"] = given.value.value
            a[f"{p}.naranjo.{item}.reason"] = given.reason or "given in the case file"
        for name, given_input in pair.who_umc.items():
            a[f"{p}.who_umc.{name}"] = given_input.value.value
            a[f"{p}.who_umc.{name}.reason"] = given_input.reason or "given in the case file"
        for name, choice in pair.instruments.items():
            if (
                name != "schumock_thornton" or choice.use.value != "skip"
            ):  # that one is the preventability box
                a[f"{p}.instrument.{name}"] = choice.use.value
                a[f"{p}.instrument.{name}.reason"] = choice.reason or "given in the case file"
        if pair.who_umc_override:
            a[f"{p}.who_override"] = pair.who_umc_override.category.value
            a[f"{p}.who_override.reason"] = pair.who_umc_override.reason
    further_questions.answers_from_case(case, a)
    return a


# --- the case file under the answers (`assess --from FILE`) ---------------------------------------------
#
# The interview asks only part of what a case file can hold. Rather than list what it does not ask (a list
# that a field newly added to the schema would silently miss), the draft keeps the file's data as it was
# read: the base layer. What the answers say is laid over it by comparing it with what the same answers
# said when the interview started from the file: a field they now say differently is the clinician's
# change (a value, or a value cleared); every other field, asked or not, stays exactly as the file had it.


def base_layer(case: Case) -> dict[str, Any]:
    """A case's data as the base layer of an interview started from it: the full shape (a shorthand file
    is saved in the full shape, as the interview saves every case), in plain JSON as drafts keep it."""
    import dataclasses

    from causality.casefile import to_data

    data = to_data(dataclasses.replace(case, shorthand=False))
    return dict(json.loads(json.dumps(data, default=str)))


def _origin(base: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the answers said when the interview started from ``base`` (None if it is not a whole case)."""
    said = _origin_from_text(json.dumps(base, sort_keys=True, default=str))
    return copy.deepcopy(said) if said is not None else None


@functools.lru_cache(maxsize=4)  # worked out again for every score shown while the interview runs
def _origin_from_text(text: str) -> dict[str, Any] | None:
    from causality.casefile import read_case

    case, problems = read_case("draft", json.loads(text))
    return None if case is None or problems else _answers_data(answers_from_case(case))


class _Nothing:
    """No value at this place (unlike None, which a field may hold)."""


_NOTHING = _Nothing()
_UNKNOWN = _Nothing()  # what the answers said at the start, when the base is not a whole case (old drafts)

# The lists whose items the interview rebuilds from its answers, and the fields that name an item in each:
# an item keeps what the file held of it wherever it moves in the list, and goes when it is taken out.
_ITEM_NAMES: dict[str, tuple[str, ...]] = {
    "suspect_drugs": ("name",),
    "concomitant_drugs": ("name",),
    "reactions": ("term",),
    "assessments": ("drug", "reaction"),
    "alternative_causes": ("cause",),
}


def _lay_over(held: Any, was: Any, now: Any, name: str = "") -> Any:
    """``held`` (the file's value of field ``name``) with what the answers changed from ``was`` to ``now``;
    ``_NOTHING`` where the field is to be left out. ``was`` is ``_UNKNOWN`` when not known: everything
    ``now`` says then wins, and nothing the file held is taken out."""
    if was is not _UNKNOWN and was == now:
        return held
    if isinstance(now, _Nothing):
        return _NOTHING
    if name in _ITEM_NAMES and isinstance(held, list) and isinstance(now, list):
        return _lay_over_items(held, was, now, _ITEM_NAMES[name])
    if not isinstance(held, dict):
        return now
    # A fact given alone or with its note (or reason) is one fact: "labelled" is {"outcome": "labelled"}.
    word = next((k for k in ("outcome", "answer") if k in held), None)
    alone = word is not None and isinstance(now, str)
    if word is not None:
        was, now = ({word: v} if isinstance(v, str) else v for v in (was, now))
    if not isinstance(now, dict):
        return now
    old = was if isinstance(was, dict) else {}
    out = dict(held)
    for key in [*old, *(k for k in now if k not in old)]:
        value = _lay_over(
            held.get(key, _NOTHING),
            old.get(key, _NOTHING) if was is not _UNKNOWN else _UNKNOWN,
            now.get(key, _NOTHING),
            key,
        )
        if isinstance(value, _Nothing):
            out.pop(key, None)
        else:
            out[key] = value
    return out[word] if alone and list(out) == [word] else out


def _lay_over_items(held: list[Any], was: Any, now: list[Any], fields: tuple[str, ...]) -> list[Any]:
    def named(items: Sequence[Any]) -> dict[tuple[str, ...], Any]:
        out: dict[tuple[str, ...], Any] = {}
        for item in items:
            as_map = {fields[0]: item} if isinstance(item, str) else item  # a concomitant drug by name alone
            key = tuple(str(as_map.get(f, "")).casefold() for f in fields)
            while key in out:  # the same name twice: matched in turn
                key = (*key, "again")
            out[key] = as_map
        return out

    held_by, now_by = named(held), named(now)
    was_by = named(was) if isinstance(was, list) else {}
    items = [
        _lay_over(held_by[key], was_by.get(key, _NOTHING) if was is not _UNKNOWN else _UNKNOWN, item)
        if key in held_by
        else item
        for key, item in now_by.items()
    ]
    # An item the answers never held cannot have been taken out by the clinician: it stays.
    unseen = [item for key, item in held_by.items() if key not in now_by and key not in was_by]
    return items + unseen
