from django.urls import path

from workgroups.web import views

app_name = "web"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group"),
    path("groups/<slug:group>/pages/<slug:slug>/", views.PageDetailView.as_view(), name="page"),
    path("pages/<slug:slug>/", views.LegacyPageView.as_view(), name="legacy-page"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
]
