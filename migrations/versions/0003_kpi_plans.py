"""kpi plans: the yearly targets the KPIs of Decree 45 Art. 45 are graded against

Revision ID: 0003_kpi_plans
Revises: 0002_chart_of_accounts
"""
from alembic import op
import sqlalchemy as sa
import fundapp.db.base


revision = "0003_kpi_plans"
down_revision = "0002_chart_of_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_plans",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("planned_outstanding_growth", fundapp.db.base.Rate(length=24), nullable=False),
        sa.Column("planned_bad_debt_ratio", fundapp.db.base.Rate(length=24), nullable=False),
        sa.Column("planned_result", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", fundapp.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_kpi_plans_updated_by_users")),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_kpi_plans")),
    )


def downgrade() -> None:
    op.drop_table("kpi_plans")
