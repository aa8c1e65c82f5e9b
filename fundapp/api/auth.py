"""Bearer tokens: ``POST /auth/token`` signs in, ``POST /auth/revoke`` ends a token, ``GET /auth/me``."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from ..auth import EVERYONE, current_user, public, roles
from ..services import users as user_service
from ..unit_of_work import db
from .common import Strict, Text

PREFIX = "/auth"
blp = Blueprint("auth", __name__, description="Đăng nhập / sign in")


class Credentials(Strict):
    email = Text(required=True, min_length=3, max_length=254)
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024), load_only=True)


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_at = ma.fields.DateTime()


class MeSchema(ma.Schema):
    id = ma.fields.Integer()
    email = ma.fields.String()
    full_name = ma.fields.String()
    role = ma.fields.Function(lambda u: u.role.value)
    borrower_id = ma.fields.Integer(allow_none=True)


@blp.route("/token")
class Token(MethodView):
    @public
    @blp.arguments(Credentials)
    @blp.response(201, TokenSchema)
    @blp.alt_response(401, description="Sai email hoặc mật khẩu / wrong email or password")
    def post(self, credentials):
        """Sign in with email and password; the same answer whether the email exists or not."""
        user = user_service.authenticate(db(), email=credentials["email"], password=credentials["password"])
        if user is None:
            abort(401, message="Email hoặc mật khẩu không đúng / wrong email or password")
        token, expires_at = user_service.issue_token(
            db(), user=user, lifetime_hours=current_app.config["TOKEN_LIFETIME_HOURS"])
        return {"access_token": token, "token_type": "Bearer", "expires_at": expires_at}


@blp.route("/revoke")
class Revoke(MethodView):
    @roles(*EVERYONE)
    @blp.response(204)
    def post(self):
        """Revoke the token this request carries."""
        user_service.revoke_token(db(), request.headers["Authorization"].split(" ", 1)[1].strip())


@blp.route("/me")
class Me(MethodView):
    @roles(*EVERYONE)
    @blp.response(200, MeSchema)
    def get(self):
        """Who the token belongs to."""
        return current_user()
