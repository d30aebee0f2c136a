from workgroups.checks.rules import formed_date_conflict
from workgroups.checks.tests.make import PSF, claim, group, run


def test_it_reports_a_formed_date_that_the_text_contradicts(db):
    g = group("Infrastructure Work Group", "infrastructure", formed="2010-04")
    claim(g, "formed", "2010-04", PSF, 79)
    claim(g, "stated_date", {"label": "created", "date": "2005-03-24"}, PSF, 86)
    claim(g, "stated_date", {"label": "formed", "date": "2013-06"}, PSF, 89)
    [f] = run(formed_date_conflict)
    assert (f.code, f.severity, f.groups) == ("formed-date-conflict", "error", ("infrastructure",))
    assert f.message == (
        "Infrastructure Work Group: the python.org page gives Formed: April 2010, but its own "
        "text (lines 86 and 89) says created on 24 March 2005 and formed in June 2013."
    )
    assert [s.line_start for s in f.sources] == [79, 86, 89]


def test_it_accepts_dates_that_agree_at_their_precision_and_ignores_other_labels(db):
    g = group("Scientific Python Work Group", "scientific", formed="2015-04")
    claim(g, "stated_date", {"label": "approved", "date": "2015-04-28"}, PSF, 10)
    claim(g, "stated_date", {"label": "updated", "date": "2019-09-24"}, PSF, 11)
    h = group("Project Funding Work Group", "project-funding")  # no formed date: nothing to say
    claim(h, "stated_date", {"label": "approved", "date": "2020-06-11"}, PSF, 12)
    assert run(formed_date_conflict) == []


def test_a_description_dates_its_start_once_its_escapes_and_spacing_are_undone():
    from workgroups.checks.rules import dates_in_purpose
    from workgroups.lib.partialdate import PartialDate

    march = PartialDate.parse("2005-03-24")
    # The verb appears only once the Markdown escape is undone.
    assert dates_in_purpose(r"The board cre\ated this committee on March 24 2005.") == [
        ("created", march)
    ]
    assert dates_in_purpose("The board\n  created this committee on March 24 2005.") == [
        ("created", march)
    ]
    assert dates_in_purpose("The board chartered it on March 24 2005.") == []
    assert dates_in_purpose(r"The board re\created it on March 24 2005.") == []
