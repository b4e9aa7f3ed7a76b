"""Placeholder: being written (browse and search, the check queue)."""

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


story_list = moderation = _todo
