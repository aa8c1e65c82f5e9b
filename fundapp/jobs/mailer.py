"""Emailing notices through SMTP after the day that issued them has committed.

A notice is marked sent in its own transaction right after the server accepts it; a crash in
between can send one twice, never lose one (the portal list always has it).
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ..clock import now_utc
from ..db.models import Notice
from ..db.session import transaction
from ..exports.letters import notice_letter

log = logging.getLogger(__name__)


def deliver(factory: sessionmaker, settings: dict) -> dict:
    """Send every notice with an address that has not been sent; {'sent': n, 'failed': n}."""
    host = settings.get("SMTP_HOST")
    if not host:
        return {"sent": 0, "failed": 0, "smtp": "not configured"}
    with transaction(factory) as session:
        pending = [n.id for n in session.scalars(select(Notice).where(Notice.email_to.is_not(None),
                                                                     Notice.emailed_at.is_(None)).order_by(Notice.id))]
    sent = failed = 0
    for notice_id in pending:
        with transaction(factory) as session:
            notice = session.get(Notice, notice_id)
            message = EmailMessage()
            message["From"] = settings.get("MAIL_FROM", "quy@localhost")
            message["To"] = notice.email_to
            message["Subject"] = notice.subject
            message.set_content(notice.body)
            message.add_attachment(
                notice_letter(fund_name=settings["FUND_NAME"], subject=notice.subject, body=notice.body,
                              business_date=notice.business_date, total=(notice.figures or {}).get("total")),
                maintype="application", subtype="pdf", filename=f"thong-bao-{notice.id}.pdf")
            try:
                with smtplib.SMTP(host, int(settings.get("SMTP_PORT", 25)), timeout=30) as smtp:
                    smtp.send_message(message)
                notice.emailed_at, notice.email_error = now_utc(), None
                sent += 1
            except (OSError, smtplib.SMTPException) as error:
                notice.email_error = str(error)[:500]
                failed += 1
                log.warning("notice %s not emailed: %s", notice_id, error)
    return {"sent": sent, "failed": failed}
