"""Small made-up registries for the rule tests."""

from datetime import date

from workgroups.checks.engine import Registry
from workgroups.registry.models import Claim, Group, Membership, Person, Source

PSF = "seeds/python-org-psf-workgroups.md"
INDEX = "seeds/psf-wiki-working-groups-index.md"
TODAY = date(2026, 3, 10)


def source(path: str) -> Source:
    kind = (
        "psf-page" if "python-org" in path else "wiki-index" if "index.md" in path else "wiki-page"
    )
    return Source.objects.get_or_create(path=path, defaults={"kind": kind})[0]


def claim(group, field, value, path=PSF, line=1, end=None) -> Claim:
    return Claim.objects.create(
        group=group, field=field, value=value, source=source(path), line_start=line, line_end=end
    )


def group(name, slug, **fields) -> Group:
    return Group.objects.create(name=name, slug=slug, **fields)


def member(group, name, role="member", start=None, end=None, slug=None) -> Membership:
    from workgroups.lib.names import slugify_name

    person, _ = Person.objects.get_or_create(
        slug=slug or slugify_name(name), defaults={"name": name}
    )
    return Membership.objects.create(person=person, group=group, role=role, start=start, end=end)


def run(rule, today=TODAY) -> list:
    return list(rule(Registry(today)))


def people(*names, role="member"):
    from workgroups.lib.names import person_key

    return [{"name": n, "key": person_key(n), "role": role, "voting": True} for n in names]
