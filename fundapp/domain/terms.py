"""The terms of a loan as the money rules need them (domain.md §3–§5), free of any storage."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from .money import Dong


class Method(str, enum.Enum):
    """How principal is repaid (domain.md §4)."""

    EQUAL_PRINCIPAL = "equal_principal"  # dư nợ giảm dần
    ANNUITY = "annuity"  # trả góp đều
    BULLET = "bullet"  # gốc trả một lần cuối kỳ
    MANUAL = "manual"  # lịch do cán bộ nhập


class Prepayment(str, enum.Enum):
    """What a prepayment of principal does (domain.md §5 step 4)."""

    SHORTEN_TERM = "shorten_term"
    REDUCE_INSTALLMENTS = "reduce_installments"
    REFUSE = "refuse"


class CurrentOrder(str, enum.Enum):
    """Order of what falls due today within a payment (domain.md §5 step 2)."""

    INTEREST_FIRST = "interest_first"
    PRINCIPAL_FIRST = "principal_first"


AT_MATURITY = 0  # a frequency of 0 months means "at maturity only"


@dataclass(frozen=True, kw_only=True)
class LoanTerms:
    """Everything the schedule and the daily fold need to know about one loan's contract."""

    amount: Dong
    annual_rate: Decimal
    term_months: int
    grace_months: int = 0
    method: Method = Method.EQUAL_PRINCIPAL
    principal_every: int = 1
    interest_every: int = 1
    working_day_roll: bool = True
    overdue_rate_factor: Decimal = Decimal("1.5")  # at most 150% (Decree 45 Art. 25)
    late_interest_rate: Decimal = Decimal("0.10")  # at most 10%/year (Civil Code Art. 468)
    prepayment: Prepayment = Prepayment.SHORTEN_TERM
    current_order: CurrentOrder = CurrentOrder.INTEREST_FIRST

    @property
    def overdue_rate(self) -> Decimal:
        """Rate on overdue principal: the contractual rate × the overdue factor."""
        return self.annual_rate * self.overdue_rate_factor
