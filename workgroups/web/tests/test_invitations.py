"""Accounts from the site: invitations by e-mail, the one-time link, linking an account."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from workgroups.lib.vocabulary import Role
from workgroups.registry import invitations
from workgroups.registry.models import Person
from workgroups.tests.factories import make_group, make_person, seat

User = get_user_model()


@pytest.fixture
def ada(group):
    """A member of the testing group with no account."""
    return seat(group, make_person("Ada Lovelace"), Role.MEMBER, "2020")


@pytest.fixture
def bea(db):
    """A member of another group, with no account."""
    other = make_group(name="Other Work Group", slug="other")
    return seat(other, make_person("Bea Other"), Role.MEMBER, "2020")


def invite_url(seat):
    return f"/groups/{seat.group.slug}/edit/roster/{seat.pk}/invite/"


def signed_in(client, user):
    client.force_login(user)
    return client


def link_in(message) -> str:
    return re.search(r"http://testserver(/invitation/\S+)", message.body).group(1)


def nothing_written(users_before: int):
    assert User.objects.count() == users_before
    assert not Person.objects.filter(user__isnull=False, name__in=["Ada Lovelace", "Bea Other"])
    assert mail.outbox == []
    assert not LogEntry.objects.exists()


def test_it_lets_staff_invite_a_member_from_the_roster(client, staff, chair, ada):
    signed_in(client, staff)
    roster = client.get("/groups/testing/edit/roster/").content.decode()
    # One link for the seat without an account; Carla Chair signs in already.
    assert f'href="{invite_url(ada)}" aria-label="Invite Ada Lovelace"' in roster
    assert roster.count(">Invite</a>") == 1

    response = client.post(
        invite_url(ada),
        {"email": "ada@example.org", "comment": "new member, asked at the May meeting"},
        follow=True,
    )
    assert response.redirect_chain == [("/groups/testing/edit/roster/", 302)]
    assert (
        "Invitation sent to ada@example.org: Ada Lovelace signs in as ada-lovelace once they "
        "choose a password." in response.content.decode()
    )
    ada.person.refresh_from_db()
    account = ada.person.user
    assert (account.username, account.email) == ("ada-lovelace", "ada@example.org")
    assert not account.has_usable_password() and account.is_active and not account.is_staff
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == "Your account for Testing Work Group"
    assert "Your username is ada-lovelace." in message.body
    assert link_in(message).endswith("/testing/")
    [entry] = LogEntry.objects.all()
    assert entry.user == staff and entry.object_id == str(ada.person.pk)
    assert entry.change_message == (
        "Invited by e-mail to ada@example.org, as ada-lovelace. "
        "new member, asked at the May meeting"
    )
    assert client.get("/groups/testing/edit/roster/").content.decode().count(">Invite</a>") == 0


def test_it_lets_a_chair_invite_a_member_of_their_own_group(client, chair, ada):
    signed_in(client, chair)
    response = client.post(invite_url(ada), {"email": "ada@example.org"})
    assert response.status_code == 302
    assert Person.objects.get(pk=ada.person.pk).user.email == "ada@example.org"
    [message] = mail.outbox
    assert message.body.startswith("Hello Ada Lovelace,\n\nCarla Chair has made you an account")
    assert LogEntry.objects.get().user == chair


@pytest.mark.parametrize("route", ["seat", "person"])
def test_it_refuses_a_chair_another_groups_member(client, chair, ada, bea, route):
    users = User.objects.count()
    signed_in(client, chair)
    url = invite_url(bea) if route == "seat" else "/edit/people/bea-other/invite/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "bea@example.org"}).status_code == 403
    nothing_written(users)
    # Their own member they may invite from the person page too.
    assert client.get("/edit/people/ada-lovelace/invite/").status_code == 200


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_it_refuses_members_and_others(client, request, ada, who):
    user = request.getfixturevalue(who)
    users = User.objects.count()
    signed_in(client, user)
    for url in (invite_url(ada), "/edit/people/ada-lovelace/invite/"):
        assert client.post(url, {"email": "ada@example.org"}).status_code == 403
    nothing_written(users)
    with pytest.raises(PermissionDenied):
        invitations.invite(person=ada.person, email="a@example.org", user=user, link=None)


def test_it_sends_anonymous_visitors_to_sign_in(client, ada):
    response = client.post(invite_url(ada), {"email": "ada@example.org"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "email, error",
    [
        ("", "Give the address to send the invitation to."),
        ("ada at example", "&#x27;ada at example&#x27; is not an e-mail address."),
        ("STAFF@example.org", "STAFF@example.org is already the address of the account staff."),
        ("carla@example.org", "carla@example.org is already the address of Carla Chair&#x27;s"),
        ("a" * 250 + "@example.org", "Ensure this value has at most 254 characters"),
    ],
)
def test_it_refuses_a_bad_address(client, staff, chair, ada, email, error):
    staff.email, chair.email = "staff@example.org", "carla@example.org"
    staff.save(), chair.save()
    users = User.objects.count()
    signed_in(client, staff)
    response = client.post(invite_url(ada), {"email": email, "comment": "why"})
    assert response.status_code == 200
    assert error in response.content.decode()
    nothing_written(users)


def test_it_refuses_a_person_who_has_an_account(client, staff, chair):
    users = User.objects.count()
    signed_in(client, staff)
    response = client.post("/edit/people/carla-chair/invite/", {"email": "carla@example.org"})
    assert response.status_code == 200
    assert "Carla Chair already has an account (chair); they sign in with it." in (
        response.content.decode()
    )
    assert User.objects.count() == users and mail.outbox == []


def test_it_writes_nothing_when_the_mail_cannot_be_sent(client, staff, ada, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    users = User.objects.count()
    signed_in(client, staff)
    response = client.post(invite_url(ada), {"email": "ada@example.org"})
    assert "The e-mail to ada@example.org could not be sent (Connection refused)." in (
        response.content.decode()
    )
    nothing_written(users)


def test_it_signs_the_invited_person_in_once(client, chair, ada):
    signed_in(client, chair)
    client.post(invite_url(ada), {"email": "ada@example.org"})
    client.logout()
    link = link_in(mail.outbox[0])

    response = client.get(link, follow=True)
    [(set_password, _)] = response.redirect_chain
    assert "/set-password/" in set_password
    page = response.content.decode()
    assert "Welcome, Ada Lovelace. Your username is <strong>ada-lovelace</strong>." in page

    mismatch = client.post(
        set_password, {"new_password1": "a long secret", "new_password2": "another"}
    )
    assert "The two password fields didn’t match." in mismatch.content.decode()
    short = client.post(set_password, {"new_password1": "biscuits", "new_password2": "biscuits"})
    assert "This password is too short. It must contain at least 10 characters." in (
        short.content.decode()
    )
    response = client.post(
        set_password, {"new_password1": "a long secret", "new_password2": "a long secret"}
    )
    assert response.status_code == 302 and response.url == "/groups/testing/edit/"
    hub = client.get("/groups/testing/edit/")
    assert hub.status_code == 200 and hub.wsgi_request.user.username == "ada-lovelace"

    assert User.objects.get(username="ada-lovelace").check_password("a long secret")
    client.logout()
    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert "This invitation link cannot be used" in again.content.decode()
    assert (
        client.post(
            set_password, {"new_password1": "taken over", "new_password2": "taken over"}
        ).status_code
        == 200
    )
    assert User.objects.get(username="ada-lovelace").check_password("a long secret")


def test_it_shows_a_clear_page_for_an_expired_or_garbled_link(client, staff, ada, monkeypatch):
    signed_in(client, staff)
    client.post(invite_url(ada), {"email": "ada@example.org"})
    client.logout()
    link = link_in(mail.outbox[0])
    uidb64 = link.split("/")[2]
    staff_uid = urlsafe_base64_encode(force_bytes(staff.pk))
    later = datetime.now() + timedelta(days=4)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    for url in (
        link,  # expired
        f"/invitation/{uidb64}/not-a-token/",
        "/invitation/!!!/x/",
        f"/invitation/{uidb64}-/{link.split('/')[3]}/testing/",
        # A token for an account that has a password is no invitation (no password resets).
        f"/invitation/{staff_uid}/{default_token_generator.make_token(staff)}/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<h1>This invitation link cannot be used</h1>" in page, url
        assert "An invitation link works once, for 3 days" in page
    staff.refresh_from_db()
    assert staff.check_password("pw")


def test_it_sends_an_invitation_not_taken_up_again(client, staff, ada):
    signed_in(client, staff)
    client.post(invite_url(ada), {"email": "ada@old.example"})
    page = client.get("/edit/people/ada-lovelace/invite/").content.decode()
    assert "invited at ada@old.example and not yet taken up" in page
    response = client.post("/edit/people/ada-lovelace/invite/", {"email": "ada@new.example"})
    assert response.status_code == 302 and response.url == "/people/ada-lovelace/"
    ada.person.refresh_from_db()
    assert ada.person.user.email == "ada@new.example"
    assert User.objects.filter(username__startswith="ada").count() == 1
    assert [m.to for m in mail.outbox] == [["ada@old.example"], ["ada@new.example"]]
    assert LogEntry.objects.latest("pk").change_message.startswith("Invited again by e-mail")


def test_it_lets_staff_link_an_existing_account(client, staff, chair, ada):
    account = User.objects.create_user("lovelace", email="ada@example.org", password="pw")
    url = "/edit/people/ada-lovelace/account/"
    signed_in(client, chair)
    assert client.post(url, {"account": "lovelace"}).status_code == 403
    assert Person.objects.get(pk=ada.person.pk).user is None

    signed_in(client, staff)
    invite_page = client.get("/edit/people/ada-lovelace/invite/").content.decode()
    assert f'href="{url}"' in invite_page
    unknown = client.post(url, {"account": "nobody@example.org"})
    assert "No one account has the username or address" in unknown.content.decode()
    taken = client.post(url, {"account": "chair"})
    assert "That account already belongs to Carla Chair." in taken.content.decode()
    assert Person.objects.get(pk=ada.person.pk).user is None

    response = client.post(url, {"account": "ADA@example.org", "comment": "she had one"})
    assert response.status_code == 302
    assert Person.objects.get(pk=ada.person.pk).user == account
    entry = LogEntry.objects.get()
    assert (entry.user, entry.change_message) == (staff, "Signs in as lovelace. she had one")
    assert mail.outbox == []


def test_it_offers_the_invitation_on_the_person_page_to_staff_only(client, staff, member, ada):
    link = 'href="/edit/people/ada-lovelace/invite/"'
    assert link not in client.get("/people/ada-lovelace/").content.decode()
    signed_in(client, member)
    assert link not in client.get("/people/ada-lovelace/").content.decode()
    signed_in(client, staff)
    assert link in client.get("/people/ada-lovelace/").content.decode()
    assert "/invite/" not in client.get("/people/mo-member/").content.decode()
