import pytest
from django.utils import translation

from scripts.check_translations import problems


def test_dutch_catalogue_is_complete_and_compiled():
    assert problems("nl") == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Deze uitnodiging is al gebruikt."), ("en", "This invitation has already been used.")],
)
def test_messages_follow_the_active_language(language, expected):
    with translation.override(language):
        assert translation.gettext("This invitation has already been used.") == expected
