"""Scoring many case files: read, validate, assess and render them in chunks, on every core for large batches.

Memory does not grow with the number of files: the folders are walked lazily, files go to the scorer in
chunks of a few hundred names, and each chunk's output is written as soon as it (and every chunk before
it) is done. Workers receive file names and send back rendered text, so little crosses process
boundaries, and chunks come back in file order.

Nothing is printed unless every file of the batch is valid. The output is spooled (in memory while small,
then in a temporary file) and copied to standard output only when the last file has passed; from the first
problem on, files are only validated, so that every problem is still listed. Spooling was chosen over a
first validating pass because that pass would read and parse every file twice.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import IO, TYPE_CHECKING, NamedTuple, TypeVar

from causality.errors import InputError, InterruptedOutput, OutputError, Problem

T = TypeVar("T")

if TYPE_CHECKING:
    from causality.assessment import PairResult
    from causality.model import Case

FORMATS = ("table", "json", "jsonl", "csv")
# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 400
# Files per chunk: large enough that sending a chunk costs little next to scoring it, small enough that
# both workers stay busy to the end of a batch and that the progress bar moves.
CHUNK = 100
# Chunks sent to the workers ahead of the one being written: keeps them busy without holding the batch.
AHEAD = 4
# Output kept in memory before it goes to a temporary file: about 300 assessments in JSON. More would show
# in the peak memory of every large batch (the text is held twice while it is encoded).
SPOOL_IN_MEMORY = 1 << 20
# A progress bar below this many files would flash by; see `_progress`.
PROGRESS_FROM = 300
_TABLE_RULE = "\n" + "-" * 80 + "\n"  # causality.table.join_blocks, without importing the report views


class Chunk(NamedTuple):
    problems: list[Problem]
    text: str  # the rendered assessments, joined as the format joins them
    items: int  # how many assessments ``text`` holds
    files: int


def _case_files(paths: Sequence[str], problems: list[Problem]) -> Iterator[str]:
    """The case files under ``paths``, one at a time (standard input as "-")."""
    from causality.casefile import iter_case_files

    return iter_case_files(paths, problems, stdin=True)


def chunks(files: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for name in files:
        chunk.append(name)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _young_collections_only(collect: bool = True) -> Iterator[None]:
    """No automatic collector passes while a chunk is scored; one pass over the young objects after.

    A chunk's objects hold no reference cycles (they are freed as soon as the chunk is rendered), so the
    automatic passes, about a fifth of the time spent scoring, find nothing. The pass after each chunk
    still frees any cycle a future change might create, so memory stays flat however long the batch.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.collect(1)
        if enabled:
            gc.enable()


def score_chunk(names: Sequence[str], fmt: str, render: bool = True, collect: bool = True) -> Chunk:
    """Read, validate and assess ``names``; render them unless ``render`` is off or a file has a problem.
    ``collect`` off: no collector pass after it (the batch's only chunk: its process ends next)."""
    with _young_collections_only(collect):
        return _score_chunk(names, fmt, render)


def _score_chunk(names: Sequence[str], fmt: str, render: bool) -> Chunk:
    from causality.assessment import assess_case
    from causality.casefile import STDIN, load_file, load_stdin

    problems: list[Problem] = []
    assessed = []
    for name in names:
        case, file_problems = load_stdin() if name == STDIN else load_file(name)
        problems.extend(file_problems)
        if case is not None and render and not problems:
            assessed.append((case, assess_case(case)))
    if problems or not render:
        return Chunk(problems, "", 0, len(names))
    return _rendered(assessed, fmt, len(names))


def _rendered(assessed: list[tuple[Case, list[PairResult]]], fmt: str, files: int) -> Chunk:
    results = [r for _, case_results in assessed for r in case_results]
    if fmt in ("json", "jsonl"):
        import json

        from causality.export import result_data

        # One assessment per line: indent= would switch CPython to its pure-Python JSON encoder. Records
        # are trees (no cycles to check).
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
        lines = [encode(result_data(r)) for r in results]
        text = ",\n".join(lines) if fmt == "json" else "".join(line + "\n" for line in lines)
        return Chunk([], text, len(lines), files)
    if fmt == "csv":
        from causality.export import csv_rows

        rows = csv_rows(results)
        return Chunk([], "".join(rows), len(rows), files)
    from causality.report.view import pair_views
    from causality.table import render_pair

    blocks = [render_pair(v) for case, case_results in assessed for v in pair_views(case, case_results)]
    return Chunk([], _TABLE_RULE.join(blocks), len(blocks), files)


class _Spool:
    """The batch's output, kept until every file has passed: in memory while small, then on disk."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.items = 0
        self._parts: list[str] = []
        self._size = 0
        self._file: IO[str] | None = None
        if fmt == "csv":
            from causality.export import csv_header

            self._put(csv_header())

    def _put(self, text: str) -> None:
        if self._file is not None:
            with _spool_errors():
                self._file.write(text)
            return
        self._parts.append(text)
        self._size += len(text)
        if self._size > SPOOL_IN_MEMORY:
            import tempfile

            with _spool_errors():
                # Surrogates stand for file names that are not UTF-8; they go out as they came in.
                # Closed by close(), which `score` calls in a finally clause.
                self._file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
                for part in self._parts:
                    self._file.write(part)
            self._parts = []

    def add(self, chunk: Chunk) -> None:
        if not chunk.items:
            return
        if self.items and self.fmt in ("json", "table"):
            self._put(",\n" if self.fmt == "json" else _TABLE_RULE)
        elif self.fmt == "json":
            self._put("[\n")
        self._put(chunk.text)
        self.items += chunk.items

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def copy_to(self, write: Callable[[str], None]) -> None:
        if self.fmt == "json":
            self._put("\n]\n" if self.items else "[]\n")
        elif self.fmt == "table":
            self._put("\n")
        if self._file is None:
            write("".join(self._parts))
            return
        with _spool_errors():
            self._file.seek(0)  # flushes what is still buffered: the last chance for a full disk to show
        while block := self._file.read(1 << 20):
            write(block + self._file.readline())  # whole lines, so a line is never split between writes


@contextmanager
def _spool_errors() -> Iterator[None]:
    """A full temporary folder is not the output's fault: say which folder, and how to choose another."""
    try:
        yield
    except OSError as exc:
        import tempfile

        raise OutputError(
            f"causality score: cannot keep the scores in the temporary folder {tempfile.gettempdir()}: "
            f"{exc.strerror or exc} (set TMPDIR to a folder with room); nothing was written"
        ) from None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _in_processes(chunks: Iterator[list[str]], fmt: str, jobs: int, handle: Callable[[Chunk], bool]) -> None:
    # Imported only for large batches: they pull in socket, logging and more.
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # Imported before forking, so each worker inherits them instead of importing them again.
    import causality.assessment
    import causality.casefile
    import causality.export
    import causality.report.view
    import causality.table  # noqa: F401

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    render = True
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Future[Chunk]] = deque()
        # Submitted a few chunks ahead, not all at once (as pool.map would): the batch's names and
        # results never all wait in memory, and chunks come back in order while the workers go on.
        for names in chunks:
            pending.append(pool.submit(score_chunk, names, fmt, render))
            if len(pending) >= jobs * AHEAD:
                render = handle(pending.popleft().result())
        while pending:
            handle(pending.popleft().result())


def score(
    paths: Sequence[str],
    fmt: str,
    write: Callable[[str], None],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Score every case file under ``paths`` and hand the output to ``write``; raise InputError on any
    problem, before anything is written. ``progress`` is told how many files each finished chunk held."""
    path_problems: list[Problem] = []
    file_problems: list[Problem] = []
    spool = _Spool(fmt)

    def handle(chunk: Chunk) -> bool:
        file_problems.extend(chunk.problems)
        if not file_problems:
            spool.add(chunk)
        if progress is not None:
            progress(chunk.files)
        return not file_problems  # whether later chunks are still worth rendering

    files = _case_files(paths, path_problems)
    head = [name for _, name in zip(range(PARALLEL_FROM), files, strict=False)]
    jobs = jobs or default_jobs()
    # The modules and tables loaded so far live as long as the process: frozen, the collector's passes
    # skip them, and forked workers do not copy the pages a pass would touch.
    gc.freeze()
    try:
        if len(head) < PARALLEL_FROM or jobs == 1:
            render = True
            # One chunk: a collector pass after it would only walk the modules its first files loaded
            # (about a millisecond of scoring one file), and the batch ends with it.
            more = len(head) > CHUNK
            for names in chunks(_chain(head, files), CHUNK):
                render = handle(score_chunk(names, fmt, render, collect=more))
        else:
            _in_processes(chunks(_chain(head, files), CHUNK), fmt, jobs, handle)
        problems = path_problems + file_problems
        if problems:
            raise InputError(problems)
        spool.copy_to(write)
    finally:
        spool.close()


def score_documents(
    documents: Iterable[tuple[str, object]],
    fmt: str,
    write: Callable[[str], None],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Score case documents that are not files (a register's), named by ``source``: read and validated as
    files are, output the same way, and nothing written when one has a problem. One process: the documents
    come from one database connection."""
    from causality.assessment import assess_case
    from causality.casefile import read_case

    problems: list[Problem] = []
    spool = _Spool(fmt)
    try:
        for chunk in chunks(documents, CHUNK):
            assessed = []
            for source, data in chunk:
                case, found = read_case(source, data)
                problems.extend(found)
                if case is not None and not problems:
                    assessed.append((case, assess_case(case)))
            if not problems:
                spool.add(_rendered(assessed, fmt, len(chunk)))
            if progress is not None:
                progress(len(chunk))
        if problems:
            raise InputError(problems)
        spool.copy_to(write)
    finally:
        spool.close()


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def count_files(paths: Sequence[str]) -> int:
    """How many case files a batch holds (for the progress bar): a walk of the folders, no file read."""
    return sum(1 for _ in _case_files(paths, []))


def shows_progress(quiet: bool) -> bool:
    """Whether a long command shows a progress bar: on a terminal, unless ``quiet``; never when standard
    error is redirected or closed (``2>&-``, as some services start commands)."""
    return not quiet and sys.stderr is not None and sys.stderr.isatty()


@contextmanager
def progress_bar(paths: Sequence[str], label: str = "Scoring") -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error (files done, rate, time left) for batches of more than a few
    hundred files; None for smaller ones. The caller checks that standard error is a terminal."""
    total = count_files(paths)
    if total <= PROGRESS_FROM:
        yield None
        return
    import time

    import click

    start = time.monotonic()
    with click.progressbar(
        length=total,
        label=label,
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=lambda rate: rate,
    ) as bar:

        def advance(files: int) -> None:
            seconds = time.monotonic() - start
            rate = f"{(bar.pos + files) / seconds:,.0f} files/s" if seconds > 0 else None
            bar.update(files, rate)

        yield advance


def score_files(
    paths: Sequence[str], fmt: str = "table", output: str | None = None, jobs: int | None = None,
    quiet: bool = False,
) -> None:  # fmt: skip
    """`causality score PATH...`, whichever way it was started: to standard output, or to ``output``
    (complete or not at all), with a progress bar on a terminal unless ``quiet``."""
    from causality.boundary import encoding_checked, need_output

    if output is not None:
        check_output(paths, output)
    else:
        need_output("causality score")
    stdout = encoding_checked(write_stdout, "causality score")
    wrote = False

    def to_stdout(text: str) -> None:
        nonlocal wrote
        wrote = True  # from here on, part of the output may be out
        stdout(text)

    with ExitStack() as stack:
        write = to_stdout if output is None else stack.enter_context(file_writer(output))
        progress = stack.enter_context(progress_bar(paths)) if shows_progress(quiet) else None
        try:
            score(paths, fmt, write, jobs, progress)
        except KeyboardInterrupt:
            if not wrote:  # to a file (-o), nothing is left of an unfinished one
                raise
            # Between two blocks of a large output: the first ones are already out.
            raise InterruptedOutput(_INTERRUPTED_WRITING) from None


def score_paths(paths: Sequence[str], fmt: str, jobs: int | None = None) -> str:
    """The whole output of a batch as one string (for tests and callers with small batches)."""
    parts: list[str] = []
    score(paths, fmt, parts.append, jobs)
    return "".join(parts)


def check_output(
    paths: Sequence[str], output: str, command: str = "causality score", done: str = "scored"
) -> None:
    """Refuse, before anything is read, an output file that cannot be written where asked or that would
    destroy a case file (one of the inputs, or any other). ``command`` and ``done`` word the message."""
    from pathlib import Path

    from causality.errors import UsageError

    target = Path(output)
    if not target.parent.is_dir():
        why = f"{target.parent} is a file, not a folder" if target.parent.exists() else (
            f"the folder {target.parent} does not exist")  # fmt: skip
        raise UsageError(f"{command}: cannot write {output}: {why} (choose an existing folder)")
    if target.is_dir():
        raise UsageError(f"{command}: cannot write {output}: it is a folder (give a file name)")
    from causality.atomic import not_a_file

    if (not_file := not_a_file(target)) is not None:
        raise UsageError(
            f"{command}: cannot write {output}: {not_file} (leave out -o to write to standard output)"
        )
    if not target.exists():
        return
    for raw in paths:
        try:
            same = raw != "-" and target.samefile(raw)
        except OSError:
            same = False
        if same:
            raise UsageError(f"{command}: will not write over {output}: it is one of the case files {done}")
    from causality.report.render import holds_a_case

    if holds_a_case(target):
        raise UsageError(f"{command}: will not write over {output}: it is a case file (choose another -o)")


@contextmanager
def file_writer(output: str) -> Iterator[Callable[[str], None]]:
    """Writes the batch's output to ``output`` atomically: the file appears complete when every case
    has passed and been written, and nothing at all is left on a problem or a full disk."""
    from pathlib import Path

    from causality.atomic import open_atomic

    try:
        with open_atomic(Path(output)) as handle:

            def write(text: str) -> None:
                # Surrogates stand for file names that are not UTF-8; they go out as they came in.
                handle.write(text.encode("utf-8", "surrogateescape"))

            yield write
    except OSError as exc:
        raise OutputError(
            f"causality score: cannot write {output}: {exc.strerror or exc}; nothing was written"
        ) from None


# click's pattern for terminal escape sequences (click._compat._ansi_re), which `click.echo` removes from
# output that is not a terminal. Written here so that writing the scores needs no click.
_ANSI_ESCAPE = r"\033\[[0-?]*[ -/]*[@-~]"


_INTERRUPTED_WRITING = "causality score: interrupted while the output was written; it may be incomplete"


def write_stdout(text: str) -> None:
    """Write to standard output as `click.echo` would; a closed pipe or a full disk becomes an
    `OutputError` (one line, exit 1), not a traceback."""
    out = sys.stdout
    if not out.isatty():
        import re

        text = re.sub(_ANSI_ESCAPE, "", text)  # as click.echo does, so the output is the same as before
    # A file name's stray byte (a lone surrogate) goes out as the byte it was, as it does into a file (-o).
    errors = out.errors if out.errors not in (None, "strict") else "surrogateescape"
    data = memoryview(text.encode(out.encoding or "utf-8", errors))
    try:
        out.flush()
        binary = out.buffer
        while data:
            # A write into a pipe whose reader has gone can return short instead of failing; the next
            # write then reports the closed pipe. Without the loop the rest would be dropped silently.
            written = binary.write(data)
            data = data[written if written is not None else len(data) :]
        binary.flush()
    except KeyboardInterrupt:
        # Part of the output may already be in a file or with the program reading it.
        _drop_stdout()
        raise InterruptedOutput(_INTERRUPTED_WRITING) from None
    except BrokenPipeError:
        _drop_stdout()
        raise OutputError(
            "causality score: the program reading the output stopped early; the output is incomplete"
        ) from None
    except OSError as exc:
        _drop_stdout()
        raise OutputError(
            f"causality score: could not write the output: {exc.strerror or exc}; the output is incomplete"
        ) from None


def _drop_stdout() -> None:
    # What is left in standard output's buffer would fail again when Python flushes it at exit, and that
    # failure is printed as a traceback-like "Exception ignored" message.
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
