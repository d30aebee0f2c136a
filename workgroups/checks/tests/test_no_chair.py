from workgroups.checks.rules import no_chair
from workgroups.checks.tests.make import claim, group, member, people, run


def test_it_reports_an_active_group_that_no_source_gives_a_chair(db):
    g = group("Meta Work Group", "meta")
    member(g, "Van Lindberg", role="moderator")
    member(g, "Old Chair", role="chair", start="2018", end="2020")
    claim(g, "chairs", people("??", role="chair"), "psf/working-groups/Meta.md", 37)
    [f] = run(no_chair)
    assert (f.code, f.severity, f.groups) == ("no-chair", "warning", ("meta",))
    assert f.message == (
        "Meta Work Group is active, but no source names a chair (only moderators: Van Lindberg)."
    )


def test_it_says_when_the_sources_name_a_chair_the_record_lacks(db):
    g = group("Code of Conduct Work Group", "conduct")
    member(g, "Brett Cannon")
    claim(
        g,
        "chairs",
        people("Tania Allard", "Jessica Greene", role="co-chair"),
        "psf/working-groups/Conduct/Charter.md",
        75,
    )
    [f] = run(no_chair)
    assert (f.severity, f.groups) == ("info", ("conduct",))
    assert f.message == (
        "Code of Conduct Work Group has no current chair in the record, though the wiki page "
        "“Conduct/Charter” names Jessica Greene and Tania Allard."
    )
    assert f.sources[-1].cite == "psf/working-groups/Conduct/Charter.md:75"


def test_it_is_quiet_for_chaired_or_inactive_groups(db, chair):
    group("Sprint Work Group", "sprint", status="inactive")
    assert run(no_chair) == []  # the `group` fixture has Carla Chair
