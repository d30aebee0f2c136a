"""Every page type validates with the Nu HTML Checker: 0 errors (warnings allowed).

The pages are rendered by the test client on the bundled PSF record (and a made-up group with
its chair for the edit forms), written to a folder and checked in one run of the checker.
"""

import json
import subprocess

import pytest
from django.test import Client, RequestFactory

from workgroups.lib.vocabulary import PageKind
from workgroups.registry.models import Group, Page, Person
from workgroups.web import views
from workgroups.web.tests.standards import vnu_command

pytestmark = pytest.mark.usefixtures("psf_data", "db")


def public_urls() -> dict[str, str]:
    group = Group.objects.filter(memberships__isnull=False).order_by("slug").first()
    page = Page.objects.filter(group__isnull=False, kind=PageKind.MINUTES).order_by("slug").first()
    person = Person.objects.filter(memberships__isnull=False).order_by("slug").first()
    return {
        "directory": "/",
        "group": group.get_absolute_url(),
        "person": person.get_absolute_url(),
        "resolutions": "/resolutions/",
        "timeline": "/timeline/",
        "search": "/search/?q=python",
        "health": "/health/",
        "page": page.get_absolute_url(),
        "history-imported": f"/groups/{group.slug}/history/",
        "sign-in": "/accounts/login/",
        "404": "/no/such/page/",
    }


CHAIR_URLS = {
    "edit-dashboard": "/edit/",
    "edit-hub": "/groups/testing/edit/",
    "edit-details": "/groups/testing/edit/details/",
    "edit-roster": "/groups/testing/edit/roster/",
    "edit-add-page": "/groups/testing/edit/pages/new/",
    "history-edited": "/groups/testing/history/",
}


def render_all(chair, outsider) -> dict[str, bytes]:
    pages = {}
    anonymous = Client()
    for name, url in public_urls().items():
        response = anonymous.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        pages[name] = response.content

    signed_in = Client()
    signed_in.force_login(chair)
    # An edit made in the app: its history's time stamp has microseconds, its body a code block.
    response = signed_in.post(
        "/groups/testing/edit/pages/new/",
        {
            "kind": PageKind.MINUTES,
            "title": "Notes",
            "date": "2024-05-06",
            "body": "Met.\n\n```\npip install workgroups\n```\n",
            "comment": "x",
        },
    )
    assert response.status_code == 302
    edited = Page.objects.get(group__slug="testing", title="Notes").get_absolute_url()
    for name, url in {**CHAIR_URLS, "page-edited": edited}.items():
        response = signed_in.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content

    forbidden = Client()
    forbidden.force_login(outsider)
    response = forbidden.get("/groups/testing/edit/details/")
    assert response.status_code == 403 and b"Error 403" in response.content
    pages["403"] = response.content
    pages["500"] = views.server_error(RequestFactory().get("/")).content
    return pages


def test_every_page_type_validates_with_the_nu_html_checker(chair, outsider, tmp_path):
    command = vnu_command()
    files = []
    for name, content in render_all(chair, outsider).items():
        file = tmp_path / f"{name}.html"
        file.write_bytes(content)
        files.append(str(file))
    run = subprocess.run(
        [*command, "--format", "json", "--stdout", *files], capture_output=True, text=True
    )
    messages = json.loads(run.stdout)["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
