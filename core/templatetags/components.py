from django import template
from django.urls import reverse

from core.forms import error_list

register = template.Library()


def _href(target) -> str:
    """A crumb's link: a URL as given (a path, a full address, a query), or a URL name reversed."""
    target = str(target)
    if "/" in target or target.startswith(("?", "#")):
        return target
    return reverse(target)


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*trail, current=""):
    """The trail above a page's heading: label and link pairs, then the page itself as current.

    A pair whose label and link are both empty is left out, so an optional step can be written as
    `journey.client.display_name journey.get_absolute_url` and vanishes when there is no journey.
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes label and link pairs: one of them has no partner"
        )
    crumbs = []
    for label, target in zip(trail[::2], trail[1::2], strict=True):
        if label in (None, "") and target in (None, ""):
            continue
        if label in (None, "") or target in (None, ""):
            # Half a step is a typo in a variable name: showing it would hide the mistake.
            raise template.TemplateSyntaxError(
                f"breadcrumbs step {label!r} -> {target!r} needs both a label and a link"
            )
        crumbs.append({"label": label, "url": _href(target)})
    return {"crumbs": crumbs, "current": current}


@register.filter
def error_summary(form) -> list[dict]:
    """A form's problems for components/error_summary.html, where the view did not list them."""
    return error_list(form) if getattr(form, "is_bound", False) else []
