"""Placeholder: being written (most significant change rounds)."""

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


round_list = round_new = round_detail = round_select = round_close = _todo
