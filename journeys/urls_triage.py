from django.urls import path

from . import views_triage

app_name = "triage"

urlpatterns = [
    path("", views_triage.inbox, name="inbox"),
    path("<uuid:pk>/", views_triage.detail, name="detail"),
    path("<uuid:pk>/accept/", views_triage.accept, name="accept"),
    path("<uuid:pk>/pass/", views_triage.pass_on, name="pass"),
    path("<uuid:pk>/close/", views_triage.close, name="close"),
]
