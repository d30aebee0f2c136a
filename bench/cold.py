"""`python -m bench.cold`: in-process time of each page type with the page cache off.

Needs WORKGROUPS_DATA_DIR pointing at a copy of a synthetic database (`workgroups synth`),
indexed (`workgroups reindex`). Requests go through django.test.Client, so the figures are
the view, its queries and its template, without a server or a network.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workgroups.settings")
    if not os.environ.get("WORKGROUPS_DATA_DIR"):
        raise SystemExit("Set WORKGROUPS_DATA_DIR to a copy of a synthetic database.")
    import django

    django.setup()
    from django.conf import settings

    settings.PAGE_CACHE = False
    # Hashed static names come from the manifest `serve` writes; write it as `serve` would.
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def _pages(word: str, slug: str | None) -> dict[str, str]:
    """One address of each page type, picked from the middle of the data."""
    from workgroups.registry.models import Group, Membership

    groups = Group.objects.filter(status=Group.Status.ACTIVE).order_by("pk")
    group = Group.objects.get(slug=slug) if slug else groups[groups.count() // 2]
    seat = Membership.objects.filter(group=group).select_related("person").first()
    pages = {
        "directory": "/",
        "search": f"/search/?q={word}",
        "group": group.get_absolute_url(),
        "api detail": f"/api/v1/groups/{group.slug}",
    }
    if seat is not None:
        pages["person"] = seat.person.get_absolute_url()
    return pages


def _time(client, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return times


def _profile_table(profile: cProfile.Profile, lines: int) -> str:
    """pstats' table by cumulative time, from the view down.

    The request-handling chain (test client, handlers, middleware) tops every page's table
    with nearly all of the time each; only its last entry, the view, is kept.
    """
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    order = stats.fcn_list
    top = stats.stats[order[0]][3]
    chain = 0
    while chain < len(order) and stats.stats[order[chain]][3] >= 0.95 * top:
        chain += 1
    kept = order[max(chain - 1, 0) :][:lines]
    out.write(
        f"{stats.total_calls} function calls in {stats.total_tt:.3f} seconds; the "
        f"{max(chain - 1, 0)} entries of the request-handling chain above the view left out\n\n"
    )
    stats.print_title()
    for func in kept:
        stats.print_line(func)
    return out.getvalue()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument("--word", default="python", help="the search query (default python)")
    parser.add_argument("--profile", type=int, default=25, help="profile lines (0: none)")
    parser.add_argument("--only", action="append", help="measure only this page type")
    parser.add_argument("--group", help="the slug of the group (default: the middle active one)")
    parser.add_argument(
        "--json", action="store_true", help="one JSON line instead (for python -m bench)"
    )
    args = parser.parse_args(argv)
    _setup()
    from django.test import Client

    client = Client()
    pages = _pages(args.word, args.group)
    if args.only:
        pages = {k: v for k, v in pages.items() if k in args.only}
    medians = {}
    for name, path in pages.items():
        _time(client, path, 2)  # warm: imports, template loading, SQLite's page cache
        times = _time(client, path, args.runs)
        medians[name] = statistics.median(times)
        if args.json:
            continue
        print(
            f"{name:11} {medians[name]:7.1f} ms median  "
            f"(min {min(times):.1f}, max {max(times):.1f}, n={args.runs})  {path}"
        )
    profiled = ""
    slowest = max(medians, key=medians.get) if medians else None
    if args.profile and slowest:
        profile = cProfile.Profile()
        profile.enable()
        _time(client, pages[slowest], 5)
        profile.disable()
        profiled = _profile_table(profile, args.profile)
        if not args.json:
            print(f"\nProfile of {slowest} ({pages[slowest]}), 5 requests:\n{profiled}")
    if args.json:
        report = {"medians": medians, "paths": pages, "runs": args.runs}
        print(json.dumps({**report, "slowest": slowest, "profile": profiled}))


if __name__ == "__main__":
    main()
