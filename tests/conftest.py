from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# The case files among them (the folder is also a package, so that the wheel ships it).
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a case file into a temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Drafts go to a folder of this test's own, never the developer's."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def pytest_configure() -> None:
    """The Ctrl-C tests need children that can be interrupted: a shell that starts the tests in the
    background (`make test &`) ignores Ctrl-C for them, and children would inherit that."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_report_header() -> str:
    """Says at the top of every run whether the register's PostgreSQL tests run or are skipped."""
    if os.environ.get("CAUSALITY_TEST_POSTGRESQL"):
        return "PostgreSQL: the register's tests run against CAUSALITY_TEST_POSTGRESQL too"
    return "PostgreSQL: CAUSALITY_TEST_POSTGRESQL is not set, so the register's PostgreSQL tests are SKIPPED"


PG = os.environ.get("CAUSALITY_TEST_POSTGRESQL")


def _postgresql() -> Iterator[str]:
    import uuid

    import sqlalchemy as sa

    if not PG:
        pytest.skip("no PostgreSQL server: set CAUSALITY_TEST_POSTGRESQL (see the README) to run these too")
    admin = sa.create_engine(PG.replace("postgresql://", "postgresql+psycopg://", 1))
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG else "?"
    try:
        yield f"{PG}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
    else:
        yield from _postgresql()
