"""Editing pages and sign-in (governance)."""

from django.urls import path

from workgroups.web import edit_views as views
from workgroups.web import history_views

app_name = "edit"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("edit/", views.dashboard, name="dashboard"),
    path("edit/groups/new/", views.create_group, name="group-create"),
    path("edit/preview/", views.preview, name="preview"),
    path("groups/<slug:slug>/edit/", views.hub, name="hub"),
    path("groups/<slug:slug>/edit/details/", views.edit_group, name="group-edit"),
    path("groups/<slug:slug>/edit/confirm/", views.confirm_current, name="confirm"),
    path("groups/<slug:slug>/edit/roster/", views.roster, name="roster"),
    path("groups/<slug:slug>/edit/roster/add/", views.add_member, name="member-add"),
    path("groups/<slug:slug>/edit/roster/<int:pk>/end/", views.end_member, name="member-end"),
    path("groups/<slug:slug>/edit/roster/approve/", views.approve_roster, name="roster-approve"),
    path(
        "groups/<slug:slug>/edit/resolutions/new/",
        views.record_resolution,
        name="resolution-add",
    ),
    path("groups/<slug:slug>/edit/pages/new/", views.add_page, name="page-add"),
    path("groups/<slug:slug>/pages/<slug:page>/edit/", views.edit_page, name="page-edit"),
    path("groups/<slug:slug>/history/", history_views.history, name="history"),
    path(
        "groups/<slug:slug>/history/<str:model>/<int:history_id>/revert/",
        history_views.revert,
        name="revert",
    ),
]
