from django.urls import path

from . import views

app_name = "my"

urlpatterns = [
    path("", views.my_journey, name="journey"),
    path("sessions.ics", views.my_calendar, name="calendar"),
    path("contact/<uuid:client_pk>/", views.contact_update, name="contact"),
]
