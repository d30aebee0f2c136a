"""The group page says when the yearly roster approval its resolution asks for is due."""

import datetime

import pytest

from workgroups.registry import services

pytestmark = pytest.mark.django_db

YEARLY = (
    "RESOLVED, that the Testing Work Group be created, with the current membership roster "
    "to be approved by the Python Software Foundation Board of Directors at least once per year."
)


def test_it_says_an_approval_is_overdue_then_when_the_next_is_due(client, group):
    services.record_resolution(group=group, kind="establishing", date="2019-03-01", text=YEARLY)
    page = client.get("/groups/testing/").content.decode()
    assert "an approval was due by 1 March 2020 and is overdue" in page
    services.approve_roster(group=group, date=datetime.date.today().isoformat())
    page = client.get("/groups/testing/").content.decode()
    next_due = datetime.date.today().replace(year=datetime.date.today().year + 1)
    assert f"the next is due by {next_due.day} {next_due:%B %Y}" in page


def test_a_group_without_the_duty_says_nothing_of_it(client, group):
    services.record_resolution(
        group=group, kind="establishing", date="2019-03-01", text="RESOLVED."
    )
    assert "approve the roster every year" not in client.get("/groups/testing/").content.decode()
