"""An instrument from an installed package: a toy package is installed into a temporary location, and
`causality` finds it through its entry point, without any edit to this package."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow
TOY = ROOT / "tests" / "toy_instrument"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(TOY)],
        check=True,
    )  # fmt: skip
    assert (next(target.glob("toy_instrument-*.dist-info")) / "entry_points.txt").is_file()
    return target


def run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    command = [sys.executable, "-m", "causality", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)


def test_scales_lists_the_installed_instrument(site: Path, tmp_path: Path) -> None:
    listing = run(site, "scales", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "toy-flag: Toy objective-evidence flag" in listing.stdout
    assert "A centre's own checklist, for testing only." in listing.stdout
    detail = run(site, "scales", "toy-flag", cwd=tmp_path)
    assert detail.returncode == 0 and "T1 Was the reaction confirmed objectively?" in detail.stdout


def test_score_and_report_use_it(site: Path, tmp_path: Path) -> None:
    case = str(EXAMPLES / "alemtuzumab.yaml")  # both pairs record objective evidence: yes
    data = json.loads(run(site, "score", case, "--format", "json", cwd=tmp_path).stdout)
    for pair in data:
        toy = pair["instruments"]["toy_flag"]
        assert (toy["result"], toy["items"][0]["answer"], toy["items"][0]["source"]) == (
            "flagged", "yes", "derived",
        )  # fmt: skip
    table = run(site, "score", case, "--format", "csv", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    header = table.splitlines()[0].split(",")
    assert header[-1] == "toy_flag" and header[-2] == "preventability"  # after every built-in column
    assert [r["toy_flag"] for r in rows] == ["flagged", "flagged"]
    assert [r["naranjo_score"] for r in rows] == ["7", "7"]  # the built-in instruments are unchanged
    report = run(site, "report", case, "--format", "txt", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    # each pair's result in the summary and again in its details
    assert report.stdout.count("Toy flag") == 4 and "A centre's own checklist" in report.stdout
    terminal = run(site, "score", case, cwd=tmp_path).stdout
    assert "Toy flag: Flagged" in terminal


def test_its_answers_are_read_and_checked_from_case_files(site: Path, tmp_path: Path) -> None:
    given = tmp_path / "given.yaml"
    given.write_text("case_id: T-1\ndrug: amoxicillin\nreaction: rash\ntoy_flag: {objective: yes}\n")
    data = json.loads(run(site, "score", str(given), "--format", "json", cwd=tmp_path).stdout)
    item = data[0]["instruments"]["toy_flag"]["items"][0]
    assert (item["answer"], item["source"]) == ("yes", "given")
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: T-2\ndrug: amoxicillin\nreaction: rash\ntoy_flag: {objective: maybe}\n")
    proc = run(site, "score", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == f"{bad}: toy_flag.objective: 'maybe' is not allowed (allowed: yes, no, unknown)"
    )


def test_without_the_package_the_key_is_unknown(tmp_path: Path) -> None:
    given = tmp_path / "given.yaml"
    given.write_text("case_id: T-1\ndrug: amoxicillin\nreaction: rash\ntoy_flag: {objective: yes}\n")
    proc = subprocess.run([sys.executable, "-m", "causality", "score", str(given)], capture_output=True,
                          text=True, cwd=tmp_path, check=False)  # fmt: skip
    assert proc.returncode == 2 and "toy_flag" in proc.stderr


def test_the_case_file_schema_describes_its_answers(site: Path, tmp_path: Path) -> None:
    schema = json.loads(run(site, "schema", cwd=tmp_path).stdout)
    assert schema["$defs"]["toy_flag"]["properties"]["objective"]["anyOf"][0]["enum"][:3] == [
        "yes", "no", "unknown",
    ]  # fmt: skip
    assert "toy_flag" in schema["$defs"]["shorthand"]["properties"]
    assert "toy_flag" in schema["$defs"]["instruments"]["properties"]


def test_a_broken_installed_instrument_is_left_out_not_fatal(tmp_path: Path) -> None:
    # What a broken package looks like to the tool: an entry point naming a module that is not there.
    site = tmp_path / "site"
    meta = site / "broken_instrument-0.1.dist-info"
    meta.mkdir(parents=True)
    (meta / "entry_points.txt").write_text("[causality.instruments]\nbroken = no_such_module:INSTRUMENT\n")
    proc = run(site, "scales", cwd=tmp_path)
    assert proc.returncode == 0
    assert "naranjo: Naranjo ADR Probability Scale" in proc.stdout
    assert "the installed instrument 'broken' (no_such_module:INSTRUMENT) could not be loaded" in proc.stderr
    assert proc.stderr.rstrip().endswith("(left out)")
