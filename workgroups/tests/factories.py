"""Made-up registry rows for tests, written straight to the database with the ORM.

Each maker takes the row's fields as keyword overrides of a small default, so a test names only
what it asserts on. They bypass `workgroups.registry.services` on purpose: they set up state;
tests of the registry's operations call the services themselves. (Only `matrix_targets` goes
through a service, for a change with its history record.)
"""

from __future__ import annotations

from collections.abc import Iterable

from workgroups.lib.names import slugify_name
from workgroups.lib.vocabulary import (
    ClaimField,
    GroupStatus,
    PageKind,
    ResolutionKind,
    Role,
    SourceKind,
)
from workgroups.registry import services
from workgroups.registry.models import (
    Claim,
    Group,
    GroupAlias,
    LegacyPath,
    Link,
    MailingList,
    Membership,
    Page,
    Person,
    PersonAlias,
    Resolution,
    RosterApproval,
    Source,
)

# Every table of the registry, each before the tables it points to: the order to empty them in.
REGISTRY_TABLES = [
    Claim,
    RosterApproval,
    Page,
    Resolution,
    Membership,
    Link,
    MailingList,
    GroupAlias,
    Group,
    PersonAlias,
    Person,
    LegacyPath,
    Source,
]


def make_source(path: str = "seeds/page.md", kind: str = SourceKind.PSF_PAGE, **fields) -> Source:
    """The source at `path`, made on first use: several rows may cite one source."""
    return Source.objects.get_or_create(path=path, defaults={"kind": kind, **fields})[0]


def make_group(*, aliases: Iterable[str] = (), paths: Iterable[str] = (), **overrides) -> Group:
    """A group (the Tea & Biscuits one unless overridden), with name aliases then path aliases."""
    fields = {"name": "Tea & Biscuits Work Group", "slug": "tea", **overrides}
    group = Group.objects.create(**fields)
    for name in aliases:
        GroupAlias.objects.create(group=group, kind=GroupAlias.Kind.NAME, name=name)
    for path in paths:
        GroupAlias.objects.create(group=group, kind=GroupAlias.Kind.PATH, name=path)
    return group


def make_person(name: str = "Ada Lovelace", *, aliases: Iterable[str] = (), **overrides) -> Person:
    """A person whose slug is made from the name unless given, with other spellings of it."""
    fields = {"slug": slugify_name(name), **overrides}
    person = Person.objects.create(name=name, **fields)
    for alias in aliases:
        PersonAlias.objects.create(person=person, name=alias)
    return person


def seat(
    group: Group, person: Person, role: str = Role.MEMBER, start: str | None = None, **fields
) -> Membership:
    return Membership.objects.create(group=group, person=person, role=role, start=start, **fields)


def make_resolution(
    group: Group,
    kind: str = ResolutionKind.ESTABLISHING,
    text: str = "RESOLVED.",
    **fields,
) -> Resolution:
    return Resolution.objects.create(group=group, kind=kind, text=text, **fields)


def make_page(
    group: Group | None,
    kind: str = PageKind.CHARTER,
    title: str = "Tea Charter",
    slug: str = "charter",
    **fields,
) -> Page:
    return Page.objects.create(group=group, kind=kind, title=title, slug=slug, **fields)


def make_list(group: Group, address: str, **fields) -> MailingList:
    return MailingList.objects.create(group=group, address=address, **fields)


def make_link(group: Group, label: str, url: str, **fields) -> Link:
    return Link.objects.create(group=group, label=label, url=url, **fields)


def make_claim(group: Group, field: str, value, source: Source, **fields) -> Claim:
    return Claim.objects.create(group=group, field=field, value=value, source=source, **fields)


def tea_registry() -> Group:
    """A small registry touching every table and every awkward value; returns the tea group.

    Two groups (one dissolved), three people (one with two aliases, one with no seat), a seat
    ended and taken again, resolutions with votes and provenance, roster approvals, claims,
    a charter with trailing spaces and tabs, minutes, a template page and legacy paths.
    """
    page_src = make_source("seeds/page.md", SourceKind.PSF_PAGE, sha256="ab" * 32)
    wiki_src = make_source("psf-wiki/psf/working-groups/Tea/Charter.md", SourceKind.WIKI_PAGE)
    ada = make_person("Ada Lovelace")
    lukasz = make_person("Łukasz Langa", aliases=["Lukasz Langa", "LukaszLanga"])
    make_person("Nobody Yet")
    tea = make_group(
        status="active",
        formed="2018-05",
        summary="Keeps the kettle on",
        purpose="The group's purpose is tea\\-related.\n\nSecond paragraph.",
        position=1,
        source=page_src,
        line_start=7,
        line_end=30,
        aliases=["Tea WG"],
        paths=["psf/TeaWG"],
    )
    old = make_group(
        name="Old Committee (OC)",
        slug="old-committee",
        status="dissolved",
        formed="2002-08-13",
        dissolved="2007",
        position=2,
    )
    make_list(
        tea,
        "tea-wg@python.org",
        url="https://mail.python.org/tea",
        source=page_src,
        line_start=11,
        line_end=11,
    )
    make_list(old, "", url="http://mail.python.org/oc", position=3)
    make_link(tea, "Notes", "https://wiki.python.org/psf/TeaWG")
    seat(tea, ada, Role.CHAIR, "2018-05-31")
    seat(tea, lukasz, Role.MEMBER, "2018-05-31", end="2024", note="PSF Director")
    seat(tea, lukasz, Role.MEMBER, "2024", voting=False)
    seat(old, ada, Role.SECRETARY)
    first = make_resolution(
        tea,
        ResolutionKind.WORK_GROUP,
        "> **RESOLVED**, that tea\n> shall be served.",
        title="Work group resolution",
        date="2013-08-16",
        vote_yes=7,
        vote_no=0,
        vote_abstain=1,
        medium="IRC vote",
        position=0,
        source=page_src,
        line_start=20,
        line_end=22,
    )
    make_resolution(
        tea,
        ResolutionKind.ESTABLISHING,
        "RESOLVED, that   \n  indented line\n\n\ntrailing blank lines\n\n",
        title="Establishing resolution",
        date="2018-05",
        date_inferred=True,
        position=1,
    )
    make_resolution(old, ResolutionKind.CHARTER, "RESOLVED, x", title="Charter")
    RosterApproval.objects.create(group=tea, date="2024-01", resolution=first, note="yearly")
    RosterApproval.objects.create(group=tea, date="2023")
    make_claim(
        tea,
        ClaimField.ROSTER,
        {"names": ["Ada", "Łukasz"], "date": "2024", "a": None},
        wiki_src,
        line_start=3,
        line_end=9,
    )
    make_claim(tea, ClaimField.STATUS, "active", page_src, line_start=5)
    make_page(
        tea,
        path="psf/working-groups/Tea/Charter",
        body="# Tea Charter \n\n## Purpose   \n\n  - tab\there\n\ttabbed line\n'quoted' \"both\"\n",
        source=wiki_src,
        line_start=1,
        line_end=9,
    )
    make_page(
        tea,
        PageKind.MINUTES,
        "2019-01-02",
        "2019-01-02",
        date="2019-01-02",
        path="psf/working-groups/Tea/2019-01-02",
        body="no newline at the end",
    )
    make_page(
        None,
        PageKind.TEMPLATE,
        "Example Charter",
        "example-charter",
        path="psf/about/Example PSF Workgroup Charter",
        body="",
    )
    LegacyPath.objects.create(old="psf/TeaWG", new="psf/working-groups/Tea")
    LegacyPath.objects.create(old="psf/TeaWG(2f)Charter", new="psf/working-groups/Tea/Charter")
    return tea


def made_up_group(i: int, size: int, *, status: str | None = None) -> Group:
    """Group `i` with `size` of everything: lists, links, members, past members, resolutions,
    minutes, charter versions; every row with provenance. Rows grow with `size`, so a page's
    query count can be compared across sizes."""
    source = make_source("made-up/groups.md", SourceKind.PSF_PAGE)
    wiki = make_source(f"made-up/wiki/G{i}.md", SourceKind.WIKI_PAGE)
    status = status or list(GroupStatus)[i % 3]
    group = make_group(
        name=f"Made Up Group {i}",
        slug=f"made-up-{i}",
        status=status,
        formed=f"{2001 + i % 20}-0{1 + i % 9}",
        dissolved=f"{2022 + i % 3}-05" if status == GroupStatus.DISSOLVED else None,
        purpose=f"The group **{i}** looks after things. It meets monthly.\n\nMore about it.",
        position=i,
        source=source,
        line_start=10 * i + 1,
        line_end=10 * i + 9,
        aliases=[f"MU{i} WG"],
        paths=[f"psf/working-groups/MU{i}", f"psf/working-groups/MU{i}/index"],
    )
    for n in range(size):
        make_list(group, f"mu{i}-{n}@python.org", position=n, source=source, line_start=3)
        make_link(group, f"Link {n}", f"https://example.org/{i}/{n}", position=n)
        person = make_person(f"Pérson {i}-{n}", aliases=[f"Person {i}-{n} alias"])
        seat(
            group,
            person,
            Role.CHAIR if n == 0 else Role.MEMBER,
            "2019-03",
            source=source,
            line_start=12,
        )
        seat(group, person, Role.MEMBER, "2015", end="2019-03", voting=False)
        make_resolution(
            group,
            ResolutionKind.ESTABLISHING if n == 0 else ResolutionKind.AMENDING,
            f"RESOLVED, that group {i} does thing {n}.",
            title=f"Resolution {n}",
            date=f"{2010 + n}-06-0{1 + n % 9}",
            vote_yes=5,
            vote_no=0,
            vote_abstain=1,
            medium="IRC vote",
            position=n,
            source=source,
            line_start=20 + n,
            line_end=21 + n,
        )
        day = f"2020-0{1 + n % 9}-{10 + n}"
        make_page(
            group,
            PageKind.MINUTES,
            f"MU{i}/{day}-meeting",
            f"{day}-meeting",
            date=day,
            path=f"psf/working-groups/MU{i}/{day}-meeting",
            body=f"# MU{i} meeting {n}\n\nWe met and talked about `pip`{{.backtick}}.",
            source=wiki,
            line_start=1,
            line_end=4,
        )
        make_page(
            group,
            PageKind.CHARTER,
            f"MU{i} Charter v{n}",
            f"charter-v{n}",
            position=n,
            path=f"psf/working-groups/MU{i}/Charter_v{n}",
            body=f"# Charter v{n}\n\n## Mission\n\nDo things.",
        )
    RosterApproval.objects.create(group=group, date="2024-01-15", note="yearly")
    return group


def made_up_registry(groups: int, size: int) -> list[Group]:
    """`groups` made-up groups of `size`, and a legacy path to the first one."""
    made = [made_up_group(i, size) for i in range(groups)]
    LegacyPath.objects.get_or_create(old="psf/MU0WG", defaults={"new": "psf/working-groups/MU0"})
    return made


def matrix_targets(group: Group, **page_fields) -> dict:
    """The rows the permission matrices act on in `group`: Ada's seat to end, minutes to edit,
    and a change to revert (made through the services, so that it has a history record)."""
    ada = seat(group, make_person("Ada Lovelace"), start="2019-03")
    page = make_page(group, PageKind.MINUTES, "Old notes", "old-notes", **page_fields)
    services.update_group(group=group, summary="Tests things.")
    group.refresh_from_db()
    return {"seat": ada, "page": page, "change": group.history.latest()}
