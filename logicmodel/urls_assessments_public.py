from django.urls import path

from . import views_assessments as views

app_name = "reflections"

urlpatterns = [
    path("<uuid:pk>/", views.public_summary, name="summary"),
]
