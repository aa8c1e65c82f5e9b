"""Month close (khóa sổ tháng): a snapshot of every loan on the month's last day, and provisions.

domain.md §6–§7: month-end figures are each loan's state as of the last day (after its payments;
an instalment due that day and unpaid is due, not yet overdue). A closed month never changes.
Flows are kept as cumulative figures; a month's flows are the difference from the previous
snapshot, so an event back-dated into a closed month shows up in the open month instead (an
imported loan with no previous snapshot: from its history replayed to the previous month end).
Provisions (specific per group after collateral, general 0.75% on groups 1–4; none for entrusted
loans at the entrusting fund's risk) are posted as the change against the provision accounts.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Collateral, Loan, LoanStatus, MonthClose, MonthEndSnapshot
from ..domain import provisioning
from ..domain.loan_state import LoanState
from ..domain.money import interest_for_scaled
from ..domain.quiet_day import still_owed
from . import fund_rules, ledger
from .loans import classified_loans, debt_group, histories


def _collateral(session: Session, loans: list[Loan], among, rates) -> dict[int, int]:
    """Deductible collateral per loan (``among`` selects them), read in one statement."""
    items: dict[int, list[provisioning.Collateral]] = {loan.application_id: [] for loan in loans}
    for application_id, kind, value in session.execute(select(Collateral.application_id, Collateral.kind, Collateral.value)
                                                       .where(Collateral.application_id.in_(
                                                           select(Loan.application_id).where(Loan.id.in_(among))))):
        items[application_id].append(provisioning.Collateral(kind=kind, appraised_value=value))
    return {loan.id: provisioning.deductible_collateral(items[loan.application_id], rates) for loan in loans}


# What this month's flows and opening balance need of the previous snapshot.
PREVIOUS = ("principal_outstanding", "cum_disbursed", "cum_principal_collected", "cum_interest_collected",
            "cum_penalty_collected", "cum_written_off")


def _previous(session: Session, month_end: date) -> dict[int, MonthEndSnapshot]:
    """The previous month end's snapshots, as plain rows (a national book has a hundred thousand)."""
    before = month_end.replace(day=1) - relativedelta(days=1)
    return {row.loan_id: row for row in session.execute(
        select(MonthEndSnapshot.loan_id, *(getattr(MonthEndSnapshot, name) for name in PREVIOUS))
        .where(MonthEndSnapshot.month_end == before))}


def brought_in_before(loan: Loan, first_day: date) -> bool:
    """An imported loan disbursed before the month: the fund was owed it then, the system just did
    not know it yet. The first month it is seen in opens with its balance replayed as of the day
    before, and its disbursement is not that month's. (A disbursement recorded through the API
    back-dated into a closed month shows in the open month instead, like any back-dated event.)"""
    return loan.import_batch_id is not None and loan.disbursed_on is not None and loan.disbursed_on < first_day


def _cumulative(state: LoanState, loan: Loan) -> dict:
    """The loan's running totals as of the state's day (a snapshot's ``cum_*``)."""
    balance = state.balance
    written_off = balance.principal_outstanding if loan.status is LoanStatus.WRITTEN_OFF and balance.written_off else 0
    return {"cum_disbursed": state.disbursed,
            "cum_principal_collected": state.disbursed - balance.principal_outstanding,
            "cum_interest_collected": state.interest_collected, "cum_penalty_collected": state.penalty_collected,
            "cum_written_off": written_off}


def _brought_in(session: Session, loans: list[Loan], previous: dict, first_day: date) -> dict[int, MonthEndSnapshot]:
    """Imported loans with no snapshot at the previous month end (``brought_in_before``), as they
    stood that day: unsaved snapshots, read like the previous month's."""
    wanted = [loan for loan in loans if loan.id not in previous and brought_in_before(loan, first_day)]
    before = first_day - relativedelta(days=1)
    known = histories(session, [loan.id for loan in wanted])
    replayed = {}
    for loan in wanted:
        state = known.state_of(session, loan, as_of=before)
        cum = _cumulative(state, loan)
        replayed[loan.id] = MonthEndSnapshot(principal_outstanding=state.balance.principal_outstanding
                                             - cum["cum_written_off"], **cum)
    return replayed


@dataclass(frozen=True)
class _Carried:
    """What a snapshot reads of a loan end of day advanced in bulk today: its balance is in its
    columns (``daily_accrual``), so month close does not replay it."""

    balance: SimpleNamespace
    disbursed: int
    interest_collected: int
    penalty_collected: int


def _carried(loan: Loan, month_end: date) -> _Carried | None:
    """The loan's month-end state from its columns, or None when it must be replayed: it was not
    advanced in bulk today as a plain accruing day (a loan whose instalment fell due today accrues
    alone no more)."""
    if not (loan.cached_as_of == month_end and loan.carry_accrues_alone and loan.status is LoanStatus.ACTIVE
            and None not in (loan.carry_scaled_rate, loan.carry_scaled_overdue_rate, loan.carry_scaled_late_rate)):
        return None
    accrued = interest_for_scaled(loan.carry_in_term_dong_days, loan.carry_scaled_rate)
    owed = loan.booked_interest_receivable + loan.booked_memo_interest  # overdue + due + accrued (booking)
    if owed != loan.carry_interest_overdue + accrued:  # cannot happen: the columns disagree, replay
        return None
    balance = SimpleNamespace(
        principal_outstanding=loan.cached_principal_outstanding, principal_overdue=loan.cached_principal_overdue,
        interest_overdue=loan.carry_interest_overdue, interest_due_today=0, interest_accrued=accrued,
        penalty_interest=still_owed(loan.carry_penalty_dong_days, loan.carry_scaled_overdue_rate, loan.carry_penalty_paid),
        late_interest=still_owed(loan.carry_late_dong_days, loan.carry_scaled_late_rate, loan.carry_late_paid),
        advance=loan.booked_advances_held, days_past_due=loan.cached_days_past_due, written_off=False)
    # domain.booking: interest income = collected + receivable; penalty income = collected.
    return _Carried(balance=balance, disbursed=loan.disbursed_amount,
                    interest_collected=loan.booked_interest_income - loan.booked_interest_receivable,
                    penalty_collected=loan.booked_penalty_income)


def close(session: Session, *, month_end: date, states: dict[int, LoanState] | None = None,
          advanced: Collection[int] = ()) -> dict:
    """Snapshot every loan as of ``month_end`` and post the provisions. ``states`` are the loans
    end of day replayed today; those it ``advanced`` in bulk are read from their columns
    (``_carried``); the rest are replayed here."""
    if session.get(MonthClose, month_end) is not None:
        return {"already_closed": 1}
    states = dict(states or {})
    previous = _previous(session, month_end)
    first_day = month_end.replace(day=1)
    # A subquery, not the ids: a national book has more loans than a statement may have parameters.
    snapshotted = select(MonthEndSnapshot.loan_id).where(MonthEndSnapshot.month_end == first_day - relativedelta(days=1))
    among = select(Loan.id).where(
        Loan.disbursed_on.is_not(None), Loan.disbursed_on <= month_end,
        (Loan.closed_on.is_(None)) | (Loan.closed_on >= first_day) | (Loan.id.in_(snapshotted))).correlate(None)
    loans = session.scalars(select(Loan).where(Loan.id.in_(among)).order_by(Loan.id)).all()
    previous.update(_brought_in(session, loans, previous, first_day))
    specific_total = general_base = outstanding_total = bad_debt = 0
    advanced = set(advanced)
    for loan in loans:
        if loan.id in advanced and loan.id not in states and (carried := _carried(loan, month_end)) is not None:
            states[loan.id] = carried
    known = histories(session, [loan.id for loan in loans if loan.id not in states])
    rules = fund_rules.rules_on(session, month_end)
    collateral = _collateral(session, loans, among, rules.deductible_rates)
    # Loans end of day did not book today (closed during the month): their borrowers' loans at once.
    siblings = classified_loans(session, {loan.borrower_id for loan in loans if loan.cached_as_of != month_end},
                                as_of=month_end)
    snapshots = []
    for loan in loans:
        state = states.get(loan.id) or known.state_of(session, loan, as_of=month_end)
        balance = state.balance
        # End of day has just booked the loan as of this day (its group is then the cached one).
        group = (loan.cached_debt_group if loan.cached_as_of == month_end
                 else debt_group(session, loan, state, siblings=siblings[loan.borrower_id])[1])
        deductible = collateral[loan.id]
        cum = _cumulative(state, loan)
        closing = balance.principal_outstanding - cum["cum_written_off"]
        specific = provisioning.specific_provision(principal=closing, deductible=deductible, group=group,
                                                   rates=rules.specific_rates, fund_bears_risk=loan.fund_bears_risk)
        prior = previous.get(loan.id)
        flows = {key.removeprefix("cum_"): value - (getattr(prior, key) if prior else 0) for key, value in cum.items()}
        snapshots.append(dict(
            month_end=month_end, loan_id=loan.id, borrower_id=loan.borrower_id, status=loan.status.value,
            principal_outstanding=closing, principal_overdue=min(balance.principal_overdue, closing),
            interest_overdue=balance.interest_overdue, interest_due=balance.interest_due_today,
            interest_accrued=balance.interest_accrued, penalty_interest=balance.penalty_interest,
            late_interest=balance.late_interest, advance=balance.advance, days_past_due=balance.days_past_due,
            debt_group=group, deductible_collateral=deductible, specific_provision=specific,
            fund_bears_risk=loan.fund_bears_risk, opening_balance=prior.principal_outstanding if prior else 0,
            **cum, **flows))
        specific_total += specific
        outstanding_total += closing
        if loan.fund_bears_risk and 1 <= group <= 4:
            general_base += closing
        if group >= 3:
            bad_debt += closing
    # Written in bulk: a snapshot is derived from the events (the audit trail has those), and a
    # national book has a hundred thousand of them a month.
    if snapshots:
        session.execute(insert(MonthEndSnapshot), snapshots)
    general_total = provisioning.general_provision(general_base, rate=rules.general_rate)
    _post_provisions(session, month_end=month_end, specific=specific_total, general=general_total)
    session.add(MonthClose(month_end=month_end, closed_at=now_utc(), specific_provision=specific_total,
                           general_provision=general_total, principal_outstanding=outstanding_total, bad_debt=bad_debt))
    session.flush()
    return {"loans": len(loans), "specific_provision": specific_total, "general_provision": general_total}


def _post_provisions(session: Session, *, month_end: date, specific: int, general: int) -> None:
    """Take the provision accounts to the month's figures; the change is provision expense."""
    books = ledger.balances(session)
    lines = []
    for account, target in (("specific_provision", specific), ("general_provision", general)):
        change = target - books[account]
        if change > 0:
            lines += [ledger.debit("provision_expense", change), ledger.credit(account, change)]
        elif change < 0:
            lines += [ledger.debit(account, -change), ledger.credit("provision_expense", -change)]
    if lines:
        ledger.post(session, business_date=month_end, kind="provisions",
                    description=f"Trích lập dự phòng rủi ro tháng {month_end:%m/%Y}", lines=lines,
                    source=f"month_close:{month_end.isoformat()}")
