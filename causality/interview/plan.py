"""Which questions to ask, in order, given the case so far.

``plan(p)`` is pure: it lists every question that applies to the partial case ``p``, in the order a
clinician meets them. Each question names the case field its answer fills (``fills``), its options are
words of the schema's enumerations, and whether it is asked is decided from the case so far. The engine
asks the first one not yet answered. Facts that the instruments derive (the Naranjo answers, the WHO-UMC
inputs) are never asked; only what was observed and the judgements that cannot be inferred. Questions that
a further instrument adds live in its own folder (``questions.py``), found through the registry.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from causality.interview.partial import lazy

if TYPE_CHECKING:
    from causality import model as M
    from causality import schema as S
else:  # imported when a question needs them, not before the first prompt
    M = lazy("causality.model")
    S = lazy("causality.schema")
from causality.interview.first import case_id_question
from causality.interview.partial import At, Custom, Partial, Progress, case_data, drug_key, word
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
    check_whole_number,
    words,
)

CAUSE_STATUS = (
    Option("excluded_history", "Excluded by history", "h"),
    Option("excluded_examination", "Excluded by examination", "e"),
    Option("excluded_laboratory", "Excluded by laboratory test", "l"),
    Option("excluded_imaging", "Excluded by imaging", "i"),
    Option("present", "Present, and could explain it on its own", "p"),
    Option("possible", "Possibly present", "o"),
    Option("not_assessed", "Not assessed", "n"),
)
# The checklist's one answer -> the case file's status and method
STATUS_FACTS: dict[str, tuple[str, str | None]] = {
    "excluded_history": ("clinically_excluded", "history"),
    "excluded_examination": ("clinically_excluded", "examination"),
    "excluded_laboratory": ("tested_excluded", "laboratory"),
    "excluded_imaging": ("tested_excluded", "imaging"),
    "present": ("present_confirmed", None),
    "possible": ("present_possible", None),
    "not_assessed": ("considered_not_tested", None),
}
# ... and back: a method the checklist does not offer reads as the nearest answer it does.
_STATUS_BACK = {
    **{
        (status, method if method in ("examination", "imaging") else None): answer
        for answer, (status, method) in STATUS_FACTS.items()
    },
    ("not_considered", None): "not_assessed",
}


@functools.cache
def specific_tests() -> tuple[Option, ...]:
    return words(
        M.SpecificTestKind,
        ("drug_dependent_antibodies", "Drug-dependent antibodies"),
        ("lymphocyte_transformation", "Lymphocyte transformation test"),
        ("patch", "Patch test"),
        ("skin", "Skin prick or intradermal test"),
        ("provocation", "Provocation (challenge) test"),
        ("hla", "HLA typing"),
        ("biopsy", "Biopsy"),
    )


@functools.cache
def seriousness() -> tuple[Option, ...]:
    return words(
        M.Seriousness,
        ("death", "Death"),
        ("life_threatening", "Life-threatening"),
        ("hospitalisation", "Hospitalisation or longer stay"),
        ("disability", "Disability or incapacity"),
        ("congenital_anomaly", "Congenital anomaly"),
        ("medically_important", "Other medically important event"),
    )


@functools.cache
def outcomes() -> tuple[Option, ...]:
    return words(
        M.Outcome,
        ("recovered", "Recovered", "r"),
        ("recovering", "Recovering", "g"),
        ("not_recovered", "Not recovered", "n"),
        ("recovered_with_sequelae", "Recovered with lasting effects", "s"),
        ("fatal", "Fatal", "f"),
        ("unknown", "Unknown", "u"),
    )


@functools.cache
def sex() -> tuple[Option, ...]:
    return words(
        M.Sex,
        ("female", "Female", "f"),
        ("male", "Male", "m"),
        ("other", "Other", "o"),
        ("unknown", "Not recorded", "u"),
    )


# What each tick of the evidence box stands for, and the fact's value when it is not ticked.
EVIDENCE_NONE = {
    "placebo": ("placebo", "not_given"),
    "level": ("drug_level", "not_measured"),
    "dose": ("dose_response", "no_dose_change"),
    "tests": ("specific_tests", None),
}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _onset_parsed(p: Partial, j: int) -> Any:
    from causality import onset

    return onset.parse(p.text(("reaction", j), "onset") or "")


def _start(p: Partial, i: int) -> dt.date | None:
    start = p.text(("drug", i), "start")
    try:
        return dt.date.fromisoformat(start) if start else None
    except ValueError:
        return None


def _sequence_known(p: Partial, i: int, j: int) -> bool:
    parsed, start = _onset_parsed(p, j), _start(p, i)
    return isinstance(parsed, float) or (
        isinstance(parsed, dt.date) and start is not None and start != parsed
    )


def _sequence_before(p: Partial, i: int, j: int) -> bool:
    parsed, start = _onset_parsed(p, j), _start(p, i)
    if isinstance(parsed, dt.date) and start is not None:
        return parsed < start
    timing = p.facts(i, j).get("timing")
    return isinstance(timing, dict) and timing.get("sequence") == "before_drug"


# --- the interview's own questions: how long the lists are ---------------------------------------------------


def _more(key: str, message: str, sec: str, label: str) -> Question:
    return Question(key, Kind.SELECT, message, sec, label, options=YES_NO, default="no", fills=Progress(key))


def _concomitant_get(p: Partial) -> Value | None:
    if "concomitant_drugs" not in p.doc:
        return p.progress.get("concomitant")
    return ", ".join(p.concomitant())


def _concomitant_put(p: Partial, value: Value) -> None:
    """The names as typed; a drug named again keeps what the case held of it (dates, ALDEN answers)."""
    held = {
        (d if isinstance(d, str) else str(d.get("name", ""))).casefold(): d
        for d in p.doc.get("concomitant_drugs") or []
        if isinstance(d, (str, dict))
    }
    names = [n.strip() for n in str(value).split(",") if n.strip()]
    drugs: list[Any] = []
    for name in names:
        entry = held.get(name.casefold(), name)
        if isinstance(entry, dict):
            entry["name"] = name  # a correction of its spelling
        drugs.append(entry if isinstance(entry, dict) else name)
    p.doc["concomitant_drugs"] = drugs
    if not names:
        p.doc.pop("concomitant_drugs")
        p.progress["concomitant"] = ""
    else:
        p.progress.pop("concomitant", None)


def first_question() -> Question:
    return case_id_question(At(("case",), ("case_id",)))


def _case_questions(p: Partial) -> Iterator[Question]:
    """In the order asked, built as they are reached: the first question needs nothing else (a fast start)."""
    section = "Case"
    yield first_question()  # first, and alone: the first prompt waits for nothing else
    qs = [
        Question(
            "assessor.name",
            Kind.TEXT,
            "Your name, as the assessor (Enter to skip)",
            section,
            "assessor",
            optional=True,
            fills=At(("case",), ("assessor", "name")),
        ),
        Question(
            "assessor.role",
            Kind.TEXT,
            "Your role (Enter to skip)",
            section,
            "assessor's role",
            optional=True,
            fills=At(("case",), ("assessor", "role")),
        ),
        Question(
            "reporter.role",
            Kind.TEXT,
            "Who reported the reaction: their role or the reference (e.g. ward nurse, patient, a journal "
            "article; Enter to skip)",
            section,
            "reported by",
            optional=True,
            fills=At(("case",), ("reporter", "role")),
        ),
        Question(
            "reporter.date",
            Kind.TEXT,
            "Date of the report, YYYY-MM-DD (Enter to skip)",
            section,
            "reported on",
            optional=True,
            check=check_date,
            fills=At(("case",), ("reporter", "date")),
        ),
        Question(
            "age",
            Kind.TEXT,
            "Patient's age in years (Enter to skip)",
            section,
            "age",
            optional=True,
            check=check_number(*S.PATIENT["age"].range),
            fills=At(("patient",), ("age",), number=True),
        ),
        Question(
            "sex",
            Kind.SELECT,
            "Patient's sex",
            section,
            "sex",
            options=sex(),
            fills=At(("patient",), ("sex",), schema=S.PATIENT["sex"]),
        ),
        Question(
            "conditions",
            Kind.TEXT,
            "Patient's other illnesses or conditions, comma-separated (Enter for none)",
            section,
            "conditions",
            optional=True,
            fills=_text_list(("patient",), "conditions"),
        ),
    ]
    for i in range(p.drug_count()):
        name, sec, d = p.drug_name(i), f"Suspect drug {i + 1}", ("drug", i)
        qs += [
            Question(
                f"drug.{i}.name",
                Kind.TEXT,
                f"Suspect drug {i + 1}: name",
                sec,
                "name",
                check=_unique(p, "drug", i, "suspect drug"),
                fills=At(d, ("name",)),
            ),
            Question(
                f"drug.{i}.dose",
                Kind.TEXT,
                f"Dose of {name} (Enter to skip)",
                sec,
                "dose",
                optional=True,
                fills=At(d, ("dose",)),
            ),
            Question(
                f"drug.{i}.route",
                Kind.TEXT,
                f"Route of {name} (Enter to skip)",
                sec,
                "route",
                optional=True,
                fills=At(d, ("route",)),
            ),
            Question(
                f"drug.{i}.indication",
                Kind.TEXT,
                f"What was {name} given for? (Enter to skip)",
                sec,
                "indication",
                optional=True,
                fills=At(d, ("indication",)),
            ),
            Question(
                f"drug.{i}.class",
                Kind.TEXT,
                f"Pharmacological class of {name}, e.g. beta-lactam (Enter to skip)",
                sec,
                "class",
                optional=True,
                fills=At(d, ("drug_class",)),
            ),
            Question(
                f"drug.{i}.ingredients",
                Kind.TEXT,
                f"If {name} is a product of several ingredients, name them, comma-separated (Enter if not)",
                sec,
                "ingredients",
                optional=True,
                fills=_text_list(d, "ingredients"),
            ),
            Question(
                f"drug.{i}.start",
                Kind.TEXT,
                f"First dose of {name}, YYYY-MM-DD (Enter if not known)",
                sec,
                "first dose",
                optional=True,
                check=check_date,
                fills=At(d, ("start",)),
            ),
            Question(
                f"drug.{i}.stop",
                Kind.TEXT,
                f"Last dose of {name}, YYYY-MM-DD (Enter if ongoing or not known)",
                sec,
                "last dose",
                optional=True,
                check=check_date,
                fills=At(d, ("stop",)),
            ),
            *_through_mother(p, d, f"drug.{i}", name, sec),
            _more(f"drug.{i}.more", "Another suspect drug?", sec, "another suspect drug"),
        ]
    qs.append(
        Question(
            "concomitant",
            Kind.TEXT,
            "Other drugs taken at the time, comma-separated (Enter for none)",
            "Concomitant drugs",
            "concomitant drugs",
            optional=True,
            fills=Custom(_concomitant_get, _concomitant_put),
        )
    )
    for name in p.concomitant():
        qs += _other_drug_questions(p, name)
    yield from qs
    qs = []
    for j in range(p.reaction_count()):
        term, sec, r = p.reaction_term(j), f"Reaction {j + 1}", ("reaction", j)
        qs += [
            Question(
                f"reaction.{j}.term",
                Kind.TEXT,
                f"Reaction {j + 1} (e.g. petechiae, epistaxis)",
                sec,
                "term",
                check=_unique(p, "reaction", j, "reaction"),
                fills=At(r, ("term",)),
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
                fills=At(r, ("onset",)),
            ),
            Question(
                f"reaction.{j}.description",
                Kind.TEXT,
                f"What was seen of {term}, in a sentence or two (Enter to skip)",
                sec,
                "description",
                optional=True,
                fills=At(r, ("description",)),
            ),
            Question(
                f"reaction.{j}.seriousness",
                Kind.CHECKBOX,
                f"Was {term} serious?",
                sec,
                "seriousness",
                options=seriousness(),
                default=[],
                absent=[],  # not serious unless the file says so
                instruction="(Space ticks; none = not serious)",
                fills=At(r, ("seriousness",)),
            ),
            Question(
                f"reaction.{j}.outcome",
                Kind.SELECT,
                f"Outcome of {term}",
                sec,
                "outcome",
                options=outcomes(),
                fills=At(r, ("outcome",), schema=S.REACTION["outcome"]),
            ),
            *_care_questions(p, j, sec),
            *_added("reaction_questions", p, j, sec),
            _more(f"reaction.{j}.more", "Another reaction?", sec, "another reaction"),
        ]
    yield from qs


CHILD_YEARS = 2  # a child this young may have been exposed through the mother


def _through_mother(p: Partial, root: tuple[Any, ...], key: str, name: str, sec: str) -> list[Question]:
    """Exposure through the mother, asked only of a young child."""
    age = (p.root(("patient",)) or {}).get("age")
    if not isinstance(age, (int, float)) or age >= CHILD_YEARS:
        return []
    options = (
        Option("no", "No, the child took it", "n"),
        *words(
            M.ThroughMother,
            ("transplacental", "Yes, before birth (transplacental)", "t"),
            ("breast_milk", "Yes, in breast milk", "b"),
        ),
    )
    return [
        Question(
            f"{key}.through_mother",
            Kind.SELECT,
            f"Did {name} reach the child through the mother?",
            sec,
            "through the mother",
            options=options,
            fills=_word_or_no(root, "through_mother", key),
            absent="no",
        )
    ]


def _word_or_no(root: tuple[Any, ...], name: str, key: str, none: str = "no") -> Custom:
    """A field (``name``, dotted for a nested one) that holds a word when it applies and is left out when it
    does not: the answer ``none`` ("no", "don't know") is kept beside the case as asked."""
    place = At(root, tuple(name.split(".")))
    held = f"{key}.{name.rsplit('.', 1)[-1]}"

    def get(p: Partial) -> Value | None:
        return place.get(p) or p.progress.get(held)

    def put(p: Partial, value: Value) -> None:
        if value == none:
            place.clear(p)
            p.progress[held] = none
        else:
            place.put(p, value)
            p.progress.pop(held, None)

    def erase(p: Partial) -> None:
        place.clear(p)
        p.progress.pop(held, None)

    return Custom(get, put, erase)


def _other_drug_questions(p: Partial, name: str) -> list[Question]:
    """When each other drug was started (one started near the onset is a candidate cause), and whether it
    interacts with a suspect drug."""
    root, key, sec = ("other", name), f"other.{drug_key(name)}", "Concomitant drugs"
    suspects = [p.drug_name(i) for i in range(p.drug_count())]
    qs = [
        Question(
            f"{key}.start",
            Kind.TEXT,
            f"First dose of {name}, YYYY-MM-DD (Enter if not known)",
            sec,
            f"{name}: first dose",
            optional=True,
            check=check_date,
            fills=At(root, ("start",)),
        ),
        Question(
            f"{key}.interacts",
            Kind.SELECT,
            f"Does {name} change the effect of a suspect drug (an interaction)?",
            sec,
            f"{name}: interaction",
            options=(Option("no", "No", "n"), *(Option(s, f"Yes, of {s}") for s in suspects)),
            fills=_word_or_no(root, "interacts_with", key),
            absent="no",
        ),
    ]
    interacting = qs[-1].value(p)
    if interacting and interacting != "no":
        qs.append(
            Question(
                f"{key}.mechanism",
                Kind.TEXT,
                "How, if known (e.g. CYP3A4 inhibition; Enter to skip)",
                sec,
                f"{name}: mechanism",
                optional=True,
                fills=At(root, ("interaction_mechanism",)),
            )
        )
    qs += _through_mother(p, root, key, name, sec)
    return qs


def _unique(p: Partial, kind: str, index: int, what: str) -> Callable[[str], str | None]:
    """Each suspect drug and each reaction once: the assessments are found by name."""
    names = [p.drug_name(k) if kind == "drug" else p.reaction_term(k) for k in range(p.count(kind))]

    def check(text: str) -> str | None:
        for k, name in enumerate(names):
            if k != index and name.casefold() == text.strip().casefold():
                return f"{name} is already {what} {k + 1}"
        return None

    return check


def _text_list(root: tuple[Any, ...], name: str) -> Custom:
    """A list of short texts (the patient's conditions), typed as one comma-separated answer."""

    def get(p: Partial) -> Value | None:
        held = (p.root(root) or {}).get(name)
        return ", ".join(str(x) for x in held) if isinstance(held, list) and held else None

    def put(p: Partial, value: Value) -> None:
        node = p.root(root, create=True)
        assert node is not None
        items = [x.strip() for x in str(value).split(",") if x.strip()]
        if items:
            node[name] = items
        else:
            node.pop(name, None)

    return Custom(get, put)


def case_questions(p: Partial) -> list[Question]:
    return list(_case_questions(p))


def _added(hook: str, p: Partial, *where: Any) -> list[Question]:
    """The questions further instruments add here (each instrument's ``questions`` module, if it has one)."""
    from causality.instruments.registry import interview_questions

    out: list[Question] = []
    for module in interview_questions():
        ask = getattr(module, hook, None)
        if ask is not None:
            out += ask(p, *where)
    return out


# --- what a reaction led to ----------------------------------------------------------------------------------

CARE = (
    Option("treatment", "An antidote or other treatment"),
    Option("admission", "Admission to hospital (it was the reason)"),
    Option("longer_stay", "A longer hospital stay"),
    Option("intensive_care", "Intensive care"),
    Option("permanent_harm", "Lasting disability or impairment"),
    # Ticked: the lines not ticked stay "not recorded" (the severity scale then says "at least"), never "no".
    Option("not_reported", "The rest is not reported (leave it unrecorded)"),
)
NOT_REPORTED = "not_reported"
_YES_NO_FIELDS = ("treatment", "admission", "intensive_care", "permanent_harm")


def _care(j: int) -> Custom:
    key = f"reaction.{j}.care"

    def consequences(p: Partial, create: bool = False) -> dict[str, object] | None:
        reaction = p.root(("reaction", j), create)
        if reaction is None:
            return None
        held = reaction.get("consequences")
        if not isinstance(held, dict) and create:
            held = reaction["consequences"] = {}
        return held if isinstance(held, dict) else None

    def get(p: Partial) -> Value | None:
        if key in p.progress:
            return p.progress[key]
        c = consequences(p)
        # An unticked line reads as "no": the tick-box is filled in only when the case says yes or no to every
        # line, so a file's "not recorded" is never turned into "no" without the clinician.
        if c is None or any(c.get(k) is None for k in (*_YES_NO_FIELDS, "extra_days")):
            return None
        extra = c.get("extra_days")
        ticked = {k for k in _YES_NO_FIELDS if c.get(k) == "yes"} | (
            {"longer_stay"} if isinstance(extra, (int, float)) and extra > 0 else set()
        )
        return [o.value for o in CARE if o.value in ticked]

    def put(p: Partial, value: Value) -> None:
        c = consequences(p, create=True)
        assert c is not None
        p.progress[key] = value
        unreported = NOT_REPORTED in value
        for k in _YES_NO_FIELDS:
            # a line not ticked is "no", unless the rest is said not to be reported, or the case holds
            # "unknown" for it and it was left as it was
            if k in value:
                c[k] = "yes"
            elif unreported:
                if c.get(k) != "unknown":
                    c.pop(k, None)
            else:
                c[k] = "unknown" if c.get(k) == "unknown" else "no"
        reaction = p.root(("reaction", j)) or {}
        given = reaction.get("treatment_given")
        kind = given.get("kind") if isinstance(given, dict) else given
        if "treatment" not in value and given is not None and kind != "none":
            reaction.pop("treatment_given")  # no treatment was given after all
        extra = c.get("extra_days")
        if "longer_stay" not in value:
            if unreported:
                c.pop("extra_days", None)
            else:
                c["extra_days"] = 0
        elif not (isinstance(extra, (int, float)) and extra > 0):
            c.pop("extra_days", None)  # asked next

    return Custom(get, put)


def _some_unrecorded(held: object) -> bool:
    """A case that records some of what the reaction led to but not all of it (a new reaction: nothing)."""
    if not isinstance(held, dict) or not held:
        return False
    return any(held.get(k) in (None, "unknown") for k in (*_YES_NO_FIELDS, "extra_days"))


def _care_questions(p: Partial, j: int, sec: str) -> list[Question]:
    """What the reaction led to (the severity levels read it), and the extra days in hospital."""
    term = p.reaction_term(j)
    held = (p.root(("reaction", j)) or {}).get("consequences")
    recorded = [k for k in _YES_NO_FIELDS if isinstance(held, dict) and held.get(k) == "yes"]
    if isinstance(held, dict) and isinstance(held.get("extra_days"), (int, float)) and held["extra_days"] > 0:
        recorded.append("longer_stay")
    care = Question(
        f"reaction.{j}.care",
        Kind.CHECKBOX,
        f"What did {term} lead to?",
        sec,
        "consequences",
        options=CARE,
        # What a case file records comes ticked; where it leaves lines unrecorded, so does Enter.
        default=recorded + ([NOT_REPORTED] if _some_unrecorded(held) else []),
        instruction="(Space ticks; none ticked = none of these happened)",
        fills=_care(j),
    )
    qs = [care]
    ticked = care.value(p)
    if isinstance(ticked, list) and "longer_stay" in ticked:
        # from 1: asked only when a longer stay was ticked
        qs.append(
            Question(
                f"reaction.{j}.extra_days",
                Kind.TEXT,
                "How many extra days in hospital?",
                sec,
                "extra days",
                check=check_whole_number(1, int(S.CONSEQUENCES["extra_days"].range[1])),
                fills=At(("reaction", j), ("consequences", "extra_days"), number=True),
            )
        )
    if isinstance(ticked, list) and "treatment" in ticked:
        qs += _treatment_questions(p, j, sec)
    return qs


@functools.cache
def treatment_kinds() -> tuple[Option, ...]:
    return words(
        M.TreatmentKind,
        ("symptomatic", "Symptomatic or supportive (antihistamine, corticosteroid, transfusion...)", "s"),
        ("specific_antagonist", "A specific antagonist or antidote (naloxone, digoxin-specific Fab...)", "a"),
    )


def _treatment_questions(p: Partial, j: int, sec: str) -> list[Question]:
    """What was given for the reaction: an antagonist of one suspect drug is read differently from
    symptomatic treatment when the instruments judge the improvement."""
    r, term = ("reaction", j), p.reaction_term(j)
    kind = Question(
        f"reaction.{j}.treatment",
        Kind.SELECT,
        f"What was given for {term}?",
        sec,
        "treatment given",
        options=treatment_kinds(),
        fills=At(r, ("treatment_given", "kind")),
    )
    qs = [
        kind,
        Question(
            f"reaction.{j}.treatment_name",
            Kind.TEXT,
            "Its name (Enter to skip)",
            sec,
            "treatment",
            optional=True,
            fills=At(r, ("treatment_given", "name")),
        ),
    ]
    if kind.value(p) == "specific_antagonist":
        drugs = [p.drug_name(i) for i in range(p.drug_count())]
        qs.append(
            Question(
                f"reaction.{j}.treatment_reverses",
                Kind.SELECT,
                "Which drug does it reverse?",
                sec,
                "antagonist of",
                options=(*(Option(name, name) for name in drugs), Option("", "Another drug, not a suspect")),
                default=drugs[0],
                optional=True,  # another drug: left empty
                fills=At(r, ("treatment_given", "reverses")),
            )
        )
    return qs


# --- one drug x one reaction ------------------------------------------------------------------------------


def _pair(i: int, j: int, *path: str, **kw: Any) -> At:
    return At(("pair", i, j), ("facts", *path), **kw)


def _evidence_get(i: int, j: int) -> Any:
    def get(p: Partial) -> Value | None:
        return p.progress.get(f"pair.{i}.{j}.evidence")

    return get


def _evidence_put(i: int, j: int) -> Any:
    """Unticked: the fact is recorded as not done; newly ticked: its question is asked."""

    def put(p: Partial, value: Value) -> None:
        p.progress[f"pair.{i}.{j}.evidence"] = value
        facts = (p.root(("pair", i, j), create=True) or {}).setdefault("facts", {})
        for tick, (name, none) in EVIDENCE_NONE.items():
            if tick not in value:
                if none is None:
                    facts.pop(name, None)
                elif word(facts.get(name), "outcome") != none:  # already "not done": its note stays
                    facts[name] = none
            elif none is not None and word(facts.get(name), "outcome") == none:
                facts.pop(name)

    return put


def _test_kinds_get(i: int, j: int) -> Any:
    def get(p: Partial) -> Value | None:
        key = f"pair.{i}.{j}.tests"
        if key in p.progress:
            return p.progress[key]
        tests = p.facts(i, j).get("specific_tests")
        return (
            list(dict.fromkeys(str(t.get("kind")) for t in tests if isinstance(t, dict))) if tests else None
        )

    return get


def _test_kinds_put(i: int, j: int) -> Any:
    def put(p: Partial, value: Value) -> None:
        p.progress[f"pair.{i}.{j}.tests"] = value
        facts = (p.root(("pair", i, j), create=True) or {}).setdefault("facts", {})
        held = [
            t for t in facts.get("specific_tests") or [] if isinstance(t, dict) and t.get("kind") in value
        ]
        held += [{"kind": kind} for kind in value if kind not in {t.get("kind") for t in held}]
        facts["specific_tests"] = held

    return put


def _test_kinds_erase(i: int, j: int) -> Any:
    def erase(p: Partial) -> None:
        p.progress.pop(f"pair.{i}.{j}.tests", None)
        facts = (p.root(("pair", i, j)) or {}).get("facts")
        if isinstance(facts, dict):
            facts.pop("specific_tests", None)

    return erase


def _test_field(i: int, j: int, kind: str, name: str) -> Custom:
    def entry(p: Partial) -> dict[str, Any] | None:
        facts = (p.root(("pair", i, j)) or {}).get("facts") or {}
        return next(
            (t for t in facts.get("specific_tests") or [] if isinstance(t, dict) and t.get("kind") == kind),
            None,
        )

    def get(p: Partial) -> Value | None:
        test = entry(p)
        return None if test is None or test.get(name) is None else str(test[name])

    def put(p: Partial, value: Value) -> None:
        test = entry(p)
        if test is not None:
            if isinstance(value, str) and value.strip():
                test[name] = value.strip()
            else:
                test.pop(name, None)

    return Custom(get, put, lambda p: put(p, ""))


def _dechallenge_any(drug: str) -> tuple[tuple[str, str, str], ...]:
    """Every outcome, for a case that does not say what was done with the drug."""
    return (
        ("improved", "improved", "i"),
        ("not_improved", "did not improve", "n"),
        ("improved_after_last_dose", "improved after a single dose or a course already ended", "e"),
        ("not_improved_after_last_dose", "did not improve after a single dose or an ended course", "o"),
        ("resolved_while_continued", f"resolved although {drug} was continued", "c"),
        ("not_done", f"{drug} was not stopped or reduced", "s"),
        ("not_applicable", "cannot improve (death, permanent damage)", "x"),
        ("unknown", "don't know", "u"),
    )


_CANNOT = ("not_applicable", "could not improve (death, permanent damage)", "x")
_UNKNOWN = ("unknown", "don't know", "u")
# What happened next, by what was done with the drug: each answer is the outcome it records.
_DECHALLENGE_AFTER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "stopped": (("improved", "improved", "i"), ("not_improved", "did not improve", "n"), _CANNOT, _UNKNOWN),
    "reduced": (("improved", "improved", "i"), ("not_improved", "did not improve", "n"), _CANNOT, _UNKNOWN),
    "continued": (("resolved_while_continued", "resolved all the same", "r"),
                  ("not_done", "did not improve", "n"), _CANNOT, _UNKNOWN),
    "ended": (("improved_after_last_dose", "improved", "i"),
              ("not_improved_after_last_dose", "did not improve", "n"), _CANNOT, _UNKNOWN),
}  # fmt: skip


def _level_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    """The measured level: a finding in words, or the value and the threshold it is compared with."""
    key, level = f"pair.{i}.{j}", ("facts", "drug_level")
    finding = word(p.facts(i, j).get("drug_level"), "outcome")
    if finding != "measured":
        return [
            Question(
                f"{key}.level_note",
                Kind.TEXT,
                "Level and units (Enter to skip)",
                sec,
                "level value",
                optional=True,
                fills=At(("pair", i, j), (*level, "note")),
            ),
        ]
    value = S.FACTS["drug_level"]["value"].range
    return [
        Question(
            f"{key}.level_value",
            Kind.TEXT,
            "The measured value, a number (e.g. 3.2)",
            sec,
            "level",
            check=check_number(*value),
            fills=At(("pair", i, j), (*level, "value"), number=True),
        ),
        Question(
            f"{key}.level_unit",
            Kind.TEXT,
            "Its unit (e.g. ng/mL, mg/L)",
            sec,
            "level unit",
            fills=At(("pair", i, j), (*level, "unit")),
        ),
        Question(
            f"{key}.level_threshold",
            Kind.TEXT,
            "The lowest toxic concentration, in the same unit (Enter if not known)",
            sec,
            "toxic threshold",
            optional=True,
            check=check_number(*S.FACTS["drug_level"]["threshold"].range),
            fills=At(("pair", i, j), (*level, "threshold"), number=True),
        ),
        Question(
            f"{key}.level_source",
            Kind.TEXT,
            "Where the threshold comes from (Enter to skip)",
            sec,
            "threshold source",
            optional=True,
            fills=At(("pair", i, j), (*level, "threshold_source")),
        ),
        Question(
            f"{key}.level_sampled",
            Kind.TEXT,
            "When it was sampled, e.g. 8 hours after the last dose (Enter to skip)",
            sec,
            "sampled",
            optional=True,
            fills=At(("pair", i, j), (*level, "sampled")),
        ),
    ]


def _test_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    """Which specific tests were done, and what each showed."""
    key = f"pair.{i}.{j}"
    qs = [
        Question(
            f"{key}.tests",
            Kind.CHECKBOX,
            "Which tests?",
            sec,
            "specific tests",
            options=specific_tests(),
            default=[],
            instruction="(Space ticks, Enter goes on)",
            fills=Custom(_test_kinds_get(i, j), _test_kinds_put(i, j), _test_kinds_erase(i, j)),
        )
    ]
    labels = {o.value: o.title for o in specific_tests()}
    kinds = qs[0].value(p)
    for kind in kinds if isinstance(kinds, list) else []:
        label = labels.get(kind, kind)
        qs += [
            Question(
                f"{key}.test.{kind}",
                Kind.SELECT,
                f"{label}: the result?",
                sec,
                label,
                options=words(
                    M.SpecificTestResult, ("positive", "Positive", "p"), ("negative", "Negative", "n")
                ),
                fills=_test_field(i, j, kind, "result"),
            ),
            Question(
                f"{key}.test.{kind}.note",
                Kind.TEXT,
                "The value, allele or finding (Enter to skip)",
                sec,
                f"{label}: finding",
                optional=True,
                fills=_test_field(i, j, kind, "note"),
            ),
        ]
    return qs


def _shared_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    """The facts about this drug and this reaction that a later pair of the same drug may take over."""
    key = f"pair.{i}.{j}"
    drug, term = p.drug_name(i), p.reaction_term(j)
    facts = p.facts(i, j)
    qs: list[Question] = []

    def ask(name: str, kind: Kind, message: str, label: str, fills: Any, **kw: Any) -> None:
        qs.append(Question(f"{key}.{name}", kind, message, sec, label, fills=fills, **kw))

    def fact(name: str) -> Any:
        return word(facts.get(name), "outcome")

    if not _sequence_known(p, i, j):
        ask(
            "sequence",
            Kind.SELECT,
            f"Did {term} begin after the first dose of {drug}?",
            "began after the drug",
            _pair(i, j, "timing", "sequence"),
            options=words(
                M.Sequence,
                ("after_drug", "Yes, after", "y"),
                ("before_drug", "No, before it", "n"),
                ("unknown", "Don't know", "u"),
            ),
        )
    timing = _mapping(facts.get("timing"))
    if not _sequence_before(p, i, j):
        ask(
            "timing",
            Kind.SELECT,
            f"How well does the timing fit a reaction to {drug}?",
            "time relationship",
            _pair(i, j, "timing", "plausibility"),
            options=words(
                M.TimingJudgement,
                ("plausible", "Typical for this drug (plausible)", "p"),
                ("reasonable", "Compatible (reasonable)", "r"),
                ("improbable", "Unusual, though not impossible (improbable)", "i"),
                ("impossible", "Impossible", "x"),
                ("unknown", "Cannot judge: dates missing", "u"),
            ),
        )
        if timing.get("plausibility") == "unknown":
            ask(
                "timing_obtainable",
                Kind.SELECT,
                "Can the missing dates still be obtained?",
                "dates obtainable",
                _pair(i, j, "timing_obtainable"),
                options=YES_NO,
            )
    ask(
        "definitive",
        Kind.SELECT,
        f"Is {term} itself specific for a drug effect (e.g. toxic level with typical features, drug-dependent "
        "antibodies, fixed drug eruption)?",
        "event definitive",
        _pair(i, j, "event_definitive"),
        options=YES_NO_UNKNOWN,
        absent="unknown",  # as the instruments read a file that does not say
    )
    ask(
        "withdrawal",
        Kind.SELECT,
        f"Once {term} began, {drug} was...",
        "what was done with the drug",
        _word_or_no(("pair", i, j), "facts.dechallenge.action", key, none="unknown"),
        options=(
            *words(
                M.WithdrawalAction,
                ("stopped", "stopped", "s"),
                ("reduced", "given at a lower dose", "r"),
                ("continued", "continued unchanged", "c"),
                ("ended", "not given any more anyway (a single dose, or a course already over)", "e"),
            ),
            Option("unknown", "don't know", "u"),
        ),
        absent="unknown",  # a case file that does not say: the outcome alone says what it can
    )
    action = _mapping(facts.get("dechallenge")).get("action")  # None: not said (the whole list is offered)
    ask(
        "dechallenge",
        Kind.SELECT,
        f"Then {term}..."
        if action in _DECHALLENGE_AFTER
        else f"When {drug} was stopped or reduced, {term}...",
        "dechallenge",
        _pair(i, j, "dechallenge", "outcome"),
        options=words(M.DechallengeOutcome, *_DECHALLENGE_AFTER.get(str(action), _dechallenge_any(drug))),
    )
    dechallenge = _mapping(facts.get("dechallenge"))
    # Asked only while Certain is still within reach; a judgement already on record stays while its premise holds.
    certain_possible = timing.get("plausibility") == "plausible" and fact("event_definitive") == "yes"
    if fact("dechallenge") == "improved" and (
        certain_possible or dechallenge.get("response") not in (None, "unknown")
    ):
        ask(
            "response",
            Kind.SELECT,
            "Was the improvement what the drug's pharmacology or the disease process predicts?",
            "response to withdrawal",
            _pair(i, j, "dechallenge", "response"),
            options=words(
                M.WithdrawalResponse,
                ("plausible", "Yes, pharmacologically plausible", "y"),
                ("clinically_reasonable", "Clinically reasonable only", "c"),
            ),
        )
    ask(
        "rechallenge",
        Kind.SELECT,
        f"Was {drug} given again?",
        "rechallenge",
        _pair(i, j, "rechallenge", "outcome"),
        options=words(
            M.RechallengeOutcome,
            ("recurred", f"Yes, and {term} came back", "r"),
            ("did_not_recur", f"Yes, and {term} did not come back", "d"),
            ("not_done", "No", "n"),
        ),
    )
    rechallenge = _mapping(facts.get("rechallenge"))
    if fact("rechallenge") in ("recurred", "did_not_recur"):
        ask(
            "rechallenge_given",
            Kind.SELECT,
            "What was given again?",
            "given again",
            _pair(i, j, "rechallenge", "given"),
            default="same_drug",
            options=words(
                M.ReexposedTo,
                ("same_drug", f"{drug} alone", "a"),
                ("same_class", f"A drug of the same class, not {drug}", "c"),
                ("with_other_suspects", f"{drug} together with another suspect drug", "t"),
                ("later_doses", f"It came back on later doses of the same course of {drug}", "l"),
            ),
        )
    if fact("rechallenge") == "not_done" and (
        certain_possible or rechallenge.get("needed") not in (None, "unknown")
    ):
        ask(
            "rechallenge_needed",
            Kind.SELECT,
            "Would a rechallenge be needed to establish the diagnosis?",
            "rechallenge needed",
            _pair(i, j, "rechallenge", "needed"),
            options=YES_NO,
        )
    ask(
        "literature",
        Kind.SELECT,
        f"Is {term} a known reaction to {drug}?",
        "known reaction",
        _pair(i, j, "literature", "outcome"),
        options=words(
            M.Literature,
            ("labelled", "Yes, in the product information", "l"),
            ("published", "Yes, in published reports", "p"),
            ("not_found", "Searched, nothing conclusive", "n"),
            ("not_searched", "Not searched", "s"),
        ),
    )
    if fact("literature") in {"labelled", "published"}:
        ask(
            "literature_note",
            Kind.TEXT,
            "Reference (Enter to skip)",
            "reference",
            _pair(i, j, "literature", "note"),
            optional=True,
        )
    ask(
        "evidence",
        Kind.CHECKBOX,
        "Tick any of these that happened",
        "placebo / level / dose change",
        Custom(_evidence_get(i, j), _evidence_put(i, j)),
        default=[],
        options=(
            Option("placebo", "A placebo was given"),
            Option("level", "The drug level was measured"),
            Option("dose", f"The dose of {drug} was changed"),
            Option("tests", "A specific test: antibodies, patch, skin, provocation, HLA, biopsy..."),
        ),
        instruction="(Space ticks, Enter goes on; usually none)",
    )
    ticked = p.progress.get(f"{key}.evidence")
    ticked = ticked if isinstance(ticked, list) else []
    if "placebo" in ticked:
        ask(
            "placebo",
            Kind.SELECT,
            f"With the placebo, did {term} reappear?",
            "placebo",
            _pair(i, j, "placebo", "outcome"),
            options=words(M.PlaceboOutcome, ("reappeared", "Yes", "y"), ("did_not_reappear", "No", "n")),
        )
    if "level" in ticked:
        ask(
            "level",
            Kind.SELECT,
            "Was the level in the toxic range?",
            "drug level",
            _pair(i, j, "drug_level", "outcome"),
            options=words(
                M.DrugLevel,
                ("toxic", "Yes, toxic", "y"),
                ("not_toxic", "No", "n"),
                ("measured", "I have the value and the toxic threshold: compare them", "v"),
            ),
        )
        qs += _level_questions(p, i, j, sec)
    if "tests" in ticked:
        qs += _test_questions(p, i, j, sec)
    if "dose" in ticked:
        ask(
            "dose",
            Kind.SELECT,
            f"Did {term} follow the dose (worse when raised, milder when lowered)?",
            "dose-response",
            _pair(i, j, "dose_response", "outcome"),
            options=words(
                M.DoseResponse,
                ("observed", "Yes, both ways", "y"),
                ("appeared_after_increase", "It appeared or got worse after a dose increase", "i"),
                ("lessened_after_reduction", f"It lessened after a dose reduction ({drug} not stopped)", "r"),
                ("not_observed", "No", "n"),
            ),
        )
    ask(
        "previous",
        Kind.SELECT,
        "Earlier exposure to this or a similar drug?",
        "previous exposure",
        _pair(i, j, "previous_reaction", "outcome"),
        options=words(
            M.PreviousReaction,
            ("same_drug", "Similar reaction to the same drug", "s"),
            ("similar_drug", "Similar reaction to a similar drug", "r"),
            ("exposed_without_reaction", "Exposed before, no reaction", "n"),
            ("no_previous_exposure", "No earlier exposure", "x"),
            ("unknown", "Don't know", "u"),
        ),
    )
    ask(
        "information",
        Kind.SELECT,
        "Is anything still awaited that could change this assessment?",
        "information",
        _pair(i, j, "information"),
        options=words(
            M.InfoStatus,
            ("adequate", "No, the information is complete enough", "n"),
            ("pending", "Yes, results or records are awaited", "y"),
            (
                "insufficient_or_contradictory_final",
                "Information is insufficient or contradictory and cannot be completed",
                "x",
            ),
        ),
    )
    return qs


# --- the checklist of alternative causes ----------------------------------------------------------------------


def cause_options(p: Partial, i: int, j: int) -> tuple[str | None, tuple[Option, ...]]:
    """The checklist for this reaction, with the case's other drugs ticked in advance."""
    from causality.catalogue import checklist_for

    checklist = checklist_for(p.reaction_term(j))
    others = [p.drug_name(k) for k in range(p.drug_count()) if k != i] + p.concomitant()
    options = tuple(
        Option(c.id, c.label, description=f"Usually excluded by: {c.tests}") for c in checklist.causes
    ) + tuple(Option(f"drug:{name}", f"Another drug: {name}", checked=True) for name in others)
    return checklist.note, options


def cause_label(p: Partial, i: int, j: int, cause_id: str) -> str:
    if cause_id.startswith("drug:"):
        return f"{cause_id[5:]} (another drug)"
    if cause_id.startswith("own:"):
        own = p.progress.get(f"pair.{i}.{j}.{cause_id}")
        return own if isinstance(own, str) and own else cause_id
    from causality.catalogue import checklist_for

    return next((c.label for c in checklist_for(p.reaction_term(j)).causes if c.id == cause_id), cause_id)


def _own_keys(p: Partial, i: int, j: int) -> list[str]:
    """The keys ``own:0``, ``own:1``... of the causes the clinician named, one emptied in the review
    included (the ones after it stay)."""
    keys: list[str] = []
    while f"pair.{i}.{j}.own:{len(keys)}" in p.progress:
        keys.append(f"own:{len(keys)}")
    return keys


def own_causes(p: Partial, i: int, j: int) -> list[str]:
    """The clinician's own causes, as keys ``own:0``, ``own:1``..., those named (not left empty)."""
    return [k for k in _own_keys(p, i, j) if p.progress.get(f"pair.{i}.{j}.{k}")]


def _own_slots(p: Partial, i: int, j: int) -> int:
    """One question per cause named so far, and one more for the next while the last was named (Enter on an
    empty one ends the list)."""
    keys = _own_keys(p, i, j)
    last = p.progress.get(f"pair.{i}.{j}.{keys[-1]}") if keys else "named"
    return len(keys) + (1 if last else 0)


def chosen_causes(p: Partial, i: int, j: int) -> list[str]:
    ticked = p.progress.get(f"pair.{i}.{j}.causes")
    return [*(ticked if isinstance(ticked, list) else []), *own_causes(p, i, j)]


def _cause_labels(p: Partial, i: int, j: int) -> set[str] | None:
    """The causes the case holds for this pair (by name); None: the checklist was not reached yet."""
    if f"pair.{i}.{j}.causes" not in p.progress:
        return None
    return {cause_label(p, i, j, c).casefold() for c in chosen_causes(p, i, j)}


def _cause_entry(p: Partial, i: int, j: int, label: str, create: bool) -> dict[str, Any] | None:
    pair = p.root(("pair", i, j), create=create)
    if pair is None:
        return None
    facts = pair.setdefault("facts", {}) if create else pair.get("facts") or {}
    causes = facts.setdefault("alternative_causes", []) if create else facts.get("alternative_causes") or []
    for held in causes:
        if isinstance(held, dict) and str(held.get("cause", "")).casefold() == label.casefold():
            return held
    if not create:
        return None
    cause: dict[str, Any] = {"cause": label}
    causes.append(cause)
    return cause


def _named(cause: dict[str, Any], label: str) -> bool:
    return str(cause.get("cause", "")).casefold() == label


def _cause_status(i: int, j: int, cause_id: str) -> Custom:
    def get(p: Partial) -> Value | None:
        cause = _cause_entry(p, i, j, cause_label(p, i, j, cause_id), False)
        if cause is None or not cause.get("status"):
            return None
        method = cause.get("method") if cause.get("method") in ("examination", "imaging") else None
        return _STATUS_BACK.get((cause["status"], method)) or _STATUS_BACK.get((cause["status"], None))

    def put(p: Partial, value: Value) -> None:
        cause = _cause_entry(p, i, j, cause_label(p, i, j, cause_id), True)
        assert cause is not None
        if get(p) == value:
            return  # the same answer: a method the file gave (e.g. "other") stays
        cause["status"], method = STATUS_FACTS[str(value)]
        if method:
            cause["method"] = method
        else:
            cause.pop("method", None)

    def erase(p: Partial) -> None:  # the cause unticked: it leaves the case with what was found
        pair = p.root(("pair", i, j))
        facts = pair.get("facts") if pair else None
        if isinstance(facts, dict) and isinstance(facts.get("alternative_causes"), list):
            label = cause_label(p, i, j, cause_id).casefold()
            facts["alternative_causes"] = [
                c for c in facts["alternative_causes"] if not (isinstance(c, dict) and _named(c, label))
            ]

    return Custom(get, put, erase)


def _cause_finding(i: int, j: int, cause_id: str) -> Custom:
    def get(p: Partial) -> Value | None:
        cause = _cause_entry(p, i, j, cause_label(p, i, j, cause_id), False)
        return None if cause is None or cause.get("finding") is None else str(cause["finding"])

    def put(p: Partial, value: Value) -> None:
        cause = _cause_entry(p, i, j, cause_label(p, i, j, cause_id), True)
        assert cause is not None
        if isinstance(value, str) and value.strip():
            cause["finding"] = value.strip()
        else:
            cause.pop("finding", None)

    def erase(p: Partial) -> None:
        cause = _cause_entry(p, i, j, cause_label(p, i, j, cause_id), False)
        if cause is not None:
            cause.pop("finding", None)

    return Custom(get, put, erase)


def _checklist_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    key = f"pair.{i}.{j}"
    note, options = cause_options(p, i, j)
    qs = [
        Question(
            f"{key}.causes",
            Kind.CHECKBOX,
            f"Which alternative causes of {p.reaction_term(j)} are relevant in this patient?",
            sec,
            "relevant alternative causes",
            options=options,
            default=[o.value for o in options if o.checked],
            instruction=(f"({note} " if note else "(") + "Space ticks, Enter goes on)",
            fills=Progress(f"{key}.causes"),
        ),
    ]
    chosen = chosen_causes(p, i, j)
    for cause_id in chosen:
        label = cause_label(p, i, j, cause_id)
        status = Question(
            f"{key}.cause.{cause_id}",
            Kind.SELECT,
            f"{label}:",
            sec,
            label,
            options=CAUSE_STATUS,
            fills=_cause_status(i, j, cause_id),
        )
        qs.append(status)
        if status.value(p) not in {None, "not_assessed"}:
            qs.append(
                Question(
                    f"{key}.cause.{cause_id}.finding",
                    Kind.TEXT,
                    "Finding (Enter to skip)",
                    sec,
                    f"{label}: finding",
                    optional=True,
                    fills=_cause_finding(i, j, cause_id),
                )
            )
    # One question per cause already named, and one more for the next (Enter ends the list).
    qs += [
        Question(
            f"{key}.own:{n}",
            Kind.TEXT,
            "Any other cause you considered? Name it (Enter for none)",
            sec,
            "another cause",
            optional=True,
            fills=Progress(f"{key}.own:{n}"),
        )
        for n in range(_own_slots(p, i, j))
    ]
    if any(q.key.startswith(f"{key}.cause.") and q.value(p) == "not_assessed" for q in qs):
        qs.append(
            Question(
                f"{key}.untested_improbable",
                Kind.SELECT,
                "Are the causes you did not assess improbable in this patient?",
                sec,
                "unassessed causes improbable",
                options=YES_NO,
                fills=_pair(i, j, "untested_causes_improbable"),
            )
        )
    return qs


def pair_questions(p: Partial, i: int, j: int) -> list[Question]:
    key, sec = f"pair.{i}.{j}", p.pair_label(i, j)
    qs: list[Question] = []
    if j > 0:
        qs.append(
            Question(
                f"{key}.copy",
                Kind.SELECT,
                f"Same timing, dechallenge, rechallenge, literature and history as for {p.reaction_term(0)}?",
                sec,
                f"same facts as {p.pair_label(i, 0)}",
                options=YES_NO,
                default="yes",
                fills=Progress(f"{key}.copy"),
            )
        )
    if p.copy_source(i, j) is None:
        qs += _shared_questions(p, i, j, sec)
    term = p.reaction_term(j)
    qs.append(
        Question(
            f"{key}.objective",
            Kind.SELECT,
            f"Was {term} confirmed objectively (examination, photograph, laboratory, ECG, imaging, biopsy)?",
            sec,
            "objective evidence",
            options=YES_NO_UNKNOWN,
            fills=_pair(i, j, "objective_evidence", "outcome"),
        )
    )
    if word(p.facts(i, j).get("objective_evidence"), "outcome") == "yes":
        qs.append(
            Question(
                f"{key}.objective_note",
                Kind.TEXT,
                "What evidence? (Enter to skip)",
                sec,
                "evidence",
                optional=True,
                fills=_pair(i, j, "objective_evidence", "note"),
            )
        )
    qs += _checklist_questions(p, i, j, sec)
    qs += _added("pair_questions", p, i, j, sec)
    qs.append(
        Question(
            f"{key}.conclusion",
            Kind.TEXT,
            f"Your conclusion on {p.pair_label(i, j)}, in your own words (Enter to skip)",
            sec,
            "conclusion",
            optional=True,
            instruction="(shown first in the report)",
            fills=At(("pair", i, j), ("conclusion",)),
        )
    )
    return qs


def _questions(p: Partial) -> Iterator[Question]:
    yield from _case_questions(p)
    if p.lists_complete():
        for i, j in p.pairs():
            yield from pair_questions(p, i, j)
        yield from _added("case_questions", p)


def plan(p: Partial) -> list[Question]:
    return list(_questions(p))


def _beyond_the_lists(p: Partial, q: Question) -> bool:
    """A question about a drug, a reaction or a pair taken out of the lists: its answers stay in the draft, so
    that answering "another drug?" with yes again brings them back."""
    if isinstance(q.fills, At):
        where = q.fills.root
    else:  # the interview's own questions are named after what they concern: drug.I..., pair.I.J...
        parts = q.key.split(".")
        try:
            where = (parts[0], *(int(x) for x in parts[1 : 3 if parts[0] == "pair" else 2]))
        except (IndexError, ValueError):
            return False
    if where[0] in ("drug", "pair") and where[1] >= p.drug_count():
        return True
    if where[0] == "reaction" and where[1] >= p.reaction_count():
        return True
    if where[0] == "pair" and where[2] >= p.reaction_count():
        return True
    return where[0] == "other" and str(where[1]).casefold() not in {n.casefold() for n in p.concomitant()}


def answer(p: Partial, q: Question, value: Value) -> None:
    """Record an answer, and take out the answers of questions it makes moot (a rechallenge changed to "not
    done" takes what was given again with it): what the plan no longer asks never stays in the case."""
    before, basic = plan(p), {x.key for x in _case_questions(p)}
    q.put(p, value)
    now = {x.key for x in plan(p)}
    complete = p.lists_complete()
    for gone in before:
        if gone.key in now or _beyond_the_lists(p, gone):
            continue
        if not complete and gone.key not in basic:
            continue  # a list reopened: the pairs come back as they were once it is complete again
        gone.clear(p)


def next_question(p: Partial) -> Question | None:
    return next((q for q in _questions(p) if not q.answered(p)), None)


def data(p: Partial) -> dict[str, Any]:
    """The case so far, as the case-file reader reads it."""
    return case_data(p, _cause_labels)


# --- saving changes to an existing case (its history) --------------------------------------------------------


def history_questions(*, by: bool, reason: str | None) -> list[Question]:
    """What saving changes to an existing case asks, for its history: who makes them, where the case names
    no assessor (``by``); and why, where a reason is needed (``reason`` says why it is needed)."""
    qs = []
    if by:
        qs.append(
            Question(
                "save.by",
                Kind.TEXT,
                "Your name, for the case's history of changes",
                "Review",
                "changed by",
            )
        )
    if reason is not None:
        qs.append(
            Question(
                "save.reason",
                Kind.TEXT,
                f"Reason for these changes ({reason})",
                "Review",
                "reason for the changes",
            )
        )
    return qs


# --- a case file to start from (`causality assess --from FILE`) ----------------------------------------------


def from_case(case: M.Case) -> Partial:
    """The partial case of an interview started from ``case``: its data as written (so whatever the
    interview does not ask stays exactly as it was), and the interview's own answers that it implies."""
    import dataclasses
    import json

    from causality.casefile import to_data

    doc = json.loads(json.dumps(to_data(dataclasses.replace(case, shorthand=False)), default=str))
    p = Partial(doc)
    for name, items in (("drug", case.suspect_drugs), ("reaction", case.reactions)):
        for k in range(len(items)):
            p.progress[f"{name}.{k}.more"] = "yes" if k < len(items) - 1 else "no"
    if not case.concomitant_drugs:
        p.progress["concomitant"] = ""
    from causality.catalogue import checklist_for

    for i, j in p.pairs():
        key, facts = f"pair.{i}.{j}", p.facts(i, j)
        if j > 0:
            p.progress[f"{key}.copy"] = "no"  # a file holds each pair's facts in full
        if (pair := p.root(("pair", i, j))) is None:
            continue
        ticked = [
            tick
            for tick, (name, none) in EVIDENCE_NONE.items()
            if facts.get(name) and (none is None or word(facts.get(name), "outcome") != none)
        ]
        p.progress[f"{key}.evidence"] = ticked
        by_label = {c.label.casefold(): c.id for c in checklist_for(p.reaction_term(j)).causes}
        chosen, own = [], 0
        for cause in (pair.get("facts") or {}).get("alternative_causes") or []:
            name = str(cause.get("cause", ""))
            if name.casefold() in by_label:
                chosen.append(by_label[name.casefold()])
            elif name.endswith(" (another drug)"):
                chosen.append(f"drug:{name.removesuffix(' (another drug)')}")
            else:
                p.progress[f"{key}.own:{own}"] = name
                own += 1
        p.progress[f"{key}.causes"] = chosen
        p.progress[f"{key}.own:{own}"] = ""
    # What the file leaves out of an optional field is not known: not asked, unless it goes with a question
    # the file does not answer (the source of an answer still to be given is asked with it).
    changed = True
    while changed:
        changed = False
        before = None
        for q in plan(p):
            if q.absent is not None and q.value(p) is None:
                q.put(p, q.absent)  # what the file says by leaving it out
                changed = True
            if not q.optional:
                before = q
            elif not q.measured and q.value(p) is None and (before is None or before.answered(p)):
                p.progress[q.key] = ""
                changed = True
    return p


# --- drafts of earlier versions, which kept answers by question key ---------------------------------------------


# Judgements an earlier draft may hold that the plan asks only while Certain is within reach.
_KEPT_WHILE_PREMISE_HOLDS = {
    "response": ("facts", "dechallenge", "response"),
    "rechallenge_needed": ("facts", "rechallenge", "needed"),
}


def replay(answers: dict[str, Value], base: dict[str, Any] | None = None) -> Partial:
    """The partial case that the answers of an earlier draft (kept by question key) make, laid over the
    case data it started from: each answer is given again to its question, in the order they are asked."""
    p = Partial(base if isinstance(base, dict) else {})
    if isinstance(base, dict) and base.get("suspect_drugs"):
        from causality.casefile import read_case

        case, problems = read_case("draft", base)
        if case is not None and not problems:
            p = from_case(case)
    given: set[str] = set()
    changed = True
    while changed:
        changed = False
        for q in plan(p):
            if q.key in answers and q.key not in given and q.validate(answers[q.key]) is None:
                q.put(p, answers[q.key])
                reason = answers.get(f"{q.key}.reason")  # a file's reason, kept while the answer held
                if (
                    isinstance(q.fills, At)
                    and q.fills.keep
                    and isinstance(reason, str)
                    and reason
                    and (answers.get(f"{q.key}.reason_for") == answers[q.key])
                ):
                    q.fills.put_reason(p, reason)
                given.add(q.key)
                changed = True
                break  # the plan may change with every answer
    for name, path in _KEPT_WHILE_PREMISE_HOLDS.items():  # not asked again, so not in the plan to replay
        for key, value in answers.items():
            parts = key.split(".")
            if len(parts) == 4 and parts[0] == "pair" and parts[3] == name and isinstance(value, str):
                where = ("pair", int(parts[1]), int(parts[2]))
                if p.root(where) is not None:
                    At(where, path).put(p, value)
    for key, value in answers.items():  # the review's overrides, each with its reason
        parts = key.split(".")
        if (
            parts[0] != "pair"
            or len(parts) != 5
            or not isinstance(value, str)
            or parts[3] not in ("naranjo", "who_umc", "instrument")
        ):
            continue
        pair = p.root(("pair", int(parts[1]), int(parts[2])), create=True)
        if pair is not None:
            reason = answers.get(f"{key}.reason") or ""
            group, word_ = ("instruments", "use") if parts[3] == "instrument" else (parts[3], "answer")
            pair.setdefault(group, {})[parts[4]] = {word_: value, "reason": reason}
    for key, value in answers.items():
        parts = key.split(".")
        if parts[0] == "pair" and len(parts) == 4 and parts[3] == "who_override" and isinstance(value, str):
            pair = p.root(("pair", int(parts[1]), int(parts[2])), create=True)
            if pair is not None:
                pair["who_umc_override"] = {"category": value, "reason": answers.get(f"{key}.reason") or ""}
    return p
