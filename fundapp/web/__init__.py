"""Server-rendered pages: the officers' console and the cooperatives' portal.

Jinja templates with Bootstrap 5 served locally by Bootstrap-Flask (nothing from a CDN),
Vietnamese first and English by a switch (Flask-Babel; the English catalogue is compiled in
memory from ``translations/en/LC_MESSAGES/messages.po``), CSRF on every form (Flask-WTF), and the
same services as the API: a view parses a form, calls a service, and renders what it returns.

- ``guard``: who is signed in (session with idle and absolute timeouts), ``@page(*roles)``;
- ``throttle``: login attempts limited per (email, address), so nobody can lock another out;
- ``forms`` and ``formatting``: đồng and dd/mm/yyyy in and out;
- ``site`` (sign in, language), ``console`` (officers), ``portal`` (cooperatives): the pages.
"""
from __future__ import annotations

from flask import Flask

WEB_DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "BOOTSTRAP_SERVE_LOCAL": True,  # Bootstrap 5 from the Bootstrap-Flask package, never a CDN
    "BOOTSTRAP_BTN_STYLE": "primary",
    "WTF_CSRF_CHECK_DEFAULT": False,  # pages are checked by their blueprints; the API uses bearer tokens
    "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the session, which has its own timeouts
    "WEB_IDLE_MINUTES": 30,
    "WEB_ABSOLUTE_HOURS": 12,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_MINUTES": 15,
}


def init_app(app: Flask) -> None:
    from flask_bootstrap import Bootstrap5
    from flask_wtf.csrf import CSRFProtect

    from . import console, errors, formatting, guard, i18n, labels, portal, site, throttle

    for key, value in WEB_DEFAULTS.items():
        app.config.setdefault(key, value)
    i18n.init_app(app)
    Bootstrap5(app)
    csrf = CSRFProtect(app)
    app.extensions["fundapp.web.throttle"] = throttle.LoginThrottle(
        max_failures=int(app.config["LOGIN_MAX_FAILURES"]), window_minutes=int(app.config["LOGIN_WINDOW_MINUTES"]))
    formatting.register(app)
    labels.register(app)
    guard.register(app)
    for blueprint in (site.blp, console.blp, portal.blp):
        app.register_blueprint(blueprint)
        # On the app, not the module-level blueprint: a second app in one process (a script, a
        # benchmark) gets its own check instead of Flask refusing to set up a registered blueprint.
        app.before_request_funcs.setdefault(blueprint.name, []).append(_csrf_check(csrf))
    _static_files_are_public(app)
    errors.register(app)


def _static_files_are_public(app: Flask) -> None:
    """Stylesheets (ours and Bootstrap's, from its package) are public, as the route walk requires."""
    from ..auth import public

    for endpoint in ("site.static", "bootstrap.static"):
        serve = app.view_functions[endpoint]
        app.view_functions[endpoint] = public(lambda filename, _serve=serve: _serve(filename))


def _csrf_check(csrf):
    from flask import request

    def check():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()

    return check
