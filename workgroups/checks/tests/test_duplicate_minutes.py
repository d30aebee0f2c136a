from workgroups.checks.rules import duplicate_minutes, minutes_date_mismatch
from workgroups.checks.tests.make import claim, run, source
from workgroups.checks.tests.make import group as new_group
from workgroups.registry.models import Page

NOTES = "\n".join(f"- item {i}: the group discussed topic number {i}." for i in range(1, 21))


def minutes(g, stem, body, folder="Testing"):
    path = f"psf/working-groups/{folder}/{stem}"
    return Page.objects.create(
        group=g,
        kind="minutes",
        title=stem,
        slug=stem.lower(),
        date=stem[:10],
        path=path,
        body=f"# {stem}\n\n{body}",
        source=source(path + ".md"),
        line_start=1,
        line_end=30,
    )


def mismatch(g, stem, text_date, folder="Testing"):
    path = f"psf/working-groups/{folder}/{stem}"
    value = {"path": path, "file": stem[:10], "text": text_date}
    return claim(g, "minutes_date", value, path=path + ".md", line=1, end=30)


def test_it_reports_meeting_notes_filed_twice_naming_the_misdated_one_the_copy(db, group):
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-sync", NOTES)
    mismatch(group, "2018-02-20-sync", "2018-02-19")
    [f] = run(duplicate_minutes)
    assert (f.code, f.severity, f.groups) == ("duplicate-minutes", "warning", ("testing",))
    assert f.message == (
        "Testing Work Group: the meeting notes “2018-02-20-sync” repeat “2018-02-19-sync” "
        "(the same text under another date): one meeting filed twice."
    )
    assert [s.path for s in f.sources] == [
        "psf/working-groups/Testing/2018-02-20-sync.md",
        "psf/working-groups/Testing/2018-02-19-sync.md",
    ]


def test_the_copy_is_the_later_path_when_neither_date_is_contradicted(db, group):
    minutes(group, "2018-02-20-sync", NOTES)
    minutes(group, "2018-02-19-sync", NOTES)
    [f] = run(duplicate_minutes)
    assert "“2018-02-20-sync” repeat “2018-02-19-sync”" in f.message


def test_the_copy_is_the_earlier_path_when_its_date_is_the_contradicted_one(db, group):
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-sync", NOTES)
    mismatch(group, "2018-02-19-sync", "2018-02-20")
    [f] = run(duplicate_minutes)
    assert "“2018-02-19-sync” repeat “2018-02-20-sync”" in f.message


def test_a_copy_s_date_mismatch_is_not_reported_but_other_notes_mismatches_are(db, group):
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-sync", NOTES)
    mismatch(group, "2018-02-20-sync", "2018-02-19")
    minutes(group, "2019-05-01-sync", "- something else entirely happened.")
    mismatch(group, "2019-05-01-sync", "2019-04-30")
    found = run(minutes_date_mismatch)
    assert [f.message for f in found] == [
        "Testing Work Group: the meeting notes “2019-05-01-sync” are dated 1 May 2019 by "
        "their file name, but their text says 30 April 2019."
    ]


def test_a_mismatch_stands_when_the_notes_are_not_a_copy(db, group):
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-sync", "- a different meeting with a different agenda.")
    mismatch(group, "2018-02-20-sync", "2018-02-19")
    assert run(duplicate_minutes) == []
    [f] = run(minutes_date_mismatch)
    assert "“2018-02-20-sync”" in f.message


def test_the_title_line_is_ignored_and_whitespace_does_not_matter(db, group):
    spaced = NOTES.replace(": the", ":   the").replace("\n", "\n\n")
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-other-title", spaced)
    assert len(run(duplicate_minutes)) == 1


def test_notes_sharing_nine_in_ten_lines_are_copies_and_fewer_are_not(db, group):
    lines = NOTES.split("\n")  # 20 lines
    minutes(group, "2018-02-19-sync", NOTES)
    # 18 of 20 lines in common (the longer page's 20): 0.9, a copy
    minutes(group, "2018-02-20-sync", "\n".join(lines[:18] + ["- x.", "- y."]))
    # 17 of 20 in common: another meeting
    minutes(group, "2018-03-20-sync", "\n".join(lines[:17] + ["- p.", "- q.", "- r."]))
    found = run(duplicate_minutes)
    assert [f.message.split("”")[0] for f in found] == [
        "Testing Work Group: the meeting notes “2018-02-20-sync"
    ]


def test_a_much_shorter_page_is_no_copy_of_a_longer_one(db, group):
    lines = NOTES.split("\n")
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(group, "2018-02-20-sync", "\n".join(lines[:10]))  # all its lines are in the other
    assert run(duplicate_minutes) == []


def test_empty_notes_are_not_copies(db, group):
    minutes(group, "2018-02-19-sync", "")
    minutes(group, "2018-02-20-sync", "")
    assert run(duplicate_minutes) == []


def test_the_same_notes_in_two_groups_or_on_a_non_minutes_page_are_not_copies(db, group):
    other = new_group("Other Work Group", "other")
    minutes(group, "2018-02-19-sync", NOTES)
    minutes(other, "2018-02-20-sync", NOTES, folder="Other")
    Page.objects.create(
        group=group, kind="page", title="Agenda", slug="agenda", path="x/Agenda", body=NOTES
    )
    assert run(duplicate_minutes) == []


def test_it_is_quiet_without_meeting_notes(db, group):
    assert run(duplicate_minutes) == []
