from workgroups.checks.rules import status_conflict
from workgroups.checks.tests.make import INDEX, PSF, claim, group, run


def test_it_reports_sources_that_disagree_on_status(db):
    g = group("Scientific Python Work Group", "scientific", status="inactive")
    claim(g, "status", "inactive", PSF, 188)
    claim(g, "status", "active", INDEX, 20)
    [f] = run(status_conflict)
    assert (f.code, f.severity, f.groups) == ("status-conflict", "error", ("scientific",))
    assert "python.org page (line 188) lists it as inactive" in f.message
    assert "wiki index (line 20) lists it as active" in f.message
    assert [s.cite for s in f.sources] == [f"{PSF}:188", f"{INDEX}:20"]


def test_it_warns_when_a_page_calls_an_active_group_not_active(db):
    g = group("Pydotorg Work Group", "pydotorg")
    claim(g, "status", "active", INDEX, 18)
    claim(g, "status_hint", {"hint": "not active"}, "psf-wiki/psf/about/Contents.md", 12)
    [f] = run(status_conflict)
    assert f.severity == "warning"
    assert "the wiki page “about/Contents” (line 12) calls it not active" in f.message


def test_it_is_quiet_when_sources_agree_or_the_hint_does_not_contradict(db):
    g = group("Translation Work Group", "translation")
    claim(g, "status", "active", INDEX, 23)
    claim(g, "status_hint", {"hint": "forming"}, "psf-wiki/psf/working-groups/Translation.md", 9)
    h = group("Grants Work Group", "grants")
    claim(h, "status", "active", PSF, 53)
    claim(h, "status", "active", INDEX, 12)
    assert run(status_conflict) == []
