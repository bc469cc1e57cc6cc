"""One vocabulary for yes / no / unknown answers: an alias accepted in one field is accepted in every field
offering that answer, and never where the answer is not offered."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from causality import casefile, yamlio
from causality.cli import cli
from causality.errors import Problem
from causality.instruments import naranjo as N
from causality.instruments import registry
from causality.instruments import who_umc as W
from causality.instruments.alden.entry import drug_answers as alden_allowed
from causality.vocab import ALIASES, UNKNOWN, normalise_word

BASE: dict[str, Any] = {
    "case_id": "VOCAB-1",
    "patient": {"age": 50},
    "suspect_drugs": [{"name": "d"}],
    "reactions": [{"term": "r"}],
    "assessments": [
        {
            "drug": "d",
            "reaction": "r",
            # what a dechallenge's response or a rechallenge's need is stated with
            "facts": {"dechallenge": {"outcome": "improved"}, "rechallenge": {"outcome": "not_done"}},
        }
    ],
}
PAIR = "assessments[0]"

# Every field whose answers include "unknown", by the path a problem with it is reported under.
UNKNOWN_FIELDS = [
    "patient.sex",
    "patient.pregnant",
    "patient.liver_or_kidney_dysfunction",
    "reactions[0].outcome",
    *(
        f"reactions[0].consequences.{k}"
        for k in ("treatment", "admission", "intensive_care", "permanent_harm")
    ),
    *(f"suspect_drugs[0].alden.{k}" for k, words in alden_allowed().items() if UNKNOWN in words),
    *(
        f"{PAIR}.facts.{k}"
        for k in (
            "untested_causes_improbable",
            "previous_reaction",
            "objective_evidence",
            "event_definitive",
            "timing_obtainable",
            "pre_existing_exacerbated",
            "mechanism_evidence",
            "timing.sequence",
            "timing.plausibility",
            "dechallenge",  # the one-word form (``dechallenge: improved``), reported where it is written
            "dechallenge.outcome",
            "dechallenge.response",
            "rechallenge.needed",
        )
    ),
    *(f"{PAIR}.naranjo.{k}" for k in N.ITEM_BY_ID),
    *(f"{PAIR}.who_umc.{k}" for k, cls in W.INPUT_TYPES.items() if UNKNOWN in cls._value2member_map_),
    *(
        f"{PAIR}.{name}.{k}"
        for name in casefile.answer_maps()
        for k, words in registry.get(name).given_answers().items()
        if UNKNOWN in words
    ),
]

# Fields answered yes or no only: "don't know" is not an answer they offer.
YES_NO_FIELDS = [
    f"{PAIR}.{name}.{k}"
    for name in casefile.answer_maps()
    for k, words in registry.get(name).given_answers().items()
    if set(words) == {"yes", "no"}
] + [f"suspect_drugs[0].alden.{k}" for k, words in alden_allowed().items() if set(words) == {"yes", "no"}]

SPELLINGS = [*ALIASES, "Unknown", "UNKNOWN", " unknown ", "Don't know", "don't-know", "Do not know", "DK"]


def with_value(path: str, value: object, base: dict[str, Any] = BASE) -> dict[str, Any]:
    """A copy of ``base`` with ``value`` at ``path`` (as a problem names it: ``a[0].b.c``)."""
    data = copy.deepcopy(base)
    keys: list[str | int] = [
        int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", path)
    ]
    node: Any = data
    for key, after in itertools.pairwise(keys):
        if isinstance(key, str) and key not in node:
            node[key] = [] if isinstance(after, int) else {}
        node = node[key]
    node[keys[-1]] = value
    return data


def read(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Problem]]:
    case, problems = casefile.read_case("case.yaml", data)
    return (casefile.to_data(case) if case else None), problems


def test_normalise_word() -> None:
    assert normalise_word("  Don't   Know ") == "unknown"
    assert normalise_word("DK") == "unknown"
    assert normalise_word("do-not-know") == "unknown"
    assert normalise_word("Not Done") == "not_done"
    assert normalise_word("Yes") == "yes"
    assert normalise_word("maybe") == "maybe"


def test_the_field_lists_are_not_empty_and_hold_the_known_gaps() -> None:
    assert f"{PAIR}.schumock_thornton.A2" in UNKNOWN_FIELDS
    assert f"{PAIR}.naranjo.q1" in UNKNOWN_FIELDS
    assert f"{PAIR}.george.c1" in YES_NO_FIELDS
    assert len(set(UNKNOWN_FIELDS)) == len(UNKNOWN_FIELDS) > 40


SUB_FIELDS = ("outcome", "sequence", "plausibility", "response", "needed")


def answer_words() -> dict[str, list[str]]:
    """The words each field accepts, as its "not allowed" message lists them, by the field's path."""
    candidates = [
        *(f"patient.{k}" for k in casefile.PATIENT_FIELDS),
        *(f"reactions[0].{k}" for k in casefile.REACTION_FIELDS),
        *(f"reactions[0].consequences.{k}" for k in casefile.CONSEQUENCE_FIELDS),
        *(f"reactions[0].labs.{k}" for k in casefile.LAB_FIELDS),
        *(f"suspect_drugs[0].{k}" for k in casefile.DRUG_FIELDS),
        *(f"suspect_drugs[0].alden.{k}" for k in alden_allowed()),
        *(f"{PAIR}.facts.{k}" for k in casefile.FACT_FIELDS),
        *(f"{PAIR}.facts.{k}.{s}" for k in ("timing", "dechallenge", "rechallenge") for s in SUB_FIELDS),
        *(f"{PAIR}.who_umc.{k}" for k in W.INPUT_TYPES),
        *(f"{PAIR}.naranjo.{k}" for k in N.ITEM_BY_ID),
        *(
            f"{PAIR}.{name}.{k}"
            for name in casefile.answer_maps()
            for k in registry.get(name).given_answers()
        ),
    ]
    words = {}
    for path in candidates:
        _, problems = read(with_value(path, "zzz"))
        words |= {
            p.path: p.allowed.split(", ")
            for p in problems
            if "'zzz' is not allowed" in p.message and p.allowed
        }
    return words


def test_every_field_offering_unknown_is_listed() -> None:
    """A field added to the case file later and offering "unknown" must join the tests above."""
    assert {path for path, words in answer_words().items() if UNKNOWN in words} == set(UNKNOWN_FIELDS)


def test_no_answer_word_is_an_alias() -> None:
    """An alias standing for another word would make that answer impossible to give."""
    for path, words in answer_words().items():
        assert not set(words) & set(ALIASES), path
        assert all(normalise_word(w) == w for w in words), path


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("path", UNKNOWN_FIELDS)
def test_every_unknown_field_reads_every_spelling_as_unknown(path: str, spelling: str) -> None:
    expected, problems = read(with_value(path, UNKNOWN))
    assert not problems
    got, problems = read(with_value(path, spelling))
    assert not problems, [str(p) for p in problems]
    assert got == expected


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (f"{PAIR}.naranjo.q1", {"answer": "dk", "reason": "not in the notes"}),
        (f"{PAIR}.schumock_thornton.A2", {"answer": "Don't know", "reason": "not in the notes"}),
        (f"{PAIR}.who_umc.event_documented", {"answer": "unk", "reason": "not in the notes"}),
        (f"{PAIR}.facts.objective_evidence", {"outcome": "dk", "note": "not in the notes"}),
    ],
)
def test_an_alias_with_a_reason_is_read_as_unknown(path: str, value: dict[str, str]) -> None:
    canonical = {k: UNKNOWN if k in ("answer", "outcome") else v for k, v in value.items()}
    expected, problems = read(with_value(path, canonical))
    assert not problems
    assert read(with_value(path, value)) == (expected, [])


def _score(tmp: Path, name: str, data: dict[str, Any]) -> tuple[int, list[dict[str, Any]], str]:
    folder = tmp / name
    folder.mkdir()
    path = folder / "case.yaml"
    path.write_text(yamlio.dump(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    rows = json.loads(result.stdout) if result.exit_code == 0 else []
    for row in rows:
        row.pop("file")
    return result.exit_code, rows, result.stderr


@pytest.mark.parametrize("path", UNKNOWN_FIELDS)
def test_causality_score_reads_dk_as_unknown_in_every_field(tmp_path: Path, path: str) -> None:
    code, expected, _ = _score(tmp_path, "canonical", with_value(path, UNKNOWN))
    assert code == 0
    code, got, err = _score(tmp_path, "alias", with_value(path, "dk"))
    assert (code, err) == (0, "")
    assert got == expected


def test_schumock_thornton_a2_dk_is_scored(tmp_path: Path) -> None:
    """The case that was refused before: "dk" accepted for Naranjo but not for this question."""
    path = tmp_path / "case.yaml"
    path.write_text(
        "case_id: ST-1\ndrug: d\nreaction: r\nnaranjo: {q1: dk}\nschumock_thornton: {A2: dk}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("path", YES_NO_FIELDS)
def test_dk_is_refused_where_unknown_is_not_an_answer(tmp_path: Path, path: str) -> None:
    code, _, err = _score(tmp_path, "alias", with_value(path, "dk"))
    assert code == 2
    assert err == f"{tmp_path / 'alias' / 'case.yaml'}: {path}: 'dk' is not allowed (allowed: yes, no)\n"


def test_a_word_that_is_no_answer_is_refused_with_the_answers_listed(tmp_path: Path) -> None:
    code, _, err = _score(tmp_path, "bad", with_value(f"{PAIR}.schumock_thornton.A2", "maybe"))
    assert code == 2
    assert err.endswith("schumock_thornton.A2: 'maybe' is not allowed (allowed: yes, no, unknown)\n")


@pytest.mark.usefixtures("private_data_home")
def test_the_interview_reads_a_case_file_with_aliases_as_it_reads_the_tool_s_words(tmp_path: Path) -> None:
    """`causality assess --from FILE` starts from the same answers whichever spelling the file uses."""
    from causality.interview.session import draft_from_file
    from tests.interview_harness import answers_in

    fields = [
        "patient.pregnant",
        "suspect_drugs[0].alden.notoriety",
        f"{PAIR}.facts.mechanism_evidence",
        f"{PAIR}.naranjo.q1",
        f"{PAIR}.schumock_thornton.A2",
    ]
    drafts = []
    for name, word in (("canonical", UNKNOWN), ("alias", "dk")):
        data = BASE
        for field in fields:
            data = with_value(field, word, data)
        path = tmp_path / f"{name}.yaml"
        path.write_text(yamlio.dump(data), encoding="utf-8")
        drafts.append(answers_in(draft_from_file(str(path)).case))
    assert drafts[0] == drafts[1]
    assert "unknown" in drafts[0].values()
