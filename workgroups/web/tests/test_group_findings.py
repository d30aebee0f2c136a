"""A group page shows its open findings beside what they concern, in the CLI's words."""

import re

import pytest

from workgroups.checks.scope import GroupScope, group_findings
from workgroups.lib.vocabulary import Severity
from workgroups.registry.models import Group, Resolution

pytestmark = pytest.mark.usefixtures("psf_data", "db")


def resolution_item(html: str, pk: int) -> str:
    match = re.search(
        rf'<li class="event[^"]*" id="resolution-{pk}">(.*?)</li>\s*(?:<li|</ol>)', html, re.S
    )
    assert match, f"resolution {pk} is not on the page"
    return match.group(1)


def scope_of(group: Group) -> GroupScope:
    return GroupScope(
        group,
        memberships=list(group.memberships.select_related("person", "source")),
        resolutions=list(group.resolutions.select_related("source")),
        pages=list(group.pages.select_related("source")),
        roster_approvals=list(group.roster_approvals.all()),
    )


def test_it_says_beside_marketings_resolution_that_grants_has_the_same_text(client):
    marketing = Group.objects.get(slug="marketing-work-group")
    grants = Group.objects.get(slug="grants-work-group")
    grants_resolution = Resolution.objects.get(group=grants, kind="establishing")
    own = Resolution.objects.get(group=marketing, text=grants_resolution.text)
    html = client.get(marketing.get_absolute_url()).content.decode()
    item = resolution_item(html, own.pk)
    assert "This text is the same as" in item
    assert "the Grants Work Group&#x27;s resolution of" in item
    assert f'href="/groups/grants-work-group/#resolution-{grants_resolution.pk}"' in item
    assert '<span class="severity">Error</span>' in item
    assert 'href="/health/#group-marketing-work-group"' in item


def test_it_finds_for_each_group_what_the_whole_registry_finds_about_it():
    from workgroups.checks.engine import compute_findings
    from workgroups.checks.scope import WHOLE_REGISTRY

    skipped = {rule.__name__.replace("_", "-") for rule in WHOLE_REGISTRY}
    whole = [f for f in compute_findings() if f.code not in skipped]
    for group in Group.objects.all():
        expected = [f for f in whole if group.slug in f.groups]
        assert group_findings(scope_of(group)) == expected, group.slug


def test_it_puts_roster_and_status_findings_beside_the_roster_and_the_status(client):
    html = client.get("/groups/marketing-work-group/").content.decode()
    header = html.split('<div class="layout">')[0]
    members = html.split('id="members"')[1].split("</section>")[0]
    assert "lists it as inactive" in header  # status-conflict, under the status
    assert "names Marc Andre Lemburg as its chair" in members  # chair-conflict, by the roster


def test_it_gives_a_dissolved_group_no_leadership_warning(client):
    group = Group.objects.get(slug="python-conference-committee-pcc")
    assert group.status == Group.Status.DISSOLVED
    assert not group.memberships.filter(end=None, role__in=["chair", "co-chair"]).exists()
    html = client.get(group.get_absolute_url()).content.decode()
    assert "No chair" not in html and 'class="notice"' not in html
    assert all(f.code != "no-chair" for f in group_findings(scope_of(group)))


def test_it_names_each_severity_with_the_clis_word(client):
    assert [s.label for s in Severity] == ["Error", "Warning", "Info"]
    health = client.get("/health/").content.decode()
    assert "uspicion" not in health
    labels = set(re.findall(r'<span class="severity">(\w+)</span>', health))
    assert labels == {"Error", "Warning", "Info"}
    group = client.get("/groups/meta-work-group/").content.decode()
    assert '<li class="finding severity-info"><span class="severity">Info</span>' in group


def test_it_shows_a_group_whose_pages_were_added_by_hand_beside_imported_ones(client):
    # Pages added on the site or through the API have no wiki path; the imported ones have one.
    from workgroups.registry import services

    group = Group.objects.filter(pages__path__isnull=False).distinct().first()
    services.add_page(group=group, kind="minutes", title="Hand notes", date="2024-05-01", body="x")
    services.add_page(group=group, kind="minutes", title="More notes", date="2024-06-01", body="y")
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert "Hand notes" in response.content.decode()
    from workgroups.checks.engine import compute_findings
    from workgroups.checks.scope import WHOLE_REGISTRY

    skipped = {rule.__name__.replace("_", "-") for rule in WHOLE_REGISTRY}
    whole = [f for f in compute_findings() if f.code not in skipped and group.slug in f.groups]
    assert group_findings(scope_of(group)) == whole
