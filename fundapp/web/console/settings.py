"""Settings: loan products (a change is a new version; ``services.products``, as ``/loan-products``),
the working calendar (``services.holidays``, as ``/holidays``), the fund's rule tables (debt groups,
cure, provisioning rates; ``services.fund_rules``, as ``/fund/rules``), and a read-only view of the
settings that live in ``config/__init__.py`` (limits, approval authority, notice days).

Who may change what follows the API: products are the admin's; the holiday table is kept by
officers (domain.md §4), and admin may do all an officer may. Every staff role may read."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, NumberRange, Regexp

from ...auth import STAFF
from ...clock import today
from ...db.models import Role
from ...domain.eligibility import BorrowerKind
from ...domain.errors import DomainError, NotFound
from ...domain.provisioning import CollateralKind
from ...domain.schedule import FREQUENCIES as FREQUENCY_MONTHS
from ...domain.terms import CurrentOrder, Method, Prepayment
from ...services import fund_rules, holidays, products
from ...services.holidays import DayKind
from ...unit_of_work import db
from ..forms import DayField, DongField, Form, PercentField, choice, months, required, show_refusal, text
from ..i18n import pick
from ..guard import current_user, page
from ..labels import COLLATERAL, CURRENT_ORDER, DAY_KINDS, FREQUENCIES, KINDS, METHODS, PREPAYMENT
from . import blp, page_of


# --- the settings in config --------------------------------------------------------------------------
@blp.get("/settings", endpoint="settings")
@page(*STAFF)
def settings_page():
    config = current_app.config
    rules = fund_rules.rules_on(db(), today())
    return render_template(
        "console/settings.html", config_values=config,
        approval_limits=sorted((config.get("APPROVAL_LIMITS") or {}).items()),
        debt_groups=rules.debt_groups, specific_rates=rules.specific_rates, general_rate=rules.general_rate,
        deductible_rates={kind.value: rate for kind, rate in rules.deductible_rates.items()},
        collateral_names=COLLATERAL)


# --- products ------------------------------------------------------------------------------------------
class ProductForm(Form):
    code = StringField(_l("Mã sản phẩm"), [required(), Length(max=40, message=_l("Tối đa %(max)d ký tự.")), Regexp(
        r"^[A-Za-z0-9._-]+$", message=_l("Chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới và gạch ngang."))],
        filters=[lambda v: v.strip() if v else v], description=_l("Ví dụ: NN-2025. Không đổi được sau khi tạo."))
    name = text(_l("Tên sản phẩm"), max_length=200)
    annual_rate = PercentField(_l("Lãi suất cho vay (%/năm)"), [required()])
    overdue_rate_factor = PercentField(_l("Lãi suất quá hạn (% lãi suất trong hạn)"), [required()],
                                       description=_l("Từ 100 đến 150 (Nghị định 45, Điều 25)."))
    late_interest_rate = PercentField(_l("Lãi chậm trả lãi (%/năm)"), [required()],
                                      description=_l("Không quá 10%/năm."))
    method = choice(_l("Phương thức trả gốc"), [(m.value, METHODS[m.value]) for m in Method])
    principal_every = SelectField(_l("Kỳ trả gốc"), [required()], coerce=int, validate_choice=True,
                                  choices=[(n, FREQUENCIES[n]) for n in FREQUENCY_MONTHS])
    interest_every = SelectField(_l("Kỳ trả lãi"), [required()], coerce=int, validate_choice=True,
                                 choices=[(n, FREQUENCIES[n]) for n in FREQUENCY_MONTHS])
    min_term_months = months(_l("Thời hạn tối thiểu (tháng)"), low=1)
    max_term_months = months(_l("Thời hạn tối đa (tháng)"), low=1)
    max_amount = DongField(_l("Số tiền cho vay tối đa (đồng)"), [required()])
    max_grace_months = months(_l("Ân hạn gốc tối đa (tháng)"))
    prepayment = choice(_l("Khi trả gốc trước hạn"), [(p.value, PREPAYMENT[p.value]) for p in Prepayment])
    current_order = choice(_l("Thứ tự thu trong kỳ"), [(o.value, CURRENT_ORDER[o.value]) for o in CurrentOrder])
    working_day_roll = BooleanField(_l("Ngày đến hạn rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp"))
    allowed_kinds = SelectMultipleField(_l("Đối tượng khách hàng"), choices=[(k.value, KINDS[k.value])
                                                                         for k in BorrowerKind])

    def fill(self, values: dict) -> None:
        for name in products.EDITABLE:
            value = values[name]
            if name == "allowed_kinds":
                value = [BorrowerKind(k).value for k in value]
            elif hasattr(value, "value"):
                value = value.value
            self[name].data = value

    def service_values(self) -> dict:
        values = {name: self[name].data for name in products.EDITABLE}
        for name, kind in (("method", Method), ("prepayment", Prepayment), ("current_order", CurrentOrder)):
            values[name] = kind(values[name])
        values["allowed_kinds"] = [BorrowerKind(k) for k in values["allowed_kinds"] or []]
        return values


@blp.get("/settings/products", endpoint="settings_products")
@page(*STAFF)
def products_list():
    all_versions = request.args.get("all") == "1"
    return render_template("console/products.html", all_versions=all_versions,
                           result=page_of(products.product_query(all_versions=all_versions)))


def _product_form_page(form: ProductForm, *, record, status: int):
    return render_template("console/product_form.html", form=form, record=record), status


@blp.route("/settings/products/new", methods=["GET", "POST"])
@page(Role.ADMIN)
def settings_product_new():
    form = ProductForm()
    if request.method == "GET":
        form.fill({**{name: None for name in products.EDITABLE}, **products.DEFAULTS, "name": "",
                   "principal_every": 1, "interest_every": 1})
        return _product_form_page(form, record=None, status=200)
    if form.validate_on_submit():
        try:
            created = products.create_product(db(), created_by=current_user().id, code=form.code.data,
                                              **form.service_values())
            flash(_l("Đã tạo sản phẩm %(code)s (phiên bản 1).", code=created.code), "success")
            return redirect(url_for("console.settings_products"), code=303)
        except DomainError as error:
            show_refusal(form, error)
    return _product_form_page(form, record=None, status=422)


@blp.route("/settings/products/<id:product_id>/edit", methods=["GET", "POST"])
@page(Role.ADMIN)
def settings_product_edit(product_id: int):
    record = products.get_product(db(), product_id)
    form = ProductForm()
    del form.code  # a product's code never changes
    if request.method == "GET":
        form.fill(products.as_values(record))
        return _product_form_page(form, record=record, status=200)
    if form.validate_on_submit():
        try:
            changed = products.change_product(db(), product_id, changed_by=current_user().id, replace=True,
                                              **form.service_values())
            flash(_l("Đã lưu sản phẩm %(code)s thành phiên bản %(version)s; các khoản vay đã duyệt giữ điều "
                     "kiện cũ.", code=changed.code, version=changed.version), "success")
            return redirect(url_for("console.settings_products"), code=303)
        except DomainError as error:
            db().rollback()
            show_refusal(form, error)
            record = products.get_product(db(), product_id)
    return _product_form_page(form, record=record, status=422)


# --- holidays ----------------------------------------------------------------------------------------------
class HolidayForm(Form):
    day = DayField(_l("Ngày"), [required()])
    name = text(_l("Tên ngày nghỉ / ngày làm bù"), max_length=200)
    kind = choice(_l("Loại ngày"), [(k.value, DAY_KINDS[k.value]) for k in DayKind])


class FillYearForm(Form):
    year = IntegerField(_l("Năm"), [required(), NumberRange(min=2000, max=2100, message=_l(
        "Năm từ %(min)s đến %(max)s."))], render_kw={"inputmode": "numeric"})


def _year() -> int:
    text_year = request.args.get("year", "")
    return int(text_year) if text_year.isdigit() and 2000 <= int(text_year) <= 2100 else today().year


def _holidays_page(*, year: int, add_form=None, fill_form=None, status: int = 200):
    add_form = add_form or HolidayForm(formdata=None)
    fill_form = fill_form or FillYearForm(formdata=None)
    if fill_form.year.data is None and not fill_form.errors:
        fill_form.year.data = year
    return render_template("console/holidays.html", year=year, days=holidays.list_days(db(), year=year),
                           add_form=add_form, fill_form=fill_form), status


@blp.get("/settings/holidays", endpoint="settings_holidays")
@page(*STAFF)
def holidays_list():
    return _holidays_page(year=_year())


@blp.post("/settings/holidays")
@page(Role.OFFICER)
def settings_holiday_add():
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            added = holidays.add_day(db(), day=form.day.data, name=form.name.data, kind=DayKind(form.kind.data))
            flash(_l("Đã thêm ngày %(d)s vào lịch.", d=f"{added.day:%d/%m/%Y}"), "success")
            return redirect(url_for("console.settings_holidays", year=added.day.year), code=303)
        except DomainError as error:
            show_refusal(form, error)
    year = form.day.data.year if form.day.data else _year()
    return _holidays_page(year=year, add_form=form, status=422)


@blp.post("/settings/holidays/<day_text>/remove")
@page(Role.OFFICER)
def settings_holiday_remove(day_text: str):
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise NotFound("Không phải một ngày / not a date") from None
    holidays.remove_day(db(), day=day)
    flash(_l("Đã bỏ ngày %(d)s khỏi lịch.", d=f"{day:%d/%m/%Y}"), "success")
    return redirect(url_for("console.settings_holidays", year=day.year), code=303)


@blp.post("/settings/holidays/fill")
@page(Role.OFFICER)
def settings_holidays_fill():
    form = FillYearForm()
    if form.validate_on_submit():
        filled = holidays.fill_year(db(), year=form.year.data)
        flash(_l("Đã thêm %(n)s ngày của năm %(year)s; các ngày đã có được giữ nguyên.", n=len(filled["added"]),
                 year=filled["year"]), "success")
        return redirect(url_for("console.settings_holidays", year=form.year.data), code=303)
    return _holidays_page(year=_year(), fill_form=form, status=422)


# --- the fund's rule tables (debt groups, cure, provisioning) -------------------------------------------
def _days(label):
    return IntegerField(label, [required(), NumberRange(min=1, max=3650, message=_l("Từ %(min)s đến %(max)s ngày."))],
                        render_kw={"inputmode": "numeric"})


class RulesForm(Form):
    effective_from = DayField(_l("Áp dụng từ ngày"), [required()], description=_l("Sau hôm nay: không áp dụng hồi tố."))
    decision_no = text(_l("Số quyết định"), max_length=100)
    group_2_from = _days(_l("Nhóm 2 từ (ngày quá hạn)"))
    group_3_from = _days(_l("Nhóm 3 từ (ngày quá hạn)"))
    group_4_from = _days(_l("Nhóm 4 từ (ngày quá hạn)"))
    group_5_from = _days(_l("Nhóm 5 từ (ngày quá hạn)"))
    cure_months_long = months(_l("Số tháng trả đúng hạn để về nhóm 1 (khoản vay dài)"), low=1, high=24)
    cure_months_short = months(_l("Số tháng trả đúng hạn để về nhóm 1 (khoản vay ngắn)"), low=1, high=24)
    short_term_max_months = months(_l("Khoản vay ngắn: thời hạn đến (tháng)"), low=1, high=600)
    specific_1 = PercentField(_l("Dự phòng cụ thể nhóm 1 (%)"), [required()])
    specific_2 = PercentField(_l("Dự phòng cụ thể nhóm 2 (%)"), [required()])
    specific_3 = PercentField(_l("Dự phòng cụ thể nhóm 3 (%)"), [required()])
    specific_4 = PercentField(_l("Dự phòng cụ thể nhóm 4 (%)"), [required()])
    specific_5 = PercentField(_l("Dự phòng cụ thể nhóm 5 (%)"), [required()])
    general_rate = PercentField(_l("Dự phòng chung (% dư nợ nhóm 1–4)"), [required()])
    deductible_deposit = PercentField(_l("Khấu trừ: tiền gửi, giấy tờ có giá (%)"), [required()])
    deductible_land_buildings = PercentField(_l("Khấu trừ: quyền sử dụng đất, nhà ở, công trình (%)"), [required()])
    deductible_machinery_vehicles = PercentField(_l("Khấu trừ: máy móc, thiết bị, phương tiện (%)"), [required()])
    deductible_other = PercentField(_l("Khấu trừ: tài sản khác (%)"), [required()])

    GROUP_FIELDS = ("group_2_from", "group_3_from", "group_4_from", "group_5_from")
    KINDS = tuple(kind.value for kind in CollateralKind)  # a box each: deductible_<kind>

    def fill(self, rules: dict) -> None:
        for name, days in zip(self.GROUP_FIELDS, rules["debt_group_from"]):
            self[name].data = days
        for name in ("cure_months_long", "cure_months_short", "short_term_max_months"):
            self[name].data = rules[name]
        for group in range(1, 6):
            self[f"specific_{group}"].data = Decimal(rules["specific_rates"][str(group)])
        self.general_rate.data = Decimal(rules["general_rate"])
        for kind in self.KINDS:
            self[f"deductible_{kind}"].data = Decimal(rules["deductible_rates"][kind])

    def service_values(self) -> dict:
        return {
            "effective_from": self.effective_from.data, "decision_no": self.decision_no.data,
            "debt_group_from": [self[name].data for name in self.GROUP_FIELDS],
            "cure_months_long": self.cure_months_long.data, "cure_months_short": self.cure_months_short.data,
            "short_term_max_months": self.short_term_max_months.data,
            "specific_rates": {str(group): self[f"specific_{group}"].data for group in range(1, 6)},
            "general_rate": self.general_rate.data,
            "deductible_rates": {kind: self[f"deductible_{kind}"].data for kind in self.KINDS},
        }


# A refusal names the API's field; on the page it goes next to the first box of that field.
RULE_FIELDS = {"debt_group_from": "group_2_from", "specific_rates": "specific_1", "deductible_rates": "deductible_deposit",
               **{f"specific_rates.{group}": f"specific_{group}" for group in range(1, 6)},
               **{f"deductible_rates.{kind}": f"deductible_{kind}" for kind in RulesForm.KINDS}}


def _rules_page(form: RulesForm, status: int, overview: dict | None = None):
    overview = overview or fund_rules.overview(db(), today=today())
    return render_template("console/rules.html", overview=overview, form=form, collateral_names=COLLATERAL), status


@blp.get("/settings/rules", endpoint="settings_rules")
@page(*STAFF)
def settings_rules():
    overview = fund_rules.overview(db(), today=today())
    form = RulesForm(formdata=None)
    form.fill(overview["in_force"])
    return _rules_page(form, 200, overview)


@blp.post("/settings/rules", endpoint="settings_rules_adopt")
@page(Role.ADMIN)
def settings_rules_adopt():
    form = RulesForm()
    if form.validate_on_submit():
        try:
            adopted = fund_rules.adopt(db(), **form.service_values(), recorded_by=current_user().id, today=today())
            flash(_l("Đã thông qua bộ quy định áp dụng từ %(d)s.", d=f"{adopted['effective_from']:%d/%m/%Y}"), "success")
            return redirect(url_for("console.settings_rules"), code=303)
        except DomainError as error:
            show_refusal(form, error, aliases=RULE_FIELDS)
    return _rules_page(form, 422)


@blp.post("/settings/rules/<id:version_id>/withdraw", endpoint="settings_rules_withdraw")
@page(Role.ADMIN)
def settings_rules_withdraw(version_id: int):
    try:
        fund_rules.withdraw(db(), version_id=version_id, today=today())
        flash(_l("Đã rút lại bộ quy định chưa áp dụng."), "success")
    except DomainError as error:
        flash(pick(error.message), "danger")
    return redirect(url_for("console.settings_rules"), code=303)
