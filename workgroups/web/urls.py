from django.urls import path

from workgroups.web import directory, feeds, views, wiki_views

app_name = "web"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:group>/pages/<slug:slug>/", views.page_detail, name="page"),
    path("pages/<slug:slug>/", views.legacy_page, name="legacy-page"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("resolutions/", views.resolutions, name="resolutions"),
    path("timeline/", views.timeline_view, name="timeline"),
    path("search/", views.search_view, name="search"),
    path("feeds/resolutions.atom", feeds.ResolutionsFeed(), name="feed-resolutions"),
    path("feeds/pages.atom", feeds.PagesFeed(), name="feed-pages"),
    path("wiki/<path:path>", wiki_views.wiki_redirect, name="wiki"),
]
