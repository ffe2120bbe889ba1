"""Ed25519 keys: generation, Multikey / PEM / JWK import and export, did:key.

Formats: Multikey (CID 1.0 §2.2.2) ``publicKeyMultibase`` / ``secretKeyMultibase``; PKCS#8 and
SubjectPublicKeyInfo PEM (RFC 8410); OKP JWK (RFC 8037); did:key (did:key method §3.1,
``did:key:`` + publicKeyMultibase). Signatures are pure Ed25519 (RFC 8032 §5.1).

A secret key never appears in ``repr``/``str`` output, so logging an ``Ed25519Key`` is safe.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ._multibase import ED25519_PRIV_HEADER, ED25519_PUB_HEADER, decode_multikey, encode_multikey
from .errors import KeyError_

__all__ = ["Ed25519Key", "PublicKey"]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: Any, name: str) -> bytes:
    if not isinstance(text, str) or "=" in text:
        raise KeyError_(f"JWK member {name!r} must be an unpadded base64url string")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as e:
        raise KeyError_(f"JWK member {name!r} is not base64url") from e


def _check_okp(jwk: Any) -> None:
    if not isinstance(jwk, dict):
        raise KeyError_("a JWK must be a JSON object")
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise KeyError_(f"JWK kty/crv {jwk.get('kty')!r}/{jwk.get('crv')!r} is not OKP/Ed25519")


class PublicKey:
    """An Ed25519 public key (what verification needs)."""

    __slots__ = ("_key", "raw")

    def __init__(self, raw: bytes) -> None:
        if not isinstance(raw, bytes | bytearray) or len(raw) != 32:
            raise KeyError_("an Ed25519 public key is exactly 32 bytes")
        self.raw = bytes(raw)
        self._key = Ed25519PublicKey.from_public_bytes(self.raw)

    @classmethod
    def from_multibase(cls, value: str) -> PublicKey:
        """Parse ``publicKeyMultibase`` (must carry the Ed25519 header 0xed01)."""
        return cls(decode_multikey(value, ED25519_PUB_HEADER))

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any]) -> PublicKey:
        """Parse an OKP/Ed25519 JWK (RFC 8037 §2); the ``d`` member, if any, is ignored."""
        _check_okp(jwk)
        return cls(_b64url_decode(jwk.get("x"), "x"))

    @classmethod
    def from_pem(cls, pem: bytes) -> PublicKey:
        """Parse a SubjectPublicKeyInfo PEM holding an Ed25519 key (RFC 8410 §4)."""
        try:
            key = serialization.load_pem_public_key(pem)
        except (ValueError, TypeError) as e:
            raise KeyError_("not a PEM public key") from e
        if not isinstance(key, Ed25519PublicKey):
            raise KeyError_(f"PEM holds a {type(key).__name__}, not an Ed25519 key")
        return cls(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    @property
    def multibase(self) -> str:
        """``publicKeyMultibase`` (``z6Mk...``)."""
        return encode_multikey(ED25519_PUB_HEADER, self.raw)

    @property
    def did_key(self) -> str:
        """The did:key DID of this key."""
        return "did:key:" + self.multibase

    def jwk(self) -> dict[str, str]:
        """The public OKP JWK (RFC 8037 §2)."""
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(self.raw)}

    def to_pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM."""
        return self._key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is a valid Ed25519 signature of ``data``."""
        if not isinstance(signature, bytes) or len(signature) != 64:
            return False
        try:
            self._key.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicKey) and other.raw == self.raw

    def __hash__(self) -> int:
        return hash(self.raw)

    def __repr__(self) -> str:
        return f"PublicKey({self.multibase!r})"


class Ed25519Key:
    """An Ed25519 signing key. ``repr``/``str`` show only the public half."""

    __slots__ = ("_private", "_seed", "public")

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self._seed = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        self.public = PublicKey(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    @classmethod
    def generate(cls) -> Ed25519Key:
        """A fresh key from the operating system's CSPRNG."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """The key for a 32-byte RFC 8032 seed."""
        if not isinstance(seed, bytes | bytearray) or len(seed) != 32:
            raise KeyError_("an Ed25519 seed is exactly 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(bytes(seed)))

    @classmethod
    def from_secret_multibase(cls, value: str) -> Ed25519Key:
        """Parse ``secretKeyMultibase`` (header 0x8026 + 32-byte seed)."""
        return cls.from_seed(decode_multikey(value, ED25519_PRIV_HEADER))

    @classmethod
    def from_pem(cls, pem: bytes, password: bytes | None = None) -> Ed25519Key:
        """Parse a PKCS#8 PEM private key (RFC 8410 §7), optionally encrypted."""
        try:
            key = serialization.load_pem_private_key(pem, password=password)
        except (ValueError, TypeError) as e:
            raise KeyError_("not a readable PEM private key (wrong format or password)") from e
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyError_(f"PEM holds a {type(key).__name__}, not an Ed25519 key")
        return cls(key)

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any]) -> Ed25519Key:
        """Parse a private OKP/Ed25519 JWK (``d`` = seed); ``x``, if present, must match."""
        _check_okp(jwk)
        key = cls.from_seed(_b64url_decode(jwk.get("d"), "d"))
        if "x" in jwk and _b64url_decode(jwk["x"], "x") != key.public.raw:
            raise KeyError_("JWK public part 'x' does not belong to its private part 'd'")
        return key

    @property
    def public_multibase(self) -> str:
        """``publicKeyMultibase`` (``z6Mk...``)."""
        return self.public.multibase

    @property
    def seed(self) -> bytes:
        """The 32-byte RFC 8032 seed (for encrypted storage by the caller); keep it secret."""
        return self._seed

    @property
    def secret_multibase(self) -> str:
        """``secretKeyMultibase`` (``z3u2...``); keep it secret."""
        return encode_multikey(ED25519_PRIV_HEADER, self._seed)

    @property
    def did_key(self) -> str:
        """The did:key DID of this key."""
        return self.public.did_key

    def public_jwk(self) -> dict[str, str]:
        """The public OKP JWK."""
        return self.public.jwk()

    def private_jwk(self) -> dict[str, str]:
        """The private OKP JWK (includes ``d``); keep it secret."""
        return {**self.public.jwk(), "d": _b64url(self._seed)}

    def to_pem(self, password: bytes | None = None) -> bytes:
        """PKCS#8 PEM, encrypted with ``password`` when one is given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return self._private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def sign(self, data: bytes) -> bytes:
        """Pure Ed25519 signature (64 bytes) of ``data``."""
        return self._private.sign(data)

    def __repr__(self) -> str:
        return f"Ed25519Key(public={self.public_multibase!r})"

    __str__ = __repr__
