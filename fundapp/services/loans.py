"""Loading a loan for the money rules: its terms, its plan, its events, its state as of a date.

A loan's state is derived (architecture.md): ``position.replay`` folds the stored plan and the
append-only ``loan_events`` up to a date. Everything stored besides them (``cached_*``,
``booked_*``) is a cache that ``ledger verify`` recomputes and compares.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..db.models import EventKind, Loan, LoanEvent, LoanPlan, LoanStatus, User
from ..domain import classification
from ..domain.events import Disbursed, Event, Paid, Recalled, Replanned, RestructureKind, WrittenOff
from ..domain.loan_state import LoanState, MovementKind
from ..domain.plan import Plan, PlannedDate
from ..domain.position import replay
from ..domain.schedule import build_plan
from ..domain.terms import LoanTerms
from . import checkpoints, fund_rules, reach
from .checkpoints import EVENT_FIELDS
from .holidays import working_calendar

WHAT = "khoản vay / loan"
# Loans whose days past due count towards their borrower's group (domain.md §6).
CLASSIFIED = (LoanStatus.ACTIVE, LoanStatus.CLOSED, LoanStatus.WRITTEN_OFF)


def terms_of(loan: Loan) -> LoanTerms:
    """The approved terms copied onto the loan (a product change never reaches an approved loan)."""
    return LoanTerms(
        amount=loan.amount, annual_rate=loan.annual_rate, term_months=loan.term_months,
        grace_months=loan.grace_months, method=loan.method, principal_every=loan.principal_every,
        interest_every=loan.interest_every, working_day_roll=loan.working_day_roll,
        overdue_rate_factor=loan.overdue_rate_factor, late_interest_rate=loan.late_interest_rate,
        prepayment=loan.prepayment, current_order=loan.current_order,
    )


def manual_principal(loan: Loan) -> list[tuple[date, int]] | None:
    if not loan.manual_principal:
        return None
    return [(date.fromisoformat(day), int(amount)) for day, amount in loan.manual_principal]


def plan_rows(plan: Plan) -> list[dict]:
    """A plan as JSON rows (``loan_plans.rows``, a restructuring event's ``details["plan"]``)."""
    return [{"seq": p.seq, "nominal_date": p.nominal_date.isoformat(), "due_date": p.due_date.isoformat(),
             "principal": p.principal, "interest_due": p.interest_due, "principal_date": p.principal_date}
            for p in plan]


def plan_from_rows(rows: list[dict]) -> Plan:
    return tuple(PlannedDate(seq=r["seq"], nominal_date=date.fromisoformat(r["nominal_date"]),
                             due_date=date.fromisoformat(r["due_date"]), principal=r["principal"],
                             interest_due=r["interest_due"], principal_date=r["principal_date"]) for r in rows)


def build_loan_plan(session: Session, loan: Loan, *, disbursed_on: date) -> Plan:
    """The plan for a first disbursement on ``disbursed_on``, from the approved amount and the
    fund's working calendar as it stands (domain.md §4); a later tranche re-spreads it."""
    return build_plan(terms_of(loan), disbursed_on=disbursed_on, calendar=working_calendar(session),
                      manual_principal=manual_principal(loan))


def stored_plan(session: Session, loan: Loan) -> Plan | None:
    """Version 1, fixed at the first disbursement; restructurings replace dates through events."""
    rows = session.scalar(select(LoanPlan.rows).where(LoanPlan.loan_id == loan.id, LoanPlan.version == 1))
    return None if rows is None else plan_from_rows(rows)


def event_rows(session: Session, loan_id: int) -> list[LoanEvent]:
    """The loan's events, read afresh (after the caller's lock, so nothing committed is missed)."""
    return list(session.scalars(select(LoanEvent).where(LoanEvent.loan_id == loan_id).order_by(LoanEvent.id)))


def event_facts(session: Session, loan_id: int) -> list:
    """What the fold reads of the loan's events, as plain rows (``event_rows`` gives ORM objects,
    for callers that show or change them; these cost a fraction to load)."""
    return session.execute(select(*EVENT_FIELDS).where(LoanEvent.loan_id == loan_id).order_by(LoanEvent.id)).all()


def domain_events(rows: list[LoanEvent]) -> list[Event]:
    """Rows → the fold's events. A reversed repayment is left out: the result is as if it had never
    been recorded (domain.md §5). ``seq`` is the row id, i.e. the recording order."""
    reversed_ids = {row.reverses_id for row in rows if row.kind is EventKind.REVERSAL}
    events: list[Event] = []
    for row in rows:
        if row.kind is EventKind.DISBURSEMENT:
            events.append(Disbursed(value_date=row.value_date, amount=row.amount, seq=row.id))
        elif row.kind in (EventKind.REPAYMENT, EventKind.RECOVERY) and row.id not in reversed_ids:
            # A recovery after a write-off is applied like any payment (domain.booking makes it income).
            events.append(Paid(payment_id=row.id, value_date=row.value_date, amount=row.amount, seq=row.id))
        elif row.kind is EventKind.RESTRUCTURING and row.details and "plan" in row.details:
            events.append(Replanned(value_date=row.value_date, plan=plan_from_rows(row.details["plan"]),
                                    kind=RestructureKind(row.details["kind"])))
        elif row.kind is EventKind.RECALL:
            events.append(Recalled(value_date=row.value_date))
        elif row.kind is EventKind.WRITE_OFF:
            events.append(WrittenOff(value_date=row.value_date))
    return events


@dataclass(frozen=True)
class Histories:
    """The plans and events of many loans, read in a few statements (end of day replays a batch)."""

    plans: dict[int, Plan]
    events: dict[int, list[Event]]

    def state_of(self, session: Session, loan: Loan, *, as_of: date) -> LoanState:
        """The loan as of ``as_of`` without the schedule's rows (``installments`` is empty)."""
        return state_of(session, loan, as_of=as_of, events=self.events.get(loan.id, []), plan=self.plans.get(loan.id),
                        installments=False)


def _batches(ids: list[int], among, size: int = 1000) -> list:
    """What to put in the ``IN`` of each statement: the ``among`` subquery once, or the ids a
    thousand at a time (a statement's parameters are limited)."""
    return [among] if among is not None else [ids[start:start + size] for start in range(0, len(ids), size)]


def histories(session: Session, loan_ids: list[int], *, among=None, chunk: int = 1000) -> Histories:
    """The plans and events of ``loan_ids``: a thousand loans a statement, or all in one when
    ``among`` (a subquery selecting them) is given."""
    plans: dict[int, Plan] = {}
    rows: dict[int, list] = {}
    for ids in _batches(loan_ids, among, chunk):
        for loan_id, plan_rows_ in session.execute(select(LoanPlan.loan_id, LoanPlan.rows).where(
                LoanPlan.loan_id.in_(ids), LoanPlan.version == 1)):
            plans[loan_id] = plan_from_rows(plan_rows_)
        # Plain rows, not ORM objects: end of day reads thousands of events and changes none.
        for row in session.execute(select(*EVENT_FIELDS).where(LoanEvent.loan_id.in_(ids)).order_by(LoanEvent.id)):
            rows.setdefault(row.loan_id, []).append(row)
    return Histories(plans, {loan_id: domain_events(events) for loan_id, events in rows.items()})


def state_of(session: Session, loan: Loan, *, as_of: date, events: list[Event] | None = None,
             plan: Plan | None = None, installments: bool = True, resume: bool = False) -> LoanState:
    """The loan as of ``as_of`` (after that day's payments). Before the first disbursement nothing
    is owed; its schedule is the one it would have if disbursed today (``schedule_view``).
    ``resume``: start from the loan's stored checkpoint when it applies (``checkpoints``); the
    movements and allocations then begin at its day (``LoanState.history_from``)."""
    terms = terms_of(loan)
    if resume and events is None and plan is None:
        found = checkpoints.resumable(session, loan.id, terms, as_of=as_of)
        if found is not None:
            checkpoint, rows = found
            return replay(terms=terms, plan=(), events=domain_events(rows), as_of=as_of,
                          installments=installments, start=checkpoint)
    plan = plan if plan is not None else stored_plan(session, loan)
    if events is None:
        events = domain_events(event_facts(session, loan.id))
    if plan is None:  # nothing disbursed: an empty fold over the plan it would have on as_of
        plan = build_loan_plan(session, loan, disbursed_on=as_of)
    return replay(terms=terms, plan=plan, events=events, as_of=as_of, installments=installments)


# --- classification (domain.md §6) ----------------------------------------------------------------
def _cured_on(session: Session, loan: Loan, state: LoanState, restructured_on: date) -> date | None:
    """The day everything overdue since the restructuring was paid (on-time payment counts from
    then), or None while something is overdue. Found by replaying as of each later payment."""
    if state.balance.days_past_due:
        return None
    if state.history_from is not None and state.history_from > restructured_on:  # resumed: fold it all
        state = state_of(session, loan, as_of=state.as_of)
    transfers = [m.value_date for m in state.movements
                 if m.kind is MovementKind.TRANSFER_TO_OVERDUE and m.value_date >= restructured_on and m.amount]
    if not transfers:
        return restructured_on
    events = domain_events(event_facts(session, loan.id))
    for day in sorted({m.value_date for m in state.movements
                       if m.kind is MovementKind.PAYMENT and m.value_date > transfers[-1]}):
        if not state_of(session, loan, as_of=day, events=events).balance.overdue_since:
            return day
    return state.as_of


def own_group(session: Session, loan: Loan, state: LoanState) -> int:
    """The loan's own debt group: days past due, raised to a restructuring floor until cured."""
    kinds = [kind for _, kind in state.restructurings]
    if not kinds and not state.balance.days_past_due:
        return 1  # nothing overdue and never restructured: group 1 under any thresholds (all above 0)
    rules = fund_rules.rules_on(session, state.as_of)
    if not kinds:
        return classification.group_for_days(state.balance.days_past_due, rules.debt_groups)
    restructured_on = state.restructurings[-1][0]
    return classification.loan_group(
        days_past_due=state.balance.days_past_due, table=rules.debt_groups, cure=rules.cure,
        reschedulings=kinds.count(RestructureKind.RESCHEDULE), extensions=kinds.count(RestructureKind.EXTEND),
        restructured_on=restructured_on, cured_on=_cured_on(session, loan, state, restructured_on),
        term_months=loan.term_months, as_of=state.as_of)


def classified_loans(session: Session, borrower_ids, *, as_of: date, among=None) -> dict[int, list[Loan]]:
    """The loans that count for each borrower's group as of ``as_of``, by borrower: a thousand
    borrowers a statement, or all in one when ``among`` (a subquery selecting them) is given."""
    found: dict[int, list[Loan]] = {borrower_id: [] for borrower_id in borrower_ids}
    with session.no_autoflush:  # the caller's pending writes do not change its siblings
        for batch in _batches(sorted(found), among):
            for sibling in session.scalars(select(Loan).where(
                    Loan.borrower_id.in_(batch), Loan.status.in_(CLASSIFIED), Loan.disbursed_on <= as_of)):
                found[sibling.borrower_id].append(sibling)
    return found


def reported_group(session: Session, loan: Loan, *, own: int, as_of: date,
                   siblings: list[Loan] | None = None, own_groups: dict[int, int] | None = None) -> int:
    """The borrower's worst group over its loans (domain.md §6): what the API, reports and the
    ledger use. A sibling already booked as of ``as_of`` gives its cached group; others replay.
    ``siblings`` (``classified_loans``) and their ``own_groups`` as of the date may be given when
    many loans are booked at once."""
    groups = [own]
    if siblings is None:
        siblings = classified_loans(session, [loan.borrower_id], as_of=as_of)[loan.borrower_id]
    siblings = [sibling for sibling in siblings if sibling.id != loan.id]
    for sibling in siblings:
        if own_groups and sibling.id in own_groups:
            groups.append(own_groups[sibling.id])
        elif sibling.cached_as_of == as_of:
            groups.append(sibling.cached_own_group)
        elif not (sibling.closed_on and sibling.closed_on <= as_of):
            groups.append(own_group(session, sibling, state_of(session, sibling, as_of=as_of)))
    return classification.borrower_group(groups)


def debt_group(session: Session, loan: Loan, state: LoanState, *, siblings: list[Loan] | None = None,
               own_groups: dict[int, int] | None = None) -> tuple[int, int]:
    """(own group, reported group) as of the state's date."""
    own = own_groups[loan.id] if own_groups and loan.id in own_groups else own_group(session, loan, state)
    return own, reported_group(session, loan, own=own, as_of=state.as_of, siblings=siblings, own_groups=own_groups)


# --- finding and locking ----------------------------------------------------------------------------
def get_loan(session: Session, loan_id: int, *, viewer: User | None) -> Loan:
    """The loan, or 404, also for a borrower user asking for another borrower's loan."""
    loan = reach.find(session, Loan, loan_id, what=WHAT)
    reach.check_borrower_reach(viewer, loan.borrower_id, what=WHAT, ident=loan_id)
    return loan


def lock_loan(session: Session, loan_id: int) -> Loan:
    """Lock the loan before a money event (``lock_borrower``)."""
    return lock_borrower(session, loan_id)[0]


def lock_borrower(session: Session, loan_id: int) -> tuple[Loan, list[Loan]]:
    """Lock the loan before a money event (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
    transaction already holds the write lock). All loans of its borrower are locked, in id order,
    because booking one may move the borrower's group and so rebook the others (domain.md §6);
    one order for everyone means no deadlock. One statement: the lock is the read. Returns the loan
    and all its borrower's loans, as read under the lock."""
    if not (isinstance(loan_id, int) and 1 <= loan_id <= reach.MAX_ID):
        reach.find(session, Loan, loan_id, what=WHAT)  # raises NotFound
    borrower = select(Loan.borrower_id).where(Loan.id == loan_id).scalar_subquery()
    locked = session.scalars(select(Loan).where(Loan.borrower_id == borrower).order_by(Loan.id)
                             .with_for_update().execution_options(populate_existing=True)).all()
    loan = next((row for row in locked if row.id == loan_id), None)
    if loan is None:
        reach.find(session, Loan, loan_id, what=WHAT)  # raises NotFound
    return loan, list(locked)


def classified_among(borrower_loans: list[Loan], *, as_of: date) -> list[Loan]:
    """``classified_loans`` for one borrower whose loans are already read (``lock_borrower``)."""
    return [loan for loan in borrower_loans
            if loan.status in CLASSIFIED and loan.disbursed_on is not None and loan.disbursed_on <= as_of]


def loan_query(*, viewer: User | None, status: LoanStatus | None = None, borrower_id: int | None = None) -> Select:
    """Loans the viewer may see (a borrower user: only its own), newest first."""
    query = select(Loan).order_by(Loan.id.desc())
    own = reach.own_borrower_id(viewer)
    if reach.is_borrower_user(viewer):
        query = query.where(Loan.borrower_id == own)
    if status is not None:
        query = query.where(Loan.status == status)
    if borrower_id is not None:
        query = query.where(Loan.borrower_id == borrower_id)
    return query
