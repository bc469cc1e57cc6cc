"""The case register: import rate and a filtered search, on SQLite and (when a server is given) PostgreSQL.

- import: `causality db import FOLDER` into an empty register against `causality score FOLDER --format
  jsonl --jobs 1` on the same files (the same reading, checking and scoring; the ratio is what storing
  adds). Target: at most 3x, and peak memory at most 100 MiB whatever the number of files.
- search: `causality db list --drug digoxin --instrument naranjo --format csv` on the register holding
  every case, against the same search of a register holding a tenth of them. Target: at most 1.5x: the
  indexes keep a search nearly flat as the register grows (the rows found grow tenfold too).

python bench/register.py [--files N] [--runs N] [--postgresql URL]; the PostgreSQL rows need a server
whose user may create schemas (CAUSALITY_TEST_POSTGRESQL is used when --postgresql is not given).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import Row, alternate, install, peak_mib, print_table, ratio_row, run
from throughput import generate

MEMORY_MIB = 100


@contextmanager
def registers(kind: str, work: Path, server: str | None) -> Iterator[object]:
    """A function giving a fresh, empty register address each time it is called; dropped afterwards."""
    made: list[str] = []
    if kind == "sqlite":
        yield lambda: f"sqlite:///{work / f'register-{uuid.uuid4().hex}.sqlite'}"
        return
    import sqlalchemy as sa

    assert server is not None
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1))

    def fresh() -> str:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        made.append(schema)
        sep = "&" if "?" in server else "?"
        return f"{server}{sep}options=-csearch_path%3D{schema}"

    try:
        yield fresh
    finally:
        with admin.begin() as conn:
            for schema in made:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def rows(bin_dir: Path, work: Path, files: int, runs: int, server: str | None) -> list[Row]:
    causality = str(bin_dir / "causality")
    folder = work / f"register-cases-{files}"
    generate(folder, files)
    result = []
    for kind in ("sqlite", *(["postgresql"] if server else [])):
        with registers(kind, work, server) as fresh:
            c = alternate(
                f"{kind}: import {files:,} files vs score them (--jobs 1)",
                lambda: run([causality, "score", str(folder), "--format", "jsonl", "--jobs", "1"]),
                lambda: run([causality, "db", "--db", fresh(), "import", str(folder), "--quiet"]),  # type: ignore[operator]
                runs,
            )
            row = ratio_row(c, 3.0)
            row.target += f", <= {MEMORY_MIB} MiB"
            row.met = row.met and peak_mib(c.tool) <= MEMORY_MIB
            result.append(row)
            full, tenth = fresh(), fresh()  # type: ignore[operator]
            run([causality, "db", "--db", full, "import", str(folder), "--quiet"])
            part = work / f"register-tenth-{files}"
            part.mkdir(exist_ok=True)
            for path in sorted(folder.iterdir())[: files // 10]:
                (part / path.name).write_bytes(path.read_bytes())
            run([causality, "db", "--db", tenth, "import", str(part), "--quiet"])

            def search(url: str) -> list[str]:
                return [causality, "db", "--db", url, "list", "--drug", "digoxin", "--instrument", "naranjo",
                        "--format", "csv"]  # fmt: skip

            c = alternate(
                f"{kind}: filtered search of {files:,} cases vs {files // 10:,}",
                lambda tenth=tenth: run(search(tenth)),  # type: ignore[misc]
                lambda full=full: run(search(full)),  # type: ignore[misc]
                runs,
            )
            result.append(ratio_row(c, 1.5))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--files", type=int, default=10_000, help="case files (100,000 for the issue's scale)"
    )
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs per comparison")
    parser.add_argument(
        "--postgresql", default=os.environ.get("CAUSALITY_TEST_POSTGRESQL"), help="server URL"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bin_dir = install(work, "postgresql")
        table = rows(bin_dir, work, args.files, args.runs, args.postgresql)
        print(
            f"Alternating runs (A B A B ...) after one warm-up each; {args.runs} pairs; {args.files:,} files."
        )
        print_table(table)
    return 0 if all(r.met for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
