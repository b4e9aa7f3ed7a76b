from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


@login_not_required
def sign_in_elsewhere(request):
    """Replaces a library's own password-only login page (the CMS's): whatever is posted to it,
    the visitor is sent to the site's sign-in, which asks for the second step and applies the
    limits. Nothing posted here is read."""
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = resolve_url("wagtailadmin_home")
    return redirect_to_login(wanted)
