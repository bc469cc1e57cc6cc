"""Page one answers the question, and the dates mean something: a summary of every pair before the
details, the assessment time from the case, and the print time apart from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from causality import casefile
from causality.assessment import assess_case
from causality.casefile import load_cases, mark_assessed
from causality.report.render import render
from tests.conftest import EXAMPLES
from tests.helpers import case_from
from tests.test_report import parse, weasyprint_or_skip

PRINTED = dt.datetime(2026, 12, 2, 12, 40, tzinfo=dt.UTC)


def report(case_file: Path, fmt: str) -> str:
    (case,) = load_cases([str(case_file)])
    return str(render(case, assess_case(case), fmt, now=PRINTED))


def test_the_html_summary_comes_first_and_holds_every_pair() -> None:
    html = report(EXAMPLES / "alemtuzumab.yaml", "html")
    assert html.index("<h2>Summary</h2>") < html.index("Patient, drugs and reactions")
    (table,) = parse(html).tables["summary"]
    header, *rows = table
    assert header == ["Suspect drug \u00d7 reaction", "Naranjo", "WHO-UMC", "Further instruments", "Warnings"]
    # By hand from the published scale: q1 +1, q2 +2, q3 +1, q5 +2, q10 +1 = 7 (Probable, 5 to 8). The
    # facts settle q6 (no placebo given), q7 (level not measured) and q8 (no dose change) at 0; only q4
    # (no rechallenge yet) is open: "yes" +2 (9), "no" -1 (6).
    # WHO-UMC: every Probable criterion is met and a rechallenge is not needed.
    assert [r[0] for r in rows] == [
        "alemtuzumab \u00d7 generalized petechiae",
        "alemtuzumab \u00d7 epistaxis",
    ]
    for row in rows:
        assert row[1] == "7, Probable could be 6 to 9"
        assert row[2] == "Probable / Likely"
        assert "Liverpool ADR Causality Assessment Tool: Probable" in row[3]
        assert "Hartwig-Siegel severity: At least level 3 (moderate)" in row[3]
        assert row[4] == "0"


def test_the_summary_counts_the_warnings_and_shows_the_assessors_category() -> None:
    case = case_from(
        """
        case_id: S-1
        drug: amoxicillin
        reaction: rash
        naranjo: {q1: yes, q2: yes, q3: yes, q5: no}
        who_umc_override: {category: certain, reason: positive provocation test in clinic}
        """
    )
    results = assess_case(case)
    text = str(render(case, results, "txt", now=PRINTED))
    summary = text.split("SUMMARY\n", 1)[1].split("\n\n", 1)[0]
    # 1 + 2 + 1 + 2 = 6, Probable
    assert "  Naranjo: 6, Probable" in summary
    assert "  WHO-UMC: Certain (assessor's category; computed:" in summary
    assert f"  Warnings: {len(results[0].warnings) or 'none'}" in summary


def test_an_old_case_says_its_assessment_date_is_not_recorded() -> None:
    for fmt in ("txt", "md", "html"):
        text = report(EXAMPLES / "alemtuzumab.yaml", fmt)
        assert "ssessment date not recorded" in text
        assert "printed 2026-12-02 12:40 UTC" in text
        assert "ssessed 2026" not in text
    # the signature's date is left to be written, never the day of printing
    assert "Date: 2026-12-02" not in report(EXAMPLES / "alemtuzumab.yaml", "txt")


def test_the_assessment_time_is_kept_and_printed_apart_from_the_print_time(tmp_path: Path) -> None:
    (case,) = load_cases([str(EXAMPLES / "alemtuzumab.yaml")])
    when = dt.datetime(2026, 11, 30, 16, 7, 41, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    mark_assessed(case, when)
    saved = tmp_path / "case.yaml"
    casefile.write_case(saved, case)
    assert "assessed_at: '2026-11-30T16:07:00+01:00'" in saved.read_text(encoding="utf-8") or (
        "assessed_at: 2026-11-30T16:07:00+01:00" in saved.read_text(encoding="utf-8")
    )
    (again,) = load_cases([str(saved)])
    assert again.assessed_at == dt.datetime(2026, 11, 30, 15, 7, tzinfo=dt.UTC)  # the same moment
    text = str(render(again, assess_case(again), "txt", now=PRINTED))
    assert "Assessed 2026-11-30 16:07 UTC+01:00" in text and "printed 2026-12-02 12:40 UTC" in text
    assert "Date: 2026-11-30" in text  # the signature's date is the day it was assessed
    # and JSON keeps it too
    as_json = tmp_path / "case.json"
    casefile.write_case(as_json, again)
    (from_json,) = load_cases([str(as_json)])
    assert from_json.assessed_at == again.assessed_at


def test_mark_assessed_uses_the_local_time_zone_and_refuses_a_naive_time() -> None:
    case = case_from("case_id: X\ndrug: d\nreaction: r\n")
    mark_assessed(case)
    assert case.assessed_at is not None and case.assessed_at.utcoffset() is not None
    assert abs(case.assessed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    with pytest.raises(ValueError, match="time zone"):
        mark_assessed(case, dt.datetime(2026, 1, 1, 9, 0))  # noqa: DTZ001 - the point of the test


def test_an_onset_after_the_recorded_assessment_time_is_a_problem() -> None:
    case, problems = casefile.read_case(
        "c.yaml",
        {
            "case_id": "X",
            "assessed_at": "2026-01-10T09:00Z",
            "suspect_drugs": [{"name": "d"}],
            "reactions": [{"term": "r", "onset": "2026-01-11"}],
            "assessments": [{"drug": "d", "reaction": "r"}],
        },
    )
    assert case is None
    assert [p.message for p in problems] == [
        "onset 2026-01-11 is after the assessment date (the recorded assessment time, 2026-01-10): "
        "check the year"
    ]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_page_one_of_the_pdf_has_every_pairs_result(paper: str, tmp_path: Path) -> None:
    weasyprint_or_skip()
    from pypdf import PdfReader

    (case,) = load_cases([str(EXAMPLES / "alemtuzumab.yaml")])
    target = tmp_path / "r.pdf"
    target.write_bytes(bytes(render(case, assess_case(case), "pdf", paper=paper, now=PRINTED)))
    first = " ".join(PdfReader(str(target)).pages[0].extract_text().split())  # lines as wrapped
    for words in ("Summary", "generalized petechiae", "epistaxis", "Probable / Likely"):
        assert words in first
    assert first.count("7, Probable") == 2


def test_only_the_drug_columns_something_was_recorded_in() -> None:
    # alemtuzumab: dose, route and indication recorded, no dates; amoxicillin: all four
    (alem,) = parse(report(EXAMPLES / "alemtuzumab.yaml", "html")).tables["drugs"]
    assert alem[0] == ["Suspect drug", "Dose", "Route", "Indication"]
    assert alem[1] == [
        "alemtuzumab",
        "12 mg/day",
        "intravenous infusion",
        "relapsing-remitting multiple sclerosis",
    ]
    (amox,) = parse(report(EXAMPLES / "amoxicillin-rash.yaml", "html")).tables["drugs"]
    assert amox[0] == ["Suspect drug", "Dose", "Route", "Dates", "Indication"]
    assert amox[1][3] == "2024-04-02 to 2024-04-08"


def test_the_assessors_conclusion_is_on_page_one_in_their_words(tmp_path: Path) -> None:
    text = """
        case_id: C-9
        drug: amoxicillin
        reaction: rash
        conclusion: Probably amoxicillin; <b>advise</b> avoiding penicillins
        naranjo: {q1: yes, q2: yes}
        """
    case = case_from(text)
    assert case.assessments[0].conclusion == "Probably amoxicillin; <b>advise</b> avoiding penicillins"
    results = assess_case(case)
    html = str(render(case, results, "html", now=PRINTED))
    summary = html[html.index("<h2>Summary</h2>") : html.index("</table>")]
    assert (
        "Assessor's conclusion:</strong> Probably amoxicillin; &lt;b&gt;advise&lt;/b&gt; avoiding" in summary
    )
    txt = str(render(case, results, "txt", now=PRINTED))
    summary_txt = " ".join(txt.split("SUMMARY\n", 1)[1].split("\n\n", 1)[0].split())  # as wrapped at 78
    assert "Assessor's conclusion: Probably amoxicillin; <b>advise</b> avoiding penicillins" in summary_txt
    md = str(render(case, results, "md", now=PRINTED))
    assert "- Assessor's conclusion on amoxicillin \u00d7 rash: Probably amoxicillin; &lt;b&gt;advise" in md
    saved = tmp_path / "c.yaml"
    casefile.write_case(saved, case)
    (again,) = load_cases([str(saved)])
    assert again.assessments[0].conclusion == case.assessments[0].conclusion
