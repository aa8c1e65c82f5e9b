"""Error pages in HTML for the pages; the API keeps its problem+json (``api.errors``) unchanged.

The API registers application-wide handlers. We wrap them: a request under ``/api/`` goes to the
API's handler exactly as before, any other gets a page. A refused service call on a page that did
not turn it into form errors is shown with its status (404 for what the reader may not see, 403,
409, 422), and the request's transaction is rolled back as for any status of 400 or more.
"""
from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError, NotAllowed, NotFound, StateConflict
from .i18n import pick

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    403: _l("Không được phép"),
    404: _l("Không tìm thấy trang"),
    405: _l("Không được phép"),
    409: _l("Không thực hiện được lúc này"),
    422: _l("Không thực hiện được"),
    429: _l("Thử lại sau"),
    500: _l("Lỗi hệ thống"),
}
DETAILS = {
    400: _l("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại."),
    403: _l("Vai trò của bạn không được làm việc này."),
    404: _l("Trang hoặc hồ sơ bạn tìm không có, hoặc bạn không được xem."),
    500: _l("Đã có lỗi; hãy báo cho quản trị hệ thống."),
}


def is_page_request() -> bool:
    return not request.path.startswith("/api/")


def error_page(status: int, detail=None):
    title = TITLES.get(status, TITLES[400 if status < 500 else 500])
    body = render_template("error.html", status=status, title=title,
                           detail=detail or DETAILS.get(status) or DETAILS.get(400 if status < 500 else 500))
    return body, status


def domain_status(error: DomainError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, StateConflict):
        return 409
    return 422


def register(app: Flask) -> None:
    spec = app.error_handler_spec.setdefault(None, {}).setdefault(None, {})
    api_http = spec.get(HTTPException)
    api_domain = spec.get(DomainError)
    api_any = spec.get(Exception)

    def on_http(error: HTTPException):
        if not is_page_request() and api_http is not None:
            return api_http(error)
        if isinstance(error, CSRFError):
            return error_page(400)
        if not is_page_request():
            return error
        return error_page(error.code or 500)

    def on_domain(error: DomainError):
        if not is_page_request() and api_domain is not None:
            return api_domain(error)
        status = domain_status(error)
        return error_page(status, None if status == 404 else pick(error.message))

    def on_any(error: Exception):
        if isinstance(error, HTTPException):
            return on_http(error)
        if not is_page_request() and api_any is not None:
            return api_any(error)
        log.exception("unexpected error on a page")
        return error_page(500)

    app.register_error_handler(HTTPException, on_http)
    app.register_error_handler(DomainError, on_domain)
    app.register_error_handler(Exception, on_any)
