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
           "carry_second_principal", "carry_overdue_since", "carry_penalty_owed", "carry_late_owed",
           "carry_accrues_alone", "carry_scaled_rate")


def upgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carry_in_term_dong_days", sa.BigInteger(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("carry_next_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("carry_second_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("carry_next_principal", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("carry_second_principal", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("carry_overdue_since", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("carry_penalty_owed", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("carry_late_owed", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("carry_accrues_alone", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("carry_scaled_rate", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("loans", schema=None) as batch_op:  # defaults belong to the model
        batch_op.alter_column("carry_in_term_dong_days", server_default=None)
        batch_op.alter_column("carry_accrues_alone", server_default=None)
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
