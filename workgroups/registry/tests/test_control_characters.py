"""Every registry operation refuses text holding a character no output can carry, naming the
field (and where in a list it is), and writes nothing; an imported document holding one fails
with its path and line."""

import pytest

from workgroups.registry import services
from workgroups.registry.tests.test_services import snapshot
from workgroups.sources.psf_page import parse_psf_page
from workgroups.sources.records import SourceError
from workgroups.sources.wiki import parse_wiki_index, parse_wiki_page
from workgroups.tests import factories

pytestmark = pytest.mark.django_db

BAD = "Budget\x0b2026"


def _refused(operation, **kwargs) -> dict[str, list[str]]:
    before = snapshot()
    with pytest.raises(services.Invalid) as info:
        operation(**kwargs)
    assert snapshot() == before
    return info.value.message_dict


def _targets(group) -> dict:
    seat = factories.seat(group, factories.make_person("Ada Lovelace"), start="2019-03")
    page = factories.make_page(group, "minutes", "Old notes", "old-notes", date="2020")
    return {"seat": seat, "page": page}


# (operation, its arguments besides the target, the field holding the bad character)
CASES = [
    ("create_group", {"name": BAD}, "name"),
    ("create_group", {"name": "New", "summary": BAD}, "summary"),
    ("create_group", {"name": "New", "purpose": "a\x00b"}, "purpose"),
    ("create_group", {"name": "New", "slug": "new\x7f"}, "slug"),
    ("create_group", {"name": "New", "comment": "why\x1b"}, "comment"),
    ("update_group", {"purpose": "\x85"}, "purpose"),
    ("update_group", {"name": "x\ufffe"}, "name"),
    ("add_membership", {"person": BAD}, "person"),
    ("add_membership", {"person": "Ann Able", "note": BAD}, "note"),
    ("add_membership", {"person": "Ann Able", "role": "chair\x00"}, "role"),
    ("record_resolution", {"kind": "other", "date": "2024", "text": BAD}, "text"),
    ("record_resolution", {"kind": "other", "date": "2024", "text": "R.", "title": BAD}, "title"),
    ("record_resolution", {"kind": "other", "date": "2024", "text": "R.", "medium": BAD}, "medium"),
    ("record_resolution", {"kind": "other", "date": "2024\x0c", "text": "R."}, "date"),
    ("approve_roster", {"note": BAD}, "note"),
    ("confirm_current", {"comment": BAD}, "comment"),
    ("add_page", {"kind": "page", "title": BAD}, "title"),
    ("add_page", {"kind": "page", "title": "T", "body": "\x08"}, "body"),
    ("update_page", {"body": "\x08"}, "body"),
    ("update_page", {"title": BAD}, "title"),
    ("end_membership", {"comment": BAD}, "comment"),
]
# What each operation acts on, besides its text.
TARGET = {
    "create_group": lambda group, rows: {},
    "update_page": lambda group, rows: {"page": rows["page"]},
    "end_membership": lambda group, rows: {"membership": rows["seat"]},
}


@pytest.mark.parametrize("op, fields, field", CASES)
def test_an_operation_names_the_field_that_holds_a_bad_character(group, op, fields, field):
    target = TARGET.get(op, lambda group, rows: {"group": group})(group, _targets(group))
    errors = _refused(getattr(services, op), **target, **fields)
    assert list(errors) == [field]
    assert errors[field][0].startswith("This text holds U+")


def test_the_message_says_which_character_and_where(group):
    errors = _refused(
        services.record_resolution, group=group, kind="other", date="2024", text="R.", title=BAD
    )
    assert errors == {"title": ["This text holds U+000B (a control character) at position 7; "
                                "remove it."]}  # fmt: skip


def test_text_inside_lists_is_named_by_its_place(group):
    errors = _refused(
        services.update_group,
        group=group,
        mailing_lists=[{"address": "ok@python.org"}, {"address": "x@python.org", "url": BAD}],
        links=[{"label": BAD, "url": "https://example.org"}],
    )
    assert set(errors) == {"mailing_lists.1.url", "links.0.label"}
    errors = _refused(
        services.record_resolution,
        group=group,
        kind="roster",
        date="2024",
        text="R.",
        members=[{"person": "Ann Able"}, {"person": BAD, "role": "chair"}],
    )
    assert set(errors) == {"members.1.person"}


def test_every_bad_field_is_named_at_once(group):
    errors = _refused(services.update_group, group=group, name=BAD, summary=BAD, purpose="ok")
    assert set(errors) == {"name", "summary"}


def test_a_lone_surrogate_is_refused(group):
    errors = _refused(services.update_group, group=group, purpose="half \ud83d a smile")
    assert "U+D83D (a lone surrogate) at position 6" in errors["purpose"][0]


def test_tabs_newlines_and_other_scripts_are_fine(group):
    text = "Line one\n\tindented\r\nŁukasz — “quoted” 😀 \u00a0 \u2028"
    services.update_group(group=group, purpose=text)
    group.refresh_from_db()
    assert group.purpose == text


# --- Imported documents: the python.org page and the wiki fail with path:line: -------------


@pytest.mark.parametrize(
    "parse",
    [
        lambda text: parse_psf_page(text, "seeds/page.md"),
        lambda text: parse_wiki_page(text, "seeds/page.md", "psf/working-groups/Tea"),
        lambda text: parse_wiki_index(text, "seeds/page.md"),
    ],
)
def test_a_document_holding_one_fails_naming_the_line(parse):
    text = "# Work Groups\n\nSome text.\n\nThe Tea WG\x0c meets.\n"
    with pytest.raises(SourceError) as info:
        parse(text)
    assert str(info.value) == (
        "seeds/page.md:5: the text holds U+000C (a control character) in column 11"
    )
