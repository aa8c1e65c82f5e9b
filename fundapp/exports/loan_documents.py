"""The papers a fund hands a borrower, as PDF (domain.md §8: amounts in figures ``1.500.000 đ`` and in
Vietnamese words, dates dd/mm/yyyy): the loan contract (hợp đồng tín dụng) with its schedule, a
debt receipt (khế ước nhận nợ) per disbursement, a receipt (phiếu thu) per repayment showing how it
was applied, and the statement of account (sao kê tài khoản vay) for a date range.

Each takes the loan and borrower rows and the figures the services computed; nothing is computed
here but totals of what is printed.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ..db.models import Borrower, Loan
from ..domain.money import format_dong
from .pdf import Document, vn_date

METHODS = {"equal_principal": "trả gốc đều, lãi tính trên dư nợ giảm dần", "annuity": "trả góp đều (gốc và lãi)",
           "bullet": "trả gốc một lần khi đáo hạn", "manual": "theo lịch trả nợ thỏa thuận"}
PARTS = (("principal_overdue", "Nợ gốc quá hạn"), ("interest_overdue", "Lãi quá hạn chưa trả"),
         ("penalty_interest", "Lãi trên nợ gốc quá hạn"), ("late_interest", "Lãi chậm trả"),
         ("interest_due_today", "Lãi đến hạn"), ("principal_due_today", "Nợ gốc đến hạn"),
         ("interest_accrued", "Lãi tính đến ngày tất toán"), ("advance", "Tiền trả trước chờ phân bổ kỳ sau"),
         ("principal_prepaid", "Trả nợ gốc trước hạn"))
SCHEDULE_HEADINGS = ["Kỳ", "Ngày trả nợ", "Nợ gốc", "Lãi (dự kiến)", "Tổng cộng"]
SCHEDULE_WIDTHS = [14, 36, 46, 46, 48]


def _percent(rate: Decimal) -> str:
    return f"{(Decimal(rate) * 100).normalize():f}".replace(".", ",") + "%/năm"


def _borrower(document: Document, borrower: Borrower, *, label: str) -> None:
    document.field(label, borrower.name)
    document.field("Địa chỉ:", ", ".join(p for p in (borrower.address, borrower.commune) if p))
    if borrower.registration_no:
        document.field("Số đăng ký HTX / mã số thuế:", " / ".join(p for p in (borrower.registration_no,
                                                                             borrower.tax_code) if p))
    if borrower.citizen_id:
        document.field("Số CCCD:", borrower.citizen_id)
    if borrower.legal_representative:
        document.field("Người đại diện:", borrower.legal_representative)


def _schedule(document: Document, rows: Sequence[dict]) -> None:
    """Rows with ``seq``, ``due_date``, ``principal``, ``interest``: the schedule with its total."""
    body = [[r["seq"], vn_date(r["due_date"]), r["principal"], r["interest"], r["principal"] + r["interest"]]
            for r in rows]
    total = ["", "Tổng cộng", sum(r[2] for r in body), sum(r[3] for r in body), sum(r[4] for r in body)]
    document.table(SCHEDULE_HEADINGS, body, widths=SCHEDULE_WIDTHS, money_columns=[2, 3, 4], total_row=total)


def loan_contract(*, fund_name: str, loan: Loan, borrower: Borrower, schedule: Sequence[dict], place: str = "",
                  indicative: bool) -> bytes:
    document = Document(fund_name=fund_name, title="Hợp đồng tín dụng")
    document.paragraph(f"Số: {loan.contract_no}", align="C")
    document.paragraph(f"Căn cứ quyết định cho vay số {loan.decision_no} ngày {vn_date(loan.approved_on)}.")
    document.ln(2)
    document.field("BÊN CHO VAY (Bên A):", fund_name)
    _borrower(document, borrower, label="BÊN VAY (Bên B):")
    document.ln(2)
    document.paragraph("Điều 1. Số tiền, mục đích, thời hạn cho vay", bold=True)
    document.amount("Số tiền cho vay:", loan.amount)
    document.field("Mục đích sử dụng vốn vay:", loan.purpose)
    grace = f", ân hạn nợ gốc {loan.grace_months} tháng" if loan.grace_months else ""
    document.field("Thời hạn cho vay:", f"{loan.term_months} tháng{grace}")
    if loan.disbursed_on:
        document.field("Ngày giải ngân lần đầu:", vn_date(loan.disbursed_on))
    if loan.maturity_date:
        document.field("Ngày đáo hạn:", vn_date(loan.maturity_date))
    document.paragraph("Điều 2. Lãi suất", bold=True)
    document.field("Lãi suất cho vay trong hạn:", f"{_percent(loan.annual_rate)} (một năm tính 365 ngày)")
    document.field("Lãi suất áp dụng với nợ gốc quá hạn:",
                   f"{_percent(loan.annual_rate * loan.overdue_rate_factor)} "
                   f"({(Decimal(loan.overdue_rate_factor) * 100).normalize():f}% lãi suất trong hạn)")
    document.field("Lãi chậm trả trên số lãi chậm trả:", _percent(loan.late_interest_rate))
    document.paragraph("Điều 3. Phương thức trả nợ", bold=True)
    document.field("Phương thức:", METHODS.get(loan.method.value, loan.method.value))
    document.paragraph(("Lịch trả nợ dự kiến (tính như giải ngân hôm nay):" if indicative else
                        "Lịch trả nợ (lãi dự kiến nếu trả đúng hạn; lãi thực tính trên dư nợ thực tế):"), size=10)
    _schedule(document, schedule)
    document.paragraph("Điều 4. Thu hồi nợ trước hạn", bold=True)
    document.paragraph("Bên A được thu hồi nợ trước hạn nếu Bên B sử dụng vốn vay sai mục đích hoặc vi phạm hợp "
                       "đồng; nợ gốc chưa trả khi đến hạn bị chuyển nợ quá hạn.", size=10)
    document.signatures(["ĐẠI DIỆN BÊN VAY", "ĐẠI DIỆN BÊN CHO VAY"], on=loan.approved_on, place=place)
    return document.render()


def debt_receipt(*, fund_name: str, loan: Loan, borrower: Borrower, disbursement: dict,
                 schedule: Sequence[dict], place: str = "") -> bytes:
    document = Document(fund_name=fund_name, title="Khế ước nhận nợ")
    document.paragraph(f"Số: {loan.contract_no}/KU-{disbursement['tranche']:02d}", align="C")
    document.paragraph(f"Căn cứ hợp đồng tín dụng số {loan.contract_no} ký ngày {vn_date(loan.approved_on)}, "
                       f"bên vay nhận nợ lần thứ {disbursement['tranche']} như sau:")
    _borrower(document, borrower, label="Bên nhận nợ:")
    document.amount("Số tiền nhận nợ:", disbursement["amount"])
    document.field("Ngày nhận nợ:", vn_date(disbursement["value_date"]))
    if disbursement.get("reference"):
        document.field("Chứng từ giải ngân:", disbursement["reference"])
    document.field("Tổng số tiền đã nhận nợ theo hợp đồng:", format_dong(disbursement['disbursed_total']))
    document.field("Lãi suất:", _percent(loan.annual_rate))
    if loan.maturity_date:
        document.field("Ngày đáo hạn:", vn_date(loan.maturity_date))
    document.paragraph("Lịch trả nợ sau lần nhận nợ này:", size=10)
    _schedule(document, schedule)
    document.signatures(["BÊN NHẬN NỢ", "KẾ TOÁN TRƯỞNG", "GIÁM ĐỐC"], on=disbursement["value_date"], place=place)
    return document.render()


def repayment_receipt(*, fund_name: str, loan: Loan, borrower: Borrower, payment: dict, recovery: bool,
                      principal_after: int, place: str = "") -> bytes:
    document = Document(fund_name=fund_name, title="Phiếu thu")
    document.paragraph(f"Số: PT-{payment['id']:06d}    Ngày: {vn_date(payment['value_date'])}", align="C")
    if payment.get("reversed"):
        document.paragraph(f"ĐÃ HỦY — lý do: {payment.get('reversal_reason') or ''}", bold=True, align="C")
    document.field("Họ tên người nộp tiền:", borrower.name)
    document.field("Địa chỉ:", borrower.commune)
    purpose = "Thu hồi nợ đã xử lý rủi ro" if recovery else "Trả nợ"
    document.field("Lý do nộp:", f"{purpose} theo hợp đồng tín dụng số {loan.contract_no}")
    if payment.get("reference"):
        document.field("Chứng từ kèm theo:", payment["reference"])
    document.amount("Số tiền:", payment["amount"])
    rows = [[label, payment[key]] for key, label in PARTS if payment.get(key)]
    document.paragraph("Số tiền được phân bổ (thứ tự theo Thông tư 39/2016/TT-NHNN Điều 18):", size=10)
    document.table(["Nội dung", "Số tiền (đồng)"], rows, widths=[120, 70], money_columns=[1],
                   total_row=["Tổng cộng", sum(r[1] for r in rows)])
    document.ln(2)
    document.field(f"Dư nợ gốc sau ngày {vn_date(payment['value_date'])}:",
                   format_dong(principal_after))
    document.signatures(["NGƯỜI NỘP TIỀN", "THỦ QUỸ", "KẾ TOÁN TRƯỞNG"], on=payment["value_date"], place=place)
    return document.render()


def account_statement(*, fund_name: str, loan: Loan, borrower: Borrower, statement: dict, today: date) -> bytes:
    document = Document(fund_name=fund_name, title="Sao kê tài khoản vay", landscape=True)
    document.paragraph(f"Hợp đồng tín dụng số {loan.contract_no} — từ ngày {vn_date(statement['from'])} đến ngày "
                       f"{vn_date(statement['to'])}", align="C")
    document.field("Khách hàng:", borrower.name)
    document.amount("Dư nợ gốc đầu kỳ:", statement["opening_principal"])
    lines = [[vn_date(line["value_date"]), line["description"], line["amount"], line["principal_paid"],
              line["interest_paid"], line["penalty_paid"], line["principal_outstanding"]]
             for line in statement["lines"]]
    document.table(["Ngày", "Diễn giải", "Số tiền", "Gốc đã trả", "Lãi đã trả", "Phạt đã trả", "Dư nợ gốc"], lines,
                   widths=[24, 89, 33, 33, 30, 28, 40], money_columns=[2, 3, 4, 5, 6], size=8)
    closing = statement["closing"]
    document.ln(2)
    document.amount(f"Dư nợ gốc đến ngày {vn_date(statement['to'])}:", closing["principal_outstanding"])
    if closing["principal_overdue"]:
        document.field("Trong đó nợ gốc quá hạn:", format_dong(closing['principal_overdue']))
    document.amount("Số tiền tất toán khoản vay:", closing["payoff_amount"])
    document.signatures(["KẾ TOÁN", "KẾ TOÁN TRƯỞNG"], on=today)
    return document.render()
