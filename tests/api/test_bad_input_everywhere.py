"""Every endpoint that takes a JSON body answers a bad one with problem+json naming the field,
and leaves every table as it was. Walks the OpenAPI document, so new endpoints are covered too."""
from __future__ import annotations

import re


def json_operations(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":  # path-level parameters (ids), not an operation
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body and path != "/api/v1/auth/token":
                yield method.upper(), re.sub(r"\{[^}]+\}", "1", path)


def test_every_json_endpoint_names_an_unknown_field_and_changes_nothing(app, admin, accountant, row_counts):
    checked = 0
    before = row_counts()
    for method, url in json_operations(app):
        for caller in (admin, accountant):
            response = caller.client.open(url, method=method, json={"truong_la": 1},
                                          headers={"Authorization": f"Bearer {caller.token}"})
            if response.status_code in (403, 404):  # this role may not, or nothing has id 1: try the other
                continue
            assert response.status_code == 422, (method, url, response.status_code, response.json)
            assert response.content_type == "application/problem+json"
            assert "truong_la" in response.json["errors"], (method, url, response.json)
            checked += 1
            break
    assert checked >= 1
    assert row_counts() == before


def test_every_json_endpoint_answers_a_body_that_is_not_json_with_422_saying_so_and_changes_nothing(app, admin, accountant, row_counts):
    checked = 0
    before = row_counts()
    for method, url in json_operations(app):
        for caller in (admin, accountant):
            headers = {"Authorization": f"Bearer {caller.token}"}
            broken = caller.client.open(url, method=method, data="{amount: 5", content_type="application/json",
                                        headers=headers)
            if broken.status_code in (403, 404):
                continue
            assert broken.status_code == 422, (method, url, broken.status_code, broken.json)
            assert broken.content_type == "application/problem+json" and broken.json["errors"], (method, url)
            plain = caller.client.open(url, method=method, data='{"amount": 5}', content_type="text/plain",
                                       headers=headers)
            assert plain.status_code == 422, (method, url, plain.status_code)
            assert "application/json" in " ".join(plain.json["errors"]["_schema"]), (method, url, plain.json)
            checked += 1
            break
    assert checked >= 20
    assert row_counts() == before


def test_every_query_string_names_an_unknown_parameter_instead_of_ignoring_it(app, admin):
    spec = app.test_client().get("/api/v1/openapi.json").json
    checked = 0
    for path, item in spec["paths"].items():
        operation = item.get("get", {})
        if not any(p.get("in") == "query" for p in operation.get("parameters", [])):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = admin.get(f"{url}?asof=2025-06-30")  # a typo of as_of: never read as "no date given"
        if response.status_code == 404:  # nothing has id 1
            continue
        assert response.status_code == 422, (url, response.status_code)
        assert response.content_type == "application/problem+json" and "asof" in response.json["errors"], url
        checked += 1
    assert checked >= 10
