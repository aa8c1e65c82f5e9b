"""``fundapp import template`` and ``fundapp import loans FILE [--dry-run]`` from the command line."""
from __future__ import annotations

from openpyxl import load_workbook

from fundapp.exports.import_template import workbook_bytes

from tests.conftest import make_user
from tests.importing.conftest import book


def test_the_command_line_writes_the_template_checks_imports_once_and_refuses_a_broken_workbook(
        app, fund, tmp_path, row_counts):
    runner = app.test_cli_runner()
    make_user(app, email="quantri@quy.test", role="admin")
    template = tmp_path / "mau.xlsx"
    result = runner.invoke(args=["import", "template", "--output", str(template)])
    assert result.exit_code == 0, result.output
    assert "Khoản vay" in load_workbook(template).sheetnames

    workbook = tmp_path / "so-cho-vay.xlsx"
    workbook.write_bytes(book(8, 10, 14).xlsx(fund))
    before = row_counts()
    dry = runner.invoke(args=["import", "loans", str(workbook), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Kiểm tra thử: không có lỗi; sẽ tạo 10 khách hàng, 14 khoản vay" in dry.output
    assert "HĐ-2023-0001" in dry.output and "Đọc tệp" in dry.output
    assert row_counts() == before

    broken = tmp_path / "hong.xlsx"
    rows = book(8, 10, 14).rows()
    rows["loans"] = [[*r[:2], fund[r[2]], *r[3:]] for r in rows["loans"]]
    rows["loans"][0][3] = "một tỷ"
    broken.write_bytes(workbook_bytes(product_codes=list(fund.values()), rows=rows))
    refused = runner.invoke(args=["import", "loans", str(broken)])
    assert refused.exit_code == 1
    assert "LỖI Khoản vay!D2" in refused.output and "Tệp có 1 lỗi; không có gì được nhập" in refused.output
    assert row_counts() == before

    real = runner.invoke(args=["import", "loans", str(workbook), "--by", "quantri@quy.test"])
    assert real.exit_code == 0, real.output
    assert "Đã nhập 10 khách hàng, 14 khoản vay" in real.output
    again = runner.invoke(args=["import", "loans", str(workbook)])
    assert again.exit_code == 0 and "đã được nhập ngày 30/06/2025" in again.output
