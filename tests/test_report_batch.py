"""`causality report PATH... -o DIR/`: one report per case, named after its case_id, written atomically;
nothing replaced without --force; a bad file is one line and the others are still written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from causality.cli import cli
from causality.report import render as R
from tests.conftest import EXAMPLES
from tests.test_report import weasyprint_or_skip

ALEM = (EXAMPLES / "alemtuzumab.yaml").read_text(encoding="utf-8")


def case_text(case_id: str) -> str:
    return re.sub(r"(?m)^case_id: .*$", f"case_id: {case_id!r}", ALEM)


def cases(folder: Path, *ids: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, case_id in enumerate(ids):
        (folder / f"case{n}.yaml").write_text(case_text(case_id), encoding="utf-8")
    return folder


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_one_report_per_case_named_after_its_case_id(tmp_path: Path) -> None:
    folder = cases(tmp_path / "in", "A-1", "B-2", "C-3")
    code, out, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/")
    assert (code, err) == (0, "")
    assert out == f"Wrote 3 reports to {tmp_path / 'out'}/\n"
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["A-1.html", "B-2.html", "C-3.html"]  # HTML unless --format says otherwise
    for name in written:
        html = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert f"Case <strong>{name.removesuffix('.html')}</strong>" in html
        assert (tmp_path / "out" / name).stat().st_mode & 0o077 == 0  # readable by the user only


def test_several_files_and_a_format(tmp_path: Path) -> None:
    folder = cases(tmp_path / "in", "A-1", "B-2")
    out = tmp_path / "out"
    out.mkdir()  # an existing folder needs no trailing slash
    code, _, err = invoke("report", str(folder / "case0.yaml"), str(folder / "case1.yaml"), "-o", str(out),
                          "--format", "md")  # fmt: skip
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["A-1.md", "B-2.md"]
    assert (out / "B-2.md").read_text(encoding="utf-8").startswith("# Adverse drug reaction")


def test_an_existing_report_is_kept_without_force(tmp_path: Path) -> None:
    folder = cases(tmp_path / "in", "A-1", "B-2")
    out = tmp_path / "out"
    out.mkdir()
    (out / "A-1.html").write_text("mine", encoding="utf-8")
    code, stdout, err = invoke("report", str(folder), "-o", str(out))
    assert code == 1 and stdout == ""
    assert err.splitlines() == [
        f"{folder / 'case0.yaml'}: will not replace {out / 'A-1.html'}: it exists (add --force to replace it)",
        f"causality report: 1 of 2 reports written to {out}; 1 problem above",
    ]
    assert (out / "A-1.html").read_text(encoding="utf-8") == "mine"
    assert (out / "B-2.html").exists()
    code, _, err = invoke("report", str(folder), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert "Case <strong>A-1</strong>" in (out / "A-1.html").read_text(encoding="utf-8")


def test_a_bad_file_is_one_line_and_the_others_are_written(tmp_path: Path) -> None:
    folder = cases(tmp_path / "in", "A-1", "B-2")
    (folder / "case1.yaml").write_text(case_text("B-2").replace("age: 58", "age: 580"), encoding="utf-8")
    (folder / "notes.yaml").write_text("- just a list\n", encoding="utf-8")
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"{folder / 'case1.yaml'}: patient.age: 580 is out of range (allowed: 0 to 130)"
    assert lines[1].startswith(f"{folder / 'notes.yaml'}: (top level): must be a mapping")
    assert lines[2] == f"causality report: 1 of 3 reports written to {tmp_path / 'out'}/; 2 problems above"
    assert len(lines) == 3
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["A-1.html"]


def test_two_files_of_one_case_id_do_not_overwrite_each_other(tmp_path: Path) -> None:
    """Several assessors' files of one case share its case_id: the second report is named after its file too
    (on a folder that ignores case, A-1 and a-1 are one name)."""
    folder = cases(tmp_path / "in", "A-1", "a-1")
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/")
    assert (code, err) == (0, "")
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["A-1.html", "a-1-case1.html"]
    for name, case_id in zip(written, ("A-1", "a-1"), strict=True):
        assert f"Case <strong>{case_id}</strong>" in (tmp_path / "out" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("case_id", "name"),
    [
        ("../../etc/passwd", "_.._etc_passwd.html"),
        (".hidden", "hidden.html"),
        ("PV 2024/17", "PV_2024_17.html"),
        ("...", "case.html"),
    ],
)
def test_a_case_id_cannot_name_a_file_outside_the_folder(tmp_path: Path, case_id: str, name: str) -> None:
    folder = cases(tmp_path / "in", case_id)
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/")
    assert (code, err) == (0, "")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [name]


def test_usage_errors(tmp_path: Path) -> None:
    folder = cases(tmp_path / "in", "A-1", "B-2")
    code, _, err = invoke("report", str(folder))
    assert code == 2 and err == (
        "causality report: several case files or a folder need -o FOLDER/ (one report per case, named after "
        "its case_id)\n"
    )
    code, _, err = invoke("report", str(folder), "-o", str(tmp_path / "r.html"))
    assert code == 2 and "need -o FOLDER/" in err
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'no' / 'such'}/")
    assert code == 2 and err == (
        f"causality report: cannot write into {tmp_path / 'no' / 'such'}/: the folder {tmp_path / 'no'} does "
        "not exist\n"
    )
    assert not (tmp_path / "no").exists()


def test_one_template_environment_for_the_whole_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = R._environment

    def counting(fmt: str, template_dir: str | None) -> object:
        built.append(fmt)
        return original(fmt, template_dir)

    monkeypatch.setattr(R, "_environment", counting)
    folder = cases(tmp_path / "in", "A-1", "B-2", "C-3", "D-4")
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/", "--format", "txt")
    assert (code, err) == (0, "")
    assert built == ["txt"]
    assert len(list((tmp_path / "out").iterdir())) == 4


def test_a_batch_of_pdfs_shares_one_font_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weasyprint_or_skip()
    from pypdf import PdfReader
    from weasyprint.text import fonts

    made: list[object] = []
    original = fonts.FontConfiguration

    class Counting(original):  # type: ignore[misc,valid-type]
        def __init__(self) -> None:
            made.append(self)
            super().__init__()

    monkeypatch.setattr(fonts, "FontConfiguration", Counting)
    folder = cases(tmp_path / "in", "A-1", "B-2")
    code, _, err = invoke("report", str(folder), "-o", f"{tmp_path / 'out'}/", "--format", "pdf")
    assert (code, err) == (0, "")
    assert len(made) == 1
    for case_id in ("A-1", "B-2"):
        text = PdfReader(str(tmp_path / "out" / f"{case_id}.pdf")).pages[0].extract_text()
        assert f"Case {case_id}" in text
