from django.urls import include, path

from . import views

app_name = "stories"

urlpatterns = [
    # Browsing and checking ------------------------------------------------------------
    path("", views.story_list, name="list"),
    path("to-check/", views.moderation, name="moderation"),
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
    # Most significant change (stories.rounds: its names stay in this namespace) --------
    path("rounds/", include("stories.rounds.urls")),
]
