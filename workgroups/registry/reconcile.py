"""Records in, registry rows out: group and person identity, precedence, provenance.

The python.org page is authoritative for status, dates, resolutions and rosters; the wiki
for its pages and for the groups only it knows. What each source says is also kept as a
Claim, so that disagreements become findings instead of silent choices.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction

from workgroups.lib.names import fold, person_key, slugify_name
from workgroups.lib.partialdate import PartialDate
from workgroups.lib.vocabulary import ClaimField, GroupStatus, PageKind, Role, SourceKind
from workgroups.registry.importer import Bundle, Document
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
    Source,
)
from workgroups.registry.writer import Write
from workgroups.sources import formats
from workgroups.sources.records import (
    PersonRef,
    ResolutionRecord,
    RosterRecord,
    Span,
    WikiPage,
)
from workgroups.sources.wiki_group import WikiGroupReading, read_wiki_group

ALIASES_FILE = Path(settings.PROJECT_DIR) / "data" / "aliases.toml"
WIKI_ROOT = "psf/working-groups/"
# Groups only the wiki knows come after the python.org page's groups, in the wiki's order.
WIKI_ONLY_POSITION = 1000
LOOKUP = object()  # upsert(): fetch the row by its lookup


def norm(name: str) -> str:
    """Group names compared without case, accents, punctuation or spacing."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


@dataclass
class AliasTable:
    """The reviewed table in data/aliases.toml."""

    groups: list[dict] = field(default_factory=list)
    not_groups: set[str] = field(default_factory=set)
    template: str = "Example"
    person_canon: dict[str, str] = field(default_factory=dict)  # alias key -> canonical key
    person_names: dict[str, str] = field(default_factory=dict)  # canonical key -> name
    person_spellings: dict[str, list[str]] = field(default_factory=dict)  # alias key -> names

    @classmethod
    def load(cls, path: Path = ALIASES_FILE) -> AliasTable:
        if not path.exists():
            return cls()
        data = tomllib.loads(path.read_text())
        table = cls(
            groups=data.get("group", []),
            not_groups=set(data.get("not_groups", [])),
            template=data.get("template", "Example"),
        )
        for person in data.get("person", []):
            canon = person_key(person["name"])
            table.person_names[canon] = person["name"]
            for alias in person.get("aliases", []):
                table.person_canon[person_key(alias)] = canon
                table.person_spellings.setdefault(person_key(alias), []).append(alias)
        return table

    def entry_for_name(self, name: str) -> dict | None:
        key = norm(name)
        for entry in self.groups:
            if key in {norm(n) for n in [entry["name"], *entry.get("aliases", [])]}:
                return entry
        return None

    def entry_for_section(self, section: str) -> dict | None:
        for entry in self.groups:
            if section in entry.get("wiki", []):
                return entry
        return None


@dataclass
class Report:
    """What an import changed, by model and action."""

    counts: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # unchanged documents

    def add(self, model: str, action: str) -> None:
        self.counts[(model, action)] += 1

    @property
    def changed(self) -> bool:
        return any(action != "unchanged" for (_, action) in self.counts)

    def lines(self) -> list[str]:
        rows = []
        for model in sorted({m for m, _ in self.counts}):
            parts = [
                f"{self.counts[(model, a)]} {a}"
                for a in ("created", "updated", "ended", "unchanged")
                if self.counts[(model, a)]
            ]
            rows.append(f"{model}: {', '.join(parts)}")
        return rows


class Reconciler:
    def __init__(self, aliases: AliasTable | None = None):
        self.aliases = aliases or AliasTable.load()
        self.report = Report()
        self.touched: set[int] = set()
        self._people: dict[str, Person] | None = None
        self._groups: dict[str, Group] | None = None
        self._sources: dict[str, Source] | None = None
        self._claims: list[Claim] = []
        self.write = Write(comment="import", bulk_history=True)
        self._new_aliases: list[GroupAlias] = []
        self._memberships: dict[int, dict] = {}
        self._alias_names: set[tuple[str, str]] | None = None
        self._person_aliases: set[str] | None = None
        self._person_slugs: set[str] | None = None
        self._pages: dict[str, Page] | None = None
        # Groups the wiki's pages describe: their memberships come from the wiki's rosters.
        self._wiki_groups: set[int] = set()

    # -- the whole run -------------------------------------------------------------

    def run(self, bundle: Bundle) -> Report:
        with transaction.atomic():
            todo = self.changed_documents(bundle)
            Claim.objects.filter(
                source__path__in=[d.name for d in todo if formats.get(d.format).tracked]
            ).delete()
            for fmt in formats.importable():
                docs = [d for d in todo if d.format == fmt.name]
                if docs and fmt.name in STEPS:
                    STEPS[fmt.name](self, docs)
            self.write.bulk_create(Claim, self._claims, batch_size=500)
            self._claims = []
            for group in Group.objects.filter(pk__in=self._wiki_groups).select_related("source"):
                self.wiki_group(group)
            for doc in todo:
                if formats.get(doc.format).tracked:
                    self.record_checksum(doc)
            self.write.bulk_create(GroupAlias, self._new_aliases)
            self.reviewed_person_aliases()
            if self.report.changed:
                self.write.wrote()  # legacy paths and sources belong to no group
            # Groups whose rows changed get a new version; creating a group is not a change.
            self.write.finish(bump=self.touched)
        return self.report

    def changed_documents(self, bundle: Bundle) -> list[Document]:
        """The documents to read: untracked ones, and those not imported as they are now."""
        stored = stored_checksums([d.name for d in bundle.documents])
        todo = []
        for doc in bundle.documents:
            if formats.get(doc.format).tracked and stored.get(doc.name) == doc.sha256:
                self.report.skipped.append(doc.name)
            else:
                todo.append(doc)
        return todo

    # -- each format's documents (STEPS) -----------------------------------------------

    def registry_dumps(self, docs: list[Document]) -> None:
        from workgroups.registry.yamlio import load_yaml

        for doc in docs:
            before = _row_counts()
            load_yaml(doc.text, doc.display)
            for label, n in _row_counts().items():
                for _ in range(n - before[label]):
                    self.report.add(label, "created")

    def psf_pages(self, docs: list[Document]) -> None:
        for doc in docs:
            self.psf_page(doc)

    def wiki_indexes(self, docs: list[Document]) -> None:
        seen: set[str] = set()
        for doc in docs:
            # The seed and the corpus carry the same index: its claims count once.
            if doc.sha256 not in seen:
                seen.add(doc.sha256)
                self.wiki_index(doc)

    def redirect_files(self, docs: list[Document]) -> None:
        for doc in docs:
            self.redirects(doc)

    def wiki_pages(self, docs: list[Document]) -> None:
        for doc in docs:
            group = self.wiki_page(doc)
            if group is not None:
                self._wiki_groups.add(group.pk)

    # -- identity --------------------------------------------------------------------

    def source(self, doc: Document) -> Source:
        """The document's Source row (created on first use, with the new checksum)."""
        if self._sources is None:
            self._sources = {s.path: s for s in Source.objects.all()}
        obj = self._sources.get(doc.name)
        if obj is None:
            kind = doc.format if doc.format in Source.Kind.values else Source.Kind.WIKI_PAGE
            obj = Source(path=doc.name, kind=kind, sha256=doc.sha256)
            self.save(obj)
            self.report.add("source", "created")
            self._sources[doc.name] = obj
        return obj

    def record_checksum(self, doc: Document) -> None:
        """Mark the document imported as it is now: importing it again will skip it."""
        obj = self.source(doc)
        if obj.sha256 != doc.sha256:
            obj.sha256 = doc.sha256
            self.write.save(obj, update_fields=["sha256"])
            self.report.add("source", "updated")

    def groups_index(self) -> dict[str, Group]:
        if self._groups is None:
            self._groups = {}
            for group in Group.objects.all():
                self._groups[norm(group.name)] = group
            for alias in GroupAlias.objects.filter(kind="name").select_related("group"):
                self._groups.setdefault(norm(alias.name), alias.group)
        return self._groups

    def find_group(self, entry: dict | None, name: str) -> Group | None:
        index = self.groups_index()
        names = [name] if entry is None else [entry["name"], *entry.get("aliases", []), name]
        for candidate in names:
            if (group := index.get(norm(candidate))) is not None:
                return group
        return None

    def group(self, entry: dict | None, name: str, values: dict, *, authority: bool) -> Group:
        """Find or create the group; `authority` sources may overwrite its fields."""
        canonical = entry["name"] if entry else name
        group = self.find_group(entry, name)
        if group is None:
            group = Group(name=canonical, slug=self.unique_slug(canonical))
            for key, value in values.items():
                setattr(group, key, value)
            _validate(group)
            self.save(group)
            self.report.add("group", "created")
            self.groups_index()[norm(canonical)] = group
        elif authority:
            self.update(group, {"name": canonical, **values})
        for alias in [*(entry or {}).get("aliases", []), name]:
            self.alias(group, alias)
        return group

    def unique_slug(self, name: str) -> str:
        base = slugify_name(name) or "group"
        slug, n = base, 2
        while Group.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def alias(self, group: Group, name: str, kind: str = "name") -> None:
        if kind == "name" and norm(name) == norm(group.name):
            return
        if self._alias_names is None:
            self._alias_names = set(GroupAlias.objects.values_list("kind", "name"))
        if (kind, name) not in self._alias_names:
            self._alias_names.add((kind, name))
            self._new_aliases.append(GroupAlias(group=group, kind=kind, name=name))
            self.report.add("group alias", "created")
            if kind == "name":
                self.groups_index().setdefault(norm(name), group)

    def people(self) -> dict[str, Person]:
        if self._people is None:
            self._people = {}
            for person in Person.objects.all():
                self._people.setdefault(self.canon(person.name), person)
            for alias in PersonAlias.objects.select_related("person"):
                self._people.setdefault(self.canon(alias.name), alias.person)
        return self._people

    def by_first_name(self, name: str) -> Person | None:
        first = fold(name.strip())
        found = {p.pk: p for p in self.people().values() if fold(p.name.split()[0]) == first}
        return next(iter(found.values())) if len(found) == 1 else None

    def canon(self, name: str) -> str:
        key = person_key(name)
        return self.aliases.person_canon.get(key, key)

    def person(self, name: str) -> Person:
        """One person across spelling variants; other spellings become aliases. A first name
        alone ("I (Ewa) am the chair") is the one person of that first name, if there is one."""
        if " " not in name.strip() and (known := self.by_first_name(name)) is not None:
            return known
        key = self.canon(name)
        person = self.people().get(key)
        if person is None:
            display = self.aliases.person_names.get(key, name)
            base = slugify_name(display) or "person"
            if self._person_slugs is None:
                self._person_slugs = set(Person.objects.values_list("slug", flat=True))
            slug, n = base, 2
            while slug in self._person_slugs:
                slug, n = f"{base}-{n}", n + 1
            self._person_slugs.add(slug)
            person = Person(name=display, slug=slug)
            self.save(person)
            self.report.add("person", "created")
            self.people()[key] = person
        if self._person_aliases is None:
            self._person_aliases = set(PersonAlias.objects.values_list("name", flat=True))
        if name != person.name and name not in self._person_aliases:
            self._person_aliases.add(name)
            self.save(PersonAlias(person=person, name=name))
            self.report.add("person alias", "created")
        return person

    def reviewed_person_aliases(self) -> None:
        """The spellings data/aliases.toml joins to a person in the registry are theirs, even
        when the page that uses one did not give the seat (Scientific's old charter's "Travis
        Oliphant" for Travis E. Oliphant)."""
        people = self.people()
        for alias, canon in self.aliases.person_canon.items():
            if people.get(canon) is None:
                continue
            for name in self.aliases.person_spellings.get(alias, ()):
                self.person(name)

    # -- generic writes --------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict, existing=LOOKUP):
        """Create or update one row; `existing` passes a row (or None) already fetched."""
        obj = model.objects.filter(**lookup).first() if existing is LOOKUP else existing
        label = model._meta.verbose_name
        if obj is None:
            obj = model(**lookup, **values)
            _validate(obj)
            self.save(obj)
            self.report.add(label, "created")
            self.mark(obj)
            return obj
        self.update(obj, values)
        return obj

    def update(self, obj, values: dict) -> bool:
        changed = [k for k, v in values.items() if _differs(getattr(obj, k), v)]
        label = obj._meta.verbose_name
        if not changed:
            self.report.add(label, "unchanged")
            return False
        for key in changed:
            setattr(obj, key, values[key])
        _validate(obj)
        self.save(obj)
        self.report.add(label, "updated")
        self.mark(obj)
        return True

    def save(self, obj) -> None:
        """Save through the writer; history rows are written in bulk at the end."""
        self.write.save(obj)

    def mark(self, obj) -> None:
        if isinstance(obj, Group):
            self.touched.add(obj.pk)
        elif getattr(obj, "group_id", None):
            self.touched.add(obj.group_id)

    def provenance(self, doc: Document, span: Span | None) -> dict:
        return {
            "source": self.source(doc),
            "line_start": span.start if span else None,
            "line_end": span.end if span else None,
        }

    def claim(self, group: Group, doc: Document, fieldname: str, value, span: Span | None):
        self.save(Claim(group=group, field=fieldname, value=value, **self.provenance(doc, span)))
        self.report.add("claim", "created")

    # -- the python.org page -----------------------------------------------------------

    def psf_page(self, doc: Document) -> None:
        for record in doc.parsed.groups:
            entry = self.aliases.entry_for_name(record.name)
            group = self.group(
                entry,
                record.name,
                {
                    "status": record.status,
                    "formed": record.formed,
                    "dissolved": record.dissolved,
                    "purpose": record.purpose,
                    "position": record.position,
                    **self.provenance(doc, record.span),
                },
                authority=True,
            )
            self.claim(group, doc, ClaimField.NAME, record.name, record.span)
            self.claim(group, doc, ClaimField.STATUS, record.status, record.span)
            if record.formed:
                self.claim(group, doc, ClaimField.FORMED, record.formed.iso(), record.formed_span)
            for i, ml in enumerate(record.mailing_lists):
                self.upsert(
                    MailingList,
                    {"group": group, "address": ml.address},
                    {"url": ml.url, "position": i, **self.provenance(doc, ml.span)},
                )
                self.claim(group, doc, ClaimField.MAILING_LIST, ml.address, ml.span)
            for i, link in enumerate(record.links):
                self.upsert(
                    Link,
                    {"group": group, "label": link.label},
                    {"url": link.url, "position": i, **self.provenance(doc, link.span)},
                )
            rosters = []
            for i, res in enumerate(record.resolutions):
                self.upsert(
                    Resolution,
                    {"group": group, "source": self.source(doc), "position": i},
                    _resolution_values(res),
                )
                if res.roster is not None:
                    rosters.append(res.roster)
            rosters.extend(record.rosters)
            self.psf_memberships(group, doc, rosters, record.dissolved)

    def psf_memberships(
        self, group: Group, doc: Document, rosters: list[RosterRecord], dissolved
    ) -> None:
        """Play the rosters in date order: a full list ends whoever it leaves out."""
        if not rosters:
            return
        # Undated statements (the page's meta table) describe the latest state.
        ordered = sorted(rosters, key=lambda r: (r.date is None, r.date.iso() if r.date else ""))
        seats = self.play_rosters(ordered, dissolved)
        latest_full = next((r for r in reversed(ordered) if r.full), None)
        if latest_full is not None:
            self.roster_claims(group, doc, latest_full)
        officers = [s for s in seats if s.role != Role.MEMBER and s.end == dissolved]
        if officers and not any(r.role in CHAIR_ROLES for r in _refs_of(latest_full)):
            # Who python.org says leads the group at the end ("Moderator: David Mertz").
            chairs = [{**self.member_claim(s.ref), "role": s.role} for s in officers]
            self.claim(group, doc, ClaimField.CHAIRS, chairs, officers[-1].origin.span)
        for seat in seats:
            self.psf_membership(group, doc, seat)

    def play_rosters(self, ordered: list[RosterRecord], dissolved) -> list[_Seat]:
        """Every seat the rosters show, with when it started and ended (None: still held)."""
        last_dated = max((r.date for r in ordered if r.date), default=None)
        held: dict[tuple[str, str], _Seat] = {}
        done: list[_Seat] = []
        for roster in ordered:
            when = roster.date or dissolved or last_dated
            stated = {(self.canon(ref.name), ref.role): ref for ref in roster.members}
            for key in _seats_ended(held, stated, roster.full):
                # At a dated roster's date; before an undated one (a meta table's "Members:"
                # row, the roster at dissolution), when exactly nobody says.
                end = when if roster.date is not None or when is None else when.or_before()
                done.append(held.pop(key).ended(end))
            for key, ref in stated.items():
                if key not in held:
                    held[key] = _Seat(ref, key[1], roster.date, None, roster)
        done.extend(seat.ended(dissolved) for seat in held.values())
        return done

    def roster_claims(self, group: Group, doc: Document, roster: RosterRecord) -> None:
        """The latest full roster, and its chairs, as what the page says about the group."""
        members = [self.member_claim(r) for r in roster.members]
        value = {
            "members": members,
            "date": roster.date.iso() if roster.date else None,
            "origin": roster.origin,
        }
        self.claim(group, doc, ClaimField.ROSTER, value, roster.span)
        chairs = [m for m in members if m["role"] in CHAIR_ROLES]
        if chairs:
            self.claim(group, doc, ClaimField.CHAIRS, chairs, roster.span)

    def psf_membership(self, group: Group, doc: Document, seat: _Seat) -> None:
        start, end = seat.start, seat.end
        if end is not None and start is not None and end.precedes(start):
            end = start
        person = self.person(seat.ref.name)
        self.upsert(
            Membership,
            {"group": group, "person": person, "role": seat.role, "start": start},
            {
                "end": end,
                "voting": seat.ref.voting,
                "note": seat.ref.note[:200],
                **self.provenance(doc, seat.origin.span),
            },
            existing=self.membership(group, person, seat.role, start),
        )

    def membership(self, group: Group, person: Person, role: str, start) -> Membership | None:
        if group.pk not in self._memberships:
            self._memberships[group.pk] = {
                (m.person_id, m.role, str(m.start or "")): m
                for m in Membership.objects.filter(group=group)
            }
        return self._memberships[group.pk].get((person.pk, role, str(start or "")))

    def member_claim(self, ref: PersonRef) -> dict:
        return {
            "name": ref.name,
            "key": self.canon(ref.name),
            "role": ref.role,
            "voting": ref.voting,
        }

    def has_python_org_roster(self, group: Group) -> bool:
        """The python.org page states who is in the group: the wiki's lists are claims only."""
        return Membership.objects.filter(group=group, source__kind=Source.Kind.PSF_PAGE).exists()

    def has_python_org_record(self, group: Group) -> bool:
        return group.source_id is not None and group.source.kind == Source.Kind.PSF_PAGE

    # -- the wiki ------------------------------------------------------------------------

    def section_entry(self, section: str) -> tuple[dict | None, bool]:
        """(alias entry, is a group) for a wiki section key."""
        if not section or section == self.aliases.template or section in self.aliases.not_groups:
            return None, False
        return self.aliases.entry_for_section(section), True

    def wiki_index(self, doc: Document) -> None:
        from workgroups.sources.wiki import wiki_path_info

        for i, entry in enumerate(doc.parsed.entries):
            section = wiki_path_info(WIKI_ROOT + entry.target)[0]
            alias_entry, is_group = self.section_entry(section)
            if not is_group:
                continue
            name = alias_entry["name"] if alias_entry else f"{section} Work Group"
            group = self.find_group(alias_entry, entry.title)
            if group is None:
                # Legacy entries are titled after pages ("Education WG Group"), not the group.
                group = self.group(
                    alias_entry,
                    entry.title if entry.section == "active" else name,
                    {
                        "status": "active",
                        "position": WIKI_ONLY_POSITION + i,
                        **self.provenance(doc, entry.span),
                    },
                    authority=False,
                )
            elif entry.section == "active":
                # Legacy entries are titled after pages ("Grants WG Group"), not the group.
                self.alias(group, entry.title)
            # Where the index points for the group: an export without the corpus lists it there.
            self.alias(group, WIKI_ROOT + entry.target, kind="path")
            if not alias_entry:
                self.alias(group, name)
            if entry.section == "active":
                self.claim(group, doc, ClaimField.STATUS, "active", entry.span)
                self.claim(group, doc, ClaimField.NAME, entry.title, entry.span)
                if entry.summary:
                    self.update(group, {"summary": entry.summary[:300]})

    def redirects(self, doc: Document) -> None:
        existing = {p.old: p for p in LegacyPath.objects.filter(old__in=list(doc.parsed))}
        created, changed = [], []
        for old, new in sorted(doc.parsed.items()):
            row = existing.get(old)
            if row is None:
                created.append(LegacyPath(old=old, new=new))
            elif row.new != new:
                row.new = new
                changed.append(row)
        self.write.bulk_create(LegacyPath, created)
        LegacyPath.objects.bulk_update(changed, ["new"])
        for action, rows in (("created", created), ("updated", changed)):
            for _ in rows:
                self.report.add("legacy path", action)

    def wiki_page(self, doc: Document) -> Group | None:
        """Store the page; the group it belongs to, with what it states about that group."""
        page = doc.parsed
        group = self.wiki_page_group(page)
        if page.kind == "index":
            if group is not None:
                self.alias(group, page.path, kind="path")
                self.alias(group, page.path.removesuffix("/index"), kind="path")
            return None
        self.store_page(doc, group)
        if group is None:
            self.hints_about_groups(doc)
            return None
        self.wiki_page_claims(group, doc)
        return group

    def wiki_page_group(self, page: WikiPage) -> Group | None:
        """The group of the page's section (created when only the wiki knows it), if any."""
        entry, is_group = self.section_entry(page.section)
        if not is_group:
            return None
        name = entry["name"] if entry else f"{page.section} Work Group"
        return self.find_group(entry, name) or self.group(
            entry,
            name,
            {"status": GroupStatus.ACTIVE, "position": WIKI_ONLY_POSITION},
            authority=False,
        )

    def store_page(self, doc: Document, group: Group | None) -> None:
        page = doc.parsed
        kind = page.kind if page.kind in Page.Kind.values else Page.Kind.PAGE
        slug = slugify_name(page.path.rsplit("/", 1)[-1]) or "page"
        if self._pages is None:
            self._pages = {p.path: p for p in Page.objects.all()}
        self.upsert(
            Page,
            {"path": page.path},
            {
                "group": group,
                "kind": kind,
                "title": page.title[:300] or page.path.rsplit("/", 1)[-1],
                "slug": slug,
                "date": page.date,
                "body": page.text,
                "position": page.version,
                **self.provenance(doc, page.span),
            },
            existing=self._pages.get(page.path),
        )

    def wiki_page_claims(self, group: Group, doc: Document) -> None:
        page = doc.parsed
        if page.kind == PageKind.MINUTES and page.date and page.date_in_text:
            if page.date != page.date_in_text:
                value = {
                    "path": page.path,
                    "file": page.date.iso(),
                    "text": page.date_in_text.iso(),
                }
                self.claim(group, doc, ClaimField.MINUTES_DATE, value, page.span)
        if page.chairs:
            chairs = [self.member_claim(r) for r in page.chairs]
            self.claim(group, doc, ClaimField.CHAIRS, chairs, _span_of(page.chairs))
        if page.roster is not None and page.roster.origin != "acl" and page.roster.full:
            self.wiki_roster_claim(group, doc)
        for ml in page.mailing_lists:
            self.claim(group, doc, ClaimField.MAILING_LIST, ml.address, ml.span)
        for hint, span in page.status_hints:
            self.claim(group, doc, ClaimField.STATUS_HINT, {"hint": hint}, span)
        for label, date, span in page.stated_dates:
            self.claim(
                group, doc, ClaimField.STATED_DATE, {"label": label, "date": date.iso()}, span
            )
        for date, span in page.mentioned:
            value = {"label": MENTIONED, "date": date.iso()}
            self.claim(group, doc, ClaimField.STATED_DATE, value, span)

    def wiki_roster_claim(self, group: Group, doc: Document) -> None:
        page = doc.parsed
        value = {
            "members": [self.member_claim(r) for r in page.roster.members],
            "past": [self.member_claim(r) for r in page.roster.past],
            "date": page.roster.date.iso() if page.roster.date else None,
            "origin": page.roster.origin,
            "kind": page.kind,
            "version": page.version,
            "legacy": page.legacy,
        }
        self.claim(group, doc, ClaimField.ROSTER, value, page.roster.span)

    def hints_about_groups(self, doc: Document) -> None:
        """A status note beside a link to a group's page, on a page of no group (a TOC)."""
        from workgroups.sources.wiki import wiki_path_info

        page = doc.parsed
        for hint, span in page.status_hints:
            for link in page.links:
                if not (link.span.start <= span.end and span.start <= link.span.end):
                    continue
                target = link.target.split("#")[0].rstrip("/")
                if "working-groups/" not in target:
                    continue
                section = wiki_path_info(WIKI_ROOT + target.split("working-groups/", 1)[1])[0]
                entry, is_group = self.section_entry(section)
                group = self.find_group(entry, section) if is_group else None
                if group is not None:
                    self.claim(group, doc, ClaimField.STATUS_HINT, {"hint": hint}, span)

    def wiki_group(self, group: Group) -> None:
        """Apply the reading of all the group's wiki pages where python.org is silent."""
        reading = read_wiki_group(self.stored_wiki_pages(group), canon=self.canon)
        self.wiki_group_fields(group, reading)
        self.wiki_group_lists(group, reading)
        self.wiki_group_resolutions(group, reading)
        self.wiki_group_seats(group, reading)

    def stored_wiki_pages(self, group: Group) -> list[WikiPage]:
        """The group's speaking pages, parsed again from their stored text: a reading needs
        all of them, not only those this import changed."""
        from workgroups.sources.wiki import parse_wiki_page

        rows = Page.objects.filter(group=group, source__kind=Source.Kind.WIKI_PAGE).exclude(
            kind=PageKind.MINUTES
        )
        return [
            parse_wiki_page(p.body, p.source.path, p.path) for p in rows.select_related("source")
        ]

    def wiki_group_fields(self, group: Group, reading: WikiGroupReading) -> None:
        values = {}
        if not self.has_python_org_record(group) and group.status == GroupStatus.ACTIVE:
            claims = Claim.objects.filter(group=group, field=ClaimField.STATUS_HINT)
            hints = {c.value.get("hint") for c in claims}
            if hints & INACTIVE_HINTS:
                values["status"] = GroupStatus.INACTIVE
            elif hints & PROPOSED_HINTS:
                values["status"] = GroupStatus.PROPOSED
        if not group.purpose and reading.purpose:
            values["purpose"] = reading.purpose
        if group.formed is None and reading.formed is not None:
            if group.dissolved is None or not group.dissolved < reading.formed:
                values["formed"] = reading.formed
        if values:
            self.update(group, values)

    def wiki_group_lists(self, group: Group, reading: WikiGroupReading) -> None:
        """The lists the wiki gives beside python.org's (a listinfo URL python.org left out
        fills in); never an address another group's sources give as theirs, which a copied
        page carries (the Jobs charter's sponsors@python.org)."""
        existing = {m.address: m for m in MailingList.objects.filter(group=group)}
        others = set(MailingList.objects.exclude(group=group).values_list("address", flat=True))
        # An address more of another group's pages give than this group's is that group's.
        counts = Counter(
            (c.group_id == group.pk, c.value)
            for c in Claim.objects.filter(field=ClaimField.MAILING_LIST)
        )
        others |= {
            address
            for (own, address), n in counts.items()
            if not own and n > counts[(True, address)]
        }
        for i, ml in enumerate(reading.mailing_lists):
            row = existing.get(ml.address)
            if row is not None:
                if not row.url and ml.url:
                    self.update(row, {"url": ml.url})
            elif ml.address not in others:
                self.upsert(
                    MailingList,
                    {"group": group, "address": ml.address},
                    {
                        "url": ml.url,
                        "position": 10 + i,
                        "source": self.source_named(ml.span.path),
                        "line_start": ml.span.start,
                        "line_end": ml.span.end,
                    },
                    existing=None,
                )

    def wiki_group_resolutions(self, group: Group, reading: WikiGroupReading) -> None:
        for i, res in enumerate(reading.resolutions):
            self.upsert(
                Resolution,
                {"group": group, "source": self.source_named(res.span.path), "position": i},
                _resolution_values(res),
            )

    def wiki_group_seats(self, group: Group, reading: WikiGroupReading) -> None:
        """Members from the wiki's newest roster when python.org states none, or when that
        roster is evidently newer than python.org's; officers when python.org names none; the
        seats that ended."""
        held = list(Membership.objects.filter(group=group).select_related("person", "source"))
        python_org = [m for m in held if m.source_id and m.source.kind == Source.Kind.PSF_PAGE]
        newer = self.wiki_outdates(python_org, reading)
        if reading.roster is not None and (not python_org or newer):
            seated = {m.person_id for m in held if m.end is None}
            for ref in reading.members:
                if self.person(ref.name).pk not in seated:
                    held.append(self.wiki_seat(group, ref, reading.roster.span))
        self.wiki_past_votes(held, reading)
        if not any(m.role != Role.MEMBER for m in python_org):
            held += [self.wiki_officer(group, ref, held) for ref in reading.officers]
        roles = {(m.person_id, m.role) for m in held}
        for ended in reading.ended:
            person = self.person(ended.ref.name)
            if (person.pk, ended.ref.role) not in roles:
                roles.add((person.pk, ended.ref.role))
                self.wiki_seat(group, ended.ref, ended.ref.span, end=ended.end)

    def wiki_outdates(self, python_org: list[Membership], reading: WikiGroupReading) -> bool:
        """Whether the wiki's roster is newer than python.org's: it lists as past members
        people python.org has as current (their seats end, at a date nobody gives)."""
        past = {self.canon(e.ref.name) for e in reading.ended if e.past}
        newer = [m for m in python_org if m.end is None and self.canon(m.person.name) in past]
        for seat in newer:
            self.update(seat, {"end": PartialDate.unknown()})
        return bool(newer)

    def wiki_past_votes(self, held: list[Membership], reading: WikiGroupReading) -> None:
        """A past member the wiki marks "(non-voting)" held a non-voting seat."""
        quiet = {
            (self.canon(e.ref.name), e.ref.role)
            for e in reading.ended
            if e.past and not e.ref.voting
        }
        for seat in held:
            if seat.voting and (self.canon(seat.person.name), seat.role) in quiet:
                self.update(seat, {"voting": False})

    def wiki_seat(self, group, ref: PersonRef, span: Span, end=None) -> Membership:
        person = self.person(ref.name)
        return self.upsert(
            Membership,
            {"group": group, "person": person, "role": ref.role, "start": None},
            {
                "end": end,
                "voting": ref.voting,
                "note": ref.note[:200],
                "source": self.source_named(span.path),
                "line_start": span.start,
                "line_end": span.end,
            },
            existing=self.membership(group, person, ref.role, None),
        )

    def wiki_officer(self, group: Group, ref: PersonRef, held) -> Membership:
        """An officer the wiki names: their current member seat takes the role, else a seat."""
        person = self.person(ref.name)
        for seat in held:
            if seat.person_id == person.pk and seat.end is None:
                if seat.role == Role.MEMBER:
                    self.update(seat, {"role": ref.role, "voting": seat.voting and ref.voting})
                    return seat
                if seat.role == ref.role:
                    return seat
        return self.wiki_seat(group, ref, ref.span)

    def source_named(self, path: str) -> Source:
        if self._sources is None:
            self._sources = {s.path: s for s in Source.objects.all()}
        return self._sources[path]


CHAIR_ROLES = {"chair", "co-chair", "vice-chair"}
# What a wiki page says that makes a group only the wiki knows inactive: "(not active)", a
# charter "active for 3 months". The wiki index's "Active Working Groups" only means the group
# has a folder.
INACTIVE_HINTS = {"not active", "historical"}
# ... or proposed: a charter "to be completed when the PSF Board approves a resolution for this
# WG" awaits the establishing resolution (Python Edu Charter.md:13).
PROPOSED_HINTS = {"draft"}
# A stated date that is only mentioned in a page's text (its earliest and latest).
MENTIONED = "mentioned"

# How each format's documents are written, by format name; run in the formats' declared order.
# A format without a step only has its documents' checksums recorded.
STEPS: dict[str, Callable[[Reconciler, list[Document]], None]] = {
    SourceKind.YAML: Reconciler.registry_dumps,
    SourceKind.PSF_PAGE: Reconciler.psf_pages,
    SourceKind.WIKI_INDEX: Reconciler.wiki_indexes,
    SourceKind.WIKI_REDIRECTS: Reconciler.redirect_files,
    SourceKind.WIKI_PAGE: Reconciler.wiki_pages,
}


@dataclass(frozen=True)
class _Seat:
    """One person in one role on the python.org page, from the roster that first names it."""

    ref: PersonRef
    role: str
    start: PartialDate | None
    end: PartialDate | None
    origin: RosterRecord

    def ended(self, when: PartialDate | None) -> _Seat:
        return replace(self, end=when)


def _seats_ended(
    held: dict[tuple[str, str], _Seat], stated: dict[tuple[str, str], PersonRef], full: bool
) -> list[tuple[str, str]]:
    """The seats a roster ends: a full list, whoever it leaves out; an addition, the old role
    of whoever it names in a new one."""
    if full:
        return [key for key in held if key not in stated]
    return [key for key in held if any(k[0] == key[0] and k[1] != key[1] for k in stated)]


def _resolution_values(res: ResolutionRecord) -> dict:
    """A Resolution row's fields from a parsed resolution (python.org's or a wiki page's)."""
    vote = res.vote
    return {
        "kind": res.kind,
        "title": res.title,
        "date": res.date,
        "date_inferred": res.date_inferred,
        "text": res.text,
        "vote_yes": vote.yes if vote else None,
        "vote_no": vote.no if vote else None,
        "vote_abstain": vote.abstain if vote else None,
        "medium": res.medium,
        "line_start": res.span.start,
        "line_end": res.span.end,
    }


def _refs_of(roster: RosterRecord | None) -> list[PersonRef]:
    return list(roster.members) if roster is not None else []


def _validate(obj) -> None:
    """Field validation without a query per foreign key (the reconciler made those rows)."""
    fks = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=fks, validate_unique=False, validate_constraints=False)


def _span_of(refs: list[PersonRef]) -> Span | None:
    if not refs:
        return None
    return Span(refs[0].span.path, min(r.span.start for r in refs), max(r.span.end for r in refs))


def _differs(current, new) -> bool:
    if hasattr(current, "pk") and hasattr(new, "pk"):
        return current.pk != new.pk
    if isinstance(current, PartialDate) or isinstance(new, PartialDate):
        return str(current or "") != str(new or "")
    return current != new


def _row_counts() -> dict[str, int]:
    """Rows per registry model: what a YAML load added shows as their difference."""
    models = (Group, GroupAlias, MailingList, Person, PersonAlias, Membership, Resolution, Page)
    return {m._meta.verbose_name: m.objects.count() for m in (*models, Claim, LegacyPath)}


def stored_checksums(names: list[str]) -> dict[str, str]:
    """{document name: sha256} of the documents already imported."""
    return dict(Source.objects.filter(path__in=names).values_list("path", "sha256"))


def import_bundle(bundle: Bundle, *, dry_run: bool = False) -> Report:
    """Write a parsed bundle in one transaction; with dry_run, roll it back and report."""
    reconciler = Reconciler()
    with transaction.atomic():
        report = reconciler.run(bundle)
        if dry_run:
            transaction.set_rollback(True)
    return report
