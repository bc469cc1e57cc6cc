"""The subcommands of `causality db` (the case register). Only click is imported here; SQLAlchemy when a
command runs."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from causality import boundary

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

FORMATS = ("table", "json", "csv")


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["db_url"] = value


def _db_here(f: Any) -> Any:
    """--db after the subcommand too (`causality db list --db URL`), as `assess --db` and `score --db` take it."""
    return click.option("--db", metavar="URL", expose_value=False, callback=_remember_db,
                        help="The register (as `causality db --db URL ...`).")(f)  # fmt: skip


def _engine(ctx: click.Context, create: bool = False) -> Engine:
    from causality.register import store

    return store.connect(store.url_of(ctx.obj.get("db_url") if ctx.obj else None), create=create)


@click.command()
@_db_here
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the register (or bring it up to date) and say where it is."""
    from causality.register import store

    url = store.url_of(ctx.obj.get("db_url"))
    store.connect(url)
    click.echo(boundary.shown(f"The register is ready: {store.shown(url)}"))


@click.command()
@_db_here
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Bring the register's tables up to this version of the tool."""
    from causality.register import store

    url = store.url_of(ctx.obj.get("db_url"))
    store.upgrade(store.connect(url))
    click.echo(boundary.shown(f"The register is up to date: {store.shown(url)}"))


@click.command(name="import")
@_db_here
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--by", "who", metavar="NAME", help="Who is importing, for the audit trail.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--force", is_flag=True, help="Replace a version saved through causality assess as well.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[str, ...], who: str | None, quiet: bool, force: bool) -> None:
    """Store case files (and folders of them). Every file is checked first: nothing is stored when one is
    bad. A case already in the register becomes a new version when the file differs."""
    from causality import batch
    from causality.register import store

    engine = _engine(ctx, create=True)
    with ExitStack() as stack:
        progress = (
            stack.enter_context(batch.progress_bar(list(paths), label="Importing"))
            if batch.shows_progress(quiet)
            else None
        )
        done = store.import_files(engine, list(paths), who, progress, force)
    added = f", {done.added} with another assessor's assessments added" if done.added else ""
    click.echo(
        f"Imported {done.cases} new case(s), {done.replaced} changed{added}, {done.unchanged} unchanged."
    )


@click.command(name="list")
@_db_here
@click.option("--drug", help="Only this suspect drug.")
@click.option("--reaction", help="Only this reaction.")
@click.option("--instrument", help="Only this instrument (e.g. naranjo, who_umc).")
@click.option("--category", help="Only this category (e.g. probable); with --instrument.")
@click.option("--assessor", help="Only this assessor.")
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Assessed or changed on or after YYYY-MM-DD."
)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def list_(ctx: click.Context, drug: str | None, reaction: str | None, instrument: str | None,
          category: str | None, assessor: str | None, since: dt.datetime | None, fmt: str) -> None:  # fmt: skip
    """Search the register: one line per case, drug, reaction and instrument."""
    boundary.need_output("causality db list")
    from causality.register import store

    if category is not None and instrument is None:
        raise click.UsageError("--category needs --instrument (a category means something only on one scale)")
    filters = store.Filters(drug, reaction, instrument, category, assessor, since.date() if since else None)
    _write(store.list_results(_engine(ctx), filters), store.LIST_COLUMNS, fmt, "causality db list")


@click.command()
@_db_here
@click.argument("case_id")
@click.option(
    "--version", "version", type=click.IntRange(min=1), help="An earlier version (default: the latest)."
)
@click.pass_context
def show(ctx: click.Context, case_id: str, version: int | None) -> None:
    """Print one case as a case file (YAML), with its version."""
    boundary.need_output("causality db show")
    from causality.register import store
    from causality.yamlio import dump

    engine = _engine(ctx)
    data, latest = store.document(engine, case_id)
    if version is not None and version != latest:
        if version > latest:
            raise click.UsageError(
                f"{case_id} has {latest} version(s); --version {version} is not one of them"
            )
        data = store.version_document(engine, case_id, version)
    click.echo(f"# {case_id}, version {version or latest} of {latest}")
    click.echo(dump(data), nl=False)


@click.command()
@_db_here
@click.argument("case_ids", nargs=-1)
@click.option(
    "--output", "-o", required=True, type=click.Path(file_okay=False), help="The folder to write to."
)
@click.option("--force", is_flag=True, help="Replace case files already in the folder.")
@click.pass_context
def export(ctx: click.Context, case_ids: tuple[str, ...], output: str, force: bool) -> None:
    """Write cases (all without CASE_IDS) as case files, DIR/<case_id>.yaml, that score as imported."""
    from causality.register import store

    engine = _engine(ctx)
    ids = list(case_ids) or list(store.case_ids(engine))
    written = store.export(engine, ids, Path(output), force)
    click.echo(boundary.shown(f"Wrote {len(written)} case file(s) to {output}"))


@click.command()
@_db_here
@click.option("--instrument", help="Only this instrument.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, instrument: str | None, fmt: str) -> None:
    """Pairs counted by drug, reaction, instrument and category: a first look for signals. A case counts once
    for a pair: by its final result where one is recorded, else under each category its assessors gave."""
    boundary.need_output("causality db stats")
    from causality.register import store

    _write(
        iter(store.stats(_engine(ctx), instrument)),
        ("drug", "reaction", "instrument", "category", "pairs"),
        fmt,
        "causality db stats",
    )


@click.command()
@_db_here
@click.argument("case_id")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def audit(ctx: click.Context, case_id: str, fmt: str) -> None:
    """The register's audit trail of one case, oldest first: imports and saves, and each change and
    signature the case file recorded (kept here for good: the register refuses to alter or delete them)."""
    boundary.need_output("causality db audit")
    from causality.register import store

    rows = store.audit_trail(_engine(ctx), case_id)
    _write(iter(rows), ("at", "who", "action", "version", "detail"), fmt, "causality db audit")


# `causality db`'s subcommands, by name: cli.py loads them only when `causality db ...` is run.
COMMANDS: dict[str, click.Command] = {
    str(c.name): c for c in (init, upgrade, import_, list_, show, export, stats, audit)
}


def _write(rows: Any, columns: tuple[str, ...], fmt: str, command: str) -> None:
    """Rows as JSON lines of one array, CSV, or an aligned table; written as they come (constant memory)
    except the table, which must see every row to align its columns."""
    import json

    out = _Out(command)
    if fmt == "json":
        out.write("[")
        for n, row in enumerate(rows):
            out.write(
                ("," if n else "") + "\n  " + json.dumps({c: row[c] for c in columns}, ensure_ascii=False)
            )
        out.write("\n]\n")
    elif fmt == "csv":
        from causality import csvcells

        writer = csvcells.Writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
    else:
        from causality.inert import neutralise  # typed text never drives the terminal

        table = [[("" if row[c] is None else neutralise(str(row[c]))) for c in columns] for row in rows]
        if not table:
            click.echo("Nothing in the register matches.")
            return
        widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
        for line in ([list(columns)], table):
            for r in line:
                out.write("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n")


class _Out:
    """Standard output as click writes it (the tests' runner captures it)."""

    def __init__(self, command: str) -> None:
        self._write = boundary.encoding_checked(lambda text: click.echo(text, nl=False), command)

    def write(self, text: str) -> None:
        self._write(text)
