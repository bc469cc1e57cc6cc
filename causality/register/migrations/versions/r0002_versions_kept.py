"""Every saved version of a case stays as it was saved: the versions table refuses UPDATE and DELETE, as
the audit table does, and no case is deleted (its versions would go with it, or be left without it).
A case's earlier versions are what `db show --version N` and its history rest on.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_REFUSE = """
CREATE FUNCTION causality_versions_kept() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'saved versions are kept as they were saved: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_REFUSE)
        op.execute(
            "CREATE TRIGGER versions_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON versions "
            "FOR EACH STATEMENT EXECUTE FUNCTION causality_versions_kept();"
        )
        op.execute(
            "CREATE TRIGGER cases_kept BEFORE DELETE OR TRUNCATE ON cases "
            "FOR EACH STATEMENT EXECUTE FUNCTION causality_versions_kept();"
        )
    else:  # SQLite: the same refusals, as triggers per row (they hold whether foreign keys are on or not)
        for table, what in (("versions", "UPDATE"), ("versions", "DELETE"), ("cases", "DELETE")):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'saved versions are kept as they were saved: {what} refused'); END;"
            )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded: its saved versions must not be lost")
