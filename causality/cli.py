"""The `causality` command. Imports only click at start-up; everything else when a command needs it."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from causality import __version__, boundary
from causality.errors import ExitCode, InputError, UsageError

# Also in causality.batch; repeated so that `causality --help` need not import it.
FORMATS = ("table", "json", "jsonl", "csv")


# One instance of each path type, shared by the options: click looks up a translation of the type's name
# (gettext, several file checks) each time one is made, at start-up.
_PATH = click.Path()
_FILE = click.Path(dir_okay=False)


def _help_width(max_width: int) -> int:
    """The width click gives help text, from the terminal's columns as ``shutil.get_terminal_size``
    finds them (COLUMNS first, then the terminal, else 80), without importing shutil (and bz2, lzma and
    more with it): about a twentieth of the start-up of `causality --help`."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, max_width) - 2, 50)


class Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        if self.terminal_width is None and click.formatting.FORCED_WIDTH is None:  # tests force a width
            max_width = self.max_content_width or 80
            return self.formatter_class(width=_help_width(max_width), max_width=max_width)
        return super().make_formatter()


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    """Turns the tool's errors into one line per problem on standard error and their exit code."""

    context_class = Context
    command_class = Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            ctx.exit(boundary.handle(exc, debug=bool(ctx.obj and ctx.obj.get("debug"))))


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from causality.paths import package_dir, templates_dir

    click.echo(f"causality (adr-causality) {__version__}")
    click.echo(f"package:   {package_dir()}")
    click.echo(f"templates: {templates_dir()}")
    click.echo(f"python:    {sys.version.split()[0]} ({sys.executable})")
    ctx.exit(ExitCode.OK)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 88})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version, where it is installed, and exit.")  # fmt: skip
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assess whether a drug caused an adverse reaction (Naranjo, WHO-UMC).

    \b
    Examples:
      causality score examples/alemtuzumab.yaml
      causality score cases/ --format csv > scores.csv
      causality scales naranjo

    \b
    Exit codes:
      0    ok: done as asked
      1    failure: something went wrong, e.g. the report could not be written
      2    bad usage or input: every problem is listed, nothing is scored
      130  interrupted (Ctrl-C): answers kept in the draft; output may be partial
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _db_option(f: Any) -> Any:
    return click.option(
        "--db", "db_url", metavar="URL",
        help="Read the cases from a register instead (PATHS are then case identifiers; none: every case). "
        "'--db default': the one CAUSALITY_DB names, else the one in your data folder.",
    )(f)  # fmt: skip


def _register_engine(db_url: str) -> Any:
    from causality.register import store

    return store.connect(store.url_of(None if db_url == "default" else db_url), create=False)


@cli.command()
@click.argument("paths", nargs=-1, type=_PATH)
@_db_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: readable summary; json: one array, one assessment per line; jsonl: one assessment "
    "per line, no array (for pipelines); csv: one row each.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for large batches (default: one per CPU; batches under 400 files use one).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar for large batches.")
@click.option(
    "--output",
    "-o",
    type=_FILE,
    help="Write here instead of standard output: complete, or not at all (never a case file).",
)
def score(paths: tuple[str, ...], db_url: str | None, fmt: str, jobs: int | None, quiet: bool,
          output: str | None) -> None:  # fmt: skip
    """Score case files (YAML or JSON) and folders of them.

    Every file is checked first; if any has a problem, each problem is printed as
    FILE: field: what is wrong (allowed: ...) and nothing is scored (exit code 2).
    On a terminal, batches of more than a few hundred files show a progress bar
    on standard error.

    \b
    Examples:
      causality score examples/alemtuzumab.yaml
      causality score examples/ --format json
      causality score cases/ --format jsonl | grep Probable
      causality score case.yaml other.json --format csv -o scores.csv
      causality score --db default --format csv -o register.csv
    """
    from causality import batch

    if db_url is not None:
        if output is None:
            boundary.need_output("causality score")
        engine = _register_engine(db_url)
        from causality.register import store

        with contextlib.ExitStack() as stack:
            write = (
                boundary.encoding_checked(batch.write_stdout, "causality score")
                if output is None
                else stack.enter_context(batch.file_writer(output))
            )
            batch.score_documents(store.documents(engine, list(paths)), fmt, write)
        return
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    batch.score_files(paths, fmt, output, jobs, quiet)


@cli.command()
@click.argument("paths", nargs=-1, type=_PATH)
@_db_option
@click.option(
    "--output",
    "-o",
    type=_PATH,
    help="Write here (atomically); the suffix sets the format. A folder (existing, or ending in /) "
    "gets one report per case, named after its case_id.",
)
@click.option("--format", "-f", "fmt", type=click.Choice(("html", "pdf", "md", "txt")),
              help="Output format (for a folder of reports: html unless given).")  # fmt: skip
@click.option(
    "--paper", type=click.Choice(("a4", "letter")), default="a4", show_default=True, help="Page size."
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True),
    help="Your own templates, searched first (extend a built-in one as 'default:NAME').",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing report in a folder, or a case file with the report (never the one reported).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar for a folder of reports.")
@click.option("--template", "form", type=click.Choice(("cioms",)),
              help="A form instead of the report: cioms, the CIOMS I form (HTML or PDF, one case).")  # fmt: skip
@click.option("--history", is_flag=True, help="Add the case's history of changes as an annex.")
def report(paths: tuple[str, ...], db_url: str | None, output: str | None, fmt: str | None, paper: str,
           template_dir: str | None, force: bool, quiet: bool, form: str | None, history: bool) -> None:  # fmt: skip
    """Write a printable report of a case: every score with the answers and evidence behind it.

    Without -o, text formats go to standard output; PDF needs -o and the [pdf] extra.
    The report is never written over the case file, nor over another case file
    unless you add --force.

    With several case files or folders, -o names a folder: each case's report is
    written there as CASE_ID.html (or .pdf, .md, .txt with --format). A report
    that exists is kept unless you add --force; a case that cannot be reported is
    one line on standard error, the others are written, and the exit code is 1.

    \b
    Examples:
      causality report examples/alemtuzumab.yaml -o alemtuzumab.pdf
      causality report case.yaml -o case.html --paper letter
      causality report case.yaml --format md
      causality report cases/ -o reports/ --format pdf
      causality report --db default ALEM-2024-001 -o reports/
      causality report case.yaml --template cioms -o form.pdf
      causality report case.yaml -o case.pdf --history
    """
    if output is None:
        boundary.need_output("causality report")

    from causality.report.render import is_folder

    if db_url is not None and len(paths) == 1 and not is_folder(output):  # one case: as for one file
        from causality.casefile import read_case
        from causality.register import store
        from causality.report.render import format_for, write_report

        ((source, data),) = list(store.documents(_register_engine(db_url), list(paths)))
        case, problems = read_case(source, data)
        if case is None or problems:
            raise InputError(problems)
        write_report(source, output, format_for(output, fmt), paper=paper, template_dir=template_dir,
                     force=force, form=form, history=history, case=case)  # fmt: skip
        return
    if db_url is not None:
        if form is not None:
            raise UsageError(f"causality report: the {form} form is written for one case at a time")
        _register_reports(db_url, paths, output, fmt, paper, template_dir, force, history)
        return
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if len(paths) == 1 and not is_folder(output) and not os.path.isdir(paths[0]):  # noqa: PTH112 - False, not an error, where it cannot be looked at
        from causality.report.render import format_for, write_report

        (case_file,) = paths
        write_report(case_file, output, format_for(output, fmt), paper=paper, template_dir=template_dir,
                     force=force, form=form, history=history)  # fmt: skip
        return
    if form is not None:
        raise UsageError(f"causality report: the {form} form is written for one case file at a time")
    if output is None or not is_folder(output):
        raise UsageError(
            "causality report: several case files or a folder need -o FOLDER/ (one report per case, "
            "named after its case_id)"
        )
    from causality.report.render import BATCH_FORMAT, write_reports

    chosen = fmt or BATCH_FORMAT
    from causality.batch import shows_progress

    if not shows_progress(quiet):
        written = write_reports(paths, output, chosen, paper=paper, template_dir=template_dir, force=force,
                                history=history)  # fmt: skip
    else:
        from causality.casefile import iter_case_files

        total = sum(1 for _ in iter_case_files(paths, []))
        with click.progressbar(length=total, label="Writing reports", file=sys.stderr, show_pos=True) as bar:
            written = write_reports(paths, output, chosen, paper=paper, template_dir=template_dir,
                                    force=force, progress=bar.update, history=history)  # fmt: skip
    click.echo(boundary.shown(f"Wrote {len(written)} report{'s' if len(written) != 1 else ''} to {output}"))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(("fhir-r5", "fhir-r4b", "e2b-r3")),  # causality.interchange.command.FORMATS
    required=True,
    help="fhir-r5 or fhir-r4b: a FHIR Bundle (JSON) for a FHIR server or a hospital record; e2b-r3: an "
    "ICH E2B(R3) ICSR message (XML) for a safety database.",
)
@click.option(
    "--output",
    "-o",
    type=_FILE,
    help="Write here instead of standard output: complete, or not at all (never a case file).",
)
@click.option(
    "--region",
    type=click.Choice(("eu",)),
    help="E2B(R3) only: the EU coded method and result (reasonable possibility or not).",
)
def export(paths: tuple[str, ...], fmt: str, output: str | None, region: str | None) -> None:
    """Export assessed cases for a FHIR server or a safety database.

    Every file is checked first, as for score; the export is checked against its
    standard before it is written, and nothing is written if it fails. What the
    format has no place for is listed on standard error. FHIR needs the fhir
    extra: pip install 'adr-causality[fhir]'.

    \b
    Examples:
      causality export examples/alemtuzumab.yaml --format fhir-r5 -o case.json
      causality export cases/ --format fhir-r4b > bundle.json
      causality export cases/ --format e2b-r3 --region eu -o icsr.xml
    """
    if output is None:
        boundary.need_output("causality export")
    from causality.interchange.command import export as run

    data, lost = run(paths, fmt, output, region)
    if output is None:
        click.echo(data, nl=False)
    for line in lost:
        click.echo(line, err=True)
    if output is not None:
        click.echo(f"Wrote {output}", err=True)


@cli.command()
@click.option("--from", "from_file", type=_FILE, help="Start from this case file and edit it.")
@click.option("--resume", is_flag=True, help="Continue an interrupted assessment.")
@click.option(
    "--draft",
    "draft_file",
    type=_FILE,
    help="Continue the draft kept in this file (one saved in another folder when the usual one failed).",
)
@click.option("--output", "-o", type=_FILE, help="Where to save the case file.")
@click.option(
    "--db", "db_url", metavar="URL",
    help="Open and save the case in a register ('default': CAUSALITY_DB, else the one in your data folder); "
    "--from then names a case identifier in it.",
)  # fmt: skip
def assess(from_file: str | None, resume: bool, draft_file: str | None, output: str | None,
           db_url: str | None) -> None:  # fmt: skip
    """Assess a drug and a reaction interactively, and save the case.

    Every answer is saved at once to a private draft; after Ctrl-C, continue with --resume.

    \b
    Examples:
      causality assess
      causality assess --from examples/alemtuzumab.yaml
      causality assess --resume
      causality assess --draft /media/usb/draft-20261202T101500000000.json
      causality assess --db postgresql://pv@dbhost/register --from ALEM-2024-001
    """
    from causality.interview.command import assess as run

    run(from_file=from_file, resume=resume, output=output, draft_file=draft_file, db_url=db_url)


def _register_reports(db_url: str, ids: tuple[str, ...], output: str | None, fmt: str | None, paper: str,
                      template_dir: str | None, force: bool, history: bool) -> None:  # fmt: skip
    """Reports of cases in a register: one per case into -o FOLDER/, as for a folder of case files."""
    from causality.register import store
    from causality.report.render import BATCH_FORMAT, is_folder, write_reports

    if output is None or not is_folder(output):
        raise UsageError(
            "causality report --db: needs -o FOLDER/ (one report per case, named after its case_id)"
        )
    documents = store.documents(_register_engine(db_url), list(ids))
    written = write_reports([], output, fmt or BATCH_FORMAT, paper=paper, template_dir=template_dir, force=force,
                            documents=documents, history=history)  # fmt: skip
    click.echo(boundary.shown(f"Wrote {len(written)} report{'s' if len(written) != 1 else ''} to {output}"))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
def verify(paths: tuple[str, ...]) -> None:
    """Check the history and the signatures of case files.

    For each file: whether its history of changes is intact (else the first broken
    entry, with when and by whom it was saved) and whether each signature still
    holds. The exit code is 1 if any history is broken or any signature no longer
    holds, 2 if a file cannot be read.

    \b
    Examples:
      causality verify case.yaml
      causality verify cases/
    """
    from causality.audit import verify_paths
    from causality.errors import NotVerified

    lines, failed = verify_paths(paths)
    for line in lines:
        click.echo(line)
    if failed:
        raise NotVerified(f"causality verify: {failed} case file{'s' if failed != 1 else ''} did not verify")


@cli.command()
@click.argument("path", type=_FILE)
@click.option("--meaning", type=click.Choice(("author", "reviewer", "approver")), required=True,
              help="What the signature means.")  # fmt: skip
@click.option("--name", help="The signer's printed name (for author: the case's assessor unless given).")
def sign(path: str, meaning: str, name: str | None) -> None:
    """Sign a case file: records the printed name, date and time (UTC), meaning
    and the hash of the case as it is now.

    A later change to the case makes the signature not valid in every output until
    it is signed again. The file is written atomically.

    \b
    Examples:
      causality sign case.yaml --meaning author
      causality sign case.yaml --meaning reviewer --name "Dr J. Smith"
    """
    from causality.audit import sign_file
    from causality.model import SignatureMeaning

    click.echo(boundary.shown(sign_file(path, SignatureMeaning(meaning), name)))


@cli.command()
@click.option("--discard", type=click.IntRange(min=1), metavar="N", help="Delete draft number N for good.")
def drafts(discard: int | None) -> None:
    """List the unfinished assessments kept as drafts, or discard one.

    \b
    Examples:
      causality drafts
      causality drafts --discard 2
    """
    from causality.interview import session

    click.echo(session.listing() if discard is None else session.discard(discard), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=_PATH)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(("table", "json", "csv")),
    default="table",
    show_default=True,
    help="table: readable; json: one object by instrument; csv: one row per scale.",
)
@click.option("--instrument", "-i", metavar="ID", help="Only this instrument, e.g. naranjo or who_umc.")
@click.option(
    "--disagreements", is_flag=True, help="List the pairs whose assessors gave different categories."
)
def agreement(paths: tuple[str, ...], fmt: str, instrument: str | None, disagreements: bool) -> None:
    """How far assessors agree on each instrument, from their case files.

    Files with the same case_id, drug and reaction are assessments of one pair (so
    are several assessments of a pair in one file); each assessment's assessor is
    its own or the case's. Consensus and adjudication assessments are the final
    results: they are not counted, and --disagreements shows them.

    \b
    Examples:
      causality agreement examples/agreement/
      causality agreement cases/ --format json
      causality agreement cases/ --instrument who_umc --format csv
      causality agreement cases/ --disagreements
    """
    boundary.need_output("causality agreement")
    from causality.agreement_output import run

    click.echo(run(paths, fmt, instrument, disagreements), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=_PATH)
def compare(files: tuple[str, ...]) -> None:
    """Where two assessments of one pair differ, item by item, with the facts behind each answer.

    Give two case files of the same case, or one file that assesses a pair
    several times.

    \b
    Examples:
      causality compare examples/agreement/alemtuzumab-{ann,bo}.yaml
      causality compare case-with-two-assessments.yaml
    """
    boundary.need_output("causality compare")
    from causality.compare import run

    click.echo(run(files), nl=False)


@cli.command()
@click.argument("name", required=False)
def scales(name: str | None) -> None:
    """List the instruments with their citations, or print one instrument in full.

    \b
    Examples:
      causality scales
      causality scales naranjo
      causality scales who-umc
    """
    boundary.need_output("causality scales")
    from causality.scales import details, fit, listing

    click.echo(fit(listing() if name is None else details(name)), nl=False)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of case files, so an editor can complete and check them.

    It describes both shapes, the full case and the one-pair shorthand, with the allowed
    words, ranges and a line of help for every field. See "Editing case files with
    completion" in the README.

    \b
    Examples:
      causality schema > case.schema.json
      # then, as the first line of a YAML case file:
      # yaml-language-server: $schema=./case.schema.json
    """
    boundary.need_output("causality schema")
    import json

    from causality.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--output",
    "-o",
    type=_PATH,
    help="Write the example to this file (a folder of examples: to this folder).",
)
def examples(name: str | None, output: str | None) -> None:
    """List the example cases, print one, or write one to a file to start from.

    \b
    Examples:
      causality examples
      causality examples alemtuzumab
      causality examples alemtuzumab -o my-case.yaml
      causality examples agreement -o agreement/
    """
    if output is None:
        boundary.need_output("causality examples")
    from causality import bundled

    if name is None:
        click.echo(bundled.listing(), nl=False)
    elif output is None and name.rstrip("/") in bundled.sets():
        raise UsageError(f"causality examples: {name} is a folder of examples: write it out with -o FOLDER/")
    elif output is None:
        click.echo(bundled.path_of(name).read_text(encoding="utf-8"), nl=False)
    else:
        written = bundled.write(name, output)
        for path in written if isinstance(written, list) else [written]:
            click.echo(boundary.shown(f"Wrote {path}"))


class _RegisterCommands(Group):
    """`causality db`'s subcommands are loaded when `causality db ...` runs, not for every start-up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from causality.register.commands import COMMANDS

        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from causality.register.commands import COMMANDS

        return COMMANDS.get(cmd_name)


@cli.group(cls=_RegisterCommands)
@click.option(
    "--db", "db_url", metavar="URL", envvar="CAUSALITY_DB", show_envvar=True,
    help="The register: sqlite:///file.sqlite or postgresql://user@host/database. "
    "Default: a SQLite file in your data folder, beside the drafts.",
)  # fmt: skip
@click.pass_context
def db(ctx: click.Context, db_url: str | None) -> None:
    """Keep assessed cases in a register: SQLite on one machine, PostgreSQL for a centre.

    \b
    Examples:
      causality db import cases/
      causality db list --drug alemtuzumab --instrument naranjo --category probable
      causality db stats
      causality db export -o out/
      CAUSALITY_DB=postgresql://pv@dbhost/register causality db list
    """
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url


def main() -> None:
    boundary.mend_closed_streams()
    cli(prog_name="causality")
