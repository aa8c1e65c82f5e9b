"""Notices reach a real SMTP server on localhost once each, in Vietnamese with the right amounts."""
from __future__ import annotations

import email
import socket
from datetime import date
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from fundapp.db.models import Borrower, Notice
from tests.jobs.helpers import PAYMENTS, book_a_loan, eod
from tests.money_builders import pay, session_for


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def smtp_server(app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="quy@quyhtx.vn")
    yield inbox
    controller.stop()
    app.config.update(SMTP_HOST=None)


def test_overdue_notices_arrive_once_each_with_the_overdue_figures_in_words(app, smtp_server):
    loan_id = book_a_loan(app)
    with session_for(app) as session:
        session.get(Borrower, session.scalars(select(Borrower)).first().id).email = "htx.tanphu@example.vn"
    for day, amount in PAYMENTS:
        pay(app, loan_id, amount, day)
    eod(app, date(2025, 4, 15), today=date(2025, 4, 16))
    eod(app, date(2025, 4, 15), today=date(2025, 4, 16))  # again: nothing new is sent

    with session_for(app) as session:
        notices = session.scalars(select(Notice).order_by(Notice.id)).all()
        assert notices and all(n.emailed_at is not None for n in notices)
        subjects = [n.subject for n in notices]
    received = [m["Subject"] for m in smtp_server.messages]
    assert sorted(received) == sorted(subjects) and len(received) == len(set(received))

    april = next(m for m in smtp_server.messages if m["Subject"].startswith("Thông báo nợ quá hạn 1 ngày (từ 10/04/2025)"))
    text = april.get_body(("plain",)).get_content()
    # The March payment left an advance of 8,665,168 for April; on 10/04 it paid the interest
    # 594,521 and 8,070,647 of principal, so 1,929,353 went overdue at 10.5%/year (150% of 7%),
    # and one day of it is 1,929,353 × 10.5% / 365 = 555 đ.
    assert "Nợ gốc quá hạn: 1.929.353 đ" in text and "10,5%/năm" in text
    assert "Lãi trên nợ gốc quá hạn: 555 đ" in text
    assert "Một triệu chín trăm hai mươi chín nghìn chín trăm linh tám đồng" in text
    assert "Ngày chuyển nợ quá hạn: 10/04/2025" in text and "bằng chữ:" in text
    attachment = next(part for part in april.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"


def test_notices_without_smtp_still_reach_the_portal_list(app, as_role):
    loan_id = book_a_loan(app)
    for day, amount in PAYMENTS:
        pay(app, loan_id, amount, day)
    eod(app, date(2025, 4, 15), today=date(2025, 4, 16))
    with session_for(app) as session:
        borrower_id = session.scalars(select(Borrower)).first().id
    portal = as_role("borrower", borrower_id=borrower_id)
    listed = portal.get("/api/v1/notices").json["items"]
    assert listed and all(n["borrower_id"] == borrower_id for n in listed)
    letter = portal.get(f"/api/v1/notices/{listed[0]['id']}/letter.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
