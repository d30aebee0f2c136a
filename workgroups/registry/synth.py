"""Synthetic registry data at scale, for benchmarks (`workgroups synth --groups N`).

A pure function: `generate(groups, seed)` returns plain rows (no ORM), the same rows for the
same arguments on any machine. Rows refer to each other by index into their lists (a
membership's `group` is an index into `SynthData.groups`); the `synth` command turns them
into database rows.

Ratios follow DESIGN.md ("Scale it is built for"): for N groups exactly 10×N people and
30×N memberships, plus a realistic spread of statuses, partial dates, aliases, mailing
lists, links, resolutions with votes, pages, past and current memberships with roles, and
person aliases. Dates never pass `TODAY`, a fixed date, so that output does not depend on
the clock.
"""

from __future__ import annotations

import bisect
import itertools
import random
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from workgroups.lib.names import person_key, slugify_name
from workgroups.lib.vocabulary import GroupStatus, Role

PEOPLE_PER_GROUP = 10
MEMBERSHIPS_PER_GROUP = 30

TODAY = date(2025, 6, 30)
EARLIEST = date(1998, 1, 1)

# -- vocabulary --------------------------------------------------------------------------

TOPICS = [
    "Packaging", "Education", "Diversity and Inclusion", "Grants", "Code of Conduct",
    "Trademarks", "Infrastructure", "Marketing", "Scientific Python", "Web Frameworks",
    "Security", "Documentation", "Typing", "Translations", "Accessibility", "Events",
    "Sponsorship", "Fundraising", "Community Outreach", "Mentoring", "Data Science",
    "Embedded Python", "Jobs Board", "Conference Support", "Meetups", "Sprints", "Elections",
    "Membership", "Finance", "Legal", "Speaker Support", "Release Management", "Distribution",
    "Testing", "Performance", "Internationalisation", "Teaching Materials", "Open Data",
    "Hardware Lending", "Research Software",
]  # fmt: skip
QUALIFIERS = [
    "", "Python", "PyCon", "Brazil", "Cuba", "Africa", "Asia Pacific", "Europe",
    "Latin America", "Nordic", "Ibero-American", "São Paulo", "Zürich", "Kraków", "Montréal",
    "Côte d'Ivoire", "Türkiye", "Ghana", "Nigeria", "Kenya", "India", "Indonesia", "Japan",
    "Korea", "Taiwan", "Vietnam", "Philippines", "Australia", "New Zealand", "Canada",
    "Mexico", "Argentina", "Colombia", "Chile", "Perú", "España", "Portugal", "France",
    "Deutschland", "Italia", "Polska", "Česko", "Ukraine", "Ελλάδα", "Egypt", "Morocco",
    "Uganda", "Zimbabwe", "Pakistan", "Bangladesh", "Nepal", "Sri Lanka", "Malaysia",
    "Singapore", "Thailand", "Ireland", "Scotland", "Cymru", "België", "Sverige",
]  # fmt: skip
KINDS = ["Work Group", "Working Group", "Committee", "WG", "Task Force", "Council"]
FIRST = [
    "Ana", "Łukasz", "José", "Zoë", "Søren", "Björn", "André", "Marc-André", "Chloé", "Ayşe",
    "Çağla", "Ngozi", "Wei", "Yuki", "Priya", "Oluwaseun", "Mariana", "Carlos", "Fatima",
    "Ahmed", "Olga", "Dmitri", "Ines", "Jürgen", "Kwame", "Amara", "Hiroshi", "Mei", "Rahul",
    "Ananya", "Lucía", "Mateo", "Sofía", "Emma", "Noah", "Liam", "Olivia", "Ava", "Ethan",
    "Isabela", "Thiago", "Gabriel", "Camila", "Valentina", "Sebastián", "Nadia", "Omar",
    "Leila", "Yusuf", "Zeynep", "Emre", "Agnieszka", "Paweł", "Katarzyna", "Tomáš", "Jana",
    "Petr", "Eva", "Matthias", "Anke", "Hélène", "François", "Renée", "Niamh", "Siobhán",
    "Seán", "Aoife", "Bjørn", "Ingrid", "Astrid", "Mikael", "Päivi", "Jussi", "Kofi", "Ama",
    "Chidi", "Adaeze", "Tendai", "Rutendo", "Wanjiru", "Otieno", "Thandiwe", "Sipho", "Lerato",
    "Arjun", "Deepa", "Sanjay", "Kavya", "Haruto", "Sakura", "Jiho", "Minjun", "Linh", "Minh",
    "Siti", "Budi", "Rizal", "Maria", "John", "David", "Sarah", "Laura", "Paul", "Peter",
    "Georgia", "Nikos", "Eleni", "Dimitra", "Javier", "Pilar", "Joaquín", "Renata", "Kai",
    "Alex", "Sam", "Jordan", "Robin", "Noor", "Tariq", "Hana", "Aleksandra", "Bogdan",
]  # fmt: skip
LAST = [
    "Silva", "Santos", "García", "Martínez", "Müller", "Schmidt", "Nowak", "Kowalski",
    "Novák", "Dvořák", "Nguyễn", "Trần", "Kim", "Park", "Lee", "Wang", "Li", "Zhang", "Chen",
    "Liu", "Tanaka", "Suzuki", "Sato", "Watanabe", "Patel", "Sharma", "Gupta", "Singh",
    "Okafor", "Adeyemi", "Mensah", "Owusu", "Mwangi", "Odhiambo", "Moyo", "Dlamini", "Khumalo",
    "Haddad", "Nasser", "Yılmaz", "Kaya", "Demir", "Öztürk", "Ivanova", "Petrov", "Kovalenko",
    "Shevchenko", "Papadopoulos", "Georgiou", "Rossi", "Bianchi", "Romano", "Ferrari",
    "Dubois", "Lefèvre", "Moreau", "Girard", "O'Brien", "Murphy", "Kelly", "Byrne",
    "Ó Súilleabháin", "Jensen", "Nielsen", "Hansen", "Andersson", "Johansson", "Karlsson",
    "Virtanen", "Korhonen", "Mäkinen", "Smith", "Johnson", "Williams", "Brown", "Jones",
    "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Hall", "Young",
    "Allen", "Wright", "King", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
    "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres",
    "Parker", "Collins", "Edwards", "Stewart", "Flores", "Morris", "Rogers", "Reed", "Cook",
    "Morgan", "Bell", "Ramírez", "Cruz", "Reyes", "Gómez", "Díaz", "Hernández", "López",
    "González", "Pérez", "Sánchez", "Rodríguez", "Fernández", "Álvarez", "Romero", "Navarro",
    "Costa", "Pereira", "Oliveira", "Souza", "Lima", "Carvalho", "Almeida", "Ribeiro",
    "van der Berg", "de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer",
    "Mukherjee", "Banerjee", "Iyer", "Nair", "Reddy", "Rao", "Menon", "Pillai", "Hossain",
    "Rahman", "Ahmed", "Khan", "Ali", "Hussain", "Abubakar", "Bello", "Danjuma", "Eze",
]  # fmt: skip
VERBS = ["Supports", "Coordinates", "Funds", "Promotes", "Looks after", "Organises", "Advises on"]
MEDIA = ["IRC vote", "email vote", "board meeting", "unanimous consent", "online vote", ""]
RESOLUTION_TITLES = {
    "establishing": "Establishing resolution",
    "amending": "Amending resolution",
    "charter": "Charter",
    "current": "Current resolution",
    "work-group": "Work group resolution",
    "roster": "Roster approval",
    "dissolving": "Dissolving resolution",
}
ROLES = ("member", "secretary", "vice-chair", "co-chair", "moderator", "chair")
ROLE_WEIGHTS = (86, 5, 3, 1, 3, 2)
# The share of seats still held, by the group's status.
_CURRENT_SHARE = {GroupStatus.ACTIVE: 0.55, GroupStatus.INACTIVE: 0.1, GroupStatus.DISSOLVED: 0.0}
NOTES = ["ex officio", "PSF Director", "non-voting", "PSF staff liaison", "US"]


# -- rows ----------------------------------------------------------------------------------


@dataclass(slots=True)
class GroupRow:
    name: str
    slug: str
    status: str
    formed: str | None
    dissolved: str | None
    summary: str
    purpose: str
    position: int
    line_start: int
    line_end: int


@dataclass(slots=True)
class GroupAliasRow:
    group: int
    kind: str
    name: str


@dataclass(slots=True)
class MailingListRow:
    group: int
    address: str
    url: str
    position: int


@dataclass(slots=True)
class LinkRow:
    group: int
    label: str
    url: str
    position: int


@dataclass(slots=True)
class PersonRow:
    name: str
    slug: str


@dataclass(slots=True)
class PersonAliasRow:
    person: int
    name: str


@dataclass(slots=True)
class MembershipRow:
    person: int
    group: int
    role: str
    voting: bool
    start: str | None
    end: str | None
    note: str
    line_start: int
    line_end: int


@dataclass(slots=True)
class ResolutionRow:
    group: int
    kind: str
    title: str
    date: str | None
    date_inferred: bool
    text: str
    vote_yes: int | None
    vote_no: int | None
    vote_abstain: int | None
    medium: str
    position: int
    line_start: int
    line_end: int


@dataclass(slots=True)
class RosterApprovalRow:
    group: int
    date: str
    resolution: int  # index into SynthData.resolutions
    note: str


@dataclass(slots=True)
class PageRow:
    group: int
    kind: str
    title: str
    slug: str
    date: str | None
    path: str
    body: str
    position: int


@dataclass
class Taken:
    """Names already in the database, which generated rows must not repeat (`--force`)."""

    group_names: set[str] = field(default_factory=set)
    group_slugs: set[str] = field(default_factory=set)
    group_aliases: set[tuple[str, str]] = field(default_factory=set)  # (kind, name)
    person_slugs: set[str] = field(default_factory=set)
    person_aliases: set[str] = field(default_factory=set)
    page_paths: set[str] = field(default_factory=set)


@dataclass
class SynthData:
    groups: list[GroupRow] = field(default_factory=list)
    group_aliases: list[GroupAliasRow] = field(default_factory=list)
    mailing_lists: list[MailingListRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    person_aliases: list[PersonAliasRow] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    resolutions: list[ResolutionRow] = field(default_factory=list)
    roster_approvals: list[RosterApprovalRow] = field(default_factory=list)
    pages: list[PageRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def source_path(groups: int, seed: int) -> str:
    """The provenance document the synthetic rows cite."""
    return f"synth/groups-{groups}-seed-{seed}.yaml"


# -- helpers -------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """'Łukasz André' -> 'Lukasz Andre' (case kept)."""
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i"}))
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _camel(name: str) -> str:
    """'Marc-André Lemburg' -> 'MarcAndreLemburg' (a MoinMoin wiki name)."""
    words = _ascii(name).replace("-", " ").replace("'", "").replace(".", "").split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def _unique_slug(base: str, taken: set[str]) -> str:
    base = base[:180] or "x"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


class _Dates:
    """Random days between two dates, written at a random precision."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def day(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return date.fromordinal(self.rng.randint(lo.toordinal(), hi.toordinal()))

    def partial(self, d: date, weights=(15, 35, 50)) -> str:
        """ISO at year, month or day precision."""
        precision = _weighted(self.rng, (0, 1, 2), weights)
        return _iso(d, precision)

    def at_or_after(self, start: str | None, d: date) -> str:
        """`d` as a partial date that sorts at or after `start` (ISO order)."""
        for _ in range(2):
            value = self.partial(d)
            if start is None or value >= start:
                return value
        value = _iso(d, 2)
        return value if start is None or value >= start else start


_CUMULATIVE: dict[tuple, tuple[list[int], int]] = {}


def _weighted(rng: random.Random, options: tuple, weights: tuple):
    """One of `options`, drawn with `weights` (integers); cheaper than `rng.choices`."""
    try:
        cumulative, total = _CUMULATIVE[weights]
    except KeyError:
        cumulative = list(itertools.accumulate(weights))
        cumulative, total = _CUMULATIVE.setdefault(weights, (cumulative, cumulative[-1]))
    return options[bisect.bisect_right(cumulative, rng.random() * total)]


def _iso(d: date, precision: int) -> str:
    if precision == 0:
        return f"{d.year:04d}"
    if precision == 1:
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _latest(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
    return date(parts[0], 12, 31)


def _earliest(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


# -- the generator -------------------------------------------------------------------------


def generate(groups: int, seed: int = 0, *, taken: Taken | None = None) -> SynthData:
    """Rows for `groups` groups, 10× as many people and 30× as many memberships."""
    if groups < 0:
        raise ValueError("groups must be zero or more")
    taken = taken or Taken()
    rng = random.Random(f"workgroups-synth:{seed}")
    gen = _Generator(rng, taken)
    data = SynthData()
    gen.people(data, groups * PEOPLE_PER_GROUP)
    gen.groups(data, groups)
    gen.memberships(data, groups * MEMBERSHIPS_PER_GROUP)
    return data


class _Generator:
    def __init__(self, rng: random.Random, taken: Taken):
        self.rng = rng
        self.dates = _Dates(rng)
        self.taken = taken
        self.group_names = set(taken.group_names)
        self.group_slugs = set(taken.group_slugs)
        self.group_aliases = set(taken.group_aliases)
        self.person_slugs = set(taken.person_slugs)
        self.person_aliases = set(taken.person_aliases)
        self.page_paths = set(taken.page_paths)
        self.line = 1  # lines of the fictional source document, in order
        # Per group: (start, end) of its life, for dating what happens in it.
        self.spans: list[tuple[date, date]] = []

    def _lines(self, n: int) -> tuple[int, int]:
        start = self.line
        self.line += n
        return start, start + n - 1

    # people ---------------------------------------------------------------------------

    def people(self, data: SynthData, n: int) -> None:
        """Distinct names (as `person_key` compares them): a given name, sometimes a second
        one or a middle initial, and one or two family names; a tenth get an alias."""
        rng = self.rng
        keys: set[str] = set()
        for i in range(n):
            for attempt in range(100):
                first = rng.choice(FIRST)
                if rng.random() < 0.15:
                    first = f"{first} {rng.choice(FIRST)}"
                initial = f" {chr(ord('A') + rng.randrange(26))}." if rng.random() < 0.05 else ""
                last = rng.choice(LAST)
                if rng.random() < 0.6:
                    last = f"{last} {rng.choice(LAST)}"
                name = f"{first}{initial} {last}"
                key = person_key(name)
                if key not in keys or attempt == 99:
                    keys.add(key)
                    break
            slug = _unique_slug(slugify_name(name), self.person_slugs)
            data.people.append(PersonRow(name=name, slug=slug))
            # About one person in ten is also known under another spelling.
            if rng.random() < 0.1:
                plain = _ascii(name)
                choice = rng.random()
                if plain != name and choice < 0.6:
                    alias = plain
                elif choice < 0.8:
                    alias = _camel(name)
                elif initial:
                    alias = f"{first} {last}"
                else:
                    alias = f"{name} (PSF Director)"
                if alias != name and alias not in self.person_aliases:
                    self.person_aliases.add(alias)
                    data.person_aliases.append(PersonAliasRow(person=i, name=alias))

    # groups ---------------------------------------------------------------------------

    def _group_names(self, n: int) -> list[str]:
        rng = self.rng
        space = len(QUALIFIERS) * len(TOPICS) * len(KINDS)
        order = list(range(space))
        rng.shuffle(order)
        names: list[str] = []
        i = 0
        while len(names) < n:
            k = order[i % space]
            round_ = i // space
            i += 1
            q, rest = divmod(k, len(TOPICS) * len(KINDS))
            t, kind = divmod(rest, len(KINDS))
            name = " ".join(w for w in (QUALIFIERS[q], TOPICS[t], KINDS[kind]) if w)
            if round_:
                name = f"{name} {round_ + 1}"
            if name in self.group_names:
                continue
            self.group_names.add(name)
            names.append(name)
        return names

    def groups(self, data: SynthData, n: int) -> None:
        rng, dates = self.rng, self.dates
        for index, name in enumerate(self._group_names(n)):
            slug = _unique_slug(slugify_name(name), self.group_slugs)
            status = _weighted(rng, ("active", "inactive", "dissolved"), (60, 25, 15))
            born = dates.day(EARLIEST, TODAY - timedelta(days=200))
            formed = None if rng.random() < 0.04 else dates.partial(born, (25, 35, 40))
            if formed is not None:
                born = _earliest(formed)
            dissolved = None
            if status == "dissolved":
                died = dates.day(born + timedelta(days=180), TODAY)
                if rng.random() < 0.85:
                    dissolved = dates.at_or_after(formed, died)
                    died = max(_latest(dissolved), born)
                end = min(died, TODAY)
            elif status == "inactive":
                end = dates.day(born + timedelta(days=180), TODAY - timedelta(days=365))
                end = max(end, born)
            else:
                end = TODAY
            self.spans.append((born, end))
            topic = next(t for t in TOPICS if t in name)
            where = name.split(topic)[0].strip()
            summary = f"{rng.choice(VERBS)} {topic.lower()}" + (f" in {where}." if where else ".")
            purpose = (
                f"The {name} {summary[0].lower()}{summary[1:]}\n\n"
                f"It reports to the Board of Directors of the Python Software Foundation and "
                f"publishes its {rng.choice(['minutes', 'decisions', 'reports'])} on its "
                f"wiki pages. Anyone interested in {topic.lower()} is welcome to join the "
                f"mailing list.\n"
            )
            start, stop = self._lines(rng.randint(8, 40))
            data.groups.append(
                GroupRow(
                    name=name,
                    slug=slug,
                    status=status,
                    formed=formed,
                    dissolved=dissolved,
                    summary=summary,
                    purpose=purpose,
                    position=index,
                    line_start=start,
                    line_end=stop,
                )
            )
            self._group_extras(data, index, name, slug, status, topic)
            self._resolutions(data, index, name, formed, dissolved, status)
            self._pages(data, index, name, slug)

    def _group_extras(self, data, index, name, slug, status, topic) -> None:
        rng = self.rng
        # Aliases: an abbreviation or an older name, and a legacy wiki path.
        if rng.random() < 0.3:
            initials = "".join(w[0] for w in _ascii(name).split() if w[0].isalpha()).upper()
            alias = rng.choice([initials, f"{topic} WG", f"Python {topic} Group", _camel(name)])
            if (("name", alias) not in self.group_aliases) and alias not in self.group_names:
                self.group_aliases.add(("name", alias))
                data.group_aliases.append(GroupAliasRow(group=index, kind="name", name=alias))
        if rng.random() < 0.2:
            path = f"psf/{_camel(name)}"
            if ("path", path) not in self.group_aliases:
                self.group_aliases.add(("path", path))
                data.group_aliases.append(GroupAliasRow(group=index, kind="path", name=path))
        # Mailing lists: most groups one, some two, dissolved ones often none.
        weights = (10, 75, 15) if status != "dissolved" else (50, 45, 5)
        for position in range(_weighted(rng, (0, 1, 2), weights)):
            local = slug[:60] if position == 0 else f"{slug[:50]}-announce"
            data.mailing_lists.append(
                MailingListRow(
                    group=index,
                    address=f"{local}@python.org",
                    url=f"https://mail.python.org/mailman3/lists/{local}.python.org/",
                    position=position,
                )
            )
        # Links.
        options = [
            ("Notes", f"https://wiki.python.org/psf/{_camel(name)}"),
            ("Wiki section", f"https://wiki.python.org/psf/working-groups/{slug}/"),
            ("Charter", f"https://www.python.org/psf/workgroups/{slug}/charter/"),
            ("Website", f"https://{slug[:40]}.example.org/"),
        ]
        for position, (label, url) in enumerate(rng.sample(options, rng.randint(0, 3))):
            data.links.append(LinkRow(group=index, label=label, url=url, position=position))

    def _resolutions(self, data, index, name, formed, dissolved, status) -> None:
        rng, dates = self.rng, self.dates
        born, end = self.spans[index]
        position = 0

        def add(kind: str, when: str | None, inferred: bool = False) -> int:
            nonlocal position
            voted = rng.random() < 0.75
            yes = rng.randint(5, 11) if voted else None
            text = (
                "RESOLVED, that the Python Software Foundation "
                + {
                    "establishing": f"establish the {name} to carry out the purpose set "
                    "out in its charter;",
                    "dissolving": f"dissolve the {name}, with thanks to its members;",
                    "roster": f"approve the membership of the {name} as listed below;",
                }.get(kind, f"adopt the {RESOLUTION_TITLES[kind].lower()} of the {name};")
                + "\n\nRESOLVED, that the group report to the Board at least once a year."
            )
            start, stop = self._lines(rng.randint(3, 12))
            data.resolutions.append(
                ResolutionRow(
                    group=index,
                    kind=kind,
                    title=RESOLUTION_TITLES[kind] if rng.random() < 0.5 else "",
                    date=when,
                    date_inferred=inferred,
                    text=text,
                    vote_yes=yes,
                    vote_no=rng.choice((0, 0, 0, 1, 2)) if voted else None,
                    vote_abstain=rng.choice((0, 0, 1, 2)) if voted else None,
                    medium=rng.choice(MEDIA) if voted else "",
                    position=position,
                    line_start=start,
                    line_end=stop,
                )
            )
            position += 1
            return len(data.resolutions) - 1

        if rng.random() < 0.92:
            if formed is None:
                add("establishing", None)
            elif rng.random() < 0.25:
                add("establishing", formed, inferred=True)
            else:
                # A stated date inside the formed date's precision.
                add("establishing", _iso(dates.day(_earliest(formed), _latest(formed)), 2))
        for _ in range(_weighted(rng, (0, 1, 2, 3), (35, 35, 20, 10))):
            kind = rng.choice(("amending", "charter", "current", "work-group"))
            add(kind, dates.at_or_after(formed, dates.day(born, end)))
        if rng.random() < 0.1:
            when = _iso(dates.day(max(born, end - timedelta(days=900)), end), 2)
            when = max(when, formed or when)
            resolution = add("roster", when)
            data.roster_approvals.append(
                RosterApprovalRow(group=index, date=when, resolution=resolution, note="")
            )
        if status == "dissolved" and dissolved and rng.random() < 0.8:
            add("dissolving", dissolved)

    def _pages(self, data, index, name, slug) -> None:
        rng, dates = self.rng, self.dates
        born, end = self.spans[index]
        base = f"psf/working-groups/{_ascii(name)}"
        used: set[str] = set()

        def add(kind, title, page_slug, when, body, position=0):
            page_slug = _unique_slug(page_slug, used)
            path = f"{base}/{page_slug}"
            if path in self.page_paths:
                return
            self.page_paths.add(path)
            data.pages.append(
                PageRow(
                    group=index,
                    kind=kind,
                    title=title,
                    slug=page_slug,
                    date=when,
                    path=path,
                    body=body,
                    position=position,
                )
            )

        paragraph = (
            f"The {name} meets every month. Its members discuss the proposals on the "
            "mailing list first, and decide by consensus or, failing that, by a simple "
            "majority of the voting members present."
        )
        if rng.random() < 0.7:
            versions = 2 if rng.random() < 0.15 else 1
            for v in range(versions):
                body = (
                    f"# {name} Charter\n\n## Purpose\n\n{paragraph}\n\n## Membership\n\n"
                    "Membership shall consist of the people listed on the members page. "
                    "The Board approves the roster every year.\n\n"
                    f"See also [the wiki](/wiki/{base}/index).\n"
                )
                when = dates.partial(dates.day(born, end))
                add("charter", f"{name} Charter", "charter", when, body, position=v)
        for _ in range(_weighted(rng, (0, 1, 2, 3), (25, 35, 25, 15))):
            day = dates.day(born, end)
            body = (
                f"# Meeting {day.isoformat()}\n\n**Present:** {rng.randint(3, 12)} members.\n\n"
                f"## Notes\n\n{paragraph}\n\n- Review of open items\n- Budget\n"
                "- Any other business\n"
            )
            add(
                "minutes",
                f"Meeting {day.isoformat()}",
                f"{day.isoformat()}-meeting",
                _iso(day, 2),
                body,
            )
        if rng.random() < 0.25:
            add("members", "Members", "members", None, f"# Members\n\n{paragraph}\n")
        if rng.random() < 0.2:
            add("page", "Resources", "resources", None, f"# Resources\n\n{paragraph}\n")

    # memberships ----------------------------------------------------------------------

    def memberships(self, data: SynthData, total: int) -> None:
        rng = self.rng
        n = len(data.groups)
        if n == 0:
            return
        # Sizes vary between groups but add up to exactly `total`.
        sizes = [rng.randint(6, 2 * MEMBERSHIPS_PER_GROUP - 6) for _ in range(n)]
        diff = total - sum(sizes)
        i = 0
        while diff:
            step = 1 if diff > 0 else -1
            if step > 0 or sizes[i % n] > 3:
                sizes[i % n] += step
                diff -= step
            i += 1
        people = len(data.people)
        for index, size in enumerate(sizes):
            self._roster(data, index, size, people)

    def _pick_person(self, index: int, people: int, n_groups: int, seen: set[int]) -> int:
        rng = self.rng
        for _ in range(50):
            if rng.random() < 0.7:
                # People of the same community: a window around this group's share.
                centre = index * people // n_groups
                k = (centre + int(rng.gauss(0, 40))) % people
            else:
                # A few people are in very many groups.
                k = int(people * rng.random() ** 2.5)
            if k not in seen:
                return k
        k = rng.randrange(people)
        while k in seen:
            k = (k + 1) % people
        return k

    def _roster(self, data: SynthData, index: int, size: int, people: int) -> None:
        rng = self.rng
        group = data.groups[index]
        has_chair = rng.random() < 0.88
        seen: set[int] = set()
        seated: set[int] = set()  # people with a current seat in this group
        made = 0
        while made < size:
            if len(seen) >= people:
                seen = set()  # a tiny registry: people come back for another seat
            person = self._pick_person(index, people, len(data.groups), seen)
            seen.add(person)
            chair_seat = made == 0 and has_chair
            role = self._role(chair_seat)
            current = self._current(group, chair_seat) and person not in seated
            start_day, start = self._start(group, index)
            voting = rng.random() < (0.6 if role in (Role.MODERATOR, Role.SECRETARY) else 0.93)
            note = rng.choice(NOTES) if rng.random() < 0.03 else ""
            stop = None if current else self._stop(group, index, start, start_day)
            self._member(data, person, index, role, voting, start, stop, note)
            if stop is None:
                seated.add(person)
            made += 1
            if stop and made < size and rng.random() < 0.05:
                self._role_change(data, index, person, role, voting, stop, seated)
                made += 1

    def _role(self, chair_seat: bool) -> str:
        """The first seat of a group with a chair is its chair; others are drawn by weight."""
        if chair_seat:
            return Role.CO_CHAIR if self.rng.random() < 0.1 else Role.CHAIR
        return _weighted(self.rng, ROLES, ROLE_WEIGHTS)

    def _current(self, group: GroupRow, chair_seat: bool) -> bool:
        """Whether a seat is still held: an active group's chair is; others by the status."""
        if chair_seat and group.status == GroupStatus.ACTIVE:
            return True
        return self.rng.random() < _CURRENT_SHARE[group.status]

    def _start(self, group: GroupRow, index: int) -> tuple[date, str]:
        """(the day a seat starts, that day as written), never before the group was formed."""
        born, end = self.spans[index]
        start_day = self.dates.day(born, end)
        start = self.dates.partial(start_day)
        if group.formed and start < group.formed:
            start = group.formed
        return start_day, start

    def _stop(self, group: GroupRow, index: int, start: str, start_day: date) -> str:
        """When an ended seat ended: often with the group's dissolution, else after its start."""
        dates = self.dates
        end = self.spans[index][1]
        stop_day = dates.day(min(_latest(start), end) if start else start_day, end)
        stop = group.dissolved if group.dissolved and self.rng.random() < 0.5 else None
        stop = stop or dates.at_or_after(start, stop_day)
        return max(stop, start)

    def _role_change(self, data, index, person, role, voting, stop, seated: set[int]) -> None:
        """The seat ended, and the same person starts another in a new role at that date."""
        group = data.groups[index]
        end = self.spans[index][1]
        new_role = Role.CHAIR if role != Role.CHAIR else Role.MEMBER
        later = None
        if group.status != GroupStatus.ACTIVE or person in seated or self.rng.random() < 0.3:
            later = self.dates.at_or_after(stop, self.dates.day(min(_latest(stop), end), end))
            later = max(later, stop)
        self._member(data, person, index, new_role, voting, stop, later, "")
        if later is None:
            seated.add(person)

    def _member(self, data, person, group, role, voting, start, end, note) -> None:
        line_start, line_end = self._lines(1)
        data.memberships.append(
            MembershipRow(
                person=person,
                group=group,
                role=role,
                voting=voting,
                start=start,
                end=end,
                note=note,
                line_start=line_start,
                line_end=line_end,
            )
        )
