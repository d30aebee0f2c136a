from workgroups.checks.rules import duplicate_resolution_text
from workgroups.checks.tests.make import PSF, group, run, source
from workgroups.registry.models import GroupAlias, Resolution

GRANTS_TEXT = (
    "> **RESOLVED**, that the Python Software Foundation acknowledge the creation of the PSF "
    "Grants Workgroup to review proposals to the PSF for grants in support of conferences, "
    "training workshops, and related projects."
)


def resolution(g, text, line, kind="establishing"):
    return Resolution.objects.create(
        group=g, kind=kind, text=text, source=source(PSF), line_start=line
    )


def test_it_finds_a_resolution_pasted_under_the_wrong_group(db):
    grants = group("Grants Work Group", "grants", position=3)
    marketing = group("Marketing Work Group", "marketing", position=9)
    GroupAlias.objects.create(group=grants, name="PSF Grants Workgroup")
    resolution(grants, GRANTS_TEXT, 68)
    resolution(marketing, GRANTS_TEXT.replace("**", "").replace("> ", ""), 226)
    [f] = run(duplicate_resolution_text)
    assert (f.code, f.severity) == ("duplicate-resolution-text", "error")
    assert f.groups == ("marketing", "grants")  # the misplaced one first
    assert "Grants Work Group's establishing resolution (line 68)" in f.message
    assert "Marketing Work Group's establishing resolution (line 226)" in f.message
    assert "pasted under the Marketing Work Group by mistake" in f.message
    assert [s.line_start for s in f.sources] == [68, 226]


def test_it_ignores_short_formulas_and_repeats_within_one_group(db):
    a = group("Scientific Python Work Group", "scientific")
    b = group("Cuban Pythonistas Work Group", "cuba")
    resolution(a, "RESOLVED, approved.", 1)
    resolution(b, "RESOLVED, approved.", 2)
    resolution(a, GRANTS_TEXT, 3)
    resolution(a, GRANTS_TEXT, 4, kind="current")
    assert run(duplicate_resolution_text) == []
