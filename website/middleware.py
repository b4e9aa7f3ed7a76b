from django.contrib import messages
from django.shortcuts import redirect

CMS_PREFIX = "/cms/"


class CMSOutsidersMiddleware:
    """Send a signed-in person who may not use the CMS to their own work.

    Wagtail answers them with a redirect to the sign-in page, and the sign-in page sends a
    signed-in person straight back to where they were going: a loop. Anonymous visitors are left
    to Wagtail, which sends them to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info.startswith(CMS_PREFIX)
            and request.user.is_authenticated
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            messages.error(request, "Your account does not give you access to the CMS.")
            return redirect("workspace:home")
        return self.get_response(request)
