"""The wiki's working-groups folder, regenerated from registry records.

`render_wiki(snapshot)` returns {file path: text} for a wiki checkout:

- every page the registry holds at a wiki path, at `<path>.md`, with its body unchanged (the
  body is the original file: the wiki is the pages' home); pages written on the site, which
  have no wiki path yet, go into their group's folder (a new one named after the group if the
  wiki has none: "New" for "New Work Group"), a charter as "Charter", others by their slug;
- `psf/working-groups/index.md`: the "Active Working Groups" list (one entry per group folder,
  `[Conduct WG](Conduct/index) -- <the group's summary>`, the template folder last), the
  "Legacy Working Group Pages" list (the standalone pages next to the folders) and the hidden
  `{toctree}` of both;
- `psf/working-groups/<Folder>/index.md` for each folder: its title and the `{toctree}` of its
  pages (hidden when the folder holds meeting minutes, as the wiki does for Packaging), unless
  the registry holds that index as a page of its own;
- `redirects-wg.json`: the old MoinMoin names and the paths they now lead to.

A group the wiki index names but whose pages the registry does not hold (the seeds imported
without the wiki corpus) keeps its entry: its folder is the index's entry title ("Conduct WG"
-> "Conduct", from the index's name claim) or one of its path aliases, and a standalone path
alias with no page gives a legacy entry; so importing the export finds every group again.

The wiki index does not survive in the registry word for word: the legacy entries' titles and
one-line summaries are written from the pages' kinds and groups ("Conduct WG Group -- Member
list for the Conduct WG", "Jobs WG (legacy) -- Original Jobs Working Group page").
Templates are Django templates with autoescape off (Markdown, not HTML).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine

from workgroups.sources.shapes import Group, Page, Snapshot

ROOT = "psf/working-groups"
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_SUMMARY = "Template working group page, useful as a reference when starting a new group"


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=False)


def render_template(name: str, context: dict) -> str:
    return engine().get_template(f"render/{name}").render(Context(context, autoescape=False))


@dataclass
class Entry:
    title: str
    target: str  # relative to psf/working-groups/, without .md
    summary: str = ""


def folder_of(path: str | None) -> str | None:
    """'Conduct' for 'psf/working-groups/Conduct/Charter'; None outside a group folder."""
    if not path or not path.startswith(ROOT + "/"):
        return None
    rest = path[len(ROOT) + 1 :]
    if "/" not in rest:
        return None
    return rest.split("/", 1)[0]


def standalone_name(path: str | None) -> str | None:
    """'Conduct Group' for 'psf/working-groups/Conduct Group'; None for other paths."""
    if not path or not path.startswith(ROOT + "/"):
        return None
    rest = path[len(ROOT) + 1 :]
    if "/" in rest or rest == "index":
        return None
    return rest


def _group_folders(group: Group, index_sources: frozenset[str] = frozenset()) -> set[str]:
    """The group's folders: of its pages and path aliases; else the one the wiki index's
    entry names ("Conduct WG" -> "Conduct"), as the index titles a folder's entry."""
    folders = {f for p in group.pages if (f := folder_of(p.path))}
    for name in group.alias_paths:
        # "<root>/Conduct/index" (with or without its bare form) names a folder; a bare
        # "<root>/Education Group" alone is a standalone page.
        if not name.endswith("/index") and name + "/index" not in group.alias_paths:
            continue
        folder = folder_of(name) or folder_of(name + "/index")
        if folder and name.removesuffix("/index") == f"{ROOT}/{folder}":
            folders.add(folder)
    if not folders:
        for claim in group.claims:
            if (
                claim.field == "name"
                and claim.source in index_sources
                and isinstance(claim.value, str)
                and claim.value.endswith(" WG")
                and (folder := claim.value.removesuffix(" WG").strip())
                and "/" not in folder
            ):
                folders.add(folder)
    return folders


def _standalone_aliases(group: Group, folders: set[str], paths: set[str]) -> list[Page]:
    """Standalone wiki paths the group is known by, with no page the registry holds there
    ("psf/working-groups/Education Group"): placeholders for their legacy entries."""
    out = []
    for path in sorted(group.alias_paths):
        name = standalone_name(path)
        if name is None or name in folders or path in paths:
            continue
        kind = "members" if name.endswith(" Group") else "page"
        out.append(Page(path=path, slug=name, kind=kind, title=name))
    return out


def legacy_entry(page: Page, group: Group | None, folders: set[str]) -> Entry:
    name = standalone_name(page.path) or page.title
    if group is None:
        return Entry(page.title or name, name)
    if page.kind == "members" and name.endswith(" Group"):
        base = name.removesuffix(" Group")
        return Entry(f"{base} WG Group", name, f"Member list for the {base} WG")
    if name in folders:
        return Entry(f"{name} WG (legacy)", name, f"Original {name} Working Group page")
    if page.kind == "charter" and name.endswith(" Charter"):
        base = name.removesuffix(" Charter")
        return Entry(f"{base} WG Charter", name, f"{base} Working Group charter")
    if page.kind == "charter":
        return Entry(f"{name} WG", name, f"{name} Working Group charter")
    return Entry(f"{name} WG", name, f"{name} Working Group page")


def folder_index(folder: str, pages: list[Page]) -> str:
    names = sorted(
        p.path.rsplit("/", 1)[-1] for p in pages if p.path and not p.path.endswith("/index")
    )
    hidden = any(p.kind == "minutes" for p in pages)
    return render_template(
        "wiki_folder_index.md", {"title": folder, "toctree": names, "hidden": hidden}
    )


def folder_name(group: Group) -> str:
    """A folder for a group the wiki does not have yet: 'New' for 'New Work Group'."""
    name = re.sub(r"\s+(?:Work(?:ing)?\s*Group|WG|Committee)$", "", group.name.strip())
    name = re.sub(r"[/\\:*?\"<>|#]+", " ", name)
    return " ".join(name.split()) or group.slug


def _place_new_pages(
    pages: list[tuple[Page, Group | None]],
    groups: list[Group],
    index_sources: frozenset[str] = frozenset(),
) -> list[tuple[Page, Group | None]]:
    """Pages written on the site have no wiki path yet: give them one in their group's folder
    ("Charter" for a charter, else the page's slug) so that the export carries them."""
    taken = {p.path for p, _ in pages if p.path}
    used = {f for g in groups for f in _group_folders(g, index_sources)}
    homes: dict[str, str] = {}
    for group in groups:
        existing = sorted(_group_folders(group, index_sources))
        if existing:
            homes[group.slug] = existing[0]
            continue
        folder = folder_name(group)
        if folder in used:
            folder = f"{folder} {group.slug}"
        used.add(folder)
        homes[group.slug] = folder
    placed = []
    for page, group in pages:
        if page.path or group is None:
            placed.append((page, group))
            continue
        folder = homes[group.slug]
        name = "Charter" if page.kind == "charter" else page.slug
        path, n = f"{ROOT}/{folder}/{name}", 2
        while path in taken:
            path, n = f"{ROOT}/{folder}/{name}_v{n}", n + 1
        taken.add(path)
        placed.append((page.model_copy(update={"path": path}), group))
    return placed


def render_wiki(snapshot: Snapshot) -> dict[str, str]:
    """{relative file path: text} of the wiki export, in path order."""
    files: dict[str, str] = {}
    pages: list[tuple[Page, Group | None]] = [
        *((p, g) for g in snapshot.groups for p in g.pages),
        *((p, None) for p in snapshot.pages if p.path),
    ]
    index_sources = frozenset(x.path for x in snapshot.sources if x.kind == "wiki-index")
    pages = _place_new_pages(pages, snapshot.groups, index_sources)
    for page, _ in pages:
        if page.path:
            files[page.path + ".md"] = page.body

    # Folders: of groups (by their pages and path aliases) and of templates (no group).
    by_folder: dict[str, list[Page]] = {}
    folder_group: dict[str, Group | None] = {}
    for group in snapshot.groups:
        for folder in sorted(_group_folders(group, index_sources)):
            folder_group.setdefault(folder, group)
            by_folder.setdefault(folder, [])
    for page, group in pages:
        folder = folder_of(page.path)
        if folder is None:
            continue
        by_folder.setdefault(folder, []).append(page)
        folder_group.setdefault(folder, group)
    folders = set(by_folder)

    active, templates = [], []
    for folder in sorted(by_folder):
        group = folder_group.get(folder)
        if group is None:
            templates.append(Entry(f"{folder} WG", f"{folder}/index", TEMPLATE_SUMMARY))
        else:
            active.append(Entry(f"{folder} WG", f"{folder}/index", " ".join(group.summary.split())))
        index_path = f"{ROOT}/{folder}/index.md"
        if index_path not in files:
            files[index_path] = folder_index(folder, by_folder[folder])

    legacy = []
    for page, group in pages:
        if standalone_name(page.path) is not None:
            legacy.append(legacy_entry(page, group, folders))
    paths = {p.path for p, _ in pages if p.path}
    for group in snapshot.groups:
        for page in _standalone_aliases(group, folders, paths):
            legacy.append(legacy_entry(page, group, folders))
    legacy.sort(key=lambda e: e.target)

    entries = [*active, *templates]
    toctree = sorted(e.target for e in entries) + [e.target for e in legacy]
    files.setdefault(
        f"{ROOT}/index.md",
        render_template("wiki_index.md", {"active": entries, "legacy": legacy, "toctree": toctree}),
    )
    if snapshot.legacy_paths:
        files["redirects-wg.json"] = json.dumps(
            dict(sorted(snapshot.legacy_paths.items())), indent=1, ensure_ascii=False
        )
    return dict(sorted(files.items()))
