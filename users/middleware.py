from django.contrib import messages
from django.contrib.auth.views import redirect_to_login

from . import signin


class SecondFactorMiddleware:
    """End any session that signed in to an account with two-factor authentication without
    passing it (see users.signin): whatever page it asks for, it is signed out and sent to
    sign in properly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signin.session_skipped_second_factor(request):
            signin.end_session(request)
            messages.warning(
                request,
                "Please sign in again. Your account uses an authenticator app, so signing in "
                "needs its code as well as your password.",
            )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
