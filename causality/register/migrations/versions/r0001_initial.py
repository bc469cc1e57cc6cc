"""The first register: cases, every saved version, results by instrument, and the append-only audit table.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_REFUSE = """
CREATE FUNCTION causality_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit table is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Text(), nullable=False, unique=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("assessor", sa.Text()),
        sa.Column("assessed_at", sa.DateTime()),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.Text()),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.Text()),
    )
    op.create_index("versions_case_version", "versions", ["case", "version"], unique=True)
    op.create_table(
        "results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("drug", sa.Text(), nullable=False),
        sa.Column("reaction", sa.Text(), nullable=False),
        sa.Column("instrument", sa.String(60), nullable=False),
        sa.Column("category", sa.Text()),
        sa.Column("score", sa.Integer),
        sa.Column("assessor", sa.Text()),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("assessed_at", sa.DateTime()),
    )
    op.create_index("results_drug", "results", ["drug"])
    op.create_index("results_reaction", "results", ["reaction"])
    op.create_index("results_instrument_category", "results", ["instrument", "category"])
    op.create_index("results_assessor", "results", ["assessor"])
    op.create_index("results_case", "results", ["case"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.Text()),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("entry", sa.String(64)),
    )
    op.create_index("audit_case", "audit", ["case_id", "entry"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_REFUSE)
        op.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION causality_audit_append_only();"
        )
    else:  # SQLite: the same refusal, as triggers per row
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_no_{what.lower()} BEFORE {what} ON audit "
                f"BEGIN SELECT RAISE(ABORT, 'the audit table is append-only: {what} refused'); END;"
            )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: its audit trail must not be lost")
