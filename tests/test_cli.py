"""The command surface: help with examples, version, scales."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from causality import __version__
from causality.cli import cli


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def all_commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", ["", *all_commands()])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "causality " in result.stdout.split("Example", 1)[1]


def test_version_says_what_and_where() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"causality (adr-causality) {__version__}"
    assert (
        lines[1].startswith("package:")
        and lines[2].startswith("templates:")
        and lines[3].startswith("python:")
    )


def test_scales_lists_instruments_with_citations() -> None:
    out = invoke("scales").stdout
    assert "naranjo: Naranjo ADR Probability Scale" in out
    assert "doi:10.1038/clpt.1981.154" in out
    assert "who-umc: WHO-UMC causality categories" in out


def test_scales_naranjo_prints_items_and_points_as_published() -> None:
    out = invoke("scales", "naranjo").stdout
    # Rows typed from the published table (spec §1.1): id, then yes / no / do-not-know points.
    for row in ("q1  Prior literature", "q5  Alternative causes", "q6  Placebo"):
        assert row in out
    q5 = next(line for line in out.splitlines() if line.lstrip().startswith("q5"))
    assert q5.split()[-3:] == ["-1", "+2", "0"]
    q6 = next(line for line in out.splitlines() if line.lstrip().startswith("q6"))
    assert q6.split()[-3:] == ["-1", "+1", "0"]
    for band in (">= 9  Definite", "5 to 8  Probable", "1 to 4  Possible", "<= 0  Doubtful"):
        assert band in out


def test_scales_who_umc_prints_criteria_and_procedure() -> None:
    out = invoke("scales", "WHO_UMC").stdout
    assert "C5 rechallenge satisfactory, if necessary" in out
    assert "9 otherwise no category" in out


def test_unknown_scale_is_a_usage_error() -> None:
    result = invoke("scales", "rucam-1993")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "causality scales: unknown instrument 'rucam-1993' (allowed: naranjo, who-umc, lcat, rucam, alden, "
        "george, hartwig, schumock-thornton)"
    )


def test_start_up_path_imports_neither_jinja2_nor_questionary() -> None:
    code = (
        "import sys\n"
        "from causality.cli import main\n"
        "sys.argv = ['causality', 'score', 'examples/alemtuzumab.yaml']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jinja2', 'questionary', 'prompt_toolkit') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_root())
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def _imported(*args: str) -> set[str]:
    code = (
        "import sys\n"
        "from causality.cli import main\n"
        f"sys.argv = ['causality', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_root())
    return set(proc.stderr.split())


@pytest.mark.parametrize(
    ("args", "unused"),
    [
        # Scoring writes no file: the temporary-file and file-copying machinery stays out of start-up.
        (["score", "examples/alemtuzumab.yaml"], {"tempfile", "shutil", "jinja2", "questionary"}),
        # Bleeding without a platelet count, neither a liver injury nor SJS/TEN: the RUCAM, ALDEN and George
        # scorers are not needed to say why they do not apply.
        (
            ["score", "examples/alemtuzumab.yaml"],
            {f"causality.instruments.{k}.scorer" for k in ("rucam", "alden", "george")},
        ),
        (
            ["score", "examples/alemtuzumab.yaml", "--format", "json"],
            {"tempfile", "shutil", "causality.table"},
        ),
        # Help needs click and the command table only.
        (["--help"], {"yaml", "causality.casefile", "causality.batch", "causality.model"}),
    ],
)
def test_start_up_imports_only_what_the_command_uses(args: list[str], unused: set[str]) -> None:
    imported = _imported(*args)
    assert "click" in imported  # the run happened
    assert not imported & unused, sorted(imported & unused)


def _root() -> str:
    from tests.conftest import ROOT

    return str(ROOT)


@pytest.mark.parametrize("name", ["", "naranjo", "who-umc", "lcat", "rucam", "alden", "george", "hartwig",
                                  "schumock-thornton"])  # fmt: skip
def test_every_scale_listing_fits_80_columns_and_cites_its_source(name: str) -> None:
    result = invoke("scales", *([name] if name else []))
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    from causality.instruments import registry

    infos = [registry.get(name).info] if name else list(registry.infos().values())
    flat = " ".join(result.stdout.split())
    for info in infos:
        assert " ".join(info.citations[0].text.split())[:40] in flat


def test_first_question_of_a_new_assessment_is_asked_before_the_rest_of_the_interview_is_loaded() -> None:
    """What a clinician waits for: nothing but the question and the prompter before the first prompt."""
    code = (
        "import sys\n"
        "import causality.cli\n"
        "from causality.interview import session\n"
        "class Seen(Exception):\n    pass\n"
        "class Prompter:\n"
        "    def ask(self, q, default=None):\n"
        "        print('ASKED', q.message)\n"
        "        print('LOADED', ' '.join(sorted(sys.modules)))\n"
        "        raise KeyboardInterrupt\n"
        "    def say(self, text=''):\n        print(text)\n"
        "try:\n    session.start(from_file=None, resume=False, output=None, prompter=Prompter())\n"
        "except Exception as exc:\n    print('RAISED', type(exc).__name__, exc)\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp()}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_root(), env=env)
    assert "ASKED Case identifier" in proc.stdout, proc.stdout + proc.stderr
    loaded = set(proc.stdout.split("LOADED ")[1].split("\n")[0].split())
    later = {"causality.interview.engine", "causality.interview.drafts", "causality.interview.plan",
             "causality.interview.partial", "causality.model", "causality.catalogue", "causality.casefile",
             "json"}  # fmt: skip
    assert not loaded & later, sorted(loaded & later)
    # Ctrl-C at the first question: nothing was written, and the clinician is told so.
    assert "RAISED Interrupted Interrupted before the first answer; nothing was saved." in proc.stdout
    assert not list(Path(env["XDG_DATA_HOME"]).rglob("*.json"))


def _launched(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp()}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_root(), env=env)


def test_causality_assess_alone_starts_its_interview_without_the_command_line_parser() -> None:
    """The installed `causality` command: `assess` with nothing to parse loads no click before the first
    question; Ctrl-C there ends as through the parser (its message, exit 130, nothing written)."""
    code = (
        "import sys\n"
        "class Terminal:\n    def isatty(self):\n        return True\n    def flush(self):\n        pass\n"
        "sys.stdin = sys.stdout = Terminal()\n"  # as at a terminal; results go to sys.__stdout__
        "from causality.interview import prompts\n"
        "def ask(self, q, default=None):\n"
        "    print('ASKED', q.message, file=sys.__stdout__)\n"
        "    print('LOADED', ' '.join(sorted(sys.modules)), file=sys.__stdout__)\n"
        "    raise KeyboardInterrupt\n"
        "prompts.QuestionaryPrompter.ask = ask\n"
        "sys.argv = ['causality', 'assess']\n"
        "from causality.launch import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('EXIT', exc.code, file=sys.__stdout__)\n"
    )
    proc = _launched(code)
    assert "ASKED Case identifier" in proc.stdout, proc.stdout + proc.stderr
    loaded = set(proc.stdout.split("LOADED ")[1].split("\n")[0].split())
    assert "click" not in loaded
    assert "EXIT 130" in proc.stdout
    assert proc.stderr == "Interrupted before the first answer; nothing was saved.\n"


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        # Without a terminal: the same refusal and exit code through either path.
        (["assess"], 2, "causality assess: needs a terminal to ask its questions."),
        (["assess", "--resume"], 2, "causality assess: needs a terminal to ask its questions."),
        (["assess", "--help"], 0, "Assess a drug and a reaction interactively"),
    ],
)
def test_the_entry_point_gives_what_the_parser_gives(args: list[str], code: int, says: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "causality", *args], capture_output=True, text=True,
                          cwd=_root(), stdin=subprocess.DEVNULL)  # fmt: skip
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert says in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def _both_ways(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    """`causality ARGS` through the installed entry point, and through the command-line parser."""
    through = "import sys\nsys.argv = ['causality', *sys.argv[1:]]\nfrom causality.{} import main\nmain()\n"
    runs = []
    for module in ("launch", "cli"):
        command = [sys.executable, "-c", through.format(module), *args]
        runs.append(
            subprocess.run(command, capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL)
        )
    return tuple(runs)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "examples/alemtuzumab.yaml"],
        ["score", "examples"],
        ["score", "examples/alemtuzumab.yaml", "examples/alemtuzumab.yaml"],
        ["score", "no-such-case.yaml"],
        ["score", "bad.yaml", "examples/alemtuzumab.yaml"],
        ["score", ""],
        ["score", "escape.yaml"],  # a terminal escape typed into a case: removed when not at a terminal
    ],
)
def test_plain_score_gives_through_the_entry_point_what_the_parser_gives(
    args: list[str], tmp_path: Path
) -> None:
    """`causality score FILE...` starts without the parser: the same output, messages and exit code."""
    for name in ("examples",):
        (tmp_path / name).symlink_to(Path(_root()) / name)
    (tmp_path / "bad.yaml").write_text("case_id: X\ndrug: a\nreaction: b\nnaranjo:\n  q1: maybe\n")
    (tmp_path / "escape.yaml").write_text(
        'case_id: "E\\e[31mRED"\ndrug: a\nreaction: b\nnaranjo:\n  q1: yes\n'
    )
    direct, parsed = _both_ways(args, tmp_path)
    assert (direct.returncode, direct.stdout, direct.stderr) == (
        parsed.returncode,
        parsed.stdout,
        parsed.stderr,
    )
    assert "Traceback" not in direct.stderr
    assert direct.returncode in (0, 2)


def test_plain_score_loads_no_command_line_parser() -> None:
    code = (
        "import sys\nsys.argv = ['causality', 'score', 'examples/alemtuzumab.yaml']\n"
        "from causality.launch import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n"
        "    print('EXIT', exc.code, 'click' in sys.modules)\n"
    )
    proc = _launched(code)
    assert proc.stdout.endswith("EXIT 0 False\n"), proc.stdout + proc.stderr
    assert "Naranjo" in proc.stdout
