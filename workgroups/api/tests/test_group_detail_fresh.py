"""GET /groups/{slug} as made for speed: the snapshot behind it (and the exports) shares its
built queries between calls, yet reads the rows as they are now; the answer skips ninja's
validation, yet is exactly what the schema makes of it."""

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


def test_the_answer_is_what_ninja_would_make_of_it_with_the_schema(client, registry):
    """get_group answers without ninja's validation against GroupDetail (reads.as_json): the
    answer must be the schema's own dump of it, so validating would change nothing."""
    from ninja.renderers import JSONRenderer

    from workgroups.api.schemas import GroupDetail

    for group in registry.values():
        response = client.get(f"/api/v1/groups/{group.slug}")
        assert response.status_code == 200
        answer = response.json()
        dumped = GroupDetail.model_validate(answer).model_dump()
        rendered = JSONRenderer().render(None, dumped, response_status=200)
        assert rendered.encode() == response.content, group.slug
