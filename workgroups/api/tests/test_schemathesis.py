"""The API keeps its OpenAPI contract under generated input (schemathesis, in-process over WSGI).

Stateless: every operation, with examples made from its schema (valid and invalid), reads
anonymously and writes with a board member's token. Stateful: sequences of calls chained by the
links schemathesis infers between operations (a group's slug from `POST /groups` or `GET
/groups` into `GET`/`PATCH /groups/{slug}`, its members, pages...). schemathesis's default checks
hold for each answer: no 5xx, a documented status, a body and content type matching the
document, headers, invalid input refused. The budget is bounded and derandomized, so a run is
repeatable and takes well under a minute.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from workgroups.api.tests.test_writes import bearer
from workgroups.api.urls import api

EXAMPLES_PER_OPERATION = 20
SCENARIOS = 20
STEPS_PER_SCENARIO = 6

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_token(registry, django_user_model) -> dict:
    staff = django_user_model.objects.create_user("board", is_staff=True, is_superuser=True)
    return {"Authorization": bearer(staff)["HTTP_AUTHORIZATION"]}


@pytest.fixture(autouse=True)
def wsgi_app(settings):
    """The site's WSGI app, called as Django's test client calls it.

    The test's transaction must live through the requests: like the test client, do not let
    a request close the database connection (on PostgreSQL, closing it would end the
    transaction the test data is in).
    """
    # schemathesis's WSGI client names the host "localhost".
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The document /api/v1/openapi.json serves. It is made at collection, not fetched in a fixture:
# schemathesis's lazy loader (from_fixture) does not run under pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_the_contract(case, board_token):
    case.call_and_validate(**call_kwargs(case, board_token), **check_kwargs(case))


def call_kwargs(case, board_token) -> dict:
    return {} if case.method.upper() == "GET" else {"headers": board_token}


def check_kwargs(case) -> dict:
    # A write's body can be valid for the schema and still refused by the record's rules (an
    # impossible date, a blank name, an unknown history id): a 422 is right there.
    if case.method.upper() == "GET":
        return {}
    return {"excluded_checks": [schemathesis.checks.positive_data_acceptance]}


def test_operations_chained_by_their_links_keep_the_contract(board_token):
    class Workflow(schema.as_state_machine()):
        # Each scenario starts from the same data: hypothesis replays scenarios, and one whose
        # links lead elsewhere than the first time fails as flaky.
        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case):
            return call_kwargs(case, board_token)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs or None,
                **check_kwargs(case),
            )

    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
