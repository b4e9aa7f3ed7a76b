"""Transport rules for the ORUK API's views: public, read only, and open to any web page (CORS)."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.handlers.exception import response_for_exception
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)
PREFLIGHT_MAX_AGE = 86400


def open_read_only(view):
    """Let anyone read the view from anywhere: no sign-in, CORS on every answer, GET and HEAD only.

    An OPTIONS request gets the CORS preflight answer; a write method gets a JSON 405.
    Errors keep the CORS header, so a browser client can read why it was refused.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = JsonResponse({}, status=200)
            response["Access-Control-Allow-Methods"] = ALLOW
            requested = request.headers.get("Access-Control-Request-Headers")
            response["Access-Control-Allow-Headers"] = requested or "Accept"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            response["Allow"] = ALLOW
        elif request.method not in READ_METHODS:
            response = JsonResponse(
                {"detail": f"This API is read only: {request.method} is not allowed."}, status=405
            )
            response["Allow"] = ALLOW
        else:
            # HEAD is answered as GET; the server leaves out the body.
            method, request.method = request.method, "GET"
            try:
                response = view(request, *args, **kwargs)
            except Exception as exc:  # Django's own 500, but with our CORS header
                response = response_for_exception(request, exc)
            finally:
                request.method = method
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # Nothing here changes state, so no CSRF token is needed (ninja's views are exempt too).
    return login_not_required(csrf_exempt(wrapped))
