"""The checks of spec §15.6 and §15.10 as warnings (or errors) in every output. Worked by hand:

- a recurrence on later doses of the same course is a rechallenge of the same drug: Naranjo Q4 yes (+2),
  WHO-UMC rechallenge positive; crediting it to Q8 (no dose change recorded) or to Q9 instead is warned;
- a Naranjo category written with a WHO-UMC word ("certain") is an error naming both scales' words, exit 2;
- each warning reaches the terminal summary, JSON, CSV and the reports.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from causality.cli import cli
from tests.helpers import pair

LATER = {"rechallenge": {"outcome": "recurred", "given": "later_doses", "note": "rash again on day 3 and 4"}}


def test_a_recurrence_on_later_doses_is_a_rechallenge() -> None:
    r = pair(LATER)
    assert r.naranjo_trace["q4"].value == "yes"  # +2
    assert r.naranjo.total == 2
    assert r.who_umc_inputs["rechallenge"].value == "positive"
    assert "later doses of the same course" in r.naranjo_trace["q4"].reason
    assert not any("later doses" in w for w in r.warnings)  # nothing credited twice


def test_the_same_recurrence_credited_to_q8_or_q9_is_warned() -> None:
    r = pair(LATER, naranjo={"q8": "yes", "q9": "yes"})
    # 2 (q4) + 1 (q8) + 1 (q9) = 4, and both credits are named.
    assert r.naranjo.total == 4
    assert any(w.startswith("naranjo.q8:") and "not dose-response" in w for w in r.warnings)
    assert any(w.startswith("naranjo.q9:") and "not a previous reaction" in w for w in r.warnings)
    # With a dose change recorded that severity followed, q8 is its own evidence: no warning for it.
    dosed = pair({**LATER, "dose_response": "appeared_after_increase"}, naranjo={"q9": "yes"})
    assert not any(w.startswith("naranjo.q8:") for w in dosed.warnings)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_who_umc_word_for_a_naranjo_category_is_an_error_naming_both(tmp_path: Path) -> None:
    path = _file(tmp_path, "case_id: C\ndrug: d\nreaction: r\nnaranjo: {q1: 'yes', category: certain}\n")
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "naranjo.category: 'certain' is a WHO-UMC category" in line
    assert "unlikely" in line and "doubtful" in line  # both scales' words
    assert "Traceback" not in result.output


def test_a_warning_reaches_every_output(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "case_id: C\ndrug: d\nreaction: r\n"
        "facts: {rechallenge: {outcome: recurred, given: later_doses}}\nnaranjo: {q8: 'yes'}\n",
    )
    said = "not dose-response"
    runner = CliRunner()
    as_json = json.loads(runner.invoke(cli, ["score", str(path), "--format", "json"]).stdout)
    assert any(said in w for w in as_json[0]["warnings"])
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(cli, ["score", str(path), "--format", "csv"]).stdout))
    )
    assert said in rows[0]["warnings"]
    assert said in " ".join(runner.invoke(cli, ["score", str(path)]).stdout.split())
    for fmt in ("txt", "md", "html"):
        out = runner.invoke(cli, ["report", str(path), "--format", fmt])
        assert out.exit_code == 0, out.output
        assert said in " ".join(out.stdout.split()), fmt
