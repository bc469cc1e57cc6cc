"""`causality report FILE --template cioms`: the CIOMS I form, filled from the case, HTML and PDF."""

from __future__ import annotations

import html
import re
from pathlib import Path

from click.testing import CliRunner

from causality.cli import cli
from tests.conftest import EXAMPLES
from tests.test_report import weasyprint_or_skip


def report(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def boxes(page: str) -> dict[str, str]:
    """Each box of the form by its label: the text that follows the label up to the end of its cell."""
    out = {}
    for label, body in re.findall(r'<span class="box">(.*?)</span>(.*?)</td>', page, flags=re.S):
        out[html.unescape(label)] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return out


def test_the_sjs_case_fills_the_boxes_it_has_data_for(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    code, _, err = report(str(EXAMPLES / "lamotrigine-sjs.yaml"), "--template", "cioms", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    b = boxes(page)
    # The case file, by hand: 34 years, female, 61 kg; SJS from 2026-05-16 with hospitalisation and
    # life threatening; lamotrigine 50 mg daily by mouth for focal epilepsy from 2026-05-01 to 2026-05-16.
    assert b["1. Patient initials"] == "withheld (privacy)"
    assert (b["2a. Age"], b["3. Sex"], b["3a. Weight"]) == ("34 years", "female", "61 kg")
    assert b["4\u20136. Reaction onset"] == "2026-05-16"
    checks = b["8\u201312. Check all appropriate to adverse reaction"]
    assert "☐ patient died" in checks and "☒ involved or prolonged inpatient hospitalisation" in checks
    assert "☒ life threatening" in checks
    suspects = [v for k, v in re.findall(r'<span class="box">(14\. [^<]*)</span>([^<]*)</td>', page)]
    assert suspects == ["lamotrigine", "paracetamol"]
    assert "50 mg daily" in page and "focal epilepsy (add-on)" in page and "2026-05-01 to 2026-05-16" in page
    assert b[
        "22. Concomitant drug(s) and dates of administration (exclude those used to treat reaction)"
    ] == ("sodium valproate 500 mg twice daily (from 2025-01-10)")
    narrative = b["7 + 13. Describe reaction(s) (including relevant tests / lab data)"]
    assert "lamotrigine and Stevens-Johnson syndrome: Naranjo 4 (Possible); WHO-UMC Possible" in narrative
    assert "ALDEN: score 6, Very probable" in narrative
    # Box 24: one row per drug and reaction, the assessor's WHO-UMC category where they recorded one.
    table = page.split("24. Causality assessment", 1)[1]
    rows = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split())
        for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert rows[1].startswith("lamotrigine \u00d7 Stevens-Johnson syndrome 4, Possible Possible")
    assert rows[2].startswith(
        "paracetamol \u00d7 Stevens-Johnson syndrome 4, Possible Unlikely (assessor's category"
    )
    assert "Content-Security-Policy" in page


def test_what_is_typed_is_escaped_in_the_form(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write("x.yaml", "case_id: X\ndrug: '<script>alert(1)</script>'\nreaction: rash\n")
    out = tmp_path / "x.html"
    code, _, err = report(str(path), "--template", "cioms", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_form_is_html_or_pdf_and_one_case_at_a_time(tmp_path: Path) -> None:
    code, _, err = report(str(EXAMPLES / "alemtuzumab.yaml"), "--template", "cioms", "--format", "md")
    assert code == 2
    assert err == "causality report: the cioms form is HTML or PDF: give -o FILE.pdf or -o FILE.html\n"
    code, _, err = report(str(EXAMPLES), "--template", "cioms", "-o", f"{tmp_path}/")
    assert code == 2
    assert err == "causality report: the cioms form is written for one case file at a time\n"


def test_the_pdf_form(tmp_path: Path) -> None:
    weasyprint_or_skip()
    from pypdf import PdfReader

    out = tmp_path / "form.pdf"
    code, _, err = report(str(EXAMPLES / "alemtuzumab.yaml"), "--template", "cioms", "-o", str(out))
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "CIOMS FORM" in text
    assert "alemtuzumab and generalized petechiae: Naranjo 7 (Probable); WHO-UMC Probable / Likely" in text
    assert "withheld (privacy)" in text and "58 years" in text


def test_each_assessment_is_credited_to_its_own_assessor_and_the_final_one_marked(tmp_path: Path) -> None:
    """A case holding Ann's and Bo's assessments and Cy's adjudication (examples/agreement/ in one file):
    box 24 names each row's own assessor and marks Cy's as the final result."""
    import yaml

    from tests.helpers import agreement_in_one_file

    one = agreement_in_one_file()
    case = tmp_path / "all.yaml"
    case.write_text(yaml.safe_dump(one, sort_keys=False), encoding="utf-8")
    out = tmp_path / "form.html"
    code, _, err = report(str(case), "--template", "cioms", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    table = page[page.index("24. Causality assessment") :]
    rows = re.findall(
        r"<tr><td>(.*?)</td>.*?<td>([^<]*)(<br><strong>final result</strong>)?</td></tr>", table, re.S
    )
    found = [(html.unescape(pair).split()[-1], who, bool(final)) for pair, who, final in rows]
    assert found == [
        ("petechiae", "Ann Lee, clinical pharmacist", False),
        ("epistaxis", "Ann Lee, clinical pharmacist", False),
        ("petechiae", "Bo Chen, physician", False),
        ("epistaxis", "Bo Chen, physician", False),
        ("petechiae", "Cy Dias, senior physician", True),
    ]
    assert "Example Assessor" not in page
