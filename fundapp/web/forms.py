"""Form fields that read đồng and dd/mm/yyyy, and the bridge from a refused service call to the
field at fault. Forms only parse and check shapes; every business rule stays in the services,
whose ``DomainError.field`` names the input to mark."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import TextInput

from ..domain.errors import DomainError
from ..domain.money import parse_dong
from .formatting import day as show_day
from .formatting import parse_day
from .i18n import pick

MAX_DONG = 10**15
REQUIRED = _l("Cần nhập mục này.")


class Required(InputRequired):
    """Something must be typed, and only spaces is nothing (a date, an amount or a name of spaces
    would otherwise pass as given and reach the service empty)."""

    def __call__(self, form, field):
        typed = field.raw_data[0] if field.raw_data else ""
        if isinstance(typed, str) and not typed.strip():
            field.errors[:] = []
            raise StopValidation(self.message)
        super().__call__(form, field)


def required():
    return Required(message=REQUIRED)


class DongField(Field):
    """An amount in whole đồng: ``1.500.000``, ``1500000`` or ``1.500.000 đ``."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, allow_zero: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {}).update(inputmode="numeric", autocomplete="off")
        super().__init__(label, validators, **kwargs)
        self.allow_zero = allow_zero
        self.raw = ""

    def _value(self):
        if self.raw:
            return self.raw
        return "" if self.data is None else f"{self.data:,}".replace(",", ".")

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        try:
            amount = parse_dong(self.raw)
        except ValueError as error:
            raise ValueError(_l("Số tiền không hợp lệ: hãy nhập số đồng, ví dụ 1.500.000 hoặc 1500000.")) from error
        low = 0 if self.allow_zero else 1
        if not low <= amount <= MAX_DONG:
            raise ValueError(_l("Số tiền phải lớn hơn 0 đồng.") if amount < low else _l("Số tiền quá lớn."))
        self.data = amount


class _TypedField(StringField):
    """A text input for a value typed in a fixed form: keeps what was typed (``raw``) to show it
    again next to its error; ``input_attrs`` and ``hint`` say how to type it."""

    input_attrs: dict = {}
    hint = None

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).update(self.input_attrs, autocomplete="off")
        if self.hint is not None:
            kwargs.setdefault("description", self.hint)
        super().__init__(label, validators, **kwargs)
        self.raw = ""


class DayField(_TypedField):
    """A date typed as dd/mm/yyyy (the ISO form is accepted too)."""

    input_attrs = {"placeholder": "dd/mm/yyyy"}
    hint = _l("Ngày dạng dd/mm/yyyy")

    def _value(self):
        return self.raw or show_day(self.data)

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        try:
            self.data = parse_day(self.raw)
        except (ValueError, TypeError) as error:
            raise ValueError(_l("Ngày không hợp lệ: hãy nhập dd/mm/yyyy, ví dụ 30/06/2025.")) from error
        if not 1900 <= self.data.year <= 2100:
            self.data = None
            raise ValueError(_l("Ngày không hợp lệ: hãy nhập dd/mm/yyyy, ví dụ 30/06/2025."))


class PercentField(_TypedField):
    """A rate typed as a percentage: ``7``, ``7,5``, ``7.5`` or ``7,5%`` → ``Decimal("0.075")``.
    Only the shape is checked here (a number from 0 to 100); the limits are the service's."""

    input_attrs = {"inputmode": "decimal"}

    def _value(self):
        if self.raw:
            return self.raw
        if self.data is None:
            return ""
        return f"{self.data * 100:f}".rstrip("0").rstrip(".").replace(".", ",")

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        try:
            value = Decimal(self.raw.removesuffix("%").strip().replace(",", "."))
        except InvalidOperation as error:
            raise ValueError(_l("Tỷ lệ không hợp lệ: hãy nhập số phần trăm, ví dụ 7 hoặc 7,5.")) from error
        if not value.is_finite() or not 0 <= value <= 1000:
            raise ValueError(_l("Tỷ lệ không hợp lệ: hãy nhập số phần trăm, ví dụ 7 hoặc 7,5."))
        self.data = value / 100


class MonthField(_TypedField):
    """A month typed as ``mm/yyyy`` (``yyyy-mm`` is accepted too); ``data`` is ``"yyyy-mm"``."""

    input_attrs = {"placeholder": "mm/yyyy"}
    hint = _l("Tháng dạng mm/yyyy, ví dụ 06/2025")

    def _value(self):
        return f"{self.data[5:]}/{self.data[:4]}" if self.data else self.raw

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw:
            return
        text = self.raw
        if "/" in text:
            month, _, year = text.partition("/")
            text = f"{year.strip()}-{month.strip().zfill(2)}"
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit() or not 1 <= int(text[5:]) <= 12:
            raise ValueError(_l("Tháng không hợp lệ: hãy nhập mm/yyyy, ví dụ 06/2025."))
        self.data = text


def months(label, *, low: int = 0, high: int = 360, needed: bool = True, default=None):
    return IntegerField(label, [required() if needed else Optional(),
                                NumberRange(min=low, max=high, message=_l("Số tháng từ %(min)s đến %(max)s."))],
                        default=default, render_kw={"inputmode": "numeric"})


def text(label, *, max_length: int, needed: bool = True, area: bool = False):
    validators = [required() if needed else Optional(),
                  Length(max=max_length, message=_l("Tối đa %(max)d ký tự."))]
    return (TextAreaField if area else StringField)(label, validators, filters=[lambda v: v.strip() if v else v])


def choice(label, options, *, needed: bool = True, coerce=str):
    return SelectField(label, [required() if needed else Optional()], choices=options, coerce=coerce,
                       validate_choice=True)


class Form(FlaskForm):
    """Every page form: CSRF-protected (Flask-WTF), errors kept per field."""

    def values(self, *names: str) -> dict:
        return {name: self[name].data for name in names}


def show_refusal(form: FlaskForm, error: DomainError, *, aliases: dict[str, str] | None = None) -> None:
    """Put a service's refusal next to the field it names, else above the form."""
    name = (aliases or {}).get(error.field or "", error.field)
    message = pick(error.message)
    if name and name in form._fields:
        form[name].errors = list(form[name].errors or []) + [message]
    else:
        form.form_errors.append(message)
