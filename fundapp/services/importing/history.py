"""One imported loan's history, checked and replayed: its plan, its money events, its state today.

The plan is fixed at the first disbursement exactly as ``services.disbursements`` fixes it (the
approved terms, the fund's working calendar as it stands); the events are replayed with
``domain.position.replay``, the fold the API uses, so a payment above what was owed on its date
(``PaymentExceedsPayoff``) or a prepayment the product refuses (``PrepaymentRefused``) is refused
here as it would be there. The offending payment is set aside and the replay goes on, so every
such payment of the loan is reported at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ...domain import classification
from ...domain.allocation import PaymentExceedsPayoff, PrepaymentRefused
from ...domain.calendar import WorkingCalendar
from ...domain.errors import DomainError
from ...domain.events import Disbursed, Event, Paid
from ...domain.loan_state import LoanState
from ...domain.money import format_dong
from ...domain.plan import Plan
from ...domain.position import replay
from ...domain.schedule import build_plan
from ...domain.terms import LoanTerms
from .reading import Problem, Row


@dataclass
class PreparedLoan:
    """A loan row with what it needs to be created: its terms, product, events and state."""

    row: Row
    contract_no: str
    borrower_ref: str | None
    values: dict = field(default_factory=dict)  # the loan's and its application's columns
    product: object | None = None  # the LoanProduct (current version of the code)
    terms: LoanTerms | None = None
    collateral: dict | None = None
    disbursements: list[Row] = field(default_factory=list)
    repayments: list[Row] = field(default_factory=list)
    plan: Plan | None = None
    events: list[Event] = field(default_factory=list)
    state: LoanState | None = None
    own_group: int = 1
    debt_group: int = 1  # the borrower's worst (domain.md §6)
    target: dict | None = None  # what the ledger holds for it as of today (domain.booking.targets)

    @property
    def disbursed_amount(self) -> int:
        return sum(row["amount"] or 0 for row in self.disbursements)

    @property
    def first_disbursed_on(self) -> date | None:
        return self.disbursements[0]["value_date"] if self.disbursements else None


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _dates_in_order(loan: PreparedLoan, *, today: date) -> list[Problem]:
    problems = []
    approved_on = loan.values["approved_on"]
    total = 0
    for row in loan.disbursements:
        day = row["value_date"]
        if day < approved_on:
            problems.append(row.problem("value_date", f"Ngày giải ngân {_d(day)} trước ngày phê duyệt {_d(approved_on)}"))
        if day > today:
            problems.append(row.problem("value_date", f"Ngày giải ngân {_d(day)} sau ngày nhập {_d(today)}"))
        total += row["amount"]
        if total > loan.terms.amount:
            problems.append(row.problem("amount", f"Tổng giải ngân {format_dong(total)} vượt số tiền vay "
                                                  f"{format_dong(loan.terms.amount)}"))
            total = loan.terms.amount  # report this tranche once, not every one after it
    checked_on = loan.values.get("bad_debt_checked_on")
    if checked_on and loan.disbursements and checked_on > loan.first_disbursed_on:
        problems.append(loan.row.problem("bad_debt_checked_on", f"Ngày kiểm tra nợ xấu {_d(checked_on)} sau lần giải "
                                                                f"ngân đầu {_d(loan.first_disbursed_on)}"))
    if loan.repayments and not loan.disbursements:
        problems.append(loan.repayments[0].problem(
            "contract_no", f"Hợp đồng {loan.contract_no} có {len(loan.repayments)} lần trả nợ nhưng chưa có lần giải "
                           "ngân nào trong sheet Giải ngân"))
        return problems
    for row in loan.repayments:
        day = row["value_date"]
        if day < loan.first_disbursed_on:
            problems.append(row.problem("value_date", f"Ngày trả nợ {_d(day)} trước lần giải ngân đầu "
                                                      f"{_d(loan.first_disbursed_on)}"))
        if day > today:
            problems.append(row.problem("value_date", f"Ngày trả nợ {_d(day)} sau ngày nhập {_d(today)}"))
    return problems


def _payment_problem(row: Row, error: DomainError) -> Problem:
    day, figures = row["value_date"], error.figures
    if isinstance(error, PaymentExceedsPayoff):
        return row.problem("amount", f"Số tiền trả {format_dong(row['amount'])} vượt số tiền tất toán ngày {_d(day)} "
                                     f"là {format_dong(figures['payoff_amount'])}")
    if isinstance(error, PrepaymentRefused):
        return row.problem("amount", f"Sản phẩm không nhận trả nợ trước hạn: ngày {_d(day)} chỉ trả được tối đa "
                                     f"{format_dong(figures['max_payable'])} (hoặc tất toán "
                                     f"{format_dong(figures['payoff_amount'])})")
    return row.problem("amount", f"Không áp dụng được khoản trả này ({error.rule})")


def events_of(loan: PreparedLoan) -> list[Event]:
    """The loan's events in the order they are stored: disbursements, then repayments, each by value
    date and row. ``seq`` is that order, as a row id is in the API (two payments of one day apply
    in the order recorded, domain.md §5)."""
    events: list[Event] = [Disbursed(value_date=row["value_date"], amount=row["amount"], seq=seq)
                           for seq, row in enumerate(loan.disbursements, start=1)]
    start = len(events) + 1
    events += [Paid(payment_id=row.number, value_date=row["value_date"], amount=row["amount"], seq=seq)
               for seq, row in enumerate(loan.repayments, start=start)]
    return events


def replay_loan(loan: PreparedLoan, *, calendar: WorkingCalendar, today: date,
                table: classification.DebtGroupTable = classification.DEFAULT_TABLE) -> list[Problem]:
    """Check the loan's dates and payments and fill its plan, events, state and own group; the
    problems found (none when it can be imported)."""
    loan.disbursements.sort(key=lambda row: (row["value_date"], row.number))
    loan.repayments.sort(key=lambda row: (row["value_date"], row.number))
    problems = _dates_in_order(loan, today=today)
    if problems or not loan.disbursements:
        return problems
    first = loan.disbursements[0]
    try:
        loan.plan = build_plan(loan.terms, disbursed_on=first["value_date"], calendar=calendar)
    except DomainError as error:  # e.g. the working-day roll puts two due dates on one day
        return [first.problem("value_date", f"Không lập được lịch trả nợ từ ngày giải ngân này ({error.rule})")]
    events = events_of(loan)
    by_number = {row.number: row for row in loan.repayments}
    while True:
        try:
            state = replay(terms=loan.terms, plan=loan.plan, events=events, as_of=today)
            break
        except DomainError as error:
            payment = by_number.get(error.figures.get("payment_id"))
            if payment is None:  # a tranche with no principal date left to spread over
                tranche = next((r for r in loan.disbursements if r["value_date"] == error.figures.get("from_date")),
                               first)
                problems.append(tranche.problem("value_date", "Không còn kỳ trả gốc nào sau ngày giải ngân này để "
                                                              f"phân bổ đợt giải ngân ({error.rule})"))
                return problems
            problems.append(_payment_problem(payment, error))
            events = [e for e in events if getattr(e, "payment_id", None) != payment.number]
    if not problems:
        loan.events, loan.state = events, state
        loan.own_group = classification.group_for_days(state.balance.days_past_due, table)
    return problems
