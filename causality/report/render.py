"""Rendering a report in any format through one interface: ``render(case, results, fmt) -> str | bytes``.

Templates come from the package's ``templates/`` folder; ``template_dir`` (a hospital's own) is searched
first, and a template there can extend a built-in one as ``default:NAME``. Every template runs in Jinja2's
sandbox with strict undefined variables. HTML is autoescaped; Markdown escapes what a user typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from causality.assessment import PairResult
from causality.errors import CausalityError, PdfUnavailable, TemplateProblem, UsageError
from causality.model import Case

FORMATS = ("html", "pdf", "md", "txt")
TEMPLATES = {"html": "report.html.j2", "pdf": "report.html.j2", "md": "report.md.j2", "txt": "report.txt.j2"}
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".txt": "txt"}
PAPERS = {"a4": "A4", "letter": "letter"}


# What can change meaning in Markdown: code, emphasis, links and table cells. Other punctuation stays
# readable in the raw text that e-mail and records systems show.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")


def md_escape(value: Any) -> str:
    """Text a user typed, made inert in Markdown: no emphasis, links, tables or raw HTML."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def css_string(value: Any) -> Any:
    """A CSS string literal for the page margins: every character but ASCII letters, digits and spaces is
    escaped, so the result is safe inside <style> as it is (HTML escaping would break it there)."""
    from markupsafe import Markup

    text = "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x}" for c in str(value))
    return Markup('"' + text + '"')  # noqa: S704 - nothing but [A-Za-z0-9 ] and escapes is left


def _environment(fmt: str, template_dir: str | None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from causality.paths import templates_dir

    builtin = FileSystemLoader(str(templates_dir()))
    loaders: list[Any] = [FileSystemLoader(template_dir)] if template_dir else []
    loader = ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin}, delimiter=":")])
    env = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=fmt in {"html", "pdf"},  # by format, not by suffix: select_autoescape misses .html.j2
        finalize=md_escape if fmt == "md" else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["signed"] = lambda n: f"{n:+d}" if n else "0"
    return env


def _template_error(exc: Exception) -> TemplateProblem:
    """Name the template and line, from the exception or from the template's frame in the traceback."""
    name, line = getattr(exc, "name", None) or getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    where = f"{name}, line {line}" if name else "a template"
    return TemplateProblem(f"report template {where}: {exc}")


def render_text(case: Case, results: list[PairResult], fmt: str, *, paper: str = "a4",
                template_dir: str | None = None, now: Any = None) -> str:  # fmt: skip
    from jinja2 import TemplateError

    from causality.report.view import build

    view = build(case, results, now=now, paper=PAPERS[paper])
    env = _environment(fmt, template_dir)
    try:
        text = env.get_template(TEMPLATES[fmt]).render(r=view)
    except TemplateError as exc:
        raise _template_error(exc) from exc
    if fmt == "txt":
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    return str(text)


def render(case: Case, results: list[PairResult], fmt: str, *, paper: str = "a4",
           template_dir: str | None = None, now: Any = None) -> str | bytes:  # fmt: skip
    if fmt != "pdf":
        return render_text(case, results, fmt, paper=paper, template_dir=template_dir, now=now)
    html = render_text(case, results, "pdf", paper=paper, template_dir=template_dir, now=now)
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "causality report: PDF needs WeasyPrint and the Pango library: pip install 'adr-causality[pdf]' "
            "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0); "
            f"or write HTML and print it from a browser. ({exc.__class__.__name__}: {str(exc)[:120]})"
        ) from exc
    document: bytes = weasyprint.HTML(string=html, base_url=str(Path.cwd())).write_pdf()
    return document


def format_for(output: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output is None:
        return "txt"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"causality report: cannot tell the format from '{output}' (allowed suffixes: "
            f"{', '.join(SUFFIXES)}); give --format"
        )
    return SUFFIXES[suffix]


_CASE_KEYS = {"case_id", "drug", "reaction", "suspect_drugs", "reactions", "assessments"}


def _holds_a_case(path: Path) -> bool:
    """A YAML or JSON file with the fields of a case (valid or not: a half-written case is still one)."""
    from causality.casefile import parse_text

    try:
        if path.stat().st_size > 10_000_000:
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    data, problems = parse_text(str(path), text)
    return not problems and isinstance(data, dict) and bool(_CASE_KEYS & set(map(str, data)))


def check_output(
    case_file: str, output: str, template_dir: str | None = None, *, force: bool = False
) -> None:
    """Refuse, before anything is rendered, an output that would destroy an input or a case file, or that
    cannot be written where asked."""
    target = Path(output)
    folder = target.parent
    if not folder.is_dir():
        why = (
            f"{folder} is a file, not a folder" if folder.exists() else f"the folder {folder} does not exist"
        )
        raise UsageError(f"causality report: cannot write {output}: {why} (choose an existing folder)")
    if not target.exists():
        return
    inputs = [Path(case_file)]
    if template_dir:
        inputs += [p for p in Path(template_dir).rglob("*") if p.is_file()]
    for source in inputs:
        try:
            same = source.exists() and target.samefile(source)
        except OSError:
            same = False
        if same:
            role = "the case file being reported" if source == inputs[0] else "one of the report templates"
            raise UsageError(
                f"causality report: will not write the report over {output}: it is {role} (choose another -o)"
            )
    if not force and _holds_a_case(target):
        raise UsageError(
            f"causality report: will not write the report over {output}: it is a case file "
            "(choose another -o, or add --force to replace it)"
        )


def write_report(case_file: str, output: str | None, fmt: str, *, paper: str = "a4",
                 template_dir: str | None = None, force: bool = False) -> None:  # fmt: skip
    """Score the case and write its report to ``output`` (atomically) or, for text formats, to stdout."""
    import sys

    from causality.assessment import assess_case
    from causality.atomic import write_atomic_bytes
    from causality.casefile import load_cases

    if output is None and fmt == "pdf":
        raise UsageError("causality report: a PDF needs a file: give -o FILE.pdf")
    if output is not None:
        check_output(case_file, output, template_dir, force=force)
    (case,) = load_cases([case_file])
    document = render(case, assess_case(case), fmt, paper=paper, template_dir=template_dir)
    if output is None:
        sys.stdout.write(str(document))
        return
    data = document if isinstance(document, bytes) else document.encode("utf-8")
    try:
        write_atomic_bytes(Path(output), data)
    except OSError as exc:
        raise CausalityError(f"causality report: cannot write {output}: {exc.strerror or exc}") from exc
