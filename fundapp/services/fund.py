"""The fund's capital: contributions, and the figures every lending decision is checked against."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import CapitalContribution
from ..domain import fund as rules
from ..domain.errors import DomainError
from ..domain.fund import CapitalSource
from . import exposure, ledger

# Decree 45 / Circular 52: only budget or member contributions are charter capital; a grant is
# other equity; entrusted capital is a liability to the central fund.
CREDIT_ACCOUNT = {
    CapitalSource.PROVINCIAL_BUDGET: "charter_capital",
    CapitalSource.MEMBER_CONTRIBUTION: "charter_capital",
    CapitalSource.GRANT: "other_equity",
    CapitalSource.ENTRUSTED: "entrusted_capital",
}


class InvalidContribution(DomainError):
    rule = "capital_contribution"


def record_contribution(session: Session, *, amount: int, value_date: date, decision_no: str,
                        source: CapitalSource | str, recorded_by: int, today: date, note: str = "") -> CapitalContribution:
    source = CapitalSource(source)
    if amount <= 0:
        raise InvalidContribution("số tiền phải lớn hơn 0 / the amount must be above 0", field="amount")
    if value_date > today:
        raise InvalidContribution(f"ngày hiệu lực {value_date:%d/%m/%Y} ở tương lai / the value date is in the future",
                                  field="value_date", today=today.isoformat())
    if not decision_no.strip():
        raise InvalidContribution("cần số quyết định / a decision number is required", field="decision_no")
    entry = ledger.post(
        session, business_date=value_date, kind="capital_contribution",
        description=f"Góp vốn theo quyết định {decision_no}", source=f"decision:{decision_no}",
        lines=[ledger.debit("bank", amount), ledger.credit(CREDIT_ACCOUNT[source], amount)],
        recorded_by=recorded_by,
    )
    contribution = CapitalContribution(amount=amount, value_date=value_date, decision_no=decision_no.strip(),
                                       source=source, note=note, journal_entry_id=entry.id,
                                       recorded_by=recorded_by, recorded_at=now_utc())
    session.add(contribution)
    session.flush()
    return contribution


@dataclass(frozen=True)
class FundPosition:
    charter_capital: int
    other_equity: int
    entrusted_capital: int
    accumulated_result: int
    actual_charter_capital: int
    outstanding_principal: int
    approved_undisbursed: int
    available_to_lend: int
    single_borrower_limit: int
    related_group_limit: int
    warnings: list[str]


def position(session: Session, *, settings: dict, as_of: date | None = None) -> FundPosition:
    """The fund's figures from the ledger (domain.md §1), as of a date (default: everything posted)."""
    books = ledger.balances(session, through=as_of)
    result = (books["retained_result"] + books["interest_income"] + books["penalty_income"]
              + books["recovery_income"] - books["provision_expense"])
    actual = rules.actual_charter_capital(charter_capital=books["charter_capital"], accumulated_result=result)
    outstanding = books["loans_in_term"] + books["loans_overdue"]
    undisbursed = exposure.approved_undisbursed(session)
    limits = rules.concentration_limits(
        actual, single_pct=Decimal(settings["SINGLE_BORROWER_LIMIT"]), group_pct=Decimal(settings["RELATED_GROUP_LIMIT"]))
    return FundPosition(
        charter_capital=books["charter_capital"], other_equity=books["other_equity"],
        entrusted_capital=books["entrusted_capital"], accumulated_result=result, actual_charter_capital=actual,
        outstanding_principal=outstanding, approved_undisbursed=undisbursed,
        available_to_lend=rules.available_to_lend(
            charter_capital=books["charter_capital"], other_equity=books["other_equity"],
            entrusted_received=books["entrusted_capital"], principal_outstanding=outstanding,
            approved_undisbursed=undisbursed),
        single_borrower_limit=limits.single_customer, related_group_limit=limits.related_group,
        warnings=rules.fund_warnings(books["charter_capital"], minimum=int(settings["MINIMUM_CHARTER_CAPITAL"])),
    )
