"""Every page of the site on the bundled PSF record, reached by its links: none leads to a 404."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from workgroups.registry.models import Group, Page, Person

pytestmark = pytest.mark.usefixtures("psf_data", "db")

# Not pages of the public site: the admin, the API (JSON), and signing out (a POST anyway).
SKIP = ("/admin/", "/api/", "/accounts/logout/")
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src"}
LOGIN = "/accounts/login/"
CRAWLED = {"text/html", "application/atom+xml"}


class Links(HTMLParser):
    """The addresses a page's links, stylesheets, pictures and scripts point to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        value = dict(attrs).get(LINKING.get(tag, ""))
        if value:
            self.found.append(value)

    handle_startendtag = handle_starttag


def internal(href: str, page: str) -> str | None:
    """The site address a link on `page` points to, or None for another site or scheme."""
    url = urljoin("http://testserver" + page, href.strip())
    parts = urlsplit(urldefrag(url)[0])
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    address = parts.path + ("?" + parts.query if parts.query else "")
    if parts.path == LOGIN:
        address = LOGIN  # every page links it with its own ?next=: one visit is enough
    return None if address.startswith(SKIP) else address


def follow(client, address: str):
    """The site address the redirects from `address`, if any, end at (None if they leave the
    site), and the last answer."""
    for _ in range(5):
        response = client.get(address)
        if response.status_code not in (301, 302, 303, 307, 308):
            return address, response
        address = internal(response.headers["Location"], address)
        if address is None:
            return None, response  # on to another site, such as the wiki: not ours to check
    return address, response


def crawl(client) -> tuple[dict[str, int], dict[str, set[str]]]:
    """The status every reachable address answers (after redirects), and who links to each."""
    status: dict[str, int] = {}
    linked_from: dict[str, set[str]] = {}
    queue = deque(["/"])
    linked_from["/"] = {"(start)"}
    while queue:
        address = queue.popleft()
        page, response = follow(client, address)
        status[address] = response.status_code
        kind = response.headers.get("Content-Type", "").split(";")[0]
        if page is None or response.status_code != 200 or kind not in CRAWLED:
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.found:
            target = internal(href, page)
            if target is None:
                continue
            if target not in linked_from:
                linked_from[target] = set()
                queue.append(target)
            linked_from[target].add(page)
    return status, linked_from


def test_it_reaches_every_page_and_no_link_is_broken(client):
    status, linked_from = crawl(client)
    broken = sorted(
        f"{code} {address}  (linked from {', '.join(sorted(linked_from[address])[:3])})"
        for address, code in status.items()
        if code == 404 or code >= 500
    )
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken)
    # The crawl saw the whole site: every group, group page and person of the record. (Pages
    # of no group, such as the wiki's own indexes, show only where some page links them.)
    reached = {address for address, code in status.items() if code == 200}
    pages = Page.objects.filter(group__isnull=False).select_related("group")
    rows = [*Group.objects.all(), *pages, *Person.objects.all()]
    unreached = sorted({row.get_absolute_url() for row in rows} - reached)
    assert unreached == [], f"{len(unreached)} pages no link leads to:\n" + "\n".join(unreached)
    assert {
        "/resolutions/",
        "/timeline/",
        "/feeds/pages.atom",
        "/feeds/resolutions.atom",
    } <= reached
