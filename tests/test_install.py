"""The built wheel, installed into a fresh virtual environment, runs and finds its templates there."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def build_and_install(work: Path) -> Path:
    """Build the wheel from the source tree into ``work``, check what it holds, install it into a new venv."""
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("adr_causality-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "causality/templates/__init__.py" in names
    assert "causality/examples/alemtuzumab.yaml" in names  # the README's example commands work after install
    assert "causality/examples/agreement/alemtuzumab-bo.yaml" in names  # and its agreement commands
    assert "causality/register/migrations/versions/r0001_initial.py" in names  # the register's migrations
    assert "causality/interchange/fhir.py" in names
    assert "causality/instruments/rucam/entry.py" in names  # every instrument's folder ships
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


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built and installed once per test run. Under pytest-xdist the first worker to need it builds it in the
    run's own folder while holding a lock, and the others wait and use it: two builds of the same source tree
    at once share its build/ folder and can produce an empty wheel."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build_and_install(tmp_path_factory.mktemp("wheel"))
    run = tmp_path_factory.getbasetemp().parent  # this run's folder; each worker's own folder is inside it
    with (run / "wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        done = run / "wheel" / "installed"
        if not done.exists():
            shutil.rmtree(run / "wheel", ignore_errors=True)  # a build that failed half way
            (run / "wheel").mkdir()
            done.write_text(str(build_and_install(run / "wheel")), encoding="utf-8")
        return Path(done.read_text(encoding="utf-8"))


def test_installed_command_reports_templates_inside_the_environment(installed: Path, tmp_path: Path) -> None:
    command = [str(installed / "bin" / "causality"), "--version"]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True)
    fields = dict(line.split(":", 1) for line in proc.stdout.splitlines()[1:])
    templates = Path(fields["templates"].strip())
    assert templates.is_relative_to(installed), templates
    assert (templates / "__init__.py").is_file()


def test_installed_command_writes_out_an_example_and_scores_it(installed: Path, tmp_path: Path) -> None:
    causality = str(installed / "bin" / "causality")
    subprocess.run([causality, "examples", "alemtuzumab", "-o", "alem.yaml"], cwd=tmp_path, check=True)
    proc = subprocess.run([causality, "score", "alem.yaml", "--format", "csv"], capture_output=True, text=True,
                          cwd=tmp_path, check=True)  # fmt: skip
    assert ",7,probable," in proc.stdout


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


def test_installed_command_keeps_a_register_with_no_set_up(installed: Path, tmp_path: Path) -> None:
    """The migrations ship in the wheel: the default register is created on first use, in the data folder."""
    causality = str(installed / "bin" / "causality")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run(
        [causality, "examples", "agreement", "-o", "agreement/"], cwd=tmp_path, env=env, check=True
    )
    subprocess.run([causality, "db", "import", "agreement/"], cwd=tmp_path, env=env, check=True)
    proc = subprocess.run([causality, "db", "list", "--instrument", "who_umc", "--format", "csv"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, check=True)  # fmt: skip
    assert proc.stdout.count("ALEM-2024-001") == 5  # Ann's two pairs, Bo's two, Cy's adjudication
    assert (tmp_path / "data" / "adr-causality" / "register.sqlite").is_file()
