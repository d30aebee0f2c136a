"""The YAML dump: lossless, deterministic, loads back into an empty registry byte for byte."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workgroups.registry import snapshot
from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    LegacyPath,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
    Source,
)
from workgroups.registry.yamlio import dump_yaml, load_yaml
from workgroups.sources.records import SourceError

TABLES = [
    Claim,
    RosterApproval,
    Page,
    Resolution,
    Membership,
    Link,
    MailingList,
    GroupAlias,
    Group,
    PersonAlias,
    Person,
    LegacyPath,
    Source,
]


def wipe():
    """Empty the registry (memberships are never deleted by the app: the test does it raw)."""
    for model in TABLES:
        model.objects.all()._raw_delete(model.objects.db)


def counts():
    return {m.__name__: m.objects.count() for m in TABLES}


@pytest.fixture
def registry(db):
    """A small made-up registry touching every table and every awkward value."""
    page_src = Source.objects.create(path="seeds/page.md", kind="psf-page", sha256="ab" * 32)
    wiki_src = Source.objects.create(
        path="psf-wiki/psf/working-groups/Tea/Charter.md", kind="wiki-page"
    )
    ada = Person.objects.create(name="Ada Lovelace", slug="ada-lovelace")
    lukasz = Person.objects.create(name="Łukasz Langa", slug="lukasz-langa")
    PersonAlias.objects.create(person=lukasz, name="Lukasz Langa")
    PersonAlias.objects.create(person=lukasz, name="LukaszLanga")
    Person.objects.create(name="Nobody Yet", slug="nobody-yet")
    tea = Group.objects.create(
        name="Tea & Biscuits Work Group",
        slug="tea",
        status="active",
        formed="2018-05",
        summary="Keeps the kettle on",
        purpose="The group's purpose is tea\\-related.\n\nSecond paragraph.",
        position=1,
        source=page_src,
        line_start=7,
        line_end=30,
    )
    old = Group.objects.create(
        name="Old Committee (OC)",
        slug="old-committee",
        status="dissolved",
        formed="2002-08-13",
        dissolved="2007",
        position=2,
    )
    GroupAlias.objects.create(group=tea, name="Tea WG")
    GroupAlias.objects.create(group=tea, kind="path", name="psf/TeaWG")
    MailingList.objects.create(
        group=tea,
        address="tea-wg@python.org",
        url="https://mail.python.org/tea",
        source=page_src,
        line_start=11,
        line_end=11,
    )
    MailingList.objects.create(group=old, address="", url="http://mail.python.org/oc", position=3)
    Link.objects.create(group=tea, label="Notes", url="https://wiki.python.org/psf/TeaWG")
    Membership.objects.create(person=ada, group=tea, role="chair", start="2018-05-31")
    Membership.objects.create(
        person=lukasz, group=tea, role="member", start="2018-05-31", end="2024", note="PSF Director"
    )
    Membership.objects.create(person=lukasz, group=tea, role="member", start="2024", voting=False)
    Membership.objects.create(person=ada, group=old, role="secretary")
    first = Resolution.objects.create(
        group=tea,
        kind="work-group",
        title="Work group resolution",
        date="2013-08-16",
        text="> **RESOLVED**, that tea\n> shall be served.",
        vote_yes=7,
        vote_no=0,
        vote_abstain=1,
        medium="IRC vote",
        position=0,
        source=page_src,
        line_start=20,
        line_end=22,
    )
    Resolution.objects.create(
        group=tea,
        kind="establishing",
        title="Establishing resolution",
        date="2018-05",
        date_inferred=True,
        text="RESOLVED, that   \n  indented line\n\n\ntrailing blank lines\n\n",
        position=1,
    )
    Resolution.objects.create(group=old, kind="charter", title="Charter", text="RESOLVED, x")
    RosterApproval.objects.create(group=tea, date="2024-01", resolution=first, note="yearly")
    RosterApproval.objects.create(group=tea, date="2023")
    Claim.objects.create(
        group=tea,
        field="roster",
        value={"names": ["Ada", "Łukasz"], "date": "2024", "a": None},
        source=wiki_src,
        line_start=3,
        line_end=9,
    )
    Claim.objects.create(group=tea, field="status", value="active", source=page_src, line_start=5)
    Page.objects.create(
        group=tea,
        kind="charter",
        title="Tea Charter",
        slug="charter",
        path="psf/working-groups/Tea/Charter",
        body="# Tea Charter \n\n## Purpose   \n\n  - tab\there\n\ttabbed line\n'quoted' \"both\"\n",
        source=wiki_src,
        line_start=1,
        line_end=9,
    )
    Page.objects.create(
        group=tea,
        kind="minutes",
        title="2019-01-02",
        slug="2019-01-02",
        date="2019-01-02",
        path="psf/working-groups/Tea/2019-01-02",
        body="no newline at the end",
    )
    Page.objects.create(
        kind="template",
        title="Example Charter",
        slug="example-charter",
        path="psf/about/Example PSF Workgroup Charter",
        body="",
    )
    LegacyPath.objects.create(old="psf/TeaWG", new="psf/working-groups/Tea")
    LegacyPath.objects.create(old="psf/TeaWG(2f)Charter", new="psf/working-groups/Tea/Charter")
    return tea


def test_the_dump_loads_back_into_an_empty_registry_byte_for_byte(registry):
    first = dump_yaml()
    before = counts()
    wipe()
    load_yaml(first, "registry.yaml")
    assert counts() == before
    assert dump_yaml() == first


def test_the_dump_is_readable_yaml(registry):
    text = dump_yaml()
    assert text.startswith("---\nformat: workgroups-registry\nversion: 1\n")
    assert "formed: '2018-05'" in text
    assert (
        "  purpose: |-\n    The group's purpose is tea\\-related.\n\n    Second paragraph.\n"
        in text
    )
    # trailing spaces on a line do not force an unreadable quoted string
    assert "    body: |\n      # Tea Charter \n" in text
    assert "Łukasz Langa" in text  # not \u escapes
    assert "updated_at" not in text and "version: 2" not in text


def test_the_dump_is_the_same_every_time(registry):
    assert dump_yaml() == dump_yaml()


def test_loading_twice_changes_nothing_the_second_time(registry):
    text = dump_yaml()
    versions = dict(Group.objects.values_list("slug", "version"))
    load_yaml(text, "registry.yaml")
    load_yaml(text, "registry.yaml")
    assert dict(Group.objects.values_list("slug", "version")) == versions
    assert dump_yaml() == text


def test_loading_an_edit_updates_in_place_and_bumps_the_version(registry):
    text = dump_yaml()
    edited = text.replace("summary: Keeps the kettle on", "summary: Keeps the pot warm")
    assert edited != text
    load_yaml(edited, "registry.yaml")
    registry.refresh_from_db()
    assert registry.summary == "Keeps the pot warm"
    assert registry.version == 2
    assert Group.objects.get(slug="old-committee").version == 1
    assert dump_yaml() == edited


def test_the_snapshot_takes_a_constant_number_of_queries(registry):
    with CaptureQueriesContext(connection) as few:
        snapshot.take()
    for i in range(5):
        group = Group.objects.create(name=f"Extra {i}", slug=f"extra-{i}")
        person = Person.objects.create(name=f"P {i}", slug=f"p-{i}")
        Membership.objects.create(person=person, group=group)
        Resolution.objects.create(group=group, kind="establishing", text="RESOLVED")
    with CaptureQueriesContext(connection) as more:
        snapshot.take()
    assert len(more) == len(few)


BAD = [
    ("format: nope\n", 1, "format: must be 'workgroups-registry'"),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: asleep\n",
        5,
        "status: must be",
    ),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: active\n"
        "  formed: '2018-02-30'\n",
        6,
        "February 2018 has no day 30",
    ),
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  name: X\n  status: active\n"
        "  members:\n  - person: ghost\n",
        7,
        "person: 'ghost' is not in 'people'",
    ),
    ("format: workgroups-registry\npeople: [\n", 3, "expected"),
    # every error of the document at once, in line order
    (
        "format: workgroups-registry\ngroups:\n- slug: x\n  nmae: X\n",
        3,
        "bad.yaml:4: nmae: unknown key",
    ),
    (
        "format: workgroups-registry\npeople:\n- {slug: a, name: A}\n- {slug: a, name: B}\n",
        4,
        "appears twice (line 3)",
    ),
    ("format: workgroups-registry\nformat: again\n", 2, "duplicate key"),
]


@pytest.mark.parametrize("text, line, message", BAD)
def test_bad_input_is_located_and_changes_nothing(registry, text, line, message):
    before = dump_yaml()
    with pytest.raises(SourceError) as info:
        load_yaml(text, "bad.yaml")
    assert info.value.path == "bad.yaml"
    assert info.value.line == line, info.value
    assert message in str(info.value)
    assert dump_yaml() == before


def test_a_late_error_rolls_back_what_was_already_written(registry):
    text = dump_yaml().replace("name: Nobody Yet", "name: Somebody Now")
    # a roster approval naming a resolution the group does not have: found before writing
    broken = text.replace("resolution: 0", "resolution: 9")
    assert broken != text
    with pytest.raises(SourceError, match="has no resolution 9"):
        load_yaml(broken, "bad.yaml")
    assert Person.objects.get(slug="nobody-yet").name == "Nobody Yet"
