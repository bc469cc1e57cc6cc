"""No case file, however broken, makes `causality score` or `report` crash, hang or write anything.

A generated corpus (tests/bad_inputs.py: every field of every example replaced by each wrong type and edge
value, removed, or given an unknown neighbour; shorthand mistakes; broken YAML and JSON) and a property
test (hypothesis: case-shaped trees of random values, and random text) hold each answer to the contract:
- exit 0 (the file is valid after all) or 2 (bad input), never 1 ("internal error") or a traceback;
- on exit 2, nothing on standard output and no output file; one line per problem, each naming the file
  and where in it (a field, or a line for text that is not YAML or JSON at all);
- a problem with one field is reported at that field, a field inside it, the field holding it, a
  neighbour it is checked against (a stop date before its start) or the assessment that refers to it (a
  drug renamed leaves its assessment pointing at nothing).
Most runs are in-process (click's CliRunner); a few run the installed command for the real path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causality import schema as S
from causality.casefile import CASE_FIELDS, shorthand_fields
from causality.cli import cli
from tests.bad_inputs import SHORTHAND_BREAKAGE, TEXT_BREAKAGE, BadInput, field_mutations
from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT

# Odd but valid, by the YAML and JSON standards and the case file's rules: a byte-order mark before the
# first field, a drug named by a number, a case_id of 5,000 digits (an identifier is text, however long).
VALID_AFTER_ALL = frozenset({"bom.yaml", "shorthand-drug-number.yaml", "huge-id.json"})
TOP_FIELDS = frozenset({*CASE_FIELDS, *shorthand_fields()})
# Where a problem is: a field path (patient.age, assessments[1].facts.dechallenge), a line of a file that is
# not YAML or JSON, or the whole file when it is not a mapping.
FIELD_PATH = re.compile(r"(?P<top>[A-Za-z_][A-Za-z0-9_]*)(?:\[\d+\]|\.[^.\[\]:\s]+)*")
LINE = re.compile(r"line \d+")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def problems_by_file(result: Result, folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Check the refusal as a whole and each of its lines; return (where, what) per file name."""
    assert result.exit_code == 2, (result.exit_code, result.stderr[-2000:])
    assert result.stdout == "", "nothing is printed when a file is refused"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-2000:]
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    prefix = f"{folder}{'/'}"
    for line in result.stderr.splitlines():
        assert line.startswith(prefix), f"names no file of the batch: {line[:300]}"
        name, where, what = ([*line[len(prefix) :].split(": ", 2), "", ""])[:3]
        assert what, f"names no field or line: {line[:300]}"
        # An unknown field is named as typed, whatever it looks like.
        assert (
            where == "(top level)"
            or LINE.fullmatch(where)
            or _is_field(where)
            or what.startswith("unknown field")
        ), f"no field: {line[:300]}"
        found[name].append((where, what))
    return found


def _is_field(where: str) -> bool:
    m = FIELD_PATH.fullmatch(where)
    return m is not None and m["top"] in TOP_FIELDS | {"zz_unknown_field"}


def _parent(path: str) -> str:
    parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
    return "" if parent == path else parent


def related(where: str, field: str) -> bool:
    """Whether a problem reported at ``where`` is about a change made at ``field`` (see the module doc)."""
    if (
        where == field
        or where.startswith((f"{field}.", f"{field}["))
        or field.startswith((f"{where}.", f"{where}["))
    ):
        return True
    if (
        where != field and _parent(where) == _parent(field) != ""
    ):  # checked against each other: start and stop
        return True
    # A suspect drug or reaction changed (its name, the entry, the list): the assessments name it.
    renamed = re.fullmatch(r"(suspect_drugs|reactions)(\[\d+\](\.name|\.term)?)?", field)
    return renamed is not None and re.fullmatch(r"assessments\[\d+\]\.(drug|reaction)", where) is not None


def write_all(folder: Path, inputs: list[BadInput]) -> None:
    folder.mkdir()
    for item in inputs:
        (folder / item.name).write_text(item.text, encoding="utf-8")


# Each field is broken once per syntax: an example whose every field an earlier one already covers adds none.
MUTATED = [p for p in EXAMPLE_FILES if any(True for _ in field_mutations(p))]


@pytest.mark.parametrize("example", MUTATED, ids=[p.stem for p in MUTATED])
def test_every_field_broken_every_way(example: Path, tmp_path: Path) -> None:
    mutants = list(field_mutations(example))
    by_name = {m.name: m for m in mutants}
    cases = tmp_path / "cases"
    write_all(cases, mutants)

    # One batch validates every file (after the first problem the rest are still checked, not scored).
    found = problems_by_file(invoke("score", str(cases), "--jobs", "1", "--format", "json"), cases)
    assert set(found) <= set(by_name)
    for name, problems in found.items():
        field = by_name[name].field
        assert field is not None
        assert any(related(where, field) for where, _ in problems), (name, field, problems[:3])
    # Every kind of breakage was refused somewhere (the corpus is not toothless): checked on the first
    # example, which has fields of every kind (text, words, numbers, dates, lists, mappings).
    if example == EXAMPLE_FILES[0]:
        labels = {re.sub(r"^.*-\d+-|\.\w+$", "", name) for name in found}
        assert labels >= {
            "unknown-word",
            "empty-text",
            "negative",
            "huge",
            "nan",
            "infinite",
            "true",
            "null",
            "list",
            "map",
            "deep",
            "bad-date",
            "future-date",
            "missing",
            "unknown-key",
        }

    # The files nobody complained about are valid: every one is scored (a fifth of them in every format).
    fine, some = tmp_path / "fine", tmp_path / "some"
    fine.mkdir()
    some.mkdir()
    for index, name in enumerate(sorted(set(by_name) - set(found))):
        shutil.move(cases / name, fine / name)
        if index % 5 == 0:
            shutil.copy(fine / name, some / name)
    if any(fine.iterdir()):
        result = invoke("score", str(fine), "--jobs", "1", "--format", "json")
        assert result.exit_code == 0 and result.stderr == "", result.stderr[-2000:]
        assert {Path(r["file"]).name for r in json.loads(result.stdout)} == {p.name for p in fine.iterdir()}
        for fmt in ("csv", "table"):
            result = invoke("score", str(some), "--jobs", "1", "--format", fmt)
            assert result.exit_code == 0 and result.stderr == "", result.stderr[-2000:]

    # One by one, a sample agrees with the batch: refused files exit 2, the others 0.
    for name in sorted(by_name)[::50]:
        path = cases / name if name in found else fine / name
        result = invoke("score", str(path))
        assert result.exit_code == (2 if name in found else 0), (name, result.stderr[-500:])
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [(f"{n}.yaml", t) for n, t in SHORTHAND_BREAKAGE] + list(TEXT_BREAKAGE),
    ids=[n for n, _ in SHORTHAND_BREAKAGE] + [n for n, _ in TEXT_BREAKAGE],
)
def test_broken_text_and_shorthand(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    if name in VALID_AFTER_ALL:
        result = invoke("score", str(path))
        assert result.exit_code == 0 and result.stdout and not result.stderr, result.stderr
        return
    found = problems_by_file(invoke("score", str(path)), tmp_path)
    assert list(found) == [name]
    report = tmp_path / "report.html"
    result = invoke("report", str(path), "-o", str(report))
    assert result.exit_code == 2, result.stderr
    assert not report.exists() and list(tmp_path.iterdir()) == [path], "nothing is written on error"


def test_the_installed_command_refuses_a_whole_corpus_in_one_line_per_problem(tmp_path: Path) -> None:
    """The real path: a fresh process, both cores, the corpus of two examples at once."""
    mutants = [
        *field_mutations(EXAMPLES / "pending-neutropenia.yaml"),
        *field_mutations(EXAMPLES / "unassessable-report.json"),
    ]
    assert len(mutants) > 400  # enough for the batch to go to both cores
    cases = tmp_path / "cases"
    write_all(cases, mutants)
    started = time.monotonic()
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("w") as stdout_file, err.open("w") as stderr_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "causality", "score", str(cases), "--format", "csv", "--jobs", "2"],
            stdout=stdout_file,
            stderr=stderr_file,
            cwd=ROOT,
        )
        # Its own peak memory and its workers' (the largest of them), as the kernel counted them.
        _, status, usage = os.wait4(child.pid, 0)
    stdout, stderr = out.read_text(), err.read_text()
    assert time.monotonic() - started < 60
    assert usage.ru_maxrss < 300 * 1024, f"peak memory {usage.ru_maxrss // 1024} MiB"
    assert os.waitstatus_to_exitcode(status) == 2, stderr[-2000:]
    assert stdout == ""
    assert "Traceback" not in stderr and "internal error" not in stderr
    lines = stderr.splitlines()
    assert len(lines) > len(mutants) // 2
    assert all(line.startswith(f"{cases}/") for line in lines)


# --- property test -----------------------------------------------------------------------------------


def _field_names() -> list[str]:
    names: set[str] = set(TOP_FIELDS)
    for part in (S.CASE, S.PAIR, S.FACTS, S.DRUG, S.REACTION, S.LABS, S.CONSEQUENCES, S.PATIENT):
        names.update(part.keys)
    return [*sorted(names), "q1", "q5", "q10", "answer", "reason", "use", "name", "term", "outcome"]


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "yes",
            "no",
            "unknown",
            "2024-01-31",
            "2024-02-30",
            "3 hours after dose",
            "amoxicillin",
            "rash",
            "probable",
            "certain",
            "add",
            "skip",
            "~",
            "null",
            "",
        ]
    ),
)


def _trees() -> st.SearchStrategy[Any]:
    return st.recursive(
        _SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.sampled_from(_field_names()) | st.text(max_size=8), inner, max_size=6),
        ),
        max_leaves=40,
    )


def _case_like() -> st.SearchStrategy[Any]:
    """Mostly mappings with the case's own field names, so that generated values reach deep validation."""
    pair = st.fixed_dictionaries(
        {"drug": st.just("d"), "reaction": st.just("r")},
        optional={
            k: _trees()
            for k in ("facts", "naranjo", "who_umc", "who_umc_override", "instruments", "notes", "george")
        },
    )
    full = st.fixed_dictionaries(
        {"case_id": _SCALARS},
        optional={
            "patient": _trees(),
            "suspect_drugs": st.lists(st.one_of(st.just("d"), _trees()), max_size=3),
            "reactions": st.lists(st.one_of(st.just({"term": "r"}), _trees()), max_size=3),
            "assessments": st.lists(st.one_of(pair, _trees()), max_size=3),
            "reporter": _trees(),
        },
    )
    shorthand = st.fixed_dictionaries(
        {"case_id": _SCALARS, "drug": _SCALARS, "reaction": _SCALARS},
        optional={"naranjo": _trees(), "who_umc": _trees(), "facts": _trees()},
    )
    return st.one_of(full, shorthand, pair.map(lambda p: {"case_id": "P", **p}), _trees())


def _as_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _check_one(path: Path) -> None:
    started = time.monotonic()
    result = invoke("score", str(path), "--format", "json")
    assert time.monotonic() - started < 5
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr[-1000:], path.read_text()[:500])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 0:
        assert json.loads(result.stdout) and result.stderr == ""
    else:
        problems_by_file(result, path.parent)
    # The report reads the file the same way: the same verdict, and nothing written when refused.
    target = path.parent / "report.md"
    report = invoke("report", str(path), "-o", str(target))
    assert report.exit_code == result.exit_code, (report.exit_code, report.stderr[-1000:])
    assert "Traceback" not in report.stderr and "internal error" not in report.stderr
    assert target.exists() == (result.exit_code == 0)


_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(data=_case_like(), as_json=st.booleans())
def test_no_case_shaped_input_makes_score_or_report_fail(
    tmp_path_factory: pytest.TempPathFactory, data: Any, as_json: bool
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    if as_json:
        path, text = folder / "case.json", json.dumps(data, ensure_ascii=False, allow_nan=True)
    else:
        path, text = folder / "case.yaml", _as_yaml(data)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check_one(path)


@_SETTINGS
@given(
    text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    suffix=st.sampled_from([".yaml", ".json"]),
)
def test_no_text_makes_score_or_report_fail(
    tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("text") / f"case{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check_one(path)
