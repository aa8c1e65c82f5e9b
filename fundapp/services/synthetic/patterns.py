"""History patterns of the generated book: a few ways a loan is lent and repaid, each replayed ONCE.

A pattern is a product, an amount, a term, a disbursement date and a habit (on time, some days
late, a few days early, stopped paying so that the loan sits in debt group 2–5, paid off early).
Its plan is fixed as ``services.disbursements`` fixes it (``domain.schedule.build_plan`` with the
fund's working calendar), its repayments are what the habit pays of what is owed on each date,
and its state as of the book's date comes from ``domain.position.replay``, the API's own fold.
Every loan sharing a pattern has the same amounts and dates, so it shares this state too.

Histories are short (disbursed 2–9 months before the book's date; stopped payers longer ago, with
fewer payments), so a million loans stay a few events each.
"""
from __future__ import annotations

import enum
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ...domain.calendar import WorkingCalendar
from ...domain.classification import group_for_days
from ...domain.events import Disbursed, Event, Paid
from ...domain.loan_state import Balance, LoanState
from ...domain.plan import Plan
from ...domain.position import replay
from ...domain.schedule import build_plan
from ...domain.terms import LoanTerms
from ..loans import plan_rows


class Habit(str, enum.Enum):
    ON_TIME = "on_time"  # pays what falls due on its due date
    LATE = "late"  # pays it ``days`` days after
    EARLY = "early"  # pays the next instalment ``days`` days before (held as an advance)
    STOPPED = "stopped"  # paid on time, then nothing for the last ``days`` days
    PAID_OFF = "paid_off"  # paid ``days`` instalments on time, then the payoff amount: closed


# (habit, share of the patterns, the habit's ``days`` to draw from)
HABITS = [
    (Habit.ON_TIME, 52, (0,)), (Habit.LATE, 12, (3, 5, 8, 12, 15, 20)), (Habit.EARLY, 5, (2, 3, 5)),
    (Habit.PAID_OFF, 4, (1, 2, 3)),
    # days past due aimed at: group 2 (10–90), 3 (91–180), 4 (181–360), 5 (over 360)
    (Habit.STOPPED, 9, (45, 60, 85)), (Habit.STOPPED, 6, (125, 150, 175)), (Habit.STOPPED, 6, (215, 270, 330)),
    (Habit.STOPPED, 6, (395, 420)),
]


@dataclass(frozen=True)
class ProductShape:
    """What the generator lends under a product: the product's values (``services.products``) and
    the terms and amounts it draws from."""

    values: dict
    terms: tuple[int, ...]
    amounts: tuple[int, ...]
    purposes: tuple[str, ...]


PRODUCTS = {
    "SXNN-DNGD": ProductShape(
        dict(name="Cho vay sản xuất nông nghiệp (dư nợ giảm dần, trả hằng tháng)", annual_rate=Decimal("0.07"),
             method="equal_principal", principal_every=1, interest_every=1, min_term_months=6, max_term_months=60,
             max_amount=1_500_000_000, max_grace_months=6),
        (12, 18, 24, 36), (60_000_000, 120_000_000, 200_000_000, 350_000_000, 500_000_000, 800_000_000),
        ("Tái canh cà phê", "Hệ thống tưới nhỏ giọt", "Nhà lưới trồng rau hoa", "Mua giống và phân bón",
         "Kho lạnh bảo quản nông sản")),
    "TRAGOP-MAYMOC": ProductShape(
        dict(name="Cho vay mua máy móc thiết bị (trả góp đều hằng tháng)", annual_rate=Decimal("0.075"),
             method="annuity", principal_every=1, interest_every=1, min_term_months=12, max_term_months=48,
             max_amount=1_000_000_000, max_grace_months=3),
        (12, 24, 36), (90_000_000, 250_000_000, 450_000_000, 650_000_000),
        ("Mua máy cày và máy xới", "Máy sấy nông sản", "Xe tải nhẹ chở hàng", "Dây chuyền sơ chế")),
    "THOIVU-CAPHE": ProductShape(
        dict(name="Cho vay thời vụ (lãi hằng tháng, gốc cuối kỳ)", annual_rate=Decimal("0.065"),
             method="equal_principal", principal_every=0, interest_every=1, min_term_months=6, max_term_months=12,
             max_amount=800_000_000),
        (9, 12), (40_000_000, 80_000_000, 150_000_000, 300_000_000),
        ("Chăm sóc vườn cà phê", "Thu mua nông sản vụ mới", "Mua phân bón vụ mùa")),
    "TRUNGHAN-LAIQUY": ProductShape(
        dict(name="Cho vay trung hạn (lãi hằng quý, gốc cuối kỳ)", annual_rate=Decimal("0.072"),
             method="bullet", principal_every=0, interest_every=3, min_term_months=12, max_term_months=36,
             max_amount=1_200_000_000),
        (12, 18, 24), (200_000_000, 400_000_000, 700_000_000),
        ("Xây nhà sơ chế đạt chuẩn", "Mở rộng xưởng chế biến", "Đầu tư vùng nguyên liệu")),
}


@dataclass(frozen=True)
class Shape:
    """A pattern before it is replayed."""

    product: str  # a code of ``PRODUCTS``
    amount: int
    term_months: int
    disbursed_on: date
    habit: Habit
    days: int
    purpose: str

    @property
    def approved_on(self) -> date:
        return self.disbursed_on - timedelta(days=5)


@dataclass(frozen=True)
class Pattern:
    """A replayed pattern: what every loan sharing it holds as of the book's date."""

    shape: Shape
    terms: LoanTerms
    plan: Plan
    rows: list  # ``loans.plan_rows(plan)``: one list, shared by every loan's ``loan_plans`` row
    repayments: tuple[tuple[date, int], ...]  # (value date, amount), in recording order
    state: LoanState
    own_group: int  # domain.md §6 by days past due (never restructured, so no floor)


def draw(rng: random.Random, count: int, *, as_of: date, calendar: WorkingCalendar) -> list[Shape]:
    """``count`` shapes, habits in the shares of ``HABITS``, disbursed on days spread over the month."""
    weights = [share for _, share, _ in HABITS]
    shapes = []
    for _ in range(count):
        habit, _, choices = rng.choices(HABITS, weights)[0]
        days = rng.choice(choices)
        code = rng.choice(list(PRODUCTS))
        if habit is Habit.STOPPED and code == "TRUNGHAN-LAIQUY":  # quarterly dates: days past due too coarse
            code = "SXNN-DNGD"
        product = PRODUCTS[code]
        if habit is Habit.STOPPED:  # far enough back that the first unpaid date is ``days`` ago
            months_ago = days // 30 + 1 + rng.randint(0, 2)
        else:
            months_ago = rng.randint(2, 9)
        month = as_of.replace(day=1) - relativedelta(months=months_ago)
        disbursed_on = calendar.roll_forward(month.replace(day=rng.randint(1, 28)))
        if disbursed_on >= as_of:
            disbursed_on = as_of - timedelta(days=60)
        shapes.append(Shape(code, rng.choice(product.amounts), rng.choice(product.terms), disbursed_on, habit, days,
                            rng.choice(product.purposes)))
    return shapes


def _owed(balance: Balance) -> int:
    """What falls due and is owed on the balance's day: the instalment plus anything overdue."""
    return (balance.principal_overdue + balance.interest_overdue + balance.penalty_interest + balance.late_interest
            + balance.principal_due_today + balance.interest_due_today)


def replay_shape(shape: Shape, terms: LoanTerms, *, as_of: date, calendar: WorkingCalendar) -> Pattern:
    """Fix the plan, pay as the habit says up to ``as_of`` and fold it all as of ``as_of``."""
    plan = build_plan(terms, disbursed_on=shape.disbursed_on, calendar=calendar)
    events: list[Event] = [Disbursed(value_date=shape.disbursed_on, amount=terms.amount, seq=1)]
    state_on = lambda day: replay(terms=terms, plan=plan, events=events, as_of=day)  # noqa: E731

    def pay(day: date, amount: int) -> None:
        if amount > 0:
            events.append(Paid(payment_id=len(events), value_date=day, amount=amount, seq=len(events) + 1))

    habit, days = shape.habit, shape.days
    for number, row in enumerate(plan, start=1):
        due, after_last = row.due_date, events[-1].value_date + timedelta(days=1)
        if habit is Habit.PAID_OFF and number > days:  # ten days before the next date: everything
            day = max(due - timedelta(days=10), after_last)
            if day <= as_of:
                pay(day, state_on(day).balance.payoff_amount)
            break
        if habit is Habit.EARLY:  # what falls due then, paid ahead: held as an advance until the date
            day = max(due - timedelta(days=days), after_last)
            if day > as_of:
                break
            pay(day, _owed(state_on(due).balance))
            continue
        if habit is Habit.STOPPED and (as_of - due).days < days:
            break
        day = due + timedelta(days=days) if habit is Habit.LATE else due
        if day > as_of:
            break
        pay(day, _owed(state_on(day).balance))
    state = state_on(as_of)
    repayments = tuple((event.value_date, event.amount) for event in events[1:])
    return Pattern(shape, terms, plan, plan_rows(plan), repayments, state, group_for_days(state.balance.days_past_due))
