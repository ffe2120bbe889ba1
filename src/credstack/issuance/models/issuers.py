from __future__ import annotations

from django.db import models


class IssuerProfile(models.Model):
    """An organisation as an Open Badges 3.0 issuer: its Profile, did:web and keys.

    Served at a stable URL (``/issuers/<slug>``) as an OB 3.0 Profile that is also a controller
    document listing the issuer's keys, and as ``did:web:<host>:issuers:<slug>``.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="issuer_profile"
    )
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    image = models.ImageField(upload_to="issuers/", blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The parent organisation's issuer profile (OB 3.0 parentOrg).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class IssuerKey(models.Model):
    """An Ed25519 signing key of an issuer. The private half is encrypted at rest.

    Rotation adds a new current key and retires the old one; retired keys stay published in
    the controller document so credentials signed with them still verify.
    """

    issuer = models.ForeignKey(IssuerProfile, on_delete=models.PROTECT, related_name="keys")
    public_multibase = models.CharField(max_length=64, unique=True)
    # AES-GCM ciphertext of the 32-byte seed under the key-encryption key (see issuance.keystore).
    encrypted_secret = models.BinaryField(editable=False)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"],
                condition=models.Q(is_current=True),
                name="issuance_one_current_key_per_issuer",
            )
        ]
        ordering = ["issuer", "-created_at"]

    def __str__(self) -> str:
        # Never the secret: the public key identifies the key everywhere it is shown.
        return f"{self.issuer.slug} {self.public_multibase}"

    def __repr__(self) -> str:
        return f"<IssuerKey {self.pk} {self.public_multibase}>"
