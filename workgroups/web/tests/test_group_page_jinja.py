"""The group page's body is rendered by Jinja2: the same bytes as Django templates gave."""

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from jinja2 import DebugUndefined

from workgroups.tests.factories import make_group, make_person, make_resolution, seat
from workgroups.web.jinja_env import environment

pytestmark = pytest.mark.django_db


def test_values_are_escaped_as_django_escapes_them():
    # Django writes ' as &#x27; (Jinja2's own escape writes &#39;); safe strings pass.
    env = engines["jinja2"].env
    html = env.from_string("{{ a }}|{{ b }}|{{ c }}").render(
        a="O'Brien & <Co>", b=mark_safe("<i>"), c=None
    )
    assert html == "O&#x27;Brien &amp; &lt;Co&gt;|<i>|None"
    # Without quotes too (left to Jinja2's autoescape), and with a double quote.
    html = env.from_string("{{ a }}|{{ b }}").render(a="a < b & c > d", b='say "hi"')
    assert html == "a &lt; b &amp; c &gt; d|say &quot;hi&quot;"


def test_lazy_strings_are_escaped_and_lazy_safe_strings_pass():
    env = engines["jinja2"].env
    lazy_text = lazy(lambda: "<b>", str)()
    lazy_safe = lazy(lambda: mark_safe("<i>"), SafeString)()
    assert env.from_string("{{ a }}|{{ b }}").render(a=lazy_text, b=lazy_safe) == "&lt;b&gt;|<i>"


def test_members_link_to_their_own_pages_current_and_past(client):
    group = make_group()
    now, then = make_person("Ann Now"), make_person("Bo Then")
    seat(group, now)
    seat(group, then, end="2020")
    html = client.get(group.get_absolute_url()).content.decode()
    for person in (now, then):
        assert f'<a href="{person.get_absolute_url()}">{person.name}</a>' in html


def test_the_page_shows_names_escaped_and_the_edit_link_only_to_someone_signed_in(client):
    group = make_group(name="O'Brien's <Tea> Group")
    seat(group, make_person("Seán O'Brien"))
    make_resolution(group, text="RESOLVED, that *O'Brien* chairs it.")
    html = client.get(group.get_absolute_url()).content.decode()
    assert "<h1>O&#x27;Brien&#x27;s &lt;Tea&gt; Group</h1>" in html
    assert ">Seán O&#x27;Brien</a>" in html
    edit = f'href="{reverse("edit:hub", args=[group.slug])}"'
    assert edit not in html
    client.force_login(get_user_model().objects.create_user("staff"))
    assert edit in client.get(group.get_absolute_url()).content.decode()


def test_a_missing_value_prints_nothing_as_in_django_templates_with_debug_on_too():
    env = environment(undefined=DebugUndefined)  # what Django's backend passes under DEBUG
    assert env.from_string("[{{ missing }}|{{ row.cite }}]").render(row={}) == "[|]"
