"""Every list answers one page of its items, under the OpenAPI component name clients generated
their code from (``common.page_of``): renaming one would break them without a line of ours failing."""
from __future__ import annotations

PAGES = {"ApplicationPage": "ApplicationOut", "BatchPage": "BatchOut", "BorrowerPage": "BorrowerOut",
         "DayPage": "DayOut", "GroupPage": "GroupOut", "LoanPage": "LoanOut", "NoticePage": "Notice",
         "ProductPage": "ProductOut", "RunPage": "Run"}


def test_each_page_keeps_its_component_name_and_holds_its_items_page_per_page_and_total(app):
    schemas = app.test_client().get("/api/v1/openapi.json").json["components"]["schemas"]

    assert {name for name in schemas if name.endswith("Page")} == set(PAGES)
    for page, item in PAGES.items():
        assert schemas[page]["properties"] == {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "page": {"type": "integer"}, "per_page": {"type": "integer"}, "total": {"type": "integer"}}, page

