"""Schemathesis fuzzes every operation of our own OpenAPI document: no 5xx, and every response
matches the schema it documents. Runs as an admin (the accountant for money) so the generated
requests reach the code behind the role checks."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES_PER_OPERATION = 30


def test_no_operation_answers_5xx_or_breaks_its_documented_schema(app, admin, accountant):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        caller = accountant if operation.method.upper() == "POST" and "capital" in operation.path else admin

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {caller.token}"},
                                   checks=[not_a_server_error, response_schema_conformance])

        fuzz()
