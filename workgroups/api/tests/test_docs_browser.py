"""The interactive docs in Debian's chromium, with the site's CSP on and no outside network."""

import os

import pytest

# Playwright's sync API keeps an event loop running in this thread, so Django takes the
# test's own (synchronous) ORM calls, and the test database's setup, for async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db


def test_it_shows_the_docs_in_a_browser_under_the_csp(live_server, page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert "/api/v1/groups/{slug}" in page.locator(".opblock-summary-path").all_inner_texts()
    page.locator(".opblock-summary").first.click()
    page.get_by_text("Try it out").click()
    page.get_by_text("Execute").click()
    page.wait_for_selector(".live-responses-table .response .microlight")
    assert (
        page.locator(".live-responses-table .response .response-col_status").first.inner_text()
        == "200"
    )
    assert errors == []  # a CSP violation would be a console error
    assert outside == []
