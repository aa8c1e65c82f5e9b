"""fund rules: the debt-group thresholds, cure months and provisioning rates as versioned settings

Revision ID: 0007_fund_rules
Revises: 0006_loan_checkpoints

No row means the defaults of domain.md, as before.
"""
from alembic import op
import sqlalchemy as sa

import fundapp.db.base


revision = "0007_fund_rules"
down_revision = "0006_loan_checkpoints"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("decision_no", sa.String(length=100), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", fundapp.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name=op.f("fk_fund_rules_recorded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_rules")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_fund_rules_effective_from")),
    )


def downgrade() -> None:
    op.drop_table("fund_rules")
