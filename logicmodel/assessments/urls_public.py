from django.urls import path

from . import views

app_name = "assessments_public"

urlpatterns = [
    path("<uuid:pk>/", views.public_summary, name="summary"),
]
