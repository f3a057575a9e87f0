"""``{{ form.field|bootstrap_field }}``: a form field in Bootstrap 5 markup, without crispy's cost.

crispy-forms' ``as_crispy_field`` renders a large template with four includes and a tag that
rewrites the widget's attributes for every field: on the minutes editor (37 fields) that was about
two thirds of the page's time. This filter gives the same markup (the wrapper ``div_id_<name>``,
the label, the widget with crispy's classes, errors in ``invalid-feedback`` and the help text as
``id_<name>_helptext``) through one small cached template, ``forms/bootstrap5_field.html``
(``pages.core.forms.Select`` does the same for a select's options). The
widget is Django's own rendering, so its name, id, value and the aria attributes Django adds
(``aria-describedby`` for the help text, ``aria-invalid`` on an error) are unchanged.
"""

from django import forms, template
from django.template.loader import get_template

register = template.Library()

FIELD_TEMPLATE = "forms/bootstrap5_field.html"


def widget_classes(field) -> str:
    """crispy's classes: the widget's own class name, then Bootstrap's, then ``is-invalid``."""
    widget = field.field.widget
    own = widget.__class__.__name__.lower()
    existing = widget.attrs.get("class", "")
    classes = (existing if own in existing else f"{existing} {own}") if existing else own
    if isinstance(widget, forms.CheckboxInput):
        bootstrap = "form-check-input"
    elif isinstance(widget, forms.Select):
        bootstrap = "form-select"
    else:
        bootstrap = "form-control"
    extra = [bootstrap, "is-invalid"] if field.errors else [bootstrap]
    present = classes.split()
    return " ".join([classes, *(name for name in extra if name not in present)])


@register.filter
def bootstrap_field(field):
    """The field, its label, help text and errors, in crispy-bootstrap5's markup."""
    if field.is_hidden:
        return field.as_widget()
    return get_template(FIELD_TEMPLATE).render(
        {
            "field": field,
            "widget": field.as_widget(attrs={"class": widget_classes(field)}),
            "errors": field.errors,
            "checkbox": isinstance(field.field.widget, forms.CheckboxInput),
        }
    )
