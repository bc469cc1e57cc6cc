"""Defects found in a review of the centre, export and register features, each fixed: the test failed on
the code as reviewed and says, in a comment, what a user saw. Expected values are worked out by hand or
from the issue text, never from the package's own output."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from causality.cli import cli
from tests.conftest import EXAMPLES, _postgresql

SEED = EXAMPLES / "alemtuzumab.yaml"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line_refusal(result: Result) -> None:
    """Bad input: non-zero exit (2: the input or the command line), no traceback, no 'internal error'."""
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output, result.output
    assert "Traceback" not in result.output, result.output


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A schema of its own on the real PostgreSQL server (skipped without CAUSALITY_TEST_POSTGRESQL)."""
    yield from _postgresql()


# --- signatures and the audit trail ------------------------------------------------------------------------


def _shorten_history_away(text: str) -> str:
    start, end = text.index("\nhistory:"), text.index("\nsignatures:")
    return text[:start] + text[end:]


def test_signature_meaning_changed_by_hand_is_not_valid(tmp_path: Path) -> None:
    # User sees: `causality sign case.yaml --meaning author`, then someone edits the one word `author` to
    # `approver` in a text editor; `causality verify` says "Example Assessor (approver) ...: valid", exit 0.
    # 21 CFR 11.50/11.70: the meaning is part of the signature and must be linked to it; an edited signature
    # must not verify (it is neither in the signed hash nor in the history chain).
    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    assert invoke("sign", str(path), "--meaning", "author").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "meaning: author" in text
    path.write_text(text.replace("meaning: author", "meaning: approver"), encoding="utf-8")
    result = invoke("verify", str(path))
    assert result.exit_code != 0, result.output
    assert "approver), " not in result.output or "not valid" in result.output


def test_history_removed_from_a_signed_case_does_not_verify(tmp_path: Path) -> None:
    # User sees: a case with one saved change (history entry 1) is signed by a reviewer; someone deletes the
    # whole `history:` block in an editor. `causality verify` then says "history: none recorded (no change
    # was saved to this case by causality assess)" and "signature 1: ... valid", exit 0: the audit trail of
    # a signed record was excised and nothing notices (the issue: history "never obscure earlier entries").
    from causality import audit
    from causality.casefile import load_cases, write_case

    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    (case,) = load_cases([str(path)])
    before_doc, before = audit.document(case), audit.content_hash(case)
    assert case.patient is not None
    case.patient.age = 59
    found, _ = audit.changes(before_doc, audit.document(case))
    audit.append(case, found, "Ann Lee", "age corrected from the referral letter", before)
    write_case(path, case)
    assert invoke("verify", str(path)).exit_code == 0
    assert invoke("sign", str(path), "--meaning", "reviewer", "--name", "Bo Chen").exit_code == 0
    path.write_text(_shorten_history_away(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = invoke("verify", str(path))
    assert result.exit_code != 0, result.output


# --- the register: bad addresses and registers ---------------------------------------------------------------


def test_register_from_a_newer_version_is_one_line(tmp_path: Path) -> None:
    # User sees: "causality: internal error: CommandError("Can't locate revision identified by '0099'")",
    # exit 1, when a colleague's newer causality has upgraded the shared register. Expected: one line saying
    # the register was made by a newer version of the tool and to update it, exit 2.
    db = tmp_path / "r.sqlite"
    url = f"sqlite:///{db}"
    assert invoke("db", "--db", url, "init").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    result = invoke("db", "--db", url, "list")
    one_line_refusal(result)
    assert "newer" in result.output


def test_register_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    # User sees: `causality db --db sqlite:///notes.txt list` -> "causality: internal error:
    # DatabaseError('(sqlite3.DatabaseError) file is not a database')", exit 1. Expected: one line naming the
    # file and saying it is not a register, exit 2 (as for a missing folder, which is handled).
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, just some notes about the case\n" * 20, encoding="utf-8")
    result = invoke("db", "--db", f"sqlite:///{notes}", "list")
    one_line_refusal(result)
    assert str(notes) in result.output


def test_register_of_another_program_is_one_line(tmp_path: Path) -> None:
    # User sees: pointing --db at another program's SQLite database that happens to have a `cases` table:
    # "causality: internal error: OperationalError('(sqlite3.OperationalError) table cases already
    # exists')", exit 1. Expected: one line saying this database is not a causality register, exit 2.
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE cases (x)")
    result = invoke("db", "--db", f"sqlite:///{db}", "list")
    one_line_refusal(result)


def test_register_mysql_address_is_not_blamed_on_postgresql() -> None:
    # User sees: `causality db --db mysql://pv@host/reg list` -> "--db mysql://pv@host/reg: PostgreSQL needs
    # its driver: pip install 'adr-causality[postgresql]'": the advice is wrong (installing it does not make
    # MySQL work). Expected: that only sqlite:/// and postgresql:// addresses are allowed.
    result = invoke("db", "--db", "mysql://pv@host/reg", "list")
    one_line_refusal(result)
    assert "PostgreSQL needs its driver" not in result.output
    assert "sqlite:///" in result.output and "postgresql://" in result.output


def test_db_subcommands_take_db_after_the_command(tmp_path: Path) -> None:
    # User sees: `causality db list --db sqlite:///r.sqlite` -> "Error: No such option '--db'. Did you mean
    # '--drug'?", while `causality score --db URL`, `report --db URL` and `assess --db URL` take it after the
    # command, and the issue writes `causality db init | import PATH... | list ... with --db URL`.
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "init", "--db", url).exit_code == 0
    result = invoke("db", "list", "--db", url)
    assert result.exit_code == 0, result.output


def test_register_long_case_id_and_assessor_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    # User sees: a case file that `causality score` accepts (case id of 250 characters, an assessor's name
    # of 250 characters, a drug name of 400) cannot be imported into a PostgreSQL register: "causality:
    # internal error: DataError('(psycopg.errors.StringDataRightTruncation) value too long for type
    # character varying(200)')", exit 1, nothing says which file or field. Expected: stored (SQLite stores
    # it), or refused with one line naming the file, the field and the longest allowed.
    case = tmp_path / "long.json"
    case.write_text(
        json.dumps(
            {
                "case_id": "C" * 250,
                "drug": "d" * 400,
                "reaction": "rash",
                "assessor": "A" * 250,
                "naranjo": {"q1": "yes"},
            }
        ),
        encoding="utf-8",
    )
    assert invoke("score", str(case)).exit_code == 0
    result = invoke("db", "--db", pg_url, "import", str(case))
    assert "internal error" not in result.output, result.output
    if result.exit_code != 0:
        assert str(case) in result.output and "case_id" in result.output


# --- the register: two saves from one version ----------------------------------------------------------------


def test_two_first_saves_of_one_new_case_refuse_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # User sees: two assessors start the same new case (same case id) with `causality assess --db` and save
    # at the same moment. Both find no such case; the second INSERT then fails on the unique case id, and
    # the save ends in "causality: internal error: IntegrityError(...)" instead of the promised refusal
    # ("a case with this identifier is already in the register: ... saved it") with the answers kept.
    from causality.casefile import load_cases
    from causality.register import store

    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    mine_path, theirs_path = tmp_path / "mine.json", tmp_path / "theirs.json"
    for p, q1 in ((mine_path, "yes"), (theirs_path, "no")):
        p.write_text(json.dumps({"case_id": "NEW-1", "drug": "d", "reaction": "rash", "naranjo": {"q1": q1}}))
    (mine,) = load_cases([str(mine_path)])
    (theirs,) = load_cases([str(theirs_path)])
    engine, other = store.connect(url), store.connect(url)
    real_insert = store._insert

    def insert_after_the_other_saved(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The other assessor's save commits between this save's look-up and its INSERT.
        monkeypatch.setattr(store, "_insert", real_insert)
        store.save(other, theirs, None, "Bo Chen", "interview")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(store, "_insert", insert_after_the_other_saved)
    with pytest.raises(store.Conflict):
        store.save(engine, mine, None, "Ann Lee", "interview")


# --- exports ------------------------------------------------------------------------------------------------

AGREEMENT = EXAMPLES / "agreement"


def test_e2b_one_icsr_per_case_when_assessors_keep_their_own_files() -> None:
    # User sees: `causality export examples/agreement/ --format e2b-r3` (the README's own folder: Ann's, Bo's
    # and the adjudicator's file of case ALEM-2024-001) writes THREE ICSR messages with the same message
    # and safety report identifier ALEM-2024-001. A safety database takes the later ones as replacing the
    # first (or rejects them as duplicates): the independent assessments are lost there and only the
    # adjudicator's (which assesses petechiae only) remains. Expected, as the issue says: files with the same
    # case_id are one case; one ICSR whose causalityAssessment entries are one per drug x reaction x
    # instrument x assessor.
    import xml.etree.ElementTree as ET

    result = invoke("export", str(AGREEMENT), "--format", "e2b-r3")
    assert result.exit_code == 0, result.output
    xml = result.stdout[result.stdout.index("<?xml") :]
    root = ET.fromstring(xml)
    ns = {"h": "urn:hl7-org:v3"}
    messages = root.findall("h:PORR_IN049016UV", ns)
    ids = [m.find("h:id", ns).get("extension") for m in messages]  # type: ignore[union-attr]
    assert ids.count("ALEM-2024-001") == 1, ids


def test_fhir_one_patient_per_case_when_assessors_keep_their_own_files() -> None:
    # User sees: `causality export examples/agreement/ --format fhir-r5` gives 3 Patients, 3
    # MedicationStatements and 6 AdverseEvents for one patient with two reactions: a FHIR server counts three
    # patients and six events. Expected: one Patient and one AdverseEvent per reaction (2), each holding a
    # suspectEntity per instrument and assessor.
    result = invoke("export", str(AGREEMENT), "--format", "fhir-r5")
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout[result.stdout.index("{") :])
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("AdverseEvent") == 2


def test_cioms_causality_lists_only_causality_instruments(tmp_path: Path) -> None:
    # User sees: on the CIOMS I form of the seed case, the narrative's "Causality:" sentence and box 24
    # ("Causality assessment") list "Hartwig-Siegel severity: At least level 3 (moderate)" and "Modified
    # Schumock-Thornton preventability: Not preventable (provisional)" as if they were causality results.
    # The issue: severity and preventability are "never a causality assessment" in an export; a reader of
    # the form takes "Not preventable" for a causality verdict. Expected: them outside the causality text.
    import html
    import re

    out = tmp_path / "form.html"
    result = invoke("report", str(SEED), "--template", "cioms", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = html.unescape(
        re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", out.read_text(), flags=re.S))
    )
    text = re.sub(r"\s+", " ", text)
    causality = text[text.index("Causality:") : text.index("8\u201312.")]
    assert "Naranjo" in causality
    assert "preventab" not in causality.casefold()
    assert "severity" not in causality.casefold()


# --- the register: export ------------------------------------------------------------------------------------


def test_register_export_keeps_cases_whose_file_names_clash(tmp_path: Path) -> None:
    # User sees: two cases "a/b" and "a_b" in the register; `causality db export -o out/` says "Wrote 2 case
    # file(s) to out" but out/ holds ONE file, a_b.yaml: the other case was written over, and the round trip
    # the issue promises ("get every case back out as files") silently loses a case.
    folder = tmp_path / "in"
    folder.mkdir()
    for n, case_id in enumerate(("a/b", "a_b")):
        (folder / f"{n}.json").write_text(
            json.dumps({"case_id": case_id, "drug": "d", "reaction": "rash", "naranjo": {"q1": "yes"}})
        )
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(folder)).exit_code == 0
    out = tmp_path / "out"
    result = invoke("db", "--db", url, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(out.iterdir())
    import yaml

    case_ids = sorted(yaml.safe_load(p.read_text())["case_id"] for p in written)
    assert case_ids == ["a/b", "a_b"], (written, case_ids)


# --- the register: saves that replace another's work ----------------------------------------------------------


def test_reimporting_an_older_file_names_the_save_it_replaces(tmp_path: Path) -> None:
    # User sees: the centre imports cases/ (version 1); Bo improves R1 with `causality assess --db` (version
    # 2, Naranjo probable); a nightly `causality db import cases/` of the same, older file then says
    # "Imported 0 new case(s), 1 changed" and version 3 is the old file again (Naranjo possible): Bo's work
    # is silently reverted for everyone who reads the register. Expected: refused, or at least said, naming
    # Bo Chen's save that the file replaces (as `assess --db` does for a save from an older version).
    from causality.casefile import load_cases
    from causality.register import store

    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "r1.json").write_text(
        json.dumps({"case_id": "R1", "drug": "d", "reaction": "rash", "naranjo": {"q1": "yes"}})
    )
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(folder)).exit_code == 0
    edited = tmp_path / "edited.json"
    edited.write_text(
        json.dumps(
            {
                "case_id": "R1",
                "drug": "d",
                "reaction": "rash",
                "naranjo": {"q1": "yes", "q2": "yes", "q3": "yes", "q10": "yes"},
            }
        )
    )
    (case,) = load_cases([str(edited)])
    assert store.save(store.connect(url), case, 1, "Bo Chen", "interview") == 2
    again = invoke("db", "--db", url, "import", str(folder))
    listed = json.loads(
        invoke("db", "--db", url, "list", "--instrument", "naranjo", "--format", "json").output
    )
    assert listed[0]["category"] == "probable" or "Bo Chen" in again.output, (again.output, listed)


def test_a_change_by_another_person_is_recorded_under_their_name(
    register_url: str, private_data_home: Path
) -> None:
    # User sees: Ann Lee opens the digoxin case (its assessor: Example Assessor) with `causality assess --db`,
    # corrects the age and saves. She is never asked who she is: the history entry says "by: Example
    # Assessor", the register's version says changed by Example Assessor, and Ben's refused save later reads
    # "since then Example Assessor (version 2 ...) saved it". The audit trail names someone who made no
    # change (21 CFR 11.10(e), Annex 11: who made each change). Expected: the person saving is asked (or
    # the entry is otherwise the saver's), so Ann Lee is recorded.
    import yaml

    from causality.interview.engine import Interview
    from causality.interview.register_target import RegisterTarget
    from causality.interview.session import draft_from_register
    from tests.fake_prompter import InTurn
    from tests.test_register_interview import DIGOXIN_ASKED, Editing, imported

    url = imported(register_url)
    ann = RegisterTarget(url)
    draft = draft_from_register(ann, "DIG-2024-007")
    script = {**DIGOXIN_ASKED, "menu": InTurn("change", "save"), "age": "83", "save.by": "Ann Lee"}
    Interview(Editing(script, change="age = 82"), draft, register=ann).run()
    shown = invoke("db", "--db", url, "show", "DIG-2024-007").output
    doc = yaml.safe_load(shown[shown.index("case_id:") :])
    assert doc["patient"]["age"] == 83
    assert doc["history"][-1]["by"] == "Ann Lee", doc["history"][-1]["by"]


def test_register_list_refuses_an_unknown_instrument(tmp_path: Path) -> None:
    # User sees: `causality db list --instrument naranj --category probable` (a typo) and `causality db stats
    # --instrument who-umc` print "Nothing in the register matches." with exit 0: a pharmacovigilance
    # officer concludes there are no such cases. `causality agreement --instrument nope` refuses it, naming
    # the allowed ids; the register's search should too.
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(SEED)).exit_code == 0
    result = invoke("db", "--db", url, "list", "--instrument", "naranj", "--category", "probable")
    one_line_refusal(result)
    assert "naranjo" in result.output


def test_register_export_to_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    # User sees: `causality db export -o /proc/out` -> "causality: internal error: FileNotFoundError(2, 'No
    # such file or directory')", exit 1. Expected: one line naming the folder and why it cannot be written.
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(SEED)).exit_code == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = invoke("db", "--db", url, "export", "-o", str(blocker / "out"))
    assert "internal error" not in result.output, result.output
    assert result.exit_code != 0
    assert str(blocker / "out") in result.output


def test_e2b_age_of_an_infant_is_a_whole_number_of_a_unit(tmp_path: Path) -> None:
    # User sees: a case of a 4-month-old (`age: 0.3`, which the case file allows: 0 to 130 years) exported
    # with `--format e2b-r3` carries D.2.2a as <value value="0.3" unit="a">. E2B(R3) D.2.2a (age at onset)
    # is a number of at most 5 digits (5N: no decimals); the unit (D.2.2b) says years, months, weeks or
    # days (ICH ICSR Implementation Guide, D.2.2a: data type 5N). A safety database rejects the ICSR.
    # Expected: a whole number with a smaller unit (e.g. 3 or 4 months, 15 weeks), never a fraction of a year.
    import xml.etree.ElementTree as ET

    text = SEED.read_text(encoding="utf-8").replace("  age: 58\n", "  age: 0.3\n")
    case = tmp_path / "infant.yaml"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "infant.xml"
    result = invoke("export", str(case), "--format", "e2b-r3", "-o", str(out))
    assert result.exit_code == 0, result.output
    ns = {"h": "urn:hl7-org:v3"}
    ages = [
        obs.find("h:value", ns)
        for obs in ET.parse(out).getroot().iter("{urn:hl7-org:v3}observation")
        if (code := obs.find("h:code", ns)) is not None and code.get("code") == "3"
    ]
    assert ages and ages[0] is not None
    assert ages[0].get("value", "").isdigit(), ages[0].attrib


def test_import_that_loses_the_race_with_a_save_does_not_claim_it_stored_the_file(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # User sees (PostgreSQL, a centre): `causality db import cases/` of a corrected R1 runs while Bo saves R1
    # with `assess --db`. The import's "UPDATE ... WHERE version = 1" then matches no row; store._update
    # returns None, which _store_many ignores: the import says "Imported 0 new case(s), 1 changed" and
    # exits 0, yet the corrected file is not in the register. Expected: the file stored as the next version,
    # or the import refused for that case naming who saved in between (nothing claimed that did not happen).
    from causality.casefile import load_cases
    from causality.register import store

    folder = tmp_path / "cases"
    folder.mkdir()
    r1 = folder / "r1.json"
    r1.write_text(json.dumps({"case_id": "R1", "drug": "d", "reaction": "rash", "naranjo": {"q1": "yes"}}))
    assert invoke("db", "--db", pg_url, "import", str(folder)).exit_code == 0
    corrected = {"case_id": "R1", "drug": "d", "reaction": "rash", "naranjo": {}}  # Naranjo 0: doubtful
    r1.write_text(json.dumps(corrected))
    bos = tmp_path / "bo.json"
    bos.write_text(
        json.dumps(
            {
                "case_id": "R1",
                "drug": "d",
                "reaction": "rash",
                "naranjo": {"q1": "yes", "q2": "yes", "q3": "yes", "q10": "yes"},
            }
        )
    )
    (bo_case,) = load_cases([str(bos)])
    real_update = store._update

    def bo_saves_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(store, "_update", real_update)
        other = store.connect(pg_url)
        assert store.save(other, bo_case, 1, "Bo Chen", "interview") == 2
        other.dispose()
        return real_update(*args, **kwargs)

    monkeypatch.setattr(store, "_update", bo_saves_first)
    result = invoke("db", "--db", pg_url, "import", str(folder))
    listed = json.loads(
        invoke("db", "--db", pg_url, "list", "--instrument", "naranjo", "--format", "json").output
    )
    stored_file = listed[0]["category"] == "doubtful"
    assert stored_file or (result.exit_code != 0 and "Bo Chen" in result.output), (result.output, listed)


def test_register_keeps_both_assessors_of_a_shorthand_pair(tmp_path: Path) -> None:
    # User sees: a centre puts Ann's and Bo's shorthand files of one pair (same case_id, drug, reaction; the
    # shorthand's `assessor:` key that #14 added for exactly this) in cases/ and runs `causality db import
    # cases/`: "Imported 1 new case(s), 1 changed". The register's case now holds Bo's assessment only
    # (version 2, assessor Bo); Ann's is gone from the case, from `db list`, `db export` and so from any
    # agreement computed on the exported files. Full case files join ("assessments added"); shorthand files
    # replace each other. Expected: both assessments kept in the case, as `causality agreement` counts them.
    folder = tmp_path / "cases"
    folder.mkdir()
    for who, answers in (("Ann Lee", {"q1": "yes"}), ("Bo Chen", {"q1": "yes", "q2": "yes", "q3": "yes"})):
        (folder / f"{who.split()[0]}.json").write_text(
            json.dumps(
                {
                    "case_id": "PV-1",
                    "drug": "ceftriaxone",
                    "reaction": "neutropenia",
                    "assessor": who,
                    "naranjo": answers,
                }
            )
        )
    agreed = json.loads(invoke("agreement", str(folder), "--format", "json").output)
    assert agreed["naranjo"]["pairs"] == 1  # the two files are two assessments of one pair
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(folder)).exit_code == 0
    listed = json.loads(
        invoke("db", "--db", url, "list", "--instrument", "naranjo", "--format", "json").output
    )
    assert sorted(r["assessor"] for r in listed) == ["Ann Lee", "Bo Chen"], listed


def test_register_list_neutralises_control_characters(tmp_path: Path) -> None:
    # User sees: `causality db list` prints a case id, drug or assessor exactly as typed, escape sequences
    # included: a case_id holding ESC ] 0 ; ... BEL retitles the terminal, ESC [ 2 J clears the screen
    # (the other outputs - agreement, compare, reports - neutralise typed text).
    case = tmp_path / "esc.json"
    case.write_text(
        json.dumps(
            {"case_id": "E\x1b]0;owned\x07", "drug": "d\x1b[2J", "reaction": "rash", "naranjo": {"q1": "yes"}}
        )
    )
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(case)).exit_code == 0
    result = invoke("db", "--db", url, "list")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output, repr(result.output)


@pytest.mark.parametrize("fmt", ["e2b-r3", "fhir-r5"])
def test_export_says_which_assessment_is_the_adjudicated_result(fmt: str) -> None:
    # User sees: exporting examples/agreement/ (Ann: WHO-UMC probable, Bo: possible, Cy Dias's adjudication:
    # probable, with its reason) writes three causality assessments side by side with nothing saying that
    # Cy's is the adjudicated final result, or why; nor is it listed on standard error among what the format
    # leaves out. A safety database reads three equal opinions. Expected: the role (and reason) carried
    # (E2B narrative, FHIR note/extension) or named as lost.
    result = invoke("export", str(AGREEMENT), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "adjudicat" in result.output.casefold()


def test_cioms_form_shows_that_a_signature_no_longer_holds(tmp_path: Path) -> None:
    # User sees: the case is signed by its author, then the age is changed by hand. `causality report` and
    # `score` say "not valid: the case changed after it was signed", but `causality report --template cioms`
    # prints the form with no word about the signature at all (signed or not, valid or not). The issue: a
    # change after signing marks the signature invalid "in every output until signed again".
    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    assert invoke("sign", str(path), "--meaning", "author").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("  age: 58\n", "  age: 59\n"), encoding="utf-8")
    out = tmp_path / "form.html"
    result = invoke("report", str(path), "--template", "cioms", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "not valid" in out.read_text(encoding="utf-8")


def test_export_of_a_signed_case_says_the_signatures_are_left_out(tmp_path: Path) -> None:
    # User sees: exporting a signed case (or one with a history of changes) to E2B(R3) lists on standard
    # error many facts the format leaves out, but not its signatures (who approved it, and whether that
    # still holds) nor its history: the receiver cannot know the case was approved, or changed after.
    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    assert invoke("sign", str(path), "--meaning", "approver", "--name", "Cy Dias").exit_code == 0
    result = invoke("export", str(path), "--format", "e2b-r3")
    assert result.exit_code == 0, result.output
    assert "signature" in result.stderr.casefold(), result.stderr


def test_e2b_case_identifier_longer_than_the_standard_allows_is_not_written(tmp_path: Path) -> None:
    # User sees: a case_id of 150 characters (which the case file allows) is written as C.1.1, C.1.8.1 and
    # N.2.r.1 in full, with nothing on standard error: E2B(R3) allows at most 100 characters there (ICH ICSR
    # Implementation Guide, C.1.1 and C.1.8.1: data type 100AN), so the safety database rejects the ICSR.
    # Expected: refused with one line naming the file, case_id and the 100-character limit (a cut identifier
    # could collide with another case's).
    import xml.etree.ElementTree as ET

    case = tmp_path / "long.json"
    case.write_text(
        json.dumps({"case_id": "PV-" + "7" * 147, "drug": "d", "reaction": "rash", "naranjo": {"q1": "yes"}})
    )
    out = tmp_path / "long.xml"
    result = invoke("export", str(case), "--format", "e2b-r3", "-o", str(out))
    if result.exit_code == 0:
        ids = [el.get("extension") or "" for el in ET.parse(out).getroot().iter("{urn:hl7-org:v3}id")]
        assert all(len(x) <= 100 for x in ids), max(ids, key=len)
    else:
        one_line_refusal(result)
        assert "case_id" in result.output and "100" in result.output


def test_compare_refuses_one_assessors_file_given_twice(tmp_path: Path) -> None:
    # User sees: `causality compare ann.json ann.json` (a slip of the tab key) prints "A: Ann Lee
    # (independent; ann.json)  B: Ann Lee (independent; ann.json) ... The two assessments give the same
    # answer to every item.", exit 0: it reads as two assessors agreeing. `causality agreement` refuses the
    # same input ("Ann Lee assessed ... also in ann.json"). Expected: the same refusal, exit 2.
    ann = tmp_path / "ann.json"
    ann.write_text(
        json.dumps(
            {
                "case_id": "PV-1",
                "drug": "d",
                "reaction": "rash",
                "assessor": "Ann Lee",
                "naranjo": {"q1": "yes"},
            }
        )
    )
    assert invoke("agreement", str(ann), str(ann)).exit_code == 2
    result = invoke("compare", str(ann), str(ann))
    one_line_refusal(result)


def test_missing_adjudication_reason_message_reads_correctly(tmp_path: Path) -> None:
    # User sees: "adj.yaml: assessments[0].reason: a adjudication assessment needs the reason for its
    # result" ("an adjudication"). Small, but it is the line a senior assessor reads.
    text = (AGREEMENT / "alemtuzumab-adjudication.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("reason:"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    case = tmp_path / "adj.yaml"
    case.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    result = invoke("score", str(case))
    one_line_refusal(result)
    assert "needs the reason" in result.output
    assert "a adjudication" not in result.output


def test_report_of_one_case_from_the_register_to_a_file(tmp_path: Path) -> None:
    # User sees: `causality report examples/alemtuzumab.yaml -o case.html` writes the report, but
    # `causality report --db URL ALEM-2024-001 -o case.html` says "causality report --db: needs -o FOLDER/
    # (one report per case, named after its case_id)", exit 2, and without -o (text to the screen) says the
    # same. The issue: `report --db URL` reads from the register "the same way" it reads files.
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(SEED)).exit_code == 0
    out = tmp_path / "case.html"
    result = invoke("report", "--db", url, "ALEM-2024-001", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "ALEM-2024-001" in out.read_text(encoding="utf-8")


def test_register_stats_counts_a_pair_once_however_many_assessed_it(tmp_path: Path) -> None:
    # User sees: the seed case and examples/agreement/ are one case (ALEM-2024-001) whose petechiae pair
    # three assessors and an adjudicator assessed. `causality db stats --instrument naranjo` reports
    # "alemtuzumab  generalized petechiae  naranjo  probable  4": four pairs, for a first look for signals,
    # where there is one patient with one reaction. The issue: stats "counts pairs by drug x reaction x
    # category". Expected: 1 (the pair), whatever the number of assessments of it.
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert invoke("db", "--db", url, "import", str(SEED), str(AGREEMENT)).exit_code == 0
    result = invoke("db", "--db", url, "stats", "--instrument", "naranjo", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["drug"] == "alemtuzumab"]
    petechiae = [r for r in rows if r["reaction"] == "generalized petechiae"]
    assert sum(r["pairs"] for r in petechiae) == 1, petechiae


def test_agreement_refuses_two_different_cases_sharing_a_case_id(tmp_path: Path) -> None:
    # User sees: Ann's file and Bo's file carry the same case_id, drug and reaction but describe different
    # patients (58-year-old woman, 30-year-old man: a mistyped case id). `causality db import` refuses to
    # join them ("differs from the case of the same case_id in the register ... give it its own case_id"),
    # but `causality agreement` silently counts them as two assessments of one pair, and the kappa is
    # computed over assessments of different patients. Expected: the same refusal, naming the file and field.
    import yaml

    for who, age, sex in (("Ann Lee", 58, "female"), ("Bo Chen", 30, "male")):
        data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
        data["assessor"] = {"name": who}
        data["patient"]["age"], data["patient"]["sex"] = age, sex
        (tmp_path / f"{who.split()[0]}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = invoke("agreement", str(tmp_path))
    one_line_refusal(result)
    assert "patient" in result.output


def test_register_unreachable_at_save_keeps_the_answers_and_says_so(
    tmp_path: Path, private_data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # User sees: the PostgreSQL server restarts (or SQLite says "database is locked" while a long import
    # holds it) at the moment Ann chooses "save" in `causality assess --db`: the database error escapes the
    # interview ("causality: internal error: OperationalError(...)"). Saving to a file that cannot be
    # written says "Could not save ...: Your answers are still in the draft." and goes on; the register's
    # save should do the same: say why in one line, keep the draft, and let her try again.
    import sqlalchemy as sa

    from causality.interview.drafts import load
    from causality.interview.engine import Interview
    from causality.interview.register_target import RegisterTarget
    from causality.interview.session import draft_from_register
    from causality.register import store
    from tests.fake_prompter import InTurn
    from tests.test_register_interview import DIGOXIN_ASKED, Editing, imported

    url = imported(f"sqlite:///{tmp_path / 'r.sqlite'}")
    target = RegisterTarget(url)
    draft = draft_from_register(target, "DIG-2024-007")

    def server_gone(*args: object, **kwargs: object) -> int:
        raise sa.exc.OperationalError("UPDATE cases ...", {}, Exception("server closed the connection"))

    monkeypatch.setattr(store, "save", server_gone)
    script = {**DIGOXIN_ASKED, "menu": InTurn("change", "save", "quit"), "age": "83", "save.by": "Ann Lee"}
    prompter = Editing(script, change="age = 82")
    try:
        Interview(prompter, draft, register=target).run()
    except sa.exc.OperationalError as exc:
        raise AssertionError(f"the database error escaped the interview: {exc}") from None
    except Exception:  # the interview may end otherwise once it has said so; what it said is checked below
        pass
    assert any("draft" in line.casefold() for line in prompter.said), prompter.said
    assert load(draft.path).case.doc["patient"]["age"] == 83


def test_saving_over_a_newer_version_records_what_it_takes_back(
    register_url: str, private_data_home: Path
) -> None:
    # User sees: Ann changes the age 82 -> 83 and saves (version 2). Ben, who started from version 1, is
    # refused, chooses "Save yours as version 3 (theirs stays in the register's history)". Version 3 has the
    # age back at 82, but the case's own history (what `db show`, `db export`, `report --history` and
    # `verify` read) holds only Ben's entry, computed against version 1: Ann's entry is gone and no entry
    # says that the age went 83 -> 82. `causality verify` on the exported case says "intact". The issue:
    # the audit trail must never obscure earlier entries, and each change has who, old and new value.
    import yaml

    from causality.interview.engine import Interview
    from causality.interview.register_target import RegisterTarget
    from causality.interview.session import draft_from_register
    from tests.fake_prompter import Editing, FakePrompter, InTurn
    from tests.test_register_interview import DIGOXIN_ASKED, imported

    url = imported(register_url)
    ann, ben = RegisterTarget(url), RegisterTarget(url)
    ann_draft, ben_draft = draft_from_register(ann, "DIG-2024-007"), draft_from_register(ben, "DIG-2024-007")
    Interview(
        Editing(
            {**DIGOXIN_ASKED, "menu": InTurn("change", "save"), "age": "83", "save.by": "Ann"},
            change="age = 82",
        ),
        ann_draft,
        register=ann,
    ).run()
    script = {
        **DIGOXIN_ASKED,
        "pair.0.0.conclusion": "digoxin toxicity, probable",
        "menu": "save",
        "save.conflict": "over",
        "save.by": "Ben",
    }
    Interview(FakePrompter(script), ben_draft, register=ben).run()
    shown = invoke("db", "--db", url, "show", "DIG-2024-007").output
    doc = yaml.safe_load(shown[shown.index("case_id:") :])
    assert doc["patient"]["age"] == 82  # Ben's save took Ann's change back
    fields = [c["field"] for entry in doc.get("history", []) for c in entry.get("changes", [])]
    assert fields.count("patient.age") >= 2, doc.get("history")  # Ann's 82 -> 83, and 83 -> 82 taken back
    ages = [(e["by"], c.get("old"), c.get("new")) for e in doc["history"] for c in e["changes"]
            if c["field"] == "patient.age"]  # fmt: skip
    assert ages == [("Ann", "82", "83"), ("Ben", "83", "82")]


def test_signing_keeps_the_assessors_comments(tmp_path: Path) -> None:
    # User sees: `causality sign alemtuzumab.yaml --meaning author` rewrites the whole file from what the
    # tool read: every comment the assessor wrote is gone (the seed case's `treatment: "yes"  #
    # "completely resolved after treatment"; admission and stay are not reported`), lists are re-indented
    # and the `&facts` anchor is expanded. Signing should add a signature, not change or drop what the
    # assessor wrote; nothing says the comments will be lost.
    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    assert "completely resolved after treatment" in path.read_text(encoding="utf-8")
    assert invoke("sign", str(path), "--meaning", "author").exit_code == 0
    assert "admission and stay are not reported" in path.read_text(encoding="utf-8")


def test_history_annex_names_fields_as_a_clinician_reads_them(tmp_path: Path) -> None:
    # User sees: `causality report case.yaml --history` prints the annex for an inspector as
    # "1. ... Ann Lee: assessments[0].facts.dechallenge.outcome: improved -> not_improved. Reason: ...": the
    # path inside the case file, with its list index, where every field has a label in the schema
    # ("Dechallenge", "Outcome"; the pair alemtuzumab x generalized petechiae). Reports are for clinicians:
    # no code names.
    from causality import audit
    from causality.casefile import load_cases, write_case

    path = tmp_path / "case.yaml"
    shutil.copy(SEED, path)
    (case,) = load_cases([str(path)])
    before_doc, before = audit.document(case), audit.content_hash(case)
    data = audit.document(case)
    assert data["assessments"][0]["facts"]["dechallenge"]["outcome"] == "improved"
    text = path.read_text(encoding="utf-8").replace("outcome: improved", "outcome: not_improved", 1)
    path.write_text(text, encoding="utf-8")
    (edited,) = load_cases([str(path)])
    found, _ = audit.changes(before_doc, audit.document(edited))
    assert found
    edited.history = list(case.history)
    audit.append(edited, found, "Ann Lee", "dechallenge outcome corrected", before)
    write_case(path, edited)
    result = invoke("report", str(path), "--history", "--format", "txt")
    assert result.exit_code == 0, result.output
    annex = result.output[result.output.index("HISTORY OF CHANGES") :]
    assert "Ann Lee" in annex
    assert "assessments[0]" not in annex and "facts." not in annex, annex
    assert "alemtuzumab x generalized petechiae: Facts: Dechallenge: Outcome" in " ".join(annex.split())
