"""Checking every row of a workbook that has been read, and preparing what an import creates.

In one pass, every problem is collected (never only the first): required cells, the borrower rules
of ``services.borrowers`` (kinds and the fields that go with them, CCCD, dates of birth,
membership, unique registration numbers and CCCDs, here within the workbook and against the
database), loan terms by ``domain.schedule.validate_terms``, references between sheets, dates in
order, disbursements within the approved amount and payments never above what was owed
(``history``). Today's eligibility rules are warnings (``today_rules``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Borrower, Loan, LoanProduct
from ...domain.booking import balanced, targets
from ...domain.eligibility import BorrowerKind
from ...domain.errors import DomainError
from ...domain.schedule import validate_terms
from ...domain.terms import LoanTerms, Method
from ...exports.import_template import COLLATERAL
from .. import borrowers as borrower_rules, fund_rules
from ..holidays import working_calendar
from ..products import MAX_RATE
from . import today_rules
from .history import PreparedLoan, replay_loan
from .reading import Book, Problem, Progress, Row

TERMS_VI = {  # domain.schedule.validate_terms, in Vietnamese
    "the amount must be a positive whole number of đồng": "Số tiền vay phải là số nguyên dương",
    "the annual rate must be a positive Decimal": "Lãi suất phải lớn hơn 0",
    "the term must be at least one month": "Thời hạn vay ít nhất 1 tháng",
    "the grace period must be at least 0 and shorter than the term": "Ân hạn gốc phải ngắn hơn thời hạn vay",
    "a frequency is every 1, 3, 6 or 12 months, or 0 (at maturity)": "Kỳ trả chỉ nhận 1, 3, 6, 12 tháng hoặc 0 (cuối kỳ)",
    "principal cannot fall due less often than once in the term": "Kỳ trả gốc dài hơn thời hạn vay",
    "interest cannot fall due less often than once in the term": "Kỳ trả lãi dài hơn thời hạn vay",
    "interest at maturity only needs principal at maturity only": "Trả lãi cuối kỳ (0) thì gốc cũng phải trả cuối kỳ (0)",
    "the interest frequency must divide the principal frequency":
        "Kỳ trả lãi phải chia hết kỳ trả gốc (kỳ trả gốc nào cũng là kỳ trả lãi)",
    "equal instalments need principal and interest on the same monthly frequency":
        "Trả đều cần kỳ trả gốc bằng kỳ trả lãi (ít nhất 1 tháng)",
}
OWN = ("own", "von tu co")


@dataclass
class PreparedBorrower:
    row: Row
    ref: str
    values: dict  # the columns of ``borrowers`` (member_of still a reference in the workbook)
    member_of_ref: str | None = None


@dataclass
class Checked:
    filename: str
    sha256: str
    today: date
    borrowers: list[PreparedBorrower] = field(default_factory=list)
    loans: list[PreparedLoan] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"borrowers": len(self.borrowers), "loans": len(self.loans),
                "disbursements": sum(len(loan.disbursements) for loan in self.loans),
                "repayments": sum(len(loan.repayments) for loan in self.loans),
                "collateral": sum(1 for loan in self.loans if loan.collateral)}


def _required(row: Row, errors: list[Problem]) -> bool:
    """Report each required cell left empty; True when all are there."""
    missing = [c for c in row.sheet.columns if c.required and row[c.key] is None and c.key not in row.unreadable]
    errors += [row.problem(c.key, f"Thiếu {c.heading.lower()}") for c in missing]
    return not missing and not row.unreadable


def _existing(session: Session, column, values: set[str]) -> set[str]:
    found: set[str] = set()
    values = sorted(values)
    for start in range(0, len(values), 500):
        found.update(session.scalars(select(column).where(column.in_(values[start:start + 500]))))
    return found


# --- borrowers (services.borrowers, row by row) -----------------------------------------------------
def _borrower(row: Row, *, today: date, errors: list[Problem]) -> PreparedBorrower | None:
    _required(row, errors)
    if row["kind"] is None or row["ref"] is None:
        return None
    kind = BorrowerKind(row["kind"])
    enterprise = row["is_enterprise"] == "yes"
    person = kind.is_member and not enterprise
    values = {key: row[key] for key in ("name", "registration_no", "tax_code", "legal_representative", "founded_on",
                                        "member_count", "citizen_id", "date_of_birth", "group_name", "sector",
                                        "commune", "district", "address", "phone", "email")}
    values.update(kind=kind, is_enterprise=enterprise, sector=row["sector"] or "other")
    if not kind.is_member and enterprise:
        errors.append(row.problem("is_enterprise", "Chỉ thành viên mới có thể là doanh nghiệp thành viên"))
    wrong = ((borrower_rules.ORGANISATION_ONLY if person else ()) + (borrower_rules.PERSON_ONLY if not person else ())
             + (("member_of", "group_name") if not kind.is_member else ()))
    errors += [row.problem(key, f"Cột này không dùng cho {row.sheet.column('kind').choices[kind.value].lower()}")
               for key in wrong if row[key] is not None]
    if person:
        citizen_id = row["citizen_id"] or ""
        if row["citizen_id"] is not None and not (len(citizen_id) == 12 and citizen_id.isascii() and citizen_id.isdigit()):
            errors.append(row.problem("citizen_id", "Số CCCD phải gồm đúng 12 chữ số"))
        elif row["citizen_id"] is None and "citizen_id" not in row.unreadable:
            errors.append(row.problem("citizen_id", "Thành viên là cá nhân cần số CCCD"))
        born = row["date_of_birth"]
        if born is None and "date_of_birth" not in row.unreadable:
            errors.append(row.problem("date_of_birth", "Cần ngày sinh của thành viên"))
        elif born and (born > today or born < today - relativedelta(years=borrower_rules.OLDEST_AGE)):
            errors.append(row.problem("date_of_birth", f"Ngày sinh {born:%d/%m/%Y} không hợp lệ"))
    elif kind.is_member and not row["registration_no"]:
        errors.append(row.problem("registration_no", "Thành viên là doanh nghiệp cần số đăng ký"))
    if row["founded_on"] and row["founded_on"] > today:
        errors.append(row.problem("founded_on", "Ngày thành lập ở tương lai"))
    if kind is BorrowerKind.COOPERATIVE_MEMBER and row["member_of"] is None and "member_of" not in row.unreadable:
        errors.append(row.problem("member_of", "Thành viên HTX cần mã của HTX mà mình là thành viên"))
    if kind is BorrowerKind.GROUP_MEMBER and row["member_of"] is None and not row["group_name"]:
        errors.append(row.problem("group_name", "Cần tên tổ hợp tác (hoặc mã HTX liên kết ở cột “Thành viên của”)"))
    return PreparedBorrower(row, row["ref"], values, row["member_of"] if kind.is_member else None)


def _check_borrowers(session: Session, book: Book, *, today: date, errors: list[Problem]) -> dict[str, PreparedBorrower]:
    prepared: dict[str, PreparedBorrower] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in book.rows["borrowers"]:
        borrower = _borrower(row, today=today, errors=errors)
        if borrower is None:  # its kind cannot be read: known by its reference all the same
            if row["ref"] is not None:
                prepared.setdefault(row["ref"], PreparedBorrower(row, row["ref"], {"kind": None}))
            continue
        if borrower.ref in prepared:
            first = prepared[borrower.ref].row.number
            errors.append(row.problem("ref", f"Mã khách hàng {borrower.ref} trùng dòng {first}"))
            continue
        prepared[borrower.ref] = borrower
        for key in borrower_rules.IDENTIFIERS:
            value = borrower.values.get(key)
            if value and (key, value) in seen:
                errors.append(row.problem(key, f"{row.sheet.column(key).heading} {value} trùng dòng {seen[key, value]}"))
            elif value:
                seen[key, value] = row.number
    for borrower in prepared.values():  # membership: the parent is a row of this sheet
        if borrower.member_of_ref is None:
            continue
        parent = prepared.get(borrower.member_of_ref)
        allowed = ({BorrowerKind.COOPERATIVE} if borrower.values["kind"] is BorrowerKind.COOPERATIVE_MEMBER
                   else {BorrowerKind.COOPERATIVE, BorrowerKind.COOPERATIVE_UNION})
        if parent is None:
            errors.append(borrower.row.problem("member_of", f"Không có khách hàng mã {borrower.member_of_ref} trong sheet"))
        elif parent.values["kind"] is not None and parent.values["kind"] not in allowed:
            what = "một HTX" if len(allowed) == 1 else "một HTX hoặc liên hiệp HTX"
            errors.append(borrower.row.problem("member_of", f"Mã {borrower.member_of_ref} phải là {what}"))
    for key in borrower_rules.IDENTIFIERS:  # unique in the database too
        values = {b.values[key]: b for b in prepared.values() if b.values.get(key)}
        for value in _existing(session, getattr(Borrower, key), set(values)):
            errors.append(values[value].row.problem(key, f"{values[value].row.sheet.column(key).heading} {value} đã có "
                                                          "trong hệ thống"))
    return prepared


# --- loans ------------------------------------------------------------------------------------------
def _terms(row: Row, product: LoanProduct) -> LoanTerms:
    pick = lambda key, default: default if row[key] is None else row[key]  # noqa: E731
    return LoanTerms(amount=row["amount"], annual_rate=pick("annual_rate", product.annual_rate),
                     term_months=row["term_months"], grace_months=pick("grace_months", 0),
                     method=Method(pick("method", product.method)),
                     principal_every=pick("principal_every", product.principal_every),
                     interest_every=pick("interest_every", product.interest_every),
                     working_day_roll=product.working_day_roll, overdue_rate_factor=product.overdue_rate_factor,
                     late_interest_rate=product.late_interest_rate, prepayment=product.prepayment,
                     current_order=product.current_order)


def _loan(row: Row, products: dict[str, LoanProduct], *, today: date, errors: list[Problem]) -> PreparedLoan | None:
    complete = _required(row, errors)
    if row["contract_no"] is None:
        return None
    loan = PreparedLoan(row, row["contract_no"], row["borrower_ref"])
    product = products.get(row["product_code"]) if row["product_code"] else None
    if row["product_code"] and product is None:
        errors.append(row.problem("product_code", f"Không có sản phẩm mã {row['product_code']}"))
        complete = False
    capital_source = row["capital_source"] or "own"
    own = borrower_rules.fold(capital_source) in OWN
    total = row["total_investment"] if row["total_investment"] is not None else row["amount"]
    own_capital = row["own_capital"] or 0
    loan.values = {"approved_on": row["approved_on"], "decision_no": row["decision_no"] or "Nhập từ sổ cũ",
                   "purpose": row["purpose"], "total_investment": total, "own_capital": own_capital,
                   "capital_source": "own" if own else capital_source, "fund_bears_risk": row["fund_bears_risk"] != "no",
                   "bad_debt_checked_on": row["bad_debt_checked_on"]}
    if own and row["fund_bears_risk"] == "no":
        errors.append(row.problem("fund_bears_risk", "Cho vay bằng vốn tự có thì Quỹ chịu rủi ro"))
    if total is not None and own_capital > total:
        errors.append(row.problem("own_capital", "Vốn tự có lớn hơn tổng mức đầu tư"))
    if row["approved_on"] and row["approved_on"] > today:
        errors.append(row.problem("approved_on", f"Ngày phê duyệt sau ngày nhập {today:%d/%m/%Y}"))
    if any(row[k] is not None for k in ("collateral_kind", "collateral_description", "collateral_value")):
        for key in ("collateral_kind", "collateral_value"):
            if row[key] is None and key not in row.unreadable:
                errors.append(row.problem(key, f"Có tài sản bảo đảm thì cần {row.sheet.column(key).heading.lower()}"))
        if row["collateral_kind"]:
            loan.collateral = {"kind": row["collateral_kind"], "value": row["collateral_value"] or 0,
                               "description": row["collateral_description"] or COLLATERAL[row["collateral_kind"]]}
    if not complete or product is None:
        return loan
    loan.product = product
    terms = _terms(row, product)
    if terms.method is Method.MANUAL:
        errors.append(row.problem("method", "Lịch trả nợ nhập tay chưa nhập được từ Excel; hãy chọn phương thức khác"))
        return loan
    if terms.annual_rate > MAX_RATE:
        errors.append(row.problem("annual_rate", "Lãi suất không quá 20%/năm (Bộ luật Dân sự Điều 468)"))
        return loan
    try:
        validate_terms(terms)
    except DomainError as error:
        errors.append(row.problem(error.field, TERMS_VI.get(error.message, error.message)))
        return loan
    loan.terms = terms
    return loan


def _check_loans(session: Session, book: Book, borrowers: dict[str, PreparedBorrower], *, today: date,
                 errors: list[Problem]) -> dict[str, PreparedLoan]:
    products = {p.code: p for p in session.scalars(select(LoanProduct).where(LoanProduct.current))}
    prepared: dict[str, PreparedLoan] = {}
    for row in book.rows["loans"]:
        loan = _loan(row, products, today=today, errors=errors)
        if loan is None:
            continue
        if loan.contract_no in prepared:
            errors.append(row.problem("contract_no", f"Số hợp đồng {loan.contract_no} trùng dòng "
                                                     f"{prepared[loan.contract_no].row.number}"))
            continue
        if loan.borrower_ref is not None and loan.borrower_ref not in borrowers:
            errors.append(row.problem("borrower_ref", f"Không có khách hàng mã {loan.borrower_ref} trong sheet Khách hàng"))
        prepared[loan.contract_no] = loan
    for number in _existing(session, Loan.contract_no, set(prepared)):
        errors.append(prepared[number].row.problem("contract_no", f"Số hợp đồng {number} đã có trong hệ thống"))
    for key in ("disbursements", "repayments"):
        for row in book.rows[key]:
            if not _required(row, errors):
                row.unreadable.add("")  # incomplete: its loan is not replayed (nothing to say about it yet)
            if row["contract_no"] is None:
                continue
            loan = prepared.get(row["contract_no"])
            if loan is None:
                errors.append(row.problem("contract_no", f"Không có hợp đồng {row['contract_no']} trong sheet Khoản vay"))
            else:
                getattr(loan, key).append(row)
    return prepared


def _positions(loans: list[PreparedLoan]) -> None:
    """Each loan's reported group (domain.md §6: the worst own group of the borrower's disbursed
    loans) and what the ledger must hold for it today (``services.booking.position``)."""
    worst: dict[str, int] = defaultdict(lambda: 1)
    for loan in loans:
        if loan.state is not None:
            worst[loan.borrower_ref] = max(worst[loan.borrower_ref], loan.own_group)
    for loan in loans:
        loan.debt_group = worst[loan.borrower_ref]
        if loan.state is not None:
            loan.target = targets(loan.state, debt_group=loan.debt_group)
            if not balanced(loan.target):  # cannot happen (domain.booking); never post half a loan
                raise AssertionError(f"{loan.contract_no}: booking targets do not balance: {loan.target}")


def check(session: Session, book: Book, *, today: date, settings, progress: Progress | None = None) -> Checked:
    checked = Checked(filename=book.filename, sha256=book.sha256, today=today, errors=list(book.problems))
    errors = checked.errors
    borrowers = _check_borrowers(session, book, today=today, errors=errors)
    loans = _check_loans(session, book, borrowers, today=today, errors=errors)
    if not loans and not any(p.sheet == "Khoản vay" for p in errors):
        errors.append(Problem("Khoản vay", None, None, None, "Không có khoản vay nào để nhập"))
    calendar, table = working_calendar(session), fund_rules.rules_on(session, today).debt_groups
    for done, loan in enumerate(loans.values(), start=1):
        if loan.terms is not None and not any(r.unreadable for r in (*loan.disbursements, *loan.repayments)):
            errors += replay_loan(loan, calendar=calendar, today=today, table=table)
        if progress and (done % 200 == 0 or done == len(loans)):
            progress("check", done, len(loans))
    checked.borrowers = _in_creation_order(borrowers)
    checked.loans = list(loans.values())
    _positions(checked.loans)
    checked.warnings = today_rules.warnings(session, checked, settings=settings)
    return checked


def _in_creation_order(borrowers: dict[str, PreparedBorrower]) -> list[PreparedBorrower]:
    """Organisations first, so that a member's cooperative exists when the member is created."""
    return sorted(borrowers.values(), key=lambda b: (b.member_of_ref is not None, b.row.number))
