from django.contrib import admin
from django.urls import include, path

from workgroups.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("health/", include("workgroups.checks.urls")),
    path("", include("workgroups.web.edit_urls")),
    path("", include("workgroups.web.invite_urls")),
    path("", include("workgroups.web.urls")),
]

handler403 = "workgroups.web.edit_views.forbidden"
handler404 = "workgroups.web.wiki_views.not_found"
handler500 = "workgroups.web.views.server_error"
