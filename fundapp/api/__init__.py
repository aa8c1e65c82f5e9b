"""The JSON API under ``/api/v1``: flask-smorest blueprints, one per resource family.

Validation, the OpenAPI document (``/api/v1/openapi.json``) and the docs page (``/api/v1/docs``,
served from the swagger-ui-bundle package, nothing from a CDN) come from flask-smorest.
"""
from __future__ import annotations

from flask import Blueprint, Flask, render_template_string, send_from_directory
from flask_smorest import Api
from flask_smorest import Blueprint as ApiBlueprint

from ..auth import public
from . import errors

DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fundapp API</title>
<link rel="stylesheet" href="{{ url_for('api_docs.asset', filename='swagger-ui.css') }}"></head>
<body><div id="ui"></div><script src="{{ url_for('api_docs.asset', filename='swagger-ui-bundle.js') }}"></script>
<script>SwaggerUIBundle({url: "{{ url_for('api-docs.openapi_json') }}", dom_id: "#ui"});</script></body></html>"""


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error as ``application/problem+json``."""

    ERROR_SCHEMA = errors.ProblemSchema

    def handle_http_exception(self, error):
        return errors.http_problem(error)


def _docs_blueprint() -> Blueprint:
    import swagger_ui_bundle

    docs = Blueprint("api_docs", __name__)

    @docs.get("/api/v1/docs")
    @public
    def page():
        return render_template_string(DOCS_PAGE)

    @docs.get("/api/v1/docs/assets/<path:filename>")
    @public
    def asset(filename):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    return docs


def init_app(app: Flask) -> Api:
    from . import (application_actions, application_documents, applications, auth, borrowers, fund, holidays,
                   products, related_groups, schedules)
    from .common import IdConverter

    resources = (auth, fund, borrowers, related_groups, products, holidays, schedules, applications,
                 application_actions, application_documents)

    from . import loans, repayments  # the money engine (issue 4)

    resources += (loans, repayments)

    # restructuring, write-off and recoveries, recall, monitoring, the borrower's papers (issue 4)
    from . import loan_actions, loan_documents, restructurings

    resources += (restructurings, loan_actions, loan_documents)

    from . import jobs, notices  # end of day and notices (issue 5)

    resources += (jobs, notices)

    from . import debt_confirmations, reports  # reports (issue 6)

    resources += (reports, debt_confirmations)

    from . import imports  # bringing a loan book in from Excel (issue 8)

    resources += (imports,)
    app.url_map.converters["id"] = IdConverter  # ``<id:name>``: a positive id that fits the database
    # Query strings follow their schema's ``unknown`` (``Strict``: refused) as bodies do; webargs would
    # drop an unknown query parameter silently (``?asof=`` read as no date at all). Each of our
    # endpoints parses its query string with one schema, pagination included, so this is safe.
    parser = ApiBlueprint.ARGUMENTS_PARSER
    parser.DEFAULT_UNKNOWN_BY_LOCATION = {**parser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}
    api = ProblemApi(app, spec_kwargs={"info": {"description": "fundapp: cooperative development fund lending"}})
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearer": []}]
    for module in resources:
        api.register_blueprint(module.blp, url_prefix="/api/v1" + module.PREFIX)
    app.register_blueprint(_docs_blueprint())
    errors.register(app)
    app.extensions.setdefault("fundapp.on_conflict", errors.conflict_from_database)
    return api
