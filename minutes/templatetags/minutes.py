import datetime

from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """User-written Markdown, rendered and sanitised (see core.markdown)."""
    return render_markdown(text)


@register.filter
def isodate(value: str):
    """A date stored as ISO text in a minutes snapshot, as a date for ``|date``; "" if none."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
