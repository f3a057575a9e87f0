from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The page layer: views, URLs, forms and page templates on top of the data apps (no data app
    imports it)."""

    name = "pages"
