"""loan imports: the workbooks a loan book was brought in from, and each imported loan's batch

Revision ID: 0004_loan_imports
Revises: 0003_kpi_plans
"""
from alembic import op
import sqlalchemy as sa
import fundapp.db.base


revision = "0004_loan_imports"
down_revision = "0003_kpi_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("imported_at", fundapp.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["imported_by"], ["users.id"], name=op.f("fk_import_batches_imported_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
        sa.UniqueConstraint("sha256", name=op.f("uq_import_batches_sha256")),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_batch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_loans_import_batch_id_import_batches"), "import_batches",
                                    ["import_batch_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_loans_import_batch_id"), ["import_batch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loans_import_batch_id"))
        batch_op.drop_constraint(batch_op.f("fk_loans_import_batch_id_import_batches"), type_="foreignkey")
        batch_op.drop_column("import_batch_id")
    op.drop_table("import_batches")
