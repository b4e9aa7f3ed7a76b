from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/", views.start, name="start"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/columns/<slug:column_slug>/", views.column, name="column"),
    path("<uuid:pk>/complete/", views.complete, name="complete"),
    path("<uuid:pk>/reopen/", views.reopen, name="reopen"),
    path("<uuid:pk>/summary/", views.summary, name="summary"),
    path("<uuid:pk>/compare/", views.compare, name="compare"),
]
