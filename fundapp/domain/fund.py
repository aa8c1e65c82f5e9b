"""The fund's own capital and the limits it sets (domain.md §1; Decree 45/2021/NĐ-CP).

- **Charter capital (vốn điều lệ)** is only what the provincial budget or members contributed.
  A grant is other equity; entrusted capital (vốn ủy thác) is a liability to the central fund.
- **Actual charter capital (vốn điều lệ thực có)** = charter capital on the books + accumulated
  undistributed result, or − accumulated loss (Art. 2.3). The concentration limits use it.
- **Available to lend** = charter capital + other equity + entrusted capital received
  − principal outstanding − approved but not yet disbursed.
- A provincial fund should have at least 20 bn đ of charter capital (Art. 37). Many have less;
  a smaller fund is warned, never refused.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import Dong, format_dong, round_down


class CapitalSource(str, enum.Enum):
    """Where a piece of the fund's capital came from (domain.md §1)."""

    PROVINCIAL_BUDGET = "provincial_budget"  # ngân sách tỉnh cấp: charter capital
    MEMBER_CONTRIBUTION = "member_contribution"  # vốn góp: charter capital
    GRANT = "grant"  # tài trợ, viện trợ: other equity
    ENTRUSTED = "entrusted"  # vốn ủy thác của Quỹ TW: a liability, lent separately

    @property
    def is_charter_capital(self) -> bool:
        return self in CHARTER_CAPITAL_SOURCES


CHARTER_CAPITAL_SOURCES = frozenset({CapitalSource.PROVINCIAL_BUDGET, CapitalSource.MEMBER_CONTRIBUTION})

SINGLE_CUSTOMER_PCT = Decimal("0.15")  # Decree 45 Art. 23: one customer (a setting)
RELATED_GROUP_PCT = Decimal("0.25")  # Decree 45 Art. 23: a customer and related persons (a setting)
MINIMUM_CHARTER_CAPITAL: Dong = 20_000_000_000  # Decree 45 Art. 37: a provincial fund (a setting)


@dataclass(frozen=True, kw_only=True)
class CapitalContribution:
    """One piece of capital received, by a decision with a number and a date.

    A top-up is another contribution; a reduction is a contribution with a negative amount.
    """

    source: CapitalSource
    amount: Dong
    decision_number: str | None = None
    decided_on: date | None = None


def charter_capital(contributions: Iterable[CapitalContribution]) -> Dong:
    """Charter capital on the books: budget and member contributions only, not grants or entrustments."""
    return sum((c.amount for c in contributions if CapitalSource(c.source).is_charter_capital), 0)


def capital_by_source(contributions: Iterable[CapitalContribution]) -> dict[CapitalSource, Dong]:
    """Totals per source, every source present (0 where nothing was received)."""
    totals = {source: 0 for source in CapitalSource}
    for c in contributions:
        totals[CapitalSource(c.source)] += c.amount
    return totals


def actual_charter_capital(*, charter_capital: Dong, accumulated_result: Dong) -> Dong:
    """Vốn điều lệ thực có (Decree 45 Art. 2.3): charter capital + accumulated result (a loss is negative)."""
    return charter_capital + accumulated_result


def available_to_lend(
    *,
    charter_capital: Dong,
    other_equity: Dong,
    entrusted_received: Dong,
    principal_outstanding: Dong,
    approved_undisbursed: Dong,
) -> Dong:
    """What the fund can still commit (domain.md §1).

    Not clamped at 0: a negative figure says by how much commitments already exceed capital.
    """
    return charter_capital + other_equity + entrusted_received - principal_outstanding - approved_undisbursed


@dataclass(frozen=True, kw_only=True)
class ConcentrationLimits:
    """The most that may be outstanding to one customer, and to a customer with related persons."""

    actual_charter_capital: Dong
    single_pct: Decimal
    group_pct: Decimal
    single_customer: Dong
    related_group: Dong


def concentration_limit(actual_charter_capital: Dong, pct: Decimal) -> Dong:
    """``pct`` of actual charter capital, rounded DOWN to whole đồng; 0 when that capital is not positive.

    Rounded down because a limit is a ceiling: the fund may lend the whole đồng amounts that do not
    exceed the percentage, and no more. 15% of 7,500,000,000 is exactly 1,125,000,000.
    """
    if actual_charter_capital <= 0:
        return 0
    return round_down(Decimal(actual_charter_capital) * pct)


def concentration_limits(
    actual_charter_capital: Dong,
    *,
    single_pct: Decimal = SINGLE_CUSTOMER_PCT,
    group_pct: Decimal = RELATED_GROUP_PCT,
) -> ConcentrationLimits:
    """The Art. 23 limits in đồng: 7.5 bn đ → 1,125,000,000 đ and 1,875,000,000 đ."""
    return ConcentrationLimits(
        actual_charter_capital=actual_charter_capital,
        single_pct=single_pct,
        group_pct=group_pct,
        single_customer=concentration_limit(actual_charter_capital, single_pct),
        related_group=concentration_limit(actual_charter_capital, group_pct),
    )


def fund_warnings(charter_capital: Dong, *, minimum: Dong = MINIMUM_CHARTER_CAPITAL) -> list[str]:
    """Warnings to show about the fund itself (Vietnamese, then English); empty when none apply.

    Below the Art. 37 minimum is a warning only: real funds operate below it.
    """
    warnings = []
    if charter_capital < minimum:
        warnings.append(
            f"Vốn điều lệ {format_dong(charter_capital)} thấp hơn mức tối thiểu {format_dong(minimum)} "
            f"(Điều 37 Nghị định 45/2021/NĐ-CP). / Charter capital {format_dong(charter_capital)} is below "
            f"the minimum of {format_dong(minimum)} (Decree 45/2021 Art. 37)."
        )
    return warnings
