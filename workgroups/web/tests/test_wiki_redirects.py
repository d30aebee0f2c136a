"""Old wiki addresses answer 301 with the page or group that holds them now, or 404."""

import pytest

from workgroups.lib.vocabulary import PageKind
from workgroups.registry.models import LegacyPath
from workgroups.tests.factories import make_group, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(db):
    group = make_group(
        name="Packaging Work Group",
        slug="packaging",
        aliases=["Packaging WG"],
        paths=["psf/working-groups/Packaging", "psf/working-groups/Packaging/index"],
    )
    make_page(
        group,
        PageKind.MINUTES,
        "Warehouse",
        "2019-06-07-warehouse",
        path="psf/working-groups/Packaging/2019-06-07-Warehouse",
    )
    make_page(
        group,
        PageKind.MEMBERS,
        "Packaging Group",
        "packaging-group",
        path="psf/working-groups/Packaging Group",
    )
    make_page(
        None,
        PageKind.TEMPLATE,
        "Example PSF Workgroup Charter",
        "example-psf-workgroup-charter",
        path="psf/about/Example PSF Workgroup Charter",
    )
    LegacyPath.objects.create(
        old="moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse",
        new="psf/working-groups/Packaging/2019-06-07-Warehouse",
    )
    LegacyPath.objects.create(old="psf/PackagingWG", new="psf/working-groups/Packaging")
    LegacyPath.objects.create(old="psf/PackagingWG/index", new="psf/working-groups/Packaging/index")
    LegacyPath.objects.create(old="psf/Gone", new="psf/working-groups/Gone")
    LegacyPath.objects.create(old="psf/Loop", new="psf/Loop")
    LegacyPath.objects.create(old="python/Elections", new="python/archive/Elections Planning")
    return group


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "/wiki/psf/working-groups/Packaging/2019-06-07-Warehouse",
            "/groups/packaging/pages/2019-06-07-warehouse/",
        ),
        (
            "/wiki/psf/working-groups/Packaging/2019-06-07-Warehouse.md",
            "/groups/packaging/pages/2019-06-07-warehouse/",
        ),
        (
            "/wiki/psf/working-groups/Packaging/2019-06-07-Warehouse/",
            "/groups/packaging/pages/2019-06-07-warehouse/",
        ),
        ("/wiki/psf/working-groups/Packaging Group", "/groups/packaging/pages/packaging-group/"),
        ("/wiki/psf/working-groups/Packaging%20Group", "/groups/packaging/pages/packaging-group/"),
        ("/wiki/psf/working-groups/Packaging", "/groups/packaging/"),
        ("/wiki/psf/working-groups/Packaging/", "/groups/packaging/"),
        ("/wiki/psf/working-groups/Packaging/index", "/groups/packaging/"),
        ("/wiki/psf/working-groups/Packaging/index.md", "/groups/packaging/"),
        (
            "/wiki/moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse",
            "/groups/packaging/pages/2019-06-07-warehouse/",
        ),
        (
            "/wiki/moin/PackagingWG%282f%292019%282d%2906%282d%2907%282d%29Warehouse",
            "/groups/packaging/pages/2019-06-07-warehouse/",
        ),
        ("/wiki/psf/PackagingWG", "/groups/packaging/"),
        ("/wiki/psf/PackagingWG/index", "/groups/packaging/"),
        (
            "/wiki/psf/about/Example PSF Workgroup Charter",
            "/pages/example-psf-workgroup-charter/",
        ),
        ("/wiki/psf/working-groups/index", "/"),
        ("/wiki/psf/working-groups/index.md", "/"),
        ("/wiki/psf/working-groups/", "/"),
    ],
)
def test_it_redirects_old_addresses_permanently(client, rows, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response.headers["Location"] == new


@pytest.mark.parametrize(
    "old",
    [
        "/wiki/psf/working-groups/Nope",
        "/wiki/psf/Gone",  # a redirect to a page that is not there
        "/wiki/psf/Loop",  # a redirect to itself
        "/wiki/psf/working-groups/Packaging WG",  # a name alias is not a path
        "/wiki/..",
        "/wiki/%00",
    ],
)
def test_it_answers_404_for_unknown_addresses(client, rows, old):
    response = client.get(old)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_it_sends_old_names_outside_the_working_groups_on_to_the_wiki(client, rows):
    response = client.get("/wiki/python/Elections")
    assert response.status_code == 301
    assert response.headers["Location"] == (
        "https://wiki.python.org/python/archive/Elections%20Planning"
    )


def test_it_follows_the_redirect_to_a_page_that_shows(client, rows):
    response = client.get("/wiki/psf/PackagingWG", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/groups/packaging/", 301)]
