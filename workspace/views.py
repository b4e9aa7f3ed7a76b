from django.shortcuts import render
from django.views.decorators.http import require_GET

from ecosystem.selectors import user_roles


@require_GET
def home(request):
    """A signed-in person's starting point: their roles and where their work is."""
    return render(request, "workspace/home.html", {"roles": user_roles(request.user)})
