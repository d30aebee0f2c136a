from workgroups.checks.rules import no_contact
from workgroups.checks.tests.make import claim, group, run
from workgroups.registry.models import MailingList


def test_it_reports_an_active_group_without_a_mailing_list(db):
    g = group("Diversity and Inclusion Work Group", "diversity")
    claim(
        g,
        "mailing_list",
        "diversity-inclusion-wg@python.org",
        "psf-wiki/psf/working-groups/Diversity and Inclusion.md",
        30,
    )
    [f] = run(no_contact)
    assert (f.code, f.severity, f.groups) == ("no-contact", "warning", ("diversity",))
    assert "(the wiki page “Diversity and Inclusion” gives diversity-inclusion-wg@python.org)" in (
        f.message
    )


def test_it_is_quiet_when_there_is_a_list_or_the_group_is_inactive(db):
    g = group("Grants Work Group", "grants")
    MailingList.objects.create(group=g, address="psf-grants@python.org")
    group("Sprint Work Group", "sprint", status="dissolved")
    assert run(no_contact) == []
