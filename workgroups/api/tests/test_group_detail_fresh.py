"""The snapshot behind GET /groups/{slug} and the exports shares its built queries between
calls (registry/snapshot.py): each call must still read the rows as they are now."""

from workgroups.registry import snapshot
from workgroups.registry.models import MailingList


def test_a_second_answer_shows_a_row_written_after_the_first(client, registry):
    group = registry["packaging"]
    url = f"/api/v1/groups/{group.slug}"
    before = client.get(url).json()["mailing_lists"]
    MailingList.objects.create(group=group, address="late@python.org", position=99)
    after = client.get(url).json()["mailing_lists"]
    assert [m["address"] for m in after] == [m["address"] for m in before] + ["late@python.org"]


def test_a_second_whole_snapshot_shows_a_row_written_after_the_first(registry):
    group = registry["packaging"]
    first = snapshot.take()
    MailingList.objects.create(group=group, address="late@python.org", position=99)
    second = snapshot.take()
    lists = [
        [m.address for m in g.mailing_lists]
        for s in (first, second)
        for g in s.groups
        if g.slug == group.slug
    ]
    assert lists[1] == lists[0] + ["late@python.org"]
