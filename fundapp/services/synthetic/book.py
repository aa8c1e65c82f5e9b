"""Writing the generated book: every row in bulk (``db.bulk.Writer``), in rounds of loans, in the
caller's one transaction.

Per loan, what the Excel import writes for a loan it brings in (``importing.loading``): the
borrower, the approved application and its approval event, collateral for the larger loans, the
loan with its terms, status, caches and ``booked_*`` amounts (``booking.cache_columns`` of its
pattern's state with the borrower's worst group), the plan (version 1) and the disbursement and
repayment events. What a loan row holds depends only on its pattern and its reported group, so it
is worked out once per pair and copied.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ...db.bulk import Writer
from ...db.models import (ApplicationEvent, ApplicationStatus, Borrower, Collateral, EventKind, Loan,
                          LoanApplication, LoanEvent, LoanPlan, LoanStatus, Recommendation)
from ...domain.booking import targets
from ...domain.eligibility import BorrowerKind
from ...domain.provisioning import CollateralKind
from ..booking import cache_columns
from ..importing.loading import PLAN_REASON
from . import people
from .patterns import Pattern

ROUND = 10_000  # loans per round of writes (a multiple of PAIR: a borrower's loans stay in one round)
PAIR = 10  # every tenth loan is the second loan of the borrower of the loan before it


@dataclass
class Context:
    """What every row of one generated book shares."""

    batch_id: int
    as_of: date
    staff: dict  # role → user id: officer, appraiser, approver, accountant
    products: dict  # code → product id
    patterns: list[Pattern]
    now: object
    note: str


@dataclass
class Written:
    counts: Counter = field(default_factory=Counter)
    by_pattern_group: Counter = field(default_factory=Counter)  # (pattern index, group) → loans
    templates: dict = field(default_factory=dict)
    parent: int | None = None  # the last cooperative written: the next cooperative members' own


def pattern_of(context: Context, number: int) -> tuple[int, Pattern]:
    index = (number - 1) % len(context.patterns)
    return index, context.patterns[index]


def _loan_template(context: Context, index: int, group: int) -> dict:
    """Every column of a loan row but its numbers and ids."""
    pattern = context.patterns[index]
    shape, terms, state = pattern.shape, pattern.terms, pattern.state
    return {
        "product_id": context.products[shape.product], "amount": terms.amount, "annual_rate": terms.annual_rate,
        "overdue_rate_factor": terms.overdue_rate_factor, "late_interest_rate": terms.late_interest_rate,
        "method": terms.method, "principal_every": terms.principal_every, "interest_every": terms.interest_every,
        "term_months": terms.term_months, "grace_months": terms.grace_months, "prepayment": terms.prepayment,
        "current_order": terms.current_order, "working_day_roll": terms.working_day_roll, "manual_principal": None,
        "purpose": shape.purpose, "capital_source": "own", "fund_bears_risk": True, "approved_on": shape.approved_on,
        "approved_by": context.staff["approver"], "bad_debt_checked_on": shape.approved_on - timedelta(days=3),
        "has_bad_debt": False, "disbursed_on": shape.disbursed_on, "disbursed_amount": terms.amount,
        "maturity_date": pattern.plan[-1].due_date, "import_batch_id": context.batch_id,
        "version": 1 + len(pattern.repayments),
        "status": LoanStatus.CLOSED if state.closed_on else LoanStatus.ACTIVE, "closed_on": state.closed_on,
        **cache_columns(state=state, own=pattern.own_group, group=group, target=targets(state, debt_group=group),
                        as_of=context.as_of, terms=terms),
    }


def _borrowers(write: Writer, context: Context, written: Written, firsts: list[int]) -> dict[int, int]:
    """One borrower per first loan (numbered like it); cooperatives before their members."""
    ids = write.reserve(Borrower.__table__, len(firsts))
    rows, owners = [], {}
    for number, new_id in zip(firsts, ids):
        kind = people.kind_for(number, pattern_of(context, number)[1].terms.amount)
        if kind is BorrowerKind.COOPERATIVE_MEMBER and written.parent is None:
            kind = BorrowerKind.COOPERATIVE
        row = people.row(number, kind, batch=context.batch_id, member_of=written.parent, now=context.now)
        row["id"] = owners[number] = new_id
        rows.append(row)
        if kind is BorrowerKind.COOPERATIVE:
            written.parent = new_id
    write(Borrower, rows)
    written.counts["borrowers"] += len(rows)
    return owners


def _application(context: Context, pattern: Pattern, borrower_id: int) -> dict:
    shape, terms, staff = pattern.shape, pattern.terms, context.staff
    return {"borrower_id": borrower_id, "product_id": context.products[shape.product],
            "status": ApplicationStatus.APPROVED, "amount": terms.amount, "term_months": terms.term_months,
            "grace_months": terms.grace_months, "purpose": shape.purpose, "total_investment": terms.amount * 2,
            "own_capital": terms.amount, "created_by": staff["officer"], "created_at": context.now,
            "appraised_by": staff["appraiser"], "recommendation": Recommendation.APPROVE,
            "appraised_amount": terms.amount, "appraised_term_months": terms.term_months,
            "appraised_grace_months": terms.grace_months, "bad_debt_checked_on": shape.approved_on - timedelta(days=3),
            "has_bad_debt": False, "appraisal_notes": context.note, "decided_by": staff["approver"],
            "decision_no": None, "decision_notes": context.note}


def _collateral(pattern: Pattern) -> dict | None:
    amount = pattern.terms.amount
    if amount < 150_000_000:
        return None  # unsecured, as a fund's rules allow for small loans
    if pattern.shape.product == "TRAGOP-MAYMOC":
        return {"kind": CollateralKind.MACHINERY_VEHICLES, "value": amount * 5 // 4,
                "description": "Máy móc, thiết bị mua bằng vốn vay"}
    return {"kind": CollateralKind.LAND_BUILDINGS, "value": amount * 3 // 2,
            "description": "Quyền sử dụng đất sản xuất và nhà xưởng"}


def write_round(write: Writer, context: Context, written: Written, numbers: range,
                timed: Callable[[str], object]) -> None:
    """Loans ``numbers`` (every ``PAIR``-th one the second loan of the borrower before it)."""
    picked = [pattern_of(context, number) for number in numbers]
    with timed("borrowers"):
        owners = _borrowers(write, context, written, [n for n in numbers if n % PAIR])
    borrower_of = {n: owners[n if n % PAIR else n - 1] for n in numbers}
    groups = {}
    for n, (_, pattern) in zip(numbers, picked):  # the borrower's worst group (domain.md §6)
        owner = borrower_of[n]
        groups[owner] = max(groups.get(owner, 1), pattern.own_group)
    with timed("applications"):
        applications = write(LoanApplication, [_application(context, pattern, borrower_of[n])
                                               for n, (_, pattern) in zip(numbers, picked)], ids=True)
    with timed("loans"):
        rows = []
        for n, (index, pattern), application_id in zip(numbers, picked, applications):
            group = groups[borrower_of[n]]
            key = (index, group)
            template = written.templates.get(key)
            if template is None:
                template = written.templates[key] = _loan_template(context, index, group)
            written.by_pattern_group[key] += 1
            rows.append({**template, "contract_no": f"HĐ-SINH{context.batch_id}-{n:07d}",
                         "application_id": application_id, "borrower_id": borrower_of[n],
                         "decision_no": f"{n}/QĐ-QHTX"})
        loan_ids = write(Loan, rows, ids=True)
    with timed("applications"):
        write(ApplicationEvent, [{"application_id": a, "from_status": None, "to_status": ApplicationStatus.APPROVED.value,
                                  "by_user": context.staff["approver"], "at": context.now,
                                  "note": f"{context.note}: HĐ-SINH{context.batch_id}-{n:07d}"}
                                 for n, a in zip(numbers, applications)])
        collateral = [{"application_id": a, "loan_id": i, **item}
                      for (_, pattern), a, i in zip(picked, applications, loan_ids)
                      if (item := _collateral(pattern)) is not None]
        write(Collateral, collateral)
    with timed("loan events"):
        event = {"recorded_by": context.staff["accountant"], "recorded_at": context.now}
        firsts = write(LoanEvent, [{"loan_id": i, "kind": EventKind.DISBURSEMENT, "value_date": p.shape.disbursed_on,
                                    "amount": p.terms.amount, "reference": f"UNC-{i}", **event}
                                   for (_, p), i in zip(picked, loan_ids)], ids=True)
        # After every disbursement of the round, in each loan's order: ids grow as they were paid.
        repayments = [{"loan_id": i, "kind": EventKind.REPAYMENT, "value_date": day, "amount": amount,
                       "reference": f"PT-{i}-{k}", **event}
                      for (_, p), i in zip(picked, loan_ids) for k, (day, amount) in enumerate(p.repayments, start=1)]
        write(LoanEvent, repayments)
    with timed("plans"):
        write(LoanPlan, [{"loan_id": i, "version": 1, "effective_date": p.shape.disbursed_on, "reason": PLAN_REASON,
                          "rows": p.rows, "event_id": e, "created_at": context.now}
                         for (_, p), i, e in zip(picked, loan_ids, firsts)])
    written.counts.update(loans=len(loan_ids), applications=len(applications), collateral=len(collateral),
                          disbursements=len(firsts), repayments=len(repayments))
