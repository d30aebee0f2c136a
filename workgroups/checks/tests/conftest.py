import pytest

from workgroups.checks import prepared


@pytest.fixture
def compiled_afresh():
    """No query compiled by an earlier test: each test sees its own compiling."""
    prepared._compiled.clear()
    yield
    prepared._compiled.clear()
