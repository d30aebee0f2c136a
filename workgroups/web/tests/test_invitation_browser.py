"""An invitation in a real browser (Debian's chromium through Playwright): staff invite a chair
from the roster, the chair opens the e-mailed link, chooses a password and edits at once.

Django's live server runs in this process (a thread of the test run), and pytest-django sets
the locmem e-mail backend for the test run, so the invitation the server sends is read from
`mail.outbox` here.
"""

import os
import re

from django.core import mail

from workgroups.lib.vocabulary import Role
from workgroups.registry.models import Group, Person
from workgroups.tests.factories import make_person, seat
from workgroups.web.tests.test_edit_browser import shot, sign_in, tab  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_staff_invite_a_chair_who_then_confirms_the_record(tab, browser, live_server, group, staff):  # noqa: F811
    page = tab
    seat(group, make_person("Ada Lovelace"), Role.CHAIR, "2024-05")
    sign_in(page, "staff", "/groups/testing/edit/roster/")
    page.get_by_role("link", name="Invite Ada Lovelace").click()
    page.wait_for_url(re.compile(r"/edit/roster/\d+/invite/$"))
    assert page.locator("h1").inner_text() == "Invite Ada Lovelace to sign in"
    page.get_by_label("E-mail address").fill("ada@example.org")
    page.get_by_label("Comment").fill("elected chair in May")
    shot(page, "invite")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(re.compile(r"/groups/testing/edit/roster/$"))
    assert "Invitation sent to ada@example.org" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Invite Ada Lovelace").count() == 0

    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    link = re.search(r"https?://\S+/invitation/\S+", message.body).group(0)
    assert link.startswith(live_server.url)

    # Ada opens the link in a browser of her own, signed in as no one.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    ada = context.new_page()
    errors: list[str] = []
    ada.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ada.goto(link)
    ada.wait_for_url(re.compile(r"/set-password/testing/$"))  # the token leaves the address
    assert ada.locator("h1").inner_text() == "Choose your password"
    assert "Your username is ada-lovelace." in ada.locator("main").inner_text()
    ada.get_by_label("Password", exact=True).fill("tea and biscuits")
    ada.get_by_label("Password again").fill("tea and biscuits")
    shot(ada, "invite-password")
    ada.get_by_role("button", name="Set the password and sign in").click()
    ada.wait_for_url(re.compile(r"/groups/testing/edit/$"))
    assert ada.locator("h1").inner_text() == "Edit Testing Work Group"

    # Her first edit: the record is right, and she says so.
    ada.get_by_role("button", name="Confirm the record is current").click()
    ada.wait_for_url(re.compile(r"/groups/testing/$"))
    assert "Confirmed current on" in ada.locator("main").inner_text()
    assert Group.objects.get(slug="testing").confirmed_by == "Ada Lovelace"

    # The link was good for one use.
    ada.goto(link)
    assert ada.locator("h1").inner_text() == "This invitation link cannot be used"
    shot(ada, "invite-used")
    context.close()
    assert Person.objects.get(slug="ada-lovelace").user.username == "ada-lovelace"
    assert errors == [] and page.errors == []
