from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("places/<slug:slug>/", views.place, name="place"),
    path(
        "places/<slug:slug>/tables/<slug:key>.<exportformat:fmt>",
        views.download,
        name="download",
    ),
    path("places/<slug:slug>/reports/", views.report_request, name="report_request"),
    path("reports/<uuid:pk>/", views.report, name="report"),
    path("reports/<uuid:pk>/status", views.report_status, name="report_status"),
    path("reports/<uuid:pk>/download", views.report_download, name="report_download"),
]
