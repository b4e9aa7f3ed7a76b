from django.urls import path

from . import views, views_browse, views_msc

app_name = "stories"

urlpatterns = [
    # Browsing and checking ------------------------------------------------------------
    path("", views_browse.story_list, name="list"),
    path("to-check/", views_browse.moderation, name="moderation"),
    # Capturing and telling --------------------------------------------------------------
    path("from/<uuid:journey_pk>/", views.story_capture, name="capture"),
    path("tell/", views.story_tell, name="tell"),
    path("prompts/<uuid:pk>/dismiss/", views.prompt_dismiss, name="prompt_dismiss"),
    # One story ------------------------------------------------------------------------------
    path("<uuid:pk>/", views.story_detail, name="detail"),
    path("<uuid:pk>/edit/", views.story_edit, name="edit"),
    path("<uuid:pk>/submit/", views.story_submit_view, name="submit"),
    path("<uuid:pk>/check/", views.story_check, name="check"),
    path("<uuid:pk>/public-version/", views.story_public_version, name="public_version"),
    path("<uuid:pk>/send-to-website/", views.story_send, name="send"),
    path("<uuid:pk>/withdraw/", views.story_withdraw, name="withdraw"),
    path("<uuid:pk>/pictures/", views.image_add, name="image_add"),
    path("pictures/<uuid:pk>/", views.image, name="image"),
    path("pictures/<uuid:pk>/remove/", views.image_remove, name="image_remove"),
    # Most significant change -----------------------------------------------------------
    path("rounds/", views_msc.round_list, name="rounds"),
    path("rounds/new/", views_msc.round_new, name="round_new"),
    path("rounds/<uuid:pk>/", views_msc.round_detail, name="round"),
    path("rounds/<uuid:pk>/choose/", views_msc.round_select, name="round_select"),
    path("rounds/<uuid:pk>/close/", views_msc.round_close, name="round_close"),
    path("rounds/<uuid:pk>/reopen/", views_msc.round_reopen, name="round_reopen"),
    path("rounds/<uuid:pk>/panel/add/", views_msc.round_panel_add, name="round_panel_add"),
    path("rounds/<uuid:pk>/panel/remove/", views_msc.round_panel_remove, name="round_panel_remove"),
]
