"""The snapshot's rows are made as pydantic's model_construct makes them."""

import pytest

from workgroups.lib.partialdate import PartialDate
from workgroups.registry.snapshot import _construct
from workgroups.sources import shapes

ROWS = [
    (shapes.Person, {"slug": "ada", "name": "Ada", "aliases": []}),
    (shapes.Person, {"slug": "ada", "name": "Ada"}),  # aliases left to their default
    (shapes.Membership, {"person": "ada", "name": "Ada", "role": "chair", "voting": True,
                         "start": PartialDate.parse("2020-01"), "end": None, "note": ""}),
    (shapes.Vote, {"yes": 3, "no": 0, "abstain": 1}),
    (shapes.ResolutionRef, {"group": "tea", "index": 2}),
    (shapes.Source, {"path": "a.md", "kind": "wiki", "sha256": "0" * 64, "unknown": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "values"), ROWS)
def test_rows_are_model_construct_s(cls, values):
    made, expected = _construct(cls, **values), cls.model_construct(**values)
    assert type(made) is cls
    assert made == expected
    assert list(made.__dict__) == list(expected.__dict__)
    assert made.model_fields_set == expected.model_fields_set
    assert made.__pydantic_extra__ is None and made.__pydantic_private__ is None
    assert made.model_dump() == expected.model_dump()


def test_a_default_list_is_not_shared():
    one, two = (
        _construct(shapes.Person, slug="a", name="A"),
        _construct(shapes.Person, slug="b", name="B"),
    )
    one.aliases.append("Alpha")
    assert two.aliases == []
