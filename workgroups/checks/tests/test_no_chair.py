from workgroups.checks.rules import no_chair
from workgroups.checks.tests.make import claim, group, member, people, run


def test_it_reports_an_active_group_without_a_current_chair(db):
    g = group("Code of Conduct Work Group", "conduct")
    member(g, "Brett Cannon")
    member(g, "Old Chair", role="chair", start="2018", end="2020")
    claim(
        g,
        "chairs",
        people("Tania Allard", "Jessica Greene", role="co-chair"),
        "psf-wiki/psf/working-groups/Conduct/Charter.md",
        12,
    )
    [f] = run(no_chair)
    assert (f.code, f.severity, f.groups) == ("no-chair", "warning", ("conduct",))
    assert f.message == (
        "Code of Conduct Work Group is active but has no current chair; the wiki page "
        "“Conduct/Charter” names Jessica Greene and Tania Allard, not in the record."
    )


def test_it_is_quiet_for_chaired_or_inactive_groups(db, chair):
    group("Sprint Work Group", "sprint", status="inactive")
    assert run(no_chair) == []  # the `group` fixture has Carla Chair
