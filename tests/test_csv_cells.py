"""CSV files are opened in spreadsheets: typed text that a spreadsheet would run as a formula is shown instead.

Expected cells are written out by hand from the rule (a leading apostrophe before text beginning with =, +,
-, @, a tab or a carriage return; numbers and a lone sign as they are), not produced by the code.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from causality.cli import cli
from causality.csvcells import cell
from tests.conftest import EXAMPLES

FORMULA = '=HYPERLINK("http://example.org/x","open")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        (FORMULA, "'" + FORMULA),
        ("+ve skin test", "'+ve skin test"),
        ("- see notes", "'- see notes"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("=", "'="),
        ("-inf", "'-inf"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-.5", "-.5"),
        ("-1e-3", "-1e-3"),
        ("-", "-"),
        ("+", "+"),
        ("petechiae", "petechiae"),
        ("a=b", "a=b"),
        ("", ""),
        (-2, -2),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_shown_as_text(value: object, written: object) -> None:
    assert cell(value) == written


def _case(folder: Path) -> Path:
    path = folder / "case.yaml"
    path.write_text(
        f"case_id: '@SUM(A1:A9)'\ndrug: '{FORMULA}'\nreaction: +ve rash\nnaranjo: {{q1: yes, q2: yes}}\n",
        encoding="utf-8",
    )
    return path


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_score_csv_shows_typed_formulas_as_text_and_json_keeps_them(tmp_path: Path) -> None:
    path = _case(tmp_path)
    written = CliRunner().invoke(cli, ["score", str(path), "--format", "csv"])
    assert written.exit_code == 0, written.output
    (row,) = _rows(written.stdout)
    assert (row["case_id"], row["drug"], row["reaction"]) == ("'@SUM(A1:A9)", "'" + FORMULA, "'+ve rash")
    assert row["naranjo_score"] == "3"  # q1 yes +1, q2 yes +2: numbers stay numbers
    as_json = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    (data,) = json.loads(as_json.stdout)
    assert (data["case_id"], data["drug"], data["reaction"]) == ("@SUM(A1:A9)", FORMULA, "+ve rash")


def test_agreement_csv_shows_a_typed_formula_as_text(tmp_path: Path) -> None:
    for source in (EXAMPLES / "agreement").glob("*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    bo = tmp_path / "alemtuzumab-bo.yaml"
    bo.write_text(bo.read_text(encoding="utf-8").replace("name: Bo Chen", "name: '=1+2'"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["agreement", str(tmp_path), "--disagreements", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assessors = {row["assessor"] for row in _rows(result.stdout)}
    assert "'=1+2" in assessors and "=1+2" not in assessors


def test_register_list_csv_shows_a_typed_formula_as_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    path = _case(tmp_path)
    imported = CliRunner().invoke(cli, ["db", "--db", url, "import", str(path)])
    assert imported.exit_code == 0, imported.output
    listed = CliRunner().invoke(cli, ["db", "--db", url, "list", "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    rows = _rows(listed.stdout)  # a row per instrument of the pair
    assert {(r["case_id"], r["drug"], r["reaction"]) for r in rows} == {
        ("'@SUM(A1:A9)", "'" + FORMULA, "'+ve rash")
    }
    assert {(r["instrument"], r["score"]) for r in rows} == {("naranjo", "3"), ("who_umc", "")}
