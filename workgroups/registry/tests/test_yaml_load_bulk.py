"""Loading a big YAML dump: new rows go in together, with their history and search entries,
and a bad value anywhere still names its line and writes nothing."""

import pydantic
import pytest
import yaml
from django.core.management import call_command

from workgroups.registry.models import Group, Membership, Page, Person, Resolution
from workgroups.registry.yamlio import dump_yaml, load_yaml
from workgroups.search.index import rebuild_index
from workgroups.search.models import SearchEntry
from workgroups.sources.records import SourceError
from workgroups.sources.render_yaml import _load_located, _LocatingLoader, _validation_errors
from workgroups.sources.shapes import Snapshot
from workgroups.tests.factories import REGISTRY_TABLES


def wipe():
    for model in (*REGISTRY_TABLES, SearchEntry):
        model.objects.all()._raw_delete(model.objects.db)
    for model in REGISTRY_TABLES:
        if hasattr(model, "history"):
            model.history.all()._raw_delete(model.objects.db)


def counts():
    return {m.__name__: m.objects.count() for m in REGISTRY_TABLES}


def index():
    fields = [f.name for f in SearchEntry._meta.concrete_fields if f.name != "id"]
    return sorted(SearchEntry.objects.values_list(*fields))


@pytest.fixture
def big(db):
    """The dump of 40 synthetic groups (400 people, 1,200 memberships)."""
    call_command("synth", groups=40, verbosity=0)
    text = dump_yaml()
    wipe()
    return text


def test_a_big_dump_loads_back_byte_for_byte_with_history_and_search_entries(big):
    load_yaml(big, "big.yaml")
    assert dump_yaml() == big
    for model in (Group, Membership, Resolution, Page):
        history = model.history.filter(
            history_type="+", history_change_reason="loaded from big.yaml"
        )
        assert sorted(history.values_list("id", flat=True)) == sorted(
            model.objects.values_list("pk", flat=True)
        )
    member = Membership.objects.order_by("pk").last()
    stored = member.history.get()
    assert (stored.person_id, stored.role, stored.start) == (
        member.person_id,
        member.role,
        member.start,
    )
    loaded = index()
    assert len(loaded) == sum(m.objects.count() for m in (Group, Person, Resolution, Page))
    rebuild_index()
    assert index() == loaded


def test_loading_it_again_writes_nothing(big):
    load_yaml(big, "big.yaml")
    before = Membership.history.count()
    load_yaml(big, "big.yaml")
    assert Membership.history.count() == before
    assert dump_yaml() == big


def test_a_bad_value_deep_in_a_big_dump_is_located_and_writes_nothing(big):
    lines = big.splitlines(keepends=True)
    at = max(i for i, line in enumerate(lines) if line.startswith("    role: "))
    lines[at] = "    role: tea-lady\n"
    with pytest.raises(SourceError) as info:
        load_yaml("".join(lines), "big.yaml")
    assert (info.value.path, info.value.line) == ("big.yaml", at + 1)
    assert "role: must be" in str(info.value)
    assert set(counts().values()) == {0}
    assert not SearchEntry.objects.exists()


def test_a_row_the_database_refuses_names_its_line_and_writes_nothing(big):
    # The last group's name is already another group's: only the database can tell.
    lines = big.splitlines(keepends=True)
    at = max(i for i, line in enumerate(lines) if line.startswith("  name: "))
    name = lines[at].removeprefix("  name: ").strip()
    Group.objects.create(name=yaml.safe_load(name), slug="already-here", status="active")
    before = counts()
    with pytest.raises(SourceError) as info:
        load_yaml(big, "big.yaml")
    assert (info.value.path, info.value.line) == ("big.yaml", at)  # the group's first line
    assert "cannot store this row" in str(info.value)
    assert counts() == before


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 'y', 2021-05-01, null, true, 1.5, '<<']\nc:\n  d: |\n    text\n",
        "a: &x {b: 1}\nc: *x\n",  # anchors and aliases: PyYAML's own loader reads them
        "a: {<<: {b: 1}, c: 2}\n",  # a merge key
        "a: !!str 1\n",
        "",
        "- 1\n- 2\n",
    ],
)
def test_the_quick_reader_reads_what_pyyaml_reads_with_the_same_lines(text):
    def located(value):
        if isinstance(value, dict):
            return (value.line, value.lines, {k: located(v) for k, v in value.items()})
        if isinstance(value, list):
            return [located(v) for v in value]
        return (type(value), value)

    assert located(_load_located(text)) == located(yaml.load(text, Loader=_LocatingLoader))


GROUP = "- slug: {slug}\n  name: {slug}\n  status: {status}\n"


@pytest.mark.parametrize("head", ["", "x-anchor: &a 1\nx-alias: *a\n"])
def test_errors_inside_and_outside_the_groups_are_the_whole_documents_check(db, head):
    # (An anchor sends the document to PyYAML's own loader after the quick reader began.)
    text = (
        "format: workgroups-registry\n"
        + "groups:\n"
        + GROUP.format(slug="a", status="active")
        + GROUP.format(slug="b", status="asleep")
        + "- just text\n"
        + head
        + "people:\n- {slug: p, name: P, nmae: Q}\n"
        + "pages:\n- {slug: q, title: Q, kind: nope}\n"
    )
    doc = yaml.load(text, Loader=_LocatingLoader)
    with pytest.raises(pydantic.ValidationError) as whole:
        Snapshot.model_validate(doc)
    expected = str(_validation_errors(doc, "bad.yaml", whole.value))
    with pytest.raises(SourceError) as info:
        load_yaml(text, "bad.yaml")
    assert str(info.value) == expected
    assert expected.count("\n") == (5 if head else 3)


def test_new_rows_of_no_group_announce_a_write_that_names_nothing(big):
    from workgroups.registry.signals import written

    heard = []

    def hear(sender, groups=(), people=(), **kwargs):
        heard.append((set(groups), set(people)))

    written.connect(hear)
    try:
        load_yaml(big, "big.yaml")  # its sources and pages of no group are new
        assert heard == [(set(), set())]
        heard.clear()
        load_yaml(big.replace("status: active", "status: inactive", 1), "big.yaml")
        assert len(heard) == 1 and len(heard[0][0]) == 1  # one group changed, named
    finally:
        written.disconnect(hear)
