from workgroups.checks.rules import person_near_duplicate
from workgroups.checks.tests.make import group, member, run
from workgroups.registry.models import Person, PersonAlias


def test_it_reports_names_a_letter_apart(db):
    tm = group("Trademarks Work Group", "trademarks")
    mk = group("Marketing Work Group", "marketing")
    member(tm, "Marc-André Lemburg")
    member(mk, "Marc-Andre Lemberg")
    [f] = run(person_near_duplicate)
    assert (f.code, f.severity) == ("person-near-duplicate", "info")
    assert set(f.groups) == {"trademarks", "marketing"}
    assert f.message.startswith("Marc-Andre Lemberg and Marc-André Lemburg may be one person")
    assert "Marc-André Lemburg (in Trademarks Work Group)" in f.message


def test_it_sees_aliases_and_ignores_different_first_names(db):
    g = group("Project Funding Work Group", "project-funding")
    member(g, "Jackie Kazil")
    member(g, "Jacqueline Kazil")
    assert run(person_near_duplicate) == []
    jon = member(g, "Jon Clements").person
    PersonAlias.objects.create(person=jon, name="Jonathan Clements")
    Person.objects.create(name="Jonathon Clements", slug="jonathon")
    [f] = run(person_near_duplicate)
    assert "Jon Clements and Jonathon Clements" in f.message
    assert "Jonathon Clements (in no group)" in f.message


def test_it_does_not_report_one_person_under_two_spellings(db):
    person = Person.objects.create(name="Łukasz Langa", slug="lukasz-langa")
    PersonAlias.objects.create(person=person, name="Lukasz Lenga")
    assert run(person_near_duplicate) == []
