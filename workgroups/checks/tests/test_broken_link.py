from workgroups.checks.links import wiki_links, wiki_targets
from workgroups.checks.rules import broken_link
from workgroups.checks.tests.make import group, run, source
from workgroups.registry.models import GroupAlias, LegacyPath, Page

WG = "psf/working-groups/"

BODY = """# Packaging
- [Charter](Packaging/Charter) and [old charter](https://wiki.python.org/psf/PackagingWG/Charter)
- [Minutes](Packaging/2020-09-29-pip) [Outreach Meeting](./(20).html)
- [PyCon](./PyCon.html) ![:)](/wiki/europython/img/smile.png ":)") [mail](mailto:x@python.org)
- [Sprints](../packaging/PackagingSprints) [Lemburg](../people/MarcAndreLemburg)
- [help](HelpOnGroups) [Grants](https://wiki.python.org/psf/Grants/Charter) [index](Grants/index)
- <https://wiki.python.org/psf/Packaging/Charter#goals> [Gone](https://wiki.python.org/psf/Packaging/Gone)
"""


def page(g, path, body="", **kw):
    return Page.objects.create(
        group=g,
        path=WG + path,
        title=path,
        slug=path.lower().replace("/", "-").replace(" ", "-"),
        body=body,
        source=source(f"psf-wiki/{WG}{path}.md"),
        line_start=1,
        **kw,
    )


def test_it_parses_links_with_spaces_and_moin_escapes():
    links = wiki_links(
        "see [a b](Project Funding/index) and [x](./Board(2f)marketing.html)\n"
        "![img](pic.png) <https://wiki.python.org/psf/X>"
    )
    assert [(link.text, link.target, link.line) for link in links] == [
        ("a b", "Project Funding/index", 1),
        ("x", "./Board(2f)marketing.html", 1),
        ("https://wiki.python.org/psf/X", "https://wiki.python.org/psf/X", 2),
    ]
    assert wiki_targets(WG + "Marketing", "./Board(2f)marketing.html", "x") == [
        "psf/Board/marketing",
        WG + "Board/marketing",
    ]
    assert wiki_targets(WG + "Marketing", "./PyCon.html", "PyCon") is None
    assert wiki_targets(WG + "Example/Charter", "../BylawsWG") == [WG + "BylawsWG"]


def test_it_reports_links_into_the_imported_tree_that_lead_nowhere(db):
    packaging = group("Packaging Work Group", "packaging")
    grants = group("Grants Work Group", "grants")
    page(packaging, "Packaging", BODY)
    page(packaging, "Packaging/Charter", kind="charter")
    page(grants, "Grants/Charter", kind="charter")
    LegacyPath.objects.create(old="psf/PackagingWG/Charter", new=WG + "Packaging/Charter")
    GroupAlias.objects.create(group=packaging, kind="path", name="psf/PackagingWG")
    [f] = run(broken_link)
    assert (f.code, f.severity, f.groups) == ("broken-link", "warning", ("packaging",))
    assert f.message == (
        "Packaging Work Group's page “Packaging” links to wiki pages that do not exist here: "
        "“Minutes” → Packaging/2020-09-29-pip (line 3); “Outreach Meeting” (line 3, its target "
        "was lost); “Gone” → https://wiki.python.org/psf/Packaging/Gone (line 7)."
    )
    assert [s.cite for s in f.sources] == [
        f"psf-wiki/{WG}Packaging.md:3",
        f"psf-wiki/{WG}Packaging.md:7",
    ]


def test_it_is_quiet_when_every_link_resolves(db):
    g = group("Grants Work Group", "grants")
    page(g, "Grants", "[Charter](Grants/Charter) [old](https://wiki.python.org/psf/GrantsWG)")
    page(g, "Grants/Charter", kind="charter")
    LegacyPath.objects.create(old="psf/GrantsWG", new=WG + "Grants")
    assert run(broken_link) == []
