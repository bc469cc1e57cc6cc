"""Scoring many case files: validate all, assess all, render, using every core for large batches.

Each worker reads, validates, assesses and renders its share of the files and sends back only text,
so results cross process boundaries cheaply and come back in file order. Nothing is printed unless
every file of the batch is valid.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from pathlib import Path

from causality.errors import InputError, Problem

# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 250


def _render_fragments(paths: Sequence[str], fmt: str) -> tuple[list[Problem], list[str]]:
    from causality.assessment import assess_case
    from causality.casefile import load_file

    problems: list[Problem] = []
    assessed = []
    for path in paths:
        case, file_problems = load_file(Path(path))
        problems.extend(file_problems)
        if case is not None and not problems:
            assessed.append((case, assess_case(case)))
    results = [r for _, case_results in assessed for r in case_results]
    if problems:
        return problems, []
    if fmt == "json":
        import json

        from causality.export import result_data

        # Records are trees (no cycles to check); one encoder for the whole share of the batch.
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
        return [], [encode(result_data(r)) for r in results]
    if fmt == "csv":
        from causality.export import csv_rows

        return [], csv_rows(results)
    from causality.report.view import pair_views
    from causality.table import render_pair

    return [], [render_pair(v) for case, case_results in assessed for v in pair_views(case, case_results)]


def _assemble(fragments: list[str], fmt: str) -> str:
    if fmt == "json":
        # One assessment per line: indent= would switch CPython to its pure-Python JSON encoder.
        return "[\n" + ",\n".join(fragments) + "\n]\n" if fragments else "[]\n"
    if fmt == "csv":
        from causality.export import csv_header

        return csv_header() + "".join(fragments)
    from causality.table import join_blocks

    return join_blocks(fragments)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _in_processes(names: list[str], fmt: str, jobs: int) -> list[tuple[list[Problem], list[str]]]:
    # Imported only for large batches: they pull in socket, logging and more.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Imported before forking, so each worker inherits them instead of importing them again.
    import causality.assessment
    import causality.casefile
    import causality.export
    import causality.table  # noqa: F401

    # Many small chunks rather than one per worker: finished chunks stream back to this process
    # while the workers go on, instead of all results arriving (and being unpickled) at the end.
    size = max(50, min(CHUNK, -(-len(names) // jobs)))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(_render_fragments, chunks, [fmt] * len(chunks)))


def score_paths(paths: Sequence[str], fmt: str, jobs: int | None = None) -> str:
    """Render every assessment of every case file under ``paths``; raise InputError on any problem."""
    from causality.casefile import find_files

    files, problems = find_files(paths)
    names = [str(f) for f in files]
    jobs = max(1, min(jobs or default_jobs(), len(names) // (PARALLEL_FROM // 2) or 1))
    # The batch's objects live until the output is written and hold no reference cycles; the cyclic
    # collector's passes over the growing heap only cost time.
    gc.disable()
    try:
        parts = [_render_fragments(names, fmt)] if jobs == 1 else _in_processes(names, fmt, jobs)
    finally:
        gc.enable()
    problems += [p for part_problems, _ in parts for p in part_problems]
    if problems:
        raise InputError(problems)
    return _assemble([fragment for _, fragments in parts for fragment in fragments], fmt)
