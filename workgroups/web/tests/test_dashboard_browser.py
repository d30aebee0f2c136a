"""The board's dashboard in a real browser (Debian's chromium): every group in one table,
most urgent first, sorted again by a column's header; a seat ends only after a confirmation."""

import os
import re

import pytest

from workgroups.lib.vocabulary import Role
from workgroups.registry.models import Group, Membership
from workgroups.tests.factories import make_group, make_person, make_resolution, seat
from workgroups.web.tests.standards import axe_script
from workgroups.web.tests.test_dashboard import YEARLY
from workgroups.web.tests.test_edit_browser import shot, sign_in, tab  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def groups(group, chair):
    overdue = make_group(name="Overdue Work Group", slug="overdue", formed="2020-01-01")
    make_resolution(overdue, text=YEARLY, date="2020-01-01")
    make_group(name="Alpha Work Group", slug="alpha", formed="2015", confirmed="2026-01-02")
    make_group(name="Gone Work Group", slug="gone", status=Group.Status.DISSOLVED)
    return overdue


def rows(page) -> list[str]:
    return page.locator("table.edit-dashboard tbody th[scope=row]").all_inner_texts()


def test_staff_see_every_group_and_sort_the_table(tab, groups, staff):  # noqa: F811
    page = tab
    sign_in(page, "staff", "/edit/")
    assert page.locator("h1").inner_text() == "All groups"
    assert rows(page)[0] == "Overdue Work Group"
    assert set(rows(page)) == {
        "Overdue Work Group",
        "Alpha Work Group",
        "Testing Work Group",
        "Gone Work Group",
    }
    overdue = page.locator("tr", has_text="Overdue Work Group")
    assert "overdue since 1 Jan 2021" in overdue.inner_text()
    shot(page, "dashboard")

    page.get_by_role("columnheader", name="Group").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/edit/\?sort=name$"))
    assert rows(page) == sorted(rows(page))
    header = page.get_by_role("columnheader", name="Group")
    assert header.get_attribute("aria-sort") == "ascending"

    page.get_by_role("columnheader", name="Open findings").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/edit/\?sort=findings$"))
    assert rows(page)[0] == "Overdue Work Group"

    overdue = page.locator("tr", has_text="Overdue Work Group")
    overdue.get_by_role("link", name="Approve the roster of Overdue Work Group").click()
    page.wait_for_url(re.compile(r"/groups/overdue/edit/roster/approve/$"))
    assert page.errors == []


def test_the_staff_dashboard_has_no_serious_accessibility_violation(
    browser, live_server, groups, staff
):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, "staff", "/edit/")
        page.add_script_tag(path=str(axe_script()))
        found = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.help)"""
        )
        assert found == []
    finally:
        context.close()


def test_ending_a_seat_asks_in_a_dialog_first(tab, group, chair):  # noqa: F811
    page = tab
    ada = seat(group, make_person("Ada Lovelace"), Role.SECRETARY, "2019-03")
    sign_in(page, "chair", "/groups/testing/edit/roster/")
    row = page.locator("tr", has_text="Ada Lovelace")
    row.get_by_label("End on").fill("2024-05-01")
    row.get_by_role("button", name="End Ada Lovelace's membership").click()
    dialog = page.locator("#end-dialog")
    assert dialog.is_visible()
    assert "End Ada Lovelace's membership as secretary on 2024-05-01?" in dialog.inner_text()
    shot(page, "end-dialog")

    dialog.get_by_role("button", name="Cancel").click()
    assert not dialog.is_visible()
    assert Membership.objects.get(pk=ada.pk).end is None

    row.get_by_role("button", name="End Ada Lovelace's membership").click()
    dialog.get_by_role("button", name="End the membership").click()
    page.wait_for_url(re.compile(r"/edit/roster/$"))
    assert "Ada Lovelace's membership ended." in page.locator(".messages").inner_text()
    assert Membership.objects.get(pk=ada.pk).end.iso() == "2024-05-01"
    assert page.errors == []
