"""Every kind of page fits a 360 px phone screen, signed out and signed in as staff.

Debian's chromium (through Playwright) opens each page of `workgroups serve` with the bundled
PSF data, and a group whose name, addresses, people and pages are made of words too long for a
line, at 360 x 740; opens every <details>; and checks that the document is no wider than the
screen. A failure names the elements that stick out furthest, so the fix starts there.
"""

import re
import subprocess
import sys

import pytest

from workgroups.web.tests.conftest import PROJECT, server_env, serving

WIDTH, HEIGHT = 360, 740
GROUP = "code-of-conduct-work-group"  # the longest roster, with sources on every seat
PAGES_GROUP = "packaging-work-group"  # a charter and meeting notes
PERSON = "lukasz-langa"

# Beside the PSF data: a group whose every text has a word longer than a phone's line.
WORD = "Internationalisation" * 3
LONG_PERSON = "Maximiliana Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"
LONG_MINUTES = "2024-05-01-meeting-about-" + WORD.lower()
SEED = rf"""
from django.conf import settings
from django.core.management import call_command
from workgroups.registry import services

call_command("import", *[str(p) for p in settings.BUNDLED_DATA], verbosity=0)
url = "https://wiki.python.org/psf/" + "InternationalisationAndLocalisationOfDocumentation" * 2
address = "i18n-" * 11 + "docs@python.org"
group = services.create_group(
    name="{WORD} Work Group",
    slug="long",
    summary=f"Keeps {{url}} and {WORD} current.",
    purpose=f"To translate. See {{url}} or write to {{address}}.",
    formed="2019-03",
    mailing_lists=[{{"address": address, "url": url}}],
    links=[{{"label": url, "url": url}}],
    establishing={{"date": "2019-03-01", "text": f"RESOLVED, that the group is formed; {{url}}."}},
)
for name in ("{LONG_PERSON}", "Ada"):
    services.add_membership(group=group, person=name, role="chair", start="2019-03")
table = "| " + " | ".join(f"column {{i}}" for i in range(12)) + " |\n|" + "---|" * 12 + "\n"
table += "| " + " | ".join(["{WORD}"] * 12) + " |\n"
services.add_page(
    group=group,
    kind="minutes",
    title="Meeting about {WORD}",
    date="2024-05-01",
    body=f"# Notes\n\nSee {{url}} and <{{url}}>.\n\n{{table}}\n`{WORD}{WORD}`\n",
)
"""

# The elements that stick out past the right edge of the screen, furthest first; leaves
# (those with nothing inside them sticking out) name the cause, so they come first on a tie.
WIDEST = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.checkVisibility() || scrolls(el)) continue;
    const box = el.getBoundingClientRect();
    const own = getComputedStyle(el).overflowX === "visible" ? box.left + el.scrollWidth : 0;
    const right = Math.max(box.right, own);
    if (right > vw + 0.5) out.push({el, right});
  }
  const leaf = (o) => !out.some((p) => p !== o && o.el.contains(p.el));
  out.sort((a, b) => b.right - a.right || leaf(b) - leaf(a));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    widest: out.slice(0, 3).map((o) =>
      `${name(o.el)} (in ${name(o.el.parentElement)}) reaches ${Math.round(o.right)} px: ` +
      JSON.stringify(o.el.textContent.trim().replace(/\\s+/g, " ").slice(0, 70))),
  };
}"""

PUBLIC = {
    "directory": "/",
    "group": f"/groups/{GROUP}/",
    "charter": f"/groups/{PAGES_GROUP}/pages/charter/",
    "minutes": f"/groups/{PAGES_GROUP}/pages/2018-01-10-warehouse/",
    "person": f"/people/{PERSON}/",
    "resolutions": "/resolutions/",
    "timeline": "/timeline/",
    "search": "/search/?q=python",
    "health": "/health/",
    "not-found": "/groups/no-such-group/",
    "api-docs": "/api/v1/docs",
    "long-group": "/groups/long/",
    "long-minutes": f"/groups/long/pages/{LONG_MINUTES}/",
    "long-person": "/people/" + LONG_PERSON.lower().replace(" ", "-") + "/",
    "long-search": f"/search/?q={WORD}",
}
EDITING = {
    "dashboard": "/edit/",
    "group-edit-hub": f"/groups/{GROUP}/edit/",
    "details-form": f"/groups/{GROUP}/edit/details/",
    "roster-editor": f"/groups/{GROUP}/edit/roster/",
    "add-member": f"/groups/{GROUP}/edit/roster/",  # the roster form, sent empty: errors shown
    "add-page": f"/groups/{GROUP}/edit/pages/new/",
    "edit-page": f"/groups/{PAGES_GROUP}/pages/charter/edit/",
    "record-resolution": f"/groups/{GROUP}/edit/resolutions/new/",
    "history": f"/groups/{GROUP}/history/",
    "new-group": "/edit/groups/new/",
    "long-edit-hub": "/groups/long/edit/",
    "long-roster-editor": "/groups/long/edit/roster/",
    "long-edit-minutes": f"/groups/long/pages/{LONG_MINUTES}/edit/",
    "long-history": "/groups/long/history/",
}
# Signed in, the sign-in page sends one on; it is measured signed out only.
SIGN_IN = {"sign-in": "/accounts/login/"}
CASES = [
    pytest.param(kind, url, False, id=f"{kind}-signed-out")
    for kind, url in {**PUBLIC, **SIGN_IN}.items()
]
CASES += [
    pytest.param(kind, url, True, id=f"{kind}-signed-in")
    for kind, url in {**PUBLIC, **EDITING}.items()
]


OUTPUT = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory):
    """`workgroups serve` with the bundled PSF data, the long group and a staff account
    ("staff", "pw")."""
    data = tmp_path_factory.mktemp("phone-site")
    env = server_env(data)
    command = [sys.executable, "-m", "workgroups"]

    def run(*args, **extra):
        done = subprocess.run([*command, *args], cwd=PROJECT, env={**env, **extra}, **OUTPUT)
        if done.returncode:
            pytest.fail(f"`workgroups {args[0]}` failed:\n{done.stdout[-3000:]}")

    run("migrate", "-v0")
    run("shell", "-v0", "-c", SEED)
    superuser = ["--noinput", "--username", "staff", "--email", "staff@example.org"]
    run("createsuperuser", *superuser, DJANGO_SUPERUSER_PASSWORD="pw")
    with serving(data, env) as base:
        yield base


@pytest.fixture(scope="module")
def staff_state(browser, phone_site):
    """The cookies of a staff member signed in, for each signed-in test to start from."""
    context = browser.new_context(base_url=phone_site)
    page = context.new_page()
    page.goto("/accounts/login/?next=/edit/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def phone(browser, phone_site, request):
    def open_phone(signed_in: bool):
        state = request.getfixturevalue("staff_state") if signed_in else None
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, base_url=phone_site, storage_state=state
        )
        request.addfinalizer(context.close)
        return context.new_page()

    return open_phone


@pytest.mark.parametrize(("kind", "url", "signed_in"), CASES)
def test_it_fits_a_360_px_phone_screen(phone, kind, url, signed_in):
    page = phone(signed_in)
    response = page.goto(url)
    assert response.status == (404 if kind == "not-found" else 200), url
    assert page.url.endswith(url)  # not sent to sign in
    if kind == "add-member":
        page.locator("form[action*='/edit/roster/add/'] [type=submit]").click()
        page.locator(".errorlist").first.wait_for()
    if kind == "api-docs":  # its own page, drawn by script: wait for the operations
        page.locator("#swagger-ui .opblock").first.wait_for()
    else:
        assert ("Sign out" in page.locator(".site-header").inner_text()) == signed_in
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    measured = page.evaluate(WIDEST)
    assert measured["innerWidth"] == WIDTH
    assert measured["scrollWidth"] <= WIDTH, (
        f"{url} is {measured['scrollWidth']} px wide on a {WIDTH} px screen; widest: "
        + "; ".join(measured["widest"])
    )


def test_it_fits_the_four_sections_of_the_navigation_on_one_row(phone):
    page = phone(False)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    links = nav.get_by_role("link")
    assert links.all_inner_texts() == ["Groups", "Timeline", "Resolutions", "Health"]
    tops = {round(link.bounding_box()["y"]) for link in links.all()}
    assert len(tops) == 1, tops
    nav.get_by_role("link", name="Health").click()
    page.wait_for_url("**/health/")
    assert nav.get_by_role("link", name="Health").get_attribute("aria-current") == "page"
