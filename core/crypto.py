"""Authenticated encryption (AES-GCM, random nonce) under keys derived from the site's secret.

One purpose, one key: each caller names its ``purpose`` (e.g. ``b"leernet.held-answers.v1"``), and
the key is HMAC-SHA256(secret, purpose). The secret is ``own_secret`` when the caller has a key of
its own, else ``SECRET_KEY``; ``SECRET_KEY`` (when an own secret is set) and
``SECRET_KEY_FALLBACKS`` still decrypt, so a key rotation keeps old payloads readable."""

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12


def _keys(purpose: bytes, own_secret: str) -> list[bytes]:
    secrets = [own_secret or settings.SECRET_KEY]
    secrets += ([settings.SECRET_KEY] if own_secret else []) + list(settings.SECRET_KEY_FALLBACKS)
    return [hmac.new(secret.encode(), purpose, hashlib.sha256).digest() for secret in secrets]


def seal(plain: bytes, *, purpose: bytes, own_secret: str = "") -> bytes:
    """``plain`` encrypted with the current key: nonce + ciphertext + tag (no timestamp)."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_keys(purpose, own_secret)[0]).encrypt(nonce, plain, None)


def unseal(payload: bytes, *, purpose: bytes, own_secret: str = "") -> bytes:
    """The plain bytes of a ``seal()`` payload; ValueError when no current or fallback key fits."""
    payload = bytes(payload)
    nonce, sealed = payload[:_NONCE_BYTES], payload[_NONCE_BYTES:]
    for key in _keys(purpose, own_secret):
        try:
            return AESGCM(key).decrypt(nonce, sealed, None)
        except InvalidTag:
            continue
    raise ValueError(f"cannot decrypt {purpose.decode()} with the current or fallback keys")
