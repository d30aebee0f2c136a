"""The JSON API (DESIGN.md, "The interface"), mounted at /api/v1/."""

from ninja import NinjaAPI

api = NinjaAPI(title="Workgroups API", version="1", urls_namespace="api")
