import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from workgroups.api.models import ApiToken, hash_key

pytestmark = [pytest.mark.django_db, pytest.mark.urls("workgroups.api.tests.urls_for_tests")]


def make_token(username) -> str:
    out = io.StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().splitlines()[-1]


def post(client, url, data=None, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(url, data or {}, content_type="application/json", **headers)


def test_it_prints_a_new_token_alone_on_the_last_line(staff):
    out = io.StringIO()
    call_command("token", "staff", stdout=out)
    lines = out.getvalue().splitlines()
    key = lines[-1]
    assert key.startswith("wg_") and len(key) > 40 and " " not in key
    assert "staff" in lines[0]
    token = ApiToken.objects.get(user=staff)
    assert token.key_hash == hash_key(key)
    assert key not in token.key_hash and token.last_used is None


def test_it_prints_only_the_token_when_quiet(staff):
    out = io.StringIO()
    call_command("token", "staff", verbosity=0, stdout=out)
    assert out.getvalue().count("\n") == 1


def test_it_makes_a_new_token_each_time(staff):
    assert make_token("staff") != make_token("staff")
    assert ApiToken.objects.filter(user=staff).count() == 2


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user 'ghost'"):
        call_command("token", "ghost")
    assert not ApiToken.objects.exists()


def test_it_runs_from_the_console_script(tmp_path):
    """`workgroups token USERNAME` in a shell, on a database of its own."""
    env = {"WORKGROUPS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    env["DJANGO_SUPERUSER_PASSWORD"] = "pw"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "workgroups", *args], capture_output=True, text=True, env=env
        )

    assert run("migrate", "-v0").returncode == 0
    assert run("createsuperuser", "--noinput", "--username=ada", "--email=a@b.org").returncode == 0
    out = run("token", "ada")
    assert out.returncode == 0, out.stderr
    key = out.stdout.splitlines()[-1]
    assert key.startswith("wg_") and " " not in key
    query = (
        "from workgroups.api.models import ApiToken, hash_key; "
        f"print(ApiToken.objects.filter(key_hash=hash_key({key!r})).count())"
    )
    check = run("shell", "--no-imports", "-c", query)
    assert check.stdout.strip() == "1", check.stderr
    assert run("token", "nobody").returncode != 0


def test_it_lets_a_valid_token_write_as_its_user(client, staff):
    response = post(client, "/t/things", {"name": "x", "size": 1}, make_token("staff"))
    assert response.status_code == 200
    assert response.json() == {"name": "x", "by": "staff", "user": "staff"}
    assert ApiToken.objects.get(user=staff).last_used is not None


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer ", "Bearer wg_nope", "Token {key}", "Basic c3RhZmY6cHc=", "{key}"],
)
def test_it_answers_401_json_without_a_valid_token(client, staff, header):
    key = make_token("staff")
    headers = {"HTTP_AUTHORIZATION": header.format(key=key)} if header else {}
    response = client.post(
        "/t/things", {"name": "x", "size": 1}, content_type="application/json", **headers
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "token" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_the_token_of_an_inactive_user(client, staff):
    key = make_token("staff")
    staff.is_active = False
    staff.save()
    assert post(client, "/t/things", {"name": "x", "size": 1}, key).status_code == 401


def test_it_refuses_a_revoked_token(client, staff):
    key = make_token("staff")
    ApiToken.objects.all().delete()
    assert post(client, "/t/things", {"name": "x", "size": 1}, key).status_code == 401


def test_it_serves_reads_and_writes_on_one_path(client, staff):
    assert client.get("/t/things").json() == {"count": 0, "items": []}
    assert client.get("/t/things")["Access-Control-Allow-Origin"] == "*"
    assert (
        post(client, "/t/things", {"name": "x", "size": 1}, make_token("staff")).status_code == 200
    )
    assert client.delete("/t/things").status_code == 405


def test_it_names_the_invalid_field_of_a_body(client, staff):
    response = post(client, "/t/things", {"name": "x", "size": "big"}, make_token("staff"))
    assert response.status_code == 422
    data = response.json()
    assert data["errors"] == [
        {
            "field": "size",
            "message": "Input should be a valid integer, unable to parse string as an integer",
            "location": "body",
        }
    ]
    assert data["detail"].startswith("size: ")


def test_it_names_missing_and_nested_fields(client, staff):
    key = make_token("staff")
    missing = post(client, "/t/things", {"size": 1}, key).json()["errors"]
    assert [(e["field"], e["message"]) for e in missing] == [("name", "Field required")]
    nested = post(client, "/t/nested", {"thing": {"name": "x"}}, key).json()["errors"]
    assert [e["field"] for e in nested] == ["thing.size"]


def test_it_answers_422_for_a_django_validation_error(client, staff):
    response = post(client, "/t/django-invalid", token=make_token("staff"))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "formed: February 2019 has no day 30",
        "errors": [
            {"field": "formed", "message": "February 2019 has no day 30", "location": "body"}
        ],
    }


def test_it_checks_the_token_before_the_body(client, staff):
    response = post(client, "/t/things", {"size": "big"})
    assert response.status_code == 401
