"""What the ledger should hold for one loan (ghi sổ): a target per control account, from its state.

The service keeps, per loan, what it has already posted to each account (``booked``) and posts
one entry of ``target − booked``. Because the target is a function of the loan's derived state,
a back-dated payment, a reversal or a day's accrual all become the same thing: an adjustment to
the target, posted on the day it is recorded. Nothing is posted twice when a job is re-run.

Amounts are on each account's normal side (assets, memo: debit − credit; liabilities, income:
credit − debit), the way ``ledger.balances`` reports them.

- loans in term (2111) = principal outstanding − principal overdue; loans overdue (2112) = the
  principal overdue (chuyển nợ quá hạn, Circular 39/2016 Art. 18);
- interest owed = interest overdue + due today + accrued in term. Circular 52/2022 Art. 5.2: for a
  loan in debt group 1 it is income as it accrues (interest receivable 1381); in groups 2–5 it is
  tracked off balance sheet (9411, against the memo contra 9999) and is income only when collected;
- advances held (3381) = money paid ahead of the next instalment, owed back to the borrower until
  it falls due;
- interest income = interest collected so far + interest receivable; penalty income = penalty and
  late interest collected so far (always on collection: never accrued into income);
- bank = repayments − disbursements.

A written-off loan (xử lý rủi ro, domain.md §6) is off the balance sheet: loans, interest receivable
and the interest memo go to 0; what the borrower still owes is tracked in the write-off memo
accounts (principal 9711; interest 9712: in-term, overdue, penalty and late interest, which keep
accruing) against the memo contra. The principal written off is charged to provision expense
(``provision_expense``, per loan; the service then releases the specific provision held for it
against that expense, a fund-level entry). Income stays what was recognised up to the write-off:
interest receivable then is reversed. Everything collected afterwards is recovery income (7111),
except what is held as an advance until it is applied.

By construction the debit-side targets equal the credit-side ones: bank + loans + receivable =
repaid − disbursed + outstanding + receivable = collected interest + penalty + advance + receivable.
"""
from __future__ import annotations

from collections.abc import Mapping

from .loan_state import LoanState
from .money import Dong

# The accounts a loan's own events move, in posting order. Keys are the chart's (0002 migration).
LOAN_ACCOUNTS = ("bank", "loans_in_term", "loans_overdue", "interest_receivable", "memo_interest", "memo_contra",
                 "advances_held", "interest_income", "penalty_income")
# Accounts only loans post to: their ledger balance must equal the sum over loans (ledger verify).
CONTROL_ACCOUNTS = ("loans_in_term", "loans_overdue", "interest_receivable", "memo_interest", "advances_held",
                    "memo_written_off_principal", "memo_written_off_interest", "recovery_income")
# Posted only once a loan is written off: a loan that is not has no target for them (read as 0).
WRITE_OFF_ACCOUNTS = ("memo_written_off_principal", "memo_written_off_interest", "provision_expense",
                      "recovery_income")
POSTED_ACCOUNTS = LOAN_ACCOUNTS + WRITE_OFF_ACCOUNTS
# Normal side of each: "debit" means the target is debit − credit.
DEBIT_SIDE = frozenset({"bank", "loans_in_term", "loans_overdue", "interest_receivable", "memo_interest",
                        "memo_contra", "memo_written_off_principal", "memo_written_off_interest",
                        "provision_expense"})

ACCRUING_GROUP = 1  # Circular 52/2022 Art. 5.2: only group 1 accrues interest into income


def targets(state: LoanState, *, debt_group: int) -> dict[str, Dong]:
    """What the ledger should hold for this loan as of ``state.as_of`` (see the module docstring)."""
    if state.write_off is not None:
        return written_off_targets(state)
    balance = state.balance
    owed_interest = balance.interest_overdue + balance.interest_due_today + balance.interest_accrued
    accrues = debt_group == ACCRUING_GROUP
    receivable = owed_interest if accrues else 0
    memo = 0 if accrues else owed_interest
    return {
        "bank": state.repaid - state.disbursed,
        "loans_in_term": balance.principal_outstanding - balance.principal_overdue,
        "loans_overdue": balance.principal_overdue,
        "interest_receivable": receivable,
        "memo_interest": memo,
        "memo_contra": -memo,  # memo accounts balance against their own contra (debit-side, negative)
        "advances_held": balance.advance,
        "interest_income": state.interest_collected + receivable,
        "penalty_income": state.penalty_collected,
    }


def written_off_targets(state: LoanState) -> dict[str, Dong]:
    """A written-off loan: off balance sheet, tracked in memo, later collections are recoveries."""
    balance, written = state.balance, state.write_off
    owed_interest = (balance.interest_overdue + balance.interest_due_today + balance.interest_accrued
                     + balance.penalty_interest + balance.late_interest)
    # Since the write-off: principal repaid (nothing is disbursed after it), interest and penalty paid.
    recovered = (written.principal - balance.principal_outstanding
                 + state.interest_collected - written.interest_collected
                 + state.penalty_collected - written.penalty_collected)
    return {
        "bank": state.repaid - state.disbursed,
        "loans_in_term": 0, "loans_overdue": 0, "interest_receivable": 0, "memo_interest": 0,
        "memo_written_off_principal": balance.principal_outstanding,
        "memo_written_off_interest": owed_interest,
        "memo_contra": -(balance.principal_outstanding + owed_interest),
        "advances_held": balance.advance,
        "interest_income": written.interest_collected,
        "penalty_income": written.penalty_collected,
        "provision_expense": written.principal,
        "recovery_income": recovered,
    }


def adjustment(target: Mapping[str, Dong], booked: Mapping[str, Dong]) -> list[tuple[str, Dong, Dong]]:
    """The lines that take ``booked`` to ``target``: ``(account, debit, credit)``, zero lines left out."""
    lines = []
    for account in POSTED_ACCOUNTS:
        change = target.get(account, 0) - booked.get(account, 0)
        if not change:
            continue
        increases_debit = (change > 0) == (account in DEBIT_SIDE)
        lines.append((account, abs(change), 0) if increases_debit else (account, 0, abs(change)))
    return lines


def balanced(target: Mapping[str, Dong]) -> bool:
    """Debit-side targets equal credit-side ones (true of every ``targets`` result)."""
    debit = sum(v for k, v in target.items() if k in DEBIT_SIDE)
    return debit == sum(v for k, v in target.items() if k not in DEBIT_SIDE)
