from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    # The members' area and membership ---------------------------------------------------
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("profile/", views.profile, name="profile"),
    path("leave/", views.leave, name="leave"),
    path("case-studies/new/", views.case_study_new, name="post"),
    # Action learning groups ---------------------------------------------------------------
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<uuid:pk>/", views.group_view, name="group"),
    path("groups/<uuid:pk>/members/add/", views.group_member_add_view, name="group_member_add"),
    path(
        "groups/<uuid:pk>/members/<int:member_pk>/remove/",
        views.group_member_remove_view,
        name="group_member_remove",
    ),
    path("groups/<uuid:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:pk>/edit/", views.meeting_edit, name="meeting_edit"),
]
