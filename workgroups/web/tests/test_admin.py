"""The Django admin shows the registry and never writes around its operations."""

import os
import subprocess
import sys

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.forms.models import model_to_dict
from django.urls import reverse

from workgroups.registry.models import (
    Claim,
    Group,
    Membership,
    Person,
    PersonAlias,
    Resolution,
    Source,
)


@pytest.fixture
def resolution(group):
    return Resolution.objects.create(
        group=group, kind="establishing", title="Establishing", date="2019-03", text="RESOLVED."
    )


@pytest.fixture
def seat(chair, group):
    return Membership.objects.get(group=group, person__user=chair)


@pytest.fixture
def staff_with_every_permission(django_user_model, client):
    user = django_user_model.objects.create_user("board", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


def change_url(obj) -> str:
    return reverse(f"admin:registry_{obj._meta.model_name}_change", args=[obj.pk])


def snapshot(obj) -> tuple:
    """The row as stored and how many versions its history holds."""
    row = type(obj).objects.filter(pk=obj.pk).values().get()
    history = obj.history.count() if hasattr(obj, "history") else None
    return row, history


def rows(request, name):
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", ["group", "seat", "resolution"])
def test_a_change_page_shows_partial_dates_and_links_to_the_sites_edit_page(
    admin_client, request, name, group
):
    obj = rows(request, name)
    response = admin_client.get(change_url(obj))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2019-03" in html
    assert f'href="{reverse("edit:hub", args=[group.slug])}"' in html
    assert "Edit on the site" in html
    assert 'name="_save"' not in html  # nothing to save: view only


@pytest.mark.parametrize("name", ["group", "seat", "resolution"])
@pytest.mark.parametrize("as_", ["admin_client", "staff_with_every_permission"])
def test_posting_a_change_writes_nothing(request, name, as_):
    client = request.getfixturevalue(as_)
    obj = rows(request, name)
    before = snapshot(obj)
    posted = {k: v for k, v in model_to_dict(obj).items() if v is not None}
    posted.update(name="Renamed", title="Renamed", role="member", date="2020", start="2020")
    response = client.post(change_url(obj), posted)
    assert response.status_code == 403
    assert snapshot(obj) == before


def test_reverting_to_a_version_in_the_admin_writes_nothing(admin_client, group):
    Group.objects.filter(pk=group.pk).update(name="Renamed")  # no version of its own
    version = group.history.earliest()
    group.refresh_from_db()
    before = snapshot(group)
    url = reverse("admin:registry_group_simple_history", args=[group.pk, version.history_id])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": group.name})
    assert response.status_code == 403
    assert snapshot(group) == before


def test_adding_and_deleting_in_the_admin_are_refused(admin_client, group):
    before = snapshot(group)
    add = reverse("admin:registry_group_add")
    assert admin_client.post(add, {"name": "New"}).status_code == 403
    delete = reverse("admin:registry_group_delete", args=[group.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert snapshot(group) == before
    assert Group.objects.count() == 1


def person_form(person, **changes) -> dict:
    data = {
        "aliases-TOTAL_FORMS": str(person.aliases.count()),
        "aliases-INITIAL_FORMS": str(person.aliases.count()),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, alias in enumerate(person.aliases.all()):
        data[f"aliases-{i}-id"] = str(alias.pk)
        data[f"aliases-{i}-person"] = str(person.pk)
    return {**data, **changes}


def test_linking_a_persons_account_goes_through_the_operation(
    admin_client, django_user_model, monkeypatch
):
    from workgroups.registry import services

    person = Person.objects.create(name="Pat Person", slug="pat-person")
    PersonAlias.objects.create(person=person, name="Pat P.")
    account = django_user_model.objects.create_user("pat")
    calls = []
    link_account = services.link_account
    monkeypatch.setattr(
        services, "link_account", lambda **kw: calls.append(kw) or link_account(**kw)
    )
    posted = person_form(
        person, user=str(account.pk), name="Someone Else", slug="someone-else", comment="New chair"
    )
    response = admin_client.post(change_url(person), posted)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.user == account
    assert (person.name, person.slug) == ("Pat Person", "pat-person")
    assert [a.name for a in person.aliases.all()] == ["Pat P."]
    assert calls[0]["person"].pk == person.pk and calls[0]["account"] == account
    assert calls[0]["user"].is_superuser and calls[0]["comment"] == "New chair"
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert entry.user == calls[0]["user"]
    assert entry.get_change_message() == "Signs in as pat. New chair"


def test_an_account_already_linked_to_another_person_is_an_error_not_a_500(
    admin_client, chair, group
):
    person = Person.objects.create(name="Pat Person", slug="pat-person")
    response = admin_client.post(change_url(person), person_form(person, user=str(chair.pk)))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_a_person_is_otherwise_read_only(admin_client):
    person = Person.objects.create(name="Pat Person", slug="pat-person")
    assert admin_client.post(reverse("admin:registry_person_add"), {"name": "X"}).status_code == 403
    delete = reverse("admin:registry_person_delete", args=[person.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_index_and_every_changelist_and_change_page_answer(admin_client, registry):
    (made,) = registry(1, 2)
    source = Source.objects.first()
    Claim.objects.create(group=made, field="formed", value="2001-01", source=source, line_start=3)
    assert admin_client.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        if opts.app_label == "registry":
            obj = model.objects.order_by("pk").first()
            assert admin_client.get(change_url(obj)).status_code == 200, opts.model_name


def test_the_test_run_never_reads_collected_static_files():
    # The admin's pages, like the site's, name their static files through the storage: a
    # manifest left in the data dir by an earlier `serve` must not decide what tests see.
    assert not isinstance(staticfiles_storage, ManifestFilesMixin)


def test_served_static_files_are_hashed_and_compressed(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKGROUPS_")}
    env.update(DJANGO_SETTINGS_MODULE="workgroups.settings", WORKGROUPS_DATA_DIR=str(tmp_path))
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND'])"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"
