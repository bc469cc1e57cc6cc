"""The timeline: drug exposure, onsets, withdrawal and outcome, from dates or from the time after the dose;
an inline SVG in HTML (and so in PDF) whose text is escaped and which loads nothing; lines in Markdown and
text."""

from __future__ import annotations

import re

from causality.assessment import assess_case
from causality.casefile import load_cases
from causality.report import timeline as T
from causality.report.render import render
from tests.conftest import EXAMPLES
from tests.helpers import case_from


def example(name: str):  # type: ignore[no-untyped-def]
    (case,) = load_cases([str(EXAMPLES / name)])
    return case


def test_from_dates() -> None:
    t = T.build(example("amoxicillin-rash.yaml"))
    assert t is not None
    # amoxicillin 2024-04-02 to 2024-04-08; rash on 2024-04-08: 6 days after the first dose.
    assert t.lines == [
        "amoxicillin: 2024-04-02 to 2024-04-08",
        "maculopapular rash: onset 2024-04-08 (6 days after the first dose of amoxicillin)",
        "maculopapular rash: outcome recovered",
        "amoxicillin \u00d7 maculopapular rash: withdrawal recorded as 'improved': faded within 5 days of "
        "stopping",
    ]
    (bar,) = t.bars
    (onset,) = t.marks
    assert onset.kind == "onset"
    assert onset.label == "onset 2024-04-08 (amoxicillin +6 d)"  # short: the drawing is one line wide
    assert abs(bar.x + bar.width - onset.x) < 0.01  # the onset on the day of the last dose
    assert T.LEFT < bar.x < onset.x < T.RIGHT
    # 6 days of exposure out of 6 + 2 days of margin (one day before, one after): 6/8 of the axis
    assert abs(bar.width - (T.RIGHT - T.LEFT) * 6 / 8) < 0.01
    assert t.ticks[0].label == "2024-04-01" and t.ticks[-1].label == "2024-04-09"


def test_from_the_time_after_the_dose() -> None:
    t = T.build(example("alemtuzumab.yaml"))
    assert t is not None and t.bars == []
    dose, petechiae, epistaxis = t.marks
    assert (dose.kind, dose.x) == ("dose", T.LEFT)
    # onset 24 hours after the dose on an axis of 24 x 1.25 = 30 hours: 4/5 of the way
    for mark in (petechiae, epistaxis):
        assert mark.kind == "onset" and mark.label == "onset 1 day after a dose"
        assert abs(mark.x - (T.LEFT + (T.RIGHT - T.LEFT) * 24 / 30)) < 0.01
    assert t.axis_label == "hours after the dose"
    assert [o[1] for o in t.outcomes] == ["recovered", "recovered"]


def test_no_timeline_without_times() -> None:
    case = case_from("case_id: X\ndrug: d\nreaction: r\n")
    assert T.build(case) is None
    html = str(render(case, assess_case(case), "html"))
    assert "<svg" not in html and "Timeline" not in html


def test_the_svg_escapes_what_was_typed_and_loads_nothing() -> None:
    case = case_from(
        """
        case_id: X
        suspect_drugs: [{name: "<script>alert(1)</script>", start: 2024-01-01, stop: 2024-01-05}]
        reactions: [{term: 'rash" onload="x', onset: 2024-01-03}]
        assessments: [{drug: "<script>alert(1)</script>", reaction: 'rash" onload="x'}]
        """
    )
    html = str(render(case, assess_case(case), "html"))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'onload="x' not in svg and ("&#34;" in svg or "&quot;" in svg)
    assert not re.search(r"href|url\(|http", svg, re.IGNORECASE)


def test_markdown_and_text_list_the_same_events() -> None:
    case = example("coamoxiclav-liver-injury.yaml")
    for fmt, start in (("md", "## Timeline\n\n- "), ("txt", "TIMELINE\n- ")):
        text = str(render(case, assess_case(case), fmt))
        assert start in text
        assert "21 days after the first dose of amoxicillin-clavulanate" in text.replace("\n  ", " ")
        assert "amlodipine (concomitant): from 2024-01-15" in text
