"""End of day for the quiet loans, all at once (issue 5: set-based, not a loop over objects).

``domain.quiet_day`` says which days are quiet for a loan and what changes on them: one more day
of accrual (in-term interest on the principal not yet due, penalty and late interest on what is
overdue), and one more day past due if something is overdue. Here that rule is one UPDATE over the loans table: every loan booked yesterday, quiet
today, and whose borrower has no loan that is not (its group is the borrower's worst, so a
sibling that moves could move it), is advanced from its ``carry_*`` columns; its booked interest
moves by the rounded difference (income for group 1, off balance sheet otherwise, as
``domain.booking.targets``). The statement hands back each loan's change and the caller posts
their sum in the day's one entry. Every other loan is replayed (``booking.book_many``).

The rounding is ``money.interest_for_scaled`` in SQL: integer arithmetic on both databases. The
per-loan audit trail is not written for this: nothing a person did changed, and the day's entry
and its ``business_day_steps`` row say what end of day did.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, exists, not_, or_, select, update
from sqlalchemy.orm import Session, aliased

from ..db.models import Borrower, Loan, LoanStatus
from ..domain.booking import ACCRUING_GROUP
from ..domain.money import DAYS_IN_YEAR, RATE_SCALE
from ..domain.quiet_day import special_days_past_due
from . import fund_rules

# 2 · đồng-days · rate must stay inside a 64-bit integer (SQLite turns an overflow into a float):
# with rates up to 30% (20% × the overdue factor 1.5: 300,000 millionths) that is 1.5·10^13
# đồng-days; the cap, 10^13, is 10 billion đồng for 1,000 days. A loan beyond it is replayed.
DONG_DAYS_CAP = 10**13


@dataclass(frozen=True)
class Reminder:
    """A reminder due today for a loan advanced in bulk, with its figures from the carry."""

    loan_id: int
    due_date: date
    principal: int
    interest_accrued: int  # as of today
    principal_not_yet_due: int
    # What the notice names, read with it (not one loan and borrower object per reminder)
    contract_no: str
    annual_rate: Decimal
    borrower_id: int
    borrower_name: str
    borrower_email: str | None


@dataclass(frozen=True)
class Advanced:
    reminders: list[Reminder]
    loan_ids: frozenset[int]
    accrued_income: int  # group 1: interest receivable and income
    accrued_memo: int  # groups 2–5: off-balance-sheet interest

    def moved(self) -> dict[str, int]:
        """What the ledger's accounts moved by, on their normal sides (``domain.booking``)."""
        return {"interest_receivable": self.accrued_income, "interest_income": self.accrued_income,
                "memo_interest": self.accrued_memo, "memo_contra": -self.accrued_memo}


def _interest(dong_days, rate):
    """``money.interest_for_scaled`` as an SQL expression."""
    return (2 * dong_days * rate + DAYS_IN_YEAR * RATE_SCALE) // (2 * DAYS_IN_YEAR * RATE_SCALE)


def _quiet(loan, *, day: date, reminder_days: int, special_dpd: Collection[int]):
    """``domain.quiet_day.is_quiet`` for a loan booked yesterday, as an SQL condition."""
    yesterday, reminder = day - timedelta(days=1), day + timedelta(days=reminder_days)
    not_yet_due = loan.cached_principal_outstanding - loan.cached_principal_overdue
    next_due, second_due = loan.carry_next_due_on, loan.carry_second_due_on
    return and_(
        loan.status == LoanStatus.ACTIVE, loan.carry_accrues_alone.is_(True), loan.cached_as_of == yesterday,
        loan.carry_scaled_rate.is_not(None), loan.carry_scaled_overdue_rate.is_not(None),
        loan.carry_scaled_late_rate.is_not(None), loan.carry_in_term_dong_days + not_yet_due < DONG_DAYS_CAP,
        loan.carry_penalty_dong_days + loan.cached_principal_overdue < DONG_DAYS_CAP,
        loan.carry_late_dong_days + loan.carry_interest_overdue < DONG_DAYS_CAP,
        or_(loan.carry_overdue_since.is_(None),
            loan.carry_overdue_since.not_in([day - timedelta(days=n) for n in sorted(special_dpd)])),
        or_(next_due.is_(None),
            # nothing falls due, and the reminder (if any) is about the next or the second date
            and_(next_due > day, or_(next_due >= reminder, second_due.is_(None), second_due >= reminder)),
            # an instalment falls due with no advance to pay it, and no reminder is due with it
            and_(next_due == day, loan.booked_advances_held == 0,
                 or_(second_due.is_(None), second_due > reminder))),
    )


def _accrued_today(table):
    """(to income, to memo) read back from the updated row: RETURNING sees the new values."""
    not_yet_due = table.cached_principal_outstanding - table.cached_principal_overdue
    accrued = (_interest(table.carry_in_term_dong_days, table.carry_scaled_rate)
               - _interest(table.carry_in_term_dong_days - not_yet_due, table.carry_scaled_rate))
    to_income = case((table.cached_debt_group == ACCRUING_GROUP, accrued), else_=0)
    return to_income, accrued - to_income


def open_on(loan, day: date):
    """``closing.loans_open_on`` as an SQL condition."""
    return and_(loan.disbursed_on.is_not(None), loan.disbursed_on <= day,
                loan.status.in_((LoanStatus.ACTIVE, LoanStatus.CLOSED, LoanStatus.WRITTEN_OFF)),
                or_(loan.closed_on.is_(None), loan.closed_on >= day))


def to_replay(day: date):
    """The ids of the loans open on ``day`` that ``advance_quiet_loans`` did not advance: a
    subquery, so that end of day reads them and their histories in a few statements however many
    there are."""
    # Never correlated: used inside other SELECTs from loans, it must read the table on its own.
    return select(Loan.id).where(open_on(Loan, day), or_(Loan.cached_in_bulk_on.is_(None),
                                                         Loan.cached_in_bulk_on != day)).correlate(None)


def _reminders(session: Session, *conditions, day: date, reminder_days: int) -> list[Reminder]:
    """Quiet loans with a plan date ``reminder_days`` ahead (``quiet_day.reminder``), read before
    they are advanced: today's accrued interest is yesterday's carry plus a day."""
    table, target = Loan.__table__.c, day + timedelta(days=reminder_days)
    not_yet_due = table.cached_principal_outstanding - table.cached_principal_overdue
    rows = session.execute(
        select(table.id, table.carry_next_due_on, table.carry_next_principal, table.carry_second_principal,
               _interest(table.carry_in_term_dong_days + not_yet_due, table.carry_scaled_rate), not_yet_due,
               Loan.contract_no, Loan.annual_rate, Loan.borrower_id, Borrower.name, Borrower.email)
        .join(Borrower, Borrower.id == table.borrower_id)
        .where(*conditions, table.carry_next_due_on > day,
               or_(table.carry_next_due_on == target, table.carry_second_due_on == target)))
    return [Reminder(loan_id=loan_id, due_date=target, principal=first if next_due == target else second,
                     interest_accrued=accrued, principal_not_yet_due=not_yet_due, contract_no=contract_no,
                     annual_rate=rate, borrower_id=borrower_id, borrower_name=name, borrower_email=email)
            for loan_id, next_due, first, second, accrued, not_yet_due, contract_no, rate, borrower_id, name, email
            in rows]


def advance_quiet_loans(session: Session, *, day: date, reminder_days: int,
                        overdue_notice_days: Collection[int]) -> Advanced:
    """Advance every loan for which ``day`` is quiet, in one statement; the rest are left for the
    replay. Returns how many moved and the interest accrued for the day's entry. On a day new
    fund rules take effect none is quiet: every loan's group is booked anew under them."""
    if fund_rules.takes_effect_on(session, day):
        return Advanced(reminders=[], loan_ids=frozenset(), accrued_income=0, accrued_memo=0)
    special = special_days_past_due(overdue_notice_days=overdue_notice_days,
                                    table=fund_rules.rules_on(session, day).debt_groups)
    table = Loan.__table__.c
    sibling = aliased(Loan)
    quiet = _quiet(table, day=day, reminder_days=reminder_days, special_dpd=special)
    # CASE, not NOT(...): a condition that is NULL for a sibling must count as "not quiet".
    sibling_moves = exists().where(
        sibling.borrower_id == table.borrower_id, sibling.id != table.id, open_on(sibling, day),
        case((_quiet(sibling, day=day, reminder_days=reminder_days, special_dpd=special), 1), else_=0) == 0)
    dong_days = table.carry_in_term_dong_days
    grown = dong_days + (table.cached_principal_outstanding - table.cached_principal_overdue)
    accrued = _interest(grown, table.carry_scaled_rate) - _interest(dong_days, table.carry_scaled_rate)
    to_income = case((table.cached_debt_group == ACCRUING_GROUP, accrued), else_=0)
    to_memo = accrued - to_income
    statement = (
        update(Loan.__table__).where(quiet, not_(sibling_moves))
        .values(carry_in_term_dong_days=grown, cached_as_of=day, cached_in_bulk_on=day,
                carry_penalty_dong_days=table.carry_penalty_dong_days + table.cached_principal_overdue,
                carry_late_dong_days=table.carry_late_dong_days + table.carry_interest_overdue,
                # after a due date the loan is replayed tomorrow (``quiet_day.after_quiet_day``)
                carry_accrues_alone=case((table.carry_next_due_on == day, False), else_=True),
                cached_days_past_due=case((table.carry_overdue_since.is_(None), 0),
                                          else_=table.cached_days_past_due + 1),
                booked_interest_receivable=table.booked_interest_receivable + to_income,
                booked_interest_income=table.booked_interest_income + to_income,
                booked_memo_interest=table.booked_memo_interest + to_memo,
                booked_memo_contra=table.booked_memo_contra - to_memo)
        .returning(table.id, *_accrued_today(table)))
    reminders = _reminders(session, quiet, not_(sibling_moves), day=day, reminder_days=reminder_days)
    rows = session.execute(statement).all()
    moved = {row[0] for row in rows}
    return Advanced(reminders=[r for r in reminders if r.loan_id in moved], loan_ids=frozenset(moved),
                    accrued_income=sum(row[1] for row in rows), accrued_memo=sum(row[2] for row in rows))
