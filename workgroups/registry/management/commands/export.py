"""`workgroups export --format psf-page|wiki|yaml|json [--output PATH]`."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from workgroups.registry import snapshot
from workgroups.sources import formats


def _page_url(group: str, page: str) -> str:
    return reverse("web:page", args=[group, page])


def render(fmt: str) -> str | dict[str, str]:
    """The export as text, or {relative path: text} for the wiki; same registry, same bytes."""
    return formats.export(fmt).render(snapshot.take(), _page_url)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_folder(root: Path, files: dict[str, str]) -> None:
    for name in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise CommandError(f"refusing to write outside {root}: {name!r}")
    for name, text in files.items():
        write_text(root.joinpath(*PurePosixPath(name).parts), text)


class Command(BaseCommand):
    help = (
        "Write the registry out as the python.org page, the wiki, YAML or JSON. The python.org "
        "page (psf-page), the wiki's working-groups folder (wiki), a lossless YAML dump that "
        "`workgroups import` loads back (yaml), or every group in the API's detail shape (json). "
        "Same registry, same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=[e.name for e in formats.exports()])
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="file to write (default: standard output); for wiki, the folder to write "
            "the wiki files into (created; files it holds are overwritten, others kept)",
        )

    def handle(self, *args, output=None, **options):
        fmt = options["format"]
        if formats.export(fmt).folder:
            if not output:
                raise CommandError(f"--format {fmt} writes a folder: give it with --output PATH")
            root = Path(output)
            if root.exists() and not root.is_dir():
                raise CommandError(f"{root} is not a folder")
            result = render(fmt)
            write_folder(root, result)
            if options.get("verbosity", 1) > 0:
                self.stderr.write(f"Wrote {len(result)} files under {root}")
            return
        export = formats.export(fmt)
        to_file = bool(output and output != "-")
        if export.stream is not None and to_file:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                export.stream(snapshot.take(), _page_url, handle.write)
            return
        result = render(fmt)
        if to_file:
            write_text(Path(output), result)
        else:
            self.stdout.write(result, ending="")
