"""The JSON API (DESIGN.md, "The interface"), mounted at /api/v1/.

Reads are in reads.py, writes in writes.py (with `auth=token_auth` from auth.py); errors
are JSON (errors.py); base.py explains CORS and why routers sharing a path are merged.
OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs (docs.py).
"""

from workgroups.api import errors
from workgroups.api.base import WorkgroupsAPI
from workgroups.api.docs import SelfHostedSwagger
from workgroups.api.reads import router as reads_router
from workgroups.api.writes import router as writes_router

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
api.add_router("", reads_router)
api.add_router("", writes_router)
