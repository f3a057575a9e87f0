"""The proxy hop count for the rate limits (issue 25): behind two proxies the login limit keys
each visitor on their own address, not on the inner proxy's, and the count is one variable."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_deploy import PRODUCTION_ENV, _start

TOO_MANY = "Te veel inlogpogingen"
INNER_PROXY = "10.0.0.2"


def _failed_login(client, n, client_ip):
    return client.post(
        reverse("account_login"),
        {"login": f"nobody{n}@example.org", "password": "fout"},
        HTTP_X_FORWARDED_FOR=f"{client_ip}, 10.0.0.1",
        REMOTE_ADDR=INNER_PROXY,
    )


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_one_visitors_failures_do_not_lock_out_another():
    mallory, alice = Client(), Client()
    for n in range(10):
        assert TOO_MANY not in _failed_login(mallory, n, "203.0.113.5").content.decode()

    assert TOO_MANY in _failed_login(mallory, 10, "203.0.113.5").content.decode()
    assert TOO_MANY not in _failed_login(alice, 11, "198.51.100.7").content.decode()


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_with_the_wrong_count_everyone_shares_the_inner_proxys_address():
    """What the variable is for: counted one hop short, Alice pays for Mallory."""
    mallory, alice = Client(), Client()
    for n in range(10):
        _failed_login(mallory, n, "203.0.113.5")

    assert TOO_MANY in _failed_login(alice, 11, "198.51.100.7").content.decode()


@pytest.mark.parametrize(("value", "expected"), [(None, "1 1"), ("2", "2 2")])
def test_one_variable_sets_the_hop_count(value, expected):
    env = dict(PRODUCTION_ENV)
    if value is not None:
        env["LEERNET_TRUSTED_PROXY_COUNT"] = value
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LEERNET_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )

    result = _start(code, env)

    assert result.stdout.strip() == expected, result.stderr
