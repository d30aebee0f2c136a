from django.urls import path

from workgroups.checks import views

app_name = "checks"

urlpatterns = [
    path("", views.health, name="health"),
]
