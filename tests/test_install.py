"""The built wheel, installed into a fresh virtual environment, runs and finds its templates there."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("adr_causality-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "causality/templates/__init__.py" in names
    assert "causality/interview/engine.py" in names
    assert "causality/data/alternative_causes.yaml" in names
    assert "causality/templates/report.html.j2" in names and "causality/templates/report.css" in names
    assert not any(name.startswith("templates/") for name in names)
    env = work / "venv"
    # No pip of its own (seeding one takes ~5 s); the test run's pip installs into it with --python.
    venv.EnvBuilder(with_pip=False).create(env)
    python = str(env / "bin" / "python")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", str(wheel)], check=True
    )
    return env


def test_installed_command_reports_templates_inside_the_environment(installed: Path, tmp_path: Path) -> None:
    command = [str(installed / "bin" / "causality"), "--version"]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    fields = dict(line.split(":", 1) for line in proc.stdout.splitlines()[1:])
    templates = Path(fields["templates"].strip())
    assert templates.is_relative_to(installed), templates
    assert (templates / "__init__.py").is_file()


def test_installed_command_scores_a_case(installed: Path, tmp_path: Path) -> None:
    command = [
        str(installed / "bin" / "causality"),
        "score",
        str(EXAMPLES / "alemtuzumab.yaml"),
        "--format",
        "csv",
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    assert ",7,probable," in proc.stdout


def test_installed_command_renders_a_report(installed: Path, tmp_path: Path) -> None:
    target = tmp_path / "alem.html"
    command = [
        str(installed / "bin" / "causality"),
        "report",
        str(EXAMPLES / "alemtuzumab.yaml"),
        "-o",
        str(target),
    ]
    subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    html = target.read_text(encoding="utf-8")
    assert "Adverse drug reaction causality assessment" in html and "size: A4" in html
