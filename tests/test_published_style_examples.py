"""The three examples that use the facts published cases give (issue #10), scored through the CLI, against
every instrument that applies, worked by hand item by item (Naranjo and WHO-UMC are in test_examples.py).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import EXAMPLES
from tests.test_examples import score_json


def one(name: str) -> dict[str, Any]:
    (result,) = score_json(str(EXAMPLES / name))
    return result


def path(result: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["node"], s["answer"]) for s in result["instruments"]["lcat"]["path"]]


def answers(result: dict[str, Any], instrument: str) -> dict[str, str]:
    return {i["id"]: i["answer"] for i in result["instruments"][instrument]["items"]}


def test_a_single_dose_that_resolved() -> None:
    r = one("ibuprofen-single-dose-urticaria.yaml")
    assert set(r["instruments"]) == {"lcat", "hartwig", "schumock_thornton"}
    # Naranjo q3: the only dose, then improvement: the time after the last dose is the dechallenge; the
    # reason names the antihistamine that may partly explain it.
    q3 = r["naranjo"]["items"][2]
    assert q3["answer"] == "yes" and "the time after the last dose is the dechallenge" in q3["reason"]
    assert "cetirizine" in q3["reason"]
    # Liverpool: L1 yes; L2 yes (onset within an hour after the dose); L4 yes (improved after a single
    # dose); L6 low (three causes excluded); L8 no (no rechallenge); L9 no (first exposure); L10 yes
    # (labelled) -> Probable.
    assert path(r) == [("L1", "yes"), ("L2", "yes"), ("L4", "yes"), ("L6", "low"), ("L8", "no"), ("L9", "no"),
                       ("L10", "yes")]  # fmt: skip
    assert r["instruments"]["lcat"]["result"] == "probable"
    # Hartwig-Siegel: not fatal, no harm, no intensive care, no admission, 0 extra days; an antihistamine
    # (treatment) -> level 3; nothing was left to withhold after a single dose (drug changed: no).
    hartwig = r["instruments"]["hartwig"]
    assert answers(r, "hartwig")["drug_changed"] == "no"
    assert (hartwig["level"], hartwig["band"], hartwig["at_least"]) == ("3", "moderate", False)
    # Schumock-Thornton: A1 no (first exposure, derived), every other answer stated no -> Not preventable.
    assert set(answers(r, "schumock_thornton").values()) == {"no"}
    assert r["instruments"]["schumock_thornton"]["result"] == "not preventable"
    assert r["warnings"] == []


def test_a_specific_antagonist() -> None:
    r = one("morphine-naloxone.yaml")
    assert set(r["instruments"]) == {"lcat", "hartwig", "schumock_thornton"}
    q3 = r["naranjo"]["items"][2]
    assert (q3["answer"], q3["fact"]) == ("yes", "reactions.treatment_given")
    assert "specific antagonist of morphine" in q3["reason"] and "naloxone" in q3["reason"]
    # WHO-UMC's withdrawal input is the withdrawal only: unknown -> not done or unclear.
    assert r["who_umc"]["inputs"]["dechallenge"]["value"] == "not_done_or_unclear"
    # Liverpool: L4 stated yes (improved with treatment, morphine withheld); L6 low; L8 no; L9 no (opioid-
    # naive); L10 yes -> Probable.
    assert path(r) == [("L1", "yes"), ("L2", "yes"), ("L4", "yes"), ("L6", "low"), ("L8", "no"), ("L9", "no"),
                       ("L10", "yes")]  # fmt: skip
    assert r["instruments"]["lcat"]["result"] == "probable"
    # Hartwig-Siegel: no death, harm, intensive care or admission; 1 extra day, with an antidote (a level-3
    # reaction) -> 4a, moderate.
    hartwig = r["instruments"]["hartwig"]
    assert answers(r, "hartwig")["antidote_or_treatment"] == "yes"
    assert (hartwig["level"], hartwig["band"]) == ("4a", "moderate")
    # Schumock-Thornton: A3 yes (a full dose in severe renal impairment) -> Definitely preventable.
    assert answers(r, "schumock_thornton")["A3"] == "yes"
    assert r["instruments"]["schumock_thornton"]["result"] == "definitely preventable"
    # Paracetamol, started the same day, is among the recorded causes: nothing to warn about.
    assert r["warnings"] == []


def test_a_positive_provocation_test_with_one_ingredient() -> None:
    r = one("trimethoprim-provocation.yaml")
    assert r["drug"] == "co-trimoxazole"
    assert r["time_to_onset_days"] == 2  # first dose 2025-02-03, onset 2025-02-05
    assert set(r["instruments"]) == {"lcat", "hartwig"}  # nothing for preventability is recorded
    q4 = r["naranjo"]["items"][3]
    assert (q4["answer"], q4["points"], q4["fact"]) == ("yes", 2, "facts.specific_tests")
    assert "with trimethoprim, an ingredient of co-trimoxazole" in q4["reason"]
    assert r["who_umc"]["inputs"]["rechallenge"]["value"] == "positive"
    # Liverpool: L6 low (all excluded) -> L8 yes (the provocation test is a rechallenge) -> Definite.
    assert path(r) == [("L1", "yes"), ("L2", "yes"), ("L4", "yes"), ("L6", "low"), ("L8", "yes")]
    assert r["instruments"]["lcat"]["result"] == "definite"
    # Hartwig-Siegel: stopped (drug changed), no treatment, nothing more -> level 2, mild.
    hartwig = r["instruments"]["hartwig"]
    assert (answers(r, "hartwig")["antidote_or_treatment"], answers(r, "hartwig")["drug_changed"]) == (
        "no",
        "yes",
    )
    assert (hartwig["level"], hartwig["band"]) == ("2", "mild")
    assert r["warnings"] == []


def test_the_report_names_the_drug_each_test_was_done_with() -> None:
    from click.testing import CliRunner

    from causality.cli import cli

    out = CliRunner().invoke(
        cli, ["report", str(EXAMPLES / "trimethoprim-provocation.yaml"), "--format", "md"]
    )
    text = " ".join(out.stdout.split())
    assert "provocation with trimethoprim: positive" in text
    assert "provocation with sulfamethoxazole: negative" in text
