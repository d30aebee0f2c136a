"""Editing pages and sign-in (governance)."""

app_name = "edit"

urlpatterns: list = []
