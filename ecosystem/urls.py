from django.urls import path

from . import views

app_name = "ecosystem"

urlpatterns = [
    path("<uuid:pk>/team/", views.team, name="team"),
    path("<uuid:pk>/team/<int:membership_pk>/role/", views.change_role, name="change_role"),
]
