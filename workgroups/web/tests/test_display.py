"""Page titles as the site shows them."""

from types import SimpleNamespace

import pytest

from workgroups.lib.display import page_title


@pytest.mark.parametrize(
    "kind, title, shown",
    [
        ("minutes", "Packaging/2020-12-23-pip-team-meeting", "pip team meeting"),
        ("minutes", "Packaging/2019-06-07-Warehouse", "Warehouse"),
        ("minutes", "2020-05-18-pip", "pip"),
        ("minutes", "Packaging/2020-05-18", "Meeting notes"),
        ("minutes", "Board meeting, 3 May", "Board meeting, 3 May"),
        ("minutes", "Bylaws / Bylaws Agenda", "Bylaws Agenda"),
        ("minutes", "Bug triage/prioritization call", "Bug triage/prioritization call"),
        ("minutes", "pip team meeting, 23 December 2020", "pip team meeting, 23 December 2020"),
        ("charter", "Scientific / Charter v2", "Scientific / Charter v2"),
        ("page", "Packaging/2019-06-07-Warehouse", "Packaging/2019-06-07-Warehouse"),
    ],
)
def test_it_shortens_meeting_note_titles_only(kind, title, shown):
    assert page_title(SimpleNamespace(kind=kind, title=title)) == shown
