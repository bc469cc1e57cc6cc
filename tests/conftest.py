from __future__ import annotations

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


def pytest_report_header() -> str:
    """Says at the top of every run whether the register's PostgreSQL tests run or are skipped."""
    import os

    if os.environ.get("CAUSALITY_TEST_POSTGRESQL"):
        return "PostgreSQL: the register's tests run against CAUSALITY_TEST_POSTGRESQL too"
    return "PostgreSQL: CAUSALITY_TEST_POSTGRESQL is not set, so the register's PostgreSQL tests are SKIPPED"
