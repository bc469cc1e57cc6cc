"""`causality score -o FILE`: the same bytes as standard output, written whole or not at all, never over a
case file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from causality.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_the_file_holds_what_standard_output_would(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"scores.{fmt}"
    printed = run("score", str(EXAMPLES), "--format", fmt)
    written = run("score", str(EXAMPLES), "--format", fmt, "-o", str(target))
    assert printed.exit_code == written.exit_code == 0, written.stderr
    assert written.stdout == "" and written.stderr == ""
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert list(tmp_path.iterdir()) == [target], "no temporary file is left"


def test_a_bad_file_leaves_no_output_at_all(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("case_id: A\ndrug: d\nreaction: r\nnaranjo: {q1: maybe}\n")
    target = tmp_path / "out" / "scores.json"
    target.parent.mkdir()
    result = run("score", str(EXAMPLES), str(tmp_path / "bad.yaml"), "-o", str(target))
    assert result.exit_code == 2
    assert "bad.yaml: naranjo.q1: 'maybe' is not allowed" in result.stderr
    assert list(target.parent.iterdir()) == []


def test_an_earlier_output_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "scores.csv"
    target.write_text("old,scores\n")
    assert (
        run("score", str(EXAMPLES / "amoxicillin-rash.yaml"), "-f", "csv", "-o", str(target)).exit_code == 0
    )
    assert target.read_text().startswith("case_id,file,")


def test_never_over_a_case_file_scored(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(EXAMPLES / "amoxicillin-rash.yaml", case)
    before = case.read_bytes()
    result = run("score", str(case), "-o", str(case))
    assert result.exit_code == 2
    assert (
        result.stderr == f"causality score: will not write over {case}: it is one of the case files scored\n"
    )
    assert case.read_bytes() == before


def test_never_over_another_case_file(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    shutil.copy(EXAMPLES / "unassessable-report.json", other)
    before = other.read_bytes()
    result = run("score", str(EXAMPLES / "amoxicillin-rash.yaml"), "-f", "json", "-o", str(other))
    assert result.exit_code == 2
    assert result.stderr == (
        f"causality score: will not write over {other}: it is a case file (choose another -o)\n"
    )
    assert other.read_bytes() == before


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "scores.json"
    result = run("score", str(EXAMPLES), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"causality score: cannot write {target}: the folder {target.parent} does not exist "
        "(choose an existing folder)\n"
    )
