"""The words of a notice (thông báo) to a borrower: what is due or overdue, in figures and words.

domain.md §5: an overdue notice states the overdue principal, the date it was transferred to
overdue and the overdue rate. Each text is Vietnamese; the figures travel alongside as numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import Dong, format_dong
from .words import dong_in_words


@dataclass(frozen=True)
class NoticeText:
    subject: str
    body: str


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}".replace(".", ",") + "%/năm"


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def reminder(*, borrower: str, contract_no: str, due_date: date, principal: Dong, interest: Dong) -> NoticeText:
    """Nhắc nợ: what falls due on the next due date (interest projected on the scheduled balance)."""
    total = principal + interest
    return NoticeText(
        subject=f"Thông báo nhắc nợ đến hạn ngày {_d(due_date)} – hợp đồng {contract_no}",
        body=(f"Kính gửi {borrower},\n\n"
              f"Quỹ xin thông báo: theo hợp đồng tín dụng số {contract_no}, ngày {_d(due_date)} đến hạn trả nợ:\n"
              f"- Nợ gốc: {format_dong(principal)}\n- Lãi (dự tính): {format_dong(interest)}\n"
              f"- Tổng cộng: {format_dong(total)} (bằng chữ: {dong_in_words(total)}).\n\n"
              "Đề nghị quý khách thu xếp trả nợ đúng hạn. Trả sau ngày đến hạn, số tiền chậm trả sẽ bị chuyển "
              "nợ quá hạn và chịu lãi quá hạn.\n"),
    )


def overdue(*, borrower: str, contract_no: str, days_past_due: int, overdue_since: date, principal_overdue: Dong,
            interest_overdue: Dong, penalty_interest: Dong, late_interest: Dong, overdue_rate: Decimal,
            late_interest_rate: Decimal) -> NoticeText:
    """Thông báo chuyển nợ quá hạn: what is overdue, since when, and at what rate."""
    total = principal_overdue + interest_overdue + penalty_interest + late_interest
    return NoticeText(
        subject=f"Thông báo nợ quá hạn {days_past_due} ngày (từ {_d(overdue_since)}) – hợp đồng {contract_no}",
        body=(f"Kính gửi {borrower},\n\n"
              f"Khoản vay theo hợp đồng tín dụng số {contract_no} đã quá hạn {days_past_due} ngày. "
              f"Ngày chuyển nợ quá hạn: {_d(overdue_since)}.\n"
              f"- Nợ gốc quá hạn: {format_dong(principal_overdue)}, chịu lãi suất quá hạn {_percent(overdue_rate)}\n"
              f"- Lãi quá hạn chưa trả: {format_dong(interest_overdue)}, chịu lãi chậm trả {_percent(late_interest_rate)}\n"
              f"- Lãi trên nợ gốc quá hạn: {format_dong(penalty_interest)}\n"
              f"- Lãi chậm trả: {format_dong(late_interest)}\n"
              f"- Tổng số tiền quá hạn phải trả: {format_dong(total)} (bằng chữ: {dong_in_words(total)}).\n\n"
              "Đề nghị quý khách trả ngay số nợ quá hạn để tránh phát sinh thêm lãi quá hạn.\n"),
    )


def group_worsened(*, borrower: str, contract_no: str, old_group: int, new_group: int, days_past_due: int) -> NoticeText:
    """Thông báo chuyển nhóm nợ."""
    return NoticeText(
        subject=f"Thông báo chuyển nhóm nợ {old_group} → {new_group} – hợp đồng {contract_no}",
        body=(f"Kính gửi {borrower},\n\nDo nợ quá hạn {days_past_due} ngày, khoản vay theo hợp đồng số "
              f"{contract_no} được chuyển từ nhóm {old_group} sang nhóm {new_group}"
              f"{' (nợ xấu)' if new_group >= 3 else ''}. Đề nghị quý khách liên hệ Quỹ để trả nợ.\n"),
    )
