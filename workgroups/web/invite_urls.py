"""Accounts from the site: invitations by e-mail and linking existing accounts."""

from django.urls import path

from workgroups.web import invite_views as views

app_name = "invite"

urlpatterns = [
    path("groups/<slug:slug>/edit/roster/<int:pk>/invite/", views.invite_seat, name="seat"),
    path("edit/people/<slug:person>/invite/", views.invite_person, name="person"),
    path("edit/people/<slug:person>/account/", views.link_account, name="link"),
    path("invitation/<uidb64>/<token>/", views.accept, name="accept"),
    path("invitation/<uidb64>/<token>/<slug:group>/", views.accept, name="accept"),
]
