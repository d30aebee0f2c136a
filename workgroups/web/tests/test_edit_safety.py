"""Safety: hostile input saved through the forms and the API is inert on the real pages;
security headers; `workgroups check --deploy` with production settings."""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from workgroups.api.models import ApiToken
from workgroups.lib.vocabulary import Role
from workgroups.registry.models import Group, MailingList, Page, Person
from workgroups.registry.tests.test_permissions import snapshot
from workgroups.tests.factories import make_person, seat

PROJECT = Path(__file__).resolve().parents[3]

# Each sets a flag or raises a dialog if it ever runs.
PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=1 /></svg>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "[click me](javascript:alert('md-link'))",
    "[click me](JaVaScRiPt:alert('md-case'))",
    "[click me](jav&#x09;ascript:alert('entity'))",
    "![pic](javascript:alert('md-img'))",
    "<a href=\"javascript:alert('a')\">a link</a>",
    "<a href=\" javascript:alert('space')\">a link</a>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "\"><script>alert('break-out')</script>",
    "'><img src=x onerror=alert('quote')>",
    "<details open ontoggle=alert('toggle')>x</details>",
    "<div onmouseover=\"alert('hover')\">hover</div>",
    "<style>body{background:url(javascript:alert('style'))}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
    "<base href=\"javascript:alert('base')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "```{raw} html\n<script>alert('myst-raw')</script>\n```",
    "```{admonition} <img src=x onerror=alert('admonition')>\nbody\n```",
    "<scr<script>ipt>alert('nested')</script>",
    "{{ request }} {% debug %}",
]
CORPUS = "\n\n".join(PAYLOADS)
SHORT = "<script>alert('name')</script><img src=x onerror=alert('n')>"

BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "applet", "style"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = attributes.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name == "style":
                self.problems.append(f"<{tag} style>")
            if name in URL_ATTRIBUTES and value:
                squeezed = "".join(c for c in value if c > " ").lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data.strip()[:40]!r}")


def problems(html: str) -> list[str]:
    """What in a page could run code: inline scripts, handlers, bad URLs, frames, styles."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_inspector_catches_what_it_should():
    assert problems("<p onclick='x()'>a</p>") == ["<p onclick>"]
    assert problems('<a href=" JavaScript:x">a</a>')
    assert problems("<script>x()</script>")
    assert problems("<iframe></iframe>")
    assert problems('<script src="/static/web/edit/edit.js"></script><p>ok</p>') == []


def _bearer(user) -> dict:
    _, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _api(client, method, url, body, headers):
    response = getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code in (200, 201), response.content
    return response


@pytest.fixture
def hostile(client, group, staff):
    """The corpus saved through the forms and through the API, everywhere text goes."""
    client.force_login(staff)
    form_posts = [
        (
            "/groups/testing/edit/details/",
            {
                "name": "Testing <b>Work</b> Group",
                "summary": SHORT,
                "purpose": CORPUS,
                "links": "Evil | javascript:alert(1)",  # refused by the operation
                "version": "1",
            },
        ),
        (
            "/groups/testing/edit/roster/add/",
            {"person": "Eve <script>alert(1)</script>", "role": "chair", "start": "2024"},
        ),
        (
            "/groups/testing/edit/pages/new/",
            {"kind": "minutes", "date": "2024-01-02", "title": SHORT, "body": CORPUS},
        ),
        (
            "/groups/testing/edit/resolutions/new/",
            {
                "kind": "amending",
                "title": SHORT,
                "date": "2024-01-03",
                "text": CORPUS,
                "medium": SHORT,
                "comment": SHORT[:100],
            },
        ),
    ]
    for url, data in form_posts:
        client.post(url, data)
    # The links field was refused, so the first form did not save: save it without them.
    client.post(
        "/groups/testing/edit/details/",
        {
            "name": "Testing <b>Work</b> Group",
            "summary": SHORT,
            "purpose": CORPUS,
            "version": str(Group.objects.get(slug="testing").version),
            "comment": "'><img src=x onerror=alert(1)>",
        },
    )
    headers = _bearer(staff)
    _api(
        client,
        "post",
        "/api/v1/groups",
        {"name": "Evil " + SHORT, "slug": "evil", "summary": SHORT, "purpose": CORPUS},
        headers,
    )
    _api(client, "post", "/api/v1/groups/evil/members", {"person": SHORT}, headers)
    _api(
        client,
        "post",
        "/api/v1/groups/evil/pages",
        {"kind": "page", "title": "Evil " + SHORT, "body": CORPUS},
        headers,
    )
    _api(
        client,
        "post",
        "/api/v1/groups/evil/resolutions",
        {"kind": "establishing", "title": SHORT, "date": "2024", "text": CORPUS},
        headers,
    )
    group = Group.objects.get(slug="testing")
    assert group.purpose == CORPUS
    assert Page.objects.filter(group=group, body=CORPUS).exists()
    assert group.resolutions.filter(text=CORPUS).exists()
    assert not group.links.exists()
    return group


def hostile_urls() -> list[str]:
    urls = ["/", "/groups/testing/", "/groups/evil/", "/resolutions/"]
    urls += [page.get_absolute_url() for page in Page.objects.filter(group__isnull=False)]
    urls += [person.get_absolute_url() for person in Person.objects.all()]
    urls += ["/groups/testing/history/", "/groups/evil/history/", "/groups/testing/edit/"]
    urls += ["/groups/testing/edit/roster/", "/search/?q=script"]
    return urls


def test_hostile_input_is_inert_on_every_page(client, hostile, staff):
    client.force_login(staff)  # signed in: the edit links, forms and revert buttons show too
    seen = set()
    for url in hostile_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert problems(html) == [], url
        seen.add(url) if "click me" in html or "alert(" in html else None
    # The payloads are on the pages (as text), not silently dropped before display.
    assert {"/groups/testing/", "/groups/testing/history/"} <= seen
    # The readers' view (cached bytes included) too.
    client.logout()
    for url in ["/", "/groups/testing/", "/groups/testing/history/"]:
        assert problems(client.get(url).content.decode()) == [], url


def test_the_preview_is_inert(client, chair):
    client.force_login(chair)
    html = client.post("/edit/preview/", {"text": CORPUS}).content.decode()
    assert problems(html) == []


def test_the_api_returns_the_text_as_data_not_html(client, hostile):
    response = client.get("/api/v1/groups/testing")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["purpose"] == CORPUS


@pytest.mark.parametrize(
    "url",
    ["/", "/groups/testing/", "/accounts/login/", "/groups/testing/history/", "/api/v1/groups"],
)
def test_security_headers(client, group, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_edit_pages_have_the_headers_too(client, group, staff):
    client.force_login(staff)
    response = client.get("/groups/testing/edit/resolutions/new/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_http_only_or_secure_as_configured(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _deploy_check(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WORKGROUPS_", "DATABASE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        WORKGROUPS_DATA_DIR=str(tmp_path),
        WORKGROUPS_SECRET_KEY=secrets.token_urlsafe(64),
        WORKGROUPS_HTTPS="1",
        WORKGROUPS_DEBUG="0",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "workgroups", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """WORKGROUPS_SECRET_KEY set, WORKGROUPS_HTTPS=1, DEBUG off: no warning at all."""
    result = _deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- A refusal says who may, and whom to ask ---------------------------------------------------


def test_it_says_who_may_change_a_roster_and_names_the_chairs(client, group, chair, member):
    MailingList.objects.create(group=group, address="testing-wg@python.org")
    client.force_login(member)
    response = client.get("/groups/testing/edit/roster/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'href="/static/web/site.css"' in html  # the site's page, not a bare one
    assert "The board and Testing Work Group&#x27;s chairs may change this group&#x27;s roster" in (
        html
    )
    assert ">Carla Chair</a>" in html
    assert 'href="mailto:testing-wg@python.org"' in html


def test_it_says_only_the_board_records_a_resolution(client, group, chair):
    client.force_login(chair)
    html = client.post("/groups/testing/edit/resolutions/new/", {"kind": "other"}).content
    assert "Only the board (staff accounts) may record a resolution." in html.decode()


def test_it_says_members_may_add_notes_but_not_a_charter(client, group, member):
    client.force_login(member)
    response = client.get("/groups/testing/edit/pages/new/?kind=charter")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only a group&#x27;s chairs and the board add a charter." in html
    assert "The board and Testing Work Group&#x27;s chairs may add or edit a charter." in html


def test_it_tells_an_account_linked_to_no_one_to_ask_the_staff(client, group, outsider):
    client.force_login(outsider)
    response = client.get("/edit/groups/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the board (staff accounts) may create a group." in html
    assert "Your account (outsider) is not linked to a person" in html


def test_a_refused_csrf_token_gets_the_sites_page(group, chair):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(chair)
    response = strict.post("/groups/testing/edit/pages/new/", {"kind": "minutes"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'href="/static/web/site.css"' in html and "<style>" not in html
    assert "Nothing was saved" in html


# --- Text typed before the session expired is kept --------------------------------------------

NOTES = {
    "kind": "minutes",
    "date": "2024-03-05",
    "title": "",
    "body": "We met.\n\n- tea",
    "version": "1",
}


def test_it_keeps_a_signed_out_post_and_shows_it_again_after_signing_in(client, group, member):
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/pages/new/?kind=minutes",
        {**NOTES, "password": "never kept"},
        HTTP_REFERER="http://testserver/groups/testing/edit/pages/new/?kind=minutes",
    )
    assert response.status_code == 302
    assert response["Location"] == (
        "/accounts/login/?next=/groups/testing/edit/pages/new/%3Fkind%3Dminutes"
    )
    assert snapshot() == before
    kept = client.session["kept_form"]
    assert kept["data"]["body"] == ["We met.\n\n- tea"]
    assert "password" not in kept["data"] and "csrfmiddlewaretoken" not in kept["data"]

    signed_in = client.post(
        "/accounts/login/?next=/groups/testing/edit/pages/new/%3Fkind%3Dminutes",
        {"username": "member", "password": "pw"},
    )
    assert signed_in["Location"] == "/groups/testing/edit/pages/new/?kind=minutes"
    response = client.get(signed_in["Location"])
    form = response.context["form"]
    assert not form.is_bound  # nothing checked, nothing written until submitted again
    assert form["body"].value() == "We met.\n\n- tea"
    assert form["date"].value() == "2024-03-05"
    assert "Your text was kept: check it and submit again." in response.content.decode()
    assert snapshot() == before
    # Once: a reload shows the empty form.
    assert client.get("/groups/testing/edit/pages/new/").context["form"]["body"].value() is None

    client.post("/groups/testing/edit/pages/new/", NOTES)
    assert Page.objects.get(group=group, kind="minutes").body == "We met.\n\n- tea"


def test_it_keeps_a_roster_addition_for_the_roster_page(client, group, chair):
    client.post(
        "/groups/testing/edit/roster/add/",
        {"person": "Grace Hopper", "role": "co-chair", "start": "2024-05-01", "version": "1"},
    )
    client.force_login(chair)
    response = client.get("/groups/testing/edit/roster/")
    add_form = response.context["add_form"]
    assert add_form["person"].value() == "Grace Hopper"
    assert add_form["role"].value() == "co-chair"
    assert add_form["voting"].value() is False  # left unticked, kept unticked
    assert not Person.objects.filter(name="Grace Hopper").exists()


def test_kept_text_is_shown_only_on_the_form_it_came_from(client, group, chair):
    client.post("/groups/testing/edit/details/", {"purpose": "Typed", "version": "1"})
    client.force_login(chair)
    assert "Your text was kept" not in client.get("/groups/testing/edit/roster/").content.decode()
    response = client.get("/groups/testing/edit/details/")
    assert response.context["form"]["purpose"].value() == "Typed"


# --- Ending a seat asks first ------------------------------------------------------------------


def test_ending_a_seat_asks_first_naming_the_person_the_role_and_the_date(client, group, chair):
    client.force_login(chair)
    ada = seat(group, make_person("Ada Lovelace"), Role.SECRETARY, "2019")
    before = snapshot()
    url = f"/groups/testing/edit/roster/{ada.pk}/end/"
    response = client.post(url, {"end": "2024-05-01", "version": "1", "confirm": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "End Ada Lovelace&#x27;s membership as secretary of Testing Work Group on 1 May 2024?"
        in (html)
    )
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert snapshot() == before
    response = client.post(url, {"end": "2024-05-01", "version": "1", "confirm": "yes"})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.end.iso() == "2024-05-01"


def test_a_wrong_end_date_is_shown_before_asking(client, group, chair):
    client.force_login(chair)
    ada = seat(group, make_person("Ada Lovelace"), Role.MEMBER, "2019")
    response = client.post(f"/groups/testing/edit/roster/{ada.pk}/end/", {"end": "2018"})
    assert response.context["form"].errors == {"end": ["The end 2018 is before the start 2019."]}
    assert "confirm" not in response.context


def test_the_roster_offers_the_confirm_dialog(client, group, chair):
    client.force_login(chair)
    html = client.get("/groups/testing/edit/roster/").content.decode()
    assert 'data-end-person="Carla Chair" data-end-role="chair"' in html
    assert '<dialog id="end-dialog"' in html


# --- One submit shows every error ---------------------------------------------------------------


def test_a_control_character_does_not_hide_the_other_fields_errors(client, group, staff):
    client.force_login(staff)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/resolutions/new/",
        {"kind": "other", "date": "2024-02-30", "title": "Budget\u000b2026", "text": "R."},
    )
    errors = response.context["form"].errors
    assert errors["title"] == [
        "This text holds U+000B (a control character) at position 7; remove it."
    ]
    assert "February 2024 has no day 30" in errors["date"][0]
    assert snapshot() == before


def test_a_control_character_in_a_line_names_the_line(client, group, staff):
    client.force_login(staff)
    response = client.post(
        "/groups/testing/edit/details/",
        {
            "links": "Home | https://python.org\nNotes\u0008 | https://x.org",
            "name": "",
            "version": "1",
        },
    )
    errors = response.context["form"].errors
    assert errors["links"] == [
        "line 2: This text holds U+0008 (a control character) in column 6; remove it."
    ]
    assert errors["name"] == ["A group needs a name."]


def test_an_unknown_page_kind_does_not_hide_the_other_fields_errors(client, group, member):
    client.force_login(member)
    before = snapshot()
    response = client.post(
        "/groups/testing/edit/pages/new/",
        {"kind": "diary", "title": "", "date": "2024-02-30", "body": "x"},
    )
    errors = response.context["form"].errors
    assert "diary is not one of the available choices" in errors["kind"][0]
    assert "February 2024 has no day 30" in errors["date"][0]
    assert snapshot() == before


def test_an_unknown_page_kind_shows_only_what_every_kind_refuses(client, group, member):
    client.force_login(member)
    response = client.post(
        "/groups/testing/edit/pages/new/", {"kind": "diary", "title": "", "date": "2024-03-05"}
    )
    # Meeting notes may leave the title out; other pages may not: no error on it yet.
    assert list(response.context["form"].errors) == ["kind"]
