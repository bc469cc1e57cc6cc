"""The example cases, scored through the CLI, against values worked by hand in the comments."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from click.testing import CliRunner

from causality.cli import cli
from tests.conftest import EXAMPLE_FILES, EXAMPLES


def score_json(*paths: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["score", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def by_pair(data: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["case_id"], d["reaction"]): d for d in data}


# (case_id, reaction) -> (Naranjo answers q1..q10, total, category, range, pivotal items, WHO-UMC category)
EXPECTED = {
    # Alemtuzumab (the seed case): literature yes +1, after the drug +2, resolved +1, rechallenge not done 0,
    # every alternative excluded +2, no placebo 0, no level 0, no dose change 0, first dose without reaction
    # 0 ("no"), petechiae/bleeding seen +1 = 7. q6, q7, q8 are settled by the recorded facts (placebo not
    # given, level not measured, no dose change: spec §1.3 ceiling) and stay 0; only q4 (-1..+2) is open:
    # 6 (Probable) to 9 (Definite), so q4 can move the category.
    ("ALEM-2024-001", "generalized petechiae"): (
        "yes yes yes unknown no unknown unknown unknown no yes", 7, "probable", (6, 9), ["q4"], "probable",
    ),
    ("ALEM-2024-001", "epistaxis"): (
        "yes yes yes unknown no unknown unknown unknown no yes", 7, "probable", (6, 9), ["q4"], "probable",
    ),
    # Digoxin: 1 + 2 + 1 + 0 + 2 + 0 + 1 (toxic level) + 1 (dose increase) + 0 + 1 = 9. q6 settled (no
    # placebo). Open q4 (-1..+2), q9 (0..+1): 9 - 1 = 8 to 9 + 2 + 1 = 12; q4 = no gives 8 (Probable) unless
    # q9 = yes brings it back to 9, so both can move the category.
    ("DIG-2024-007", "digoxin toxicity (nausea, xanthopsia, junctional bradycardia)"): (
        "yes yes yes unknown no unknown yes yes unknown yes", 9, "definite", (8, 12), ["q4", "q9"], "certain",
    ),
    # Amoxicillin: 1 + 2 + 1 + 0 - 1 (viral exanthem possible) + 0 + 0 + 0 + 0 + 1 = 4. q6, q7, q8 settled.
    # Open q4 (-1..+2), q9 (0..+1): 3 to 7; q4 yes gives 6, q9 yes gives 5 (Probable): both pivotal.
    ("AMX-2024-031", "maculopapular rash"): (
        "yes yes yes unknown yes unknown unknown unknown unknown yes", 4, "possible", (3, 7), ["q4", "q9"],
        "possible",
    ),
    # Atorvastatin: 1 - 1 (began before the drug) + 0 (not improved) + 0 - 1 (hypothyroidism) + 0 ... = -1.
    # q6 settled (no placebo); open q4 (-1..+2), q7, q8, q9 (0..+1): -2 to 4. Each of q7, q8, q9 moves
    # Doubtful (0) to Possible (1) when another open item has brought the total to 0.
    ("ATV-2024-012", "myalgia"): (
        "yes no no unknown yes unknown unknown unknown unknown no", -1, "doubtful", (-2, 4),
        ["q4", "q7", "q8", "q9"], "unlikely",
    ),
    # Shorthand: 1 + 2 + 1 + 1 = 5; unknown q4..q9: 5 - 3 = 2 to 5 + 8 = 13.
    ("PV-2024-0117", "neutropenia"): (
        "yes yes yes unknown unknown unknown unknown unknown unknown yes", 5, "probable", (2, 13),
        ["q4", "q5", "q6", "q7", "q8", "q9"], "conditional",
    ),
    # JSON shorthand: 1 - 1 = 0.
    ("PV-2023-0932", "serotonin syndrome"): (
        "yes unknown unknown unknown yes unknown unknown unknown unknown unknown", 0, "doubtful", (-3, 10),
        ["q2", "q3", "q4", "q6", "q7", "q8", "q9", "q10"], "unassessable",
    ),
    # Co-amoxiclav liver injury: 1 + 2 + 1 (ALP fell) + 0 + 0 (HSV, VZV untested) + 0 + 0 + 0 + 0 + 1 = 5.
    # q6, q7, q8 settled. Open q4 (-1..+2), q5 (-1..+2), q9 (0..+1): 3 to 10; each can cross 4/5 or 8/9.
    ("AMC-2026-DILI-01", "drug-induced liver injury"): (
        "yes yes yes unknown unknown unknown unknown unknown unknown yes", 5, "probable", (3, 10),
        ["q4", "q5", "q9"], "probable",
    ),
    # Vancomycin thrombocytopenia: 1 + 2 + 1 + 0 + 2 + 0 + 0 (level not toxic: "no") + 0 + 0 + 1 = 7.
    # q6 (no placebo) and q8 (no dose change) settled. Open q4 (-1..+2), q9 (0..+1): 6 to 10. Only q4 moves
    # the category (9 needs q4 yes; q9 then only adds within Definite, and alone gives 8).
    ("VAN-2026-ITP-02", "thrombocytopenia"): (
        "yes yes yes unknown no unknown no unknown unknown yes", 7, "probable", (6, 10), ["q4"], "probable",
    ),
    # Ibuprofen, a single dose: labelled +1, onset within an hour of the dose +2, improved after the only
    # dose +1 (the time after the last dose is the dechallenge), rechallenge not done 0, three causes
    # excluded +2, q6-q8 settled 0, no previous exposure "unknown" 0, wheals seen +1 = 7. Open q4 (-1..+2),
    # q9 (0..+1): 6 to 10; only q4 can reach 9. WHO-UMC: the antihistamine leaves the withdrawal only
    # "clinically reasonable" and the event is not definitive: Probable (step 7).
    ("IBU-2025-SD-01", "urticaria and lip angioedema"): (
        "yes yes yes unknown no unknown unknown unknown unknown yes", 7, "probable", (6, 10), ["q4"], "probable",
    ),
    # Morphine and naloxone: +1 +2, q3 yes +1 from the specific antagonist (the withdrawal itself is
    # "unknown"), q4 0, four causes excluded +2 (paracetamol, started the same day, among them), q6-q8
    # settled, q9 0 (opioid-naive), q10 +1 = 7; 6 to 10, q4 pivotal. WHO-UMC reads withdrawal only: not
    # done or unclear -> Possible (step 8).
    ("MOR-2025-NLX-02", "opioid toxicity with respiratory depression"): (
        "yes yes yes unknown no unknown unknown unknown unknown yes", 7, "probable", (6, 10), ["q4"], "possible",
    ),
    # Co-trimoxazole: +1, +2 (2 days after the first dose), +1 (improved on stopping), q4 yes +2 (a positive
    # provocation test with trimethoprim, one of its ingredients, is a rechallenge; the negative one with
    # sulfamethoxazole does not undo it), +2, q6-q8 settled, q9 unknown 0, +1 = 9.
    # Open q9 only: 9 to 10, Definite either way. WHO-UMC: plausible timing, causes excluded, plausible
    # withdrawal, definitive event, positive rechallenge: Certain (step 6).
    ("TMP-2025-FDE-03", "fixed drug eruption"): (
        "yes yes yes yes no unknown unknown unknown unknown yes", 9, "definite", (9, 10), [], "certain",
    ),
}  # fmt: skip
# The SJS case has two pairs for one reaction, so it is keyed by drug. Lamotrigine: 1 + 2 + 1 + 0 - 1
# (paracetamol possibly the cause) + 0 + 0 + 0 + 0 + 1 = 4; q6, q7, q8 settled; open q4, q9: 3 to 7.
# Paracetamol: the same but q9 "no" (taken before without reaction): 4, open q4 only: 3 to 6; WHO-UMC has
# no category and the assessor chose Unlikely.
SJS_BY_DRUG = {
    "lamotrigine": ("yes yes yes unknown yes unknown unknown unknown unknown yes", 4, "possible", (3, 7),
                    ["q4", "q9"], "possible"),
    "paracetamol": ("yes yes yes unknown yes unknown unknown unknown no yes", 4, "possible", (3, 6),
                    ["q4"], None),
}  # fmt: skip


def test_every_example_against_hand_worked_values() -> None:
    # The single-assessor examples; examples/agreement/ (several assessors of the seed case, worked by hand in
    # tests/test_agreement.py) would give its pairs twice.
    data = score_json(*map(str, EXAMPLE_FILES))
    results = by_pair([d for d in data if d["case_id"] != "LTG-2026-SJS-04"])
    sjs = {d["drug"]: d for d in data if d["case_id"] == "LTG-2026-SJS-04"}
    assert set(results) == set(EXPECTED)
    assert set(sjs) == set(SJS_BY_DRUG)
    cases = [(results[k], k, v) for k, v in EXPECTED.items()] + [
        (sjs[k], k, v) for k, v in SJS_BY_DRUG.items()
    ]
    for r, key, (answers, total, category, (lower, upper), pivotal, who) in cases:
        assert " ".join(i["answer"] for i in r["naranjo"]["items"]) == answers, key
        assert r["naranjo"]["score"] == total == sum(i["points"] for i in r["naranjo"]["items"]), key
        assert r["naranjo"]["category"] == category, key
        assert (r["naranjo"]["range"]["lower"], r["naranjo"]["range"]["upper"]) == (lower, upper), key
        assert r["naranjo"]["range"]["pivotal_items"] == pivotal, key
        assert r["who_umc"]["category"] == who, key
    assert sjs["paracetamol"]["who_umc"]["final_category"] == "unlikely"


def test_examples_reach_every_naranjo_category_and_four_who_umc_categories() -> None:
    data = score_json(str(EXAMPLES))
    assert {d["naranjo"]["category"] for d in data} == {"definite", "probable", "possible", "doubtful"}
    assert len({d["who_umc"]["category"] for d in data} - {None}) >= 4


def test_alemtuzumab_alternatives_come_from_the_case_report() -> None:
    (petechiae, epistaxis) = score_json(str(EXAMPLES / "alemtuzumab.yaml"))
    assert "prolonged straining, infectious disease, trauma" in petechiae["naranjo"]["items"][4]["reason"]
    assert "nose picking, dry air, nasal trauma" in epistaxis["naranjo"]["items"][4]["reason"]
    assert petechiae["warnings"] == epistaxis["warnings"] == []


def test_json_contract_keys() -> None:
    (first, *_) = score_json(str(EXAMPLES / "pending-neutropenia.yaml"))
    for key in ("case_id", "drug", "reaction", "naranjo", "who_umc", "warnings"):
        assert key in first
    assert set(first["naranjo"]) >= {"score", "category", "items", "range"}
    assert [i["id"] for i in first["naranjo"]["items"]] == [f"q{n}" for n in range(1, 11)]
    assert all({"id", "answer", "points"} <= set(i) for i in first["naranjo"]["items"])
    assert first["naranjo"]["category"] == first["naranjo"]["category"].lower()
    assert first["who_umc"]["category"] == "conditional"
    # Given answers say so.
    assert first["naranjo"]["items"][0]["source"] == "given"
    assert first["naranjo"]["items"][3]["source"] == "default"


def test_who_umc_category_is_null_when_no_category_is_met(write) -> None:  # type: ignore[no-untyped-def]
    path = write("open.yaml", "case_id: O\ndrug: d\nreaction: r\nwho_umc: {timing: reasonable, alternatives: "
                 "excluded, dechallenge: negative}\n")  # fmt: skip
    (r,) = score_json(str(path))
    assert r["who_umc"]["category"] is None
    assert r["who_umc"]["step"] == 9
    assert r["who_umc"]["nearest"] == ["probable", "possible"]


def test_csv_one_row_per_assessment() -> None:
    result = CliRunner().invoke(cli, ["score", *map(str, EXAMPLE_FILES), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(EXPECTED) + len(SJS_BY_DRUG)
    row = next(r for r in rows if r["case_id"] == "DIG-2024-007")
    assert (row["naranjo_score"], row["naranjo_category"], row["who_umc_category"]) == (
        "9",
        "definite",
        "certain",
    )
    assert (row["q7"], row["q8"], row["time_to_onset_days"]) == ("yes", "yes", "41")


def test_table_shows_items_total_range_who_umc_and_warnings() -> None:
    result = CliRunner().invoke(cli, ["score", str(EXAMPLES / "atorvastatin-myalgia.yaml")])
    assert result.exit_code == 0
    out = result.stdout
    assert "q2 Temporal sequence    no           -1  derived" in out
    assert "Total -1: Doubtful (band ≤ 0)" in out  # the report's wording: one view for both
    # q6 settled by "placebo not given"; open q4 (-1..+2), q7, q8, q9 (0..+1): -1 - 1 = -2 to -1 + 5 = 4.
    assert "If the unknown items were answered: -2 (Doubtful) to 4 (Possible)" in out
    assert "Settled by a recorded fact, kept at 0: q6" in out
    assert "WHO-UMC: Unlikely (step 4: timing excludes this drug)" in out
    assert "Warnings" in out and "UMC has no category" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_FILES])
def test_each_example_round_trips_through_the_writer(name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from causality.casefile import load_cases, write_case

    (case,) = load_cases([str(EXAMPLES / name)])
    for suffix in (".yaml", ".json"):
        out = tmp_path / f"copy{suffix}"
        write_case(out, case)
        assert out.stat().st_mode & 0o777 == 0o600
        (again,) = load_cases([str(out)])
        again.source = case.source
        assert again == case
