from workgroups.checks.rules import chair_conflict
from workgroups.checks.tests.make import claim, group, people, run

WG = "psf-wiki/psf/working-groups/"


def test_it_reports_two_pages_naming_different_chairs(db):
    g = group("Grants Work Group", "grants")
    claim(
        g,
        "chairs",
        people("Laura Graves", role="chair")
        + people("Kushal Das", "Vicky Twomey-Lee", role="vice-chair"),
        WG + "Grants.md",
        34,
        35,
    )
    claim(
        g,
        "chairs",
        people("Marie Nordin", role="chair") + people("Cheuk Ting Ho", role="vice-chair"),
        WG + "Grants/Charter.md",
        160,
    )
    [f] = run(chair_conflict)
    assert (f.code, f.severity, f.groups) == ("chair-conflict", "error", ("grants",))
    assert f.message == (
        "Grants Work Group: the wiki page “Grants” (line 34) names Laura Graves "
        "(vice: Kushal Das and Vicky Twomey-Lee) as its chair, but the wiki page "
        "“Grants/Charter” (line 160) names Marie Nordin (vice: Cheuk Ting Ho)."
    )


def test_a_page_chair_beside_a_charter_moderator_is_no_conflict(db):
    g = group("Pydotorg Work Group", "pydotorg")
    claim(g, "chairs", people("Van Lindberg", role="chair"), WG + "Pydotorg.md", 20)
    claim(g, "chairs", people("Ewa Jodlowska", role="moderator"), WG + "Pydotorg/Charter.md", 30)
    h = group("Bylaws Work Group", "bylaws")
    claim(h, "chairs", people("Van Lindberg", role="chair"), WG + "Bylaws.md", 20)
    claim(
        h,
        "chairs",
        people("Van Lindberg", "Marc-Andre Lemburg", role="moderator"),
        WG + "Bylaws/Charter.md",
        30,
    )
    # A chair and a moderator are two offices (Pydotorg): nothing disagrees.
    assert run(chair_conflict) == []


def test_a_wiki_leader_python_org_does_not_name_disagrees_with_python_org(db):
    g = group("Cuban Pythonistas Work Group", "cuba")
    claim(g, "chairs", people("David Mertz", role="moderator"), "python-org-psf-workgroups.md", 468)
    claim(g, "chairs", people("Roberto Gonzalez", role="chair"), WG + "Python Cuba.md", 31)
    [f] = run(chair_conflict)
    assert f.groups == ("cuba",)
    assert "the python.org page (line 468) names David Mertz as its moderator" in f.message
    assert "Roberto Gonzalez" in f.message


def test_python_org_and_the_wiki_naming_the_same_leader_agree(db):
    g = group("Trademarks Work Group", "tm")
    claim(g, "chairs", people("David Mertz", role="chair"), "python-org-psf-workgroups.md", 160)
    claim(g, "chairs", people("David Mertz", role="chair"), WG + "Trademarks.md", 5)
    assert run(chair_conflict) == []


def test_it_ignores_placeholders_and_superseded_charters(db):
    from workgroups.checks.tests.make import source
    from workgroups.registry.models import Page

    g = group("Scientific Python Work Group", "scientific")
    claim(g, "chairs", people("TBD", role="chair"), WG + "Fellow.md", 3)
    claim(
        g,
        "chairs",
        people("David Mertz", "Stefan van der Walt", role="co-chair"),
        WG + "Scientific.md",
        20,
    )
    claim(
        g,
        "chairs",
        people("David Mertz", "Stefan van der Walt", "Andy Terrel", role="co-chair"),
        WG + "Scientific/Charter.md",
        10,
    )
    for n, path in enumerate(["Scientific/Charter", "Scientific/Charter_v3"]):
        Page.objects.create(
            group=g,
            kind="charter",
            title=path,
            slug=f"c{n}",
            position=n,
            path="psf/working-groups/" + path,
            source=source(WG + path + ".md"),
            line_start=1,
        )
    assert run(chair_conflict) == []
