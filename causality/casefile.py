"""Case files (YAML or JSON): read, validate, write.

Two shapes are read. The full case lists patient, drugs, reactions and one assessment per
suspect-drug x reaction pair. The interchange shorthand (a contract other tools rely on) holds one pair:

    case_id: C-1
    drug: amoxicillin
    reaction: urticaria
    naranjo: {q1: yes, q2: yes, q5: no}          # missing items are "unknown"
    who_umc: {timing: reasonable, alternatives: unlikely}

Every problem in every file is collected before anything is scored (`InputError`).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from functools import cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from causality import dates
from causality import schema as S
from causality.answers import Answer, AnswerSource
from causality.declared import adapt, hints, read_field, read_value, special, write_value
from causality.declared import check as declared_check
from causality.errors import InputError, Problem
from causality.instruments import naranjo as N
from causality.instruments import who_umc as W
from causality.model import (
    AssessmentRole,
    Case,
    DechallengeOutcome,
    Drug,
    DrugLevel,
    Facts,
    Given,
    InstrumentChoice,
    Outcome,
    Override,
    PairAssessment,
    Patient,
    Person,
    Reaction,
    Use,
)
from causality.onset import RelativeOnset
from causality.validate import Reader, join
from causality.vocab import normalise_word

if TYPE_CHECKING:
    from pathlib import Path

E = TypeVar("E", bound=StrEnum)

SUFFIXES = (".yaml", ".yml", ".json")

# The fields each mapping allows, from the one declaration of the case file (built once, at import).
CASE_FIELDS = S.CASE.keys
_PAIR_FIELDS = S.PAIR.keys  # then the instruments' answers: pair_fields()
FACT_FIELDS = S.FACTS.keys
DRUG_FIELDS = S.DRUG.keys
REACTION_FIELDS = S.REACTION.keys
LAB_FIELDS = S.LABS.keys
CONSEQUENCE_FIELDS = S.CONSEQUENCES.keys
PATIENT_FIELDS = S.PATIENT.keys
_SERIOUSNESS = S.REACTION["seriousness"].entry.enum
_TREATMENT = S.REACTION["treatment_given"]
_ASSESSED_AT = S.CASE["assessed_at"]
_NO_NAMES = {"name": "patient names are not stored: keep the case de-identified (age, sex, weight only)"}


# --- what the instruments add to a pair ----------------------------------------------------------------


@cache
def further_ids() -> tuple[str, ...]:
    """The per-pair instruments, which a pair may add or skip under ``instruments``."""
    from causality.instruments import registry

    return tuple(i.id for i in registry.further())


@cache
def answer_maps() -> tuple[str, ...]:
    """The per-pair instruments whose answers a file may state under the instrument's own key."""
    from causality.instruments import registry

    return tuple(i.id for i in registry.further() if i.given_answers())


def _given_allowed(name: str) -> Mapping[str, tuple[str, ...]]:
    from causality.instruments import registry

    return registry.get(name).given_answers()


def _alden_allowed() -> Mapping[str, tuple[str, ...]]:
    """ALDEN's answers are stated per drug, under the drug's ``alden``."""
    from causality.instruments.alden.entry import drug_answers

    return drug_answers()


def _liver_courses() -> tuple[str, ...]:
    from causality.instruments.rucam.scorer import Course

    return tuple(Course)


@cache
def pair_fields() -> tuple[str, ...]:
    return (*_PAIR_FIELDS, *(f.name for f in S.pair_instrument_fields()))


@cache
def shorthand_fields() -> tuple[str, ...]:
    return ("case_id", *(name for name in pair_fields() if name not in S.FULL_CASE_ONLY))


# Who made an assessment of a pair, when, and in which role: read and written from their declaration.
_WHO = tuple(S.PAIR[name] for name in ("assessor", "assessed_at", "role", "reason"))


def _recorded(r: Reader, m: Mapping[str, Any], case: Case) -> None:
    """The case's history and signatures (a full case's), and whether each signature still holds."""
    if m.get("history") is not None:
        case.history = _declared_list(r, m, S.HISTORY)
    if m.get("signatures") is not None:
        case.signatures = _declared_list(r, m, S.SIGNATURES)
        if case.signatures and not r.problems:
            from causality.audit import check_signatures  # only for a signed case

            check_signatures(case)


def _declared_list(r: Reader, m: Mapping[str, Any], f: S.Field) -> list[Any]:
    return r.items(m, f.name, "", lambda v, p: read_value(r, v, f.entry, p))


def _liver_course(r: Reader, value: object, path: str) -> str | None:
    """RUCAM's words for the course of the liver tests after stopping (the instrument owns them)."""
    if not isinstance(value, str) or value not in _liver_courses():
        r.problem(path, f"'{value}' is not allowed", ", ".join(_liver_courses()))
        return None
    return value


special("liver_course", _liver_course, lambda value: value)


def _declared(r: Reader, value: object, f: S.Field, path: str) -> Any:
    """A part of the case read field by field from its declaration; None when absent or unreadable."""
    return None if value is None else read_value(r, value, f, path)


# --- reading ---------------------------------------------------------------------------------------


def _drug(r: Reader, value: object, path: str) -> Drug | None:
    """A drug; a bare name is enough for a concomitant drug."""
    drug: Drug | None = read_value(r, value, S.DRUG, path)
    return drug


def _stop_after_start(r: Reader, drug: Drug, path: str) -> None:
    if drug.start and drug.stop and drug.stop < drug.start:
        r.problem(join(path, "stop"), f"stop date {drug.stop} is before the start date {drug.start}")


def _onset_read(values: dict[str, Any]) -> dict[str, Any]:
    """A reaction's onset is a date or a time after a dose: two attributes of the model."""
    onset = values.pop("onset", None)
    if isinstance(onset, RelativeOnset):
        values["onset_relative"] = onset
    elif onset is not None:
        values["onset"] = onset
    return values


def _onset_write(reaction: Reaction) -> dict[str, Any]:
    return {"onset": reaction.onset if reaction.onset_relative is None else reaction.onset_relative}


def _reaction(r: Reader, value: object, path: str) -> Reaction | None:
    reaction: Reaction | None = read_value(r, value, S.REACTION, path)
    return reaction


_GIVEN_KEYS = ("answer", "reason", "source")


def _answer_source(r: Reader, m: Mapping[str, Any], path: str) -> AnswerSource:
    """Where a given answer was entered: ``source: assessment`` when the interview asked it."""
    return r.enum(m, "source", AnswerSource, path) or AnswerSource.CASE_FILE


def _given_word(r: Reader, value: object, allowed: tuple[str, ...], path: str) -> Given[str] | None:
    """``L7: yes`` or ``L7: {answer: yes, reason: "..."}`` with the answer one of ``allowed``."""
    reason = None
    if isinstance(value, dict):
        m = r.mapping(value, path, _GIVEN_KEYS, required=("answer",))
        if m is None or m.get("answer") is None:
            return None
        value, reason, source = m["answer"], r.text(m, "reason", path), _answer_source(r, m, path)
        path = join(path, "answer")
    else:
        source = AnswerSource.CASE_FILE
    word = normalise_word(value) if isinstance(value, str) else None
    if word not in allowed:
        r.problem(path, f"'{value}' is not allowed", ", ".join(allowed))
        return None
    return Given(word, reason, source)


def _given_map(
    r: Reader, value: object, allowed_of: Callable[[], Mapping[str, tuple[str, ...]]], path: str
) -> dict[str, Given[str]]:
    if value is None:
        return {}
    allowed = allowed_of()  # only now: it imports the instrument
    m = r.mapping(value, path, allowed)
    out = {}
    for key, answer in (m or {}).items():
        if key in allowed and (given := _given_word(r, answer, allowed[key], join(path, key))) is not None:
            out[key] = given
    return out


def _instrument_choices(r: Reader, value: object, path: str) -> dict[str, InstrumentChoice]:
    """``george: add`` or ``george: {use: skip, reason: "..."}``, per further instrument."""
    if value is None:
        return {}
    m = r.mapping(value, path, further_ids())
    out = {}
    for key, stated in (m or {}).items():
        if key not in further_ids():
            continue
        where, reason, word = join(path, key), None, stated
        if isinstance(stated, dict):
            sub = r.mapping(stated, where, ("use", "reason"), required=("use",))
            if sub is None or sub.get("use") is None:
                continue
            word, reason, where = sub["use"], r.text(sub, "reason", where), join(where, "use")
        use = r.choice(word, Use, where)
        if use is not None:
            out[key] = InstrumentChoice(use, reason)
    return out


def _person(r: Reader, m: Mapping[str, Any], key: str) -> Person | None:
    person: Person | None = _declared(r, m.get(key), S.CASE[key], key)
    return person


def _patient(r: Reader, m: Mapping[str, Any]) -> Patient:
    patient: Patient | None = _declared(r, m.get("patient"), S.PATIENT, "patient")
    return patient or Patient()


def _given(r: Reader, value: object, cls: type[E], path: str) -> Given[E] | None:
    """``q5: no`` or ``q5: {answer: no, reason: "..."}``."""
    if isinstance(value, dict):
        m = r.mapping(value, path, _GIVEN_KEYS, required=("answer",))
        if m is None or m.get("answer") is None:
            return None
        answer, reason = r.enum(m, "answer", cls, path), r.text(m, "reason", path)
        source = _answer_source(r, m, path)
    else:
        answer, reason, source = r.choice(value, cls, path), None, AnswerSource.CASE_FILE
    return Given(answer, reason, source) if answer is not None else None


def _pair(r: Reader, m: Mapping[str, Any], path: str, shorthand: bool = False) -> PairAssessment | None:
    drug, reaction = r.text(m, "drug", path, required=True), r.text(m, "reaction", path, required=True)
    pair = PairAssessment(
        drug=drug or "",
        reaction=reaction or "",
        notes=r.text(m, "notes", path),
        conclusion=r.text(m, "conclusion", path),
    )
    if m.get("facts") is not None:
        pair.facts = _declared(r, m["facts"], S.FACTS, join(path, "facts")) or Facts()
        level = pair.facts.drug_level
        if level is not None and level.outcome is DrugLevel.NOT_MEASURED and level.value is not None:
            r.problem(join(path, "facts.drug_level.value"), "a value is given, but the level is 'not_measured'",
                      "leave out the outcome, or the value")  # fmt: skip
    if m.get("naranjo") is not None:
        where = join(path, "naranjo")
        stated = m["naranjo"]
        if (
            isinstance(stated, dict) and "category" in stated
        ):  # published tables state it; here it is computed
            stated = {k: v for k, v in stated.items() if k != "category"}
            r.problem(join(where, "category"), _naranjo_category_said(m["naranjo"]["category"]),
                      f"q1 to q10 only (Naranjo: {', '.join(N.Category)}, computed from them)")  # fmt: skip
        answers = r.mapping(stated, where, N.ITEM_BY_ID)
        for key, value in (answers or {}).items():
            if key in N.ITEM_BY_ID and (given := _given(r, value, Answer, join(where, key))) is not None:
                pair.naranjo[key] = given
    if m.get("who_umc") is not None:
        where = join(path, "who_umc")
        inputs = r.mapping(m["who_umc"], where, W.INPUT_TYPES)
        for key, value in (inputs or {}).items():
            if (
                key in W.INPUT_TYPES
                and (g := _given(r, value, W.INPUT_TYPES[key], join(where, key))) is not None
            ):
                pair.who_umc[key] = g
    for name in answer_maps():
        if answers := _given_map(r, m.get(name), partial(_given_allowed, name), join(path, name)):
            pair.answers[name] = answers
    pair.instruments = _instrument_choices(r, m.get("instruments"), join(path, "instruments"))
    who = {f.name: read_field(r, m, f, path) for f in _WHO if not (shorthand and f.name in S.FULL_CASE_ONLY)}
    pair.assessor, pair.assessed_at, pair.reason = who["assessor"], who.get("assessed_at"), who.get("reason")
    pair.role = who.get("role") or AssessmentRole.INDEPENDENT
    if pair.role.final and not pair.reason:
        article = "an" if pair.role.value[0] in "aeiou" else "a"
        r.problem(join(path, "reason"), f"{article} {pair.role.value} assessment needs the reason for its result",
                  "the reason, in words")  # fmt: skip
    if m.get("who_umc_override") is not None:
        where = join(path, "who_umc_override")
        sub = r.mapping(m["who_umc_override"], where, ("category", "reason"), required=("category", "reason"))
        if sub is not None:
            category, reason = _who_umc_category(r, sub, where), r.text(sub, "reason", where)
            if category is not None and reason:
                pair.who_umc_override = Override(category, reason)
    return pair if drug and reaction else None


def _naranjo_category_said(word: object) -> str:
    """Why a Naranjo category is not stated, naming the other scale's words where the word is one of them."""
    said = "the Naranjo category is computed from the answers, not stated"
    if isinstance(word, str) and word.strip().lower() in W.Category._value2member_map_:
        return f"'{word}' is a WHO-UMC category (WHO-UMC: {', '.join(W.Category)}), not a Naranjo one; {said}"
    return said


def _who_umc_category(r: Reader, m: Mapping[str, Any], path: str) -> W.Category | None:
    """A WHO-UMC category; a Naranjo word there (published papers mix the scales) is named as such."""
    word = m.get("category")
    if isinstance(word, str) and word.strip().lower() not in W.Category._value2member_map_:
        naranjo = N.Category._value2member_map_.get(word.strip().lower())
        if naranjo is not None:
            r.problem(join(path, "category"),
                      f"'{word}' is a Naranjo category (Naranjo: {', '.join(N.Category)}); WHO-UMC has its own words",
                      ", ".join(W.Category))  # fmt: skip
            return None
    return r.enum(m, "category", W.Category, path)


def _case_id(r: Reader, m: Mapping[str, Any]) -> str:
    return r.text(m, "case_id", "", required=True) or ""


def read_case(source: str, data: object) -> tuple[Case | None, list[Problem]]:
    """Validate one file's parsed content; returns the case (None if unusable) and every problem."""
    r = Reader(source)
    if not isinstance(data, dict):
        r.problem(
            "(top level)",
            f"must be a mapping of fields, got {'nothing' if data is None else type(data).__name__}",
        )
        return None, r.problems
    if "drug" in data or "reaction" in data:
        m = r.mapping(data, "", shorthand_fields())
        assert m is not None
        case = Case(case_id=_case_id(r, m), source=source, shorthand=True)
        pair = _pair(r, m, "", shorthand=True)
        if pair is not None:
            case.suspect_drugs = [Drug(pair.drug)]
            case.reactions = [Reaction(pair.reaction)]
            case.assessments = [pair]
            case.assessor = pair.assessor  # the shorthand's one assessor is the case's
        return (case if not r.problems else None), r.problems

    m = r.mapping(data, "", CASE_FIELDS)
    assert m is not None
    case = Case(
        case_id=_case_id(r, m),
        source=source,
        patient=_patient(r, m),
        suspect_drugs=r.items(m, "suspect_drugs", "", lambda v, p: _drug(r, v, p), required=True),
        concomitant_drugs=r.items(m, "concomitant_drugs", "", lambda v, p: _drug(r, v, p)),
        reactions=r.items(m, "reactions", "", lambda v, p: _reaction(r, v, p), required=True),
        reporter=_person(r, m, "reporter"),
        assessor=_person(r, m, "assessor"),
        notes=r.text(m, "notes", ""),
        assessed_at=r.timestamp(m, "assessed_at", ""),
    )

    def pair_of(value: object, path: str) -> PairAssessment | None:
        sub = r.mapping(value, path, pair_fields())
        return _pair(r, sub, path) if sub is not None else None

    case.assessments = r.items(m, "assessments", "", pair_of, required=True)
    _check_references(r, case)
    dates.check(r, case, dt.date.today())  # noqa: DTZ011 - the clinician's own calendar day
    _recorded(r, m, case)
    return (case if not r.problems else None), r.problems


def _check_references(r: Reader, case: Case) -> None:
    for listed, names in (
        ("suspect_drugs", [d.name for d in case.suspect_drugs]),
        ("reactions", [x.term for x in case.reactions]),
    ):
        folded = [n.casefold() for n in names]
        for index, name in enumerate(names):
            if name.casefold() in folded[:index]:
                r.problem(join(listed, index), f"'{name}' is listed twice")
    for group, drugs in (
        ("suspect_drugs", case.suspect_drugs),
        ("concomitant_drugs", case.concomitant_drugs),
    ):
        for index, listed_drug in enumerate(drugs):
            where = join(group, index)
            target = listed_drug.interacts_with
            if target is not None and case.drug(target) is None:
                others = ", ".join(x.name for x in case.suspect_drugs if x is not listed_drug)
                r.problem(join(where, "interacts_with"), f"'{target}' is not another suspect drug of this case",
                          others or "a suspect drug's name")  # fmt: skip
    seen: set[tuple[str, str, str, AssessmentRole]] = set()
    for index, pair in enumerate(case.assessments):
        path = join("assessments", index)
        if case.drug(pair.drug) is None:
            r.problem(join(path, "drug"), f"'{pair.drug}' is not a suspect drug of this case",
                      ", ".join(d.name for d in case.suspect_drugs) or "a suspect_drugs name")  # fmt: skip
        if case.reaction(pair.reaction) is None:
            r.problem(join(path, "reaction"), f"'{pair.reaction}' is not a reaction of this case",
                      ", ".join(x.term for x in case.reactions) or "a reactions term")  # fmt: skip
        reaction = case.reaction(pair.reaction)
        d = pair.facts.dechallenge
        if (
            d is not None
            and d.outcome is DechallengeOutcome.NOT_APPLICABLE
            and reaction is not None
            and reaction.outcome is Outcome.RECOVERED
        ):
            r.problem(join(path, "facts.dechallenge"),
                      f"'not_applicable' means an irreversible event, but {reaction.term} recovered",
                      "improved_after_last_dose, for a single dose or a course already ended")  # fmt: skip
        # Several assessments of one pair are allowed when they differ in assessor or role.
        assessor = pair.assessor_of(case)
        name = assessor.name if assessor is not None and assessor.name else ""
        key = (pair.drug.casefold(), pair.reaction.casefold(), " ".join(name.casefold().split()), pair.role)
        if key in seen:
            by = (f" by {name}" if name else "") + (f" as {pair.role.value}" if pair.role.final else "")
            r.problem(path, f"the pair {pair.drug} x {pair.reaction} is assessed twice{by}")
        seen.add(key)


def parse_text(source: str, text: str) -> tuple[object, list[Problem]]:
    if source.lower().endswith(".json"):
        import json

        def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [k for k, _ in pairs]
            duplicates = sorted({k for k in keys if keys.count(k) > 1})
            if duplicates:
                raise ValueError(f"field '{duplicates[0]}' is given twice")
            return dict(pairs)

        def constant(name: str) -> float:
            # NaN, Infinity, -Infinity: read as the numbers they are, so that the field holding one is
            # named when it is refused (no field of a case takes them).
            return float(name)

        def whole(digits: str) -> int | str:
            # A number too long for any field stays text, so the field that holds it is named.
            return int(digits) if len(digits) <= 30 else digits

        try:
            data = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=constant, parse_int=whole)
            if "\\u" in text and (where := _unpaired_surrogate(data, "")) is not None:
                # "\ud800" alone is valid JSON but no text: it could be neither shown nor written out.
                return None, [Problem(source, where or "(top level)", "holds an escape (\\ud800 to \\udfff) "
                                      "that is half of a character, not text")]  # fmt: skip
            return data, []
        except RecursionError:
            where = _json_too_deep(text)
            return None, [Problem(source, where, "not valid JSON: nested too deeply for a case file")]
        except json.JSONDecodeError as exc:
            return None, [Problem(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}")]
        except ValueError as exc:
            return None, [Problem(source, _json_duplicate(text, str(exc)), f"not valid JSON: {exc}")]
    from causality import yamlio  # here, not at the top: a JSON case never needs it (10 ms to import)

    try:
        return yamlio.load(text), []
    except RecursionError:
        return None, [Problem(source, "", "not valid YAML: nested too deeply for a case file")]
    except yamlio.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = getattr(exc, "position", None)  # a character YAML refuses (ReaderError) has no mark
        where = (
            f"line {mark.line + 1}"
            if mark is not None
            else _line(text, position)
            if isinstance(position, int)
            else ""
        )
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(source, where, f"not valid YAML: {what}")]
    except (ValueError, TypeError) as exc:  # a value the YAML constructors cannot build (explicit tags)
        return None, [Problem(source, "", f"not valid YAML: {exc}")]


def _unpaired_surrogate(data: object, path: str) -> str | None:
    """The path of the first key or text holding half a character (a lone UTF-16 surrogate), or None."""
    from causality.validate import join

    if isinstance(data, str):
        return None if data.isascii() or not any("\ud800" <= c <= "\udfff" for c in data) else path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        where = join(path, key)
        if isinstance(key, str) and _unpaired_surrogate(key, where) is not None:
            return where
        if (found := _unpaired_surrogate(value, where)) is not None:
            return found
    return None


def _line(text: str, position: int) -> str:
    return f"line {text.count(chr(10), 0, position) + 1}"


# JSON's parser says neither where it ran out of depth nor where a key was repeated: found again here,
# only when it has failed, so that the message names the line.
_JSON_TOKENS = r'"(?:[^"\\]|\\.)*"|[\[\]{}]'
_JSON_DEPTH = 200


def _json_too_deep(text: str) -> str:
    import re

    depth = 0
    for token in re.finditer(_JSON_TOKENS, text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > _JSON_DEPTH:
                return _line(text, token.start())
        elif bracket in "]}":
            depth -= 1
    return "(top level)"


def _json_duplicate(text: str, message: str) -> str:
    import json
    import re

    key = message.partition("field '")[2].rpartition("' is given twice")[0]
    if not key:
        return "(top level)"
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return _line(text, found[1]) if len(found) > 1 else "(top level)"


def iter_case_files(paths: Iterable[str], problems: list[Problem], stdin: bool = False) -> Iterator[str]:
    """The case files under ``paths``, one at a time, in a stable order (folders walked sorted, hidden
    entries skipped); the problems with the paths themselves are appended to ``problems``. Lazy: a list
    of a million paths is a few hundred megabytes. With ``stdin``, "-" stands for standard input."""
    seen: set[tuple[int, int]] = set()  # folders read so far, by device and inode
    for raw in paths:
        if stdin and raw == STDIN:
            yield raw
            continue
        if not raw:  # `causality score "$CASES"` with the variable unset
            problems.append(Problem('""', "", "an empty name: no such file or folder"))
            continue
        name = normalised(raw)  # "x.yaml/." is the file x.yaml, as pathlib reads it
        try:
            mode = os.stat(name).st_mode  # noqa: PTH116 - follows a link: a link to a folder is a folder
        except OSError as exc:
            gone = exc.errno in (errno.ENOENT, errno.ENOTDIR)
            problems.append(
                Problem(raw, "", "no such file or folder" if gone else f"cannot be read: {exc.strerror}")
            )
            continue
        if stat.S_ISDIR(mode):
            yield from _folder_files(raw, problems, seen)
        elif (why := _not_regular(mode)) is not None:
            problems.append(Problem(raw, "", why))  # a pipe or device would block or never end
        elif _suffix(name).lower() not in SUFFIXES:
            problems.append(Problem(raw, "", "not a case file", ", ".join(SUFFIXES)))
        else:
            yield name


def _folder_files(raw: str, problems: list[Problem], seen: set[tuple[int, int]]) -> Iterator[str]:
    """The case files of one folder and the folders in it, links to folders included (cases gathered
    from several places); a folder reached twice in the batch (a link loop, two links to one folder, a
    linked folder also named on the command line) is read once, and one that cannot be read is a problem,
    not a silent gap in the batch."""
    found = False
    unlisted: list[OSError] = []
    for root, dirs, names in os.walk(raw, onerror=unlisted.append, followlinks=True):  # faster than rglob
        try:
            st = os.stat(root)  # noqa: PTH116 - a Path per folder costs, and root is a str already
        except OSError as exc:
            unlisted.append(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            found = found or root == raw  # its cases are in the batch already
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = normalised(root)  # "./cases/" is "cases", once a folder
        for n in sorted(names):
            if n.lower().endswith(SUFFIXES) and not n.startswith("."):
                found = True
                yield n if folder == "." else os.path.join(folder, n)  # noqa: PTH118 - a Path per file costs
    for error in unlisted:
        where = normalised(error.filename) if error.filename else raw  # named as its files are
        problems.append(Problem(where, "", f"folder cannot be read: {error.strerror or error}"))
    if not found and not unlisted:
        problems.append(Problem(raw, "", f"no case files in this folder (looked for {', '.join(SUFFIXES)})"))


def normalised(name: str) -> str:
    """The name as pathlib writes it ("./cases/" is "cases", "a//b" is "a/b"; ".." kept), without
    importing pathlib, a twentieth of the start-up of `causality score FILE`."""
    if os.sep != "/":
        from pathlib import Path

        return str(Path(name))
    root = "//" if name.startswith("//") and not name.startswith("///") else "/" if name[:1] == "/" else ""
    return root + "/".join(part for part in name.split("/") if part and part != ".") or "."


def _suffix(name: str) -> str:
    """The last dot and what follows it in the last part of a normalised name, as pathlib's suffix."""
    last = name.rpartition("/")[2]
    i = last.rfind(".")
    return last[i:] if 0 < i < len(last) - 1 else ""


def find_files(paths: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    from pathlib import Path

    problems: list[Problem] = []
    return [Path(name) for name in iter_case_files(paths, problems)], problems


MAX_BYTES = 5 * 1024 * 1024  # a case file is a few kilobytes; anything this large is not one


def not_regular(path: Path) -> str | None:
    """Why ``path`` is not a file to read (a pipe or device would block or never end), or None."""
    try:
        mode = path.stat().st_mode  # follows a link: a link to /dev/zero is a device
    except OSError:
        return None  # reading says why
    return _not_regular(mode)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else (
        "a socket" if stat.S_ISSOCK(mode) else "not a regular file")  # fmt: skip
    return f"{kind}, not a case file: it is not read"


STDIN = "-"


def load_stdin() -> tuple[Case | None, list[Problem]]:
    """One case piped in (YAML, or JSON, which YAML reads too), named "-" in messages."""
    import io
    import sys

    if sys.stdin is None:  # started with standard input closed (`<&-`)
        return None, [Problem(STDIN, "", "standard input is closed: there is no case to read")]
    raw = getattr(sys.stdin, "buffer", None)
    try:
        if raw is None:  # a text stream with no bytes beneath it (embedding, tests)
            text = sys.stdin.read(MAX_BYTES + 1)
        else:
            # UTF-8 as a case file is read, whatever the locale or PYTHONIOENCODING say of the terminal.
            reader = io.TextIOWrapper(raw, encoding="utf-8")
            try:
                text = reader.read(MAX_BYTES + 1)
            finally:
                reader.detach()  # standard input stays open for sys.stdin
    except UnicodeDecodeError:
        return None, [Problem(STDIN, "", "cannot be read: not UTF-8 text")]
    if len(text) > MAX_BYTES:
        return None, [Problem(STDIN, "", "larger than 5 MB: a case file is a few kilobytes")]
    data, problems = parse_text(STDIN, text)
    if problems:
        return None, problems
    return read_case(STDIN, data)


def load_file(path: Path | str) -> tuple[Case | None, list[Problem]]:
    """Read, parse and validate one file."""
    name = str(path)  # os rather than pathlib: one stat and one open per file of a batch
    try:
        found = os.stat(name)  # noqa: PTH116 - follows a link: a link to /dev/zero is a device
        if (why := _not_regular(found.st_mode)) is not None:
            return None, [Problem(name, "", why)]
        if found.st_size > MAX_BYTES:
            return None, [Problem(name, "", "larger than 5 MB: a case file is a few kilobytes")]
        with open(name, encoding="utf-8") as handle:  # noqa: PTH123
            text = handle.read()
    except OSError as exc:
        return None, [Problem(name, "", f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return None, [Problem(name, "", "cannot be read: not UTF-8 text")]
    data, problems = parse_text(name, text)
    if problems:
        return None, problems
    return read_case(name, data)


def load_cases(paths: Iterable[str]) -> list[Case]:
    """Read and validate every file; raise InputError listing every problem if any has one."""
    files, problems = find_files(paths)
    cases: list[Case] = []
    for path in files:
        case, file_problems = load_file(path)
        problems.extend(file_problems)
        if case is not None:
            cases.append(case)
    if problems:
        raise InputError(problems)
    return cases


# --- writing ---------------------------------------------------------------------------------------


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], {}, "")}


def _drug_data(d: Drug) -> dict[str, Any]:
    data = write_value(d, S.DRUG)
    return {"name": data} if isinstance(data, str) else dict(data)  # always a mapping, as files have it


def _given_word_data(g: Given[Any], word: str) -> Any:
    """A given answer as the file has it: the word alone, or with its reason and where it was entered."""
    if not g.reason and g.source is AnswerSource.CASE_FILE:
        return word
    out: dict[str, Any] = {"answer": word}
    if g.reason:
        out["reason"] = g.reason
    if g.source is not AnswerSource.CASE_FILE:
        out["source"] = g.source.value
    return out


def _given_map_data(answers: Mapping[str, Given[str]]) -> dict[str, Any]:
    return {k: _given_word_data(g, g.value) for k, g in answers.items()}


def _number(value: float | None) -> float | int | None:
    return value if value is None or value % 1 else int(value)


def _given_data(g: Given[Any]) -> Any:
    return _given_word_data(g, g.value.value)


def _pair_data(p: PairAssessment) -> dict[str, Any]:
    return _drop_empty(
        {
            "drug": p.drug,
            "reaction": p.reaction,
            "facts": write_value(p.facts, S.FACTS),
            "naranjo": {k: _given_data(g) for k, g in p.naranjo.items()},
            "who_umc": {k: _given_data(g) for k, g in p.who_umc.items()},
            "who_umc_override": p.who_umc_override
            and {"category": p.who_umc_override.category.value, "reason": p.who_umc_override.reason},
            "conclusion": p.conclusion,
            "notes": p.notes,
            **{name: _given_map_data(p.answers.get(name, {})) for name in answer_maps()},
            "instruments": {
                k: {"use": c.use.value, "reason": c.reason} if c.reason else c.use.value
                for k, c in p.instruments.items()
            },
            **{f.name: _who_data(p, f) for f in _WHO},
        }
    )


def _who_data(p: PairAssessment, f: S.Field) -> Any:
    value = getattr(p, f.name)
    return None if f.name == "role" and value is AssessmentRole.INDEPENDENT else write_value(value, f)


def to_data(case: Case) -> dict[str, Any]:
    """The case as plain data in the full shape (or the shorthand, if it was read from one)."""
    if case.shorthand:
        return {"case_id": case.case_id, **_pair_data(case.assessments[0])}

    return _drop_empty(
        {
            "case_id": case.case_id,
            "assessed_at": write_value(case.assessed_at, _ASSESSED_AT),
            "patient": write_value(case.patient, S.PATIENT),
            "suspect_drugs": [_drug_data(d) for d in case.suspect_drugs],
            "concomitant_drugs": [_drug_data(d) for d in case.concomitant_drugs],
            "reactions": [write_value(x, S.REACTION) for x in case.reactions],
            "reporter": write_value(case.reporter, S.CASE["reporter"]),
            "assessor": write_value(case.assessor, S.CASE["assessor"]),
            "assessments": [_pair_data(p) for p in case.assessments],
            "notes": case.notes,
            **_recorded_data(case),
        }
    )


def _recorded_data(case: Case) -> dict[str, Any]:
    """The history and signatures, last in the file, where there are any."""
    return {
        f.name: write_value(getattr(case, f.name), f)
        for f in (S.HISTORY, S.SIGNATURES)
        if getattr(case, f.name)
    }


def dumps(case: Case, fmt: str) -> str:
    data = to_data(case)
    if fmt == "json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    from causality import yamlio

    return yamlio.dump(data)


def mark_assessed(case: Case, now: dt.datetime | None = None) -> Case:
    """Record when the assessment was made: ``now`` (time-zone aware), by default this moment in the
    computer's own time zone, to the minute. ``causality assess`` calls it as it saves the case, so that a
    report prints the assessment date, not the date it was printed."""
    moment = now if now is not None else dt.datetime.now().astimezone()
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the assessment time needs its time zone")
    case.assessed_at = moment.replace(second=0, microsecond=0)
    return case


def write_case(path: Path, case: Case) -> None:
    from causality.atomic import write_atomic  # tempfile and shutil: only when a case is written

    write_atomic(path, dumps(case, "json" if path.suffix.lower() == ".json" else "yaml"))


# How the declared parts read and write what the declaration alone cannot say.
special("alden", lambda r, v, p: _given_map(r, v, _alden_allowed, p), _given_map_data)
declared_check(Drug, _stop_after_start)
adapt(Reaction, _onset_read, _onset_write)
hints(S.PATIENT.name, _NO_NAMES)
