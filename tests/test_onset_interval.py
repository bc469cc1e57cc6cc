"""A time to onset given loosely (spec §15.7), worked by hand.

An onset is kept as an interval in the unit given, counted from a dose (unnamed), the first dose, a
numbered dose or the last dose. A criterion with a limit is decided only when the whole interval lies on
one side of it; otherwise the instrument's unknown rule answers (RUCAM: no total, §4.6) and both outcomes
are shown.

The RUCAM case below is hepatocellular (ALT 400/40 = 10 x ULN, ALP 100/120 = 0.83 x ULN, R = 12), with
items 2-7: course not recorded 0, age 60 +1, no other drug 0, no cause ruled out -2, labelled +2, no
re-exposure 0 = +1. Item 1 then gives the total: +2 (5-90 days from start) -> 3 "possible"; +1 (< 5 or
> 90 days, or <= 15 days after the last dose) -> 2 "unlikely".
"""

from __future__ import annotations

from typing import Any

import pytest

from causality.assessment import assess_case
from causality.casefile import read_case, to_data
from causality.onset import After, parse_onset
from tests.helpers import case_from


@pytest.mark.parametrize(
    ("text", "lower", "upper", "after", "dose", "written"),
    [
        ("1 day after dose", 1, 1, After.DOSE, None, "1 day after dose"),
        ("1 day after the second dose", 1, 1, After.NUMBERED_DOSE, 2, "1 day after the second dose"),
        ("1 day after dose 2", 1, 1, After.NUMBERED_DOSE, 2, "1 day after the second dose"),
        ("3 days after the 1st dose", 3, 3, After.FIRST_DOSE, None, "3 days after the first dose"),
        ("5 to 90 days", 5, 90, After.DOSE, None, "5 to 90 days after dose"),
        ("5-90 days after the first dose", 5, 90, After.FIRST_DOSE, None, "5 to 90 days after the first dose"),
        ("between 2 and 3 weeks after starting", 2, 3, After.FIRST_DOSE, None, "2 to 3 weeks after the first dose"),
        ("more than 5 months", 5, None, After.DOSE, None, "more than 5 months after dose"),
        ("15 months after starting", 15, 15, After.FIRST_DOSE, None, "15 months after the first dose"),
        ("less than 2 days after the last dose", 0, 2, After.LAST_DOSE, None, "less than 2 days after the last dose"),
        ("within 6 hours after dose", 0, 6, After.DOSE, None, "within 6 hours after dose"),
        ("a few hours after dose", 2, 9, After.DOSE, None, "a few hours after dose"),
    ],
)  # fmt: skip
def test_the_forms_reports_use(
    text: str, lower: float, upper: float | None, after: After, dose: int | None, written: str
) -> None:
    parsed = parse_onset(text)
    assert parsed is not None and not isinstance(parsed, type(parse_onset("2024-01-01")))
    assert (parsed.lower, parsed.upper, parsed.after, parsed.dose_number) == (lower, upper, after, dose)
    assert parsed.text() == written
    assert parse_onset(written) == parsed  # what the writer writes reads back the same


@pytest.mark.parametrize("text", ["soon after dose", "2 days to 3 weeks", "90 to 5 days", "2 m", "yesterday"])
def test_what_is_not_a_time(text: str) -> None:
    assert parse_onset(text) is None


def _case(onset: str, stop: str | None = None) -> str:
    return f"""
        case_id: L-1
        patient: {{age: 60}}
        suspect_drugs: [{{name: drug a, start: 2026-01-01{f", stop: {stop}" if stop else ""}}}]
        reactions:
          - term: hepatitis
            onset: {onset}
            labs: {{alt: 400, alt_uln: 40, alp: 100, alp_uln: 120}}
        assessments:
          - drug: drug a
            reaction: hepatitis
            facts: {{literature: labelled}}
    """


def rucam(onset: str, stop: str | None = None) -> Any:
    (r,) = assess_case(case_from(_case(onset, stop)))
    return r.results["rucam"]


@pytest.mark.parametrize(
    ("onset", "stop", "score", "band"),
    [
        ("60 days after dose", None, 3, "possible"),  # the case: read from the first dose, +2
        ("5 to 90 days after the first dose", None, 3, "possible"),  # wholly inside 5-90: +2
        ("3 days after dose", None, 2, "unlikely"),  # < 5: +1
        ("more than 5 months after starting", None, 2, "unlikely"),  # > 152 days, drug still given: +1
        ("10 days after the last dose", "2026-02-01", 2, "unlikely"),  # <= 15 days after cessation: +1
        ("less than 15 days after the last dose", None, 2, "unlikely"),  # after cessation, no dates needed
    ],
)
def test_rucam_item_1_decided_when_the_interval_lies_on_one_side(
    onset: str, stop: str | None, score: int, band: str
) -> None:
    res = rucam(onset, stop)
    assert (res.score, res.result) == (score, band)
    assert res.lines[0].id == "1" and res.lines[0].points == score - 1


@pytest.mark.parametrize(
    ("onset", "could"),
    [
        # 2 to 10 days from start straddles 5: +1 (total 2) or +2 (total 3).
        ("2 to 10 days after the first dose", ["+1 (from start (< 5 or > 90 days)): total 2 (unlikely)",
                                               "+2 (from start (5-90 days)): total 3 (possible)"]),
        # The second dose came an unrecorded time after the first: from start at least 1 day, so < 5 (+1),
        # 5-90 (+2) and > 90 (+1) are all possible.
        ("1 day after the second dose", ["+1 (from start (< 5 or > 90 days)): total 2 (unlikely)",
                                         "+2 (from start (5-90 days)): total 3 (possible)"]),
    ],
)  # fmt: skip
def test_rucam_item_1_straddling_a_limit_gives_no_total_and_both_outcomes(
    onset: str, could: list[str]
) -> None:
    res = rucam(onset)
    assert res.score is None and res.result is None
    assert any("lies on both sides of a limit of item 1" in n for n in res.notes)
    (options,) = [n for n in res.notes if n.startswith("item 1 could be:")]
    assert options == f"item 1 could be: {'; '.join(could)}"


def test_rucam_late_after_the_last_dose_is_unrelated() -> None:
    # Hepatocellular: more than 15 days after stopping -> the drug is unrelated by timing, no total.
    res = rucam("20 days after the last dose", "2026-02-01")
    assert res.score is None and "more than 15 days after stopping" in res.notes[0]


def test_rucam_straddling_the_cessation_window() -> None:
    # 10 to 20 days after the last dose: <= 15 gives +1, > 15 gives "unrelated": both shown.
    res = rucam("10 to 20 days after the last dose", "2026-02-01")
    assert res.score is None
    (options,) = [n for n in res.notes if n.startswith("item 1 could be:")]
    assert "+1 (after cessation" in options and "drug unrelated" in options


def test_the_dose_number_is_kept_in_the_case_the_result_and_the_report() -> None:
    from causality.report.render import render

    case = case_from(_case("1 day after the second dose"))
    assert to_data(case)["reactions"][0]["onset"] == "1 day after the second dose"
    (r,) = assess_case(case)
    assert r.time_to_onset == "1 day after the second dose (as reported)"
    assert r.time_to_onset_days == 1
    assert r.naranjo_trace["q2"].reason == "onset reported 1 day after the second dose"
    text = render(case, [r], "txt")
    assert isinstance(text, str) and "1 day after the second dose" in text


def test_an_interval_has_no_single_time_in_days_but_is_after_the_drug() -> None:
    (r,) = assess_case(case_from(_case("5 to 90 days after the first dose")))
    assert r.time_to_onset_days is None
    assert r.time_to_onset == "5 to 90 days after the first dose (as reported)"
    assert r.naranjo_trace["q2"].value == "yes"  # the event followed the drug: +2


def test_a_few_says_how_it_was_read() -> None:
    (r,) = assess_case(case_from(_case("a few hours after dose")))
    assert "read as 2 to 9 hours, a tool convention" in r.time_to_onset


@pytest.mark.parametrize(
    "onset", ["150 years after dose", "more than 101 years after dose", "99 to 120 years"]
)
def test_a_time_beyond_100_years_is_an_error(onset: str) -> None:
    data: dict[str, Any] = {"case_id": "C", "suspect_drugs": ["x"], "reactions": [{"term": "r", "onset": onset}],
                            "assessments": [{"drug": "x", "reaction": "r"}]}  # fmt: skip
    case, problems = read_case("c.yaml", data)
    assert case is None and [p.path for p in problems] == ["reactions[0].onset"]


def test_a_plausible_timing_long_after_the_last_dose_is_warned_about() -> None:
    # No half-life recorded: beyond 90 days after the last dose, with timing judged plausible (§15.9).
    text = """
        case_id: W
        suspect_drugs: [x]
        reactions: [{term: rash, onset: more than 4 months after the last dose}]
        assessments: [{drug: x, reaction: rash, facts: {timing: {plausibility: plausible}}}]
    """
    (r,) = assess_case(case_from(text))
    assert any("more than 4 months after the last dose" in w and "beyond 90 days" in w for w in r.warnings)
    near = text.replace("more than 4 months", "2 to 3 weeks")
    (r,) = assess_case(case_from(near))
    assert not any("beyond 90 days" in w for w in r.warnings)


# ALDEN, one drug (lamotrigine, started 2025-01-01, continued; nothing else recorded): criterion 1 is the
# delay to the index day (1-4 days +1, 5-28 +3, 29-56 +2, > 56 -1), criteria 2-6 are 0 here (present on the
# index day, no earlier exposure, no dechallenge, notoriety not recorded, no other drug).
def alden(onset: str) -> Any:
    text = f"""
        case_id: A-1
        suspect_drugs: [{{name: lamotrigine, start: 2025-01-01}}]
        reactions: [{{term: Stevens-Johnson syndrome, onset: {onset}}}]
        assessments: [{{drug: lamotrigine, reaction: Stevens-Johnson syndrome}}]
    """
    (r,) = assess_case(case_from(text))
    return r.results["alden"]


def test_alden_places_the_index_day_from_a_time_after_the_first_dose() -> None:
    res = alden("15 days after the first dose")  # 5-28: +3, total 3 "possible"
    assert (res.score, res.result) == (3, "possible")
    assert res.lines[0].points == 3
    assert any("index day read as day 15 after the first dose" in n for n in res.notes)
    wide = alden("5 to 28 days after dose")  # wholly in 5-28 ("after dose" read as the first): decided
    assert (wide.score, wide.result) == (3, "possible")


def test_alden_gives_no_score_when_the_interval_spans_a_limit() -> None:
    res = alden("3 to 10 days after the first dose")  # days 3-4: +1 (total 1); days 5-10: +3 (total 3)
    assert res.score is None
    assert res.notes == (
        "no score: the time to onset (3 to 10 days after the first dose) lies on both sides of a limit of "
        "ALDEN; by where the index day falls, lamotrigine would score 1 (unlikely); 3 (possible)",
    )


def test_alden_cannot_place_a_time_after_a_numbered_dose() -> None:
    res = alden("1 day after the second dose")
    assert res.score is None and "the onset date" in res.notes[0]


def test_json_gives_an_interval_in_days(tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from causality.cli import cli

    path = tmp_path / "c.yaml"
    path.write_text(_case("more than 2 weeks after starting"), encoding="utf-8")
    (r,) = json.loads(CliRunner().invoke(cli, ["score", str(path), "--format", "json"]).stdout)
    assert (r["time_to_onset_days"], r["time_to_onset_range_days"]) == (None, [14, None])  # 2 weeks, open
    path.write_text(_case("5 to 90 days after the first dose"), encoding="utf-8")
    (r,) = json.loads(CliRunner().invoke(cli, ["score", str(path), "--format", "json"]).stdout)
    assert r["time_to_onset_range_days"] == [5, 90]
