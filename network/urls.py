from django.urls import path

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


app_name = "network"

urlpatterns = [path("", _todo, name="home")]
