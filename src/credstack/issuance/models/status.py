from __future__ import annotations

from django.db import models


class StatusList(models.Model):
    """One published Bitstring Status List of an issuer (revocation or suspension).

    ``next_index`` is a high-water mark: indices are handed out under a row lock and never
    reused, even when the award that took one is rolled back or deleted.
    """

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", "Revocation"
        SUSPENSION = "suspension", "Suspension"

    issuer = models.ForeignKey(
        "issuance.IssuerProfile", on_delete=models.PROTECT, related_name="status_lists"
    )
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    sequence = models.PositiveIntegerField(default=1)
    size = models.PositiveIntegerField(default=131072)
    next_index = models.PositiveIntegerField(default=0)
    bits = models.BinaryField(editable=False)
    # Key of the index permutation (vc.status.IndexAllocator): indices look random (BSL §6.2)
    # yet never repeat. Not a secret that protects anything but earners' privacy.
    allocator_key = models.BinaryField(editable=False, null=True)
    version = models.PositiveIntegerField(default=1)
    # The signed BitstringStatusListCredential for ``signed_version``; re-signed when stale.
    signed_json = models.JSONField(null=True, blank=True, editable=False)
    signed_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "purpose", "sequence"], name="issuance_status_list_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer.slug} {self.purpose} #{self.sequence}"
