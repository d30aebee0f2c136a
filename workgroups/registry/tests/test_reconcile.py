"""The reconcile step on small made-up records: identity, supersession, idempotency."""

import hashlib

import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.registry.importer import Bundle, Document
from workgroups.registry.models import Claim, Group, Membership, Person, PersonAlias, Resolution
from workgroups.registry.reconcile import import_bundle
from workgroups.sources.records import (
    GroupRecord,
    PersonRef,
    PsfPage,
    ResolutionRecord,
    RosterRecord,
    Span,
    Vote,
)

pytestmark = pytest.mark.django_db
PATH = "page.md"


def span(a, b=None):
    return Span(PATH, a, b or a)


def ref(name, role="member", line=1, **kw):
    return PersonRef(name=name, raw=name, span=span(line), role=role, **kw)


def page_doc(*groups, text="v1"):
    page = PsfPage(path=PATH, title="t", groups=list(groups))
    return Document(PATH, PATH, "psf-page", text, hashlib.sha256(text.encode()).hexdigest(), page)


def tm_group(**kw):
    """A group shaped like the Trademarks WG: two rosters, the later one complete."""
    establishing = ResolutionRecord(
        kind="establishing",
        title="Establishing resolution",
        text="**RESOLVED**, that ...",
        span=span(10, 14),
        date=PartialDate(2008, 11),
        date_inferred=True,
        roster=RosterRecord(
            members=[ref("James Tauber", "chair"), ref("David Goodger"), ref("Marc-Andre Lemburg")],
            span=span(10, 14),
            date=PartialDate(2008, 11),
            full=True,
        ),
    )
    work_group = ResolutionRecord(
        kind="work-group",
        title="Work group resolution",
        text="**RESOLVED**, that the Trademark Committee ...",
        span=span(5, 8),
        date=PartialDate(2013, 8, 16),
        vote=Vote(7, 0, 1),
        medium="IRC vote",
        roster=RosterRecord(
            members=[ref("Marc-André Lemburg", "co-chair"), ref("David Goodger")],
            span=span(5, 8),
            date=PartialDate(2013, 8, 16),
            full=True,
        ),
    )
    values = dict(
        name="Trademarks Work Group",
        span=span(1, 20),
        status="active",
        formed=PartialDate(2008, 11),
        formed_span=span(3),
        resolutions=[work_group, establishing],
    )
    values.update(kw)
    return GroupRecord(**values)


def run(*groups, text="v1", dry_run=False):
    return import_bundle(Bundle([page_doc(*groups, text=text)]), dry_run=dry_run)


def test_it_creates_the_group_with_provenance():
    run(tm_group())
    group = Group.objects.get()
    assert group.slug == "trademarks-work-group"
    assert group.formed == PartialDate(2008, 11)
    assert group.cite == "page.md:1-20"
    assert set(group.aliases.values_list("name", flat=True)) >= {"Trademarks Committee", "TMC"}


def test_it_keeps_resolutions_with_votes_in_page_order():
    run(tm_group())
    first, second = Resolution.objects.order_by("position")
    assert (first.kind, first.vote, first.medium) == (
        "work-group",
        {"yes": 7, "no": 0, "abstain": 1},
        "IRC vote",
    )
    assert second.date_inferred and second.date == PartialDate(2008, 11)
    assert second.cite == "page.md:10-14"


def test_it_ends_those_a_full_roster_leaves_out_at_its_date():
    run(tm_group())
    tauber = Membership.objects.get(person__name="James Tauber")
    assert (tauber.role, tauber.start, tauber.end) == (
        "chair",
        PartialDate(2008, 11),
        PartialDate(2013, 8, 16),
    )
    assert not tauber.current
    goodger = Membership.objects.get(person__name="David Goodger")
    assert goodger.current and goodger.start == PartialDate(2008, 11)


def test_it_ends_the_old_role_when_a_person_changes_role():
    run(tm_group())
    seats = Membership.objects.filter(person__name__startswith="Marc").order_by("start")
    assert [(m.role, str(m.start), str(m.end) if m.end else None) for m in seats] == [
        ("member", "2008-11", "2013-08-16"),
        ("co-chair", "2013-08-16", None),
    ]


def test_it_makes_one_person_of_spelling_variants_and_keeps_the_variant():
    run(tm_group())
    assert Person.objects.filter(name__startswith="Marc").count() == 1
    person = Person.objects.get(name__startswith="Marc")
    names = {person.name, *PersonAlias.objects.filter(person=person).values_list("name", flat=True)}
    # The source's variant, and the reviewed spellings data/aliases.toml joins to him.
    assert names == {"Marc-André Lemburg", "Marc-Andre Lemburg", "Marc-Andre Lemberg"}


def test_an_addition_ends_no_one():
    addition = ResolutionRecord(
        kind="amending",
        title="x",
        text="add",
        span=span(30),
        date=PartialDate(2014),
        roster=RosterRecord([ref("New Person")], span(30), PartialDate(2014), full=False),
    )
    group = tm_group()
    group.resolutions.append(addition)
    run(group)
    assert Membership.objects.filter(end=None).count() == 3


def test_it_ends_every_membership_of_a_dissolved_group_at_its_dissolution():
    run(tm_group(status="dissolved", dissolved=PartialDate(2015, 2, 25)))
    assert not Membership.objects.filter(end=None).exists()
    assert Membership.objects.get(person__name="David Goodger").end == PartialDate(2015, 2, 25)


def test_it_is_idempotent():
    run(tm_group())
    before = {m: list(m.objects.values()) for m in (Group, Membership, Person, Resolution, Claim)}
    report = run(tm_group())
    assert not report.changed
    after = {m: list(m.objects.values()) for m in before}
    assert after == before


def test_it_updates_what_a_changed_page_says_without_duplicating():
    run(tm_group())
    run(tm_group(formed=PartialDate(2008, 12)), text="v2")
    assert Group.objects.get().formed == PartialDate(2008, 12)
    assert Resolution.objects.count() == 2
    assert Group.objects.get().version == 3  # created, then changed


def test_dry_run_writes_nothing_and_reports():
    report = run(tm_group(), dry_run=True)
    assert report.changed
    assert any("group: 1 created" in line for line in report.lines())
    assert not Group.objects.exists()
    assert not Person.objects.exists()


def test_it_records_claims_for_later_findings():
    run(tm_group())
    fields = set(Claim.objects.values_list("field", flat=True))
    assert {"status", "formed", "name", "roster", "chairs"} <= fields
    roster = Claim.objects.get(field="roster").value
    assert roster["date"] == "2013-08-16"
    assert [m["role"] for m in roster["members"]] == ["co-chair", "member"]
