from django import template

from website.models import FooterLink, NavigationLink, SiteSettings

register = template.Library()


def _site_settings(request):
    """The site's settings with its links, read once per request."""
    cached = getattr(request, "_site_settings_with_links", None)
    if cached is None:
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
        cached = (site_settings, links)
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
