from django.shortcuts import render

ITEMS = [
    {"name": "Ask for support", "count": 12},
    {"name": "Find a service", "count": 34},
    {"name": "Read a case study", "count": 5},
    {"name": "Join the network", "count": 8},
    {"name": "See the model", "count": 21},
]


def page(request):
    """A small page: a few variables and a loop, as most pages have."""
    return render(
        request,
        "minimal/page.html",
        {"title": "Minimal page", "visitor": "Someone", "items": ITEMS, "total": len(ITEMS)},
    )
