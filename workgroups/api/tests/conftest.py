"""Made-up registries for the API tests (the real PSF data is in test_psf_data.py)."""

import pytest

from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    Source,
)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request reaches the view: answers and query counts are the API's own."""
    settings.PAGE_CACHE = False


def person(name, slug, *aliases):
    p = Person.objects.create(name=name, slug=slug)
    for alias in aliases:
        PersonAlias.objects.create(person=p, name=alias)
    return p


@pytest.fixture
def registry(db):
    """Four groups, four people, a roster with a past member, resolutions, pages, sources."""
    page = Source.objects.create(path="seeds/python-org-psf-workgroups.md", kind="psf-page")
    wiki = Source.objects.create(path="psf/working-groups/Conduct.md", kind="wiki-page")
    conduct = Group.objects.create(
        name="Code of Conduct Work Group",
        slug="code-of-conduct",
        formed="2018-05",
        purpose="Enforce the *code of conduct*.",
        position=1,
        source=page,
        line_start=10,
        line_end=24,
    )
    GroupAlias.objects.create(group=conduct, name="Conduct WG")
    GroupAlias.objects.create(group=conduct, kind="path", name="psf/working-groups/Conduct")
    MailingList.objects.create(
        group=conduct,
        address="conduct-wg@python.org",
        url="https://mail.python.org/conduct-wg/",
        source=page,
        line_start=14,
    )
    MailingList.objects.create(group=conduct, address="conduct-private@python.org", position=1)
    Link.objects.create(group=conduct, label="Notes", url="https://example.org/notes")
    packaging = Group.objects.create(
        name="Packaging Work Group", slug="packaging", formed="2016-05", position=2
    )
    Group.objects.create(
        name="Public Support Committee",
        slug="psc",
        status="dissolved",
        formed="2002-08-13",
        dissolved="2007-02-25",
        position=3,
    )
    edu = Group.objects.create(
        name="Outreach & Education Work Group", slug="education", status="inactive", position=4
    )
    GroupAlias.objects.create(group=edu, name="Python Edu")

    lukasz = person("Łukasz Langa", "lukasz-langa")
    mal = person("Marc-André Lemburg", "marc-andre-lemburg", "Marc-Andre Lemburg")
    brett = person("Brett Cannon", "brett-cannon")
    person("Ewa Jodlowska", "ewa-jodlowska")
    Membership.objects.create(
        person=brett, group=conduct, start="2018-05-31", source=page, line_start=20, line_end=22
    )
    Membership.objects.create(
        person=lukasz, group=conduct, role="chair", start="2018-05-31", voting=True
    )
    Membership.objects.create(person=mal, group=conduct, start="2018-05-31", end="2020")
    Membership.objects.create(person=mal, group=packaging, role="co-chair", start="2016-05")
    Resolution.objects.create(
        group=conduct,
        kind="establishing",
        title="Establishing resolution",
        date="2018-05-31",
        text="**RESOLVED**, that the code of conduct work group be created.",
        vote_yes=8,
        vote_no=0,
        vote_abstain=1,
        medium="IRC vote",
        source=page,
        line_start=16,
        line_end=18,
    )
    Resolution.objects.create(
        group=conduct, kind="amending", title="Amended", date="2020", text="RESOLVED.", position=1
    )
    Resolution.objects.create(
        group=packaging,
        kind="establishing",
        date="2016-05",
        date_inferred=True,
        text="RESOLVED, packaging.",
    )
    Page.objects.create(
        group=conduct,
        kind="charter",
        title="Conduct Charter",
        slug="charter",
        path="psf/working-groups/Conduct/Charter",
        body="# Charter",
        source=wiki,
        line_start=1,
        line_end=40,
    )
    Page.objects.create(
        group=conduct, kind="minutes", title="2019-06-07", slug="2019-06-07", date="2019-06-07"
    )
    Claim.objects.create(
        group=conduct, field="status", value="active", source=wiki, line_start=41, line_end=45
    )
    return {"conduct": conduct, "packaging": packaging, "edu": edu}
