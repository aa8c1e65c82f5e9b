"""What a loan owes as of a date, and how payments change it (domain.md §5, the daily fold)."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fundapp.domain.allocation import PaymentExceedsPayoff, PrepaymentRefused
from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import Disbursed, Paid, Recalled, Replanned, RestructureKind, WrittenOff
from fundapp.domain.plan import PlannedDate
from fundapp.domain.position import InstallmentStatus, InvalidPlan, payoff_quote, preview_payment, replay
from fundapp.domain.schedule import build_plan, build_schedule
from fundapp.domain.terms import CurrentOrder, LoanTerms, Prepayment

# domain.md §3 example 2: HTX Nông nghiệp Tân Phú borrows 120,000,000 đ for 12 months at 7%.
DISBURSED_ON = date(2025, 1, 10)
TERMS = LoanTerms(amount=120_000_000, annual_rate=Decimal("0.07"), term_months=12)
PLAN = build_plan(TERMS, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
SCHEDULE = build_schedule(TERMS, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
DISBURSEMENT = Disbursed(value_date=DISBURSED_ON, amount=120_000_000, seq=1)


class Ledger:
    """A loan's events as an accountant records them, one after another."""

    def __init__(self, terms=TERMS, plan=PLAN, *events):
        self.terms, self.plan, self.events = terms, plan, [DISBURSEMENT, *events]

    def pay(self, day, amount, payment_id=None):
        payment_id = payment_id or f"PT-{len(self.events):03d}"
        self.events.append(Paid(payment_id=payment_id, value_date=day, amount=amount, seq=len(self.events) + 1))
        return payment_id

    def record(self, event):
        self.events.append(event)

    def state(self, as_of):
        return replay(terms=self.terms, plan=self.plan, events=self.events, as_of=as_of)

    def balance(self, as_of):
        return self.state(as_of).balance

    def pay_schedule_on_time(self, through):
        for row in SCHEDULE.installments:
            if row.due_date <= through:
                self.pay(row.due_date, row.total)


def test_worked_example_before_the_late_payment_shows_overdue_penalty_and_late_interest():
    ledger = Ledger()
    balance = ledger.balance(date(2025, 2, 20))
    assert balance.principal_overdue == 10_000_000
    assert balance.interest_overdue == 713_425
    assert balance.penalty_interest == 28_767  # 10,000,000 × 10.5% × 10/365
    assert balance.late_interest == 1_955  # 713,425 × 10% × 10/365
    assert balance.days_past_due == 10
    assert balance.overdue_since == date(2025, 2, 10)
    assert balance.principal_outstanding == 120_000_000


def test_worked_example_payment_covers_the_overdue_and_holds_the_rest_as_an_advance():
    ledger = Ledger()
    payment = ledger.pay(date(2025, 2, 20), 20_000_000)
    state = ledger.state(date(2025, 2, 20))
    parts = state.allocations[payment]
    overdue = parts.principal_overdue + parts.interest_overdue + parts.penalty_interest + parts.late_interest
    assert overdue == 10_744_147
    assert parts.advance == 9_255_853
    assert parts.principal_prepaid == 0
    assert state.balance.payoff_amount == 100_955_106  # 110,000,000 + 210,959 − 9,255,853
    assert state.balance.interest_accrued == 210_959
    assert state.balance.days_past_due == 0
    assert state.balance.penalty_interest == state.balance.late_interest == 0


def test_worked_example_advance_pays_the_next_instalment_interest_first():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 20_000_000)
    state = ledger.state(date(2025, 3, 10))
    assert state.installments[1].interest == 590_685
    assert state.installments[1].paid_interest == 590_685
    assert state.installments[1].paid_principal == 8_665_168
    assert state.balance.principal_due_today == 1_334_832
    assert state.balance.interest_due_today == 0
    assert state.balance.advance == 0
    assert state.balance.next_due_date == date(2025, 3, 10)
    assert state.installments[1].status is InstallmentStatus.PARTLY_PAID


def test_paying_every_instalment_on_its_date_costs_exactly_the_schedule_and_closes_the_loan():
    ledger = Ledger()
    ledger.pay_schedule_on_time(through=date(2026, 1, 12))
    state = ledger.state(date(2026, 1, 12))
    assert [row.interest for row in state.installments] == [row.interest for row in SCHEDULE.installments]
    assert sum(row.interest for row in state.installments) == 4_541_371
    assert state.closed_on == date(2026, 1, 12)
    assert state.balance.payoff_amount == 0 and state.balance.next_due_date is None
    assert all(row.status is InstallmentStatus.PAID for row in state.installments)
    assert all(a.penalty_interest == a.late_interest == 0 for a in state.allocations.values())


def test_paying_on_the_due_date_is_on_time():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 10), 10_713_425)
    on_the_day, next_day = ledger.balance(date(2025, 2, 10)), ledger.balance(date(2025, 2, 11))
    assert on_the_day.days_past_due == 0 and on_the_day.payoff_amount == 110_000_000
    assert next_day.principal_overdue == next_day.penalty_interest == 0
    assert next_day.interest_accrued == 21_096  # 110,000,000 × 7% × 1/365


def test_an_unpaid_instalment_is_due_on_its_date_and_overdue_the_next_day():
    ledger = Ledger()
    on_the_day, next_day = ledger.balance(date(2025, 2, 10)), ledger.balance(date(2025, 2, 11))
    assert (on_the_day.principal_due_today, on_the_day.interest_due_today) == (10_000_000, 713_425)
    assert on_the_day.interest_accrued == 0 and on_the_day.days_past_due == 0
    assert on_the_day.next_due_date == date(2025, 2, 10)
    assert (next_day.principal_overdue, next_day.interest_overdue, next_day.days_past_due) == (10_000_000, 713_425, 1)
    assert next_day.next_due_date == date(2025, 3, 10)


def test_one_day_late_owes_one_day_of_overdue_interest():
    ledger = Ledger()
    quote = ledger.balance(date(2025, 2, 11))
    assert quote.penalty_interest == 2_877  # 10,000,000 × 10.5% / 365 = 2,876.7
    assert quote.late_interest == 195  # 713,425 × 10% / 365 = 195.5 → 195 (195.459…)
    payment = ledger.pay(date(2025, 2, 11), 10_713_425 + 2_877 + 195)
    state = ledger.state(date(2025, 2, 11))
    assert state.allocations[payment].advance == 0 and state.balance.days_past_due == 0
    assert state.balance.penalty_interest == 0


def test_paying_a_few_days_early_is_on_time_through_the_advance():
    ledger = Ledger()
    payment = ledger.pay(date(2025, 2, 7), 10_713_425)
    assert ledger.state(date(2025, 2, 7)).allocations[payment].advance == 10_713_425
    due_day = ledger.state(date(2025, 2, 10))
    assert due_day.installments[0].status is InstallmentStatus.PAID
    assert due_day.balance.advance == 0 and due_day.balance.days_past_due == 0
    assert due_day.balance.next_due_date == date(2025, 3, 10)
    assert ledger.balance(date(2025, 2, 11)).principal_overdue == 0


def test_unused_advance_stays_held_for_the_following_instalment():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 10), 10_713_425)
    ledger.pay(date(2025, 2, 10), 6_000_000)  # towards March, above nothing: all advance
    ledger.pay(date(2025, 3, 1), 4_590_685)  # fills March exactly
    march = ledger.balance(date(2025, 3, 10))
    assert march.advance == 0 and march.principal_due_today == march.interest_due_today == 0


def test_a_payment_equal_to_the_payoff_closes_the_loan():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 20_000_000)
    payoff = payoff_quote(terms=TERMS, plan=PLAN, events=ledger.events, on=date(2025, 2, 25))
    payment = ledger.pay(date(2025, 2, 25), payoff)
    state = ledger.state(date(2025, 6, 1))
    parts = state.allocations[payment]
    assert parts.pays_off and parts.amount == payoff
    assert parts.advance == -9_255_853 and parts.principal_prepaid == 110_000_000
    assert parts.interest_accrued == 316_438  # 110,000,000 × 7% × 15/365
    assert state.closed_on == date(2025, 2, 25)
    assert state.balance.principal_outstanding == state.balance.payoff_amount == 0
    assert state.balance.next_due_date is None


def test_a_payment_above_the_payoff_is_refused_naming_the_payoff():
    ledger = Ledger()
    with pytest.raises(PaymentExceedsPayoff) as refused:
        preview_payment(terms=TERMS, plan=PLAN, events=ledger.events, amount=121_000_000, value_date=date(2025, 2, 20))
    assert refused.value.figures["payoff_amount"] == 120_955_106


def test_a_back_dated_payment_that_makes_a_later_one_exceed_its_payoff_is_refused():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 120_955_106, payment_id="PT-PAYOFF")
    with pytest.raises(PaymentExceedsPayoff) as refused:
        preview_payment(terms=TERMS, plan=PLAN, events=ledger.events, amount=1_000_000, value_date=date(2025, 2, 15))
    assert refused.value.figures["payment_id"] == "PT-PAYOFF"


def _pay_february_and_25_million_more(terms):
    ledger = Ledger(terms)
    payment = ledger.pay(date(2025, 2, 10), 10_713_425 + 25_000_000)
    return ledger, payment


def test_prepayment_shortens_the_term_by_default():
    ledger, payment = _pay_february_and_25_million_more(TERMS)
    state = ledger.state(date(2025, 2, 10))
    parts = state.allocations[payment]
    assert parts.advance == 10_590_685  # March first: 10,000,000 + interest projected on 110 m
    assert parts.principal_prepaid == 14_409_315
    assert [p.principal for p in state.plan][-3:] == [10_000_000, 5_590_685, 0]
    assert state.balance.next_due_date == date(2025, 3, 10)


def test_prepayment_can_lower_the_remaining_instalments_instead():
    terms = replace(TERMS, prepayment=Prepayment.REDUCE_INSTALLMENTS)
    ledger, _ = _pay_february_and_25_million_more(terms)
    principal = [p.principal for p in ledger.state(date(2025, 2, 10)).plan]
    assert principal[1:] == [8_690_062] * 10 + [8_690_065]  # 95,590,685 over 11 dates, rounded down


def test_advance_left_by_a_smaller_interest_carries_to_the_next_instalment():
    ledger, _ = _pay_february_and_25_million_more(TERMS)
    march = ledger.balance(date(2025, 3, 10))
    assert march.advance == 10_590_685 - 10_000_000 - 513_309  # interest on 95,590,685 for 28 days
    assert march.principal_due_today == 0


def test_a_product_that_refuses_prepayment_refuses_the_whole_payment_saying_the_most_payable():
    terms = replace(TERMS, prepayment=Prepayment.REFUSE)
    ledger, _ = _pay_february_and_25_million_more(terms)
    with pytest.raises(PrepaymentRefused) as refused:
        ledger.state(date(2025, 2, 10))
    assert refused.value.figures["max_payable"] == 10_713_425 + 10_590_685


def test_principal_first_products_apply_what_is_due_today_to_principal_first():
    terms = replace(TERMS, current_order=CurrentOrder.PRINCIPAL_FIRST)
    ledger = Ledger(terms)
    payment = ledger.pay(date(2025, 2, 10), 10_000_000)
    parts = ledger.state(date(2025, 2, 10)).allocations[payment]
    assert (parts.principal_due_today, parts.interest_due_today) == (10_000_000, 0)
    assert ledger.balance(date(2025, 2, 11)).interest_overdue == 713_425


def test_same_day_payments_apply_in_the_order_recorded():
    ledger = Ledger()
    first = ledger.pay(date(2025, 2, 20), 10_000_000)
    second = ledger.pay(date(2025, 2, 20), 713_425)
    allocations = ledger.state(date(2025, 2, 20)).allocations
    assert allocations[first].principal_overdue == 10_000_000
    assert allocations[second].interest_overdue == 713_425


def test_days_past_due_count_from_the_oldest_instalment_still_unpaid():
    ledger = Ledger()
    ledger.pay(date(2025, 3, 20), 10_000_000)  # pays February's principal only
    balance = ledger.balance(date(2025, 4, 1))
    assert balance.days_past_due == 50  # February's interest is still unpaid since 10/02
    assert balance.principal_overdue == 10_000_000  # March's principal


def test_penalty_paid_in_full_drops_its_fraction_and_accrues_afresh():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 20), 10_713_425 + 28_767)  # all but the late interest of 1,955
    assert ledger.balance(date(2025, 2, 20)).late_interest == 1_955
    march = ledger.balance(date(2025, 3, 11))  # March unpaid: a day of overdue on both
    assert march.penalty_interest == 2_877  # afresh: 10,000,000 × 10.5% / 365; the 0.12 đ was dropped
    assert march.late_interest == 2_116  # still exact: (713,425 × 10 + 590,685 × 1) đồng-days × 10% / 365


def test_recall_makes_all_principal_and_interest_so_far_due_that_day():
    ledger = Ledger()
    ledger.pay_schedule_on_time(through=date(2025, 3, 10))
    ledger.record(Recalled(value_date=date(2025, 3, 20)))
    that_day, next_day = ledger.balance(date(2025, 3, 20)), ledger.balance(date(2025, 3, 21))
    assert (that_day.principal_due_today, that_day.interest_due_today) == (100_000_000, 191_781)
    assert (next_day.principal_overdue, next_day.penalty_interest, next_day.late_interest) == (100_000_000, 28_767, 53)
    assert next_day.next_due_date is None and next_day.days_past_due == 1


def test_a_later_tranche_is_re_spread_over_the_remaining_principal_dates():
    ledger = Ledger()
    ledger.events = [Disbursed(value_date=DISBURSED_ON, amount=60_000_000, seq=1)]
    for day, amount in [(date(2025, 2, 10), 5_356_712), (date(2025, 3, 10), 5_295_342)]:
        ledger.pay(day, amount)  # 5 m + 356,712 (60 m, 31 d); 5 m + 295,342 (55 m, 28 d)
    ledger.record(Disbursed(value_date=date(2025, 4, 10), amount=60_000_000, seq=99))
    ledger.pay(date(2025, 4, 10), 5_297_260)  # 5 m + 297,260 (50 m, 31 d)
    state = ledger.state(date(2025, 5, 12))
    assert [p.principal for p in state.plan][3:] == [11_666_666] * 8 + [11_666_672]
    assert state.balance.interest_due_today == 644_384  # 105,000,000 × 7% × 32/365
    assert state.disbursed == 120_000_000 and state.balance.principal_outstanding == 105_000_000


def test_a_restructuring_moves_the_dates_not_yet_due():
    ledger = Ledger()
    ledger.pay_schedule_on_time(through=date(2025, 3, 10))
    new_plan = (PlannedDate(seq=3, nominal_date=date(2025, 7, 10), due_date=date(2025, 7, 10), principal=40_000_000),
                PlannedDate(seq=4, nominal_date=date(2026, 1, 12), due_date=date(2026, 1, 12), principal=60_000_000))
    ledger.record(Replanned(value_date=date(2025, 4, 1), plan=new_plan, kind=RestructureKind.RESCHEDULE))
    state = ledger.state(date(2025, 4, 10))
    assert state.balance.principal_due_today == 0 and state.balance.next_due_date == date(2025, 7, 10)
    assert state.restructurings == ((date(2025, 4, 1), RestructureKind.RESCHEDULE),)
    july = ledger.balance(date(2025, 7, 10))
    assert july.interest_due_today == 2_339_726  # 100,000,000 × 7% × 122/365


def test_a_restructured_plan_must_carry_the_principal_not_yet_due():
    ledger = Ledger()
    bad = (PlannedDate(seq=1, nominal_date=date(2025, 7, 10), due_date=date(2025, 7, 10), principal=1),)
    ledger.record(Replanned(value_date=date(2025, 1, 20), plan=bad, kind=RestructureKind.EXTEND))
    with pytest.raises(InvalidPlan):
        ledger.state(date(2025, 1, 20))


def test_a_written_off_loan_is_still_owed_and_keeps_accruing():
    ledger = Ledger()
    ledger.record(WrittenOff(value_date=date(2025, 6, 30)))
    before, after = ledger.balance(date(2025, 6, 30)), ledger.balance(date(2025, 7, 30))
    assert after.written_off and not before.closed
    assert after.penalty_interest > before.penalty_interest


def test_before_the_disbursement_nothing_is_owed():
    balance = Ledger().balance(date(2025, 1, 9))
    assert balance.payoff_amount == balance.principal_outstanding == 0
    assert balance.next_due_date is None


def test_the_schedule_screen_shows_each_instalment_status():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 10), 10_713_425)
    ledger.pay(date(2025, 3, 10), 590_685)
    statuses = [row.status for row in ledger.state(date(2025, 4, 10)).installments[:4]]
    assert statuses == [InstallmentStatus.PAID, InstallmentStatus.OVERDUE, InstallmentStatus.DUE,
                        InstallmentStatus.UPCOMING]


def test_the_statement_lists_dated_movements_with_running_principal():
    ledger = Ledger()
    ledger.pay(date(2025, 2, 10), 10_713_425)
    movements = ledger.state(date(2025, 2, 10)).movements
    assert [m.kind.value for m in movements] == ["disbursement", "falls_due", "payment"]
    assert movements[-1].principal_outstanding == 110_000_000


def test_a_payment_recorded_late_with_an_earlier_value_date_gives_the_on_time_result():
    on_time, late = Ledger(), Ledger()
    on_time.pay(date(2025, 2, 10), 10_713_425, "PT-001")
    on_time.pay(date(2025, 3, 10), 10_590_685, "PT-002")
    late.pay(date(2025, 3, 10), 10_590_685, "PT-002")
    late.pay(date(2025, 2, 10), 10_713_425, "PT-001")  # keyed in a month later
    assert late.state(date(2025, 4, 1)) == on_time.state(date(2025, 4, 1))


def test_a_twenty_year_loan_paid_on_time_for_240_months_closes_on_its_maturity():
    terms = LoanTerms(amount=2_000_000_000, annual_rate=Decimal("0.07"), term_months=240)
    schedule = build_schedule(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    plan = build_plan(terms, disbursed_on=DISBURSED_ON, calendar=NO_HOLIDAYS)
    events = [Disbursed(value_date=DISBURSED_ON, amount=terms.amount, seq=1)]
    events += [Paid(payment_id=row.seq, value_date=row.due_date, amount=row.total, seq=row.seq + 1)
               for row in schedule.installments]
    # Speed is measured by bench/replay.py, not asserted here.
    assert replay(terms=terms, plan=plan, events=events, as_of=schedule.maturity).closed_on == schedule.maturity
