from wagtail.search.backends import get_search_backend


def index_live_elements(sender=None, **kwargs):
    """Elements loaded by a data migration skip the search signals: index them after migrate."""
    from .models import Element

    backend = get_search_backend()
    for element in Element.objects.filter(live=True):
        backend.add(element)
