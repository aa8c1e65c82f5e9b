"""``fundapp import …``: bring a loan book in from Excel (issue 8), e.g.

    fundapp import template --output mau-nhap-so-cho-vay.xlsx
    fundapp import loans so-cho-vay.xlsx --dry-run      # check and show, write nothing
    fundapp import loans so-cho-vay.xlsx                # all or nothing, once per workbook
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

import_cli = AppGroup("import", help="Nhập sổ cho vay từ Excel / bring a loan book in from Excel.")
STAGES = {"read": "Đọc tệp      ", "check": "Kiểm tra     ", "write": "Ghi dữ liệu  "}


class Bars:
    """One click progress bar per stage, fed by the service's ``progress(stage, done, total)``."""

    def __init__(self):
        self.bar, self.stage, self.done = None, None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.bar = click.progressbar(length=max(total, 1), label=STAGES.get(stage, stage), file=sys.stderr)
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        self.bar.update(max(0, done - self.done))
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _importer(session, email: str | None):
    from sqlalchemy import select

    from .db.models import Role, User

    query = select(User).where(User.email == email) if email else \
        select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    user = session.scalar(query)
    if user is None:
        raise click.ClickException(f"không có người dùng {email}" if email else
                                   "chưa có người dùng quản trị: tạo bằng `fundapp users create --role admin`")
    return user


@import_cli.command("template")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True), help="the .xlsx to write")
def template(output):
    """Write the workbook to fill: Vietnamese headings, instructions, lists to pick from."""
    from .cli import cli_transaction
    from .services.importing.template import template_bytes

    with cli_transaction() as session:
        Path(output).write_bytes(template_bytes(session))
    click.echo(f"{output}: mẫu nhập sổ cho vay / the loan book template")


@import_cli.command("loans")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="check every row and show what would be created; write nothing")
@click.option("--by", "email", default=None, help="the user recorded as importing (default: the first admin)")
def loans(file, dry_run, email):
    """Check a workbook and import it: every error at once, all or nothing, once per workbook."""
    from .cli import _today, cli_transaction
    from .domain.errors import DomainError
    from .services.importing import import_workbook

    bars = Bars()
    try:
        with cli_transaction() as session:
            outcome = import_workbook(session, content=Path(file).read_bytes(), filename=Path(file).name,
                                      dry_run=dry_run, user_id=_importer(session, email).id, today=_today(),
                                      settings=current_app.config, progress=bars)
    except DomainError as error:
        raise click.ClickException(f"{error.field or error.rule}: {error.message}") from error
    finally:
        bars.close()
    for problem in outcome.errors:
        click.echo(f"LỖI {problem.cell:<18} {problem.heading or '':<28} {problem.reason}", err=True)
    for problem in outcome.warnings:
        click.echo(f"CẢNH BÁO {problem.cell:<14} {problem.heading or '':<28} {problem.reason}", err=True)
    if dry_run and outcome.status == "dry_run":
        from .exports.report_labels import STATUSES

        click.echo(f"{'Số hợp đồng':<18} {'trạng thái':<14} {'dư nợ gốc':>15} {'quá hạn':>13} {'tất toán':>15} "
                   f"{'ngày QH':>7} nhóm")
        for item in outcome.loans:
            click.echo(f"{item['contract_no']:<18} {STATUSES[item['status']]:<14} {item['principal_outstanding']:>15,} "
                       f"{item['principal_overdue']:>13,} {item['payoff_amount']:>15,} {item['days_past_due']:>7} "
                       f"{item['debt_group'] or '-'}".replace(",", "."))
    click.echo(outcome.message)
    if outcome.seconds:
        click.echo("thời gian / seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in outcome.seconds.items()))
    if outcome.status == "invalid":
        sys.exit(1)
