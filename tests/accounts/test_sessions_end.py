"""Ending an account's sessions in the session store (accounts.services.user_sessions_end), not
only allauth's tracking rows (issue 22.5): a password change ends the other sessions, a reset
ends all, and a deleted account leaves no session record (Redis is read directly)."""

import pickle
from importlib import import_module

import pytest
import redis
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client
from django.urls import reverse

from accounts.enums import SessionEndReason
from accounts.services import user_sessions_end
from networks.enums import NetworkStatus
from tests.factories import PASSWORD, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
NEW = "Een-nieuw-wachtw00rd!"
EMAIL = "vera.verwijder@example.org"


def _signed_in(user, agent: str) -> Client:
    browser = Client(HTTP_USER_AGENT=agent)
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert browser.session.get("_auth_user_id") == str(user.pk)
    return browser


def _stored(browser) -> bool:
    return SessionStore().exists(browser.session.session_key)


def test_the_service_ends_every_session_but_the_one_kept():
    user, other = UserFactory(), UserFactory()
    laptop, phone, tablet = (_signed_in(user, agent) for agent in ("L/1", "P/1", "T/1"))
    someone_else = _signed_in(other, "O/1")

    ended = user_sessions_end(
        user=user,
        reason=SessionEndReason.PASSWORD_CHANGED,
        keep_session_key=laptop.session.session_key,
    )

    assert ended == 2
    assert [_stored(laptop), _stored(phone), _stored(tablet), _stored(someone_else)] == [
        True,
        False,
        False,
        True,
    ]
    assert list(UserSession.objects.filter(user=user).values_list("user_agent", flat=True)) == [
        "L/1"
    ]
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_changing_the_password_removes_the_other_sessions_from_the_store():
    """Django's session hash already refuses them; their records (with the address they signed
    in with) are gone from the store too, not left until they expire."""
    user = UserFactory()
    laptop, phone = _signed_in(user, "Laptop/1.0"), _signed_in(user, "Phone/1.0")
    phone_key = phone.session.session_key

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )

    assert response.status_code == 302
    assert not SessionStore().exists(phone_key)
    assert _stored(laptop)
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert list(UserSession.objects.filter(user=user).values_list("user_agent", flat=True)) == [
        "Laptop/1.0"
    ]


def test_a_password_reset_ends_every_session():
    user = UserFactory()
    phone = _signed_in(user, "Phone/1.0")
    phone_key = phone.session.session_key
    user.refresh_from_db()  # the reset token covers the last sign-in
    resetting = Client()
    link = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    form_url = resetting.get(link)["Location"]

    resetting.post(form_url, {"password1": NEW, "password2": NEW})

    assert not SessionStore().exists(phone_key)
    assert not UserSession.objects.filter(user=user).exists()


def _session_records(client) -> dict[bytes, bytes]:
    """Every session record in Redis, read with a plain Redis client (not through Django): the
    keys under the sessions cache's KEY_PREFIX that the cached_db session store writes (its
    Redis database, settings.REDIS_SESSION_URL)."""
    cache = settings.CACHES[settings.SESSION_CACHE_ALIAS]
    pattern = f"{cache['KEY_PREFIX']}:*:{SESSION_CACHE_PREFIX}*"
    return {key: client.get(key) for key in client.scan_iter(match=pattern)}


def test_deleting_the_account_leaves_no_session_of_it_in_redis(require_redis, on_commit):
    vera = UserFactory(email=EMAIL, full_name="Vera Verwijder")
    phone = _signed_in(vera, "Phone/1.0")
    laptop = _signed_in(vera, "Laptop/1.0")
    other = _signed_in(UserFactory(), "Other/1.0")
    store = redis.Redis.from_url(settings.REDIS_SESSION_URL)
    before = _session_records(store)
    assert sum(EMAIL.encode() in record for record in before.values()) == 2

    with on_commit(execute=True):
        response = laptop.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assert response["Location"] == reverse("home")
    after = _session_records(store)
    assert [key for key, record in after.items() if EMAIL.encode() in record] == []
    users = [pickle.loads(record).get("_auth_user_id") for record in after.values()]  # noqa: S301
    assert str(vera.pk) not in users
    assert str(other.session["_auth_user_id"]) in users
    assert not UserSession.objects.filter(user=vera).exists()
    # cached_db keeps a copy in PostgreSQL too: none of hers is left there either.
    stored = [session.get_decoded() for session in DjangoSession.objects.all()]
    assert str(vera.pk) not in [data.get("_auth_user_id") for data in stored]
    assert EMAIL not in str(stored)
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_a_refused_deletion_ends_no_session(on_commit):
    """The last facilitator of a running network is refused: nothing changes, so every session
    stays signed in."""
    vera = UserFactory(email=EMAIL)
    NetworkFactory(created_by=vera, status=NetworkStatus.RUNNING)
    phone, laptop = _signed_in(vera, "Phone/1.0"), _signed_in(vera, "Laptop/1.0")

    with on_commit(execute=True):
        response = laptop.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assert response.status_code == 200
    assert [_stored(phone), _stored(laptop)] == [True, True]
    assert UserSession.objects.filter(user=vera).count() == 2
