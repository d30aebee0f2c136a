import json
import os
import subprocess
import sys

PROBE = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'key': s.SECRET_KEY, "
    "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME'])}))"
)


def read_settings(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WORKGROUPS_", "DATABASE_"))}
    base.update(DJANGO_SETTINGS_MODULE="workgroups.settings", WORKGROUPS_DATA_DIR=str(tmp_path))
    base.update(env)
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + PROBE],
        env=base,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_it_defaults_to_sqlite_in_the_data_dir_without_debug(tmp_path):
    got = read_settings(tmp_path)
    assert got["debug"] is False
    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["name"] == str(tmp_path / "workgroups.sqlite3")


def test_it_generates_a_secret_key_once_and_keeps_it(tmp_path):
    first = read_settings(tmp_path)["key"]
    assert len(first) >= 50
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert read_settings(tmp_path)["key"] == first


def test_it_reads_the_environment(tmp_path):
    got = read_settings(
        tmp_path,
        WORKGROUPS_DEBUG="1",
        WORKGROUPS_SECRET_KEY="sekrit",
        WORKGROUPS_ALLOWED_HOSTS="wg.example.org, api.example.org",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/wg",
    )
    assert got["debug"] is True
    assert got["key"] == "sekrit"
    assert got["hosts"] == ["wg.example.org", "api.example.org"]
    assert got["engine"] == "django.db.backends.postgresql"
    assert got["name"] == "wg"
    assert not (tmp_path / "secret_key").exists()
