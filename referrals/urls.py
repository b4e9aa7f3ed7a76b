from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("notifications/", views.notifications, name="notifications"),
    path("figures/", views.figures_index, name="figures_index"),
    path("figures/<uuid:place_pk>/", views.figures, name="figures"),
    path("from/<uuid:journey_pk>/", views.referral_new, name="new"),
    path("<uuid:pk>/", views.referral_view, name="detail"),
    path("<uuid:pk>/accept/", views.referral_accept_view, name="accept"),
    path("<uuid:pk>/answer/", views.referral_move_view, name="move"),
    path("<uuid:pk>/pass-on/", views.referral_reroute_view, name="reroute"),
    path("<uuid:pk>/messages/", views.referral_message_view, name="message"),
]
