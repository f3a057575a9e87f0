"""Django's own Dutch wording for the few messages that Django REST framework's catalogue words
differently. An app's catalogue outranks Django's, so REST framework would change the pages'
"Dit veld is verplicht." into "Dit veld is vereist."; the project's catalogue (LOCALE_PATHS)
outranks both, and these entries there keep Django's words for the pages and the API alike."""

from django.utils.translation import gettext_noop

DJANGO_WORDING = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Search"),
    gettext_noop("Value must be valid JSON."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
