"""Dates that cannot be true never produce a score, and answers that contradict the recorded facts are
named next to the score. The expectations are worked by hand from the rules below, not from the code.

- A date before 1900, an onset after the assessment date (the assessor's date, else the day it is
  scored), or a relative onset beyond 100 years: an error naming the field, exit 2, nothing scored.
- "After the drug" asserted while the dates put the onset before the first dose: an error.
- Timing judged plausible for an onset more than five half-lives (or 90 days) after the last dose: a
  warning naming both dates.
- A stated answer that contradicts a recorded fact is warned about even with a reason; a WHO-UMC
  category written with a Naranjo word is an error naming both scales' words; the "no alternative
  causes" warning says 3 points when the recorded causes give "yes" (-1).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from causality.cli import cli
from tests.conftest import EXAMPLES

DIGOXIN = (EXAMPLES / "digoxin-toxicity.yaml").read_text(encoding="utf-8")


def run(args: list[str]) -> tuple[int, str, str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def digoxin(tmp_path: Path, **changes: str) -> Path:
    """The digoxin example with lines replaced: ``{old line regex: new line}`` given as pairs."""
    text = DIGOXIN
    for old, new in changes.items():
        text, count = re.subn(old.replace("_SPACE_", " "), new, text, count=1, flags=re.M)
        assert count == 1, old
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "said"),
    [
        # A year typed wrong (2042 for 2024): after the day it is assessed.
        (r"^    onset: 2024-02-20$", "    onset: 2042-01-20", "reactions[0].onset", "after the assessment date"),
        (r"^    onset: 2024-02-20$", "    onset: 1800-01-01", "reactions[0].onset", "before 1900"),
        (r"^    start: 2024-01-10$", "    start: 1024-01-10", "suspect_drugs[0].start", "before 1900"),
        (r"^    onset: 2024-02-20$", "    onset: 99999999999 weeks after dose", "reactions[0].onset",
         "cannot be true"),
    ],
)  # fmt: skip
def test_an_impossible_date_is_an_error_and_nothing_is_scored(
    tmp_path: Path, old: str, new: str, field: str, said: str
) -> None:
    code, out, err = run(["score", str(digoxin(tmp_path, **{old: new}))])
    assert code == 2 and out == ""
    assert any(f"case.yaml: {field}: " in line and said in line for line in err.splitlines()), err


def test_the_assessors_date_is_the_assessment_date(tmp_path: Path) -> None:
    # Assessed 2024-02-10: an onset on 2024-02-20 is ten days in that assessment's future.
    path = digoxin(
        tmp_path,
        **{r"^  role: clinical pharmacologist$": "  role: clinical pharmacologist\n  date: 2024-02-10"},
    )
    code, _, err = run(["score", str(path)])
    assert code == 2
    assert (
        "reactions[0].onset: onset 2024-02-20 is after the assessment date (the assessor's date, 2024-02-10)"
        in err
    )


def test_after_the_drug_against_the_dates_is_an_error(tmp_path: Path) -> None:
    # First dose 2024-01-10; an onset on 2024-01-05 is before it, yet "after_drug" is asserted.
    path = digoxin(
        tmp_path,
        **{r"^    onset: 2024-02-20$": "    onset: 2024-01-05",
           r"^        plausibility: plausible$": "        sequence: after_drug\n        plausibility: plausible"},
    )  # fmt: skip
    code, _, err = run(["score", str(path)])
    assert code == 2
    assert (
        "assessments[0].facts.timing.sequence: 'after_drug', but the onset 2024-01-05 is before the first dose "
        "2024-01-10" in err
    )


def test_plausible_timing_long_after_the_last_dose_is_warned(tmp_path: Path) -> None:
    # Last dose 2024-02-20; onset 2024-06-01 is 102 days later (9 + 31 + 30 + 31 + 1), beyond 90 days.
    path = digoxin(tmp_path, **{r"^    onset: 2024-02-20$": "    onset: 2024-06-01"})
    code, out, _ = run(["score", str(path), "--format", "json"])
    assert code == 0
    warnings = json.loads(out)[0]["warnings"]
    assert any(
        "onset 2024-06-01 is 102 days after the last dose 2024-02-20, beyond 90 days" in w for w in warnings
    )
    # With a recorded half-life of 36 hours, five half-lives are 7.5 days: 2024-03-01 is 10 days later.
    path = digoxin(
        tmp_path,
        **{r"^    onset: 2024-02-20$": "    onset: 2024-03-01",
           r"^    stop: 2024-02-20$": "    stop: 2024-02-20\n    half_life_hours: 36"},
    )  # fmt: skip
    code, out, _ = run(["score", str(path), "--format", "json"])
    warnings = json.loads(out)[0]["warnings"]
    assert any(
        "is 10 days after the last dose 2024-02-20, beyond five half-lives (7.5 days)" in w for w in warnings
    )
    # The example itself (onset on the day of the last dose) is not warned about.
    code, out, _ = run(["score", str(EXAMPLES / "digoxin-toxicity.yaml"), "--format", "json"])
    assert not any("last dose" in w for w in json.loads(out)[0]["warnings"])


def shorthand(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("case_id: S-1\ndrug: d\nreaction: r\n" + text, encoding="utf-8")
    return path


def test_an_answer_against_a_recorded_fact_is_named_even_with_a_reason(tmp_path: Path) -> None:
    # "no dose change" gives Q8 'unknown'; 'yes' stated with a reason still contradicts the recorded fact.
    path = shorthand(
        tmp_path,
        "facts: {dose_response: no_dose_change}\nnaranjo: {q8: {answer: 'yes', reason: 'seemed dose related'}}\n",
    )
    code, out, _ = run(["score", str(path), "--format", "json"])
    assert code == 0
    warnings = json.loads(out)[0]["warnings"]
    assert (
        "naranjo.q8: 'yes' contradicts the recorded fact facts.dose_response, which gives 'unknown' "
        "(reason given: seemed dose related)"
    ) in warnings


def test_a_naranjo_word_for_the_who_umc_category_is_an_error_naming_both(tmp_path: Path) -> None:
    path = shorthand(tmp_path, "who_umc_override: {category: definite, reason: as published}\n")
    code, _, err = run(["score", str(path)])
    assert code == 2
    line = err.strip()
    assert "who_umc_override.category: 'definite' is a Naranjo category" in line
    assert "definite, probable, possible, doubtful" in line  # Naranjo's words
    assert "certain" in line and "unlikely" in line  # WHO-UMC's words


def test_no_alternative_causes_against_a_present_cause_is_three_points(tmp_path: Path) -> None:
    # A confirmed cause gives Q5 'yes' (-1); stating 'no' (+2) puts the total 3 too high.
    present = shorthand(
        tmp_path,
        "facts: {alternative_causes: [{cause: sepsis, status: present_confirmed}]}\nnaranjo: {q5: 'no'}\n",
    )
    warnings = json.loads(run(["score", str(present), "--format", "json"])[1])[0]["warnings"]
    assert any(w.startswith("naranjo.q5:") and "3 too high" in w for w in warnings), warnings
    # A cause not tested gives 'unknown' (0): 2 too high.
    open_ = shorthand(
        tmp_path,
        "facts: {alternative_causes: [{cause: sepsis, status: considered_not_tested}]}\nnaranjo: {q5: 'no'}\n",
    )
    warnings = json.loads(run(["score", str(open_), "--format", "json"])[1])[0]["warnings"]
    assert any(w.startswith("naranjo.q5:") and "2 too high" in w for w in warnings), warnings
