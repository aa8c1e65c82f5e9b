"""Seed the chart of accounts (codes follow the fund's usual numbering; officers may edit them).

Revision ID: 0002_chart_of_accounts
Revises: 0001_schema
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_chart_of_accounts"
down_revision = "0001_schema"
branch_labels = None
depends_on = None

ACCOUNTS = [
    # key, code, Vietnamese, English, kind
    ("bank", "1121", "Tiền gửi ngân hàng", "Cash at bank", "asset"),
    ("loans_in_term", "2111", "Cho vay trong hạn", "Loans receivable, in term", "asset"),
    ("loans_overdue", "2112", "Cho vay quá hạn", "Loans receivable, overdue", "asset"),
    ("interest_receivable", "1381", "Lãi cho vay phải thu", "Interest receivable", "asset"),
    ("specific_provision", "2291", "Dự phòng rủi ro cụ thể", "Specific provision", "contra_asset"),
    ("general_provision", "2292", "Dự phòng rủi ro chung", "General provision", "contra_asset"),
    ("advances_held", "3381", "Tiền khách hàng trả trước chờ phân bổ", "Borrowers' advances held for the next instalment", "liability"),
    ("entrusted_capital", "3388", "Vốn nhận ủy thác", "Entrusted capital received", "liability"),
    ("charter_capital", "4111", "Vốn điều lệ", "Charter capital", "equity"),
    ("other_equity", "4118", "Vốn khác (tài trợ)", "Other equity (grants)", "equity"),
    ("retained_result", "4211", "Kết quả hoạt động lũy kế", "Accumulated result", "equity"),
    ("interest_income", "5151", "Thu lãi cho vay", "Interest income", "income"),
    ("penalty_income", "5152", "Thu lãi quá hạn, lãi chậm trả", "Penalty and late interest income", "income"),
    ("recovery_income", "7111", "Thu hồi nợ đã xử lý rủi ro", "Recoveries of written-off loans", "income"),
    ("provision_expense", "6351", "Chi phí dự phòng rủi ro", "Provision expense", "expense"),
    ("memo_interest", "9411", "Lãi cho vay chưa thu được (ngoại bảng)", "Interest not recognised (off balance sheet)", "memo"),
    ("memo_written_off_principal", "9711", "Nợ gốc đã xử lý rủi ro (ngoại bảng)", "Written-off principal (off balance sheet)", "memo"),
    ("memo_written_off_interest", "9712", "Nợ lãi đã xử lý rủi ro (ngoại bảng)", "Written-off interest (off balance sheet)", "memo"),
    ("memo_contra", "9999", "Đối ứng ngoại bảng", "Off-balance-sheet contra", "memo"),
]


def upgrade() -> None:
    accounts = sa.table(
        "accounts",
        sa.column("key", sa.String), sa.column("code", sa.String), sa.column("name_vi", sa.String),
        sa.column("name_en", sa.String), sa.column("kind", sa.String),
    )
    op.bulk_insert(accounts, [dict(zip(("key", "code", "name_vi", "name_en", "kind"), row)) for row in ACCOUNTS])


def downgrade() -> None:
    keys = ", ".join(f"'{row[0]}'" for row in ACCOUNTS)
    op.execute(f"DELETE FROM accounts WHERE key IN ({keys})")
