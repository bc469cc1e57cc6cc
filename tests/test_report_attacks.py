"""Attacks on `causality report`: overwriting cases, templates that reach outside or never end, Markdown
injection and invisible characters. Every expectation is written out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from causality.casefile import read_case
from causality.cli import cli
from causality.model import Case
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "alemtuzumab.yaml"
CASE_TEXT = "case_id: C-1\ndrug: amoxicillin\nreaction: rash\nnaranjo: {q1: 'yes'}\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def case_of(data: dict[str, Any]) -> Case:
    case, problems = read_case("hostile.yaml", data)
    assert case is not None and not problems, [str(p) for p in problems]
    return case


# --- never overwrite a case --------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--force"]])
def test_the_case_file_is_never_overwritten_by_its_report(tmp_path: Path, extra: list[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    code, out, err = run("report", str(case), "-o", str(case), "--format", "txt", *extra)
    assert code == 2 and out == ""
    assert err == (
        f"causality report: will not write the report over {case}: it is the case file being reported "
        "(choose another -o)\n"
    )
    assert case.read_text(encoding="utf-8") == CASE_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]  # no temporary file left


def test_a_link_to_the_case_file_is_the_case_file(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    (tmp_path / "report.txt").symlink_to(case)
    code, _, err = run("report", str(case), "-o", str(tmp_path / "report.txt"), "--force")
    assert code == 2 and "it is the case file being reported" in err
    assert case.read_text(encoding="utf-8") == CASE_TEXT and (tmp_path / "report.txt").is_symlink()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("other.yaml", "case_id: OTHER\ndrug: warfarin\nreaction: bleeding\n"),
        ("other.json", '{"case_id": "J", "suspect_drugs": [], "reactions": [], "assessments": []}'),
        ("draft.yml", "case_id: HALF\ndrug: warfarin\nreaction: bleeding\nnaranjo: {q1: maybe}\n"),  # invalid
    ],
)
def test_another_case_file_needs_force(tmp_path: Path, name: str, text: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    other = tmp_path / name
    other.write_text(text, encoding="utf-8")
    code, _, err = run("report", str(case), "-o", str(other), "--format", "txt")
    assert code == 2
    assert err == (
        f"causality report: will not write the report over {other}: it is a case file "
        "(choose another -o, or add --force to replace it)\n"
    )
    assert other.read_text(encoding="utf-8") == text
    code, _, err = run("report", str(case), "-o", str(other), "--format", "txt", "--force")
    assert code == 0, err
    assert other.read_text(encoding="utf-8").startswith("ADVERSE DRUG REACTION CAUSALITY ASSESSMENT")


def test_an_earlier_report_is_replaced_without_asking(tmp_path: Path) -> None:
    old = tmp_path / "r.md"
    old.write_text("# an earlier report\n", encoding="utf-8")
    code, _, err = run("report", str(EXAMPLE), "-o", str(old))
    assert code == 0, err
    assert old.read_text(encoding="utf-8").startswith("# Adverse drug reaction causality assessment")


def test_a_template_is_never_overwritten(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    own = templates / "report.txt.j2"
    own.write_text("Case {{ r.case_id }}\n", encoding="utf-8")
    args = ("report", str(EXAMPLE), "-o", str(own), "--format", "txt", "--template-dir", str(templates))
    code, _, err = run(*args, "--force")
    assert code == 2 and "it is one of the report templates" in err
    assert own.read_text(encoding="utf-8") == "Case {{ r.case_id }}\n"


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    target = tmp_path / "notes" / "r.md"
    code, _, err = run("report", str(EXAMPLE), "-o", str(target))
    assert code == 2
    folder = tmp_path / "notes"
    assert (
        err
        == f"causality report: cannot write {target}: {folder} is a file, not a folder (choose an existing folder)\n"
    )
