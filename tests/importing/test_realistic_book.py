"""A fund goes live: its book of 50 borrowers and 80 loans with two years of repayments is imported,
and every loan owes what its history says, exactly as the same loans recorded through the API."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from sqlalchemy import func, select

from fundapp.db.models import Account, JournalLine, Loan, LoanPlan, Notice
from fundapp.domain import classification
from fundapp.jobs import end_of_day
from tests import builders, money_builders
from tests.importing.book import PRODUCTS, TODAY
from tests.importing.conftest import book, upload

LOAN_FIELDS = ("status", "amount", "annual_rate", "method", "principal_every", "interest_every", "term_months",
               "grace_months", "approved_on", "disbursed_on", "disbursed_amount", "maturity_date", "closed_on",
               "version", "position_as_of", "principal_outstanding", "principal_overdue", "days_past_due")
ROW_FIELDS = ("cached_as_of", "cached_principal_outstanding", "cached_principal_overdue", "cached_days_past_due",
              "cached_own_group", "booked_bank", "booked_loans_in_term", "booked_loans_overdue",
              "booked_interest_receivable", "booked_memo_interest", "booked_memo_contra", "booked_advances_held",
              "booked_interest_income", "booked_penalty_income")


def run_end_of_day(app, through: date):
    with money_builders.clock_at(app, max(through, TODAY)):
        summary = end_of_day.run(app.extensions["fundapp.session_factory"], through=through, today=max(through, TODAY),
                                 trigger="test", settings=app.config)
    assert summary.status in ("succeeded", "nothing_to_do") and not summary.errors, summary
    return summary


def expected_balance(history, as_of: date = TODAY) -> dict:
    balance = asdict(history.state(as_of).balance)
    balance["next_due_date"] = balance["next_due_date"] and balance["next_due_date"].isoformat()
    balance["as_of"] = balance["as_of"].isoformat()
    balance["overdue_since"] = balance["overdue_since"] and balance["overdue_since"].isoformat()
    return balance


def through_the_api(app, history) -> int:
    """The same loan made the API's way: approved on its date, then its disbursements and
    repayments recorded one by one, each booked as of today (the import date)."""
    with money_builders.clock_at(app, history.approved_on):
        product = builders.make_product(app, **{**PRODUCTS[history.product], "annual_rate": history.terms.annual_rate})
        borrower = builders.make_borrower(app, name=f"Hợp tác xã đối chứng {history.contract_no}",
                                          registration_no=f"DC-{history.contract_no}")
        loan_id = builders.approved_loan(app, borrower_id=borrower, product_id=product, amount=history.terms.amount,
                                         term_months=history.terms.term_months,
                                         grace_months=history.terms.grace_months,
                                         bad_debt_checked_on=history.approved_on)
    for day, amount in history.disbursements:
        money_builders.disburse(app, loan_id, amount, day, today=TODAY)
    for day, amount in history.payments:
        money_builders.pay(app, loan_id, amount, day, today=TODAY)
    return loan_id


def journal(session, loan_id: int) -> dict:
    rows = session.execute(select(Account.key, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
                           .join(Account, Account.id == JournalLine.account_id)
                           .where(JournalLine.loan_id == loan_id).group_by(Account.key)).all()
    return {key: int(debit) - int(credit) for key, debit, credit in rows if debit != credit}  # what it holds


def same_loan(app, caller, imported: int, twin: int, *, as_of: date = TODAY) -> None:
    balance = lambda i: {k: v for k, v in caller.get(f"/api/v1/loans/{i}/balance?as_of={as_of}").json.items()  # noqa
                         if k != "loan_id"}
    assert balance(imported) == balance(twin)
    for path in ("", "/schedule", "/repayments"):
        ours, theirs = caller.get(f"/api/v1/loans/{imported}{path}").json, caller.get(f"/api/v1/loans/{twin}{path}").json
        if path == "":
            assert {k: ours[k] for k in LOAN_FIELDS} == {k: theirs[k] for k in LOAN_FIELDS}
        elif path == "/schedule":
            assert ours["installments"] == theirs["installments"]
        else:
            drop = ("id", "loan_id", "recorded_at", "recorded_by", "reference")
            assert [{k: v for k, v in r.items() if k not in drop} for r in ours] == \
                   [{k: v for k, v in r.items() if k not in drop} for r in theirs]
    with money_builders.session_for(app) as session:
        a, b = session.get(Loan, imported), session.get(Loan, twin)
        assert {f: getattr(a, f) for f in ROW_FIELDS} == {f: getattr(b, f) for f in ROW_FIELDS}
        plans = [session.scalar(select(LoanPlan.rows).where(LoanPlan.loan_id == i)) for i in (imported, twin)]
        assert plans[0] == plans[1]
        assert journal(session, imported) == journal(session, twin)


def test_a_realistic_book_imports_and_every_loan_owes_what_its_history_gives_through_the_api(app, admin, fund):
    run_end_of_day(app, TODAY - timedelta(days=1))  # the fund is live: its days are closed up to yesterday
    realistic = book()
    response = upload(admin, realistic.xlsx(fund))
    assert response.status_code == 201, response.json
    result = response.json
    assert result["counts"] == {"borrowers": 50, "loans": 80, "disbursements": len(realistic.rows()["disbursements"]),
                                "repayments": len(realistic.rows()["repayments"]),
                                "collateral": sum(1 for row in realistic.loan_rows if row[18])}
    assert result["errors"] == [] and result["batch_id"] and result["sha256"]
    ids = {item["contract_no"]: item["loan_id"] for item in result["loans"]}

    # Every loan owes, as of today, what its own history gives when replayed by the domain's fold.
    for history in realistic.loans:
        shown = admin.get(f"/api/v1/loans/{ids[history.contract_no]}/balance").json
        assert {k: v for k, v in shown.items() if k not in ("loan_id", "debt_group", "loan_group")} == \
               expected_balance(history), history.contract_no
        assert shown["loan_group"] == classification.group_for_days(shown["days_past_due"])
    closed = [h for h in realistic.loans if h.state().closed_on]
    overdue = [h for h in realistic.loans if h.state().balance.days_past_due]
    assert len(closed) >= 2 and len(overdue) >= 3  # paid off, and late enough to be bad debt
    assert max(h.state().balance.days_past_due for h in overdue) > 90

    # A handful made the API's way, with the same history: the same loan in every respect.
    own = {h.contract_no: classification.group_for_days(h.state().balance.days_past_due) for h in realistic.loans}
    worst = {}
    for h in realistic.loans:
        worst[h.borrower_ref] = max(worst.get(h.borrower_ref, 1), own[h.contract_no])
    picked = {}  # one of each kind whose borrower's group is its own (the twin's borrower has one loan)
    for history in realistic.loans:
        kind = "tranches" if len(history.disbursements) > 1 else f"{history.behaviour}-{history.product}"
        if worst[history.borrower_ref] == own[history.contract_no] and kind not in picked and (
                kind == "tranches" or history.behaviour in ("late", "early", "prepaid", "repaid", "stopped")):
            picked[kind] = history
    assert len(picked) >= 6 and "tranches" in picked, list(picked)
    twins = {h.contract_no: through_the_api(app, h) for h in picked.values()}
    for contract_no, twin in twins.items():
        same_loan(app, admin, ids[contract_no], twin)

    # Then end of day brings every loan, imported or not, forward alike.
    run_end_of_day(app, TODAY)
    later = date(2025, 7, 3)
    run_end_of_day(app, later)
    own_later = {h.contract_no: classification.group_for_days(h.state(later).balance.days_past_due)
                 for h in realistic.loans}
    for history in picked.values():  # (a sibling may have worsened since: then the groups differ)
        if all(own_later[o.contract_no] <= own_later[history.contract_no]
               for o in realistic.loans if o.borrower_ref == history.borrower_ref):
            with money_builders.clock_at(app, later):
                same_loan(app, admin, ids[history.contract_no], twins[history.contract_no], as_of=later)
    stopped = next(h for h in realistic.loans if h.behaviour == "stopped")
    with money_builders.clock_at(app, later):
        shown = admin.get(f"/api/v1/loans/{ids[stopped.contract_no]}/balance").json
    assert {k: v for k, v in shown.items() if k not in ("loan_id", "debt_group", "loan_group")} == \
           expected_balance(stopped, later)


def test_going_live_with_an_imported_book_starts_end_of_day_at_the_funds_own_first_day(app, admin, fund):
    """Years of imported history are not days the fund has to process again, nor occasions for
    notices: end of day starts at the fund's own first entry (its capital, 02/06/2025)."""
    assert upload(admin, book().xlsx(fund)).status_code == 201
    summary = run_end_of_day(app, TODAY)
    assert summary.first_date == date(2025, 6, 2)
    with money_builders.session_for(app) as session:
        assert session.scalar(select(func.count()).select_from(Notice)
                              .where(Notice.business_date < date(2025, 6, 2))) == 0
        assert session.scalar(select(func.count()).select_from(Notice)) > 0  # its own days do give notices
