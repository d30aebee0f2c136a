"""The JSON API (DESIGN.md, "The interface"), mounted at /api/v1/.

Reads are in reads.py, writes in writes.py (with a Bearer token, auth.py), both on base.py's
one router (base.py says why); errors are JSON (errors.py).
OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs (docs.py).
"""

from workgroups.api import errors, reads, writes
from workgroups.api.base import WorkgroupsAPI, router
from workgroups.api.docs import SelfHostedSwagger

api = WorkgroupsAPI(
    title="Workgroups API",
    version="1",
    description="The working groups of the foundation: groups, people, memberships, "
    "resolutions, pages and findings. Reads are open to all (CORS included); writes take "
    "`Authorization: Bearer <token>` (`workgroups token USERNAME`). Lists take `limit` and "
    "`offset` and answer `{count, items}`. Partial dates are ISO strings at the precision "
    'the source gives ("2018", "2018-05", "2018-05-31").',
    urls_namespace="api",
    docs=SelfHostedSwagger(),
)
errors.install(api)
# Importing reads and writes has put their operations on the router.
assert reads.router is writes.router is router
api.add_router("", router)
