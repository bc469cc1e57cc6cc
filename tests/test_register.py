"""The case register, against SQLite always and a real PostgreSQL server when one is reachable.

PostgreSQL: set CAUSALITY_TEST_POSTGRESQL to a server address whose user may create schemas (`.ci/run`
starts one and sets it); each test works in a schema of its own, dropped afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from causality.cli import cli
from tests.conftest import EXAMPLE_FILES, EXAMPLES

FILES = [str(p) for p in EXAMPLE_FILES]  # one case each (examples/agreement/ holds three files of one case)


@pytest.fixture
def url(register_url: str) -> str:
    """A new, empty register: SQLite, then PostgreSQL when a server is given (tests/conftest.py)."""
    return register_url


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["db", "--db", url, *args])


def ok(url: str, *args: str) -> str:
    result = run(url, *args)
    assert result.exit_code == 0, result.output
    return result.output


def rows(url: str, *args: str) -> list[dict[str, object]]:
    return json.loads(ok(url, "list", "--format", "json", *args))


def test_import_and_search(url: str) -> None:
    assert "Imported 12 new case(s)" in ok(url, "import", *FILES, "--by", "A. Pharmacist")
    # Hand-worked for the seed case: Naranjo 1+2+1+0+2+0+0+0+0+1 = 7, Probable; WHO-UMC Probable, both pairs.
    found = rows(url, "--drug", "Alemtuzumab", "--instrument", "naranjo")
    assert [(r["reaction"], r["score"], r["category"]) for r in found] == [
        ("generalized petechiae", 7, "probable"),
        ("epistaxis", 7, "probable"),
    ]
    who_umc = rows(url, "--instrument", "who_umc", "--category", "Probable", "--drug", "alemtuzumab")
    assert {r["reaction"] for r in who_umc} == {"generalized petechiae", "epistaxis"}
    assert all(r["assessor"] == "Example Assessor" for r in rows(url, "--assessor", "example assessor"))
    assert rows(url, "--reaction", "no such reaction") == []
    stats = json.loads(ok(url, "stats", "--instrument", "naranjo", "--format", "json"))
    assert {"drug": "alemtuzumab", "reaction": "epistaxis", "instrument": "naranjo", "category": "probable",
            "pairs": 1} in stats  # fmt: skip


def test_a_bad_file_stores_nothing(url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: X\nsuspect_drugs: [{name: d}]\nreactions: [{term: r, outcome: maybe}]\n")
    result = run(url, "import", *FILES, str(bad))
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "outcome" in result.output and "Traceback" not in result.output
    assert rows(url) == []


def _scores(paths: list[str]) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["score", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    return sorted(({k: v for k, v in r.items() if k != "file"} for r in json.loads(result.output)),
                  key=lambda r: (r["case_id"], r["drug"], r["reaction"]))  # fmt: skip


def test_exported_files_score_exactly_as_the_imported_ones(url: str, tmp_path: Path) -> None:
    ok(url, "import", *FILES)
    out = tmp_path / "out"
    assert "Wrote 12 case file(s)" in ok(url, "export", "-o", str(out))
    assert _scores([str(out)]) == _scores([str(p) for p in EXAMPLE_FILES])
    one = tmp_path / "one"
    ok(url, "export", "ALEM-2024-001", "-o", str(one))
    assert [p.name for p in one.iterdir()] == ["ALEM-2024-001.yaml"]
    (one / "ALEM-2024-001.yaml").write_text("edited by hand", encoding="utf-8")
    again = run(url, "export", "ALEM-2024-001", "-o", str(one))
    assert again.exit_code == 2 and "will not replace" in again.output and "--force" in again.output
    assert (one / "ALEM-2024-001.yaml").read_text(encoding="utf-8") == "edited by hand"
    ok(url, "export", "ALEM-2024-001", "-o", str(one), "--force")
    assert "case_id: ALEM-2024-001" in (one / "ALEM-2024-001.yaml").read_text(encoding="utf-8")


def test_a_changed_file_is_a_new_version_and_the_audit_keeps_both(url: str, tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    text = (EXAMPLES / "amoxicillin-rash.yaml").read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    ok(url, "import", str(case), "--by", "first")
    assert "0 new case(s), 0 changed, 1 unchanged" in ok(url, "import", str(case))
    case.write_text(text.replace("outcome: recovered", "outcome: recovering", 1), encoding="utf-8")
    assert "1 changed" in ok(url, "import", str(case), "--by", "second")
    assert {r["version"] for r in rows(url)} == {2}
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        trail = conn.execute(sa.text("SELECT action, version, who FROM audit ORDER BY id")).all()
    engine.dispose()
    assert [tuple(t) for t in trail] == [("imported", 1, "first"), ("replaced", 2, "second")]


def test_the_audit_table_refuses_tampering(url: str) -> None:
    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"))
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    for statement in ("UPDATE audit SET who = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text(statement))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit")).scalar() == 1
    engine.dispose()


def test_saved_versions_refuse_tampering(url: str, tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    text = (EXAMPLES / "amoxicillin-rash.yaml").read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    ok(url, "import", str(case))
    case.write_text(text.replace("outcome: recovered", "outcome: recovering", 1), encoding="utf-8")
    assert "1 changed" in ok(url, "import", str(case))  # a second version
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    for statement in (
        "UPDATE versions SET document = '{}'",
        "DELETE FROM versions WHERE version = 1",
        "DELETE FROM cases",
    ):  # fmt: skip  (a case's versions would go with it)
        with pytest.raises(sa.exc.DBAPIError, match="kept as they were saved"), engine.begin() as conn:
            conn.execute(sa.text(statement))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM versions")).scalar() == 2
    engine.dispose()
    case_id = rows(url)[0]["case_id"]
    assert "outcome: recovered\n" in ok(url, "show", str(case_id), "--version", "1")


def test_a_register_of_the_first_version_is_upgraded_when_opened(url: str) -> None:
    """Made by causality before saved versions were protected: opened by any command, it is upgraded."""
    from alembic import command
    from alembic.config import Config

    from causality.register import store

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    with pytest.raises(sa.exc.DBAPIError, match="kept as they were saved"), engine.begin() as conn:
        conn.execute(sa.text("UPDATE versions SET changed_by = 'someone else'"))
    engine.dispose()


def test_the_default_register_needs_no_set_up(private_data_home: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "import", str(EXAMPLES / "alemtuzumab.yaml")])
    assert result.exit_code == 0, result.output
    assert (private_data_home / "adr-causality" / "register.sqlite").is_file()
    listed = CliRunner().invoke(cli, ["db", "list", "--instrument", "naranjo"])
    assert listed.output.count("ALEM-2024-001") == 2


def test_an_address_that_cannot_be_used_is_one_line(tmp_path: Path) -> None:
    for url, words in (("nosuch://x", "not a register address (allowed: sqlite:///"),
                       ("postgresql://nobody@127.0.0.1:1/x", "cannot open the register")):  # fmt: skip
        result = run(url, "list")
        assert result.exit_code == 2 and words in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert run(f"sqlite:///{tmp_path}/r.sqlite", "list", "--category", "probable").exit_code == 2


def _engine(url: str) -> sa.Engine:
    from causality.register import store

    return store.connect(store.url_of(url))


def _edited(change: tuple[str, str]):  # type: ignore[no-untyped-def]
    from causality.casefile import read_case
    from causality.yamlio import load

    text = (EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    case, problems = read_case("edited.yaml", load(text.replace(*change, 1)))
    assert case is not None and not problems
    return case


def test_two_saves_from_one_version_one_wins_and_the_other_is_told_why(url: str) -> None:
    """Two assessors open version 1 and save at the same moment, each on a connection of their own."""
    import threading

    from causality.register import store

    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"), "--by", "importer")
    edits = {
        "ana": _edited(("age: 58", "age: 59")),
        "ben": _edited(("outcome: recovered", "outcome: recovering")),
    }
    engines = {who: _engine(url) for who in edits}  # two pools: two real connections
    barrier, outcome = threading.Barrier(2), {}

    def save(who: str) -> None:
        barrier.wait()
        try:
            outcome[who] = store.save(engines[who], edits[who], 1, who, "interview")
        except store.Conflict as exc:
            outcome[who] = exc

    threads = [threading.Thread(target=save, args=(who,)) for who in edits]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [who for who, result in outcome.items() if result == 2]
    assert len(winners) == 1, outcome
    (loser,) = set(edits) - set(winners)
    refused = outcome[loser]
    assert isinstance(refused, store.Conflict)
    message = str(refused)
    assert f"since then {winners[0]} (version 2" in message
    assert ("patient.age" if winners[0] == "ana" else "reactions[0].outcome") in message
    # Nothing lost: the refused edit is still whole and can be saved on top of the winner's version.
    assert store.save(engines[loser], edits[loser], 2, loser, "interview") == 3
    assert {r["version"] for r in rows(url)} == {3}
    for engine in engines.values():
        engine.dispose()


def test_a_new_case_with_an_identifier_in_use_is_refused(url: str) -> None:
    from causality.register import store

    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"), "--by", "importer")
    engine = _engine(url)
    with pytest.raises(store.Conflict, match="already in the register: importer"):
        store.save(engine, _edited(("age: 58", "age: 59")), None, "ana", "interview")
    engine.dispose()


def test_score_and_report_read_the_register_as_they_read_files(url: str, tmp_path: Path) -> None:
    ok(url, "import", *FILES)
    scored = CliRunner().invoke(cli, ["score", "--db", url, "--format", "json"])
    assert scored.exit_code == 0, scored.output
    from_register = sorted(({k: v for k, v in r.items() if k != "file"} for r in json.loads(scored.output)),
                           key=lambda r: (r["case_id"], r["drug"], r["reaction"]))  # fmt: skip
    assert from_register == _scores([str(p) for p in EXAMPLE_FILES])
    assert {r["file"] for r in json.loads(scored.output)} >= {"register:ALEM-2024-001"}
    one = CliRunner().invoke(cli, ["score", "--db", url, "ALEM-2024-001"])
    assert one.output.count("Total 7: Probable (band 5 to 8)") == 2
    missing = CliRunner().invoke(cli, ["score", "--db", url, "NO-SUCH-CASE"])
    assert missing.exit_code == 2 and "NO-SUCH-CASE: no case with this identifier" in missing.output
    out = tmp_path / "reports"
    made = CliRunner().invoke(
        cli, ["report", "--db", url, "ALEM-2024-001", "-o", f"{out}/", "--format", "md"]
    )
    assert made.exit_code == 0, made.output
    text = (out / "ALEM-2024-001.md").read_text(encoding="utf-8")
    assert "Case ALEM-2024-001" in text or "ALEM-2024-001" in text.splitlines()[0] + text
    assert text.count("Total 7") + text.count("| **Total** | | **7**") >= 1


def test_one_import_with_a_case_twice_keeps_both_as_versions(url: str, tmp_path: Path) -> None:
    """Two files of one case in one import (an old and a corrected copy): the later is version 2, and an
    identical third copy changes nothing."""
    text = (EXAMPLES / "amoxicillin-rash.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text(
        text.replace("outcome: recovered", "outcome: recovering", 1), encoding="utf-8"
    )
    (folder / "c.yaml").write_text(
        text.replace("outcome: recovered", "outcome: recovering", 1), encoding="utf-8"
    )
    assert "Imported 1 new case(s), 1 changed, 1 unchanged." in ok(url, "import", str(folder))
    assert {r["version"] for r in rows(url)} == {2}
    shown = ok(url, "show", "AMX-2024-031")
    assert "version 2" in shown and "outcome: recovering" in shown


AGREEMENT = EXAMPLES / "agreement"


def test_each_assessors_file_of_a_case_joins_the_case(url: str, tmp_path: Path) -> None:
    """Ann's and Bo's files of the seed case and Cy's adjudication: one case in the register, holding each
    assessment under its assessor, so that agreement on the exported case is agreement on the three files."""
    files = [str(AGREEMENT / f"alemtuzumab-{who}.yaml") for who in ("ann", "bo", "adjudication")]
    assert "Imported 1 new case(s)" in ok(url, "import", files[0])
    assert "2 with another assessor's assessments added" in ok(url, "import", files[1], files[2])
    assert "0 new case(s), 0 changed, 3 unchanged" in ok(url, "import", *files)  # nothing new: no new version
    found = rows(url, "--instrument", "who_umc")
    # Hand-read from the three files: Ann Probable twice; Bo Possible (petechiae) and Probable (epistaxis);
    # Cy's adjudication of the petechiae Probable.
    assert sorted((r["assessor"], r["reaction"], r["category"]) for r in found) == [
        ("Ann Lee", "epistaxis", "probable"),
        ("Ann Lee", "generalized petechiae", "probable"),
        ("Bo Chen", "epistaxis", "probable"),
        ("Bo Chen", "generalized petechiae", "possible"),
        ("Cy Dias", "generalized petechiae", "probable"),
    ]
    assert {r["version"] for r in found} == {3}
    # Times are kept in UTC: Bo assessed at 15:05 +01:00.
    assert {r["assessed_at"] for r in found if r["assessor"] == "Bo Chen"} == {"2026-12-01T14:05:00+00:00"}
    assert {r["assessor"] for r in rows(url, "--instrument", "who_umc", "--since", "2026-12-01")} == {
        "Bo Chen", "Cy Dias"}  # fmt: skip
    out = tmp_path / "out"
    ok(url, "export", "-o", str(out))

    def agreement(*paths: str) -> object:
        result = CliRunner().invoke(cli, ["agreement", *paths, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert agreement(str(out)) == agreement(*files)


def test_an_assessors_file_describing_the_case_differently_is_refused(url: str, tmp_path: Path) -> None:
    ok(url, "import", str(AGREEMENT / "alemtuzumab-ann.yaml"))
    text = (AGREEMENT / "alemtuzumab-bo.yaml").read_text(encoding="utf-8")
    assert "age: 58" in text
    other = tmp_path / "bo.yaml"
    other.write_text(text.replace("age: 58", "age: 85", 1), encoding="utf-8")
    result = run(url, "import", str(other))
    assert result.exit_code == 2
    assert "bo.yaml: patient: differs from the case of the same case_id in the register" in result.output
    assert {r["assessor"] for r in rows(url)} == {"Ann Lee"}


def test_signatures_and_history_outlive_any_later_edit_of_the_file(url: str, tmp_path: Path) -> None:
    import yaml

    case = tmp_path / "alem.yaml"
    case.write_text((EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    signed = CliRunner().invoke(cli, ["sign", str(case), "--meaning", "author", "--name", "Dr Ann Lee"])
    assert signed.exit_code == 0, signed.output
    ok(url, "import", str(case), "--by", "registrar")
    ok(url, "import", str(case))  # again: nothing new, nothing twice

    def trail() -> list[dict[str, object]]:
        return json.loads(ok(url, "audit", "ALEM-2024-001", "--format", "json"))

    first = trail()
    assert len(first) == 2 and {(r["action"], r["who"], r["version"]) for r in first} == {
        ("signature", "Dr Ann Lee", 1),
        ("imported", "registrar", 1),
    }
    assert (
        json.loads(str(next(r for r in first if r["action"] == "signature")["detail"]))["meaning"] == "author"
    )
    # The signature taken out of the file by hand: the file is a new version, the signature stays on record.
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    del data["signatures"]
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert "1 changed" in ok(url, "import", str(case))
    assert [r["action"] for r in trail()].count("signature") == 1
    assert "replaced" in [r["action"] for r in trail()]


def test_stats_count_each_case_once_by_its_final_result(url: str) -> None:
    """Ann and Bo disagree on the petechiae (WHO-UMC Probable, Possible); Cy's adjudication says Probable: the
    case counts once, Probable. Epistaxis has no final result and both said Probable: once, Probable."""
    ok(url, "import", str(AGREEMENT))
    stats = json.loads(ok(url, "stats", "--instrument", "who_umc", "--format", "json"))
    assert stats == [
        {"drug": "alemtuzumab", "reaction": "epistaxis", "instrument": "who_umc", "category": "probable", "pairs": 1},
        {"drug": "alemtuzumab", "reaction": "generalized petechiae", "instrument": "who_umc", "category": "probable",
         "pairs": 1},
    ]  # fmt: skip
    roles = {(r["assessor"], r["role"]) for r in rows(url, "--instrument", "who_umc")}
    assert roles == {("Ann Lee", "independent"), ("Bo Chen", "independent"), ("Cy Dias", "adjudication")}


def test_reading_a_register_that_is_not_there_makes_none(tmp_path: Path) -> None:
    """A mistyped address is an error, not a new empty register; a new SQLite register is the user's alone."""
    import stat

    typo = tmp_path / "regsiter.sqlite"
    for args in (["list"], ["stats"], ["show", "X"], ["export", "-o", str(tmp_path / "out")]):
        result = run(f"sqlite:///{typo}", *args)
        assert result.exit_code == 2 and "there is no register there yet" in result.output, args
        assert len(result.output.strip().splitlines()) == 1
    scored = CliRunner().invoke(cli, ["score", "--db", f"sqlite:///{typo}"])
    assert scored.exit_code == 2 and "there is no register there yet" in scored.output
    assert not typo.exists()
    made = tmp_path / "register.sqlite"
    ok(f"sqlite:///{made}", "import", str(EXAMPLES / "alemtuzumab.yaml"))
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def test_a_register_of_a_newer_version_is_refused(url: str) -> None:
    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"))
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    result = run(url, "list")
    assert result.exit_code == 2 and "made by a newer version of causality" in result.output


def test_searches_forgive_how_names_are_written(url: str) -> None:
    ok(url, "import", str(EXAMPLES / "alemtuzumab.yaml"))
    assert len(rows(url, "--instrument", "WHO-UMC", "--reaction", "Petechiae")) == 1  # part of the name
    assert len(rows(url, "--drug", "ALEMTUZUMAB", "--instrument", "who_umc")) == 2
    listed = CliRunner().invoke(
        cli, ["db", "list", "--db", url, "--instrument", "naranjo", "--format", "json"]
    )
    assert listed.exit_code == 0 and len(json.loads(listed.output)) == 2  # --db after the subcommand too
    unknown = run(url, "list", "--instrument", "nope")
    assert unknown.exit_code == 2 and "no such instrument (allowed: naranjo, who_umc" in unknown.output
