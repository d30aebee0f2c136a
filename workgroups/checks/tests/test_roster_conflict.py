from workgroups.checks.rules import roster_conflict
from workgroups.checks.tests.make import PSF, claim, group, people, run

CHARTER = "psf-wiki/psf/working-groups/Conduct/Charter.md"
PAGE = "psf-wiki/psf/working-groups/Grants.md"
GRANTS_CHARTER = "psf-wiki/psf/working-groups/Grants/Charter.md"


def roster(names, origin, date=None, chairs=()):
    return {
        "members": people(*names) + people(*chairs, role="chair"),
        "date": date,
        "origin": origin,
    }


def test_it_compares_a_wiki_charter_with_the_python_org_roster(db):
    g = group("Code of Conduct Work Group", "conduct")
    claim(
        g,
        "roster",
        roster(["Brett Cannon", "Łukasz Langa", "Jeff Triplett"], "statement", "2024"),
        PSF,
        25,
    )
    claim(
        g,
        "roster",
        roster(["Brett Cannon", "Lukasz Langa", "Tania Allard"], "charter"),
        CHARTER,
        40,
        60,
    )
    [f] = run(roster_conflict)
    assert (f.code, f.severity, f.groups) == ("roster-conflict", "error", ("conduct",))
    assert "also names Tania Allard" in f.message
    assert "leaves out Jeff Triplett" in f.message
    assert "Lukasz" not in f.message  # accents do not make a difference
    assert "differ from those in the python.org page as of 2024 (line 25)" in f.message


def test_it_compares_wiki_lists_with_the_latest_charter_when_python_org_has_none(db):
    g = group("Grants Work Group", "grants")
    claim(
        g,
        "roster",
        roster(["Aaron Yankey", "Lorena Mesa"], "page", chairs=["Laura Graves"]),
        PAGE,
        37,
        50,
    )
    claim(
        g,
        "roster",
        roster(["Lorena Mesa"], "charter", chairs=["Marie Nordin"]),
        GRANTS_CHARTER,
        130,
        150,
    )
    [f] = run(roster_conflict)
    assert f.severity == "warning"
    assert (
        "listed in the wiki page “Grants” (line 37) differ from those in the wiki page "
        "“Grants/Charter”" in f.message
    )
    assert "also names Aaron Yankey and Laura Graves" in f.message
    assert "leaves out Marie Nordin" in f.message


def test_it_is_quiet_when_the_lists_agree_up_to_a_letter(db):
    g = group("Python Job Board Work Group", "jobs")
    claim(g, "roster", roster(["Jon Clements", "David Hitt"], "statement"), PSF, 5)
    claim(
        g,
        "roster",
        roster(["Jon Clement", "David Hitt", "TBD"], "page"),
        "psf-wiki/psf/working-groups/Jobs.md",
        30,
    )
    assert run(roster_conflict) == []
