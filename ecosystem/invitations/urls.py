"""Invitations' URLs. They keep the "ecosystem" namespace (ecosystem:invite and so on): they are
included by ecosystem.urls, under the team pages they belong to, so they have no app_name here."""

from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:pk>/team/invite/", views.invite, name="invite"),
    path(
        "<uuid:pk>/team/invitations/<uuid:invitation_pk>/withdraw/",
        views.withdraw_invitation,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation_accept"),
]
