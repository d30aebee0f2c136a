"""Old wiki addresses answer 301 with the page or group that holds them now, or 404."""

import pytest

from workgroups.lib.vocabulary import PageKind
from workgroups.registry.models import LegacyPath
from workgroups.tests.factories import make_group, make_page
from workgroups.web.wiki_views import resolve_wiki_path, unanswered

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


def test_it_offers_the_live_wiki_address_of_a_page_it_never_imported(client, rows):
    response = client.get("/wiki/psf/about/Board Minutes")
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page was not imported. It may still be on the PSF wiki:" in body
    assert 'href="https://wiki.python.org/psf/about/Board%20Minutes"' in body


def test_it_offers_no_wiki_address_for_other_unknown_addresses(client, rows):
    body = client.get("/groups/nope/").content.decode()
    assert "We could not find that page" in body and "wiki.python.org" not in body
    assert "wiki.python.org" not in client.get("/wiki/%00").content.decode()


def test_it_tells_which_paths_no_address_answers_as_the_redirects_do(rows):
    paths = [
        "psf/working-groups/Packaging/2019-06-07-Warehouse.md",
        "psf/working-groups/Packaging Group",
        "psf/working-groups/Packaging/",
        "psf/PackagingWG/index",
        "moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse",
        "python/Elections",
        "psf/working-groups/index",
        "psf/working-groups/Nope",
        "psf/Gone",
        "psf/Loop",
        "psf/working-groups/Packaging WG",
        "",
        "\x00",
    ]
    expected = {path for path in paths if resolve_wiki_path(path) is None}
    assert expected == {
        "psf/working-groups/Nope",
        "psf/Gone",
        "psf/Loop",
        "psf/working-groups/Packaging WG",
        "",
        "\x00",
    }
    assert unanswered(paths) == expected


def test_it_tells_in_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    names = [f"psf/working-groups/Missing {n}" for n in range(30)]
    with django_assert_max_num_queries(3):
        assert unanswered(names) == set(names)
