"""A second app in one process (a script, a benchmark beside the tests) is set up as fully as the
first: its pages answer and still refuse a form posted without its CSRF token."""
from __future__ import annotations

from fundapp.app import create_app
from fundapp.db import migrate


def test_a_second_app_in_the_same_process_serves_its_pages_and_checks_their_forms(app, tmp_path):
    url = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    migrate.upgrade(url)
    second = create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "FUNDAPP_TODAY": "2025-06-30"})

    for one in (app, second):
        client = one.test_client()
        assert client.get("/login").status_code == 200
        refused = client.post("/login", data={"email": "ketoan@quy.test", "password": "sai"})
        assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True).upper()
