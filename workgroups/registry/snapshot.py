"""The registry as plain records (`workgroups.sources.render_records.Snapshot`) for the exports.

One query per table whatever the size of the registry; every list is put in a stable order in
Python (not by the database, whose collation and NULL ordering differ between SQLite and
PostgreSQL), so the same registry always gives the same snapshot.
"""

from __future__ import annotations

from typing import Any

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
from workgroups.sources.render_records import (
    Cite,
    ClaimRow,
    GroupRow,
    LinkRow,
    MailingListRow,
    MembershipRow,
    PageRow,
    PersonRow,
    ResolutionRow,
    RosterApprovalRow,
    Snapshot,
    SourceRow,
    sort_snapshot,
)

PROVENANCE = ("source_id", "line_start", "line_end")


def normalise_json(value: Any) -> Any:
    """Dict keys sorted at every level (PostgreSQL's jsonb and SQLite keep different orders)."""
    if isinstance(value, dict):
        return {str(k): normalise_json(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [normalise_json(v) for v in value]
    return value


def take() -> Snapshot:
    """The whole registry, as records, in stable order."""
    sources = {s["id"]: s for s in Source.objects.values("id", "path", "kind", "sha256")}

    def cite(row: dict) -> Cite | None:
        if row["source_id"] is None:
            return None
        return Cite(sources[row["source_id"]]["path"], row["line_start"], row["line_end"])

    people = {
        p["id"]: PersonRow(slug=p["slug"], name=p["name"])
        for p in Person.objects.values("id", "slug", "name")
    }
    for a in PersonAlias.objects.values("person_id", "name"):
        people[a["person_id"]].aliases.append(a["name"])

    groups: dict[int, GroupRow] = {}
    for g in Group.objects.values(
        "id",
        "slug",
        "name",
        "status",
        "formed",
        "dissolved",
        "summary",
        "purpose",
        "position",
        "version",
        *PROVENANCE,
    ):
        groups[g["id"]] = GroupRow(
            slug=g["slug"],
            name=g["name"],
            status=g["status"],
            formed=g["formed"],
            dissolved=g["dissolved"],
            summary=g["summary"],
            purpose=g["purpose"],
            position=g["position"],
            version=g["version"],
            cite=cite(g),
            source_kind=sources[g["source_id"]]["kind"] if g["source_id"] else "",
        )
    for a in GroupAlias.objects.values("group_id", "kind", "name"):
        groups[a["group_id"]].aliases.append((a["kind"], a["name"]))
    for m in MailingList.objects.values("group_id", "address", "url", "position", *PROVENANCE):
        groups[m["group_id"]].mailing_lists.append(
            MailingListRow(m["address"], m["url"], m["position"], cite(m))
        )
    for link in Link.objects.values("group_id", "label", "url", "position", *PROVENANCE):
        groups[link["group_id"]].links.append(
            LinkRow(link["label"], link["url"], link["position"], cite(link))
        )
    for m in Membership.objects.values(
        "group_id", "person_id", "role", "voting", "start", "end", "note", *PROVENANCE
    ):
        person = people[m["person_id"]]
        groups[m["group_id"]].members.append(
            MembershipRow(
                person=person.slug,
                name=person.name,
                role=m["role"],
                voting=m["voting"],
                start=m["start"],
                end=m["end"],
                note=m["note"],
                cite=cite(m),
            )
        )
    resolutions: dict[int, tuple[GroupRow, ResolutionRow]] = {}
    for r in Resolution.objects.values(
        "id",
        "group_id",
        "kind",
        "title",
        "date",
        "date_inferred",
        "text",
        "vote_yes",
        "vote_no",
        "vote_abstain",
        "medium",
        "position",
        *PROVENANCE,
    ):
        row = ResolutionRow(
            kind=r["kind"],
            text=r["text"],
            title=r["title"],
            date=r["date"],
            date_inferred=r["date_inferred"],
            vote_yes=r["vote_yes"],
            vote_no=r["vote_no"],
            vote_abstain=r["vote_abstain"],
            medium=r["medium"],
            position=r["position"],
            cite=cite(r),
        )
        group = groups[r["group_id"]]
        group.resolutions.append(row)
        resolutions[r["id"]] = (group, row)

    loose_pages: list[PageRow] = []
    for p in Page.objects.values(
        "group_id", "kind", "title", "slug", "date", "path", "body", "position", *PROVENANCE
    ):
        group = groups.get(p["group_id"])
        row = PageRow(
            title=p["title"],
            slug=p["slug"],
            kind=p["kind"],
            date=p["date"],
            path=p["path"],
            body=p["body"],
            position=p["position"],
            cite=cite(p),
            group=group.slug if group else None,
        )
        (group.pages if group else loose_pages).append(row)
    for c in Claim.objects.values("group_id", "field", "value", *PROVENANCE):
        groups[c["group_id"]].claims.append(
            ClaimRow(c["field"], normalise_json(c["value"]), cite(c))
        )

    snapshot = Snapshot(
        sources=[SourceRow(s["path"], s["kind"], s["sha256"]) for s in sources.values()],
        people=list(people.values()),
        groups=list(groups.values()),
        pages=loose_pages,
        legacy_paths=list(LegacyPath.objects.values_list("old", "new")),
    )
    # Roster approvals name a resolution by its index, so resolutions must be in order first.
    sort_snapshot(snapshot)
    index: dict[int, tuple[str, int]] = {}
    for group in snapshot.groups:
        for i, row in enumerate(group.resolutions):
            index[id(row)] = (group.slug, i)
    for a in RosterApproval.objects.values("group_id", "date", "resolution_id", "note"):
        ref = None
        if a["resolution_id"] is not None:
            ref = index[id(resolutions[a["resolution_id"]][1])]
        groups[a["group_id"]].roster_approvals.append(RosterApprovalRow(a["date"], a["note"], ref))
    for group in snapshot.groups:
        group.roster_approvals.sort(key=lambda a: (a.date.iso(), a.note, a.resolution or ("", -1)))
    return snapshot
