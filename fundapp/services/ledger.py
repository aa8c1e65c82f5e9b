"""Posting to the double-entry ledger, and checking that it still adds up."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..clock import now_utc
from ..db.models import Account, JournalEntry, JournalLine
from ..db.models.ledger import AccountKind
from ..domain.errors import DomainError


class UnbalancedEntry(DomainError):
    rule = "ledger_balanced"


@dataclass(frozen=True)
class Line:
    """One side of an entry: ``account`` is the account key (``"bank"``), amounts in đồng."""

    account: str
    debit: int = 0
    credit: int = 0
    loan_id: int | None = None


def debit(account: str, amount: int, loan_id: int | None = None) -> Line:
    return Line(account, debit=amount, loan_id=loan_id)


def credit(account: str, amount: int, loan_id: int | None = None) -> Line:
    return Line(account, credit=amount, loan_id=loan_id)


_ACCOUNT_IDS: dict[str, dict[str, int]] = {}  # per database: a seeded account keeps its key and id


def account_ids(session: Session) -> dict[str, int]:
    """Account key → id. Read once per database and process (officers edit codes and names, never
    keys), so posting costs no extra query."""
    database = session.get_bind().url.render_as_string(hide_password=False)
    cache = _ACCOUNT_IDS.get(database)
    if cache is None:
        cache = dict(session.execute(select(Account.key, Account.id)).all())
        if cache:
            _ACCOUNT_IDS[database] = cache
    return cache


def post(session: Session, *, business_date: date, kind: str, description: str, lines: Iterable[Line],
         loan_id: int | None = None, source: str = "", recorded_by: int | None = None,
         reverses_id: int | None = None) -> JournalEntry:
    """Post one balanced entry. Zero lines are dropped; an entry that nets to nothing posts nothing."""
    kept = [line for line in lines if line.debit or line.credit]
    for line in kept:
        if line.debit < 0 or line.credit < 0:
            raise UnbalancedEntry(f"negative amount on {line.account}", account=line.account)
    debits, credits = sum(l.debit for l in kept), sum(l.credit for l in kept)
    if debits != credits:
        raise UnbalancedEntry(f"entry {kind!r} does not balance: debits {debits} ≠ credits {credits}",
                              debits=debits, credits=credits)
    ids = account_ids(session)
    entry = JournalEntry(business_date=business_date, kind=kind, description=description, loan_id=loan_id,
                         source=source, reverses_id=reverses_id, recorded_at=now_utc(), recorded_by=recorded_by)
    session.add(entry)
    session.flush()  # the entry's id, for its lines
    # The lines in one INSERT of plain rows: append-only, nobody changes them in this transaction,
    # and ``entry.lines`` reads them back if asked.
    if kept:
        session.execute(insert(JournalLine), [
            {"entry_id": entry.id, "account_id": ids[line.account], "debit": line.debit, "credit": line.credit,
             "loan_id": line.loan_id if line.loan_id is not None else loan_id} for line in kept])
    return entry


def reverse(session: Session, *, entry: JournalEntry, business_date: date, description: str,
            recorded_by: int | None = None) -> JournalEntry:
    """A correction is a new entry with every line's sides swapped, never an edit."""
    keys = {v: k for k, v in account_ids(session).items()}
    lines = [Line(keys[l.account_id], debit=l.credit, credit=l.debit, loan_id=l.loan_id) for l in entry.lines]
    return post(session, business_date=business_date, kind=f"reversal:{entry.kind}", description=description,
                lines=lines, loan_id=entry.loan_id, source=entry.source, recorded_by=recorded_by,
                reverses_id=entry.id)


NORMAL_CREDIT = {AccountKind.LIABILITY, AccountKind.EQUITY, AccountKind.INCOME, AccountKind.CONTRA_ASSET}


def balances(session: Session, *, through: date | None = None) -> dict[str, int]:
    """Each account's balance on its normal side (assets as debit − credit, equity as credit − debit)."""
    query = (
        select(Account.key, Account.kind, func.coalesce(func.sum(JournalLine.debit), 0),
               func.coalesce(func.sum(JournalLine.credit), 0))
        .select_from(Account)
        .outerjoin(JournalLine, JournalLine.account_id == Account.id)
    )
    if through is not None:
        query = query.outerjoin(JournalEntry, JournalEntry.id == JournalLine.entry_id).where(
            (JournalEntry.business_date <= through) | (JournalLine.id.is_(None)))
    result = {}
    for key, kind, debits, credits in session.execute(query.group_by(Account.key, Account.kind)):
        debits, credits = int(debits), int(credits)
        result[key] = credits - debits if kind in NORMAL_CREDIT else debits - credits
    for key in account_ids(session):  # an account whose lines all come after ``through`` is 0 then
        result.setdefault(key, 0)
    return result


# Checks that later modules add (e.g. loans receivable = the sum of the loans' balances).
# Each takes a session and returns a list of problems in words.
CONTROL_CHECKS: list[Callable[[Session], list[str]]] = []


def verify(session: Session) -> list[str]:
    """Recompute from the entries; return every problem found (empty when the ledger is sound)."""
    problems = []
    unbalanced = session.execute(
        select(JournalLine.entry_id, func.sum(JournalLine.debit), func.sum(JournalLine.credit))
        .group_by(JournalLine.entry_id)
        .having(func.sum(JournalLine.debit) != func.sum(JournalLine.credit))
    ).all()
    for entry_id, debits, credits in unbalanced:
        problems.append(f"journal entry {entry_id} does not balance: debits {int(debits)} ≠ credits {int(credits)}")
    empty = session.scalars(
        select(JournalEntry.id).where(~select(JournalLine.id).where(JournalLine.entry_id == JournalEntry.id).exists())
    ).all()
    problems += [f"journal entry {entry_id} has no lines" for entry_id in empty]
    totals = session.execute(select(func.coalesce(func.sum(JournalLine.debit), 0),
                                    func.coalesce(func.sum(JournalLine.credit), 0))).one()
    if int(totals[0]) != int(totals[1]):
        problems.append(f"trial balance: total debits {int(totals[0])} ≠ total credits {int(totals[1])}")
    for check in CONTROL_CHECKS:
        problems += check(session)
    return problems
