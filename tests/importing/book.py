"""A realistic loan book of a provincial fund, generated: borrowers of Lâm Đồng, loans on three
products, and two years of repayments (on time, late, a few days early, prepaid, missed, paid off,
stopped), each payment worked out with the domain's fold so that none is above what was owed.

``generate(seed, borrowers=50, loans=80)`` → a ``Book``: the workbook's rows per sheet, and per
loan the terms, plan and events the test can replay on its own (``expected_state``).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from fundapp.domain.calendar import NO_HOLIDAYS
from fundapp.domain.events import Disbursed, Paid
from fundapp.domain.position import replay
from fundapp.domain.schedule import build_plan, build_schedule
from fundapp.domain.terms import CurrentOrder, LoanTerms, Method, Prepayment
from fundapp.exports.import_template import workbook_bytes

TODAY = date(2025, 6, 30)
# Products as ``tests.builders.make_product`` takes them (the code is added by the test).
PRODUCTS = {
    "NN": {"name": "Cho vay sản xuất nông nghiệp", "annual_rate": Decimal("0.07"), "method": "equal_principal",
           "principal_every": 1, "interest_every": 1, "min_term_months": 6, "max_term_months": 60,
           "max_amount": 2_000_000_000, "max_grace_months": 6},
    "MV": {"name": "Cho vay thời vụ cà phê", "annual_rate": Decimal("0.065"), "method": "bullet",
           "principal_every": 0, "interest_every": 3, "min_term_months": 6, "max_term_months": 24,
           "max_amount": 1_000_000_000, "max_grace_months": 0},
    "TG": {"name": "Cho vay trả góp máy móc", "annual_rate": Decimal("0.08"), "method": "annuity",
           "principal_every": 1, "interest_every": 1, "min_term_months": 12, "max_term_months": 48,
           "max_amount": 1_500_000_000, "max_grace_months": 0, "prepayment": "reduce_installments"},
}
COMMUNES = [("xã Di Linh", "huyện Di Linh"), ("phường Bảo Lộc", "thành phố Bảo Lộc"), ("xã Đức Trọng", "huyện Đức Trọng"),
            ("xã Lâm Hà", "huyện Lâm Hà"), ("xã Đơn Dương", "huyện Đơn Dương"), ("phường Gia Nghĩa", "thành phố Gia Nghĩa")]
COOPS = ["Hợp tác xã Nông nghiệp Cà phê {}", "Hợp tác xã Chè {}", "Hợp tác xã Rau hoa {}", "Hợp tác xã Dịch vụ {}",
         "Hợp tác xã Dâu tằm {}"]
PEOPLE = ["Nguyễn Thị Hoa", "Trần Văn Minh", "K'Brơi", "Lê Thị Lan", "Phạm Văn Sơn", "Ka Thuý", "Hoàng Văn Nam",
          "Đặng Thị Mai", "Võ Văn Hùng", "Bùi Thị Thu"]
BEHAVIOURS = ["on_time"] * 9 + ["late"] * 3 + ["early"] * 2 + ["prepaid", "missed", "repaid", "stopped"]


@dataclass
class LoanHistory:
    contract_no: str
    borrower_ref: str
    product: str
    terms: LoanTerms
    approved_on: date
    behaviour: str
    disbursements: list[tuple[date, int]] = field(default_factory=list)
    payments: list[tuple[date, int]] = field(default_factory=list)
    _plan: tuple | None = None

    def events(self):
        events = [Disbursed(value_date=d, amount=a, seq=n) for n, (d, a) in enumerate(self.disbursements, start=1)]
        start = len(events) + 1
        return events + [Paid(payment_id=n, value_date=d, amount=a, seq=n)
                         for n, (d, a) in enumerate(sorted(self.payments, key=lambda p: p[0]), start=start)]

    def plan(self):
        if self._plan is None:
            self._plan = build_plan(self.terms, disbursed_on=self.disbursements[0][0], calendar=NO_HOLIDAYS)
        return self._plan

    def state(self, as_of: date = TODAY, events=None):
        return replay(terms=self.terms, plan=self.plan(), events=self.events() if events is None else events,
                      as_of=as_of)


@dataclass
class Book:
    borrowers: list[list]
    loans: list[LoanHistory]
    loan_rows: list[list]

    def rows(self) -> dict[str, list[list]]:
        return {"borrowers": self.borrowers, "loans": self.loan_rows,
                "disbursements": [[h.contract_no, d, a, f"UNC-{h.contract_no[-4:]}-{n}"]
                                  for h in self.loans for n, (d, a) in enumerate(h.disbursements, start=1)],
                "repayments": [[h.contract_no, d, a, f"PT-{n:03d}"]
                               for h in self.loans for n, (d, a) in enumerate(h.payments, start=1)]}

    def xlsx(self, product_codes: dict[str, str]) -> bytes:
        rows = self.rows()
        rows["loans"] = [[*row[:2], product_codes[row[2]], *row[3:]] for row in rows["loans"]]
        return workbook_bytes(product_codes=list(product_codes.values()), rows=rows)


def _borrowers(rng: random.Random, count: int) -> list[list]:
    rows, coops = [], []
    for n in range(1, count + 1):
        commune, district = rng.choice(COMMUNES)
        ref = f"KH{n:03d}"
        if n <= max(2, count * 2 // 5) or not coops:
            kind = "Liên hiệp hợp tác xã" if n % 11 == 0 else "Hợp tác xã"
            name = rng.choice(COOPS).format(commune.split(" ", 1)[1]) + f" số {n}"
            rows.append([ref, kind, name, f"5800{n:06d}", f"58{n:08d}", rng.choice(PEOPLE), date(2015, 3, n % 28 + 1),
                         rng.randint(7, 120), None, None, None, None, None, "Nông nghiệp", commune, district,
                         f"Thôn {n}, {commune}", f"0263{n:06d}", None])
            if kind == "Hợp tác xã":
                coops.append(ref)
        elif n % 5:
            rows.append([ref, "Thành viên hợp tác xã", rng.choice(PEOPLE), None, None, None, None, None, f"068{n:09d}",
                         date(1970 + n % 30, n % 12 + 1, n % 27 + 1), rng.choice(coops), None, None, "nong nghiep",
                         commune, district, None, None, None])
        else:
            rows.append([ref, "group_member", rng.choice(PEOPLE), None, None, None, None, None, f"068{n:09d}",
                         date(1975, 5, 5), None, f"Tổ hợp tác trồng rau {commune}", "Không", "agriculture", commune,
                         None, None, None, None])
    return rows


def _pay(history: LoanHistory, day: date, amount: int) -> None:
    """Record ``amount`` on ``day``, never more than the payoff (the fold says what is owed);
    payments are generated in date order, so each is checked against every one before it."""
    if history.payments and day <= history.payments[-1][0]:
        return
    state = history.state(day)
    amount = min(amount, state.balance.payoff_amount)
    if amount > 0 and not state.closed_on:
        history.payments.append((day, amount))


def _owed(history: LoanHistory, day: date) -> int:
    b = history.state(day).balance
    return (b.principal_overdue + b.interest_overdue + b.penalty_interest + b.late_interest + b.principal_due_today
            + b.interest_due_today)


def _repay(rng: random.Random, history: LoanHistory) -> None:
    schedule = build_schedule(history.terms, disbursed_on=history.disbursements[0][0], calendar=NO_HOLIDAYS)
    stop_after = rng.randint(4, 10)
    for n, row in enumerate(schedule.installments, start=1):
        due = row.due_date
        if due > TODAY or (history.payments and history.state(history.payments[-1][0]).closed_on):
            break
        behaviour = history.behaviour
        if behaviour == "stopped" and n > stop_after:
            break
        if behaviour == "late" and n % 3 == 0:
            day = due + timedelta(days=rng.choice([5, 12, 25]))  # before the next monthly date
            if day <= TODAY:
                _pay(history, day, _owed(history, day))
        elif behaviour == "early" and n % 2 == 0:
            _pay(history, due - timedelta(days=3), row.total)
        elif behaviour == "missed" and n == 3:
            continue
        else:
            _pay(history, due, _owed(history, due))
        if behaviour == "prepaid" and n == 6 and due + timedelta(days=10) <= TODAY:
            day = due + timedelta(days=10)
            _pay(history, day, history.state(day).balance.principal_outstanding // 3)
        if behaviour == "repaid" and n == 8 and due + timedelta(days=15) <= TODAY:
            day = due + timedelta(days=15)
            _pay(history, day, history.state(day).balance.payoff_amount)
            return


def generate(seed: int = 8, *, borrowers: int = 50, loans: int = 80) -> Book:
    rng = random.Random(seed)
    borrower_rows = _borrowers(rng, borrowers)
    refs = [row[0] for row in borrower_rows]
    owners = refs + [rng.choice(refs) for _ in range(loans - len(refs))] if loans > len(refs) else refs[:loans]
    histories, loan_rows = [], []
    for n, ref in enumerate(owners, start=1):
        product = ["NN", "NN", "MV", "TG"][n % 4]
        spec = PRODUCTS[product]
        term = {"NN": rng.choice([24, 36, 48]), "MV": rng.choice([12, 18, 24]), "TG": rng.choice([24, 36])}[product]
        grace = rng.choice([0, 0, 3]) if product == "NN" else 0
        amount = rng.randrange(50_000_000, 900_000_000, 5_000_000)
        approved_on = date(2023, 6, 1) + timedelta(days=rng.randrange(0, 450))
        terms = LoanTerms(amount=amount, annual_rate=spec["annual_rate"], term_months=term, grace_months=grace,
                          method=Method(spec["method"]), principal_every=spec["principal_every"],
                          interest_every=spec["interest_every"],
                          prepayment=Prepayment(spec.get("prepayment", "shorten_term")),
                          current_order=CurrentOrder.INTEREST_FIRST)
        history = LoanHistory(f"HĐ-{approved_on.year}-{n:04d}", ref, product, terms, approved_on,
                              BEHAVIOURS[n % len(BEHAVIOURS)] if n > 1 else "repaid")
        first = approved_on + timedelta(days=rng.randrange(2, 20))
        if n % 13 == 0 and product == "NN":  # two tranches
            history.disbursements = [(first, amount * 3 // 5), (first + relativedelta(months=1, days=3), amount * 2 // 5)]
        else:
            history.disbursements = [(first, amount)]
        _repay(rng, history)
        rate = [None, "7%", 7, 0.07][n % 4] if product == "NN" else None
        own = amount // 2 if n % 17 else amount // 10  # a few below 20% (a warning only)
        loan_rows.append([history.contract_no, ref, product, amount, rate, term, grace or None, None, None, None,
                          approved_on, f"{n}/QĐ-QHTX", "Mua máy sấy cà phê, mở rộng nhà xưởng", amount * 2, own, None,
                          None, approved_on, "Đất đai, nhà ở, công trình" if n % 3 else None,
                          f"Quyền sử dụng đất thửa số {n}" if n % 3 else None, amount if n % 3 else None])
        histories.append(history)
    return Book(borrower_rows, histories, loan_rows)
