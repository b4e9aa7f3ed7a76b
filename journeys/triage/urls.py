from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/accept/", views.accept, name="accept"),
    path("<uuid:pk>/pass/", views.pass_on, name="pass"),
    path("<uuid:pk>/close/", views.close, name="close"),
]
