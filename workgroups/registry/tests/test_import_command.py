"""`workgroups import` on bad input: a clear located error, and nothing written."""

import pytest
from django.core.management import CommandError, call_command

from workgroups.registry.models import Group, Source

pytestmark = pytest.mark.django_db


def test_it_names_the_line_of_undecodable_bytes(tmp_path):
    bad = tmp_path / "page.md"
    bad.write_bytes(b"## Active Work Groups\n\nok\n" + b"caf\xe9\n")
    with pytest.raises(CommandError) as info:
        call_command("import", str(bad))
    assert str(info.value) == f"{bad}:4: not UTF-8: byte 0xe9"
    assert not Source.objects.exists()


def test_it_refuses_a_file_of_unknown_format(tmp_path):
    other = tmp_path / "notes.md"
    other.write_text("# Shopping list\n\n- eggs\n")
    with pytest.raises(CommandError, match=r"notes.md:1: not a python.org working-groups page"):
        call_command("import", str(other))


def test_it_refuses_a_missing_path(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import", str(tmp_path / "nope"))
    assert not Group.objects.exists()


def test_it_exits_non_zero_from_the_console_script(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "x.md"
    bad.write_bytes(b"\xff\xfe")
    out = subprocess.run(
        [sys.executable, "-m", "workgroups", "import", str(bad)],
        capture_output=True,
        text=True,
        env={"WORKGROUPS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode != 0
    assert f"{bad}:1: not UTF-8" in out.stderr


def test_a_dry_run_of_a_yaml_dump_reports_the_rows_and_writes_nothing(tmp_path, group):
    from io import StringIO

    from workgroups.registry.yamlio import dump_yaml

    dump = tmp_path / "registry.yaml"
    dump.write_text(dump_yaml())
    Group.objects.all().delete()
    out = StringIO()
    call_command("import", "--dry-run", str(dump), stdout=out)
    assert "Would change from 1 documents" in out.getvalue()
    assert "group: 1 created" in out.getvalue()
    assert not Group.objects.exists()


def test_it_reports_every_bad_value_of_every_file_at_once_and_writes_nothing(tmp_path):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[3] / "data" / "seeds" / "python-org-psf-workgroups.md"
    page = tmp_path / "page.md"
    page.write_text(
        seed.read_text(encoding="utf-8")
        .replace("| Formed: | May 2018 |", "| Formed: | 31 February 2024 |", 1)
        .replace("| Formed: | November 2020 |", "| Formed: | Novembre 2020 |", 1),
        encoding="utf-8",
    )
    charter = tmp_path / "wiki" / "psf" / "working-groups" / "Conduct" / "Charter.md"
    charter.parent.mkdir(parents=True)
    charter.write_text("# Charter\n\nFormed on February 30th, 2025.\n", encoding="utf-8")
    missing = tmp_path / "nope"
    with pytest.raises(CommandError) as info:
        call_command("import", str(page), str(tmp_path / "wiki"), str(missing))
    assert str(info.value) == f"{missing}: no such file or folder"
    with pytest.raises(CommandError) as info:
        call_command("import", str(page), str(tmp_path / "wiki"))
    assert str(info.value).split("\n") == [
        f"{page}:10: Formed: '31 February 2024' is not a real date: February 2024 has no day 31",
        f"{page}:36: Formed: 'Novembre' is not a month (in 'Novembre 2020')",
        f"{charter}:3: 'February 30th, 2025' is not a real date",
    ]
    assert not Source.objects.exists()
    assert not Group.objects.exists()
