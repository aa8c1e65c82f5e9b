"""The restructured plan (domain.md §6): by hand or by a rule, it carries exactly the principal not
yet due, its dates strictly increase after the effective date, a rescheduling keeps the maturity
and an extension moves it later."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import RestructureKind
from fundapp.domain.restructuring import (InvalidRestructuring, Situation, check, deferred_plan, extended_plan,
                                          hand_entered_plan)
from fundapp.domain.schedule import build_plan
from fundapp.domain.terms import LoanTerms, Method

TERMS = LoanTerms(amount=120_000_000, annual_rate=Decimal("0.07"), term_months=12)
PLAN = build_plan(TERMS, disbursed_on=date(2025, 1, 10), calendar=NO_HOLIDAYS)


def situation(plan=PLAN, *, on=date(2025, 6, 20), not_yet_due=70_000_000, disbursed_on=date(2025, 1, 10)):
    past = [p for p in plan if p.due_date < on]
    return Situation(effective_date=on, disbursed_on=disbursed_on, principal_not_yet_due=not_yet_due,
                     ahead=tuple(p for p in plan if p.due_date >= on),
                     last_due=max((p.due_date for p in past), default=disbursed_on),
                     next_seq=len(past) + 1)


def dates(plan):
    return [(p.due_date.isoformat(), p.principal) for p in plan]


def test_deferring_moves_the_dates_not_yet_due_and_keeps_the_maturity():
    plan = deferred_plan(situation(), months=2, terms=TERMS, calendar=NO_HOLIDAYS)
    # 10/07 → 10/09, 11/08 (10/08 rolled) → 10/10, … 10/11 → 10/01/2026 reaches the maturity: dropped.
    assert dates(plan) == [("2025-09-10", 14_000_000), ("2025-10-10", 14_000_000), ("2025-11-10", 14_000_000),
                           ("2025-12-10", 14_000_000), ("2026-01-12", 14_000_000)]
    assert [p.seq for p in plan] == [6, 7, 8, 9, 10]
    check(RestructureKind.RESCHEDULE, situation(), plan)


def test_dates_counted_from_the_31st_stay_on_the_month_end():
    terms = replace(TERMS, working_day_roll=False)
    plan = build_plan(terms, disbursed_on=date(2025, 1, 31), calendar=NO_HOLIDAYS)
    moved = deferred_plan(situation(plan, on=date(2025, 2, 1), not_yet_due=120_000_000,
                                    disbursed_on=date(2025, 1, 31)), months=1, terms=terms, calendar=NO_HOLIDAYS)
    assert [p.due_date for p in moved][:3] == [date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]


def test_an_extension_continues_the_loans_own_dates_to_the_new_maturity_and_respreads():
    plan = extended_plan(situation(), new_maturity=date(2026, 4, 10), terms=TERMS, calendar=NO_HOLIDAYS)
    assert [p.due_date for p in plan][-4:] == [date(2026, 1, 12), date(2026, 2, 10), date(2026, 3, 10),
                                              date(2026, 4, 10)]
    assert len(plan) == 10 and [p.principal for p in plan] == [7_000_000] * 10
    check(RestructureKind.EXTEND, situation(), plan, field="new_maturity")


def test_a_bullet_loan_extended_pays_all_principal_at_the_new_maturity():
    terms = replace(TERMS, method=Method.BULLET, interest_every=3, principal_every=0)
    plan = build_plan(terms, disbursed_on=date(2025, 1, 10), calendar=NO_HOLIDAYS)
    new = extended_plan(situation(plan, not_yet_due=120_000_000), new_maturity=date(2026, 7, 10), terms=terms,
                        calendar=NO_HOLIDAYS)
    assert [(p.due_date, p.principal, p.interest_due) for p in new] == [
        (date(2025, 7, 10), 0, True), (date(2025, 10, 10), 0, True), (date(2026, 1, 12), 0, True),
        (date(2026, 4, 10), 0, True), (date(2026, 7, 10), 120_000_000, True)]


def test_an_annuity_extended_gets_a_new_instalment_on_the_remaining_balance():
    terms = replace(TERMS, method=Method.ANNUITY)
    plan = build_plan(terms, disbursed_on=date(2025, 1, 10), calendar=NO_HOLIDAYS)
    new = extended_plan(situation(plan, not_yet_due=60_000_000), new_maturity=date(2026, 7, 10), terms=terms,
                        calendar=NO_HOLIDAYS)
    assert sum(p.principal for p in new) == 60_000_000 and new[-1].due_date == date(2026, 7, 10)
    assert new[0].principal < new[-2].principal  # principal grows as the interest falls


@pytest.mark.parametrize("kind, rows, message", [
    (RestructureKind.RESCHEDULE, [("2026-01-12", 69_999_999)], "principal not yet due"),
    (RestructureKind.RESCHEDULE, [("2026-02-10", 70_000_000)], "keeps the maturity"),
    (RestructureKind.EXTEND, [("2026-01-12", 70_000_000)], "maturity later"),
    (RestructureKind.RESCHEDULE, [("2025-06-20", 10_000_000), ("2026-01-12", 60_000_000)], "strictly increase"),
    (RestructureKind.RESCHEDULE, [("2025-12-10", 10_000_000), ("2025-09-10", 0), ("2026-01-12", 60_000_000)],
     "strictly increase"),
    (RestructureKind.RESCHEDULE, [(d, 10_000_000) for d, _ in dates(PLAN[5:])], "the current one"),
])
def test_a_plan_that_breaks_a_rule_is_refused_naming_the_field(kind, rows, message):
    found = situation()
    plan = hand_entered_plan(found, [(date.fromisoformat(d), amount) for d, amount in rows])
    with pytest.raises(InvalidRestructuring, match=message) as refused:
        check(kind, found, plan)
    assert refused.value.field == "installments"
