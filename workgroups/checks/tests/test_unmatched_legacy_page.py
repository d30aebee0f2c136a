from workgroups.checks.rules import unmatched_legacy_page
from workgroups.checks.tests.make import run
from workgroups.registry.models import Page


def test_it_reports_a_page_among_group_pages_attached_to_no_group(db, group):
    Page.objects.create(group=group, title="Testing", slug="t", path="psf/working-groups/Testing")
    Page.objects.create(title="Contents", slug="contents", path="psf/about/Contents")
    Page.objects.create(
        title="Lost Page",
        slug="lost-page",
        path="psf/working-groups/Lost Page",
    )
    # Reviewed in data/aliases.toml as no group's page (not_groups): not reported.
    Page.objects.create(
        title="Education Ecosystem",
        slug="education-ecosystem",
        path="psf/working-groups/Education Ecosystem",
    )
    Page.objects.create(
        title="Example WG", slug="example", kind="template", path="psf/working-groups/Example/index"
    )
    [f] = run(unmatched_legacy_page)
    assert (f.code, f.severity, f.groups) == ("unmatched-legacy-page", "info", ())
    assert f.message.startswith("The page “Lost Page” (psf/working-groups/Lost Page) stands among")


def test_it_is_quiet_when_every_page_has_a_group(db, group):
    Page.objects.create(group=group, title="Charter", slug="charter", kind="charter")
    assert run(unmatched_legacy_page) == []
