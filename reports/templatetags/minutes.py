from django import template

from reports.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """User-written Markdown, rendered and sanitised (see reports.markdown)."""
    return render_markdown(text)
