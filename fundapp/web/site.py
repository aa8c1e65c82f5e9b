"""Sign in, sign out, the language switch, and the front door that sends each role to its pages."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from ..auth import EVERYONE, public
from ..db.models import Role
from ..services import users as user_service
from ..unit_of_work import db
from .forms import REQUIRED, Form
from .guard import current_user, end_session, page, safe_next, start_session
from .i18n import LANGUAGES

blp = Blueprint("site", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static/web")

WRONG = _l("Email hoặc mật khẩu không đúng.")  # the same whether the email exists or not


class LoginForm(Form):
    email = StringField(_l("Email"), [InputRequired(message=REQUIRED), Length(max=254)],
                        render_kw={"autocomplete": "username", "inputmode": "email"})
    password = PasswordField(_l("Mật khẩu"), [InputRequired(message=REQUIRED), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})


def _home_for(role: Role) -> str:
    return url_for("portal.home") if role is Role.BORROWER else url_for("console.dashboard")


@blp.get("/")
@page(*EVERYONE)
def home():
    return redirect(_home_for(current_user().role), code=303)


@blp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if request.method == "GET":
        return render_template("login.html", form=form)
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 422
    throttle = current_app.extensions["fundapp.web.throttle"]
    email, address = form.email.data, request.remote_addr
    wait = throttle.wait_seconds(email, address)
    if wait:
        form.form_errors.append(_l("Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)s phút.",
                                   minutes=(wait + 59) // 60))
        return render_template("login.html", form=form), 429
    user = user_service.authenticate(db(), email=email, password=form.password.data)
    if user is None:
        throttle.failed(email, address)
        form.form_errors.append(WRONG)
        return render_template("login.html", form=form), 422
    throttle.succeeded(email, address)
    start_session(user)
    return redirect(safe_next(request.args.get("next")) or _home_for(user.role), code=303)


@blp.post("/logout")
@public
def logout():
    end_session()
    flash(_l("Bạn đã đăng xuất."), "info")
    return redirect(url_for("site.login"), code=303)


@blp.post("/language")
@public
def choose_language():
    chosen = request.form.get("lang", "vi")
    session["lang"] = chosen if chosen in LANGUAGES else "vi"
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("site.login"), code=303)
