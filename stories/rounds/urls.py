"""Most significant change rounds, under /stories/rounds/.

Included by stories.urls without a namespace of its own, so the names stay "stories:rounds",
"stories:round", "stories:round_close" and so on.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("<uuid:pk>/", views.round_detail, name="round"),
    path("<uuid:pk>/choose/", views.round_select, name="round_select"),
    path("<uuid:pk>/close/", views.round_close, name="round_close"),
    path("<uuid:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("<uuid:pk>/panel/add/", views.round_panel_add, name="round_panel_add"),
    path("<uuid:pk>/panel/remove/", views.round_panel_remove, name="round_panel_remove"),
]
