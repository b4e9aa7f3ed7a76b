from django.shortcuts import render
from django.views.decorators.http import require_GET

from ecosystem.selectors import user_roles
from referrals.selectors import box_counts, unread_notifications


@require_GET
def home(request):
    """A signed-in person's starting point: their roles and where their work is."""
    roles = user_roles(request.user)
    context = {"roles": roles}
    if roles.memberships:
        context["referral_counts"] = box_counts(request.user)
        context["unread_notifications"] = unread_notifications(request.user, limit=0)[1]
    return render(request, "workspace/home.html", context)
