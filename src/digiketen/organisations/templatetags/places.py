from django import template

from digiketen.organisations import hours

register = template.Library()


@register.filter
def opening_summary(location) -> str:
    """The location's opening hours in one sentence (organisations.hours.summary)."""
    return hours.summary(location.opening_hours.all())
