"""`causality export`: FHIR R5 and R4B bundles checked with fhir.resources, E2B(R3) messages read back with
the independent e2br3 parser, every field compared with what the case file says (worked out by hand)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from causality.cli import cli
from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT

R5_METHODS = {"probability-scale", "bayesian", "checklist"}
R5_ASSESS = {"certain", "probably-likely", "possible", "unlikely", "conditional-classified",
             "unassessable-unclassifiable"}  # fmt: skip
R4B_METHODS = {"ProbabilityScale", "Bayesian", "Checklist"}
R4B_ASSESS = {"Certain", "Probably-Likely", "Possible", "Unlikely", "Conditional-Classified",
              "Unassessable-Unclassifiable"}  # fmt: skip
METHOD_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-method"
ASSESS_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess"
# The causality instruments of the registry, as a safety database names them.
CAUSALITY = {"naranjo": "Naranjo", "who_umc": "WHO-UMC", "lcat": "Liverpool ADR CAT", "rucam": "RUCAM",
             "alden": "ALDEN", "george": "George criteria"}  # fmt: skip


def export(*args: str) -> Any:
    return CliRunner().invoke(cli, ["export", *args])


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def scores(path: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


# --- FHIR ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["fhir-r5", "fhir-r4b"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_exports_to_a_valid_bundle(path: Path, version: str) -> None:
    result = export(str(path), "--format", version)
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    if version == "fhir-r5":
        from fhir.resources.bundle import Bundle
    else:
        from fhir.resources.R4B.bundle import Bundle  # type: ignore[assignment]
    Bundle.model_validate(bundle)  # raises on any structural error
    assert bundle["type"] == "collection"
    methods, assess = (R5_METHODS, R5_ASSESS) if version == "fhir-r5" else (R4B_METHODS, R4B_ASSESS)
    codings = list(_codings(bundle))
    assert {c["code"] for c in codings if c["system"] == METHOD_SYSTEM} <= methods
    assert {c["code"] for c in codings if c["system"] == ASSESS_SYSTEM} <= assess
    # One AdverseEvent per reaction, one causality per pair x causality instrument (one assessor per case).
    expected = sum(1 + 1 + sum(k in CAUSALITY for k in s["instruments"]) for s in scores(path))
    events = resources(bundle, "AdverseEvent")
    if version == "fhir-r5":
        found = sum(1 for ae in events for s in ae["suspectEntity"] if "causality" in s)
    else:
        found = sum(len(s.get("causality", [])) for ae in events for s in ae["suspectEntity"])
    assert found == expected
    # De-identified: the Patient holds its sex at most.
    for patient in resources(bundle, "Patient"):
        assert set(patient) <= {"resourceType", "gender"}


def _codings(node: object) -> Any:
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            yield node
        for v in node.values():
            yield from _codings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _codings(v)


def test_r5_alemtuzumab_field_by_field() -> None:
    # The seed case: Naranjo 7 (Probable: 5 to 8), WHO-UMC Probable, Liverpool probable, for both reactions;
    # three alternative causes excluded for each; assessor "Example Assessor", clinical pharmacist.
    bundle = json.loads(export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5").stdout)
    urls = by_url(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient == {"resourceType": "Patient", "gender": "female"}
    age = next(o for o in resources(bundle, "Observation") if o["code"].get("text") == "Age")
    assert age["valueQuantity"] == {
        "value": 58,
        "unit": "years",
        "system": "http://unitsofmeasure.org",
        "code": "a",
    }
    (statement,) = resources(bundle, "MedicationStatement")
    assert statement["medication"] == {"concept": {"text": "alemtuzumab"}}
    assert statement["dosage"] == [{"text": "12 mg/day", "route": {"text": "intravenous infusion"}}]
    events = resources(bundle, "AdverseEvent")
    assert [e["code"]["text"] for e in events] == ["generalized petechiae", "epistaxis"]
    for event in events:
        assert event["status"] == "completed" and event["actuality"] == "actual"
        assert event["identifier"] == [{"value": "ALEM-2024-001"}]
        found = [
            (
                s["causality"]["assessmentMethod"]["coding"][0]["code"],
                s["causality"]["assessmentMethod"]["text"],
                s["causality"]["entityRelatedness"]["coding"][0]["code"],
                s["causality"]["entityRelatedness"]["text"],
            )
            for s in event["suspectEntity"]
        ]
        assert found == [
            ("probability-scale", "Naranjo", "probably-likely", "Naranjo: Probable (7)"),
            ("checklist", "WHO-UMC", "probably-likely", "WHO-UMC: Probable/Likely"),
            ("checklist", "Liverpool ADR CAT", "probably-likely", "Liverpool ADR CAT: Probable"),
        ]
        for s in event["suspectEntity"]:
            assert urls[s["instanceReference"]["reference"]] == statement
            author = urls[s["causality"]["author"]["reference"]]
            assert author == {
                "resourceType": "Practitioner",
                "name": [{"text": "Example Assessor"}],
                "qualification": [{"code": {"text": "clinical pharmacist"}}],
            }
        linked = [urls[i["itemReference"]["reference"]] for i in event["supportingInfo"]]
        naranjo = next(r for r in linked if r["code"].get("text") == "Naranjo ADR Probability Scale")
        assert naranjo["valueInteger"] == 7
        assert naranjo["component"] == [{"code": {"text": "category"}, "valueString": "Probable"}]
        refuted = [r for r in linked if r["resourceType"] == "Condition"]
        assert len(refuted) == 3
        assert all(r["verificationStatus"]["coding"][0]["code"] == "refuted" for r in refuted)
    causes = {c["code"]["text"]: c["note"][0]["text"] for c in resources(bundle, "Condition")}
    assert causes["prolonged straining"] == (
        "Excluded as a cause of generalized petechiae with alemtuzumab by history: no straining, vomiting or "
        "coughing bouts"
    )
    assert causes["nasal trauma"] == (
        "Excluded as a cause of epistaxis with alemtuzumab by examination: no nasal trauma on examination"
    )


def test_r4b_keeps_every_instrument_under_one_suspect_with_capitalised_codes() -> None:
    bundle = json.loads(export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r4b").stdout)
    for event in resources(bundle, "AdverseEvent"):
        assert "code" not in event and event["event"]["text"] in ("generalized petechiae", "epistaxis")
        (suspect,) = event["suspectEntity"]
        found = [(c["method"]["coding"][0]["code"], c["assessment"]["coding"][0]["code"], c["productRelatedness"])
                 for c in suspect["causality"]]  # fmt: skip
        assert found == [
            ("ProbabilityScale", "Probably-Likely", "Probable (7)"),
            ("Checklist", "Probably-Likely", "Probable/Likely"),
            ("Checklist", "Probably-Likely", "Probable"),
        ]
        assert len(event["subjectMedicalHistory"]) == 3  # the refuted alternative causes


def test_the_assessors_category_is_the_one_exported_and_the_computed_one_is_noted() -> None:
    # Paracetamol in the SJS case: no WHO-UMC category is met; the assessor records Unlikely with a reason.
    bundle = json.loads(export(str(EXAMPLES / "lamotrigine-sjs.yaml"), "-f", "fhir-r5").stdout)
    urls = by_url(bundle)
    (event,) = resources(bundle, "AdverseEvent")
    para = [s for s in event["suspectEntity"] if s["instanceReference"]["display"] == "paracetamol"]
    who = next(s["causality"] for s in para if s["causality"]["assessmentMethod"]["text"] == "WHO-UMC")
    assert who["entityRelatedness"] == {
        "text": "WHO-UMC: Unlikely",
        "coding": [{"system": ASSESS_SYSTEM, "code": "unlikely"}],
    }
    alden = next(s["causality"] for s in para if s["causality"]["assessmentMethod"]["text"] == "ALDEN")
    assert alden["entityRelatedness"]["text"] == "ALDEN: Very unlikely (-2)"
    observations = [urls[i["itemReference"]["reference"]] for i in event["supportingInfo"]]
    who_obs = [o for o in observations if o["code"]["text"] == "WHO-UMC causality categories"]
    notes = [n["text"] for o in who_obs for n in o.get("note", [])]
    assert any(
        n.startswith("Assessor's category: unlikely; reason: started during the prodrome") for n in notes
    )


def test_a_bundle_that_fails_validation_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from causality.interchange import fhir

    real = fhir.build

    def broken(assessed: Any, version: str = fhir.R5) -> dict[str, Any]:
        data = real(assessed, version)
        del resources(data, "AdverseEvent")[0]["subject"]  # a required element
        return data

    monkeypatch.setattr(fhir, "build", broken)
    out = tmp_path / "bundle.json"
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5", "-o", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    assert "subject: Field required" in result.stderr
    assert "Traceback" not in result.output


def test_a_wrong_causality_code_is_caught_by_the_tool_itself() -> None:
    from causality.interchange import fhir

    bundle = {"entry": [{"resource": {"x": {"system": ASSESS_SYSTEM, "code": "Probably-Likely"}}}]}
    assert fhir.check_codes(bundle, fhir.R5) == [f"'Probably-Likely' is not a code of {ASSESS_SYSTEM}"]
    assert fhir.check_codes(bundle, fhir.R4B) == []


def test_without_fhir_resources_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fhir.resources.bundle", None)  # import fails as if not installed
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5")
    assert result.exit_code == 2
    assert result.stderr == (
        "causality export: FHIR export needs the fhir extra: pip install 'adr-causality[fhir]'\n"
    )
    assert result.stdout == ""


# --- E2B(R3) ---------------------------------------------------------------------------------------------


def read_back(xml: bytes) -> dict[str, list[dict[str, Any]]]:
    import e2br3
    from e2br3.export import to_rows

    rows: dict[str, list[dict[str, Any]]] = to_rows(e2br3.parse(xml), "export")
    return rows


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_reads_back_one_drug_reaction_row_per_assessment(path: Path) -> None:
    result = export(str(path), "-f", "e2b-r3")
    assert result.exit_code == 0, result.output
    rows = read_back(result.stdout_bytes)
    scored = scores(path)
    expected = []
    for s in scored:  # one row per drug x reaction x causality instrument (one assessor per case)
        n = s["naranjo"]
        expected.append((s["drug"], s["reaction"], "Naranjo", f"{n['category'].capitalize()} ({n['score']})"))
        final = s["who_umc"]["final_category"]
        labels = {"probable": "Probable/Likely", "conditional": "Conditional/Unclassified",
                  "unassessable": "Unassessable/Unclassifiable"}  # fmt: skip
        expected.append(
            (s["drug"], s["reaction"], "WHO-UMC", labels.get(final, (final or "No result").capitalize()))
        )
        for key, r in s["instruments"].items():
            if key in CAUSALITY:
                words = (r["result"] or "no result").capitalize()
                words += f" ({r['score']})" if r["score"] is not None else ""
                expected.append((s["drug"], s["reaction"], CAUSALITY[key], words))
    drugs = {(r["drug_index"]): r["product_name"] for r in rows["drugs"]}
    reactions = {r["reaction_index"]: r["native_term"] for r in rows["reactions"]}
    found = [
        (drugs[r["drug_index"]], reactions[r["reaction_index"]], r["method"], r["result"])
        for r in rows["drug_reaction"]
    ]
    assert found == expected
    for r in rows["drug_reaction"]:
        assert all(len(r[k]) <= 60 for k in ("source", "method", "result"))
    (case,) = rows["cases"]
    assert case["safety_report_id"] == scored[0]["case_id"]
    assert case["patient_name"] == "nullFlavor=MSK"  # D.1 masked: never a name


def test_e2b_alemtuzumab_field_by_field() -> None:
    rows = read_back(export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "e2b-r3").stdout_bytes)
    (case,) = rows["cases"]
    assert (case["patient_age"], case["patient_age_unit"], case["patient_sex"]) == ("58", "a", "2")
    assert case["serious"] is True  # petechiae: medically important
    assert [(r["native_term"], r["other_medically_important"], r["outcome"]) for r in rows["reactions"]] == [
        ("generalized petechiae", True, "1"),
        ("epistaxis", "nullFlavor=NI", "1"),
    ]
    (drug,) = rows["drugs"]
    assert (drug["role"], drug["product_name"], drug["dosage_text"], drug["route_text"]) == (
        "1", "alemtuzumab", "12 mg/day", "intravenous infusion",
    )  # fmt: skip
    assert {r["source"] for r in rows["drug_reaction"]} == {"clinical pharmacist, Example Assessor"}
    assert all(r["drug_id"] == drug["drug_id"] for r in rows["drug_reaction"])


def test_what_was_done_with_each_drug(write: Any) -> None:
    path = write(
        "action.yaml",
        """\
case_id: ACT-1
suspect_drugs: [{name: a}, {name: b}, {name: c}]
reactions: [{term: rash}, {term: itch}]
assessments:
  - {drug: a, reaction: rash, facts: {dechallenge: {action: stopped, outcome: improved}}}
  - {drug: a, reaction: itch, facts: {dechallenge: {action: stopped, outcome: not_improved}}}
  - {drug: b, reaction: rash, facts: {dechallenge: {action: reduced, outcome: improved}}}
  - {drug: c, reaction: rash, facts: {dechallenge: {action: stopped, outcome: improved}}}
  - {drug: c, reaction: itch, facts: {dechallenge: {action: continued, outcome: not_improved}}}
""",
    )
    rows = read_back(export(str(path), "-f", "e2b-r3").stdout_bytes)
    # G.k.8, ICH code list 15: 1 withdrawn, 2 reduced; c was stopped for one reaction and continued for the
    # other: no one action for the drug.
    assert [(r["product_name"], r["action_taken"]) for r in rows["drugs"]] == [
        ("a", "1"),
        ("b", "2"),
        ("c", None),
    ]


def test_an_assessed_ingredient_is_linked_to_its_product(write: Any) -> None:
    path = write(
        "ingredient.yaml",
        """\
case_id: ING-1
suspect_drugs: [{name: co-amoxiclav, ingredients: [amoxicillin, clavulanic acid]}]
reactions: [{term: rash}]
assessments: [{drug: amoxicillin, reaction: rash}]
""",
    )
    result = export(str(path), "-f", "e2b-r3")
    rows = read_back(result.stdout_bytes)
    ((drug, substances),) = [(r["product_name"], r["substances"]) for r in rows["drugs"]]
    assert (drug, substances) == ("co-amoxiclav", "amoxicillin; clavulanic acid")
    assert {r["drug_index"] for r in rows["drug_reaction"]} == {0}
    assert "amoxicillin was assessed as one ingredient of co-amoxiclav" in result.stderr
    bundle = json.loads(export(str(path), "-f", "fhir-r5").stdout)
    (event,) = resources(bundle, "AdverseEvent")
    assert {s["instanceReference"]["display"] for s in event["suspectEntity"]} == {"co-amoxiclav"}


def test_eu_region_codes_method_and_result() -> None:
    rows = read_back(
        export(str(EXAMPLES / "lamotrigine-sjs.yaml"), "-f", "e2b-r3", "--region", "eu").stdout_bytes
    )
    drugs = {r["drug_index"]: r["product_name"] for r in rows["drugs"]}
    found = {
        (drugs[r["drug_index"]], r["assessment_index"]): (r["method"], r["result"])
        for r in rows["drug_reaction"]
    }
    # Lamotrigine: Naranjo possible, WHO-UMC possible, Liverpool possible, ALDEN very probable: all reasonable.
    assert [found[("lamotrigine", i)] for i in range(4)] == [("1", "1")] * 4
    # Paracetamol: Naranjo possible, WHO-UMC unlikely (the assessor's), Liverpool possible, ALDEN very unlikely.
    assert [found[("paracetamol", i)] for i in range(4)] == [("1", "1"), ("1", "2"), ("1", "1"), ("1", "2")]


def test_eu_region_writes_a_result_without_an_eu_equivalent_as_text() -> None:
    result = export(str(EXAMPLES / "pending-neutropenia.yaml"), "-f", "e2b-r3", "--region", "eu")
    rows = read_back(result.stdout_bytes)
    assert [(r["method"], r["result"]) for r in rows["drug_reaction"]] == [
        ("1", "1"),  # Naranjo probable (5)
        ("WHO-UMC", "Conditional/Unclassified"),
    ]
    assert "no reasonable-possibility equivalent" in result.stderr


LONG = "x" * 10


def test_sixty_characters_at_most_with_long_names(write: Any) -> None:
    drug = "recombinant humanised monoclonal antibody against the interleukin six receptor " * 3
    path = write(
        "long.yaml",
        f"""\
case_id: LONG-1
patient: {{age: 40, sex: male}}
suspect_drugs:
  - name: {drug.strip()}
reactions:
  - term: rash
assessor:
  name: Dr Maximiliana Evangelina Featherstonehaugh-Cholmondeley
  role: consultant clinical pharmacologist and pharmacovigilance lead
assessments:
  - drug: {drug.strip()}
    reaction: rash
""",
    )
    result = export(str(path), "-f", "e2b-r3")
    assert result.exit_code == 0, result.output
    rows = read_back(result.stdout_bytes)
    assert rows["drugs"][0]["product_name"] == drug.strip()  # G.k.2.2 holds 250 characters
    for r in rows["drug_reaction"]:
        assert all(len(r[k]) <= 60 for k in ("source", "method", "result")), r
    assert rows["drug_reaction"][0]["source"].startswith("consultant clinical pharmacologist and")
    assert rows["drug_reaction"][0]["source"].endswith("\u2026")
    assert "the end of the source of assessment" in result.stderr


SEVERAL = """\
case_id: MULTI-1
patient: {age: 70, sex: male}
suspect_drugs:
  - {name: warfarin, start: 2026-01-01}
  - {name: amiodarone, start: 2026-02-01}
reactions:
  - {term: haematuria, onset: 2026-02-20}
  - {term: epistaxis, onset: 2026-02-21}
assessor: {name: ASSESSOR_NAME, role: physician}
assessments:
  - {drug: warfarin, reaction: haematuria}
  - {drug: warfarin, reaction: epistaxis}
  - {drug: amiodarone, reaction: haematuria}
  - {drug: amiodarone, reaction: epistaxis}
"""


def test_several_suspects_reactions_and_assessors(write: Any) -> None:
    one = write("a.yaml", SEVERAL.replace("ASSESSOR_NAME", "First Assessor"))
    two = write("b.yaml", SEVERAL.replace("ASSESSOR_NAME", "Second Assessor").replace("MULTI-1", "MULTI-2"))
    result = export(str(one), str(two), "-f", "e2b-r3")
    rows = read_back(result.stdout_bytes)
    assert len(rows["cases"]) == 2
    for key in ("export#MULTI-1", "export#MULTI-2"):
        drugs = {r["drug_index"]: r["product_name"] for r in rows["drugs"] if r["case_key"] == key}
        reactions = {r["reaction_index"]: r["native_term"] for r in rows["reactions"] if r["case_key"] == key}
        pairs = [(drugs[r["drug_index"]], reactions[r["reaction_index"]], r["method"])
                 for r in rows["drug_reaction"] if r["case_key"] == key]  # fmt: skip
        assert pairs == [
            (d, r, m)
            for d, r in [
                ("warfarin", "haematuria"),
                ("warfarin", "epistaxis"),
                ("amiodarone", "haematuria"),
                ("amiodarone", "epistaxis"),
            ]
            # Liverpool applies to every pair with its timing recorded (here the dates)
            for m in ("Naranjo", "WHO-UMC", "Liverpool ADR CAT")
        ]
    assert {r["source"] for r in rows["drug_reaction"]} == {
        "physician, First Assessor",
        "physician, Second Assessor",
    }
    bundle = json.loads(export(str(one), str(two), "-f", "fhir-r5").stdout)
    urls = by_url(bundle)
    events = resources(bundle, "AdverseEvent")
    assert len(events) == 4
    for event in events:
        assert event["occurrenceDateTime"] in ("2026-02-20", "2026-02-21")
        assert [s["instanceReference"]["display"] for s in event["suspectEntity"]] == [
            "warfarin", "warfarin", "warfarin", "amiodarone", "amiodarone", "amiodarone",
        ]  # fmt: skip
    authors = {urls[s["causality"]["author"]["reference"]]["name"][0]["text"]
               for e in events for s in e["suspectEntity"]}  # fmt: skip
    assert authors == {"First Assessor", "Second Assessor"}


# --- the command -----------------------------------------------------------------------------------------


def test_a_patient_name_cannot_enter_an_export(write: Any) -> None:
    path = write(
        "named.yaml", SEVERAL.replace("patient: {age: 70, sex: male}", "patient: {name: Jane Roe, age: 70}")
    )
    for fmt in ("fhir-r5", "fhir-r4b", "e2b-r3"):
        result = export(str(path), "-f", fmt)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "Jane Roe" not in result.stdout
        assert result.stderr.startswith(f"{path}: patient.name:")


@pytest.mark.parametrize("fmt", ["fhir-r5", "fhir-r4b", "e2b-r3"])
def test_no_name_of_the_patient_or_the_case_file_but_the_assessors(fmt: str) -> None:
    text = export(str(EXAMPLES), "-f", fmt).stdout
    assert "Example Assessor" in text  # the assessor is exported as the author of the assessment
    assert "alemtuzumab.yaml" not in text


def test_bad_input_is_one_line_per_problem_and_nothing_is_written(write: Any, tmp_path: Path) -> None:
    bad = write("bad.yaml", "case_id: B\ndrug: d\nreaction: r\nnaranjo: {q6: maybe}\n")
    out = tmp_path / "out.xml"
    result = export(str(bad), str(EXAMPLES / "alemtuzumab.yaml"), "-f", "e2b-r3", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"{bad}: naranjo.q6: 'maybe' is not allowed (allowed: yes, no, unknown)\n"
    assert not out.exists()


def test_written_atomically_and_never_over_a_case_file(tmp_path: Path, write: Any) -> None:
    out = tmp_path / "bundle.json"
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    assert out.stat().st_mode & 0o777 == 0o600
    case = write("case.yaml", (EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8"))
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5", "-o", str(case))
    assert result.exit_code == 2
    assert "will not write over" in result.stderr


def test_region_is_for_e2b_only() -> None:
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r5", "--region", "eu")
    assert result.exit_code == 2
    assert result.stderr == "causality export: --region eu applies to --format e2b-r3 only\n"


def test_what_is_lost_is_listed_on_standard_error() -> None:
    result = export(str(EXAMPLES / "alemtuzumab.yaml"), "-f", "fhir-r4b")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("causality export: FHIR R4B leaves out the answers behind each result")
    assert "causality export: ALEM-2024-001: FHIR R4B leaves out the onset given as a time after a dose" in (
        result.stderr
    )
    assert "leaves out" not in result.stdout


def test_score_and_help_import_nothing_of_the_exports() -> None:
    code = (
        "import sys\n"
        "from causality.cli import main\n"
        "for args in (['--help'], ['score', 'examples/alemtuzumab.yaml']):\n"
        "    sys.argv = ['causality', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('causality.interchange', 'fhir', "
        "'pydantic', 'xml'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
