"""Attacks on `causality report`: overwriting cases, templates that reach outside or never end, Markdown
injection and invisible characters. Every expectation is written out by hand."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from causality.assessment import assess_case
from causality.casefile import read_case
from causality.cli import cli
from causality.errors import TemplateProblem
from causality.model import Case
from causality.report import render as R
from causality.report.render import render
from tests.conftest import EXAMPLES
from tests.test_report import NOW, weasyprint_or_skip

EXAMPLE = EXAMPLES / "alemtuzumab.yaml"
CASE_TEXT = "case_id: C-1\ndrug: amoxicillin\nreaction: rash\nnaranjo: {q1: 'yes'}\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def case_of(data: dict[str, Any]) -> Case:
    case, problems = read_case("hostile.yaml", data)
    assert case is not None and not problems, [str(p) for p in problems]
    return case


# --- never overwrite a case --------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--force"]])
def test_the_case_file_is_never_overwritten_by_its_report(tmp_path: Path, extra: list[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    code, out, err = run("report", str(case), "-o", str(case), "--format", "txt", *extra)
    assert code == 2 and out == ""
    assert err == (
        f"causality report: will not write the report over {case}: it is the case file being reported "
        "(choose another -o)\n"
    )
    assert case.read_text(encoding="utf-8") == CASE_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]  # no temporary file left


def test_a_link_to_the_case_file_is_the_case_file(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    (tmp_path / "report.txt").symlink_to(case)
    code, _, err = run("report", str(case), "-o", str(tmp_path / "report.txt"), "--force")
    assert code == 2 and "it is the case file being reported" in err
    assert case.read_text(encoding="utf-8") == CASE_TEXT and (tmp_path / "report.txt").is_symlink()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("other.yaml", "case_id: OTHER\ndrug: warfarin\nreaction: bleeding\n"),
        ("other.json", '{"case_id": "J", "suspect_drugs": [], "reactions": [], "assessments": []}'),
        ("draft.yml", "case_id: HALF\ndrug: warfarin\nreaction: bleeding\nnaranjo: {q1: maybe}\n"),  # invalid
    ],
)
def test_another_case_file_needs_force(tmp_path: Path, name: str, text: str) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE_TEXT, encoding="utf-8")
    other = tmp_path / name
    other.write_text(text, encoding="utf-8")
    code, _, err = run("report", str(case), "-o", str(other), "--format", "txt")
    assert code == 2
    assert err == (
        f"causality report: will not write the report over {other}: it is a case file "
        "(choose another -o, or add --force to replace it)\n"
    )
    assert other.read_text(encoding="utf-8") == text
    code, _, err = run("report", str(case), "-o", str(other), "--format", "txt", "--force")
    assert code == 0, err
    assert other.read_text(encoding="utf-8").startswith("ADVERSE DRUG REACTION CAUSALITY ASSESSMENT")


def test_an_earlier_report_is_replaced_without_asking(tmp_path: Path) -> None:
    old = tmp_path / "r.md"
    old.write_text("# an earlier report\n", encoding="utf-8")
    code, _, err = run("report", str(EXAMPLE), "-o", str(old))
    assert code == 0, err
    assert old.read_text(encoding="utf-8").startswith("# Adverse drug reaction causality assessment")


def test_a_template_is_never_overwritten(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    own = templates / "report.txt.j2"
    own.write_text("Case {{ r.case_id }}\n", encoding="utf-8")
    args = ("report", str(EXAMPLE), "-o", str(own), "--format", "txt", "--template-dir", str(templates))
    code, _, err = run(*args, "--force")
    assert code == 2 and "it is one of the report templates" in err
    assert own.read_text(encoding="utf-8") == "Case {{ r.case_id }}\n"


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    target = tmp_path / "notes" / "r.md"
    code, _, err = run("report", str(EXAMPLE), "-o", str(target))
    assert code == 2
    folder = tmp_path / "notes"
    assert (
        err
        == f"causality report: cannot write {target}: {folder} is a file, not a folder (choose an existing folder)\n"
    )


# --- templates that never end or fail ---------------------------------------------------------------


def own_template(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


def report_with(template_dir: str, fmt: str = "txt") -> str | bytes:
    from causality.casefile import load_cases

    (case,) = load_cases([str(EXAMPLE)])
    return render(case, assess_case(case), fmt, now=NOW, template_dir=template_dir)


def test_nested_loops_stop_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(R, "TIME_LIMIT", 1.0)
    folder = own_template(
        tmp_path,
        "report.txt.j2",
        "Case {{ r.case_id }}\n{% for i in range(10000) %}{% for j in range(10000) %}"
        "{% if i == j == 9999 %}{{ i }}{% endif %}{% endfor %}{% endfor %}\n",
    )
    with pytest.raises(TemplateProblem) as caught:
        report_with(folder)
    message = str(caught.value)
    assert f"{folder}/report.txt.j2, line 2" in message
    assert "still running after 1 seconds, the limit for a report; was stopped" in message


def test_one_endless_operation_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 ** (10 ** 8) is one power inside the interpreter, which no timer interrupts. (Jinja2's ** groups
    # from the left: without the brackets it would be (10 ** 10) ** 8, done at once.)
    monkeypatch.setattr(R, "TIME_LIMIT", 1.0)
    folder = own_template(tmp_path, "report.txt.j2", "{% set n = 10 ** (10 ** 8) %}done\n")
    with pytest.raises(TemplateProblem) as caught:
        report_with(folder)
    assert str(caught.value) == (
        f"report template {folder}/report.txt.j2: still running after 1 seconds, the limit for a report; was "
        "stopped (a loop or a number too large?)"
    )


def test_output_size_limit(tmp_path: Path) -> None:
    folder = own_template(
        tmp_path, "report.txt.j2", "{% for i in range(60000) %}{{ '0123456789' * 10 }}{% endfor %}"
    )
    with pytest.raises(TemplateProblem, match=r"report\.txt\.j2: the report grew past 5 million characters"):
        report_with(folder)


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        (
            "Case {{ r.case_id }}\n{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n",
            2,
            "calls itself too deeply",
        ),
        ("Case {{ r.case_id }}\n\n{{ 2.0 ** 100000 }}\n", 3, "computes a number too large"),
        ("Case {{ r.case_id }}\n\n\n{{ 'x' * 2 ** 46 }}\n", 4, "needs more memory than a report may use"),
    ],
)
def test_errors_name_template_and_line(tmp_path: Path, body: str, line: int, what: str) -> None:
    folder = own_template(tmp_path, "report.txt.j2", body)
    with pytest.raises(TemplateProblem) as caught:
        report_with(folder)
    message = str(caught.value)
    assert message.startswith(f"report template {folder}/report.txt.j2, line {line}: {what}"), message


def test_template_error_through_the_command_is_one_line(tmp_path: Path) -> None:
    folder = own_template(
        tmp_path, "report.txt.j2", "A\n{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n"
    )
    code, out, err = run("report", str(EXAMPLE), "--template-dir", folder, "-o", str(tmp_path / "r.txt"))
    assert (code, out) == (1, "")
    assert err == (
        f"report template {folder}/report.txt.j2, line 2: calls itself too deeply "
        "(a macro or include without an end?)\n"
    )
    assert not (tmp_path / "r.txt").exists()


# --- PDF templates that reach outside ---------------------------------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 (ephemeral port) that records every request; stopped by the test."""
    seen: list[str] = []
    handler = type("Handler", (Recorder,), {"seen": seen, "timeout": 5})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def attack_template(tmp_path: Path, head: str = "", body: str = "", style: str = "") -> str:
    return own_template(
        tmp_path,
        "report.html.j2",
        '{% extends "default:report.html.j2" %}'
        f"{{% block style %}}{style}{{% endblock %}}"
        f"{{% block header %}}{head}{{{{ super() }}}}{body}{{% endblock %}}",
    )


ATTACKS = {
    "attachment of the password file": (
        '<link rel="attachment" href="file:///etc/passwd">',
        "file:///etc/passwd",
    ),
    "image from the password file": ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
    "image through a relative path": ('<img src="../../../../../../../../etc/passwd">', "file:///etc/passwd"),
    "image in a data: URL": (
        '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">',
        "data:image/svg+xml",
    ),
    "attachment through an anchor": (
        '<a rel="attachment" href="file:///etc/hostname">x</a>',
        "file:///etc/hostname",
    ),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_pdf_templates_cannot_read_other_files(tmp_path: Path, attack: str) -> None:
    weasyprint_or_skip()
    markup, url = ATTACKS[attack]
    folder = attack_template(tmp_path, body=markup)
    out = tmp_path / "r.pdf"
    code, _, err = run("report", str(EXAMPLE), "--template-dir", folder, "-o", str(out))
    assert code == 1, err
    assert err.startswith(f"report template {folder}/report.html.j2: refers to {url}")
    assert "a PDF report may use only files in" in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_a_link_inside_the_template_folder_to_elsewhere_is_refused(tmp_path: Path) -> None:
    weasyprint_or_skip()
    folder = attack_template(tmp_path, body='<img src="logo.png">')
    (Path(folder) / "logo.png").symlink_to("/etc/passwd")
    with pytest.raises(TemplateProblem, match=r"refers to file://.*/templates/logo\.png"):
        report_with(folder, "pdf")


@pytest.mark.parametrize(
    "where",
    ["css @import", "image", "stylesheet link", "font"],
)
def test_pdf_templates_fetch_nothing_from_the_network(
    tmp_path: Path, local_server: tuple[int, list[str]], where: str
) -> None:
    weasyprint_or_skip()
    port, seen = local_server
    base = f"http://127.0.0.1:{port}"
    folder = {
        "css @import": lambda: attack_template(tmp_path, head=f"<style>@import url({base}/x.css);</style>"),
        "image": lambda: attack_template(tmp_path, body=f'<img src="{base}/x.png">'),
        "stylesheet link": lambda: attack_template(
            tmp_path, head=f'<link rel="stylesheet" href="{base}/s.css">'
        ),
        "font": lambda: attack_template(
            tmp_path,
            style=f"@font-face {{ font-family: X; src: url({base}/f.woff); }} body {{ font-family: X }}",
        ),
    }[where]()
    out = tmp_path / "r.pdf"
    code, _, err = run("report", str(EXAMPLE), "--template-dir", folder, "-o", str(out))
    assert code == 1 and f"refers to {base}/" in err, err
    assert not out.exists()
    assert seen == []  # the server was asked for nothing


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1 x 1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def test_pdf_templates_may_use_their_own_files(tmp_path: Path) -> None:
    weasyprint_or_skip()
    from pypdf import PdfReader

    folder = attack_template(
        tmp_path, head='<link rel="attachment" href="protocol.txt">', body='<img src="logo.png" alt="logo">'
    )
    (Path(folder) / "logo.png").write_bytes(tiny_png())
    (Path(folder) / "protocol.txt").write_text("St Elsewhere PV protocol v2\n", encoding="utf-8")
    out = tmp_path / "r.pdf"
    code, _, err = run("report", str(EXAMPLE), "--template-dir", folder, "-o", str(out))
    assert code == 0, err
    assert PdfReader(str(out)).attachments == {"protocol.txt": [b"St Elsewhere PV protocol v2\n"]}


def test_the_builtin_pdf_has_no_attachments(tmp_path: Path) -> None:
    weasyprint_or_skip()
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    code, _, err = run("report", str(EXAMPLE), "-o", str(out))
    assert (code, err) == (0, "")
    assert PdfReader(str(out)).attachments == {}


# --- HTML loads nothing -----------------------------------------------------------------------------


class Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.fetching: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
        if any(k in a for k in ("src", "href")):
            self.fetching.append(tag)


POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def test_html_report_carries_a_policy_that_blocks_every_load(tmp_path: Path) -> None:
    html = str(report_with("", "html"))
    parser = Metas()
    parser.feed(html)
    assert parser.policies == [POLICY] and parser.fetching == []
    assert html.index("Content-Security-Policy") < html.index("<style>")  # in force before anything loads


def test_own_html_template_gets_the_policy_too(tmp_path: Path) -> None:
    folder = own_template(
        tmp_path, "report.html.j2", '<html><head><img src="http://127.0.0.1:9/x.png"></head></html>'
    )
    parser = Metas()
    html = str(report_with(folder, "html"))
    parser.feed(html)
    assert parser.policies == [POLICY]
    assert html.index("Content-Security-Policy") < html.index("<img")


# --- inert text -------------------------------------------------------------------------------------

INJECTIONS = [
    "_emphasis_",
    "__bold__",
    "*star* **stars**",
    "~~struck~~ ~one~",
    "`code`",
    "[link](http://127.0.0.1/x)",
    "![image](http://127.0.0.1/i.png)",
    "<http://127.0.0.1/auto>",
    "see http://127.0.0.1/bare and https://example.org/x",
    "www.example.com",
    "amoxicillin.de",
    "pv@example.org",
    "//example.org/x",
    "<b>raw</b><script>alert(1)</script>",
    "<!-- hidden -->",
    "&amp; &#60; &lt;",
    "# heading",
    "## closing ##",
    "- item",
    "+ item",
    "* item",
    "> quote",
    "1. numbered",
    "2) numbered",
    "---",
    "===",
    "a | b | c",
    r"back\slash \*x\*",
    "[^1] footnote",
    "[ref]: http://127.0.0.1/r",
    "- [x] task",
    "$x^2$",
    "trailing backslash\\",
]


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    # CommonMark with GitHub's extensions: tables, strike-through, bare links; plus task lists, footnotes.
    return str(MarkdownIt("gfm-like").use(tasklists_plugin).use(footnote_plugin).render(text))


class Blocks(HTMLParser):
    """Every element with its text, in order; tags inside a block are recorded as well."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.blocks: list[tuple[str, str]] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in {"img", "br", "hr", "input", "meta", "link"}:  # elements without an end tag
            self.open.append([tag, ""])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        name, text = self.open.pop()
        if self.open:
            self.open[-1][1] += text
        self.blocks.append((name, " ".join(text.split())))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][1] += data


def test_user_text_shows_literally_in_rendered_markdown_wherever_it_stands(tmp_path: Path) -> None:
    # A hospital's own Markdown template puts the names at the start of a line, in a list item, in a
    # heading and in a table cell: each must show as typed, and make no element of its own.
    folder = own_template(
        tmp_path,
        "report.md.j2",
        "{% for d in r.suspect_drugs %}\n{{ d.name }}\n\n- {{ d.name }}\n\n## {{ d.name }}\n\n"
        "| drug |\n|---|\n| {{ d.name }} |\n\n{% endfor %}\n",
    )
    case = case_of(
        {
            "case_id": "MD",
            "suspect_drugs": [{"name": text} for text in INJECTIONS],
            "reactions": [{"term": "rash"}],
            "assessments": [{"drug": INJECTIONS[0], "reaction": "rash"}],
        }
    )
    md = str(render(case, assess_case(case), "md", now=NOW, template_dir=folder))
    parser = Blocks()
    parser.feed(markdown_to_html(md))
    per_name = ["p", "li", "ul", "h2", "th", "tr", "thead", "td", "tr", "tbody", "table"]
    assert [tag for tag, _ in parser.blocks] == per_name * len(INJECTIONS)
    expected = [" ".join(text.split()) for text in INJECTIONS]
    for tag in ("p", "li", "h2", "td"):
        assert [text for t, text in parser.blocks if t == tag] == expected, tag


def test_user_text_is_literal_in_the_builtin_markdown_report() -> None:
    drug, finding, notes = INJECTIONS[5], " ".join(INJECTIONS[:5]), " ".join(INJECTIONS[7:16])
    case = case_of(
        {
            "case_id": "MD-2",
            "suspect_drugs": [{"name": drug, "dose": INJECTIONS[20]}],
            "reactions": [{"term": INJECTIONS[16]}],
            "notes": notes,
            "assessments": [
                {
                    "drug": drug,
                    "reaction": INJECTIONS[16],
                    "facts": {
                        "alternative_causes": [
                            {"cause": INJECTIONS[26], "status": "tested_excluded", "finding": finding}
                        ]
                    },
                }
            ],
        }
    )
    html = markdown_to_html(str(render(case, assess_case(case), "md", now=NOW)))
    parser = Blocks()
    parser.feed(html)
    text = " ".join(" ".join(t for _, t in parser.blocks if _ in {"p", "td", "h2", "li"}).split())
    for typed in (drug, finding, " ".join(notes.split()), INJECTIONS[16], INJECTIONS[20], INJECTIONS[26]):
        assert " ".join(typed.split()) in text, typed
    assert not {"a", "em", "s", "del", "code", "img", "script", "b", "pre", "hr", "ol"} & set(parser.tags)
    assert parser.tags.count("h1") == 1  # the report's title only


INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c", "\x1b"]  # fmt: skip


def bidi_case() -> Case:
    drug = "ami\u202eenorado"  # displays as "amiodarone" reversed after the override
    return case_of(
        {
            "case_id": "B\u200bIDI",
            "suspect_drugs": [{"name": drug}],
            "reactions": [{"term": "ra\u2066sh\u2069"}],
            "notes": "".join(f"n{c}" for c in INVISIBLE),
            "assessments": [{"drug": drug, "reaction": "ra\u2066sh\u2069"}],
        }
    )


WARNING = "invisible formatting characters, which can make a name display reversed or hidden"


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_invisible_characters_are_replaced_and_flagged(fmt: str) -> None:
    case = bidi_case()
    text = str(render(case, assess_case(case), fmt, now=NOW))
    assert not set(INVISIBLE) & set(text)
    assert "ami\ufffdenorado" in text and "B\ufffdIDI" in text
    flat = " ".join(text.split())  # the text report wraps lines
    assert flat.count(WARNING) == 1  # one pair, one warning


def test_invisible_characters_are_replaced_in_pdf(tmp_path: Path) -> None:
    weasyprint_or_skip()
    from io import BytesIO

    from pypdf import PdfReader

    case = bidi_case()
    pdf = render(case, assess_case(case), "pdf", now=NOW)
    assert isinstance(pdf, bytes)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert not set(INVISIBLE) & set(text)
    assert "ami\ufffdenorado" in text
    assert re.search(r"invisible\s+formatting\s+characters", text)


def test_txt_report_on_a_terminal_carries_no_escape_sequence(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(
        '{"case_id": "E", "drug": "d\\u001b[2J", "reaction": "r", "notes": "x\\u001b]0;title\\u0007"}',
        encoding="utf-8",
    )
    code, out, err = run("report", str(case))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "d\ufffd[2J" in out
