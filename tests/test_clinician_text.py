"""What a clinician reads (the instruments' listings, every report, the terminal summary and the JSON
they may forward) carries no development notes: no references to the project's specification."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from causality.cli import cli
from causality.instruments import registry
from tests.conftest import EXAMPLES

NOTES = re.compile(
    r"§|\bspec\b|specification|primary was not opened|unverified|verified against|\bedges?\b|"
    r"deterministic|attribution unverified",
    re.IGNORECASE,
)


def out(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", ["", *(i.info.name for i in registry.instruments())])
def test_scales(name: str) -> None:
    text = out("scales", *([name] if name else []))
    assert not NOTES.findall(text), text


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_reports_summary_and_json(example: str) -> None:
    path = str(EXAMPLES / example)
    for text in (
        out("report", path, "--format", "txt"),
        out("report", path, "--format", "md"),
        out("report", path, "--format", "html"),
        out("score", path),
        json.dumps(json.loads(out("score", path, "--format", "json")), ensure_ascii=False),
    ):
        assert not NOTES.findall(text), NOTES.findall(text)


def test_the_pdf_report() -> None:
    from tests.test_report import weasyprint_or_skip

    weasyprint_or_skip()
    import io

    from pypdf import PdfReader

    from causality.assessment import assess_case
    from causality.casefile import load_cases
    from causality.report.render import render

    (case,) = load_cases([str(EXAMPLES / "alemtuzumab.yaml")])
    pdf = PdfReader(io.BytesIO(bytes(render(case, assess_case(case), "pdf"))))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Sources and limits" in text
    assert not NOTES.findall(text), NOTES.findall(text)


@pytest.mark.parametrize("args", [("schema",), ("--help",), ("report", "--help"), ("score", "--help")])
def test_the_schema_and_help(args: tuple[str, ...]) -> None:
    text = out(*args)
    assert not NOTES.findall(text), NOTES.findall(text)


def test_the_terminal_names_the_who_umc_criteria_in_words() -> None:
    """A criterion's code ("C3") tells a clinician nothing: each one not met is written out."""
    import re

    from click.testing import CliRunner

    from causality.cli import cli
    from tests.conftest import EXAMPLES

    out = CliRunner().invoke(cli, ["score", str(EXAMPLES / "pending-neutropenia.yaml")]).stdout
    assert not re.search(r"\b[CPU]\d\b", out.split("Inputs:")[0])
    assert "- response to withdrawal clinically reasonable" in out  # Probable's P3, not met here


def test_the_csv_writes_a_time_to_onset_as_a_number_a_spreadsheet_shows_plainly() -> None:
    """One day after the dose is "1", as six days after the first dose (from dates) is "6", not "1.0"."""
    import csv
    import io

    from click.testing import CliRunner

    from causality.cli import cli
    from tests.conftest import EXAMPLES

    out = CliRunner().invoke(cli, ["score", str(EXAMPLES / "alemtuzumab.yaml"), "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["time_to_onset_days"] for row in rows} == {"1"}
