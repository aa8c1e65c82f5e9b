"""Loan products (sản phẩm cho vay), versioned: a change is a new version; loans keep theirs."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth import EVERYONE, current_user, roles
from ..db.models import Role
from ..domain.eligibility import BorrowerKind
from ..domain.schedule import FREQUENCIES
from ..domain.terms import CurrentOrder, Method, Prepayment
from ..services import products as service
from ..unit_of_work import db
from .common import MAX_DONG, Dong, PageArgs, RateField, Strict, Text, page_of, paginate

PREFIX = "/loan-products"
blp = Blueprint("loan_products", __name__, description="Sản phẩm cho vay / loan products")


class FactorField(RateField):
    """A multiplier as a decimal string (``"1.5"`` = 150% of the contractual rate)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            factor = Decimal(value)
        except InvalidOperation as error:
            raise self.make_error("invalid") from error
        if not factor.is_finite() or not 0 <= factor <= 10:
            raise ma.ValidationError("phải từ 0 đến 10 / must be between 0 and 10")
        return factor


Months = ma.validate.Range(min=0, max=service.MAX_TERM_MONTHS)
Frequency = ma.validate.OneOf(FREQUENCIES, error="0 (cuối kỳ / at maturity), 1, 3, 6 hoặc / or 12")


class ProductIn(Strict):
    code = Text(required=True, min_length=1, max_length=40, validate=ma.validate.Regexp(
        r"^[A-Za-z0-9._-]+$", error="chỉ chữ, số, '.', '_' và '-' / letters, digits, '.', '_' and '-' only"))
    name = Text(required=True, min_length=1, max_length=200)
    annual_rate = RateField(required=True, metadata={"description": "annual rate, above 0 and at most 0.20"})
    overdue_rate_factor = FactorField(metadata={"description": "1 to 1.5 (default 1.5)"})
    late_interest_rate = RateField(metadata={"description": "at most 0.10 a year (default 0.10)"})
    method = ma.fields.Enum(Method, by_value=True, required=True)
    principal_every = ma.fields.Integer(required=True, strict=True, validate=Frequency)
    interest_every = ma.fields.Integer(required=True, strict=True, validate=Frequency)
    min_term_months = ma.fields.Integer(required=True, strict=True, validate=Months)
    max_term_months = ma.fields.Integer(required=True, strict=True, validate=Months)
    max_amount = Dong(required=True)
    max_grace_months = ma.fields.Integer(strict=True, validate=Months)
    prepayment = ma.fields.Enum(Prepayment, by_value=True)
    current_order = ma.fields.Enum(CurrentOrder, by_value=True)
    working_day_roll = ma.fields.Boolean()
    allowed_kinds = ma.fields.List(ma.fields.Enum(BorrowerKind, by_value=True),
                                   validate=ma.validate.Length(min=1, max=4),
                                   metadata={"description": "borrower kinds the product is for (default: all four)"})


class ProductPatch(ProductIn):
    """Any of the settings; the others are kept from the version being changed."""


class ProductOut(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    version = ma.fields.Integer()
    current = ma.fields.Boolean()
    name = ma.fields.String()
    annual_rate = RateField()
    overdue_rate_factor = RateField()
    late_interest_rate = RateField()
    method = ma.fields.Enum(Method, by_value=True)
    principal_every = ma.fields.Integer()
    interest_every = ma.fields.Integer()
    min_term_months = ma.fields.Integer()
    max_term_months = ma.fields.Integer()
    max_amount = ma.fields.Integer(validate=ma.validate.Range(max=MAX_DONG))
    max_grace_months = ma.fields.Integer()
    prepayment = ma.fields.Enum(Prepayment, by_value=True)
    current_order = ma.fields.Enum(CurrentOrder, by_value=True)
    working_day_roll = ma.fields.Boolean()
    allowed_kinds = ma.fields.Function(lambda p: [k.value for k in service.allowed_kinds(p)])
    created_at = ma.fields.DateTime()


ProductPage = page_of(ProductOut, "ProductPage")


class ProductFilter(PageArgs):
    code = Text(max_length=40)
    method = ma.fields.Enum(Method, by_value=True)
    all_versions = ma.fields.Boolean(load_default=False, metadata={"description": "include replaced versions"})


@blp.route("")
class Products(MethodView):
    @roles(*EVERYONE)
    @blp.arguments(ProductFilter, location="query")
    @blp.response(200, ProductPage)
    def get(self, args):
        """Products (current versions; ``all_versions=true`` for their history)."""
        query = service.product_query(code=args.get("code"), all_versions=args["all_versions"],
                                      method=args.get("method"))
        return paginate(query, args, lambda row: row)

    @roles(Role.ADMIN)
    @blp.arguments(ProductIn)
    @blp.response(201, ProductOut)
    def post(self, data):
        """Create a product (version 1)."""
        return service.create_product(db(), created_by=current_user().id, **data)


@blp.route("/<id:product_id>")
class OneProduct(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, ProductOut)
    def get(self, product_id):
        """One product version."""
        return service.get_product(db(), product_id)

    @roles(Role.ADMIN)
    @blp.arguments(ProductIn)
    @blp.response(200, ProductOut)
    def put(self, data, product_id):
        """Replace the product's settings: a new version becomes current (409 on a replaced version)."""
        return service.change_product(db(), product_id, changed_by=current_user().id, replace=True, **data)

    @roles(Role.ADMIN)
    @blp.arguments(ProductPatch(partial=True))
    @blp.response(200, ProductOut)
    def patch(self, data, product_id):
        """Change some settings: a new version becomes current; loans keep the version they have."""
        return service.change_product(db(), product_id, changed_by=current_user().id, replace=False, **data)
