from django import template

register = template.Library()


@register.filter
def person_name(user, fallback: str = "") -> str:
    """A person's full name, or their email address when they gave no name; fallback for nobody."""
    if user is None:
        return fallback
    return user.get_full_name() or user.email
