from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("thank-you/", views.thanks, name="thanks"),
    path("privacy/", views.privacy, name="privacy"),
]
