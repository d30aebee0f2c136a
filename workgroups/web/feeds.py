"""Atom feeds: board resolutions, and changes to pages (charters, meeting notes)."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from workgroups.lib.display import page_title
from workgroups.lib.text import publishable
from workgroups.registry.models import Page, Resolution
from workgroups.web.markdown import render

ITEMS = 50
# The date part of every tag: id: the authority held the domain then, and ids never change.
TAG_YEAR = 2026


def tag(specific: str) -> str:
    """An Atom id as a tag: URI (RFC 4151), the same whatever host the feed was fetched by."""
    return f"tag:{settings.WORKGROUPS_TAG_AUTHORITY},{TAG_YEAR}:{specific}"


def _publishable(value):
    if isinstance(value, str):
        return publishable(value)
    if isinstance(value, list | tuple):
        return [_publishable(v) for v in value]
    return value


class _Atom(Atom1Feed):
    """Atom whose entries hold only characters XML 1.0 allows, whatever the database holds."""

    def add_item(self, **fields):
        super().add_item(**{name: _publishable(value) for name, value in fields.items()})


def _moment(partial) -> datetime | None:
    """Noon of the date's first day; of the day it is on or before; none when unknown."""
    if partial is None or not partial.known:
        return None
    day = partial.latest() if partial.before else partial.earliest()
    return datetime.combine(day, time(12), tzinfo=UTC)


class ResolutionsFeed(Feed):
    feed_type = _Atom
    title = "PSF working groups: resolutions"
    subtitle = "Board resolutions that establish, amend or dissolve the PSF's working groups."
    author_name = "Python Software Foundation"

    def link(self):
        return reverse("web:resolutions")

    def feed_url(self):
        return reverse("web:feed-resolutions")

    def feed_guid(self):
        return tag("feeds/resolutions")

    def items(self):
        return (
            Resolution.objects.select_related("group")
            .filter(date__isnull=False)
            .order_by("-date", "-position", "-pk")[:ITEMS]
        )

    def item_title(self, item):
        title = item.title or f"{item.get_kind_display()} resolution"
        return f"{item.group.name}: {title}"

    def item_description(self, item):
        return render(item.text, top=3)

    def item_link(self, item):
        return f"{item.group.get_absolute_url()}#resolution-{item.pk}"

    def item_guid(self, item):
        return tag(f"resolution/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _moment(item.date)

    def item_updateddate(self, item):
        return _moment(item.date)

    def item_categories(self, item):
        return [item.get_kind_display()]


class PagesFeed(Feed):
    feed_type = _Atom
    title = "PSF working groups: page changes"
    subtitle = (
        "Charters, meeting notes and other pages of the PSF's working groups, as they change."
    )
    author_name = "Python Software Foundation"

    def link(self):
        return reverse("web:directory")

    def feed_url(self):
        return reverse("web:feed-pages")

    def feed_guid(self):
        return tag("feeds/pages")

    def items(self):
        return (
            Page.objects.select_related("group")
            .exclude(kind=Page.Kind.TEMPLATE)
            .order_by("-updated_at", "-pk")[:ITEMS]
        )

    def item_title(self, item):
        title = page_title(item)
        return f"{item.group.name}: {title}" if item.group_id else title

    def item_description(self, item):
        return render(item.body, base=item.path, top=2, drop_title=True)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # One entry per change of the page: a change is known by when it was saved.
        return tag(f"page/{item.pk}/{item.updated_at.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _moment(item.date) or item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
