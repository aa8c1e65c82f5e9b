"""Post-disbursement monitoring (kiểm tra sau cho vay) and early recall (thu hồi nợ trước hạn).

Officers record their checks on the use of the money (Circular 39/2016 Art. 23). A loan used
against its purpose can be recalled by a decision (Circular 39/2016 Art. 20; the contract's
recall clause): on the recall date all principal not yet due and the in-term interest accrued so
far fall due (``position`` folds the RECALL event), the ledger follows, and the borrower gets a
notice (one per recall: ``event_key = recall:{loan}:{date}``). From the next day what is unpaid is
overdue like any other instalment.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Borrower, EventKind, Finding, Loan, LoanEvent, LoanStatus, MonitoringCheck, Notice, User
from ..domain.errors import DomainError, StateConflict
from ..domain.events import Recalled
from ..domain.money import Dong, format_dong
from ..domain.notices import NoticeText
from ..domain.position import replay
from ..domain.words import dong_in_words
from . import loans
from .booking import book


class InvalidCheck(DomainError):
    rule = "monitoring_check_invalid"


class InvalidRecall(DomainError):
    rule = "recall_invalid"


# --- monitoring checks -------------------------------------------------------------------------------
def record_check(session: Session, *, loan_id: int, checked_on: date, finding: Finding | str, notes: str,
                 checked_by: User, today: date) -> MonitoringCheck:
    loan = loans.get_loan(session, loan_id, viewer=checked_by)
    if loan.disbursed_on is None:
        raise StateConflict("Khoản vay chưa giải ngân: chưa có gì để kiểm tra sau cho vay / nothing has been "
                            "disbursed yet to check the use of", status=loan.status.value)
    if checked_on > today:
        raise InvalidCheck("Ngày kiểm tra ở tương lai / the check date is in the future", field="checked_on",
                           today=today)
    if checked_on < loan.disbursed_on:
        raise InvalidCheck(f"Ngày kiểm tra trước ngày giải ngân {loan.disbursed_on:%d/%m/%Y} / the check date is "
                           "before the first disbursement", field="checked_on", disbursed_on=loan.disbursed_on)
    check = MonitoringCheck(loan_id=loan.id, checked_on=checked_on, finding=Finding(finding), notes=notes,
                            checked_by=checked_by.id, created_at=now_utc())
    session.add(check)
    session.flush()
    return check


def checks_of(session: Session, loan_id: int, *, viewer: User) -> list[MonitoringCheck]:
    loan = loans.get_loan(session, loan_id, viewer=viewer)
    return list(session.scalars(select(MonitoringCheck).where(MonitoringCheck.loan_id == loan.id)
                                .order_by(MonitoringCheck.checked_on, MonitoringCheck.id)))


# --- recall ------------------------------------------------------------------------------------------
def recall_text(*, borrower: str, contract_no: str, decision_no: str, value_date: date, principal: Dong,
                interest: Dong, overdue: Dong, total: Dong, reason: str) -> NoticeText:
    """Thông báo thu hồi nợ trước hạn: what falls due on the recall date, in figures and words."""
    return NoticeText(
        subject=f"Thông báo thu hồi nợ trước hạn – hợp đồng {contract_no}",
        body=(f"Kính gửi {borrower},\n\n"
              f"Theo quyết định số {decision_no}, Quỹ thu hồi nợ trước hạn khoản vay theo hợp đồng tín dụng số "
              f"{contract_no}. Lý do: {reason}\n"
              f"Toàn bộ dư nợ gốc đến hạn trả ngày {value_date:%d/%m/%Y}:\n"
              f"- Nợ gốc: {format_dong(principal)}\n- Lãi trong hạn đến ngày thu hồi: {format_dong(interest)}\n"
              f"- Nợ quá hạn và lãi phạt chưa trả: {format_dong(overdue)}\n"
              f"- Tổng số tiền phải trả: {format_dong(total)} (bằng chữ: {dong_in_words(total)}).\n\n"
              "Số tiền không trả trong ngày sẽ bị chuyển nợ quá hạn và chịu lãi quá hạn từ ngày hôm sau.\n"),
    )


def recall(session: Session, *, loan_id: int, decision_no: str, value_date: date, reason: str, recorded_by: int,
           today: date, monitoring_check_id: int | None = None) -> dict:
    """All principal falls due on ``value_date``; the ledger follows; the borrower is notified."""
    loan = loans.lock_loan(session, loan_id)
    if loan.status is not LoanStatus.ACTIVE:
        raise StateConflict(f"Khoản vay đang ở trạng thái {loan.status.value}, không thu hồi trước hạn được / a "
                            f"loan that is {loan.status.value} cannot be recalled", status=loan.status.value)
    rows = loans.event_rows(session, loan.id)
    if any(row.kind is EventKind.RECALL for row in rows):
        raise StateConflict("Khoản vay đã có quyết định thu hồi trước hạn / the loan was already recalled",
                            rule="already_recalled")
    if monitoring_check_id is not None:
        check = session.get(MonitoringCheck, monitoring_check_id) if monitoring_check_id < 2**31 else None
        if check is None or check.loan_id != loan.id:
            raise InvalidRecall("Không có biên bản kiểm tra này cho khoản vay / no such check on this loan",
                                field="monitoring_check_id")
    if value_date > today:
        raise InvalidRecall("Ngày thu hồi ở tương lai / the recall date is in the future", field="value_date",
                            today=today)
    if value_date <= loan.disbursed_on:
        raise InvalidRecall("Ngày thu hồi phải sau ngày giải ngân / the recall date must be after the first "
                            "disbursement", field="value_date", disbursed_on=loan.disbursed_on)
    not_yet_due = loans.state_of(session, loan, as_of=value_date - timedelta(days=1)).balance.principal_not_yet_due
    if not not_yet_due:
        raise InvalidRecall("Không còn dư nợ gốc chưa đến hạn để thu hồi trước hạn / no principal is left that is "
                            "not yet due", field="value_date")
    events = [*loans.domain_events(rows), Recalled(value_date=value_date)]
    terms, plan = loans.terms_of(loan), loans.stored_plan(session, loan)
    replay(terms=terms, plan=plan, events=events, as_of=max([today, *(e.value_date for e in events)]))
    # What falls due that day, before any payment of the day: the notice's figures.
    on_the_day = replay(terms=terms, plan=plan, events=[e for e in events if e.value_date < value_date]
                        + [Recalled(value_date=value_date)], as_of=value_date).balance

    event = LoanEvent(loan_id=loan.id, kind=EventKind.RECALL, value_date=value_date, amount=not_yet_due,
                      reference=decision_no, recorded_by=recorded_by, recorded_at=now_utc(),
                      details={"decision_no": decision_no, "reason": reason, "monitoring_check_id": monitoring_check_id})
    session.add(event)
    session.flush()
    loan.version += 1
    book(session, loan, as_of=today, recorded_by=recorded_by, kind="recall", source=f"recall:{event.id}")
    figures = {"value_date": value_date.isoformat(), "decision_no": decision_no,
               "principal": on_the_day.principal_outstanding,
               "principal_recalled": not_yet_due, "interest": on_the_day.interest_due_today,
               "overdue": (on_the_day.interest_overdue + on_the_day.penalty_interest + on_the_day.late_interest),
               "total": on_the_day.payoff_amount}
    notice = _notify(session, loan, today=today, figures=figures, reason=reason)
    return {"id": event.id, "loan_id": loan.id, "decision_no": decision_no, "value_date": value_date,
            "reason": reason, "monitoring_check_id": monitoring_check_id, "principal_recalled": not_yet_due,
            "principal_due": on_the_day.principal_outstanding, "interest_due": on_the_day.interest_due_today,
            "total_due": figures["total"], "notice_id": notice.id, "recorded_by": recorded_by,
            "recorded_at": event.recorded_at}


def _notify(session: Session, loan: Loan, *, today: date, figures: dict, reason: str) -> Notice:
    borrower = session.get(Borrower, loan.borrower_id)
    text = recall_text(borrower=borrower.name, contract_no=loan.contract_no, decision_no=figures["decision_no"],
                       value_date=date.fromisoformat(figures["value_date"]), principal=figures["principal"],
                       interest=figures["interest"], overdue=figures["overdue"], total=figures["total"], reason=reason)
    notice = Notice(event_key=f"recall:{loan.id}:{figures['value_date']}", kind="recall", borrower_id=borrower.id,
                    loan_id=loan.id, business_date=today, subject=text.subject, body=text.body, figures=figures,
                    email_to=borrower.email or None, created_at=now_utc())
    session.add(notice)
    session.flush()
    return notice
