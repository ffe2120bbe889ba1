"""Issuer private keys at rest: encrypted with the key-encryption key, never shown.

The key-encryption key (``settings.KEY_ENCRYPTION_KEY``, from ``CREDSTACK_KEK`` or a file
generated in the data directory) is stretched with HKDF into an AES-256-GCM key. Each private
key is stored as ``nonce ‖ ciphertext`` with the public key as associated data, so a ciphertext
moved onto another key's row fails to decrypt instead of signing with the wrong key.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from credstack.vc.keys import Ed25519Key

_INFO = b"credstack issuer key encryption v1"


def _aead() -> AESGCM:
    kek = settings.KEY_ENCRYPTION_KEY
    if not kek or len(kek) < 32:
        raise ImproperlyConfigured("CREDSTACK_KEK must be at least 32 characters")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(kek.encode())
    return AESGCM(derived)


def seal(key: Ed25519Key) -> bytes:
    """Encrypt ``key``'s 32-byte seed for storage; returns nonce ‖ ciphertext."""
    nonce = os.urandom(12)
    return nonce + _aead().encrypt(nonce, key.seed, key.public_multibase.encode())


def seal_secret(secret: bytes, label: str) -> bytes:
    """Encrypt any other secret (a webhook secret); ``label`` binds it to its row."""
    nonce = os.urandom(12)
    return nonce + _aead().encrypt(nonce, secret, label.encode())


def unseal_secret(blob: bytes | memoryview, label: str) -> bytes:
    """Decrypt a secret stored with :func:`seal_secret` under the same ``label``."""
    data = bytes(blob)
    try:
        return _aead().decrypt(data[:12], data[12:], label.encode())
    except InvalidTag as e:
        raise ImproperlyConfigured(
            "a stored secret cannot be decrypted: the key-encryption key (CREDSTACK_KEK) differs "
            "from the one it was stored with"
        ) from e


def unseal(blob: bytes | memoryview, public_multibase: str) -> Ed25519Key:
    """Decrypt a stored key and check it is the key its row says it is."""
    data = bytes(blob)
    try:
        seed = _aead().decrypt(data[:12], data[12:], public_multibase.encode())
    except InvalidTag as e:
        raise ImproperlyConfigured(
            "an issuer key cannot be decrypted: the key-encryption key (CREDSTACK_KEK) differs "
            "from the one it was stored with"
        ) from e
    key = Ed25519Key.from_seed(seed)
    if key.public_multibase != public_multibase:
        raise ImproperlyConfigured("a stored issuer key does not match its public key")
    return key
