"""``fundapp report …``: the reports from the command line, e.g.

    fundapp report outstanding --month 2025-06 --format xlsx --output du-no-2025-06.xlsx
"""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

report_cli = AppGroup("report", help="Reports: the monthly outstanding-loan report.")


@report_cli.command("outstanding")
@click.option("--month", required=True, help="YYYY-MM")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf", "json"]), default="xlsx", show_default=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True), help="the file to write ('-' for stdout)")
def outstanding(month, fmt, output):
    """Báo cáo dư nợ cho vay for a month (a closed month from its snapshot; the open month as of today)."""
    from .cli import _today, cli_transaction
    from .domain.errors import DomainError
    from .exports.report_files import outstanding_file, to_json
    from .services.reports.outstanding import outstanding_report

    try:
        with cli_transaction() as session:
            report = outstanding_report(session, month=month, today=_today(), settings=current_app.config)
    except DomainError as error:
        raise click.ClickException(f"{error.field or error.rule}: {error.message} {error.figures or ''}".strip()) from error
    if fmt == "json":
        content = to_json(report).encode("utf-8")
    else:
        content = outstanding_file(report, fmt, fund_name=current_app.config["FUND_NAME"])
    if output == "-":
        sys.stdout.buffer.write(content)
    else:
        with open(output, "wb") as handle:
            handle.write(content)
        state = "đã khóa sổ / closed" if report["closed"] else f"chưa khóa sổ, tính đến {report['as_of']:%d/%m/%Y} / open"
        closing = f"{report['totals']['closing_balance']:,}".replace(",", ".")
        click.echo(f"{output}: {report['rows_total']} khoản vay / loans, tháng {report['month']} ({state}), "
                   f"dư nợ cuối kỳ {closing} đ", err=True)
