from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The language a visitor chose with the switch before signing in (pages.accounts.views.
# set_language); the sign-in stores it on the account (accounts.receivers), so it survives.
LANGUAGE_CHOSEN_SESSION_KEY = "leernet_language_chosen"


class LanguageMiddleware:
    """Choose the language of every request: Dutch first, English on request.

    A signed-in user sees the language of their profile; anyone else the language they chose with
    the switch (Django's language cookie), else Dutch. A choice made before signing in becomes
    the profile's at sign-in (``LANGUAGE_CHOSEN_SESSION_KEY``). The browser's Accept-Language is
    not followed: Leernet's audience is Flemish and Dutch is the default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.language in self.supported:
            language = user.language
        elif cookie in self.supported:
            language = cookie
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
