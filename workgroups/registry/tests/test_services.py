"""Registry operations: validation first, versions, history, and resolutions that take effect."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workgroups.lib.partialdate import PartialDate
from workgroups.registry import services
from workgroups.registry.models import (
    Group,
    GroupAlias,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
)
from workgroups.tests import factories


def snapshot():
    """Every row an operation could write, to show that a refused one wrote nothing."""
    models = [Group, GroupAlias, Membership, Page, Person, Resolution, RosterApproval]
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    history = {m.__name__: m.history.count() for m in models if hasattr(m, "history")}
    return rows, history


@pytest.fixture
def ada(group):
    return factories.seat(group, factories.make_person("Ada Lovelace"), start="2019-03")


# --- create_group --------------------------------------------------------------------------


def test_create_group_drafts_a_clean_charter(db, staff):
    group = services.create_group(
        name="Docs Work Group", purpose="Write *docs*.", user=staff, comment="founding"
    )
    assert group.slug == "docs-work-group"
    assert group.version == 1
    charter = group.pages.get(kind="charter")
    assert charter.body.startswith("# Docs Work Group Charter")
    assert "## Purpose & Common Goals" in charter.body
    assert "Legacy Wiki Page" not in charter.body and "](" not in charter.body
    record = group.history.latest()
    assert record.history_user == staff
    assert record.history_change_reason == "founding"


def test_create_group_drafts_the_charter_under_its_own_name(db):
    group = services.create_group(name="Tiny WG")
    assert group.pages.get(kind="charter").body.startswith("# Tiny WG Charter\n\n## Authorization")


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "  "}, "name"),
        ({"name": "Testing Work Group"}, "name"),
        ({"name": "testing work group"}, "name"),
        ({"name": "Other", "formed": "2019-02-30"}, "formed"),
        ({"name": "Other", "status": "sleeping"}, "status"),
        ({"name": "Other", "links": [{"label": "x", "url": "javascript:alert(1)"}]}, "links.0.url"),
    ],
)
def test_create_group_refuses_invalid_input_naming_the_field(group, kwargs, field):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.create_group(**kwargs)
    assert field in exc.value.message_dict
    assert snapshot() == before


# --- update_group --------------------------------------------------------------------------


def test_update_group_changes_the_purpose_bumps_the_version_and_records_why(group, chair):
    services.update_group(
        group=group, purpose="New *purpose*", user=chair, expected_version=1, comment="typo"
    )
    group.refresh_from_db()
    assert group.purpose == "New *purpose*"
    assert group.version == 2
    record = group.history.latest()
    assert (record.history_user, record.history_change_reason) == (chair, "typo")
    assert record.prev_record.purpose == ""


def test_a_stale_version_writes_nothing(group, chair):
    services.update_group(group=group, purpose="first", user=chair, expected_version=1)
    before = snapshot()
    with pytest.raises(services.StaleVersion) as exc:
        services.update_group(group=group, purpose="second", user=chair, expected_version=1)
    assert exc.value.current == 2
    assert snapshot() == before


def test_a_chair_cannot_change_the_status_but_may_resend_it(group, chair):
    with pytest.raises(PermissionDenied):
        services.update_group(group=group, status="inactive", user=chair)
    services.update_group(group=group, status="active", summary="Tests things.", user=chair)
    group.refresh_from_db()
    assert (group.status, group.summary) == ("active", "Tests things.")


def test_renaming_keeps_the_old_name_as_an_alias(group, staff):
    services.update_group(group=group, name="Quality Work Group", user=staff)
    group.refresh_from_db()
    assert group.name == "Quality Work Group"
    assert group.slug == "testing"
    assert group.aliases.filter(name="Testing Work Group").exists()


def test_update_group_replaces_mailing_lists_and_links(group, staff):
    services.update_group(
        group=group,
        mailing_lists=[{"address": "tests@python.org", "url": "https://mail.python.org/t"}],
        links=[{"label": "Notes", "url": "https://example.org/notes"}],
        user=staff,
    )
    assert [m.address for m in group.mailing_lists.all()] == ["tests@python.org"]
    services.update_group(group=group, links=[], user=staff)
    assert not group.links.exists()
    assert group.mailing_lists.count() == 1


def test_update_group_refuses_unknown_fields(group, staff):
    with pytest.raises(ValidationError) as exc:
        services.update_group(group=group, version=7, user=staff)
    assert "version" in exc.value.message_dict


# --- memberships ---------------------------------------------------------------------------


def test_add_membership_creates_an_unknown_person(group, chair):
    seat = services.add_membership(group=group, person="Grace Hopper", start="2020-01", user=chair)
    assert seat.person.name == "Grace Hopper"
    assert seat.person.slug == "grace-hopper"
    assert seat.start == PartialDate(2020, 1)
    assert seat.history.latest().history_user == chair


@pytest.mark.parametrize(
    "spelling", ["Marc-Andre Lemburg", "marc andre lemburg", "MarcAndreLemburg", "mal"]
)
def test_add_membership_finds_a_person_by_spelling_variant_alias_or_slug(group, spelling):
    mal = Person.objects.create(name="Marc-André Lemburg", slug="marc-andre-lemburg")
    PersonAlias.objects.create(person=mal, name="MAL")
    seat = services.add_membership(group=group, person=spelling, start="2020")
    assert seat.person == mal
    assert Person.objects.count() == 1


def test_add_membership_matches_a_variant_of_an_alias(group):
    mal = Person.objects.create(name="M. Lemburg", slug="m-lemburg")
    PersonAlias.objects.create(person=mal, name="Marc-André Lemburg")
    seat = services.add_membership(group=group, person="Marc Andre Lemburg (PSF Director)")
    assert seat.person == mal


def test_a_role_change_ends_the_old_seat_and_starts_a_new_one(group, ada):
    new = services.add_membership(group=group, person="ada-lovelace", role="chair", start="2021-05")
    ada.refresh_from_db()
    assert ada.end == PartialDate(2021, 5)
    assert (new.role, new.start, new.end) == ("chair", PartialDate(2021, 5), None)
    assert Membership.objects.filter(person=ada.person).count() == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"person": ""}, "person"),
        ({"person": "TBD"}, "person"),
        ({"person": "Ada Lovelace"}, "person"),  # already a current member
        ({"person": "New Person", "role": "overlord"}, "role"),
        ({"person": "New Person", "start": "2021-02-30"}, "start"),
        ({"person": "Ada Lovelace", "role": "chair", "start": "2018"}, "start"),
    ],
)
def test_add_membership_refuses_invalid_input_and_writes_nothing(group, ada, kwargs, field):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.add_membership(group=group, **kwargs)
    assert field in exc.value.message_dict
    assert snapshot() == before


def test_end_membership_records_who_and_why(ada, chair, group):
    services.end_membership(membership=ada, end="2022", user=chair, comment="stepped down")
    record = ada.history.latest()
    assert (record.end, record.history_user, record.history_change_reason) == (
        PartialDate(2022),
        chair,
        "stepped down",
    )
    group.refresh_from_db()
    assert group.version == 2


def test_end_membership_at_a_year_of_a_seat_started_that_month_is_fine(ada):
    services.end_membership(membership=ada, end="2019")
    ada.refresh_from_db()
    assert ada.end == PartialDate(2019)


def test_end_membership_refuses_a_bad_date_naming_the_field(ada):
    with pytest.raises(ValidationError) as exc:
        services.end_membership(membership=ada, end="2022-02-30")
    assert "end" in exc.value.message_dict


# --- resolutions ---------------------------------------------------------------------------


def test_an_establishing_resolution_activates_the_group_with_its_formed_date(db, staff):
    group = Group.objects.create(name="New WG", slug="new-wg", status="inactive")
    resolution = services.record_resolution(
        group=group,
        kind="establishing",
        date="2024-05-02",
        text="RESOLVED, that the New WG be a working group.",
        vote={"yes": 8, "no": 0, "abstain": 1},
        medium="IRC vote",
        members=[{"person": "Ann Able", "role": "chair"}, {"person": "Bob Baker"}],
        user=staff,
        comment="from the minutes",
    )
    group.refresh_from_db()
    assert (group.status, group.formed) == ("active", PartialDate(2024, 5, 2))
    assert resolution.vote == {"yes": 8, "no": 0, "abstain": 1}
    seats = {m.person.name: (m.role, m.start) for m in group.memberships.all()}
    assert seats == {
        "Ann Able": ("chair", PartialDate(2024, 5, 2)),
        "Bob Baker": ("member", PartialDate(2024, 5, 2)),
    }
    assert group.history.latest().history_change_reason == "from the minutes"
    assert group.version == 2


def test_an_establishing_resolution_keeps_a_known_formed_date(group):
    services.record_resolution(group=group, kind="establishing", date="2020", text="RESOLVED.")
    group.refresh_from_db()
    assert group.formed == PartialDate(2019, 3)


def test_a_dissolving_resolution_dissolves_the_group_and_ends_every_seat(group, ada, chair):
    services.record_resolution(
        group=group, kind="dissolving", date="2023-06-01", text="RESOLVED, dissolved."
    )
    group.refresh_from_db()
    assert (group.status, group.dissolved) == ("dissolved", PartialDate(2023, 6, 1))
    assert not group.memberships.filter(end__isnull=True).exists()
    assert set(group.memberships.values_list("end", flat=True)) == {PartialDate(2023, 6, 1)}
    assert group.memberships.count() == 2  # ended, not deleted


def test_a_roster_resolution_that_states_the_whole_membership_ends_the_others(group, ada, chair):
    services.record_resolution(
        group=group,
        kind="roster",
        date="2022-01-10",
        text="RESOLVED, that the membership shall consist of Carla Chair and Dee Dee.",
        members=[{"person": "Carla Chair", "role": "chair"}, {"person": "Dee Dee"}],
        replaces_roster=True,
        approves_roster=True,
    )
    current = {m.person.name: m.role for m in group.memberships.filter(end__isnull=True)}
    assert current == {"Carla Chair": "chair", "Dee Dee": "member"}
    ada.refresh_from_db()
    assert ada.end == PartialDate(2022, 1, 10)
    approval = RosterApproval.objects.get(group=group)
    assert approval.date == PartialDate(2022, 1, 10)
    assert approval.resolution.kind == "roster"


def test_a_roster_resolution_that_only_adds_ends_no_one(group, ada):
    services.record_resolution(
        group=group, kind="roster", date="2022", text="add", members=[{"person": "Eve"}]
    )
    assert group.memberships.filter(end__isnull=True).count() == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"date": "2023-02-30"}, "date"),
        ({"date": None}, "date"),
        ({"kind": "coup"}, "kind"),
        ({"text": ""}, "text"),
        ({"vote": {"yes": "many"}}, "vote.yes"),
        ({"vote": {"no": 1}}, "vote.yes"),
        ({"members": [{"person": "X Y", "role": "king"}]}, "members.0.role"),
        ({"kind": "dissolving", "date": "2018"}, "date"),  # before the seats started
    ],
)
def test_record_resolution_refuses_invalid_input_and_writes_nothing(group, ada, kwargs, field):
    before = snapshot()
    arguments = {"kind": "amending", "date": "2023", "text": "RESOLVED."} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.record_resolution(group=group, **arguments)
    assert field in exc.value.message_dict
    assert snapshot() == before


def test_a_chair_cannot_record_a_resolution(group, chair):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.record_resolution(
            group=group, kind="dissolving", date="2023", text="R", user=chair
        )
    assert snapshot() == before


# --- roster approvals and pages ------------------------------------------------------------


def test_approve_roster_stores_the_date_and_the_resolution(group, staff):
    resolution = services.record_resolution(group=group, kind="roster", date="2023", text="R.")
    approval = services.approve_roster(
        group=group, date="2023-03-04", resolution=resolution.pk, user=staff
    )
    assert (approval.date, approval.resolution) == (PartialDate(2023, 3, 4), resolution)


def test_approve_roster_refuses_a_resolution_of_another_group(group, staff):
    other = Group.objects.create(name="Other", slug="other")
    resolution = services.record_resolution(group=other, kind="roster", date="2023", text="R.")
    with pytest.raises(ValidationError) as exc:
        services.approve_roster(group=group, date="2023", resolution=resolution.pk, user=staff)
    assert "resolution" in exc.value.message_dict
    assert not RosterApproval.objects.exists()


def test_add_page_adds_dated_meeting_notes(group, member):
    page = services.add_page(
        group=group, kind="minutes", date="2024-02-29", body="# Notes\n\n- ok", user=member
    )
    assert (page.title, page.slug) == (
        "Meeting 29 February 2024",
        "2024-02-29-meeting-29-february-2024",
    )
    again = services.add_page(group=group, kind="minutes", date="2024-02-29", user=member)
    assert again.slug != page.slug


def test_meeting_notes_need_a_valid_date(group, member):
    with pytest.raises(ValidationError) as exc:
        services.add_page(group=group, kind="minutes", date="2023-02-29", user=member)
    assert "date" in exc.value.message_dict
    assert not Page.objects.exists()


def test_a_member_cannot_add_a_charter_but_a_chair_can(group, member, chair):
    with pytest.raises(PermissionDenied):
        services.add_page(group=group, kind="charter", body="x", user=member)
    first = services.add_page(group=group, kind="charter", body="v1", user=chair)
    second = services.add_page(group=group, kind="charter", body="v2", user=chair)
    assert (first.position, second.position) == (0, 1)


# --- revert ---------------------------------------------------------------------------------


def test_revert_a_group_change_restores_the_fields_it_changed(group, staff, chair):
    services.update_group(group=group, purpose="one", user=chair)
    services.update_group(group=group, purpose="vandalised", summary="s", user=chair)
    change = group.history.latest()
    services.revert_change(model="group", history_id=change.history_id, user=staff, comment="no")
    group.refresh_from_db()
    assert (group.purpose, group.summary) == ("one", "")
    latest = group.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (staff, "no")
    assert group.version == 4


def test_revert_an_ended_membership_makes_it_current_again(group, ada, staff):
    services.end_membership(membership=ada, end="2022")
    change = ada.history.latest()
    services.revert_change(model="membership", history_id=change.history_id, user=staff)
    ada.refresh_from_db()
    assert ada.end is None


def test_revert_an_added_page_removes_it_and_can_be_reverted_again(group, member, staff):
    page = services.add_page(group=group, kind="page", title="Spam", user=member)
    services.revert_change(model="page", history_id=page.history.latest().history_id, user=staff)
    assert not Page.objects.filter(pk=page.pk).exists()
    removal = Page.history.filter(id=page.pk).latest()
    assert removal.history_type == "-"
    services.revert_change(model="page", history_id=removal.history_id, user=staff)
    assert Page.objects.filter(pk=page.pk, title="Spam").exists()


def test_revert_refuses_to_delete_a_membership(group, staff):
    seat = services.add_membership(group=group, person="Zed", start="2020")
    with pytest.raises(ValidationError):
        services.revert_change(
            model="membership", history_id=seat.history.latest().history_id, user=staff
        )
    assert Membership.objects.filter(pk=seat.pk).exists()


def test_only_the_board_reverts(group, chair):
    services.update_group(group=group, purpose="x", user=chair)
    with pytest.raises(PermissionDenied):
        services.revert_change(
            model="group", history_id=group.history.latest().history_id, user=chair
        )


def test_an_update_that_changes_nothing_writes_nothing(group, chair):
    before = snapshot()
    services.update_group(group=group, name="Testing Work Group", links=[], user=chair)
    assert snapshot() == before


def test_it_keeps_a_long_comment_in_the_history(group):
    from workgroups.registry.services import create_group

    why = "Board meeting of 2026-11-20: " + "the reasons, at length. " * 20
    created = create_group(name="Other Work Group", comment=why)
    assert created.history.first().history_change_reason == why.strip()


def test_it_keeps_who_changed_the_mailing_lists_and_why(group, staff):
    from workgroups.registry.models import MailingList
    from workgroups.registry.services import update_group

    MailingList.objects.create(group=group, address="old@python.org")
    update_group(
        group=group,
        user=staff,
        comment="list moved",
        mailing_lists=[{"address": "new@python.org", "url": ""}],
    )
    records = MailingList.history.filter(group=group).order_by("history_id")
    removed = records.get(history_type="-")
    added = records.filter(history_type="+").last()
    assert (removed.address, removed.history_user, removed.history_change_reason) == (
        "old@python.org",
        staff,
        "list moved",
    )
    assert (added.address, added.history_user) == ("new@python.org", staff)
