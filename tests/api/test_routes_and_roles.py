"""Every route declares who may call it, and the roles table of api.md holds for every route."""
from __future__ import annotations

import re


from fundapp.auth import declared_roles

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def operations(app):
    """(method, url with ids filled in, endpoint) for every registered API route."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.endpoint.startswith("api_docs") or "openapi" in rule.endpoint:
            continue
        url = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint


def test_every_registered_route_declares_the_roles_that_may_call_it(app):
    undeclared = []
    for rule in app.url_map.iter_rules():
        declared = declared_roles(rule.endpoint, app.view_functions[rule.endpoint])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            roles = declared.get(method, declared.get("*"))
            if roles is None:
                undeclared.append(f"{method} {rule.rule}")
    assert undeclared == []


def test_without_a_token_every_api_route_but_sign_in_answers_401(app, anonymous):
    for method, url, endpoint in operations(app):
        if endpoint == "auth.Token":
            continue
        response = anonymous.client.open(url, method=method, json={})
        assert response.status_code == 401, (method, url, response.status_code)
        assert response.content_type == "application/problem+json"


def test_an_auditor_is_refused_every_request_that_would_change_data(app, auditor, row_counts):
    before = row_counts()
    for method, url, endpoint in operations(app):
        if method not in MUTATING or endpoint in ("auth.Token", "auth.Revoke"):
            continue
        response = auditor.client.open(url, method=method, json={}, headers={"Authorization": f"Bearer {auditor.token}"})
        assert response.status_code == 403, (method, url, response.status_code, response.json)
    after = row_counts()
    before.pop("audit_records"), after.pop("audit_records")
    assert before == after
