from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("hub/<uuid:org_pk>/", views.index, name="index"),
    path("hub/<uuid:org_pk>/copies/new/", views.export_new, name="export_new"),
    path("hub/<uuid:org_pk>/erase/", views.erase, name="erase"),
    path("hub/<uuid:org_pk>/access-log/", views.access_log, name="access_log"),
    path("all/", views.index, name="all_index"),
    path("all/copies/new/", views.export_new, name="all_export_new"),
    path("all/erase/", views.erase, name="all_erase"),
    path("all/access-log/", views.access_log, name="all_access_log"),
    path("copies/<uuid:pk>/", views.export, name="export"),
    path("copies/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.mine_new, name="mine_new"),
]
