"""Template helpers of the public site: dates, Markdown, sign-in links."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from workgroups.lib import display
from workgroups.lib.partialdate import PartialDate
from workgroups.web import markdown

register = template.Library()


@register.filter
def pdate(value) -> str:
    """A partial date for people: '2018', 'May 2018', '31 May 2018'; '' for none."""
    if not value:
        return ""
    try:
        return PartialDate.parse(value).human()
    except ValueError:
        return str(value)


@register.filter
def iso(value) -> str:
    return value.iso() if isinstance(value, PartialDate) else (str(value) if value else "")


@register.filter
def page_title(page) -> str:
    """A page's title as lists and headings show it (see display.page_title)."""
    return display.page_title(page)


@register.filter(name="markdown")
def markdown_filter(text, top=3):
    return markdown.render(text, top=int(top))


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag
def login_url() -> str:
    return _url("edit:login", settings.LOGIN_URL)


@register.simple_tag
def logout_url() -> str:
    return _url("edit:logout", "/accounts/logout/")
