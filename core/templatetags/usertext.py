"""``{{ text|markdown }}``: user-written Markdown rendered and sanitised (core.markdown), for any
app's templates."""

from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)
