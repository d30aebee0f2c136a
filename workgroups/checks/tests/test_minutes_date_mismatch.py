import pytest

from workgroups.checks.rules import minutes_date_mismatch
from workgroups.checks.tests.make import claim, run


def test_it_reports_notes_whose_text_gives_another_date(db, group):
    value = {
        "path": "psf/working-groups/Testing/2018-02-20-sync",
        "file": "2018-02-20",
        "text": "2018-02-19",
    }
    claim(
        group,
        "minutes_date",
        value,
        path="psf/working-groups/Testing/2018-02-20-sync.md",
        line=1,
        end=30,
    )
    [f] = run(minutes_date_mismatch)
    assert (f.code, f.severity, f.groups) == ("minutes-date-mismatch", "warning", ("testing",))
    assert f.message == (
        "Testing Work Group: the meeting notes “2018-02-20-sync” are dated 20 February 2018 by "
        "their file name, but their text says 19 February 2018."
    )
    assert f.sources[0].path == "psf/working-groups/Testing/2018-02-20-sync.md"


def test_it_is_quiet_without_such_notes(db, group):
    assert run(minutes_date_mismatch) == []


@pytest.mark.usefixtures("psf_data")
def test_it_finds_the_packaging_notes_of_the_wrong_day(db):
    found = {f.message for f in run(minutes_date_mismatch)}
    assert any("“2018-02-20-Warehouse” are dated 20 February 2018" in m for m in found)
    # The 2020-10-12 copies of the 20 and 21 October notes are duplicate-minutes, not this.
    assert not any("“2020-10-12-pip-team-meeting”" in m for m in found)
