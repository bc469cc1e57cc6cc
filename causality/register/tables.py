"""The register's tables (SQLAlchemy Core). A case is kept whole, as its validated case document, with the
columns people search by beside it; the migrations in `migrations/` create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# Every time is stored in UTC without a zone (SQLite has no zone type; one rule for both databases).

# The Alembic revision the tables below correspond to; a register at another revision is upgraded first.
HEAD = "0002"
REVISIONS = ("0001", "0002")  # every revision this version can upgrade from (a newer register is refused)
# Revisions whose tables read as HEAD's (0002 only adds triggers): a command that only reads such a register
# reads it as it is when it may not upgrade it (a file or a database role it may only read).
READABLE = ("0001", "0002")

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Text(), nullable=False, unique=True),
    Column("version", Integer, nullable=False),  # 1 on import, +1 on every save
    Column("document", Text, nullable=False),  # the case file's data as JSON, as the reader validated it
    Column("source", Text, nullable=False),  # the file it was imported from
    Column("assessor", Text()),
    Column("assessed_at", DateTime()),
    Column("changed_at", DateTime(), nullable=False),
    Column("changed_by", Text()),
)

# Every version of every case as it was saved: what a refused save is compared against, and what an
# inspector reads back.
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Column("changed_at", DateTime(), nullable=False),
    Column("changed_by", Text()),
    Index("versions_case_version", "case", "version", unique=True),
)

# One row per drug x reaction x instrument: what `list` filters on and `stats` counts.
results = Table(
    "results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("drug", Text(), nullable=False),
    Column("reaction", Text(), nullable=False),
    Column("instrument", String(60), nullable=False),
    Column("category", Text()),  # None: the instrument gave no result
    Column("score", Integer),
    Column("assessor", Text()),
    Column("role", String(20), nullable=False),  # independent, consensus, adjudication
    Column("assessed_at", DateTime()),
    Index("results_drug", "drug"),
    Index("results_reaction", "reaction"),
    Index("results_instrument_category", "instrument", "category"),
    Index("results_assessor", "assessor"),
    Index("results_case", "case"),
)

# Append-only: who did what to which case, when. On PostgreSQL a trigger refuses UPDATE and DELETE.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Text(), nullable=False),
    Column("at", DateTime(), nullable=False),
    Column("who", Text()),
    # imported, replaced, saved, assessments added; and from the case file itself: change (an entry of its
    # history) and signature, each once (``entry`` names it), so that they outlive any later edit of the file.
    Column("action", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("detail", Text),
    Column("entry", String(64)),
    Index("audit_case", "case_id", "entry"),
)
