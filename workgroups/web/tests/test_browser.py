"""A visitor in a real browser (Debian's chromium) on `workgroups serve` with the PSF data.

Directory -> a group -> a person -> meeting notes -> search -> an old wiki address; keyboard
and phone width; no console errors (which would include CSP violations). Screenshots of the
main pages go to test-artifacts/.
"""

import re

import pytest


@pytest.fixture
def visitor(browser, site):
    """A page in a fresh browser context, failing the test on console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()


def shot(page, artifacts, name):
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_it_takes_a_visitor_from_the_directory_to_a_group_person_and_notes(visitor, artifacts):
    page = visitor
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Working groups of the")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").count() == 1
    count = page.locator("[aria-labelledby=section-active] .card").count()
    assert count > 5
    shot(page, artifacts, "directory")

    # Filter by status.
    filters = page.get_by_role("navigation", name="Show groups by status")
    filters.get_by_role("link", name=re.compile(r"^Dissolved")).click()
    assert page.locator(".card").count() >= 1
    assert page.locator("#section-active").count() == 0
    assert page.locator("#section-dissolved").count() == 1
    filters.get_by_role("link", name=re.compile(r"^All")).click()

    # A group.
    page.get_by_role("link", name="Code of Conduct Work Group").first.click()
    page.wait_for_url(re.compile(r"/groups/[^/]+/$"))
    assert page.locator("h1").inner_text() == "Code of Conduct Work Group"
    assert page.locator("#members table.roster tbody tr").count() > 5
    assert page.get_by_text("Establishing resolution").first.is_visible()
    page.locator("details.past > summary").click()
    assert page.locator("details.past").get_attribute("open") is not None
    shot(page, artifacts, "group")

    # A person from its roster.
    page.get_by_role("link", name="Łukasz Langa").first.click()
    page.wait_for_url(re.compile(r"/people/"))
    assert page.locator("h1").inner_text() == "Łukasz Langa"
    assert page.get_by_role("link", name="Code of Conduct Work Group").count() >= 1
    shot(page, artifacts, "person")

    # Meeting notes of another group.
    page.goto("/")
    page.get_by_role("link", name="Packaging Work Group").first.click()
    page.locator("#minutes details summary").first.wait_for()
    page.locator("#minutes a").first.click()
    page.wait_for_url(re.compile(r"/pages/"))
    assert page.locator("article .doc-body li").count() > 3
    body = page.locator("article").inner_text()
    assert "{.backtick}" not in body and "Legacy Wiki Page" not in body
    page.get_by_role("link", name=re.compile("Older")).click()
    page.wait_for_url(re.compile(r"/pages/"))
    shot(page, artifacts, "meeting-notes")
    assert page.errors == []


def test_it_searches_ignoring_accents(visitor, artifacts):
    page = visitor
    page.goto("/")
    page.get_by_role("searchbox").first.fill("lukasz")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=lukasz"))
    first = page.locator(".hit").first
    assert "Łukasz Langa" in first.inner_text()
    assert page.locator(".hit mark").count() >= 1
    shot(page, artifacts, "search")
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/people/"))
    assert page.errors == []


def test_it_follows_old_wiki_addresses(visitor, artifacts):
    page = visitor
    response = page.goto("/wiki/psf/PackagingWG(2f)Charter")
    assert response.ok
    assert re.search(r"/groups/[^/]+/pages/charter/$", page.url), page.url
    assert "Charter" in page.locator("h1").inner_text()
    response = page.goto("/wiki/moin/PackagingWG(2f)2019(2d)06(2d)07(2d)Warehouse")
    assert response.ok and page.url.endswith("/pages/2019-06-07-warehouse/")
    response = page.goto("/wiki/psf/working-groups/Conduct Group")
    assert response.ok and "/pages/conduct-group/" in page.url
    response = page.goto("/wiki/psf/no-such-thing")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We could not find that page"
    shot(page, artifacts, "not-found")


def test_it_shows_the_timeline_and_resolutions(visitor, artifacts):
    page = visitor
    page.goto("/")
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Timeline").click()
    svg = page.locator("svg.timeline")
    assert svg.is_visible()
    assert svg.locator("a").count() > 10
    shot(page, artifacts, "timeline")
    svg.locator("a").first.click()
    page.wait_for_url(re.compile(r"/groups/"))
    main_nav.get_by_role("link", name="Resolutions").click()
    assert page.locator(".year-section").count() > 3
    shot(page, artifacts, "resolutions")
    assert page.errors == []


def test_it_works_from_the_keyboard(visitor):
    page = visitor
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    # The focus ring is drawn.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_it_fits_a_phone_screen(browser, site, artifacts):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=site, is_mobile=True
    )
    page = context.new_page()
    try:
        for url, name in [("/", "phone-directory"), ("/timeline/", None), ("/resolutions/", None)]:
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (url, width)
            if name:
                page.screenshot(path=str(artifacts / f"{name}.png"))
        page.goto("/")
        with page.expect_navigation():  # measure the new page, not the one being left
            page.get_by_role("link", name="Packaging Work Group").first.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(artifacts / "phone-group.png"))
        with page.expect_navigation():
            page.locator("#minutes a").first.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_it_has_sufficient_contrast_for_text(visitor):
    """WCAG AA (4.5:1) for the text of the main pages, computed in the browser."""
    page = visitor
    script = """() => {
      const lum = (c) => {
        const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
          v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bg = (el) => {
        for (; el; el = el.parentElement) {
          const c = getComputedStyle(el).backgroundColor;
          if (c && !c.endsWith(", 0)") && c !== "transparent") return c;
        }
        return "rgb(255, 255, 255)";
      };
      const bad = [];
      for (const el of document.querySelectorAll("main *, header *, footer *")) {
        const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!text || !el.offsetParent) continue;
        const s = getComputedStyle(el);
        const a = lum(s.color), b = lum(bg(el));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2));
      }
      return bad;
    }"""
    for url in ["/", "/groups/packaging-work-group/", "/resolutions/", "/search/?q=pip"]:
        page.goto(url)
        assert page.evaluate(script) == [], url
