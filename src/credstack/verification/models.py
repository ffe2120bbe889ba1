"""What the verification app stores: anonymous verification events and earners' sharing choices.

A ``VerificationEvent`` is how an institution sees employer acceptance without watching anyone:
it keeps the time, the award (only when the credential is one of ours), the outcome, the
channel and the referring *domain* — never an IP address, a user agent or a full URL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    PAGE = "page", "Verifier page"
    API = "api", "Verification API"
    PUBLIC_PAGE = "public_page", "Public credential page"


class VerificationEvent(models.Model):
    """One verification of a credstack credential (anonymous, append-only)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    award = models.ForeignKey(
        "issuance.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # One of credstack.vc's overall results: valid, invalid, revoked, suspended, expired, ...
    result = models.CharField(max_length=20)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    referrer_domain = models.CharField(max_length=253, blank=True)

    class Meta:
        indexes = [models.Index(fields=["award", "created_at"])]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.result} {self.created_at:%Y-%m-%d %H:%M}"


class SharedCredential(models.Model):
    """Whether an earner shows one of their awards on their public profile (opt-in per award)."""

    award = models.OneToOneField("issuance.Award", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_credentials"
    )
    visible = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} shares award {self.award_id}: {self.visible}"
