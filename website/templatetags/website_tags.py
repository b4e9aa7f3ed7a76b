from types import SimpleNamespace

from django import template

from core.pagecache import content_cached
from website.models import FooterLink, NavigationLink, SiteSettings

register = template.Library()

# What the header and footer show of the site's settings.
_SHOWN = ("site_name", "footer_text", "contact_email", "contact_phone")


def _site_frame(request) -> tuple[dict, dict]:
    site_settings = SiteSettings.for_request(request)
    links = {}
    for model, key in ((NavigationLink, "navigation"), (FooterLink, "footer")):
        links[key] = [
            {
                "label": link.label,
                "url": link.link_page.get_url(request)
                if link.link_page_id
                else link.link_url or "#",
            }
            for link in model.objects.filter(settings=site_settings).select_related("link_page")
        ]
    return {name: getattr(site_settings, name) for name in _SHOWN}, links


def _site_settings(request):
    """The site's settings with its links: from the cache until the CMS changes them (every page
    shows them, so this saves every page four queries), and read once per request."""
    cached = getattr(request, "_site_settings_with_links", None)
    if cached is None:
        shown, links = content_cached(
            f"site-frame:{request.get_host()}", lambda: _site_frame(request)
        )
        # Copies: main_navigation marks the current link on its own.
        cached = (
            SimpleNamespace(**shown),
            {k: [dict(link) for link in v] for k, v in links.items()},
        )
        request._site_settings_with_links = cached
    return cached


@register.simple_tag(takes_context=True)
def site_name(context):
    request = context.get("request")
    if request is None:
        return "Empowering Places"
    return _site_settings(request)[0].site_name


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    links = _site_settings(request)[1]["navigation"]
    for link in links:
        link["current"] = (link["url"] != "/" and request.path.startswith(link["url"])) or link[
            "url"
        ] == request.path
    return {"links": links, "request": request}


@register.simple_tag(takes_context=True)
def site_footer(context):
    request = context["request"]
    site_settings, links = _site_settings(request)
    return {"settings": site_settings, "links": links["footer"]}
