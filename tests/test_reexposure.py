"""Re-exposure: which drug was given again, and with what. Worked by hand from these rules:

- only the same drug re-given is its rechallenge (Naranjo Q4, WHO-UMC rechallenge);
- a drug of the same class with recurrence: Q9 yes (+1, "the same or similar drugs"), Q4 do not know (0),
  WHO-UMC rechallenge not done;
- the drug re-given together with another suspect and the reaction recurred: Q4 yes (+2) for each, with
  a warning that it does not tell the suspects apart; WHO-UMC rechallenge not done (Certain is never
  derived from a joint rechallenge);
- the same re-exposure credited to both Q4 and Q9 is warned about.
"""

from __future__ import annotations

import pytest

from tests.helpers import pair


@pytest.mark.parametrize(
    ("given", "q4", "q9", "who", "warned"),
    [
        ("same_drug", "yes", "unknown", "positive", False),
        ("same_class", "unknown", "yes", "not_done", False),
        ("with_other_suspects", "yes", "unknown", "not_done", True),
    ],
)
def test_what_was_given_again(given: str, q4: str, q9: str, who: str, warned: bool) -> None:
    r = pair({"rechallenge": {"outcome": "recurred", "given": given}})
    assert (r.naranjo_trace["q4"].value, r.naranjo_trace["q9"].value) == (q4, q9)
    assert r.who_umc_inputs["rechallenge"].value == who
    assert any("does not tell the suspects apart" in w for w in r.warnings) is warned


def test_points_for_the_same_class() -> None:
    # q4 0 instead of +2, q9 +1: the rechallenge of a similar drug adds 1 point, not 2.
    same = pair({"rechallenge": "recurred"})
    similar = pair({"rechallenge": {"outcome": "recurred", "given": "same_class"}})
    assert same.naranjo.total - similar.naranjo.total == 1


def test_the_same_re_exposure_credited_twice_is_warned() -> None:
    r = pair({"rechallenge": "recurred", "previous_reaction": "same_drug"})
    assert (r.naranjo_trace["q4"].value, r.naranjo_trace["q9"].value) == ("yes", "yes")
    assert any(w.startswith("naranjo.q4 and q9:") for w in r.warnings)
    assert not any(w.startswith("naranjo.q4 and q9:") for w in pair({"rechallenge": "recurred"}).warnings)


# Every instrument that reads a rechallenge counts only this drug re-given alone, worked by hand:
# George criterion 4 and Liverpool L8 are not answered by a same-class or joint re-exposure; a joint
# rechallenge that did not recur is still negative for WHO-UMC.
FLOW = {"timing": {"sequence": "after_drug"}, "dechallenge": "improved",
        "alternative_causes": [{"cause": "infection", "status": "tested_excluded"}]}  # fmt: skip


def lcat_l8(r: object) -> str | None:
    found = r.results["lcat"]  # type: ignore[attr-defined]
    return next((x.answer for x in found.lines if x.id == "L8"), None)


@pytest.mark.parametrize(
    ("given", "l8_source"),
    [("same_drug", "derived"), ("same_class", "default"), ("with_other_suspects", "default")],
)
def test_liverpool_l8_counts_only_this_drug_alone(given: str, l8_source: str) -> None:
    r = pair({**FLOW, "rechallenge": {"outcome": "recurred", "given": given}})
    line = next(x for x in r.results["lcat"].lines if x.id == "L8")
    assert (line.answer, line.source.value) == ("yes" if l8_source == "derived" else "no", l8_source)


def test_a_joint_rechallenge_that_did_not_recur_is_negative_for_who_umc() -> None:
    r = pair({"rechallenge": {"outcome": "did_not_recur", "given": "with_other_suspects"}})
    assert r.who_umc_inputs["rechallenge"].value == "negative"
    assert r.naranjo_trace["q4"].value == "no"


def test_george_criterion_4_counts_only_this_drug_alone(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from causality.cli import cli

    text = """\
case_id: G
suspect_drugs: [{name: heparin, start: 2024-03-01}]
reactions: [{term: thrombocytopenia, onset: 2024-03-08, outcome: recovered}]
assessments:
  - drug: heparin
    reaction: thrombocytopenia
    facts: {rechallenge: {outcome: recurred, given: GIVEN}}
"""
    for given, source in (
        ("same_drug", "derived"),
        ("same_class", "default"),
        ("with_other_suspects", "default"),
    ):
        path = Path(str(tmp_path)) / f"{given}.yaml"
        path.write_text(text.replace("GIVEN", given), encoding="utf-8")
        items = json.loads(CliRunner().invoke(cli, ["score", str(path), "--format", "json"]).stdout)[0]
        c4 = next(i for i in items["instruments"]["george"]["items"] if i["id"] == "c4")
        assert (c4["answer"], c4["source"]) == ("yes" if source == "derived" else "no", source), given
