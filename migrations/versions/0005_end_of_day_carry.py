"""end of day carry: what a quiet day needs of each loan's fold, so end of day advances it in bulk

Revision ID: 0005_end_of_day_carry
Revises: 0004_loan_imports

Existing loans get no carry (``carry_accrues_alone`` false): the next end of day replays them
once, as before, and fills it.
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_end_of_day_carry"
down_revision = "0004_loan_imports"
branch_labels = None
depends_on = None

COLUMNS = ("carry_in_term_dong_days", "carry_next_due_on", "carry_second_due_on", "carry_next_principal",
           "carry_second_principal", "carry_overdue_since", "carry_interest_overdue", "carry_penalty_dong_days",
           "carry_penalty_paid", "carry_late_dong_days", "carry_late_paid", "carry_accrues_alone", "carry_scaled_rate",
           "carry_scaled_overdue_rate", "carry_scaled_late_rate", "cached_in_bulk_on")
ZERO = ("carry_in_term_dong_days", "carry_interest_overdue", "carry_penalty_dong_days", "carry_penalty_paid",
        "carry_late_dong_days", "carry_late_paid")


def upgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        for column in COLUMNS:
            if column in ZERO:
                batch_op.add_column(sa.Column(column, sa.BigInteger(), nullable=False, server_default="0"))
            elif column.endswith("_on") or column == "carry_overdue_since":  # dates
                batch_op.add_column(sa.Column(column, sa.Date(), nullable=True))
            elif column == "carry_accrues_alone":
                batch_op.add_column(sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()))
            else:
                batch_op.add_column(sa.Column(column, sa.BigInteger(), nullable=True))
    with op.batch_alter_table("loans", schema=None) as batch_op:  # defaults belong to the model
        for column in (*ZERO, "carry_accrues_alone"):
            batch_op.alter_column(column, server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        # End of day rewrites most loan rows every night, only columns no index covers: room left
        # in each page lets PostgreSQL update them in place (HOT) instead of touching every index.
        op.execute("ALTER TABLE loans SET (fillfactor = 70)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE loans RESET (fillfactor)")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
