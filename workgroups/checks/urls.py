from django.urls import path

app_name = "checks"

urlpatterns: list = []
