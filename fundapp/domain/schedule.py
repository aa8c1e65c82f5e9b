"""Repayment schedules (lịch trả nợ): which dates a loan falls due and what it owes on each (domain.md §4).

``build_plan`` fixes the dates and the principal of each date (what the daily fold consumes);
``build_schedule`` adds the projected interest column the borrower signs; ``respread`` spreads an
unpaid principal again over the dates still ahead (a later tranche, a "reduce instalments"
prepayment). Nothing here reads a clock or a database: the disbursement date and the working-day
calendar are arguments.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import NoReturn

from dateutil.relativedelta import relativedelta

from .calendar import WorkingCalendar
from .errors import DomainError
from .money import Dong, interest_for, round_down
from .plan import Plan, PlannedDate, annuity_payment, periodic_rate
from .terms import AT_MATURITY, LoanTerms, Method

FREQUENCIES = (AT_MATURITY, 1, 3, 6, 12)  # Circular 39/2016 Art. 18.1; domain.md §4


class InvalidTerms(DomainError):
    """The terms cannot make a schedule; ``field`` names the input at fault."""

    rule = "invalid_terms"


class DueDatesCollide(DomainError):
    """The working-day roll moved two due dates onto the same day (a holiday run over a month)."""

    rule = "due_dates_collide"


class NoPrincipalDateLeft(DomainError):
    """There is principal to re-spread but no principal date ahead to put it on."""

    rule = "no_principal_date_left"


def validate_terms(terms: LoanTerms) -> None:
    """Refuse terms that cannot make a schedule (domain.md §4), naming the field at fault."""

    def refuse(field: str, message: str) -> NoReturn:
        raise InvalidTerms(message, field=field, **{field: getattr(terms, field)})

    if type(terms.amount) is not int or terms.amount <= 0:
        refuse("amount", "the amount must be a positive whole number of đồng")
    # Never a float near money: a rate is a Decimal (0.07 = 7% a year).
    if not isinstance(terms.annual_rate, Decimal) or not terms.annual_rate.is_finite() or terms.annual_rate <= 0:
        refuse("annual_rate", "the annual rate must be a positive Decimal")
    if terms.term_months < 1:
        refuse("term_months", "the term must be at least one month")
    if not 0 <= terms.grace_months < terms.term_months:
        refuse("grace_months", "the grace period must be at least 0 and shorter than the term")
    for field in ("principal_every", "interest_every"):
        if getattr(terms, field) not in FREQUENCIES:
            refuse(field, "a frequency is every 1, 3, 6 or 12 months, or 0 (at maturity)")
    principal_every, interest_every = _principal_every(terms), terms.interest_every
    if principal_every > terms.term_months:
        refuse("principal_every", "principal cannot fall due less often than once in the term")
    if interest_every > terms.term_months:
        refuse("interest_every", "interest cannot fall due less often than once in the term")
    # Every principal date must also be an interest date (domain.md §4).
    if interest_every == AT_MATURITY and principal_every != AT_MATURITY:
        refuse("interest_every", "interest at maturity only needs principal at maturity only")
    if principal_every != AT_MATURITY and interest_every != AT_MATURITY and principal_every % interest_every:
        refuse("interest_every", "the interest frequency must divide the principal frequency")
    if terms.method is Method.ANNUITY and not principal_every == interest_every >= 1:
        refuse("method", "equal instalments need principal and interest on the same monthly frequency")


def build_plan(
    terms: LoanTerms,
    *,
    disbursed_on: date,
    calendar: WorkingCalendar,
    manual_principal: Sequence[tuple[date, Dong]] | None = None,
) -> Plan:
    """The plan of a loan disbursed on ``disbursed_on``: its dates and the principal fixed for each.

    ``manual_principal`` is the officer's (date, amount) list, required for ``Method.MANUAL`` and
    refused otherwise; a date may be given as the nominal or the rolled due date of a plan date.
    """
    validate_terms(terms)
    dates = _dates(terms, disbursed_on=disbursed_on, calendar=calendar)
    if terms.method is Method.MANUAL:
        return _manual(terms, dates, disbursed_on=disbursed_on, entries=manual_principal)
    if manual_principal is not None:
        raise InvalidTerms("hand-entered principal needs the manual method", field="manual_principal")
    return _spread(terms, dates, principal=terms.amount, start=disbursed_on)


def respread(
    *,
    remaining_principal: Dong,
    dates: Sequence[PlannedDate],
    terms: LoanTerms,
    from_date: date,
    balance_start_date: date | None = None,
) -> Plan:
    """Spread ``remaining_principal`` again over the principal dates due after ``from_date``.

    Dates due on or before ``from_date`` keep their principal; every date keeps its place. Equal
    principal, bullet and manual spread evenly, rounded down, the last taking the rest (domain.md §5
    step 4), so bullet stays all at maturity. Annuity takes a new A on the remaining balance and
    dates, its first period's interest projected from ``balance_start_date`` (default
    ``from_date``): pass the previous due date when the balance was held since then.
    """
    if type(remaining_principal) is not int or remaining_principal < 0:
        raise ValueError(f"remaining principal must be whole đồng, not negative: {remaining_principal!r}")
    past = tuple(d for d in dates if d.due_date <= from_date)
    ahead = [d for d in dates if d.due_date > from_date]
    start = balance_start_date or from_date
    if ahead and start >= ahead[0].due_date:
        raise ValueError("the balance must start before the first date it is re-spread over")
    if not any(d.principal_date for d in ahead):
        if remaining_principal:
            raise NoPrincipalDateLeft(
                "no principal date is left after this date to spread the principal over",
                from_date=from_date, remaining_principal=remaining_principal,
            )
        return past + tuple(replace(d, principal=0) for d in ahead)
    return past + _spread(terms, ahead, principal=remaining_principal, start=start)


@dataclass(frozen=True, kw_only=True)
class Installment:
    """One row of the schedule: what is owed on ``due_date`` if every row is paid on its date."""

    seq: int
    due_date: date
    nominal_date: date
    principal: Dong
    interest: Dong
    total: Dong
    balance_after: Dong


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """The repayment schedule (lịch trả nợ) with its totals."""

    installments: tuple[Installment, ...]

    # Totals are derived, never stored, so they cannot disagree with the rows.
    @property
    def total_principal(self) -> Dong:
        return sum(row.principal for row in self.installments)

    @property
    def total_interest(self) -> Dong:
        return sum(row.interest for row in self.installments)

    @property
    def total(self) -> Dong:
        return self.total_principal + self.total_interest

    @property
    def maturity(self) -> date:
        """The last due date (after the roll)."""
        return self.installments[-1].due_date


def build_schedule(
    terms: LoanTerms,
    *,
    disbursed_on: date,
    calendar: WorkingCalendar,
    manual_principal: Sequence[tuple[date, Dong]] | None = None,
) -> Schedule:
    """The schedule of a loan disbursed on ``disbursed_on`` (the first period starts that day)."""
    plan = build_plan(terms, disbursed_on=disbursed_on, calendar=calendar, manual_principal=manual_principal)
    return project(plan, balance=terms.amount, start=disbursed_on, annual_rate=terms.annual_rate)


def project(dates: Sequence[PlannedDate], *, balance: Dong, start: date, annual_rate: Decimal) -> Schedule:
    """Project the interest column for ``balance`` held from ``start`` and repaid as ``dates`` say.

    Interest is on the scheduled balance for the actual days between due dates, rounded once per
    instalment (domain.md §4; Circular 14/2017). ``dates`` must all be due after ``start`` and their
    principal must sum to ``balance``. Also shows a re-spread plan's remaining dates.
    """
    if sum(d.principal for d in dates) != balance:
        raise ValueError("the principal of the dates must sum to the balance")
    rows = tuple(
        Installment(
            seq=d.seq, due_date=d.due_date, nominal_date=d.nominal_date, principal=principal,
            interest=interest, total=principal + interest, balance_after=after,
        )
        for d, interest, principal, after in _walk(
            dates, balance=balance, start=start, rate=annual_rate, principal_of=lambda d, _i, _b: d.principal
        )
    )
    return Schedule(installments=rows)


# --- dates -----------------------------------------------------------------------------------


def _principal_every(terms: LoanTerms) -> int:
    """Bullet repays all principal at maturity whatever ``principal_every`` the product carries."""
    return AT_MATURITY if terms.method is Method.BULLET else terms.principal_every


def _counted(disbursed_on: date, every: int, term_months: int) -> set[date]:
    """k × every months after the disbursement, never from the previous date (domain.md §4), so
    31 Jan → 28/29 Feb → 31 Mar; maturity is always one of them."""
    months = list(range(every, term_months + 1, every)) if every else []
    return {disbursed_on + relativedelta(months=m) for m in months + [term_months]}


def _dates(terms: LoanTerms, *, disbursed_on: date, calendar: WorkingCalendar) -> list[PlannedDate]:
    """The union of interest and principal dates, rolled, with no principal amounts yet."""
    interest = _counted(disbursed_on, terms.interest_every, terms.term_months)
    principal = _counted(disbursed_on, _principal_every(terms), terms.term_months)
    # Grace (ân hạn): principal only on dates after disbursed + grace, compared before the roll.
    grace_end = disbursed_on + relativedelta(months=terms.grace_months)
    principal = {d for d in principal if d > grace_end}
    dates, previous = [], disbursed_on
    for seq, nominal in enumerate(sorted(interest | principal), start=1):
        # Civil Code Art. 148.5: a due date on a day off moves to the next working day.
        due = calendar.roll_forward(nominal) if terms.working_day_roll else nominal
        if due <= previous:
            raise DueDatesCollide(
                "two due dates fall on the same working day", field="calendar", nominal_date=nominal, due_date=due
            )
        dates.append(PlannedDate(seq=seq, nominal_date=nominal, due_date=due, principal=0,
                                 interest_due=nominal in interest, principal_date=nominal in principal))
        previous = due
    return dates


# --- principal -------------------------------------------------------------------------------


def _spread(terms: LoanTerms, dates: Sequence[PlannedDate], *, principal: Dong, start: date) -> Plan:
    """Put ``principal`` on the principal dates of ``dates`` by the loan's method."""
    n = sum(1 for d in dates if d.principal_date)
    if terms.method is Method.ANNUITY:
        amounts = _annuity(dates, principal=principal, n=n, start=start, terms=terms)
    else:
        # Equal principal: amount ÷ n rounded down, the last takes the rest (domain.md §4).
        part = round_down(Decimal(principal) / n)
        shares = iter([part] * (n - 1) + [principal - part * (n - 1)])
        amounts = [next(shares) if d.principal_date else 0 for d in dates]
    return tuple(replace(d, principal=amount) for d, amount in zip(dates, amounts, strict=True))


def _annuity(dates: Sequence[PlannedDate], *, principal: Dong, n: int, start: date, terms: LoanTerms) -> list[Dong]:
    """Equal instalments: principal = A − that period's projected interest; the last takes the rest.

    A = P·i / (1 − (1 + i)^−n), i = rate × months between instalments ÷ 12 (domain.md §4). The
    interest is on actual days, so a principal part is clamped to [0, balance]: only extreme rates
    and very long terms could make A smaller than a 31-day period's interest.
    """
    payment = annuity_payment(principal, periodic_rate(terms.annual_rate, terms.principal_every), n)
    left = n

    def principal_of(d: PlannedDate, interest: Dong, balance: Dong) -> Dong:
        nonlocal left
        if not d.principal_date:
            return 0
        left -= 1
        return balance if left == 0 else min(balance, max(0, payment - interest))

    rows = _walk(dates, balance=principal, start=start, rate=terms.annual_rate, principal_of=principal_of)
    return [part for _, _, part, _ in rows]


def _walk(
    dates: Sequence[PlannedDate],
    *,
    balance: Dong,
    start: date,
    rate: Decimal,
    principal_of: Callable[[PlannedDate, Dong, Dong], Dong],
) -> list[tuple[PlannedDate, Dong, Dong, Dong]]:
    """Walk the dates on the scheduled balance: (date, interest, principal, balance after) for each.

    Circular 14/2017: đồng-days accumulate on actual days (first day counted, not the last) and turn
    into đồng once, when interest falls due. ``principal_of(date, interest, balance)`` decides each
    date's principal.
    """
    rows, dong_days, previous = [], 0, start
    for d in dates:
        if d.due_date <= previous:
            raise ValueError("due dates must strictly increase after the start")
        dong_days += balance * (d.due_date - previous).days
        previous = d.due_date
        interest = 0
        if d.interest_due:
            interest, dong_days = interest_for(dong_days, rate), 0
        principal = principal_of(d, interest, balance)
        balance -= principal
        rows.append((d, interest, principal, balance))
    return rows


def _manual(
    terms: LoanTerms, dates: list[PlannedDate], *, disbursed_on: date, entries: Sequence[tuple[date, Dong]] | None
) -> Plan:
    """The officer's schedule: amounts on plan dates after the grace, summing to the loan."""

    def refuse(message: str, **figures: object) -> NoReturn:
        raise InvalidTerms(message, field="manual_principal", **figures)

    if not entries:
        refuse("a hand-entered schedule needs its principal amounts")
    grace_end = disbursed_on + relativedelta(months=terms.grace_months)
    by_day = {}
    for d in dates:
        if d.nominal_date > grace_end:
            by_day[d.nominal_date] = by_day[d.due_date] = d.seq
    amounts: dict[int, Dong] = {}
    for day, amount in entries:
        if type(amount) is not int or amount < 0:
            refuse("each principal amount must be whole đồng, not negative", date=day, amount=amount)
        if day not in by_day:
            refuse("principal may fall only on a date of the plan after the grace period", date=day)
        if by_day[day] in amounts:
            refuse("a date is entered twice", date=day)
        amounts[by_day[day]] = amount
    if sum(amounts.values()) != terms.amount:
        refuse("the principal amounts must sum to the loan", total=sum(amounts.values()), amount=terms.amount)
    return tuple(
        replace(d, principal=amounts.get(d.seq, 0), principal_date=d.seq in amounts) for d in dates
    )
