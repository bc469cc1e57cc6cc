"""`causality examples`: the example cases ship with the tool, so the README's commands work after an
install, and a clinician can start from one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from causality.cli import cli
from tests.conftest import EXAMPLE_FILES, EXAMPLES

NAMES = [p.stem for p in EXAMPLE_FILES]


def test_lists_every_example_with_its_pairs() -> None:
    result = CliRunner().invoke(cli, ["examples"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[: len(NAMES)]]
    assert listed == NAMES
    assert "alemtuzumab x generalized petechiae; alemtuzumab x epistaxis" in result.stdout


def test_prints_and_writes_the_file_as_shipped(tmp_path: Path) -> None:
    shipped = (EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8")
    printed = CliRunner().invoke(cli, ["examples", "alemtuzumab"])
    assert printed.exit_code == 0 and printed.stdout == shipped
    target = tmp_path / "mine.yaml"
    written = CliRunner().invoke(cli, ["examples", "alemtuzumab.yaml", "-o", str(target)])
    assert written.exit_code == 0 and target.read_text(encoding="utf-8") == shipped
    scored = CliRunner().invoke(cli, ["score", str(target), "--format", "csv"])
    assert scored.exit_code == 0 and ",7,probable," in scored.stdout


def test_never_overwrites_and_names_what_is_allowed(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my own case\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["examples", "alemtuzumab", "-o", str(target)])
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "my own case\n"
    assert "exists" in result.stderr
    unknown = CliRunner().invoke(cli, ["examples", "nope"])
    assert unknown.exit_code == 2
    assert unknown.stderr.strip().endswith(f"(allowed: {', '.join(NAMES)})")
    missing = CliRunner().invoke(cli, ["examples", "alemtuzumab", "-o", str(tmp_path / "no" / "x.yaml")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_a_json_example_is_not_written_as_yaml(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["examples", "unassessable-report", "-o", str(tmp_path / "u.yaml")])
    assert result.exit_code == 2 and "is a JSON file; name the output u.json" in result.stderr
    assert not (tmp_path / "u.yaml").exists()


def test_a_folder_of_examples_is_listed_and_written_out_whole(tmp_path: Path) -> None:
    """The three files of examples/agreement/ ship with the tool: the README's agreement commands work after
    a plain install."""
    listed = CliRunner().invoke(cli, ["examples"]).output
    assert "agreement/" in listed and "alemtuzumab-ann.yaml" in listed
    out = tmp_path / "agreement"
    result = CliRunner().invoke(cli, ["examples", "agreement", "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["alemtuzumab-adjudication.yaml", "alemtuzumab-ann.yaml", "alemtuzumab-bo.yaml"]
    for name in names:
        assert (out / name).read_bytes() == (EXAMPLES / "agreement" / name).read_bytes()
    again = CliRunner().invoke(cli, ["examples", "agreement", "-o", str(out)])
    assert again.exit_code == 2 and "exist; choose another folder" in again.output  # nothing replaced
    one = CliRunner().invoke(cli, ["examples", "alemtuzumab", "-o", str(out)])  # into a folder
    assert one.exit_code == 0 and (out / "alemtuzumab.yaml").is_file()
