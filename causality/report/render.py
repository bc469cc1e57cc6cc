"""Rendering a report in any format through one interface: ``render(case, results, fmt) -> str | bytes``.

Templates come from the package's ``templates/`` folder; ``template_dir`` (a hospital's own) is searched
first, and a template there can extend a built-in one as ``default:NAME``. Every template runs in Jinja2's
sandbox with strict undefined variables, in a child process with a time, size and memory limit. HTML is
autoescaped; Markdown escapes what a user typed; invisible formatting characters are replaced in every
format. A PDF fetches nothing but the template folders' own files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from causality.assessment import PairResult
from causality.atomic import not_a_file
from causality.errors import (
    CausalityError,
    InterruptedOutput,
    PdfUnavailable,
    Problem,
    ReportsFailed,
    TemplateProblem,
    UsageError,
)
from causality.inert import MARKER, neutralise
from causality.model import Case
from causality.paths import case_file_name

if TYPE_CHECKING:
    from causality.report.view import ReportView

FORMATS = ("html", "pdf", "md", "txt")
TEMPLATES = {"html": "report.html.j2", "pdf": "report.html.j2", "md": "report.md.j2", "txt": "report.txt.j2"}
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".txt": "txt"}
PAPERS = {"a4": "A4", "letter": "letter"}
# Forms other than the assessment report (`causality report --template NAME`), HTML and PDF only.
FORMS = {"cioms": "cioms.html.j2"}

# A report is a few dozen kilobytes and renders in well under a second; these limits stop a template that
# loops for ever or grows without end. The README states them.
TIME_LIMIT = 5.0  # seconds
SIZE_LIMIT = 5_000_000  # characters of rendered report
MEMORY_LIMIT = 1 << 30  # bytes of address space the rendering may add
_GRACE = 2.0  # after the time limit, seconds before a template stuck in one long operation is killed

# Every HTML report carries this policy (templates/base.html.j2 spells it out), so a browser opening the
# file loads nothing from anywhere: the styles are inline, and there is nothing else to load.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# --- inert text -------------------------------------------------------------------------------------

# Escaped wherever it stands: backslash, code, emphasis, strike-through, links, table cells, headings and
# their closing #, maths on GitHub, and @ (e-mail autolinks and mentions). ( ) and ! mean something only
# after a bracket, which is escaped; other punctuation stays readable in the raw text.
_MD_ANYWHERE = r"[\\`*~\[\]|#$@]"
# _ cannot open or close emphasis between two letters or digits (snake_case stays as typed).
_MD_UNDERSCORE = r"(?<![^\W_])_|_(?![^\W_])"
# Bare URLs: "://" and "//" lose their meaning when a slash or the colon is escaped; a dot before two or
# more letters (a domain such as example.com, or www.) is escaped so that no linkifier sees a host name.
_MD_LINKS = r":(?=/)|(?<=/)/|(?<=[\w-])\.(?=[^\W\d_]{2})|(?i:(?<=\bwww))\."
_MD_INLINE = re.compile(f"{_MD_ANYWHERE}|{_MD_UNDERSCORE}|{_MD_LINKS}")
# At the start of a value that a template puts at the start of a line or of a list item: list markers,
# thematic breaks, setext underlines and ordered-list numbers. (# and > are escaped everywhere.)
_MD_LINE_START = re.compile(r"^(?:[-+=](?=\s|$|[-+=])|\d{1,9}(?=[.)](?:\s|$)))")


def md_escape(value: Any) -> str:
    """Text a user typed, made inert in Markdown (CommonMark and GitHub's extensions): it shows as typed,
    with no emphasis, links, autolinks, tables, headings, lists, quotes or raw HTML."""
    text = "" if value is None else str(value)
    text = " ".join(text.splitlines()).strip()  # leading spaces would make a code block
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)
    if m := _MD_LINE_START.match(text):
        end = m.end()
        text = text[:end] + "\\" + text[end:] if text[:1].isdigit() else "\\" + text
    return text


T = TypeVar("T")


def _neutralise_all(value: T, found: list[str]) -> T:
    """A copy of a view with every string neutralised; the changed strings are added to ``found``."""
    result: Any
    if isinstance(value, str):
        result = neutralise(value)
        if result != value:
            found.append(result)
    elif isinstance(value, list):
        result = [_neutralise_all(v, found) for v in value]
    elif isinstance(value, tuple):
        result = tuple(_neutralise_all(v, found) for v in value)
    elif isinstance(value, dict):
        result = {_neutralise_all(k, found): _neutralise_all(v, found) for k, v in value.items()}
    elif is_dataclass(value) and not isinstance(value, type):
        result = replace(
            value, **{f.name: _neutralise_all(getattr(value, f.name), found) for f in fields(value)}
        )
    else:
        result = value
    return result  # type: ignore[no-any-return]


def inert_view(view: ReportView) -> ReportView:
    """The view with invisible characters replaced, and a warning in every pair if there were any."""
    found: list[str] = []
    clean = _neutralise_all(view, found)
    if found:
        shown = list(dict.fromkeys(t if len(t) <= 60 else t[:57] + "..." for t in found))
        more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
        warning = (
            "some text in this case contained invisible formatting characters, which can make a name display "
            f"reversed or hidden; each is shown here as {MARKER}: "
            + "; ".join(f"'{t}'" for t in shown[:5])
            + more
        )
        for pair in clean.pairs:
            pair.warnings = [*pair.warnings, warning]
    return clean


def css_string(value: Any) -> Any:
    """A CSS string literal for the page margins: every character but ASCII letters, digits and spaces is
    escaped, so the result is safe inside <style> as it is (HTML escaping would break it there)."""
    from markupsafe import Markup

    text = "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x}" for c in str(value))
    return Markup('"' + text + '"')  # noqa: S704 - nothing but [A-Za-z0-9 ] and escapes is left


# --- templates --------------------------------------------------------------------------------------


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


def _top_template(fmt: str, template_dir: str | None, name: str | None = None) -> str:
    """The file the report starts from, to name it when the rendering stops without saying where."""
    from causality.paths import templates_dir

    name = name or TEMPLATES[fmt]
    if template_dir and (Path(template_dir) / name).is_file():
        return str(Path(template_dir) / name)
    return str(templates_dir() / name)


def _where(exc: BaseException) -> str | None:
    """The template and line an exception came from: from the exception or the template's frame."""
    name, line = getattr(exc, "name", None) or getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    if not name:
        return None
    return f"{name}, line {line}" if line else str(name)


def _template_error(exc: BaseException, top: str = "a template") -> TemplateProblem:
    kinds: dict[type[BaseException], str] = {
        MemoryError: "needs more memory than a report may use",
        RecursionError: "calls itself too deeply (a macro or include without an end?)",
        OverflowError: f"computes a number too large ({exc})",
    }
    what = kinds.get(type(exc), str(exc) or type(exc).__name__)
    return TemplateProblem(f"report template {_where(exc) or top}: {what}")


class _TimeUp(Exception):
    """Raised inside the template by the timer; an Exception so that Jinja2 maps it to a template line."""


def _load_template(fmt: str, template_dir: str | None, name: str | None = None) -> Any:
    """The report's template, compiled: a failure is a TemplateProblem naming the template."""
    try:
        return _environment(fmt, template_dir).get_template(name or TEMPLATES[fmt])
    except Exception as exc:  # a syntax error or a missing file, with its name and line
        raise _template_error(exc, _top_template(fmt, template_dir, name)) from exc


def _builtin_template(fmt: str, top: str | None = None) -> Any:
    """The built-in report template of ``fmt`` (or the form ``top``), compiled with every template it may
    include."""
    env = _environment(fmt, None)
    for name in env.list_templates(filter_func=lambda n: ":" not in n and n.endswith(".j2")):
        env.get_template(name)  # into the environment's cache, where a forked child finds it
    return env.get_template(top or TEMPLATES[fmt])


def _generate(template: Any, view: ReportView, top: str) -> str:
    """Render a compiled template; every failure is a TemplateProblem naming the template."""
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(r=view):
            size += len(chunk)
            if size > SIZE_LIMIT:
                raise TemplateProblem(
                    f"report template {top}: the report grew past {SIZE_LIMIT // 1_000_000} million characters, "
                    "the limit for a report; was stopped"
                )
            chunks.append(chunk)
    except TemplateProblem:
        raise
    except _TimeUp as exc:
        raise TemplateProblem(
            f"report template {_where(exc) or top}: still running after {TIME_LIMIT:g} seconds, the limit for "
            "a report; was stopped (a loop too large?)"
        ) from exc
    except Exception as exc:  # anything a template does wrong, with its name and line
        raise _template_error(exc, top) from exc
    return "".join(chunks)


def _limit_this_process() -> None:
    """In the child: a timer that interrupts the template, and a ceiling on the memory it may take."""
    import resource
    import signal

    def time_up(_signum: int, _frame: Any) -> None:
        raise _TimeUp

    signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C is the parent's to handle
    try:  # Linux: the address space in use now (first field of statm, in pages), plus the allowance
        used = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0]) * os.sysconf(
            "SC_PAGE_SIZE"
        )
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = used + MEMORY_LIMIT
        if hard == resource.RLIM_INFINITY or ceiling < hard:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (OSError, ValueError):
        pass  # elsewhere the time and size limits still hold


def _isolated(work: Callable[[], str], top: str) -> str:
    """Run ``work`` in a forked child with limits, and return its text or raise its TemplateProblem.

    A template can loop inside one long C operation (a huge power, a huge string) that no timer
    interrupts; a child can be killed, and its memory goes with it. Where there is no fork, run here.
    """
    if not hasattr(os, "fork"):
        return work()
    import select
    import signal
    import time

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send back "T" + text or "E" + message, and leave without cleanup
        os.close(read_fd)
        try:
            _limit_this_process()
            try:
                payload = b"T" + work().encode("utf-8", "surrogatepass")
            except TemplateProblem as exc:
                payload = b"E" + str(exc).encode("utf-8", "replace")
            except (
                BaseException
            ) as exc:  # the parent reports it: a child must never unwind into pytest or click
                payload = b"E" + str(_template_error(exc, top)).encode("utf-8", "replace")
            signal.setitimer(signal.ITIMER_REAL, 0)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    data = bytearray()
    stopped: str | None = None
    finished = False
    try:
        deadline = time.monotonic() + TIME_LIMIT + _GRACE
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while not finished:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    stopped = (
                        f"still running after {TIME_LIMIT:g} seconds, the limit for a report; was stopped "
                        "(a loop or a number too large?)"
                    )
                    break
                if select.select([pipe], [], [], remaining)[0]:
                    chunk = pipe.read(1 << 16)
                    finished = not chunk
                    data += chunk
    finally:
        if not finished:  # timed out, or Ctrl-C here: the child must not outlive the command
            os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
    if stopped is None and not data:
        how = f"signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else "no output"
        stopped = f"stopped unexpectedly ({how}); it may need more memory than a report may use"
    if stopped is not None:
        raise TemplateProblem(f"report template {top}: {stopped}")
    kind, body = bytes(data[:1]), bytes(data[1:]).decode("utf-8", "surrogatepass")
    if kind != b"T":
        raise TemplateProblem(body)
    return body


def _add_csp(html: str) -> str:
    """A template of one's own may replace the built-in <head>: the policy goes in all the same."""
    if "content-security-policy" in html.lower():
        return html
    policy = f'<meta HTTP-EQUIV="Content-Security-Policy" content="{CSP}">'
    return re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + policy, html, count=1, flags=re.IGNORECASE)


class Renderer:
    """Renders reports in one format: the template environment is built and the templates compiled once,
    and for PDF one WeasyPrint setup (fonts, fetcher) serves every report, so that a batch pays for them
    once. Each report still renders in its own child process with the time, size and memory limits."""

    def __init__(
        self,
        fmt: str,
        *,
        paper: str = "a4",
        template_dir: str | None = None,
        form: str | None = None,
        history: bool = False,
    ) -> None:
        self.fmt = fmt
        self.history = history  # the history of changes as an annex
        self.paper = paper
        self.template_dir = template_dir
        self.form = FORMS[form] if form else None  # a form's template instead of the report's
        self.top = _top_template(fmt, template_dir, self.form)
        self._template: Any = None
        self._pdf: tuple[Any, Any, Any, Any] | None = None  # weasyprint, fetcher, its refusal, fonts

    def text(self, case: Case, results: list[PairResult], now: Any = None) -> str:
        """The report as text (HTML for a PDF)."""
        from causality.report.view import build

        view = inert_view(build(case, results, now=now, paper=PAPERS[self.paper], history_asked=self.history))
        if self.template_dir is None:
            # The built-in templates are the tool's own: compiled here once, and every child inherits them.
            if self._template is None:
                self._template = _builtin_template(self.fmt, self.form)
            template = self._template
            text = _isolated(lambda: _generate(template, view, self.top), self.top)
        else:
            # A template of one's own is compiled in the child too: Jinja2 folds constant expressions as it
            # compiles, so a template can stall its compilation ({{ 9 ** 9 ** 9 }}); the child is killed.
            fmt, folder, form = self.fmt, self.template_dir, self.form
            text = _isolated(lambda: _generate(_load_template(fmt, folder, form), view, self.top), self.top)
        if self.fmt == "txt":
            text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
        if self.fmt in {"html", "pdf"}:
            text = _add_csp(text)
        return text

    def render(self, case: Case, results: list[PairResult], now: Any = None) -> str | bytes:
        """The report in its format: text, or the bytes of a PDF."""
        if self.fmt != "pdf":
            return self.text(case, results, now)
        weasyprint, fetcher, refused, fonts = self._weasyprint()
        html = self.text(case, results, now)
        try:
            # Relative references in a template resolve in its own folder, not wherever the command runs.
            document: bytes = weasyprint.HTML(
                string=html,
                base_url=_template_roots(self.template_dir)[0].as_uri() + "/",
                url_fetcher=fetcher,
            ).write_pdf(font_config=fonts)
        except refused as exc:
            raise TemplateProblem(str(exc)) from None
        return document

    def _weasyprint(self) -> tuple[Any, Any, Any, Any]:
        if self._pdf is None:
            try:
                import weasyprint
                from weasyprint.text.fonts import FontConfiguration
            except (ImportError, OSError) as exc:
                raise PdfUnavailable(
                    "causality report: PDF needs WeasyPrint and the Pango library: pip install "
                    "'adr-causality[pdf]' (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                    "libharfbuzz-subset0); or write HTML and print it from a browser. "
                    f"({exc.__class__.__name__}: {str(exc)[:120]})"
                ) from exc
            fetcher, refused = _fetcher(weasyprint, _template_roots(self.template_dir), self.top)
            self._pdf = (weasyprint, fetcher, refused, FontConfiguration())
        return self._pdf


def render_text(case: Case, results: list[PairResult], fmt: str, *, paper: str = "a4",
                template_dir: str | None = None, now: Any = None) -> str:  # fmt: skip
    return Renderer(fmt, paper=paper, template_dir=template_dir).text(case, results, now)


# --- PDF --------------------------------------------------------------------------------------------


def _template_roots(template_dir: str | None) -> list[Path]:
    from causality.paths import templates_dir

    return [Path(d).resolve() for d in (template_dir, str(templates_dir())) if d]


def _fetcher(weasyprint: Any, roots: list[Path], template: str) -> Any:
    """WeasyPrint's fetcher for every image, stylesheet, font and attachment a PDF names: only files
    inside the template folders; nothing from the network, data: URLs or other files.

    A refusal stops the PDF with an error rather than leaving the resource out: a report someone signs
    should look as its template says, and a template that reaches outside its folder needs fixing.
    """
    import mimetypes
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

    class Refused(FatalURLFetchingError):  # type: ignore[misc] # a BaseException: WeasyPrint stops instead of warning
        pass

    class TemplateFilesOnly(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme.lower() == "file" and parts.netloc in {"", "localhost"}:
                path = Path(url2pathname(parts.path)).resolve()  # symbolic links followed
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
            allowed = " or ".join(str(r) for r in roots)
            raise Refused(
                f"report template {template}: refers to {url[:200]}; a PDF report may use only files in "
                f"{allowed} (no web addresses, no other files)"
            )

    return TemplateFilesOnly(), Refused


def render(case: Case, results: list[PairResult], fmt: str, *, paper: str = "a4",
           template_dir: str | None = None, now: Any = None, form: str | None = None) -> str | bytes:  # fmt: skip
    return Renderer(fmt, paper=paper, template_dir=template_dir, form=form).render(case, results, now)


# --- writing ----------------------------------------------------------------------------------------


_KIND = {"html": "an HTML", "pdf": "a PDF", "md": "a Markdown", "txt": "a text"}


def format_for(output: str | None, fmt: str | None) -> str:
    suffix = Path(output).suffix.lower() if output is not None else ""
    if fmt:
        # A Markdown report in a file named .html would open as garbage in a browser.
        if suffix in SUFFIXES and SUFFIXES[suffix] != fmt:
            raise UsageError(
                f"causality report: '{output}' is named as {_KIND[SUFFIXES[suffix]]} file but --format is {fmt}; "
                "give a matching suffix or leave out --format"
            )
        return fmt
    if output is None:
        return "txt"
    if suffix not in SUFFIXES:
        raise UsageError(
            f"causality report: cannot tell the format from '{output}' (allowed suffixes: "
            f"{', '.join(SUFFIXES)}); give --format"
        )
    return SUFFIXES[suffix]


_CASE_KEYS = {"case_id", "drug", "reaction", "suspect_drugs", "reactions", "assessments"}


def holds_a_case(path: Path) -> bool:
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
    if (not_file := not_a_file(target)) is not None:
        raise UsageError(
            f"causality report: cannot write {output}: {not_file} (leave out -o to write to standard output)"
        )
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
    if not force and holds_a_case(target):
        raise UsageError(
            f"causality report: will not write the report over {output}: it is a case file "
            "(choose another -o, or add --force to replace it)"
        )


def write_report(case_file: str, output: str | None, fmt: str, *, paper: str = "a4",
                 template_dir: str | None = None, force: bool = False, form: str | None = None,
                 history: bool = False, case: Case | None = None) -> None:  # fmt: skip
    """Score the case and write its report to ``output`` (atomically) or, for text formats, to stdout.
    ``case``: one already read (a register's), named ``case_file`` in messages."""
    import sys

    from causality.assessment import assess_case
    from causality.atomic import write_atomic_bytes
    from causality.casefile import load_cases

    if output is None and fmt == "pdf":
        raise UsageError("causality report: a PDF needs a file: give -o FILE.pdf")
    if form is not None and fmt not in ("html", "pdf"):
        raise UsageError(
            f"causality report: the {form} form is HTML or PDF: give -o FILE.pdf or -o FILE.html"
        )
    if output is not None:
        check_output(case_file, output, template_dir, force=force)
    if case is None:
        (case,) = load_cases([case_file])
    renderer = Renderer(fmt, paper=paper, template_dir=template_dir, form=form, history=history)
    document = renderer.render(case, assess_case(case))
    if output is None:
        sys.stdout.write(str(document))
        return
    data = document if isinstance(document, bytes) else document.encode("utf-8")
    try:
        write_atomic_bytes(Path(output), data)
    except OSError as exc:
        raise CausalityError(f"causality report: cannot write {output}: {exc.strerror or exc}") from exc


# --- many reports --------------------------------------------------------------------------------------

EXTENSIONS = {"html": "html", "pdf": "pdf", "md": "md", "txt": "txt"}
BATCH_FORMAT = "html"  # a folder of reports with no --format: each opens in a browser and prints


def is_folder(output: str | None) -> bool:
    """``-o`` names a folder for one report per case: an existing folder, or a path ending in a slash."""
    return output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())


def write_reports(paths: Iterable[str], folder: str, fmt: str, *, paper: str = "a4",
                  template_dir: str | None = None, force: bool = False,
                  progress: Callable[[int], None] | None = None,
                  documents: Iterable[tuple[str, object]] | None = None,
                  history: bool = False) -> list[Path]:  # fmt: skip
    """Score every case under ``paths`` and write its report to ``folder/<case_id>.<fmt>``, each file
    atomically, with one template environment (and one PDF setup) for all of them. A case that cannot be
    read or reported, or whose report file exists (without ``force``), is one line in ``ReportsFailed``,
    raised after every other report was written. Returns the reports written. ``documents`` (a register's
    cases, as (name, case document)) are reported instead of files when given."""
    from causality.assessment import assess_case
    from causality.atomic import write_atomic_bytes
    from causality.casefile import iter_case_files, load_file, read_case

    target_dir = Path(folder)
    if not target_dir.is_dir():
        if target_dir.exists():
            raise UsageError(f"causality report: cannot write into {folder}: it is a file, not a folder")
        if not target_dir.parent.is_dir():
            raise UsageError(
                f"causality report: cannot write into {folder}: the folder {target_dir.parent} does not exist"
            )
        try:
            target_dir.mkdir()
        except OSError as exc:
            raise CausalityError(f"causality report: cannot create {folder}: {exc.strerror or exc}") from exc
    renderer = Renderer(fmt, paper=paper, template_dir=template_dir, history=history)
    if fmt == "pdf":
        renderer._weasyprint()  # a missing PDF library is said once, before anything is read
    problems: list[Problem] = []
    failed: list[str] = []
    written: list[Path] = []
    made_from: dict[str, str] = {}
    files = 0
    cases = (
        ((name, load_file(Path(name))) for name in iter_case_files(paths, problems)) if documents is None
        else ((name, read_case(name, data)) for name, data in documents)
    )  # fmt: skip
    try:
        for name, (case, file_problems) in cases:
            files += 1
            if case is None:
                failed.extend(str(p) for p in file_problems)
            else:
                target = target_dir / f"{case_file_name(case.case_id)}.{EXTENSIONS[fmt]}"
                key = target.name.casefold()  # one name per report, on a folder that ignores case too
                if key in made_from:  # another file of the same case (several assessors' files): its own name
                    stem = case_file_name(f"{case.case_id}-{Path(name).stem}")
                    target = target_dir / f"{stem}.{EXTENSIONS[fmt]}"
                    key = target.name.casefold()
                if key in made_from:
                    failed.append(
                        f"{name}: case_id '{case.case_id}': its report {target} was already written from "
                        f"{made_from[key]} in this run (give each case its own case_id)"
                    )
                elif target.exists() and not force:
                    failed.append(f"{name}: will not replace {target}: it exists (add --force to replace it)")
                else:
                    try:
                        check_output(name, str(target), template_dir, force=force)
                        document = renderer.render(case, assess_case(case))
                        data = document if isinstance(document, bytes) else document.encode("utf-8")
                        write_atomic_bytes(target, data)
                    except UsageError as exc:
                        failed.append(f"{name}: {str(exc).removeprefix('causality report: ')}")
                    except OSError as exc:
                        failed.append(f"{name}: cannot write {target}: {exc.strerror or exc}")
                    else:
                        made_from[key] = name
                        written.append(target)
            if progress is not None:
                progress(1)
    except KeyboardInterrupt:
        if not written:
            raise
        # The reports written so far are complete files in the folder: say so, not "nothing was written".
        raise InterruptedOutput(
            f"causality report: interrupted; {len(written)} report{'s' if len(written) != 1 else ''} "
            f"written to {folder}, the others not"
        ) from None
    failed = [str(p) for p in problems] + failed
    if failed:
        total = files + len(problems)
        failed.append(
            f"causality report: {len(written)} of {total} report{'s' if total != 1 else ''} written to "
            f"{folder}; {len(failed)} problem{'s' if len(failed) != 1 else ''} above"
        )
        raise ReportsFailed(failed)
    return written
