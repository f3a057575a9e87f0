"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, in the ISO format it sends back."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class Select(forms.Select):
    """Django's select with the same markup, its options rendered in the select's own template
    instead of one template include per option: a member list in each of a form's rows made the
    minutes editor spend most of its widget time in those includes."""

    template_name = "core/widgets/select.html"
