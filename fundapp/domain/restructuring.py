"""Restructuring the repayment term (cơ cấu lại thời hạn trả nợ; Decree 45/2021 Art. 27; Circular
39/2016 Art. 19; domain.md §6): the new plan for the dates not yet due, and the rules it must keep.

- **Rescheduling (điều chỉnh kỳ hạn trả nợ)** moves instalment dates and amounts; the maturity
  stays where it is.
- **Extension (gia hạn nợ)** moves the maturity later.

Either is given as hand-entered dates and amounts, or by a rule: ``deferred_plan`` moves every date
not yet due by some months (dates that would pass the maturity are dropped; the maturity stays),
``extended_plan`` keeps the dates ahead, adds the loan's own frequencies up to a new maturity and
spreads the principal again. Both re-spread by the loan's method (equal principal rounded down with
the last taking the rest, bullet all at maturity, annuity with a new instalment).

The new plan replaces, at the start of the effective date, every date not yet fallen due; its
principal must be exactly the principal not yet due then (overdue amounts stay overdue). Nothing
here reads a clock or a database.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from dateutil.relativedelta import relativedelta

from .calendar import WorkingCalendar
from .errors import DomainError
from .events import RestructureKind
from .money import Dong
from .plan import Plan, PlannedDate
from .schedule import respread
from .terms import AT_MATURITY, LoanTerms, Method

__all__ = ["InvalidRestructuring", "RestructureKind", "Situation", "check", "deferred_plan", "extended_plan",
           "hand_entered_plan"]


class InvalidRestructuring(DomainError):
    """A restructured plan that breaks a rule; ``field`` names the input at fault."""

    rule = "restructuring_invalid"


@dataclass(frozen=True, kw_only=True)
class Situation:
    """The loan at the start of the effective date, before the restructuring applies."""

    effective_date: date
    disbursed_on: date
    principal_not_yet_due: Dong
    ahead: tuple[PlannedDate, ...]  # plan dates not yet fallen due (due on or after the effective date)
    last_due: date  # the last due date before the effective date (or the disbursement): interest runs from it
    next_seq: int

    @property
    def maturity(self) -> date:
        return self.ahead[-1].due_date


def hand_entered_plan(situation: Situation, installments: Sequence[tuple[date, Dong]]) -> Plan:
    """The officer's dates and principal amounts; interest falls due on every date."""
    return tuple(PlannedDate(seq=situation.next_seq + i, nominal_date=day, due_date=day, principal=amount,
                             interest_due=True, principal_date=amount > 0)
                 for i, (day, amount) in enumerate(installments))


def _roll(day: date, terms: LoanTerms, calendar: WorkingCalendar) -> date:
    # Civil Code Art. 148.5: a due date on a day off moves to the next working day (a product setting).
    return calendar.roll_forward(day) if terms.working_day_roll else day


def _shifted(start: date, nominal: date, months: int) -> date:
    """``nominal`` moved by ``months``, counted from the disbursement when it is one of its dates
    (so 31 Jan → 30 Apr → 31 May, never drifting to the 28th)."""
    counted = (nominal.year - start.year) * 12 + nominal.month - start.month
    if start + relativedelta(months=counted) == nominal:
        return start + relativedelta(months=counted + months)
    return nominal + relativedelta(months=months)


def _numbered(situation: Situation, dates: Sequence[PlannedDate]) -> list[PlannedDate]:
    return [replace(d, seq=situation.next_seq + i) for i, d in enumerate(dates)]


def _spread(situation: Situation, dates: Sequence[PlannedDate], terms: LoanTerms, field: str) -> Plan:
    _increasing(situation, dates, field)
    return respread(remaining_principal=situation.principal_not_yet_due, dates=dates, terms=terms,
                    from_date=situation.effective_date, balance_start_date=situation.last_due)


def deferred_plan(situation: Situation, *, months: int, terms: LoanTerms, calendar: WorkingCalendar) -> Plan:
    """Rescheduling by rule: every date not yet due moves ``months`` later; those that would reach
    the maturity are dropped, the maturity stays; the principal is spread again over what is left."""
    if months < 1:
        raise InvalidRestructuring("Số tháng lùi phải từ 1 / defer by at least one month", field="defer_months")
    *before, last = situation.ahead
    moved = []
    for planned in before:
        nominal = _shifted(situation.disbursed_on, planned.nominal_date, months)
        if nominal < last.nominal_date:
            moved.append(replace(planned, nominal_date=nominal, due_date=_roll(nominal, terms, calendar)))
    dates = _numbered(situation, [*moved, replace(last, principal_date=True, interest_due=True)])
    return _spread(situation, dates, terms, "defer_months")


def extended_plan(situation: Situation, *, new_maturity: date, terms: LoanTerms,
                  calendar: WorkingCalendar) -> Plan:
    """Extension by rule: the dates ahead stay; the loan's own interest and principal dates (counted
    from the disbursement) continue past the old maturity up to ``new_maturity`` (rolled to a
    working day), the new last date; the principal is spread again over all of them."""
    old_last = situation.ahead[-1].nominal_date
    if new_maturity <= situation.maturity:
        raise InvalidRestructuring(
            f"Ngày đáo hạn mới phải sau {situation.maturity:%d/%m/%Y} / the new maturity must be after the "
            f"current one", field="new_maturity", maturity=situation.maturity)
    principal_every = AT_MATURITY if terms.method is Method.BULLET else terms.principal_every
    grids = {}
    for every, flag in ((terms.interest_every, "interest_due"), (principal_every, "principal_date")):
        months = (old_last.year - situation.disbursed_on.year) * 12 + old_last.month - situation.disbursed_on.month
        while every:
            months += 1
            nominal = situation.disbursed_on + relativedelta(months=months)
            if nominal >= new_maturity:
                break
            if months % every == 0 and nominal > old_last:
                grids.setdefault(nominal, set()).add(flag)
    *before, old_maturity = situation.ahead
    # The old maturity stays a date only for the frequencies that fall on it (not "at maturity").
    kept = replace(old_maturity, interest_due=terms.interest_every != AT_MATURITY,
                   principal_date=principal_every != AT_MATURITY)
    dates = [*before, *([kept] if kept.interest_due or kept.principal_date else [])]
    dates += [PlannedDate(seq=0, nominal_date=nominal, due_date=_roll(nominal, terms, calendar), principal=0,
                          interest_due="interest_due" in flags, principal_date="principal_date" in flags)
              for nominal, flags in sorted(grids.items())]
    dates.append(PlannedDate(seq=0, nominal_date=new_maturity, due_date=_roll(new_maturity, terms, calendar),
                             principal=0, interest_due=True, principal_date=True))
    return _spread(situation, _numbered(situation, dates), terms, "new_maturity")


def _increasing(situation: Situation, plan: Sequence[PlannedDate], field: str) -> None:
    previous = situation.effective_date
    for planned in plan:
        if planned.due_date <= previous:
            raise InvalidRestructuring(
                f"Các ngày trả nợ phải tăng dần và sau ngày hiệu lực {situation.effective_date:%d/%m/%Y} "
                f"({planned.due_date:%d/%m/%Y}) / due dates must strictly increase, after the effective date",
                field=field, due_date=planned.due_date, effective_date=situation.effective_date)
        previous = planned.due_date


def check(kind: RestructureKind, situation: Situation, plan: Plan, *, field: str = "installments") -> None:
    """The rules every restructured plan keeps (domain.md §6), naming ``field`` when one breaks."""
    if not plan:
        raise InvalidRestructuring("Cần ít nhất một kỳ trả nợ / at least one instalment is needed", field=field)
    _increasing(situation, plan, field)
    if any(type(p.principal) is not int or p.principal < 0 for p in plan):
        raise InvalidRestructuring("Số tiền gốc phải là số đồng không âm / principal must be whole đồng, not negative",
                                   field=field)
    planned = sum(p.principal for p in plan)
    if planned != situation.principal_not_yet_due:
        raise InvalidRestructuring(
            f"Tổng gốc của lịch mới ({planned:,} đ) phải bằng dư nợ gốc chưa đến hạn "
            f"({situation.principal_not_yet_due:,} đ) / the new plan's principal must equal the principal not "
            f"yet due", field=field, plan_principal=planned, principal_not_yet_due=situation.principal_not_yet_due)
    last = plan[-1].due_date
    if kind is RestructureKind.RESCHEDULE and last != situation.maturity:
        raise InvalidRestructuring(
            f"Điều chỉnh kỳ hạn giữ nguyên ngày đáo hạn {situation.maturity:%d/%m/%Y}; muốn kéo dài hãy chọn gia "
            f"hạn nợ / rescheduling keeps the maturity; to move it, ask for an extension", field=field,
            maturity=situation.maturity, last_due_date=last)
    if kind is RestructureKind.EXTEND and last <= situation.maturity:
        raise InvalidRestructuring(
            f"Gia hạn nợ phải dời ngày đáo hạn sau {situation.maturity:%d/%m/%Y} / an extension must move the "
            f"maturity later", field=field, maturity=situation.maturity, last_due_date=last)
    if [(p.due_date, p.principal) for p in plan] == [(p.due_date, p.principal) for p in situation.ahead]:
        raise InvalidRestructuring("Lịch mới giống lịch hiện tại / the new plan is the current one", field=field)

