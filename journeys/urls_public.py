from django.urls import path

from . import views_public

app_name = "support"

urlpatterns = [
    path("", views_public.ask, name="ask"),
    path("thank-you/", views_public.thanks, name="thanks"),
    path("privacy/", views_public.privacy, name="privacy"),
]
