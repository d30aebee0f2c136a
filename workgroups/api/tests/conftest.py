"""Made-up registries for the API tests (the real PSF data is in test_psf_data.py)."""

import pytest

from workgroups.lib.vocabulary import (
    ClaimField,
    GroupStatus,
    PageKind,
    ResolutionKind,
    Role,
    SourceKind,
)
from workgroups.tests.factories import (
    make_claim,
    make_group,
    make_link,
    make_list,
    make_page,
    make_person,
    make_resolution,
    make_source,
    seat,
)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request reaches the view: answers and query counts are the API's own."""
    settings.PAGE_CACHE = False


@pytest.fixture
def registry(db):
    """Four groups, four people, a roster with a past member, resolutions, pages, sources."""
    page = make_source("seeds/python-org-psf-workgroups.md", SourceKind.PSF_PAGE)
    wiki = make_source("psf/working-groups/Conduct.md", SourceKind.WIKI_PAGE)
    conduct = make_group(
        name="Code of Conduct Work Group",
        slug="code-of-conduct",
        formed="2018-05",
        purpose="Enforce the *code of conduct*.",
        position=1,
        source=page,
        line_start=10,
        line_end=24,
        aliases=["Conduct WG"],
        paths=["psf/working-groups/Conduct"],
    )
    make_list(
        conduct,
        "conduct-wg@python.org",
        url="https://mail.python.org/conduct-wg/",
        source=page,
        line_start=14,
    )
    make_list(conduct, "conduct-private@python.org", position=1)
    make_link(conduct, "Notes", "https://example.org/notes")
    packaging = make_group(
        name="Packaging Work Group", slug="packaging", formed="2016-05", position=2
    )
    make_group(
        name="Public Support Committee",
        slug="psc",
        status=GroupStatus.DISSOLVED,
        formed="2002-08-13",
        dissolved="2007-02-25",
        position=3,
    )
    edu = make_group(
        name="Outreach & Education Work Group",
        slug="education",
        status=GroupStatus.INACTIVE,
        position=4,
        aliases=["Python Edu"],
    )

    lukasz = make_person("Łukasz Langa")
    mal = make_person("Marc-André Lemburg", aliases=["Marc-Andre Lemburg"])
    brett = make_person("Brett Cannon")
    make_person("Ewa Jodlowska")
    seat(conduct, brett, start="2018-05-31", source=page, line_start=20, line_end=22)
    seat(conduct, lukasz, Role.CHAIR, "2018-05-31", voting=True)
    seat(conduct, mal, start="2018-05-31", end="2020")
    seat(packaging, mal, Role.CO_CHAIR, "2016-05")
    make_resolution(
        conduct,
        ResolutionKind.ESTABLISHING,
        "**RESOLVED**, that the code of conduct work group be created.",
        title="Establishing resolution",
        date="2018-05-31",
        vote_yes=8,
        vote_no=0,
        vote_abstain=1,
        medium="IRC vote",
        source=page,
        line_start=16,
        line_end=18,
    )
    make_resolution(
        conduct, ResolutionKind.AMENDING, "RESOLVED.", title="Amended", date="2020", position=1
    )
    make_resolution(
        packaging,
        ResolutionKind.ESTABLISHING,
        "RESOLVED, packaging.",
        date="2016-05",
        date_inferred=True,
    )
    make_page(
        conduct,
        PageKind.CHARTER,
        "Conduct Charter",
        "charter",
        path="psf/working-groups/Conduct/Charter",
        body="# Charter",
        source=wiki,
        line_start=1,
        line_end=40,
    )
    make_page(conduct, PageKind.MINUTES, "2019-06-07", "2019-06-07", date="2019-06-07")
    make_claim(conduct, ClaimField.STATUS, "active", wiki, line_start=41, line_end=45)
    return {"conduct": conduct, "packaging": packaging, "edu": edu}
