"""A chair's text survives an expired session, in a real browser (Debian's chromium).

The chair types meeting notes, the session ends meanwhile (its row is gone from the
database, as when it expires), and Publish sends them to sign in: afterwards the same form
shows the notes they typed, nothing is saved until they submit again, and then it is.
"""

import os
import re

from django.contrib.sessions.models import Session

from workgroups.registry.models import Page
from workgroups.web.tests.test_edit_browser import shot, sign_in, tab  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

NOTES = "We met at the sprint.\n\n- the budget is agreed\n- tea next time"


def test_a_chairs_notes_survive_the_session_expiring(tab, group, chair):  # noqa: F811
    page = tab
    sign_in(page, "chair", "/groups/testing/edit/pages/new/?kind=minutes")
    page.get_by_label("Date").fill("2024-03-05")
    page.get_by_label("Body").fill(NOTES)
    page.get_by_label("Comment").fill("from the sprint")

    Session.objects.all().delete()  # the session expires while the chair types
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert not Page.objects.filter(group=group).exists()

    page.get_by_label("Username").fill("chair")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/groups/testing/edit/pages/new/\?kind=minutes$"))
    assert (
        "Your text was kept: check it and submit again." in page.locator(".messages").inner_text()
    )
    assert page.get_by_label("Body").input_value() == NOTES
    assert page.get_by_label("Date").input_value() == "2024-03-05"
    assert page.get_by_label("Comment").input_value() == "from the sprint"
    assert not Page.objects.filter(group=group).exists()  # nothing without a fresh submit
    shot(page, "kept-notes")

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/groups/testing/pages/[\w-]+/$"))
    notes = Page.objects.get(group=group, kind="minutes")
    assert notes.body.replace("\r\n", "\n") == NOTES  # a browser sends CR LF line ends
    assert notes.history.latest().history_change_reason == "from the sprint"
    assert page.errors == []
