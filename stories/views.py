"""Placeholder: being written (capture, tell, one story, pictures)."""

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


story_capture = story_tell = prompt_dismiss = story_detail = story_edit = _todo
story_submit_view = story_check = story_public_version = story_send = story_withdraw = _todo
image_add = image = image_remove = _todo
