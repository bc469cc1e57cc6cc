"""The declared case schema: the JSON Schema it generates agrees with the case-file reader.

Documents are built from the declarations themselves (every field filled), then spoiled one field at a
time, so a field added to the schema is covered without a new test.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from causality import casefile, yamlio
from causality import schema as S
from causality.cli import cli
from tests.conftest import EXAMPLE_FILES

Path_ = tuple[str | int, ...]


class Yaml12(yaml.SafeLoader):
    """YAML as editors' language servers read it (the 1.2 core schema): ``no`` and dates stay text."""


Yaml12.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("merge", r"<<", "<"),
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", "-+.0123456789"),
):
    Yaml12.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(f"^(?:{pattern})$"), list(first))


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.load(text, Yaml12)


VALIDATOR = Draft202012Validator(S.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(data: object) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(data)]


def reader_problems(data: object) -> list[str]:
    """What the reader says about ``data`` given as YAML text (every scalar arrives as text, as from a file)."""
    text = yamlio.dump(json.loads(json.dumps(data, default=str)))
    _, problems = casefile.read_case("case.yaml", yamlio.load(text))
    return [f"{p.path}: {p.message}" for p in problems]


# --- documents built from the declarations ------------------------------------------------------------


def sample(f: S.Field) -> Any:
    """A valid value for every field below ``f``; instrument-owned answers are left to their own tests."""
    if f.kind is S.Kind.MAPPING:
        return {sub.name: sample(sub) for sub in f.fields if sub.kind is not S.Kind.INSTRUMENT}
    if f.kind is S.Kind.LIST:
        assert f.item is not None
        return [sample(f.item)]
    if f.kind is S.Kind.CHOICE:
        return list(f.enum)[-1].value
    if f.kind is S.Kind.NUMBER:
        return int(f.range[1]) if f.whole else f.range[1]
    if f.kind in (S.Kind.DATE, S.Kind.ONSET):
        return "2024-03-01"
    if f.kind is S.Kind.TIMESTAMP:
        return "2024-03-02T14:05+01:00"
    return "x"  # every name and term is "x", so the assessment refers to the case's drug and reaction


def fields_below(f: S.Field, path: Path_ = ()) -> Iterator[tuple[Path_, S.Field]]:
    """Every field of a document built by ``sample``, with the path to it."""
    for sub in f.fields if f.kind is S.Kind.MAPPING else ():
        if sub.kind is S.Kind.INSTRUMENT:
            continue
        where = (*path, sub.name)
        yield where, sub
        if sub.kind is S.Kind.LIST:
            assert sub.item is not None
            yield (*where, 0), sub.item
            yield from fields_below(sub.item, (*where, 0))
        yield from fields_below(sub, where)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else part
    return out


def spoiled(shape: S.Field, path: Path_, value: object) -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(sample(shape))
    target: Any = doc
    for part in path[:-1]:
        target = target[part]
    if value is KEY:
        target[path[-1]]["no_such_field"] = "x"
    else:
        target[path[-1]] = value
    return doc


KEY = object()  # spoil a mapping by an unknown key
SHAPES = {"case": S.CASE, "shorthand": S.SHORTHAND}


def spoilt_documents() -> Iterator[Any]:
    """(shape, path, spoiled value, what the reader says) for every mapping, word, number and date."""
    for name, shape in SHAPES.items():
        for path, f in fields_below(shape):
            if f.kind is S.Kind.MAPPING:
                yield pytest.param(name, path, KEY, "unknown field", id=f"{name}:{dotted(path)}:unknown-key")
            elif f.kind is S.Kind.CHOICE:
                yield pytest.param(name, path, "maybe", "'maybe' is not allowed", id=f"{name}:{dotted(path)}")
            elif f.kind is S.Kind.NUMBER:
                value = f.range[1] + 1
                yield pytest.param(
                    name, path, value, f"{value:g} is out of range", id=f"{name}:{dotted(path)}"
                )
            elif f.kind is S.Kind.DATE:
                yield pytest.param(
                    name, path, "2024-02-30", "'2024-02-30' is not a date", id=f"{name}:{dotted(path)}"
                )
            elif f.kind is S.Kind.TIMESTAMP:  # a time with no time zone could be anyone's
                yield pytest.param(
                    name,
                    path,
                    "2024-03-02T14:05",
                    "'2024-03-02T14:05' is not a date and time with a time zone",
                    id=f"{name}:{dotted(path)}:no-zone",
                )
        yield pytest.param(name, ("no_such_field",), "x", "unknown field", id=f"{name}:top-level-unknown-key")


@pytest.mark.parametrize("shape", SHAPES)
def test_a_document_with_every_field_filled_is_accepted_by_both(shape: str) -> None:
    doc = sample(SHAPES[shape])
    assert reader_problems(doc) == []
    assert schema_errors(doc) == []


@pytest.mark.parametrize(("shape", "path", "value", "message"), list(spoilt_documents()))
def test_what_the_reader_rejects_the_json_schema_rejects(
    shape: str, path: Path_, value: object, message: str
) -> None:
    doc = spoiled(SHAPES[shape], path, value)
    where = dotted((*path, "no_such_field") if value is KEY else path)
    assert f"{where}: {message}" in reader_problems(doc)
    assert schema_errors(doc)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"case_id": "A", "drug": "d", "reaction": "r", "naranjo": {"q1": "maybe"}}, "naranjo.q1: 'maybe'"),
        ({"case_id": "A", "drug": "d", "reaction": "r", "naranjo": {"q11": "yes"}}, "naranjo.q11: unknown"),
        (
            {"case_id": "A", "drug": "d", "reaction": "r", "who_umc": {"timing": "soon"}},
            "who_umc.timing: 'soon'",
        ),
        ({"case_id": "A", "drug": "d", "reaction": "r", "lcat": {"L1": "unknown"}}, "lcat.L1: 'unknown'"),
        (
            {"case_id": "A", "drug": "d", "reaction": "r", "instruments": {"george": "maybe"}},
            "instruments.george",
        ),
        ({"case_id": "A", "drug": "d"}, "reaction: required field is missing"),
        ({"case_id": "A", "drug": "d", "reaction": " "}, "reaction: must not be empty"),
        ({**sample(S.CASE), "assessments": []}, "assessments: must list at least one"),
        ({**sample(S.CASE), "concomitant_drugs": [{"dose": "1 mg"}]}, "concomitant_drugs[0].name: required"),
    ],
)
def test_answers_and_required_fields_are_rejected_by_both(case: dict[str, Any], message: str) -> None:
    assert any(p.startswith(message) for p in reader_problems(case)), reader_problems(case)
    assert schema_errors(case)


def test_the_words_the_reader_accepts_for_dont_know_are_accepted_by_both() -> None:
    doc = {"case_id": "A", "drug": "d", "reaction": "r", "naranjo": {"q1": "don't know", "q2": "dk"},
           "who_umc": {"timing": {"answer": "unk", "reason": "dates lost"}}}  # fmt: skip
    assert reader_problems(doc) == []
    assert schema_errors(doc) == []


def test_a_concomitant_drug_may_be_a_name_and_a_finding_a_word() -> None:
    doc = sample(S.CASE)
    doc["concomitant_drugs"] = ["paracetamol"]
    doc["assessments"][0]["facts"].update(placebo="not_given", dechallenge="improved", rechallenge="not_done")
    assert reader_problems(doc) == []
    assert schema_errors(doc) == []


# --- the examples, the writer and the command ----------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_validates_against_the_json_schema(path: Path) -> None:
    assert schema_errors(load(path)) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_what_the_writer_writes_validates_against_the_json_schema(path: Path) -> None:
    case, problems = casefile.load_file(path)
    assert case is not None, problems
    assert schema_errors(json.loads(json.dumps(casefile.to_data(case), default=str))) == []


def test_causality_schema_prints_a_valid_draft_2020_12_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == S.json_schema()


def test_importing_the_schema_loads_nothing_heavy() -> None:
    code = (
        "import sys, causality.schema; "
        "print(sorted(m for m in ('jinja2', 'yaml', 'jsonschema', 'questionary') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- one declaration, no copies --------------------------------------------------------------------------


def enum_fields(f: S.Field, obj: object, path: str = "") -> Iterator[tuple[str, S.Field, object, object]]:
    """(path, field, the model object holding it, its value) for every word the reader read below ``f``."""
    for sub in f.fields:
        if sub.kind is S.Kind.INSTRUMENT or obj is None:
            continue
        value = getattr(obj, sub.name)
        where = f"{path}.{sub.name}"
        if sub.kind is S.Kind.CHOICE:
            yield where, sub, obj, value
        elif sub.kind is S.Kind.MAPPING:
            yield from enum_fields(sub, value, where)
        elif sub.kind is S.Kind.LIST and sub.item is not None:
            for entry in value:
                if sub.item.kind is S.Kind.CHOICE:
                    yield where, sub.item, None, entry
                else:
                    yield from enum_fields(sub.item, entry, where)


def test_every_word_the_reader_reads_is_of_the_enumeration_the_schema_declares() -> None:
    case, problems = casefile.read_case("case.yaml", sample(S.CASE))
    assert case is not None, problems
    found = list(enum_fields(S.CASE, case))
    assert len(found) == sum(f.kind is S.Kind.CHOICE for _, f in fields_below(S.CASE))
    for where, f, holder, value in found:
        assert type(value) is f.choices, where  # the model's own class, not a copy of its values
        if holder is not None:
            hint = typing.get_type_hints(type(holder))[f.name]
            if not isinstance(hint, typing.TypeVar):  # Observed[T]: the value's type above says it
                assert f.choices in (hint, *typing.get_args(hint)), where


def test_the_reader_takes_its_field_names_from_the_schema() -> None:
    for names, declared in (
        (casefile.CASE_FIELDS, S.CASE),
        (casefile.FACT_FIELDS, S.FACTS),
        (casefile.DRUG_FIELDS, S.DRUG),
        (casefile.REACTION_FIELDS, S.REACTION),
        (casefile.LAB_FIELDS, S.LABS),
        (casefile.CONSEQUENCE_FIELDS, S.CONSEQUENCES),
        (casefile.PATIENT_FIELDS, S.PATIENT),
    ):
        assert names is declared.keys, declared.name  # the declaration itself, not a copy
    # A pair's own fields, then what the instruments of the registry add (installed ones too).
    added = tuple(f.name for f in S.pair_instrument_fields())
    assert added == ("lcat", "rucam", "george", "schumock_thornton", "instruments")
    assert casefile.pair_fields() == (*S.PAIR.keys, *added)
    assert casefile.shorthand_fields() == (*S.SHORTHAND.keys, *added)


def test_the_interview_checks_the_ranges_the_schema_declares() -> None:
    from causality.instruments.rucam.questions import check_value_and_limit
    from causality.interview.partial import Partial
    from causality.interview.plan import case_questions

    def hepatitis() -> Partial:
        p = Partial({"patient": {"sex": "male"}, "reactions": [{"term": "hepatitis"}]})
        p.progress["reaction.0.care"] = ["longer_stay"]
        return p

    age = next(q for q in case_questions(Partial()) if q.key == "age")
    assert age.validate("130") is None
    assert age.validate("131") == "enter a number from 0 to 130"
    liver = {q.key: q for q in case_questions(hepatitis())}
    assert liver["reaction.0.extra_days"].validate("3650") is None
    assert liver["reaction.0.extra_days"].validate("3651") == "enter a number from 1 to 3650"
    assert liver["alcohol"].validate("101") == "enter a number from 0 to 100"
    assert check_value_and_limit("180/40") is None
    assert check_value_and_limit("0/40") == "value 0.1 to 100000, upper limit 1 to 1000"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-12-02T10:15+01:00", None),
        ("2026-12-02T09:15Z", None),
        ("2026-12-02 09:15:30.5-05:00", None),
        ("2026-12-02T10:15", "'2026-12-02T10:15' is not a date and time with a time zone"),
        ("2026-12-02", "'2026-12-02' is not a date and time with a time zone"),
        ("2024-02-30T10:15Z", "'2024-02-30T10:15Z' is not a date and time with a time zone"),
        ("yesterday", "'yesterday' is not a date and time with a time zone"),
    ],
)
def test_the_assessment_time_needs_a_real_date_and_a_time_zone(value: str, problem: str | None) -> None:
    doc = sample(S.CASE)
    doc["assessed_at"] = value
    found = [p for p in reader_problems(doc) if p.startswith("assessed_at")]
    assert found == ([f"assessed_at: {problem}"] if problem else [])
