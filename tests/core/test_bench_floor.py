"""The floor page `make bench` compares every page with (issue 16) exists only for the bench."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from pages.core.views import bench_floor

pytestmark = pytest.mark.django_db


def test_bench_floor_is_not_mounted_by_default(client, member):
    client.force_login(member)
    assert settings.LEERNET_BENCH_FLOOR is False
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert client.get("/bench/floor/").status_code == 404


def test_bench_floor_shows_the_signed_in_user_and_sends_anonymous_visitors_to_log_in(member):
    request = RequestFactory().get("/bench/floor/")
    request.user = member
    with translation.override("en"):
        response = bench_floor(request)
    assert response.status_code == 200
    assert f"Signed in as {member.full_name}." in response.content.decode()
    request.user = AnonymousUser()
    response = bench_floor(request)
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/bench/floor/",
    )
