"""The JSON API (DESIGN.md, "The interface"), mounted at /api/v1/."""

from ninja import NinjaAPI

from workgroups.api.writes import router as writes_router

api = NinjaAPI(title="Workgroups API", version="1", urls_namespace="api")
api.add_router("", writes_router)
