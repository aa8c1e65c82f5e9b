"""Posting a loan to the ledger: one entry taking what is booked to what its state says.

Every money event writes its event row and then calls ``book``: the loan is replayed as of the
recording date, ``domain.booking.targets`` says what each control account should hold for it, and
one balanced entry posts the difference (dated the recording date, so a back-dated event or a
reversal shows as an adjustment today, never as an edit of a past entry). The end-of-day job books
every loan the same way, so accrual and classification follow day by day. ``ledger verify`` checks
that the ledger, the ``booked_*`` columns and the events agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..db.models import Account, JournalEntry, JournalLine, Loan, LoanStatus
from ..domain.booking import CONTROL_ACCOUNTS, POSTED_ACCOUNTS, adjustment, balanced, targets
from ..domain.loan_state import LoanState
from ..domain.money import scaled_rate
from ..domain.quiet_day import Carry
from ..domain.terms import LoanTerms
from . import ledger
from .loans import classified_loans, debt_group, histories, own_group, state_of, terms_of

BOOKED = {account: f"booked_{account}" for account in POSTED_ACCOUNTS}
DESCRIPTIONS = {
    "disbursement": "Giải ngân / disbursement",
    "repayment": "Thu nợ / repayment",
    "reversal": "Hủy giao dịch thu nợ / repayment reversed",
    "adjustment": "Điều chỉnh theo trạng thái khoản vay / loan position adjustment",
    "restructuring": "Cơ cấu lại thời hạn trả nợ / repayment term restructured",
    "recall": "Thu hồi nợ trước hạn / loan recalled early",
    "write_off": "Xử lý rủi ro, chuyển theo dõi ngoại bảng / written off, tracked off balance sheet",
    "recovery": "Thu hồi nợ đã xử lý rủi ro / recovery of a written-off loan",
}


@dataclass(frozen=True)
class Booked:
    state: LoanState
    entry: JournalEntry | None
    debt_group: int


def booked(loan: Loan) -> dict[str, int]:
    return {account: getattr(loan, column) or 0 for account, column in BOOKED.items()}


def position(session: Session, loan: Loan, *, as_of: date, state: LoanState | None = None,
             siblings: list[Loan] | None = None, own_groups: dict[int, int] | None = None):
    """(state, own group, reported group, targets) of ``loan`` as of ``as_of``."""
    state = state if state is not None else state_of(session, loan, as_of=as_of)
    own, group = debt_group(session, loan, state, siblings=siblings, own_groups=own_groups)
    target = targets(state, debt_group=group)
    if not balanced(target):  # cannot happen (domain.booking); never post half a loan
        raise AssertionError(f"loan {loan.id}: booking targets do not balance: {target}")
    return state, own, group, target


def cache_columns(*, state: LoanState, own: int, group: int, target: dict, as_of: date,
                  terms: LoanTerms) -> dict[str, object]:
    """The loan's ``booked_*``, ``cached_*`` and ``carry_*`` columns for its state as of ``as_of``:
    what booking leaves, and what an import or a generated book writes in bulk."""
    balance, carry = state.balance, state.carry
    return {
        **{column: target.get(account, 0) for account, column in BOOKED.items()},
        "cached_as_of": as_of, "cached_principal_outstanding": balance.principal_outstanding,
        "cached_principal_overdue": balance.principal_overdue, "cached_days_past_due": balance.days_past_due,
        "cached_own_group": own, "cached_debt_group": group,
        "carry_in_term_dong_days": carry.in_term_dong_days, "carry_next_due_on": carry.next_due,
        "carry_second_due_on": carry.second_due, "carry_next_principal": carry.next_principal,
        "carry_second_principal": carry.second_principal, "carry_overdue_since": carry.overdue_since,
        "carry_interest_overdue": carry.interest_overdue, "carry_penalty_dong_days": carry.penalty_dong_days,
        "carry_penalty_paid": carry.penalty_paid, "carry_late_dong_days": carry.late_dong_days,
        "carry_late_paid": carry.late_paid, "carry_accrues_alone": carry.accrues_alone,
        **dict(zip(SCALED_RATES, scaled_rates(terms))),
    }


SCALED_RATES = ("carry_scaled_rate", "carry_scaled_overdue_rate", "carry_scaled_late_rate")


def scaled_rates(terms: LoanTerms) -> tuple[int | None, ...]:
    """The contractual, overdue and late-interest rates as integers (``money.scaled_rate``)."""
    return tuple(scaled_rate(rate) for rate in (terms.annual_rate, terms.overdue_rate, terms.late_interest_rate))


def stored_carry(loan: Loan) -> Carry:
    """The carry as ``cache_columns`` stored it (the advance is the booked one)."""
    return Carry(
        in_term_dong_days=loan.carry_in_term_dong_days, principal_not_yet_due=(
            loan.cached_principal_outstanding - loan.cached_principal_overdue),
        next_due=loan.carry_next_due_on, second_due=loan.carry_second_due_on, next_principal=loan.carry_next_principal,
        second_principal=loan.carry_second_principal, overdue_since=loan.carry_overdue_since,
        accrues_alone=loan.carry_accrues_alone, advance=loan.booked_advances_held,
        principal_overdue=loan.cached_principal_overdue, interest_overdue=loan.carry_interest_overdue,
        penalty_dong_days=loan.carry_penalty_dong_days, penalty_paid=loan.carry_penalty_paid,
        late_dong_days=loan.carry_late_dong_days, late_paid=loan.carry_late_paid)


def _remember(loan: Loan, *, state: LoanState, own: int, group: int, target: dict, as_of: date,
              written: list[dict] | None = None) -> None:
    """What the ledger now holds for the loan, and the caches of its state. With ``written`` the
    columns are set as already saved and their row is added to it, for the caller to write in one
    ``executemany`` (end of day: tracking forty attributes of thousands of loans through the unit
    of work was a tenth of its time)."""
    columns = cache_columns(state=state, own=own, group=group, target=target, as_of=as_of, terms=terms_of(loan))
    if written is None:
        for column, value in columns.items():
            setattr(loan, column, value)
    else:
        for column, value in columns.items():
            set_committed_value(loan, column, value)
        written.append({"loan": loan.id, **columns})
    # A loan closes by itself when fully repaid, and reopens if that payment is reversed.
    if loan.status in (LoanStatus.ACTIVE, LoanStatus.CLOSED) and state.disbursed:
        loan.status = LoanStatus.CLOSED if state.closed_on else LoanStatus.ACTIVE
        loan.closed_on = state.closed_on


def book(session: Session, loan: Loan, *, as_of: date, recorded_by: int | None, kind: str = "adjustment",
         source: str = "", state: LoanState | None = None, cascade: bool = True,
         siblings: list[Loan] | None = None) -> Booked:
    """Bring the ledger, the caches and the status of ``loan`` to its state as of ``as_of``.

    The caller holds the loan's lock (``loans.lock_loan``). With ``cascade``, a change of the
    borrower's group rebooks its other active loans, which take the borrower's worst group.
    ``siblings``: the borrower's loans that count for its group as of ``as_of``, if already read.
    """
    state, own, group, target = position(session, loan, as_of=as_of, state=state, siblings=siblings)
    lines = [ledger.Line(account, debit=debit, credit=credit, loan_id=loan.id)
             for account, debit, credit in adjustment(target, booked(loan))]
    previous_group = loan.cached_debt_group
    _remember(loan, state=state, own=own, group=group, target=target, as_of=as_of)
    entry = None
    if lines:  # posting flushes the loan's new booked amounts with the entry: one round of writes
        entry = ledger.post(session, business_date=as_of, kind=kind, loan_id=loan.id, recorded_by=recorded_by,
                            description=f"{DESCRIPTIONS.get(kind, kind)} — {loan.contract_no}",
                            source=source or f"loan:{loan.id}", lines=lines)
    session.flush()
    if cascade and group != previous_group:
        siblings = session.scalars(select(Loan).where(Loan.borrower_id == loan.borrower_id, Loan.id != loan.id,
                                                      Loan.status == LoanStatus.ACTIVE).order_by(Loan.id))
        for sibling in siblings:
            if sibling.cached_debt_group != group or sibling.cached_as_of != as_of:
                book(session, sibling, as_of=as_of, recorded_by=recorded_by, source=f"loan:{loan.id}", cascade=False)
    return Booked(state, entry, group)


@dataclass
class Batch:
    states: dict = field(default_factory=dict)  # loan id → its state as of the day
    failed: dict = field(default_factory=dict)  # loan id → what went wrong
    entry: JournalEntry | None = None


END_OF_DAY = "end_of_day"
GENERATED_BOOK = "generated_book"  # a synthetic book's one entry (``services.synthetic``), posted like end of day
LOANLESS_KINDS = (END_OF_DAY, GENERATED_BOOK)  # entries whose lines sum over loans without naming them


def book_many(session: Session, loans: list[Loan], *, as_of: date, moved: dict[str, int] | None = None,
              among=None) -> Batch:
    """End of day: book every loan as of the day in ONE entry with one line per account (issue 5:
    aggregated, not an entry per loan per day), together with what the bulk path already ``moved``
    per account (``daily_accrual``). A loan that fails is left as it was and reported; a loan
    already booked at a later date (an event recorded while end of day was behind) is never booked
    backwards."""
    batch, totals = Batch(), {account: (moved or {}).get(account, 0) for account in POSTED_ACCOUNTS}
    written: list[dict] = []
    # Read every history and every borrower's loans in a few statements, not a few per loan
    # (``among``, a subquery selecting ``loans``: one statement each however many there are).
    known = histories(session, [loan.id for loan in loans], among=among)
    siblings = classified_loans(session, {loan.borrower_id for loan in loans}, as_of=as_of,
                                among=None if among is None else
                                select(Loan.borrower_id).where(Loan.id.in_(among)).correlate(None))
    # First every loan's state and own group, so that a borrower's worst group is read from them
    # rather than by replaying a sibling further down the list.
    states, own_groups = {}, {}
    for loan in loans:
        try:
            states[loan.id] = known.state_of(session, loan, as_of=as_of)
            own_groups[loan.id] = own_group(session, loan, states[loan.id])
        except Exception as error:  # noqa: BLE001 — one bad loan must not stop the fund's day
            batch.failed[loan.id] = f"{type(error).__name__}: {error}"[:300]
    for loan in loans:
        if loan.id in batch.failed:
            continue
        if loan.cached_as_of is not None and loan.cached_as_of > as_of:
            batch.states[loan.id] = states[loan.id]
            continue
        try:
            state, own, group, target = position(session, loan, as_of=as_of, siblings=siblings[loan.borrower_id],
                                                 state=states[loan.id], own_groups=own_groups)
        except Exception as error:  # noqa: BLE001
            batch.failed[loan.id] = f"{type(error).__name__}: {error}"[:300]
            continue
        for account, value in booked(loan).items():
            totals[account] += target.get(account, 0) - value
        _remember(loan, state=state, own=own, group=group, target=target, as_of=as_of, written=written)
        batch.states[loan.id] = state
    if written:  # the same columns for every loan: one UPDATE executed for many rows
        table = Loan.__table__
        session.execute(update(table).where(table.c.id == bindparam("loan"))
                        .values({column: bindparam(column) for column in written[0] if column != "loan"}), written)
    lines = [ledger.Line(account, debit=debit, credit=credit)
             for account, debit, credit in adjustment(totals, {})]
    if lines:
        batch.entry = ledger.post(session, business_date=as_of, kind=END_OF_DAY, lines=lines,
                                  description=f"Dự thu lãi và phân loại nợ ngày {as_of:%d/%m/%Y} / end of day",
                                  source=f"end_of_day:{as_of.isoformat()}")
    session.flush()
    return batch


# --- ledger verify ---------------------------------------------------------------------------------
def check_loans_against_ledger(session: Session) -> list[str]:
    """The control accounts equal the sum of the loans' booked amounts; each loan's journal lines
    equal its booked amounts; and each loan's booked amounts are what its events give as of the
    date it was last booked (so a drifted cache or a lost entry is named)."""
    problems = []
    books = ledger.balances(session)
    sums = session.execute(select(*(func.coalesce(func.sum(getattr(Loan, BOOKED[a])), 0)
                                    for a in CONTROL_ACCOUNTS))).one()
    for account, total in zip(CONTROL_ACCOUNTS, sums):
        if books[account] != int(total):
            problems.append(f"control account {account}: ledger {books[account]:,} ≠ sum of loans {int(total):,}")

    kinds = dict(session.execute(select(Account.key, Account.kind)).all())
    posted: dict[int, dict[str, int]] = {}
    for loan_id, key, debit, credit in session.execute(
            select(JournalLine.loan_id, Account.key, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
            .join(Account, Account.id == JournalLine.account_id)
            .where(JournalLine.loan_id.is_not(None), Account.key.in_(POSTED_ACCOUNTS))
            .group_by(JournalLine.loan_id, Account.key)):
        side = int(credit) - int(debit) if kinds[key] in ledger.NORMAL_CREDIT else int(debit) - int(credit)
        posted.setdefault(loan_id, {})[key] = side

    # End of day posts every loan in one entry with lines that name no loan: per account, the
    # loans' own lines plus those entries must add up to what the loans have booked.
    for key, debit, credit in session.execute(
            select(Account.key, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
            .join(Account, Account.id == JournalLine.account_id)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .where(JournalLine.loan_id.is_(None), JournalEntry.kind.in_(LOANLESS_KINDS), Account.key.in_(POSTED_ACCOUNTS))
            .group_by(Account.key)):
        side = int(credit) - int(debit) if kinds[key] in ledger.NORMAL_CREDIT else int(debit) - int(credit)
        posted.setdefault(None, {})[key] = side
    per_account = {a: sum(accounts.get(a, 0) for accounts in posted.values()) for a in POSTED_ACCOUNTS}
    loans = session.scalars(select(Loan).order_by(Loan.id)).all()
    booked_total = {a: sum(booked(loan)[a] for loan in loans) for a in POSTED_ACCOUNTS}
    if per_account != booked_total:
        drift = {a: (per_account[a], booked_total[a]) for a in POSTED_ACCOUNTS if per_account[a] != booked_total[a]}
        problems.append(f"loans' journal lines ≠ their booked amounts (lines, booked): {drift}")
    for loan in loans:
        mine = booked(loan)
        if loan.cached_as_of is None:
            continue
        state = state_of(session, loan, as_of=loan.cached_as_of)
        target = targets(state, debt_group=loan.cached_debt_group)  # a loan not written off has no
        expected = {account: target.get(account, 0) for account in POSTED_ACCOUNTS}  # write-off targets
        if expected != mine:
            drift = {a: (expected[a], mine[a]) for a in POSTED_ACCOUNTS if expected[a] != mine[a]}
            problems.append(f"loan {loan.id}: booked amounts ≠ its events as of {loan.cached_as_of} "
                            f"(expected, booked): {drift}")
        if (state.balance.principal_outstanding, state.balance.days_past_due) != (
                loan.cached_principal_outstanding, loan.cached_days_past_due):
            problems.append(f"loan {loan.id}: cached principal / days past due differ from its events")
        # A balance resumes from the loan's checkpoint (``checkpoints``) when it applies.
        resumed = state_of(session, loan, as_of=loan.cached_as_of, resume=True)
        if resumed.history_from is not None and _without_history(resumed) != _without_history(state):
            problems.append(f"loan {loan.id}: its checkpoint of {resumed.history_from} gives another state as of "
                            f"{loan.cached_as_of} than its events")
        # End of day advances a loan from its carry only when it accrues alone (daily_accrual).
        stored, rates = stored_carry(loan), tuple(getattr(loan, column) for column in SCALED_RATES)
        if loan.carry_accrues_alone and (stored, rates) != (state.carry, scaled_rates(terms_of(loan))):
            problems.append(f"loan {loan.id}: carry as of {loan.cached_as_of} differs from its events "
                            f"(stored {stored}, rates {rates}; expected {state.carry})")
    return problems


def _without_history(state: LoanState) -> LoanState:
    """The state without its history (a resumed state's begins at its checkpoint)."""
    return replace(state, movements=(), allocations={}, history_from=None, checkpoint=None)


ledger.CONTROL_CHECKS.append(check_loans_against_ledger)
