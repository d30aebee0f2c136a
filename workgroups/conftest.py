"""Shared test fixtures: named users and a small made-up group to act on."""

import os
import shutil

import pytest

from workgroups.lib.vocabulary import Role
from workgroups.tests.factories import make_group, make_person, seat

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests roll back instead of committing, so the cache would never be invalidated.
    settings.PAGE_CACHE = False


@pytest.fixture
def cached(settings, tmp_path):
    """The page cache on, its versions in a fresh data dir: the pagecache module."""
    settings.PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    from workgroups import pagecache

    pagecache._local.clear()
    return pagecache


@pytest.fixture
def group(db):
    return make_group(name="Testing Work Group", slug="testing", formed="2019-03")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password="pw", is_staff=True)


@pytest.fixture
def chair(django_user_model, group):
    user = django_user_model.objects.create_user("chair", password="pw")
    seat(group, make_person("Carla Chair", user=user), Role.CHAIR, "2019-03")
    return user


@pytest.fixture
def member(django_user_model, group):
    user = django_user_model.objects.create_user("member", password="pw")
    seat(group, make_person("Mo Member", user=user), Role.MEMBER, "2019-03")
    return user


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user("outsider", password="pw")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = (
            "browser tests need Debian's chromium: `sudo apt-get install chromium` "
            "(or `make browser`)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's database
    # calls made after it starts are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def psf_data(django_db_setup, django_db_blocker):
    """The bundled PSF record, imported once per test module and rolled back after it.

    Tests that use it run inside this module-wide transaction (use `db`, not
    `transactional_db`), so they see the real data and leave nothing behind.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("import", *[str(p) for p in settings.BUNDLED_DATA], verbosity=0)
            yield
            transaction.set_rollback(True)
