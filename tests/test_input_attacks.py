"""Hostile or broken case files: each ends in one line per problem naming the file (and field), exit 2,
quickly and in bounded memory; nothing is scored and nothing hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CASE = "case_id: A-1\ndrug: d\nreaction: r\n"


def score(*paths: Path | str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "causality", "score", *map(str, paths)],
        capture_output=True, text=True, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip


def refused(proc: subprocess.CompletedProcess[str], *said: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    for text in said:
        assert text in proc.stderr, proc.stderr


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(8)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    refused(score("bomb.yaml", cwd=tmp_path), "bomb.yaml: line", "more than 100,000 values")


def test_a_pipe_among_the_case_files_is_named_and_never_read(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "good.yaml").write_text(CASE)
    os.mkfifo(tmp_path / "cases" / "x.yaml")
    refused(score("cases", cwd=tmp_path), "cases/x.yaml: a named pipe, not a case file")
    refused(score("cases/x.yaml", cwd=tmp_path), "cases/x.yaml: a named pipe, not a case file")


def test_a_link_to_a_device_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    refused(score("zero.yaml", cwd=tmp_path), "zero.yaml: a device, not a case file")


def test_a_file_too_large_to_be_a_case_is_refused_before_reading(tmp_path: Path) -> None:
    with (tmp_path / "big.yaml").open("w") as handle:
        handle.write(CASE + "notes: |\n" + ("  " + "x" * 1000 + "\n") * 6000)
    refused(score("big.yaml", cwd=tmp_path), "big.yaml: larger than 5 MB")


def test_json_nested_too_deeply(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 10_000 + "]" * 10_000)
    refused(score("deep.json", cwd=tmp_path), "deep.json: line 1: not valid JSON: nested too deeply")


def test_a_huge_number_names_its_field(tmp_path: Path) -> None:
    text = (
        '{"case_id": "A", "patient": {"age": ' + "9" * 5000 + '}, "suspect_drugs": ["d"], '
        '"reactions": [{"term": "r"}], "assessments": [{"drug": "d", "reaction": "r"}]}'
    )
    (tmp_path / "huge.json").write_text(text)
    proc = score("huge.json", cwd=tmp_path)
    refused(proc, "huge.json: patient.age:")
    assert "set_int_max_str_digits" not in proc.stderr


def test_nan_is_not_a_case_value(tmp_path: Path) -> None:
    (tmp_path / "nan.json").write_text('{"case_id": NaN, "drug": "d", "reaction": "r"}')
    refused(score("nan.json", cwd=tmp_path), "nan.json: case_id: NaN is not a value a case holds")


def test_infinity_is_not_text_nor_a_number(tmp_path: Path) -> None:
    """1e999 is valid JSON for infinity; it was read as the case_id "inf"."""
    (tmp_path / "inf.json").write_text(
        '{"case_id": 1e999, "patient": {"age": -Infinity}, "suspect_drugs": ["d"], "reactions": [{"term": "r"}],'
        ' "assessments": [{"drug": "d", "reaction": "r"}]}'
    )
    refused(score("inf.json", cwd=tmp_path), "inf.json: case_id: Infinity is not a value a case holds",
            "inf.json: patient.age: Infinity is not a value a case holds (allowed: 0 to 130)")  # fmt: skip


def test_half_a_character_is_named_not_an_internal_error(tmp_path: Path) -> None:
    """A lone surrogate escape is valid JSON but no text: it crashed the output with exit 1."""
    (tmp_path / "s.json").write_text('{"case_id": "A\\ud800", "drug": "d", "reaction": "r"}')
    refused(score("s.json", cwd=tmp_path), "s.json: case_id: holds an escape")


def test_a_field_name_with_control_characters_stays_on_one_line_and_inert(tmp_path: Path) -> None:
    (tmp_path / "k.yaml").write_text('case_id: A\ndrug: d\nreaction: r\nfacts: {"\\e[2J\\nx": 1, "": 2}\n')
    proc = score("k.yaml", cwd=tmp_path)
    refused(proc, "k.yaml: facts.\\x1b[2J\\nx: unknown field", "k.yaml: facts.'': unknown field")
    assert "\x1b" not in proc.stderr and len(proc.stderr.splitlines()) == 2


def test_json_errors_without_a_position_still_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text('{"case_id": "A",\n "notes": ' + "[" * 5000 + "]" * 5000 + "}")
    (tmp_path / "dup.json").write_text('{"case_id": "A",\n "patient": {"age": 3,\n  "age": 4}}')
    refused(score("deep.json", cwd=tmp_path), "deep.json: line 2: not valid JSON: nested too deeply")
    refused(score("dup.json", cwd=tmp_path), "dup.json: line 3: not valid JSON: field 'age' is given twice")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "base: &b [1, 2]\ncase_id: A\ndrug: d\nreaction: r\nnotes:\n  <<: *b\n",
            "'<<' merges mappings only",
        ),
        (
            "case_id: !!binary aGVsbG8=\ndrug: d\nreaction: r\n",
            "the tag tag:yaml.org,2002:binary is not allowed",
        ),
        ("case_id: !mine A\ndrug: d\nreaction: r\n", "the tag !mine is not allowed"),
    ],
)
def test_yaml_that_would_be_read_silently_wrong(tmp_path: Path, text: str, said: str) -> None:
    (tmp_path / "c.yaml").write_text(text)
    refused(score("c.yaml", cwd=tmp_path), said)


def test_a_drug_or_reaction_listed_twice(tmp_path: Path) -> None:
    (tmp_path / "twice.yaml").write_text(
        "case_id: T\nsuspect_drugs: [x, X]\nreactions: [{term: rash}, {term: Rash}]\n"
        "assessments: [{drug: x, reaction: rash}]\n"
    )
    refused(score("twice.yaml", cwd=tmp_path), "suspect_drugs[1]: 'X' is listed twice",
            "reactions[1]: 'Rash' is listed twice")  # fmt: skip


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    name = "bad\nname.yaml"
    (tmp_path / name).write_text("case_id: [unclosed\n")
    proc = score(name, cwd=tmp_path)
    refused(proc, "bad\\nname.yaml")
    assert len(proc.stderr.strip().splitlines()) == 1
