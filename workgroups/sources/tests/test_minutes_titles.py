"""Meeting notes from the wiki are titled by their first heading, else their series and date."""

from pathlib import Path

import pytest
from django.conf import settings

from workgroups.sources.wiki import parse_wiki_page

WIKI = Path(settings.PROJECT_DIR) / "data" / "psf-wiki"
PACKAGING = "psf/working-groups/Packaging"


def title(stem: str) -> str:
    path = WIKI / PACKAGING / f"{stem}.md"
    return parse_wiki_page(path.read_text(encoding="utf-8"), str(path), f"{PACKAGING}/{stem}").title


@pytest.mark.parametrize(
    "stem, expected",
    [
        ("2020-12-23-pip-team-meeting", "pip team meeting, 23 December 2020"),
        ("2020-06-17-pip-teamwidemeeting", "pip teamwide meeting, 17 June 2020"),
        ("2020-05-18-pip", "pip meeting, 18 May 2020"),  # a paragraph first, no heading
        ("2019-06-07-Warehouse", "Warehouse meeting, 7 June 2019"),
        ("2018-02-20-Warehouse", "Warehouse Sync-up Meeting"),  # its first heading
        ("2020-06-10-pip-teamwidemeeting", "Teamwide meeting"),
        ("2020-05-14-pip", "Resolver dev team chat"),  # after a line that is only a date
        (
            "2018-02-05-Warehouse",
            "Warehouse meeting, 5 February 2018",
        ),  # "## Present:" is a part
        ("2020-02-07-pip-explanation", "pip explanation, 7 February 2020"),
    ],
)
def test_it_titles_the_psf_minutes(stem, expected):
    assert title(stem) == expected


def test_it_never_titles_minutes_by_their_path():
    titles = {title(p.stem) for p in (WIKI / PACKAGING).glob("20*.md")}
    assert not [t for t in titles if t.startswith("Packaging/") or t in ("pip", "Warehouse")]


def test_a_minutes_page_of_its_own_takes_its_heading_or_its_date():
    text = "# Board sync\n\n- Ada\n"
    assert parse_wiki_page(text, "x.md", "psf/working-groups/X/2024-05-02-sync").title == (
        "Board sync"
    )
    plain = parse_wiki_page("- Ada\n", "x.md", "psf/working-groups/X/2024-05-02")
    assert plain.title == "Meeting, 2 May 2024"
