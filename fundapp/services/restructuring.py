"""Restructuring (cơ cấu lại thời hạn trả nợ): an officer asks, an approver who is not the one who
asked decides (Decree 45/2021 Art. 27; Circular 39/2016 Art. 17.2, separation of duties).

On approval a RESTRUCTURING event carries the new plan (``details["plan"]``, what the fold
replays) and the dates it replaced (``details["previous_plan"]``); a new ``loan_plans`` version
keeps the whole plan in force from the effective date, the older versions stay as history. An
extension moves the loan's maturity. Booking follows, so the debt-group floors of domain.md §6
(``loans.own_group``) reach the ledger and the balance at once.

The plan is built again at approval from what the officer asked (dates and amounts, or a rule),
on the loan as it then stands: a payment recorded in between is taken into account.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import (EventKind, Loan, LoanEvent, LoanPlan, LoanStatus, RestructuringRequest, RestructuringStatus,
                         User)
from ..domain import restructuring as rules
from ..domain.errors import DomainError, NotAllowed, StateConflict
from ..domain.events import Replanned, RestructureKind
from ..domain.plan import Plan
from ..domain.position import replay
from ..domain.schedule import project
from . import loans, reach
from .booking import book
from .holidays import working_calendar

WHAT = "đề nghị cơ cấu nợ / restructuring request"
KIND_WORDS = {RestructureKind.RESCHEDULE: "Điều chỉnh kỳ hạn trả nợ", RestructureKind.EXTEND: "Gia hạn nợ"}
InvalidRestructuring = rules.InvalidRestructuring


def _refuse(message: str, field: str, **figures) -> None:
    raise InvalidRestructuring(message, field=field, **figures)


def situation(session: Session, loan: Loan, effective_date: date) -> tuple[rules.Situation, Plan]:
    """The loan at the start of ``effective_date`` (its state after the day before), and the plan
    dates already fallen due by then."""
    state = loans.state_of(session, loan, as_of=effective_date - timedelta(days=1))
    past = tuple(p for p in state.plan if p.due_date < effective_date)
    ahead = tuple(p for p in state.plan if p.due_date >= effective_date)
    if not ahead or not state.balance.principal_not_yet_due:
        _refuse(f"Ngày {effective_date:%d/%m/%Y} không còn dư nợ gốc chưa đến hạn để cơ cấu / no principal is "
                "left that is not yet due on that date", "effective_date")
    last_due = max((p.due_date for p in past if p.interest_due), default=loan.disbursed_on)
    return rules.Situation(effective_date=effective_date, disbursed_on=loan.disbursed_on,
                           principal_not_yet_due=state.balance.principal_not_yet_due, ahead=ahead,
                           last_due=last_due, next_seq=max((p.seq for p in past), default=0) + 1), past


def _inputs(kind: RestructureKind, installments, defer_months, new_maturity) -> None:
    """Which way the new plan is given: hand-entered, or the rule that goes with the kind."""
    if kind is RestructureKind.RESCHEDULE:
        if new_maturity is not None:
            _refuse("Điều chỉnh kỳ hạn không đổi ngày đáo hạn / rescheduling keeps the maturity: ask for an "
                    "extension", "new_maturity")
        if (installments is None) == (defer_months is None):
            _refuse("Nhập lịch trả nợ mới hoặc số tháng lùi (một trong hai) / give either the new installments or "
                    "defer_months", "installments" if installments is not None else "defer_months")
    else:
        if defer_months is not None:
            _refuse("Gia hạn nợ cần ngày đáo hạn mới, không dùng số tháng lùi / an extension takes new_maturity",
                    "defer_months")
        if new_maturity is None:
            _refuse("Gia hạn nợ cần ngày đáo hạn mới / an extension needs the new maturity", "new_maturity")


def new_plan(session: Session, loan: Loan, *, kind: RestructureKind, effective_date: date, today: date,
             installments=None, defer_months: int | None = None, new_maturity: date | None = None
             ) -> tuple[rules.Situation, Plan, Plan]:
    """Check the request against the loan as it stands and build its plan: (situation, past, new).
    The loan is replayed with it to the last recorded date, so a later payment it would break
    refuses it here."""
    if loan.status is not LoanStatus.ACTIVE:
        raise StateConflict(f"Khoản vay đang ở trạng thái {loan.status.value}, không cơ cấu được / a loan that is "
                            f"{loan.status.value} cannot be restructured", status=loan.status.value)
    _inputs(kind, installments, defer_months, new_maturity)
    if effective_date > today:
        _refuse("Ngày hiệu lực ở tương lai / the effective date is in the future", "effective_date", today=today)
    if effective_date <= loan.disbursed_on:
        _refuse("Ngày hiệu lực phải sau ngày giải ngân / the effective date must be after the first disbursement",
                "effective_date", disbursed_on=loan.disbursed_on)
    rows = loans.event_rows(session, loan.id)
    if any(row.kind is EventKind.RECALL for row in rows):
        raise StateConflict("Khoản vay đã có quyết định thu hồi nợ trước hạn / the loan has been recalled",
                            rule="recalled")
    earlier = [row.value_date for row in rows if row.kind is EventKind.RESTRUCTURING]
    if earlier and effective_date <= max(earlier):
        _refuse(f"Ngày hiệu lực phải sau lần cơ cấu trước ({max(earlier):%d/%m/%Y}) / the effective date must be "
                "after the previous restructuring", "effective_date", previous=max(earlier))
    found, past = situation(session, loan, effective_date)
    if kind is RestructureKind.EXTEND and new_maturity <= found.maturity:
        _refuse(f"Ngày đáo hạn mới phải sau {found.maturity:%d/%m/%Y} / the new maturity must be after the current "
                "one", "new_maturity", maturity=found.maturity)
    calendar = working_calendar(session)
    terms = loans.terms_of(loan)
    if installments is not None:
        field, plan = "installments", rules.hand_entered_plan(found, installments)
        if new_maturity is not None and plan and plan[-1].due_date != new_maturity:
            _refuse("Kỳ cuối của lịch mới phải là ngày đáo hạn mới / the last installment must fall on the new "
                    "maturity", "new_maturity", last_due_date=plan[-1].due_date)
    elif kind is RestructureKind.RESCHEDULE:
        field, plan = "defer_months", rules.deferred_plan(found, months=defer_months, terms=terms, calendar=calendar)
    else:
        field, plan = "new_maturity", rules.extended_plan(found, new_maturity=new_maturity, terms=terms,
                                                          calendar=calendar)
    rules.check(kind, found, plan, field=field)
    events = [*loans.domain_events(rows), Replanned(value_date=effective_date, plan=plan, kind=kind)]
    replay(terms=terms, plan=loans.stored_plan(session, loan), events=events,
           as_of=max([today, *(e.value_date for e in events)]))
    return found, past, plan


def request_restructuring(session: Session, *, loan_id: int, kind: RestructureKind | str, effective_date: date,
                          reason: str, requested_by: int, today: date, installments=None,
                          defer_months: int | None = None, new_maturity: date | None = None) -> dict:
    """An officer's request; nothing changes on the loan until an approver decides."""
    kind = RestructureKind(kind)
    loan = loans.lock_loan(session, loan_id)
    pending = session.scalar(select(RestructuringRequest.id).where(
        RestructuringRequest.loan_id == loan.id, RestructuringRequest.status == RestructuringStatus.REQUESTED))
    if pending is not None:
        raise StateConflict(f"Khoản vay đã có đề nghị cơ cấu số {pending} đang chờ duyệt / request {pending} is "
                            "still waiting for a decision", rule="request_pending", request_id=pending)
    found, _, plan = new_plan(session, loan, kind=kind, effective_date=effective_date, today=today,
                              installments=installments, defer_months=defer_months, new_maturity=new_maturity)
    row = RestructuringRequest(
        loan_id=loan.id, kind=kind.value, effective_date=effective_date, new_maturity=new_maturity,
        new_dates=None if installments is None else [[day.isoformat(), amount] for day, amount in installments],
        defer_months=defer_months, reason=reason, status=RestructuringStatus.REQUESTED, requested_by=requested_by,
        requested_at=now_utc())
    session.add(row)
    session.flush()
    return as_item(row, plan=_projected(found, plan, loan))


def _decidable(session: Session, request_id: int, *, user_id: int) -> tuple[RestructuringRequest, Loan]:
    row = reach.find(session, RestructuringRequest, request_id, what=WHAT)
    loan = loans.lock_loan(session, row.loan_id)
    session.refresh(row)  # read again under the loan's lock: another approver may just have decided
    if row.status is not RestructuringStatus.REQUESTED:
        raise StateConflict(f"Đề nghị đã được xử lý ({row.status.value}) / the request is already {row.status.value}",
                            status=row.status.value)
    if row.requested_by == user_id:
        raise NotAllowed("Người duyệt phải khác người đề nghị cơ cấu / the request must be decided by another user "
                         "than the one who made it", reason="requested_by")
    return row, loan


def approve(session: Session, request_id: int, *, decision_no: str, notes: str = "", approved_by: int,
            today: date) -> dict:
    """The decision: the new plan takes effect from the effective date, the old one stays in history."""
    row, loan = _decidable(session, request_id, user_id=approved_by)
    kind = RestructureKind(row.kind)
    installments = None if row.new_dates is None else [(date.fromisoformat(d), a) for d, a in row.new_dates]
    found, past, plan = new_plan(session, loan, kind=kind, effective_date=row.effective_date, today=today,
                                 installments=installments, defer_months=row.defer_months,
                                 new_maturity=row.new_maturity)
    maturity_before = found.maturity
    event = LoanEvent(loan_id=loan.id, kind=EventKind.RESTRUCTURING, value_date=row.effective_date,
                      amount=found.principal_not_yet_due, reference=decision_no, recorded_by=approved_by,
                      recorded_at=now_utc(), details={
                          "kind": kind.value, "plan": loans.plan_rows(plan),
                          "previous_plan": loans.plan_rows(found.ahead), "request_id": row.id,
                          "decision_no": decision_no, "maturity_before": maturity_before.isoformat(),
                          "maturity_after": plan[-1].due_date.isoformat()})
    session.add(event)
    session.flush()
    version = (session.scalar(select(func.max(LoanPlan.version)).where(LoanPlan.loan_id == loan.id)) or 0) + 1
    session.add(LoanPlan(loan_id=loan.id, version=version, effective_date=row.effective_date, event_id=event.id,
                         reason=f"{KIND_WORDS[kind]} theo quyết định {decision_no}"[:200],
                         rows=loans.plan_rows((*past, *plan)), created_at=now_utc()))
    loan.maturity_date = plan[-1].due_date
    loan.version += 1
    row.status, row.decided_by, row.decided_at = RestructuringStatus.APPROVED, approved_by, now_utc()
    row.decision_no, row.decision_note, row.event_id = decision_no, notes or None, event.id
    session.flush()
    book(session, loan, as_of=today, recorded_by=approved_by, kind="restructuring",
         source=f"restructuring:{event.id}")
    return as_item(row, event=event)


def reject(session: Session, request_id: int, *, reason: str, rejected_by: int) -> dict:
    row, _ = _decidable(session, request_id, user_id=rejected_by)
    row.status, row.decided_by, row.decided_at = RestructuringStatus.REJECTED, rejected_by, now_utc()
    row.decision_note = reason
    session.flush()
    return as_item(row)


# --- views ------------------------------------------------------------------------------------------
def _projected(found: rules.Situation, plan: Plan, loan: Loan) -> list[dict]:
    """The new plan with the in-term interest projected on it (if every date is paid on time)."""
    schedule = project(plan, balance=found.principal_not_yet_due, start=found.last_due, annual_rate=loan.annual_rate)
    return [{"seq": r.seq, "due_date": r.due_date, "principal": r.principal, "interest": r.interest,
             "total": r.total} for r in schedule.installments]


def _rows(rows: list[dict] | None) -> list[dict] | None:
    if rows is None:
        return None
    return [{"seq": r["seq"], "due_date": date.fromisoformat(r["due_date"]), "principal": r["principal"]}
            for r in rows]


def as_item(row: RestructuringRequest, *, plan: list[dict] | None = None, event: LoanEvent | None = None,
            problem: str | None = None) -> dict:
    details = (event.details or {}) if event is not None else {}
    return {
        "id": row.id, "loan_id": row.loan_id, "kind": row.kind, "status": row.status.value,
        "effective_date": row.effective_date, "reason": row.reason, "defer_months": row.defer_months,
        "new_maturity": row.new_maturity,
        "installments": None if row.new_dates is None else [{"due_date": date.fromisoformat(d), "principal": a}
                                                            for d, a in row.new_dates],
        "requested_by": row.requested_by, "requested_at": row.requested_at, "decided_by": row.decided_by,
        "decided_at": row.decided_at, "decision_no": row.decision_no, "decision_note": row.decision_note,
        "event_id": row.event_id, "plan": plan if plan is not None else _rows(details.get("plan")),
        "previous_plan": _rows(details.get("previous_plan")),
        "maturity_before": details.get("maturity_before"), "maturity_after": details.get("maturity_after"),
        "problem": problem,
    }


def view(session: Session, row: RestructuringRequest, loan: Loan, *, today: date) -> dict:
    """A request as it stands: an open one with the plan it would give today (or why it cannot)."""
    if row.event_id is not None:
        return as_item(row, event=session.get(LoanEvent, row.event_id))
    if row.status is not RestructuringStatus.REQUESTED:
        return as_item(row)
    installments = None if row.new_dates is None else [(date.fromisoformat(d), a) for d, a in row.new_dates]
    try:
        with session.no_autoflush:
            found, _, plan = new_plan(session, loan, kind=RestructureKind(row.kind), effective_date=row.effective_date,
                                      today=today, installments=installments, defer_months=row.defer_months,
                                      new_maturity=row.new_maturity)
    except DomainError as error:
        return as_item(row, problem=error.message)
    return as_item(row, plan=_projected(found, plan, loan))


def requests_of(session: Session, loan_id: int, *, viewer: User | None, today: date) -> list[dict]:
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    rows = session.scalars(select(RestructuringRequest).where(RestructuringRequest.loan_id == loan.id)
                           .order_by(RestructuringRequest.id))
    return [view(session, row, loan, today=today) for row in rows]


def get_request(session: Session, request_id: int, *, viewer: User | None, today: date) -> dict:
    row = reach.find(session, RestructuringRequest, request_id, what=WHAT)
    loan = session.get(Loan, row.loan_id)
    reach.check_borrower_reach(viewer, loan.borrower_id, what=WHAT, ident=request_id)
    return view(session, row, loan, today=today)


def plan_history(session: Session, loan_id: int, *, viewer: User | None) -> list[dict]:
    """Every version of the loan's plan, oldest first: version 1 fixed at the first disbursement,
    one more per restructuring (domain.md §6: the old schedule stays in history)."""
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    return [{"version": p.version, "effective_date": p.effective_date, "reason": p.reason, "event_id": p.event_id,
             "created_at": p.created_at,
             "rows": [{**r, "due_date": date.fromisoformat(r["due_date"]),
                       "nominal_date": date.fromisoformat(r["nominal_date"])} for r in p.rows]}
            for p in session.scalars(select(LoanPlan).where(LoanPlan.loan_id == loan.id).order_by(LoanPlan.version))]
