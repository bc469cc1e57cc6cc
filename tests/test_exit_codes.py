"""The exit codes a script or a clinician sees: one list in code, shown the same in --help and the README."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

import pytest
from click.testing import CliRunner

import causality.errors as errors
from causality.cli import cli
from causality.errors import CausalityError, ExitCode
from tests.conftest import ROOT

EXPECTED = {0: "OK", 1: "FAILURE", 2: "USAGE", 130: "INTERRUPTED"}


def enum_table() -> dict[int, str]:
    return {code.value: code.meaning for code in ExitCode}


def help_table() -> dict[int, str]:
    text = CliRunner().invoke(cli, ["--help"]).stdout
    block = text.split("Exit codes:\n", 1)[1].split("\n\n", 1)[0]
    rows = [re.fullmatch(r" +(\d+) +(\S.*)", line) for line in block.splitlines()]
    assert all(rows), block
    return {int(m[1]): m[2] for m in rows if m}


def readme_table() -> dict[int, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    header = "| Exit code | Meaning |\n|-----------|---------|\n"
    assert text.count(header) == 1
    block = text.split(header, 1)[1].split("\n\n", 1)[0]
    rows = [re.fullmatch(r"\| `(\d+)` \| (.+?) \|", line) for line in block.splitlines()]
    assert all(rows), block
    return {int(m[1]): m[2] for m in rows if m}


def test_the_codes_are_the_documented_ones() -> None:
    assert {code.value: code.name for code in ExitCode} == EXPECTED


def test_every_code_has_a_one_line_meaning_that_fits_the_help() -> None:
    for code in ExitCode:
        assert code.meaning and "\n" not in code.meaning
        assert len(f"    {code.value:<4} {code.meaning}") <= 80


@pytest.mark.parametrize("table", [help_table, readme_table], ids=["--help", "README"])
def test_the_table_shows_every_code_with_its_meaning_and_nothing_else(
    table: Callable[[], dict[int, str]],
) -> None:
    assert table() == enum_table()


def test_every_error_names_an_exit_code_from_the_list() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, CausalityError)]
    assert len(classes) >= 7  # nothing was lost in the move
    for cls in classes:
        assert isinstance(cls.exit_code, ExitCode), cls
        assert "exit_code" in vars(cls), f"{cls.__name__} should say its exit code, not inherit it silently"


def test_error_classes_live_in_one_module() -> None:
    """No module of the package defines an error of its own: its exit code would be found elsewhere."""
    names = {c.__name__ for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Exception)}
    for path in (ROOT / "causality").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                assert not bases & names, f"{path.name}: {node.name} belongs in causality/errors.py"


def test_ctrl_c_outside_the_interview_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during `score` (checked by hand with SIGINT on 3,000 files, --jobs 1 and 2) reaches the
    boundary as KeyboardInterrupt: one line, the documented exit code, not click's "Aborted!" and 1."""
    import causality.batch

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(causality.batch, "score", interrupted)
    result = CliRunner().invoke(cli, ["score", "examples"])
    assert result.exit_code == 130
    assert result.stderr == "causality: interrupted; nothing was written\n"


@pytest.mark.parametrize(
    "args",
    [
        ["scales"],
        ["schema"],
        ["examples", "alemtuzumab"],
        ["report", "examples/alemtuzumab.yaml", "--format", "txt"],
    ],
)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str]) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build
        proc = subprocess.run([sys.executable, "-m", "causality", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, check=False)  # fmt: skip
    assert proc.returncode == 1
    assert (
        proc.stderr
        == "causality: could not write the output: No space left on device; the output is incomplete\n"
    )
