"""Where the installed package and its templates are."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def templates_dir() -> Path:
    # The wheel and the editable install both expose templates/ as the causality.templates package.
    return Path(str(files("causality.templates")))


def case_file_name(case_id: str) -> str:
    """A file name from a case identifier: letters, digits, '.', '-' and '_' kept, anything else '_', so
    that no case identifier can name a file outside the folder or a hidden one."""
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in case_id.strip())
    name = name.lstrip(".")[:120]
    return name or "case"
