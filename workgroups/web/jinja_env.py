"""The Jinja2 environment of the pages Django templates render too slowly (the group page's
body: ~6 ms of a cold render at 10,000 groups in Django templates).

Output is the Django templates' to the byte: values are escaped by Django's own escape (which
writes `'` as `&#x27;`, where Jinja2's writes `&#39;`), and the filters are the site's.
"""

from __future__ import annotations

import html
from functools import lru_cache

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from jinja2 import Environment, Undefined
from markupsafe import Markup

from workgroups.web.templatetags import wg


def _escaped(value) -> str:
    # A string without quotes is left to the autoescape that follows: it writes &, < and >
    # as Django does, and quotes otherwise (&#39; for Django's &#x27;), so those are not.
    if type(value) is str and "'" not in value and '"' not in value:
        return value
    # Safe strings (Markdown, `when`) pass as they are; anything else as Django escapes it:
    # conditional_escape() less the wrapper of django.utils.html.escape() that looks for lazy
    # arguments (a third of this function's time; a lazy string is made a string first).
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(html.escape(str(value)))


def environment(**options) -> Environment:
    # Django's includes print their file's last newline: the macros that stand for them do.
    # A missing value prints nothing, as in Django templates, with DEBUG on too (Django's
    # backend would print it as "{{ name }}").
    options["undefined"] = Undefined
    # _escaped leaves strings without quotes to it.
    options["autoescape"] = True
    env = Environment(**options, finalize=_escaped, keep_trailing_newline=True)
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    env.filters.update(
        capfirst=capfirst,
        date=date_format,
        # Dates in words are pure functions of a (hashable) date, and a roster repeats a few:
        # each is worked out once (parsing and wording ~80 dates was ~1 ms of a page).
        pdate=lru_cache(4096)(wg.pdate),
        start_date=lru_cache(4096)(wg.start_date),
        end_date=lru_cache(4096)(wg.end_date),
        on_date=lru_cache(4096)(wg.on_date),
        when=lru_cache(4096)(wg.when),
        page_title=wg.page_title,
    )
    return env
