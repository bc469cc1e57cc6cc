"""Defects found in a review of the change eb36d07..17385b7 (first prompt, batch reading, lazy scorers,
shared click paths, register migration 0002, bench). Each test fails on the code as reviewed and says, in a
comment, what a user sees and what is expected.

All three are in migration 0002 ("a register at revision 0001 is upgraded when opened"): every register a
centre already has goes through it, on whichever command opens it first."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from causality.cli import cli
from tests.conftest import ROOT

pytestmark = pytest.mark.timeout(120)


def _alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    from causality.register import store

    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).parent / "migrations"))
    return config


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def register_at_0001(url: str) -> None:
    """A register as the previous release (eb36d07) made it: its tables at Alembic revision 0001."""
    from alembic import command

    config = _alembic_config()
    engine = _engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()


def revision(url: str) -> str:
    engine = _engine(url)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    return str(found)


def db(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["db", "--db", url, *args])


def test_a_register_upgrade_interrupted_on_sqlite_leaves_the_register_unopenable(
    tmp_path: Path, private_data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # User sees: the first command after updating causality (here `db list`) upgrades the centre's SQLite
    # register and is interrupted (Ctrl-C; or the database is locked by a colleague's import when the new
    # revision is recorded). SQLite commits each CREATE TRIGGER at once, so the triggers stay while the
    # register stays at revision 0001. From then on EVERY command on the register, `causality db upgrade`
    # included, ends in "causality: internal error: OperationalError('(sqlite3.OperationalError) trigger
    # versions_no_update already exists')", exit 1, until someone repairs the file by hand.
    # Expected: an interrupted upgrade leaves the register as it was (or is finished by the next command):
    # the next `db list` works.
    from alembic.runtime.migration import HeadMaintainer

    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    register_at_0001(url)

    def interrupted(self: object, from_: str, to_: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C just before the new revision is recorded

    with monkeypatch.context() as patched:
        patched.setattr(HeadMaintainer, "_update_version", interrupted)
        first = db(url, "list")
    assert first.exit_code == 130, first.output  # "causality: interrupted; nothing was written"
    assert revision(url) == "0001"

    again = db(url, "list")
    assert "internal error" not in again.output, again.output
    assert again.exit_code == 0, again.output
    assert revision(url) == "0002"


@pytest.fixture(params=["sqlite", "postgresql"])
def url_0001(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from tests.conftest import _postgresql

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.sqlite'}"
        register_at_0001(url)
        yield url
    else:
        for url in _postgresql():
            register_at_0001(url)
            yield url


def test_two_commands_opening_a_register_of_0001_at_once_both_work(
    url_0001: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # User sees: two assessors of a centre, both updated, open the shared register at the same moment (an
    # `assess --db`, a `db list`). The second, which read revision 0001 while the first was upgrading it,
    # runs the migration again: "causality: internal error: IntegrityError('(psycopg.errors.UniqueViolation)
    # duplicate key value violates unique constraint "pg_proc_proname_args_nsp_index" ...
    # (causality_versions_kept ...)')" on PostgreSQL, "internal error: OperationalError(... trigger
    # versions_no_update already exists)" on SQLite, exit 1. Expected: the second waits for (or tolerates)
    # the first one's upgrade and does its work: exit 0, no internal error.
    import threading

    from alembic.runtime.migration import HeadMaintainer

    from causality.register import store

    # The first command, in this process, goes through the tool's own upgrade (whatever locks it takes) and
    # is held just after recording the new revision, before its commit, until the second has got going.
    recorded, release = threading.Event(), threading.Event()
    record = HeadMaintainer._update_version

    def slow_commit(self: HeadMaintainer, from_: str, to_: str) -> None:
        record(self, from_, to_)
        recorded.set()
        release.wait(60)

    monkeypatch.setattr(HeadMaintainer, "_update_version", slow_commit)
    errors: list[BaseException] = []

    def first() -> None:
        try:
            store.connect(store.url_of(url_0001), create=False).dispose()
        except BaseException as exc:  # reported below
            errors.append(exc)

    upgrading = threading.Thread(target=first)
    upgrading.start()
    assert recorded.wait(30)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "home")}
    second = subprocess.Popen(
        [sys.executable, "-m", "causality", "db", "--db", url_0001, "list"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    # Give the second time to start, read the revision and reach the migration (or a lock the first holds).
    deadline = time.monotonic() + 4
    while second.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    release.set()
    upgrading.join(60)
    assert not errors, errors
    out, _ = second.communicate(timeout=60)
    assert "internal error" not in out, out
    assert second.returncode == 0, out
    assert revision(url_0001) == "0002"


@pytest.fixture
def read_only_register(tmp_path: Path) -> Iterator[Path]:
    """A register of revision 0001 that this user may read but not write (root writes any file it may
    read, so for root the file is made immutable; skipped where that cannot be done)."""
    register = tmp_path / "register.sqlite"
    register_at_0001(f"sqlite:///{register}")
    register.chmod(0o444)
    immutable = os.geteuid() == 0
    if immutable:
        try:
            made = subprocess.run(["chattr", "+i", str(register)], capture_output=True).returncode == 0
        except FileNotFoundError:
            made = False
        if not made:
            pytest.skip("running as root, and the register cannot be made immutable here")
    try:
        yield register
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(register)], check=False)


def test_a_register_of_0001_that_the_user_may_only_read_is_not_an_internal_error(
    read_only_register: Path, private_data_home: Path
) -> None:
    # User sees: a register made by the previous release, which this user may read but not change (a
    # read-only copy, a file on a share with read access only). Before the change `causality db list` and
    # `db stats` read it; now every command tries to upgrade it first and ends in "causality: internal
    # error: OperationalError('(sqlite3.OperationalError) attempt to write a readonly database')", exit 1.
    # Expected: the register is read as before (revision 0002 changes no table, it only adds triggers), or
    # one line saying it needs `causality db upgrade` by someone who may change it; never an internal error.
    result = db(f"sqlite:///{read_only_register}", "list")
    assert "internal error" not in result.output, result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        assert "Nothing in the register matches" in result.output, result.output


def test_a_first_init_interrupted_leaves_nothing_and_the_next_makes_the_register(
    url: str, private_data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found while fixing the above: the first upgrade (creating the tables) is one transaction too, so an
    init interrupted before its revision is recorded leaves no tables that would later read as "tables of
    another program"."""
    from alembic.runtime.migration import HeadMaintainer

    def interrupted(self: object, *args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(HeadMaintainer, "_insert_version", interrupted)
        first = db(url, "init")
    assert first.exit_code == 130, first.output
    again = db(url, "init")
    assert again.exit_code == 0, again.output
    assert revision(url) == "0002"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from tests.conftest import _postgresql

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.sqlite'}"
    else:
        yield from _postgresql()


def test_a_command_that_would_write_to_a_register_it_may_not_upgrade_says_so_in_one_line(
    read_only_register: Path, private_data_home: Path
) -> None:
    result = db(f"sqlite:///{read_only_register}", "import", str(ROOT / "examples" / "alemtuzumab.yaml"))
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "cannot upgrade the register" in result.output and "causality db upgrade" in result.output
