"""person-near-duplicate when two people share a name's key: the first by name speaks for both."""

from workgroups.checks.rules import person_near_duplicate
from workgroups.checks.tests.make import group, member, run


def test_the_memberships_of_a_person_whose_key_another_holds_count_for_that_other(db):
    a, b, c = group("Group A", "a"), group("Group B", "b"), group("Group C", "c")
    member(a, "Jon Clements", slug="jon-clements")
    member(b, "Jon Clements", slug="jon-clements-2")  # another row, the same key
    member(c, "Jon Clement")
    [f] = run(person_near_duplicate)
    assert f.message == (
        "Jon Clement and Jon Clements may be one person (names a letter apart): "
        "Jon Clement (in Group C); Jon Clements (in Group A and Group B)."
    )
    assert f.groups == ("c", "a", "b")


def test_a_person_named_only_by_another_name_is_not_their_own_someone(db):
    # Jon Clements's second row is named by its alias only: a someone with no group of its own.
    from workgroups.registry.models import Person, PersonAlias

    a = group("Group A", "a")
    member(a, "Jon Clements", slug="jon-clements")
    second = Person.objects.create(name="Jon Clements", slug="jon-clements-2")
    PersonAlias.objects.create(person=second, name="Jonn Clements")
    messages = sorted(f.message for f in run(person_near_duplicate))
    assert messages == [
        "Jon Clements and Jon Clements may be one person (names a letter apart): "
        "Jon Clements (in Group A); Jon Clements (in no group)."
    ]
