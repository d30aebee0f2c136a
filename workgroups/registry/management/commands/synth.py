"""`workgroups synth --groups N [--seed S]`: deterministic synthetic data for benchmarks."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from workgroups.registry import synth
from workgroups.registry.models import (
    Group,
    GroupAlias,
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
from workgroups.registry.writer import Write, refresh_statistics

BATCH = 5000  # rows per executemany


class Command(BaseCommand):
    help = (
        "Fill the database with N synthetic groups, 10×N people and 30×N memberships "
        "(with aliases, mailing lists, links, resolutions, pages): the same rows for the "
        "same N and seed. For benchmarks; refuses a database that has groups unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, required=True, help="how many groups")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="add the synthetic groups even though the database already has groups",
        )

    def handle(self, *args, groups, seed, force, **options):
        if groups < 0:
            raise CommandError("--groups must be zero or more")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)  # where SQLite keeps its file
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
        existing = Group.objects.count()
        if existing and not force:
            raise CommandError(
                f"The database already has {existing} groups: synth would add {groups} "
                "made-up groups beside them. Point WORKGROUPS_DATA_DIR (or DATABASE_URL) at "
                "an empty database, or pass --force to add them anyway."
            )
        started = time.perf_counter()
        data = synth.generate(groups, seed, taken=_taken() if existing else None)
        generated = time.perf_counter()
        with transaction.atomic():
            write(data, source_path=synth.source_path(groups, seed))
        refresh_statistics()
        done = time.perf_counter()
        counts = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in data.counts().items())
        self.stdout.write(
            f"Synthesised {counts} (seed {seed}) in {done - started:.1f} s "
            f"({generated - started:.1f} s generating, {done - generated:.1f} s writing)."
        )
        self.stdout.write(
            "No history rows were written. The search index is rebuilt by `workgroups "
            "reindex`, or by the next `workgroups serve` or `migrate`."
        )


def _taken() -> synth.Taken:
    return synth.Taken(
        group_names=set(Group.objects.values_list("name", flat=True)),
        group_slugs=set(Group.objects.values_list("slug", flat=True)),
        group_aliases=set(GroupAlias.objects.values_list("kind", "name")),
        person_slugs=set(Person.objects.values_list("slug", flat=True)),
        person_aliases=set(PersonAlias.objects.values_list("name", flat=True)),
        page_paths=set(Page.objects.exclude(path=None).values_list("path", flat=True)),
    )


def write(data: synth.SynthData, *, source_path: str) -> None:
    """Insert generated rows through the writer's bulk path (call inside a transaction)."""
    w = Write(comment="synthetic data")
    source, _ = Source.objects.get_or_create(path=source_path, defaults={"kind": Source.Kind.YAML})
    sid = source.pk
    gid = w.insert_rows(
        Group,
        [
            "name", "slug", "status", "formed", "dissolved", "summary", "purpose", "position",
            "source", "line_start", "line_end",
        ],
        [
            (
                g.name, g.slug, g.status, g.formed, g.dissolved, g.summary, g.purpose,
                g.position, sid, g.line_start, g.line_end,
            )
            for g in data.groups
        ],
    )  # fmt: skip
    w.insert_rows(
        GroupAlias,
        ["group", "kind", "name"],
        [(gid[a.group], a.kind, a.name) for a in data.group_aliases],
    )
    w.insert_rows(
        MailingList,
        ["group", "address", "url", "position", "source"],
        [(gid[m.group], m.address, m.url, m.position, sid) for m in data.mailing_lists],
    )
    w.insert_rows(
        Link,
        ["group", "label", "url", "position"],
        [(gid[k.group], k.label, k.url, k.position) for k in data.links],
    )
    pid = w.insert_rows(Person, ["name", "slug"], [(p.name, p.slug) for p in data.people])
    w.insert_rows(
        PersonAlias,
        ["person", "name"],
        [(pid[a.person], a.name) for a in data.person_aliases],
    )
    w.insert_rows(
        Membership,
        [
            "person", "group", "role", "voting", "start", "end", "note", "source", "line_start",
            "line_end",
        ],
        [
            (
                pid[m.person], gid[m.group], m.role, m.voting, m.start, m.end, m.note, sid,
                m.line_start, m.line_end,
            )
            for m in data.memberships
        ],
    )  # fmt: skip
    rid = w.insert_rows(
        Resolution,
        [
            "group", "kind", "title", "date", "date_inferred", "text", "vote_yes", "vote_no",
            "vote_abstain", "medium", "position", "source", "line_start", "line_end",
        ],
        [
            (
                gid[r.group], r.kind, r.title, r.date, r.date_inferred, r.text, r.vote_yes,
                r.vote_no, r.vote_abstain, r.medium, r.position, sid, r.line_start, r.line_end,
            )
            for r in data.resolutions
        ],
    )  # fmt: skip
    w.insert_rows(
        RosterApproval,
        ["group", "date", "resolution", "note"],
        [(gid[a.group], a.date, rid[a.resolution], a.note) for a in data.roster_approvals],
    )
    w.insert_rows(
        Page,
        ["group", "kind", "title", "slug", "date", "path", "body", "position"],
        [
            (gid[p.group], p.kind, p.title, p.slug, p.date, p.path, p.body, p.position)
            for p in data.pages
        ],
    )
    w.finish(bump=())  # new groups start at version 1
