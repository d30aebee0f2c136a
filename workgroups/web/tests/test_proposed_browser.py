"""In a real browser (Debian's chromium through Playwright): staff create a group, which is
proposed with a clean drafted charter, then record its establishing resolution from the page
they land on, and the group is active."""

import os
import re

from workgroups.registry.models import Group
from workgroups.web.tests.test_edit_browser import shot, sign_in, tab  # noqa: F401

# Playwright's sync API keeps an event loop running in this thread, so Django takes the
# test's own (synchronous) ORM calls, and the test database's setup, for async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_staff_create_a_proposed_group_and_establish_it(tab, staff):  # noqa: F811
    page = tab
    sign_in(page, "staff", "/edit/groups/new/")
    page.get_by_label("Name").fill("Docs Work Group")
    page.get_by_label("Purpose").fill("Keep the Python documentation welcoming.")
    page.get_by_label("Comment").fill("proposed at the May meeting")
    page.get_by_role("button", name="Create the group").click()

    # The page it lands on offers the establishing resolution first.
    page.wait_for_url(re.compile(r"/groups/docs-work-group/edit/$"))
    main = page.locator("main")
    assert "Docs Work Group is proposed" in main.inner_text()
    record = page.get_by_role("link", name="Record the establishing resolution")
    assert record.is_visible()
    shot(page, "proposed-hub")

    # The directory lists it under Proposed; its page says Proposed; the charter is clean.
    page.goto("/")
    assert "Docs Work Group" in page.locator("#section-proposed").locator("..").inner_text()
    assert page.get_by_role("link", name="Proposed 1").is_visible()
    page.goto("/groups/docs-work-group/")
    assert page.locator(".status").first.inner_text() == "Proposed"
    page.locator("#charter").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/groups/docs-work-group/.+"))
    charter = page.locator("main").inner_text()
    for section in ("Purpose & Common Goals", "Membership", "Decision Making", "Reporting"):
        assert section in charter
    assert "Keep the Python documentation welcoming." in charter
    assert "wiki" not in charter.lower() and "Contents" not in charter
    assert "To be completed when the PSF Board approves" in charter
    shot(page, "proposed-charter")

    page.goto("/groups/docs-work-group/edit/")
    page.get_by_role("link", name="Record the establishing resolution").click()
    page.wait_for_url(re.compile(r"/edit/resolutions/new/"))
    page.get_by_label("Kind").select_option("establishing")
    page.get_by_label("Date").fill("2024-05-02")
    page.get_by_label("Text").fill("RESOLVED, that the PSF form the Docs Work Group.")
    page.get_by_role("textbox", name="Members").fill("Ann Able, chair")
    page.get_by_role("button", name="Record the resolution").click()
    page.wait_for_url(re.compile(r"/groups/docs-work-group/$"))

    assert page.locator(".status").first.inner_text() == "Active"
    group = Group.objects.get(slug="docs-work-group")
    assert (group.status, group.formed.iso()) == ("active", "2024-05-02")
    assert "Established by the PSF Board's resolution of 2 May 2024." in (
        group.pages.get(kind="charter").body
    )
    assert page.errors == []
