"""The Django admin is for superusers only, and they sign in through the site's own login."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def _superuser_login(login_view):
    @wraps(login_view)
    def view(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_superuser):
            raise Http404("Not found")
        return login_view(request, *args, **kwargs)

    view.login_required = False  # it answers anonymous visitors itself
    return view


def _superusers_only(request) -> bool:
    # A signed-in person who is not a superuser is told the admin does not exist.
    if request.user.is_authenticated and not (request.user.is_active and request.user.is_superuser):
        raise Http404("Not found")
    return request.user.is_authenticated


def configure_admin_site(site: admin.AdminSite = admin.site) -> None:
    site.login = _superuser_login(site.login)
    site.has_permission = _superusers_only
    site.site_header = "Empowering Places: system administration"
    site.site_title = "System administration"
