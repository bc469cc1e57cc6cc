"""Every table and every line of a PDF report stays inside the page's right margin, so nothing is clipped
when it is printed. Positions are those of the characters, rectangles and rules on the PDF's pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from causality.assessment import assess_case
from causality.casefile import load_cases
from causality.report.render import render
from tests.conftest import EXAMPLE_FILES, ROOT
from tests.test_report import NOW, weasyprint_or_skip

MM = 72 / 25.4  # points per millimetre
TOLERANCE = 0.5  # points: rounding of glyph widths and half a rule's width


def right_margin() -> float:
    """The right margin the stylesheet asks for, in points (``margin: top right bottom left`` of @page)."""
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    page = css[css.index("@page") :]
    _top, right, *_ = re.search(r"margin:\s*([^;]+);", page).group(1).split()  # type: ignore[union-attr]
    assert right.endswith("mm"), right
    return float(right[:-2]) * MM


def overflows(pdf: Path) -> list[str]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            edge = float(page.width) - right_margin() + TOLERANCE
            for word in page.extract_words():
                if word["x1"] > edge:
                    out.append(f"page {number}: '{word['text']}' ends at {word['x1']:.1f} pt > {edge:.1f}")
            for shape in (*page.rects, *page.lines):
                if shape["x1"] > edge:
                    out.append(f"page {number}: a table rule ends at {shape['x1']:.1f} pt > {edge:.1f}")
    return out


def test_the_margin_is_read_from_the_stylesheet() -> None:
    assert 5 * MM < right_margin() < 30 * MM


CASES = [pytest.param(p, "a4", id=f"{p.stem}-a4") for p in EXAMPLE_FILES] + [
    pytest.param(p, "letter", id=f"{p.stem}-letter") for p in EXAMPLE_FILES if p.stem == "alemtuzumab"
]


@pytest.mark.parametrize(("path", "paper"), CASES)
def test_nothing_passes_the_right_margin(path: Path, paper: str, tmp_path: Path) -> None:
    weasyprint_or_skip()
    (case,) = load_cases([str(path)])
    target = tmp_path / "r.pdf"
    target.write_bytes(bytes(render(case, assess_case(case), "pdf", paper=paper, now=NOW)))
    assert overflows(target) == []


def test_the_check_finds_a_table_that_is_too_wide(tmp_path: Path) -> None:
    """The check itself can fail: a template whose table is wider than the page is caught."""
    weasyprint_or_skip()
    own = tmp_path / "templates"
    own.mkdir()
    (own / "report.html.j2").write_text(
        '{% extends "default:report.html.j2" %}{% block style %}table.naranjo { width: 120%; }{% endblock %}',
        encoding="utf-8",
    )
    (case,) = load_cases([str(EXAMPLE_FILES[0])])
    target = tmp_path / "r.pdf"
    pdf = render(case, assess_case(case), "pdf", template_dir=str(own), now=NOW)
    target.write_bytes(bytes(pdf))
    assert overflows(target)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_seed_case_prints_on_two_pages(paper: str, tmp_path: Path) -> None:
    """Two pairs, six instruments each, the signature block and the sources: two sheets to sign and file."""
    weasyprint_or_skip()
    import pdfplumber

    (case,) = load_cases([str(ROOT / "examples" / "alemtuzumab.yaml")])
    target = tmp_path / "r.pdf"
    target.write_bytes(bytes(render(case, assess_case(case), "pdf", paper=paper, now=NOW)))
    with pdfplumber.open(str(target)) as doc:
        assert len(doc.pages) == 2
        last = doc.pages[-1].extract_text()
    assert "Signature" in last and "Sources and limits" in last
