"""Several assessments of one pair: each records its assessor, when, and its role (issue 14)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from causality import yamlio
from causality.assessment import assess_case
from causality.casefile import dumps, read_case
from causality.model import AssessmentRole, Person
from tests.helpers import case_from

TWO_ASSESSORS = """\
case_id: C-1
suspect_drugs: [{name: amoxicillin}]
reactions: [{term: rash}]
assessor: {name: Ann Lee, role: pharmacist, organisation: Regional PV centre}
assessed_at: 2026-11-30T09:00Z
assessments:
  - drug: amoxicillin
    reaction: rash
    naranjo: {q1: "yes", q2: "yes"}
  - drug: amoxicillin
    reaction: rash
    assessor: Bo Chen
    assessed_at: 2026-12-01T14:30+01:00
    naranjo: {q1: "yes", q2: "yes", q3: "yes", q5: "no"}
  - drug: amoxicillin
    reaction: rash
    assessor: {name: Cy Dias, role: senior physician, organisation: Regional PV centre}
    role: adjudication
    reason: the rash resolved on stopping, as Bo Chen recorded
    naranjo: {q1: "yes", q2: "yes", q3: "yes"}
"""


def problems_of(text: str, source: str = "case.yaml") -> list[str]:
    _, problems = read_case(source, yamlio.load(textwrap.dedent(text)))
    return [str(p) for p in problems]


def test_one_file_holds_each_assessors_assessment_and_the_adjudication() -> None:
    case = case_from(TWO_ASSESSORS)
    first, second, final = case.assessments
    # The first falls back to the case's assessor and date; the others name their own.
    assert first.assessor is None and first.assessor_of(case) == Person(
        name="Ann Lee", role="pharmacist", organisation="Regional PV centre"
    )
    assert first.assessed_at_of(case) == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert second.assessor == Person(name="Bo Chen")
    assert second.assessed_at == dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert (first.role, second.role) == (AssessmentRole.INDEPENDENT, AssessmentRole.INDEPENDENT)
    assert final.role is AssessmentRole.ADJUDICATION and final.role.final
    assert final.reason == "the rash resolved on stopping, as Bo Chen recorded"
    assert final.assessor_of(case).organisation == "Regional PV centre"  # type: ignore[union-attr]
    # Each is scored on its own answers: 1 + 2 = 3; 1 + 2 + 1 + 2 = 6; 1 + 2 + 1 = 4.
    assert [r.naranjo.total for r in assess_case(case)] == [3, 6, 4]


def test_written_back_it_reads_the_same_and_an_independent_role_is_not_written() -> None:
    case = case_from(TWO_ASSESSORS)
    text = dumps(case, "yaml")
    again = case_from(text)
    assert again == case
    data = yamlio.load(text)
    assert "role" not in data["assessments"][0] and "role" not in data["assessments"][1]
    assert data["assessments"][1]["assessor"] == "Bo Chen"  # a name alone stays a name
    assert data["assessments"][2]["role"] == "adjudication"
    assert data["case_id"] == "C-1" and data["assessor"]["organisation"] == "Regional PV centre"


def test_the_same_pair_twice_by_the_same_assessor_in_the_same_role_is_refused() -> None:
    text = TWO_ASSESSORS.replace("assessor: Bo Chen", "assessor: ann  LEE")  # the case's assessor again
    assert problems_of(text) == [
        "case.yaml: assessments[1]: the pair amoxicillin x rash is assessed twice by ann  LEE"
    ]


def test_without_assessors_the_pair_twice_is_refused_as_before() -> None:
    text = """\
    case_id: C-2
    suspect_drugs: [x]
    reactions: [{term: rash}]
    assessments: [{drug: x, reaction: rash}, {drug: x, reaction: rash}]
    """
    assert problems_of(text) == ["case.yaml: assessments[1]: the pair x x rash is assessed twice"]


def test_a_consensus_and_an_independent_assessment_by_one_assessor_may_sit_side_by_side() -> None:
    text = """\
    case_id: C-3
    suspect_drugs: [x]
    reactions: [{term: rash}]
    assessor: {name: Ann}
    assessments:
      - {drug: x, reaction: rash}
      - {drug: x, reaction: rash, role: consensus, reason: discussed with Bo}
      - {drug: x, reaction: rash, role: consensus, reason: again}
    """
    # Two consensus entries by the same assessor are one too many.
    assert problems_of(text) == [
        "case.yaml: assessments[2]: the pair x x rash is assessed twice by Ann as consensus"
    ]


def test_a_consensus_or_adjudication_needs_its_reason() -> None:
    for role, article in (("consensus", "a"), ("adjudication", "an")):
        text = f"""\
        case_id: C-4
        suspect_drugs: [x]
        reactions: [{{term: rash}}]
        assessments: [{{drug: x, reaction: rash, role: {role}}}]
        """
        assert problems_of(text) == [
            f"case.yaml: assessments[0].reason: {article} {role} assessment needs the reason for its result "
            "(allowed: the reason, in words)"
        ]


def test_a_wrong_role_names_the_allowed_ones() -> None:
    text = """\
    case_id: C-5
    suspect_drugs: [x]
    reactions: [{term: rash}]
    assessments: [{drug: x, reaction: rash, role: final}]
    """
    assert problems_of(text) == [
        "case.yaml: assessments[0].role: 'final' is not allowed (allowed: independent, consensus, adjudication)"
    ]


def test_the_shorthand_takes_an_assessor_by_name_and_nothing_else_new() -> None:
    case = case_from("case_id: S-1\ndrug: x\nreaction: y\nassessor: Dr Okafor\nnaranjo: {q1: 'yes'}\n")
    assert case.shorthand and case.assessments[0].assessor == Person(name="Dr Okafor")
    assert case.assessor == Person(name="Dr Okafor")  # the report's assessor
    data = yamlio.load(dumps(case, "yaml"))
    assert data == {
        "case_id": "S-1",
        "drug": "x",
        "reaction": "y",
        "naranjo": {"q1": "yes"},
        "assessor": "Dr Okafor",
    }
    for key, value in (("role", "consensus"), ("reason", "x"), ("assessed_at", "2026-12-01T10:00Z")):
        problems = problems_of(f"case_id: S-2\ndrug: x\nreaction: y\n{key}: {value}\n")
        assert len(problems) == 1 and problems[0].startswith(f"case.yaml: {key}: unknown field"), problems


def test_a_shorthand_without_an_assessor_writes_back_exactly_as_before() -> None:
    text = "case_id: S-3\ndrug: x\nreaction: y\nnaranjo: {q1: 'yes', q5: 'no'}\n"
    case = case_from(text)
    assert case.assessor is None and case.assessments[0].assessor is None
    assert yamlio.load(dumps(case, "yaml")) == {
        "case_id": "S-3", "drug": "x", "reaction": "y", "naranjo": {"q1": "yes", "q5": "no"},
    }  # fmt: skip


def test_the_report_shows_every_assessors_result_and_marks_the_final_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from causality.cli import cli

    path = tmp_path / "case.yaml"
    path.write_text(TWO_ASSESSORS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(path), "--format", "txt"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.split("PATIENT, DRUGS AND REACTIONS")[0]
    # Each assessment with its own total (3, 6 and 4, as above), in the order of the file.
    blocks = summary.split("amoxicillin x rash\n")[1:]
    assert len(blocks) == 3
    assert blocks[0].startswith(
        "  Independent assessment by Ann Lee (pharmacist, Regional PV centre),\n"
        "    2026-11-30 09:00 UTC\n"
        "  Naranjo: 3, Possible"
    )
    assert blocks[1].startswith(
        "  Independent assessment by Bo Chen, 2026-12-01 14:30 UTC+01:00\n  Naranjo: 6, Probable"
    )
    assert " ".join(blocks[2].split()).startswith(  # as wrapped to the page
        "FINAL RESULT: adjudication by Cy Dias (senior physician, Regional PV centre), 2026-11-30 09:00 UTC; "
        "reason: the rash resolved on stopping, as Bo Chen recorded Naranjo: 4, Possible"
    )
    # The pair sections are marked the same way.
    assert result.stdout.count("FINAL RESULT: adjudication by Cy Dias") == 2


def test_the_interview_does_not_open_a_file_that_assesses_a_pair_twice(tmp_path: Path) -> None:
    import pytest

    from causality.errors import UsageError
    from causality.interview.command import _check_interview_can_open

    path = tmp_path / "case.yaml"
    path.write_text(TWO_ASSESSORS, encoding="utf-8")
    with pytest.raises(UsageError, match="amoxicillin x rash is assessed more than once"):
        _check_interview_can_open(str(path))


def test_score_says_who_made_each_assessment_and_as_what() -> None:
    """JSON and CSV name each assessment's assessor and role (read by hand from examples/agreement/), so that
    a pair's rows by several people can be told apart; the CSV's two columns follow `warnings`."""
    import csv
    import io
    import json

    from click.testing import CliRunner

    from causality.cli import cli
    from tests.conftest import EXAMPLES

    folder = str(EXAMPLES / "agreement")
    data = json.loads(CliRunner().invoke(cli, ["score", folder, "--format", "json"]).output)
    assert sorted((r["assessor"], r["role"], r["reaction"]) for r in data) == [
        ("Ann Lee", "independent", "epistaxis"),
        ("Ann Lee", "independent", "generalized petechiae"),
        ("Bo Chen", "independent", "epistaxis"),
        ("Bo Chen", "independent", "generalized petechiae"),
        ("Cy Dias", "adjudication", "generalized petechiae"),
    ]
    table = CliRunner().invoke(cli, ["score", folder, "--format", "csv"]).output
    header = table.splitlines()[0].split(",")
    assert header[header.index("warnings") + 1 : header.index("warnings") + 3] == ["assessor", "role"]
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {(r["assessor"], r["role"]) for r in rows} == {
        ("Ann Lee", "independent"), ("Bo Chen", "independent"), ("Cy Dias", "adjudication")}  # fmt: skip
    one = json.loads(
        CliRunner().invoke(cli, ["score", str(EXAMPLES / "alemtuzumab.yaml"), "-f", "json"]).output
    )
    assert {(r["assessor"], r["role"]) for r in one} == {("Example Assessor", "independent")}


def test_the_report_summary_puts_each_pair_together_and_its_final_result_first() -> None:
    """Ann's, Bo's and Cy's assessments of the seed case in one file: the summary groups the petechiae's three
    assessments (Cy's adjudication first, marked) before the epistaxis's two."""
    import yaml

    from causality.assessment import assess_case
    from causality.report.view import build
    from tests.helpers import agreement_in_one_file, case_from

    one = agreement_in_one_file()
    case = case_from(yaml.safe_dump(one, sort_keys=False))
    view = build(case, assess_case(case))
    order = [(p.reaction, p.assessed_by.split(",")[0], p.final) for p in view.summary]
    assert order == [
        ("generalized petechiae", "Cy Dias", True),
        ("generalized petechiae", "Ann Lee", False),
        ("generalized petechiae", "Bo Chen", False),
        ("epistaxis", "Ann Lee", False),
        ("epistaxis", "Bo Chen", False),
    ]


def test_the_report_says_when_the_assessments_were_made_where_the_case_does_not() -> None:
    """A case whose assessments each carry their own time: the report's header gives the first and the last
    (Ann 2026-11-30 09:40 +01:00, Cy 2026-12-02 11:20 +01:00), not "assessment date not recorded"."""
    import yaml

    from causality.assessment import assess_case
    from causality.report.view import build
    from tests.helpers import agreement_in_one_file, case_from

    case = case_from(yaml.safe_dump(agreement_in_one_file(), sort_keys=False))
    assessed = build(case, assess_case(case)).assessed
    assert assessed.startswith("2026-11-30 09:40") and " to 2026-12-02 11:20" in assessed
