"""Sign-in is rate-limited (django-axes): a username guessed at from one address is locked out
for a while, with the site's own page, while everyone else signs in as usual."""

import json

import pytest
from django.conf import settings

from workgroups.api.models import ApiToken

LOGIN = "/accounts/login/"
HOME = "127.0.0.1"
ELSEWHERE = "192.0.2.7"


def sign_in(client, username, password, address=HOME):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address=HOME) -> list[int]:
    return [sign_in(client, username, "wrong", address).status_code for _ in range(times)]


def signed_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def limit():
    return settings.AXES_FAILURE_LIMIT


def test_the_limit_is_a_few_tries_and_a_pause():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_the_right_password_after_too_many_wrong_ones_is_refused(client, chair, limit):
    # The form again, with its error, until the last wrong password brings the lockout.
    assert fail(client, "chair", limit) == [200] * (limit - 1) + [429]
    response = sign_in(client, "chair", "pw")
    assert not signed_in(response)
    assert response.status_code == 429
    html = response.content.decode()
    assert "try again later" in html
    assert "15 minutes" in html
    # A page of the site, not a bare text.
    assert '<header class="site-header">' in html
    assert "Sign-in paused" in html
    assert client.get("/groups/testing/edit/").status_code == 302


def test_another_user_and_another_address_are_unaffected(client, chair, member, limit):
    fail(client, "chair", limit)
    assert sign_in(client, "chair", "pw").status_code == 429
    assert signed_in(sign_in(client, "member", "pw"))
    client.logout()
    # The owner, signing in from their own address, is not locked out by someone else's guesses.
    assert signed_in(sign_in(client, "chair", "pw", address=ELSEWHERE))


def test_a_success_before_the_limit_clears_only_that_count(client, chair, member, limit):
    fail(client, "chair", limit - 1)
    fail(client, "member", limit - 1)
    assert signed_in(sign_in(client, "chair", "pw"))
    client.logout()
    # chair's earlier typos are forgotten: a full set of new ones is needed to lock it out.
    fail(client, "chair", limit - 1)
    assert signed_in(sign_in(client, "chair", "pw"))
    client.logout()
    # member's count was not reset by chair's success: one more wrong password locks it out.
    fail(client, "member", 1)
    assert sign_in(client, "member", "pw").status_code == 429


def test_a_locked_out_user_still_writes_with_an_api_token(client, staff, group, limit):
    fail(client, "staff", limit)
    assert sign_in(client, "staff", "pw").status_code == 429
    _, key = ApiToken.issue(staff)
    response = client.patch(
        "/api/v1/groups/testing",
        data=json.dumps({"purpose": "Tokens are not passwords."}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content
