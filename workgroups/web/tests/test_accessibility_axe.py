"""axe-core in a real browser on `workgroups serve` with the PSF data: no serious or critical
WCAG violation on any public page type, nor on a chair's edit forms, at a desktop (1280 px)
and a phone (390 px) width."""

import pytest

from workgroups.web.tests.standards import axe_script

WIDTHS = (1280, 390)
FIXED = {
    "directory": "/",
    "resolutions": "/resolutions/",
    "timeline": "/timeline/",
    "search": "/search/?q=python",
    "health": "/health/",
    "sign-in": "/accounts/login/",
    "404": "/no/such/page/",
    # Meeting notes holding a code block with long lines: it scrolls sideways.
    "page": "/wiki/psf/working-groups/Packaging/2017-12-04-Warehouse",
}
EDIT_FORMS = {
    "edit hub": "/groups/testing/edit/",
    "group details": "/groups/testing/edit/details/",
    "roster": "/groups/testing/edit/roster/",
    "new page": "/groups/testing/edit/pages/new/",
    "history": "/groups/testing/history/",
}
SERIOUS = ("serious", "critical")
# Only what a test needs to read: the rule, its impact, and where it fails.
VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""


@pytest.fixture
def auditor(browser, site):
    # The site's CSP forbids inline scripts, and axe-core is injected as one.
    context = browser.new_context(base_url=site, bypass_csp=True)
    yield context.new_page()
    context.close()


def page_urls(page) -> dict[str, str]:
    """Every public page type: fixed addresses, and a group, its history and a person of its
    roster found by their links."""
    page.goto("/")
    group = page.get_by_role("link", name="Code of Conduct Work Group").first.get_attribute("href")
    page.goto(group)
    person = page.locator("#members a[href^='/people/']").first.get_attribute("href")
    return {**FIXED, "group": group, "history": group + "history/", "person": person}


def serious(page, name: str, width: int) -> list[str]:
    page.add_script_tag(path=str(axe_script()))
    return [
        f"{name} at {width}px: {v['impact']} {v['id']}: {v['help']} {v['where']}"
        for v in page.evaluate(VIOLATIONS)
        if v["impact"] in SERIOUS
    ]


def test_no_page_type_has_a_serious_or_critical_violation(auditor):
    axe_script()
    found = []
    for name, url in page_urls(auditor).items():
        for width in WIDTHS:
            auditor.set_viewport_size({"width": width, "height": 900})
            response = auditor.goto(url)
            assert response.status == (404 if name == "404" else 200), url
            found += serious(auditor, f"{name} ({url})", width)
    assert not found, "\n".join(found)


def test_no_edit_form_has_a_serious_or_critical_violation(auditor, client, chair):
    """The forms as a chair sees them, rendered by the test client (the server has no users)
    and shown on the server's origin, so that the site's own style sheet applies."""
    axe_script()
    client.force_login(chair)
    found = []
    for name, url in EDIT_FORMS.items():
        response = client.get(url)
        assert response.status_code == 200, url
        for width in WIDTHS:
            auditor.set_viewport_size({"width": width, "height": 900})
            auditor.goto("/")
            auditor.set_content(response.content.decode())
            found += serious(auditor, name, width)
    assert not found, "\n".join(found)
