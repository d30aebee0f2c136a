"""EDTF dates through the exports and imports: a YAML export imports back and exports the same
bytes, the JSON export and the API carry the EDTF strings, and the record the importer makes of
the PSF data ends Aahz's Public Support Committee seat on or before its dissolution."""

import json

import pytest
from django.core.management import call_command

from workgroups.lib.vocabulary import PageKind, ResolutionKind, Role
from workgroups.registry.management.commands.export import render
from workgroups.registry.models import Group, Membership, RosterApproval
from workgroups.registry.tests.test_yaml_dump import counts, wipe
from workgroups.registry.yamlio import dump_yaml, load_yaml
from workgroups.tests.factories import make_group, make_page, make_person, make_resolution, seat

PSC = "public-support-committee-psc"
QUALIFIED = ["2005~", "[..2007-02-25]", "XXXX"]


@pytest.fixture
def edtf_registry(db):
    """Every row kind with a date, at every form the registry keeps."""
    wipe()
    group = make_group(
        name="Edtf Committee",
        slug="edtf",
        status="dissolved",
        formed="2005~",
        dissolved="[..2007-02-25]",
        confirmed="XXXX",
        confirmed_by="The board",
    )
    seat(group, make_person("Aahz"), start="2005~", end="[..2007-02-25]")
    seat(group, make_person("Ada Lovelace"), Role.CHAIR, start="XXXX", end="XXXX")
    seat(group, make_person("Grace Hopper"), start="[..2006-03]", end="2007-02")
    make_resolution(group, ResolutionKind.ESTABLISHING, "RESOLVED, a group.", date="2005~")
    make_resolution(
        group, ResolutionKind.DISSOLVING, "RESOLVED, no more.", date="[..2007-02-25]", position=1
    )
    make_page(group, PageKind.MINUTES, "Notes", "notes", date="XXXX", body="Met.")
    RosterApproval.objects.create(group=group, date="2006~")
    return group


@pytest.mark.django_db
def test_it_writes_every_edtf_form_into_the_yaml(edtf_registry):
    text = dump_yaml()
    for line in [
        "formed: 2005~",
        "dissolved: '[..2007-02-25]'",
        "confirmed: XXXX",
        "date: 2006~",
    ]:
        key, value = line.split(": ")
        assert f"{key}: {value}" in text or f"{key}: '{value.strip(chr(39))}'" in text, line
    for value in QUALIFIED:
        assert value in text


@pytest.mark.django_db
def test_it_keeps_edtf_dates_byte_for_byte_through_yaml_export_and_import(edtf_registry):
    first = dump_yaml()
    before = counts()
    wipe()
    load_yaml(first, "registry.yaml")
    assert counts() == before
    assert dump_yaml() == first
    group = Group.objects.get(slug="edtf")
    assert (group.formed.iso(), group.dissolved.iso(), group.confirmed.iso()) == (
        "2005~",
        "[..2007-02-25]",
        "XXXX",
    )
    ends = {m.person.name: m.end.iso() for m in Membership.objects.select_related("person")}
    assert ends == {"Aahz": "[..2007-02-25]", "Ada Lovelace": "XXXX", "Grace Hopper": "2007-02"}


@pytest.mark.django_db
def test_it_keeps_edtf_dates_through_the_export_and_import_commands(edtf_registry, tmp_path):
    out = tmp_path / "registry.yaml"
    call_command("export", format="yaml", output=str(out))
    text = out.read_text(encoding="utf-8")
    wipe()
    call_command("import", str(out), verbosity=0)
    again = tmp_path / "again.yaml"
    call_command("export", format="yaml", output=str(again))
    assert again.read_bytes() == out.read_bytes()
    assert all(value in text for value in QUALIFIED)


@pytest.mark.django_db
def test_it_carries_the_edtf_strings_in_the_json_export_and_the_api(edtf_registry, client):
    [exported] = json.loads(render("json"))
    assert (exported["formed"], exported["dissolved"], exported["confirmed"]) == (
        "2005~",
        "[..2007-02-25]",
        "XXXX",
    )
    seats = {m["person"]["name"]: (m["start"], m["end"], m["current"]) for m in exported["members"]}
    assert seats == {
        "Aahz": ("2005~", "[..2007-02-25]", False),
        "Ada Lovelace": ("XXXX", "XXXX", False),
        "Grace Hopper": ("[..2006-03]", "2007-02", False),
    }
    assert [r["date"] for r in exported["resolutions"]] == ["2005~", "[..2007-02-25]"]
    assert [p["date"] for p in exported["pages"]] == ["XXXX"]
    served = client.get("/api/v1/groups/edtf").json()
    for page in served["pages"]:
        page["url"] = page["url"].removeprefix("http://testserver")
    assert served == exported


# -- The PSF record, as the importer makes it ---------------------------------------------------


@pytest.mark.django_db
def test_it_ends_aahz_psc_seat_on_or_before_the_dissolution_in_the_api(psf_data, client):
    group = client.get(f"/api/v1/groups/{PSC}").json()
    assert group["dissolved"] == "2007-02-25"
    [aahz] = [m for m in group["members"] if m["person"]["name"] == "Aahz"]
    assert (aahz["start"], aahz["end"], aahz["current"]) == ("2002-08-13", "[..2007-02-25]", False)
    person = client.get(f"/api/v1/people/{aahz['person']['slug']}").json()
    assert ("[..2007-02-25]", False) in [
        (m["end"], m["current"]) for m in person["memberships"] if m["group"]["slug"] == PSC
    ]


@pytest.mark.django_db
def test_it_says_aahz_left_the_psc_before_25_february_2007_on_the_group_page(psf_data, client):
    html = client.get(f"/groups/{PSC}/").content.decode()
    past = html[html.index("Past members") :]
    row = next(r for r in past.split("<tr>") if ">Aahz</a>" in r)
    assert "<td>13 August 2002</td><td>before 25 February 2007</td>" in row
    assert "[..2007-02-25]" not in html


@pytest.mark.django_db
def test_it_loads_back_a_seat_from_a_known_date_to_an_unknown_one(edtf_registry):
    seat(edtf_registry, make_person("Tereza Iofciu"), start="2024", end="XXXX")
    seat(edtf_registry, make_person("Sasha Romijn"), start="2024", end="[..2024]")
    first = dump_yaml()
    wipe()
    load_yaml(first, "registry.yaml")
    assert dump_yaml() == first


@pytest.mark.django_db
def test_it_keeps_the_psf_records_edtf_dates_through_yaml(psf_data):
    first = dump_yaml()
    assert "end: '[..2007-02-25]'" in first
    wipe()
    load_yaml(first, "registry.yaml")
    assert dump_yaml() == first
    assert Membership.objects.filter(group__slug=PSC, end="[..2007-02-25]").count() >= 5
