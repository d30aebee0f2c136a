import re

from workgroups.checks.tests.make import INDEX, PSF, claim, group, member
from workgroups.registry.models import MailingList


def setup_groups():
    bad = group("Scientific Python Work Group", "scientific", status="inactive", position=2)
    claim(bad, "status", "inactive", PSF, 188)
    claim(bad, "status", "active", INDEX, 20)
    claim(bad, "status", "active", "psf/working-groups/index.md", 20)
    stale = group("Meta Work Group", "meta", position=1)
    fine = group("Grants Work Group", "grants", formed="2025-08", position=3)
    member(fine, "Laura Graves", role="chair", start="2025")
    MailingList.objects.create(group=fine, address="psf-grants@python.org")
    return bad, stale, fine


def test_it_shows_each_group_with_a_light_and_its_findings(client, db):
    bad, stale, fine = setup_groups()
    response = client.get("/health/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="group-scientific" class="light-red"' in html
    assert 'id="group-meta" class="light-amber"' in html
    assert 'id="group-grants" class="light-green"' in html
    assert f'href="{bad.get_absolute_url()}"' in html
    assert "lists it as inactive" in html
    assert f"{PSF}:188" in html
    # A wiki source links to its old address, which redirects to the page that holds it.
    assert 'href="/wiki/psf/working-groups/index"' in html
    # Worst first by default.
    order = re.findall(r'id="group-([a-z-]+)"', html)
    assert order == ["scientific", "meta", "grants"]


def test_it_sorts_by_name_status_or_count(client, db):
    setup_groups()
    html = client.get("/health/?sort=name").content.decode()
    assert re.findall(r'id="group-([a-z-]+)"', html) == ["grants", "meta", "scientific"]
    assert 'aria-sort="ascending"' in html
    html = client.get("/health/?sort=nonsense").content.decode()
    assert re.findall(r'id="group-([a-z-]+)"', html)[0] == "scientific"


def test_it_has_no_inline_script_or_style_and_uses_its_stylesheet(client, db):
    setup_groups()
    response = client.get("/health/")
    html = response.content.decode()
    assert "<script" not in html
    assert "<style" not in html and " style=" not in html
    assert "checks/health.css" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_it_recomputes_on_every_visit(client, db):
    bad, _, _ = setup_groups()
    assert "lists it as inactive" in client.get("/health/").content.decode()
    bad.claims.filter(value="active").update(value="inactive")
    assert "lists it as inactive" not in client.get("/health/").content.decode()
