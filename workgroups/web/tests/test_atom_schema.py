"""Both Atom feeds validate against the RELAX NG schema of RFC 4287 (Appendix B)."""

from pathlib import Path

import pytest
from lxml import etree

from workgroups.registry.models import Page

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parent / "fixtures" / "atom.rng"


@pytest.fixture(scope="module")
def atom_schema():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def assert_valid(schema, content: bytes) -> None:
    feed = etree.fromstring(content)
    assert schema.validate(feed), "\n".join(str(error) for error in schema.error_log)


@pytest.mark.parametrize("url", ["/feeds/resolutions.atom", "/feeds/pages.atom"])
def test_a_feed_validates_against_the_atom_schema(client, registry, atom_schema, url):
    registry(2, 3)
    page = Page.objects.get(slug="2020-01-10-meeting", group__slug="made-up-0")
    page.body = "Changed <em>text</em> & more"
    page.save()
    response = client.get(url)
    assert response.status_code == 200
    assert_valid(atom_schema, response.content)


def test_the_schema_refuses_a_feed_without_an_id(atom_schema):
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<updated>2024-01-01T00:00:00Z</updated></feed>"
    )
    assert not atom_schema.validate(etree.fromstring(feed))
