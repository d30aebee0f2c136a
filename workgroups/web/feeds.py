"""Atom feeds: board resolutions, and changes to pages (charters, meeting notes)."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from workgroups.lib.display import page_title
from workgroups.registry.models import Page, Resolution
from workgroups.web.markdown import render

ITEMS = 50


def _moment(partial) -> datetime | None:
    return datetime.combine(partial.earliest(), time(12), tzinfo=UTC) if partial else None


class ResolutionsFeed(Feed):
    feed_type = Atom1Feed
    title = "PSF working groups: resolutions"
    subtitle = "Board resolutions that establish, amend or dissolve the PSF's working groups."
    author_name = "Python Software Foundation"

    def link(self):
        return reverse("web:resolutions")

    def feed_url(self):
        return reverse("web:feed-resolutions")

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
        return f"resolution-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _moment(item.date)

    def item_updateddate(self, item):
        return _moment(item.date)

    def item_categories(self, item):
        return [item.get_kind_display()]


class PagesFeed(Feed):
    feed_type = Atom1Feed
    title = "PSF working groups: page changes"
    subtitle = (
        "Charters, meeting notes and other pages of the PSF's working groups, as they change."
    )
    author_name = "Python Software Foundation"

    def link(self):
        return reverse("web:directory")

    def feed_url(self):
        return reverse("web:feed-pages")

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
        return f"page-{item.pk}-{int(item.updated_at.timestamp())}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _moment(item.date) or item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
