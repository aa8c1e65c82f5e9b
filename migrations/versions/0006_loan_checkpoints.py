"""loan checkpoints: the fold of each loan at the start of a day, so a balance resumes there

Revision ID: 0006_loan_checkpoints
Revises: 0005_end_of_day_carry

A cache (``services.checkpoints``): existing loans have none until their next repayment; until
then their balances are folded from the first event, as before.
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_loan_checkpoints"
down_revision = "0005_end_of_day_carry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loan_checkpoints",
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("through_event_id", sa.Integer(), nullable=False),
        sa.Column("terms_digest", sa.String(length=32), nullable=False),
        sa.Column("fold", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_loan_checkpoints_loan_id_loans")),
        sa.PrimaryKeyConstraint("loan_id", name=op.f("pk_loan_checkpoints")),
    )


def downgrade() -> None:
    op.drop_table("loan_checkpoints")
