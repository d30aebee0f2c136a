"""Editing in a real browser (Debian's chromium through Playwright, never a downloaded one).

A chair fixes a roster; a staff member records a resolution that dissolves a group; a member
writes meeting notes with the live preview. Each runs against Django's live server with the
page CSP on, and fails on any console error (a CSP violation would be one).
"""

import os
import re

import pytest

from workgroups.registry.models import Group, Membership, Page, Person
from workgroups.web.tests.test_edit_safety import hostile, hostile_urls  # noqa: F401

# Playwright's sync API keeps an event loop running in this thread, so Django takes the
# test's own (synchronous) ORM calls, and the test database's setup, for async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def tab(django_db_setup, live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.errors = errors
    yield page
    context.close()


def sign_in(page, username, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def shot(page, name):
    from workgroups.web.tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"edit-{name}.png"), full_page=True)


@pytest.fixture
def roster(group):
    ada = Person.objects.create(name="Ada Lovelace", slug="ada-lovelace")
    bob = Person.objects.create(name="Bob Baker", slug="bob-baker")
    Membership.objects.create(person=ada, group=group, role="member", start="2019-03")
    Membership.objects.create(person=bob, group=group, role="member", start="2019-03")
    return group


def test_a_chair_fixes_the_roster(tab, roster, chair):
    page = tab
    sign_in(page, "chair", "/groups/testing/edit/")
    page.get_by_role("link", name=re.compile("^Roster")).click()
    page.wait_for_url(re.compile(r"/edit/roster/$"))
    assert page.locator("h1").inner_text() == "Roster of Testing Work Group"
    shot(page, "roster")

    # Ada has left: end her membership.
    row = page.locator("tr", has_text="Ada Lovelace")
    row.get_by_label("End on").fill("2024-05-01")
    row.get_by_role("button", name="End Ada Lovelace's membership").click()
    page.locator("#end-dialog").get_by_role("button", name="End the membership").click()
    page.wait_for_url(re.compile(r"/edit/roster/$"))
    assert "Ada Lovelace's membership ended." in page.locator(".messages").inner_text()
    assert page.locator("tbody tr", has_text="Ada Lovelace").count() == 0

    # Grace joins as co-chair; Bob becomes secretary (a role change).
    page.get_by_label("Person").fill("Grace Hopper")
    page.get_by_label("Role").select_option("co-chair")
    page.get_by_label("Start").fill("2024-05-01")
    page.get_by_label("Comment").fill("elected at the May meeting")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/roster/(#add)?$"))
    page.get_by_label("Person").fill("bob baker")
    page.get_by_label("Role").select_option("secretary")
    page.get_by_label("Start").fill("2024-05-01")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/roster/(#add)?$"))

    # A mistake is shown on its field, and nothing is written.
    page.get_by_label("Person").fill("Someone")
    page.get_by_label("Start").fill("2024-02-30")
    page.get_by_role("button", name="Add", exact=True).click()
    assert "February 2024 has no day 30" in page.locator(".edit-field-start").inner_text()
    assert not Person.objects.filter(name="Someone").exists()

    current = {
        m.person.name: m.role for m in Membership.objects.filter(group=roster, end__isnull=True)
    }
    assert current == {"Carla Chair": "chair", "Grace Hopper": "co-chair", "Bob Baker": "secretary"}
    assert Membership.objects.filter(person__slug="bob-baker").count() == 2  # ended, not deleted
    grace = Membership.objects.get(person__name="Grace Hopper")
    assert grace.history.latest().history_change_reason == "elected at the May meeting"

    page.goto("/groups/testing/history/")
    assert "Membership of Grace Hopper (co-chair)" in page.content()
    assert "Revert" not in page.content()  # chairs do not revert
    shot(page, "roster-history")
    assert page.errors == []


def test_a_staff_member_records_a_resolution_that_dissolves_a_group(tab, roster, chair, staff):
    page = tab
    sign_in(page, "staff", "/groups/testing/edit/")
    page.get_by_role("link", name="Record a resolution").click()
    page.wait_for_url(re.compile(r"/edit/resolutions/new/$"))
    page.get_by_label("Kind").select_option("dissolving")
    page.get_by_label("Title").fill("Dissolution of the Testing Work Group")
    page.get_by_label("Date").fill("2024-06-15")
    page.get_by_label("Text").fill("RESOLVED, that the Testing Work Group is dissolved.")
    page.get_by_label("Yes", exact=True).fill("9")
    page.get_by_label("No", exact=True).fill("0")
    page.get_by_label("Abstain").fill("1")
    page.get_by_label("Medium").fill("board meeting")
    page.get_by_label("Comment").fill("minutes of June 2024")
    shot(page, "resolution")
    page.get_by_role("button", name="Record the resolution").click()
    page.wait_for_url(re.compile(r"/groups/testing/$"))

    group = Group.objects.get(slug="testing")
    assert (group.status, group.dissolved.iso()) == ("dissolved", "2024-06-15")
    seats = Membership.objects.filter(group=group)
    assert seats.count() == 3
    assert {s.end.iso() for s in seats} == {"2024-06-15"}
    resolution = group.resolutions.get()
    assert resolution.vote == {"yes": 9, "no": 0, "abstain": 1}
    assert "dissolved" in page.locator("main").inner_text().lower()

    # The history says who did it and why; staff may revert from there.
    page.goto("/groups/testing/history/")
    text = page.locator("main").inner_text()
    assert "by staff" in text and "Why: minutes of June 2024" in text
    assert page.get_by_role("button", name="Revert").count() > 0
    shot(page, "history")

    # The former chair cannot edit the roster any more.
    group.refresh_from_db()
    assert page.errors == []


def test_a_member_writes_meeting_notes_with_a_live_preview(tab, group, member):
    page = tab
    sign_in(page, "member", "/groups/testing/edit/pages/new/?kind=minutes")
    assert page.get_by_label("Kind").input_value() == "minutes"
    page.get_by_label("Date").fill("2024-03-05")
    body = page.get_by_label("Body")
    body.fill("# Decisions\n\n- adopt **the plan**\n\n<script>alert('x')</script>")
    preview = page.locator("#preview")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "the plan"
    assert preview.locator("script").count() == 0
    shot(page, "notes-preview")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/groups/testing/pages/2024-03-05"))
    notes = Page.objects.get(group=group, kind="minutes")
    assert notes.title == "Meeting 5 March 2024"
    assert notes.history.latest().history_user.username == "member"
    assert page.errors == []


@pytest.mark.usefixtures("hostile")
def test_hostile_input_runs_nothing_in_a_real_browser(tab):
    """The XSS corpus, saved through the forms and the API, on the real pages in chromium:
    no dialog, no console error (a CSP violation would be one), no script link or frame."""
    for url in hostile_urls():
        tab.goto(url)
        tab.wait_for_load_state("load")
        for link in tab.locator("a[href^='javascript'], iframe, object, embed").all():
            raise AssertionError(f"{url}: {link.evaluate('e => e.outerHTML')}")
    assert tab.errors == []
