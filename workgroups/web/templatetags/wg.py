"""Template helpers of the public site: dates, Markdown, sign-in links."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from workgroups.lib import display
from workgroups.lib.partialdate import PartialDate
from workgroups.web import markdown

register = template.Library()


@register.filter
def pdate(value) -> str:
    """A date in words: '2018', 'May 2018', '31 May 2018', 'about 2005',
    'before 25 February 2007', 'date unknown'; '' for none."""
    return display.date_words(value)


@register.filter
def start_date(value) -> str:
    """When a seat began: the date in words, or 'start unknown'."""
    return display.start_words(value)


@register.filter
def end_date(value) -> str:
    """When a seat ended: the date in words, 'end unknown', or '' while it lasts."""
    return display.end_words(value)


@register.filter
def on_date(value) -> str:
    """A date ending a sentence: 'on 31 May 2018', 'in 2018', 'about 2005',
    'before 25 February 2007', 'at an unknown date'."""
    return display.date_phrase(value)


@register.filter
def iso(value) -> str:
    """The EDTF string ('2005~', '[..2007-02-25]', 'XXXX'); '' for none."""
    return value.iso() if isinstance(value, PartialDate) else (str(value) if value else "")


@register.filter
def when(value, css: str = ""):
    """A date in words in an element: `<time>` with its machine-readable form for a plain date
    (HTML's datetime takes '2018', '2018-05', '2018-05-31'); for an about, on-or-before or
    unknown one, which HTML cannot state, a `<span>` whose title is the EDTF string."""
    words = display.date_words(value)
    if not words:
        return ""
    machine = display.html_datetime(value)
    attrs = format_html(' class="{}"', css) if css else ""
    if machine:
        return format_html('<time{} datetime="{}">{}</time>', attrs, machine, words)
    return format_html('<span{} title="EDTF: {}">{}</span>', attrs, iso(value), words)


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
