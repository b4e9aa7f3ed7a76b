from django.urls import path

from . import views_mine

app_name = "my"

urlpatterns = [
    path("", views_mine.my_journey, name="journey"),
    path("sessions.ics", views_mine.my_calendar, name="calendar"),
    path("contact/<uuid:client_pk>/", views_mine.contact_update, name="contact"),
]
