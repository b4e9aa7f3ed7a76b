from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from .selectors import user_requires_mfa

_ALWAYS_OPEN = ("/accounts/", "/static/", "/media/", "/healthz")


class RequireMFAMiddleware:
    """With MFA_REQUIRED_FOR_ROLES on, the roles of ecosystem.selectors.user_requires_mfa
    must set up two-factor authentication before any page that needs signing in.

    Public pages stay open; the account pages stay open so the person can set it up. (That a
    session of an account with two-factor actually passed it is users.SecondFactorMiddleware's
    job, for everyone.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_ROLES or not request.user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if request.path_info.startswith(_ALWAYS_OPEN):
            return None
        from allauth.mfa.utils import is_mfa_enabled

        if not user_requires_mfa(request.user) or is_mfa_enabled(request.user):
            return None
        messages.warning(
            request,
            "Your role needs two-factor authentication. Set up an authenticator app to continue.",
        )
        return redirect("mfa_activate_totp")
