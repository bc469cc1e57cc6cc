"""Where the installed package and its templates are."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir() -> Path:
    return Path(__file__).resolve().parent


def templates_dir() -> Path:
    # The wheel and the editable install both expose templates/ as the causality.templates package.
    return Path(str(files("causality.templates")))
