"""borrowers: a tax code belongs to one borrower (one customer, one record: Decree 45 Art. 23 limits)

Revision ID: 0008_unique_tax_code
Revises: 0007_fund_rules

A database that already holds two borrowers with one tax code stops here, naming the code: merge or
correct those records (PATCH /api/v1/borrowers/{id}), then upgrade again.
"""
from alembic import op


revision = "0008_unique_tax_code"
down_revision = "0007_fund_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A unique index, not a table constraint: SQLite adds it without rebuilding the table.
    op.create_index("uq_borrowers_tax_code", "borrowers", ["tax_code"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_borrowers_tax_code", table_name="borrowers")
