"""The YAML reader's rules, and batch scoring in worker processes giving the same output as one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from causality import yamlio
from causality.batch import score_paths
from causality.errors import InputError
from tests.conftest import EXAMPLES


def test_scalars_stay_text_and_nulls_are_null() -> None:
    data = yamlio.load("a: yes\nb: No\nc: true\nd: 2024-02-30\ne: ~\nf: 'null'\ng:\nh: 58\ni: null\n")
    assert data == {"a": "yes", "b": "No", "c": "true", "d": "2024-02-30", "e": None, "f": "null", "g": None,
                    "h": "58", "i": None}  # fmt: skip


def test_merge_keys_and_overrides() -> None:
    text = "base: &b {x: 1, y: 2}\none: {<<: *b, y: 3}\nmany: {<<: [*b, {z: 4}], x: 0}\n"
    data = yamlio.load(text)
    assert data["one"] == {"x": "1", "y": "3"}
    assert data["many"] == {"x": "0", "y": "2", "z": "4"}


def test_duplicate_key_names_its_line() -> None:
    with pytest.raises(yamlio.DuplicateKeyError) as caught:
        yamlio.load("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert caught.value.problem == "field 'c' is given twice"
    assert caught.value.problem_mark is not None and caught.value.problem_mark.line == 3


def test_a_structure_that_contains_itself_is_refused() -> None:
    with pytest.raises(yamlio.YAMLError, match="refers to itself"):
        yamlio.load("a: &x [1, *x]\n")


def test_empty_document_is_none() -> None:
    assert yamlio.load("") is None
    assert yamlio.load("# only a comment\n") is None


def make_cases(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"c{n:04d}.yaml"
        q = ("yes", "no", "unknown")[n % 3]
        path.write_text(
            f"case_id: C{n:04d}\ndrug: d\nreaction: r\nnaranjo: {{q1: {q}, q2: yes}}\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_worker_processes_give_the_same_output_in_file_order(tmp_path: Path, fmt: str) -> None:
    make_cases(tmp_path, 900)
    one = score_paths([str(tmp_path)], fmt, jobs=1)
    two = score_paths([str(tmp_path)], fmt, jobs=2)
    assert one == two
    if fmt == "json":
        ids = [r["case_id"] for r in json.loads(two)]
        assert ids == sorted(ids) and len(ids) == 900


def test_problems_found_by_workers_are_all_reported(tmp_path: Path) -> None:
    paths = make_cases(tmp_path, 900)
    paths[10].write_text("case_id: X\ndrug: d\nreaction: r\nnaranjo: {q1: perhaps}\n", encoding="utf-8")
    paths[850].write_text("case_id: Y\ndrug: d\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        score_paths([str(tmp_path)], "json", jobs=2)
    assert [str(p) for p in caught.value.problems] == [
        f"{paths[10]}: naranjo.q1: 'perhaps' is not allowed (allowed: yes, no, unknown)",
        f"{paths[850]}: reaction: required field is missing",
    ]


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "x.yaml").write_text("not: a case\n", encoding="utf-8")
    (tmp_path / ".x.yaml.tmp").write_text("half written", encoding="utf-8")
    (tmp_path / "real.yaml").write_text((EXAMPLES / "pending-neutropenia.yaml").read_text(), encoding="utf-8")
    assert len(json.loads(score_paths([str(tmp_path)], "json"))) == 1


def test_numbers_written_as_words_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    text = (
        "case_id: N\npatient: {age: fifty}\nsuspect_drugs: [x]\nreactions: [{term: r}]\n"
        "assessments: [{drug: x, reaction: r}]\n"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        score_paths([str(path)], "json")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: patient.age: 'fifty' is not a number (allowed: 0 to 130)"
    ]
