from django.urls import include, path

from . import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("<uuid:pk>/", views.journey_detail, name="detail"),
    path("<uuid:pk>/edit/", views.journey_edit, name="edit"),
    path("<uuid:pk>/stage/", views.journey_stage, name="stage"),
    path("<uuid:pk>/status/", views.journey_status, name="status"),
    path("<uuid:pk>/sessions/new/", views.session_new_for_journey, name="session_new"),
    path("<uuid:pk>/milestones/new/", views.milestone_new, name="milestone_new"),
    path("<uuid:pk>/wellbeing/new/", views.wellbeing_new, name="wellbeing_new"),
    path("<uuid:pk>/actions/new/", views.action_new, name="action_new"),
    path("<uuid:pk>/actions/<uuid:action_pk>/done/", views.action_done, name="action_done"),
    path("sessions/<uuid:pk>/", views.session_view, name="session"),
    path("sessions/<uuid:pk>/edit/", views.session_edit, name="session_edit"),
    path("hub/<uuid:org_pk>/", views.dashboard, name="dashboard"),
    path("hub/<uuid:org_pk>/new/", views.journey_new, name="new"),
    path("hub/<uuid:org_pk>/sessions/new/", views.session_new, name="group_session_new"),
    path("hub/<uuid:org_pk>/sessions.ics", views.organisation_calendar, name="calendar"),
    path("", include("journeys.data.urls")),
]
