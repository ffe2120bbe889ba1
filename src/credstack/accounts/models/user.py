from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person: a learner, a member of staff at an organisation, or both.

    Learners need no membership; staff rights come from :class:`Membership` rows. Email is the
    login identifier people remember, so it is unique (case-insensitively).
    """

    email = models.EmailField("email address")
    display_name = models.CharField(max_length=150, blank=True)
    # The earner's own identifier for credentials (a DID they control), when they give one.
    did = models.CharField("decentralised identifier", max_length=500, blank=True)
    public_profile = models.BooleanField(
        default=False, help_text="Show my public profile and the credentials I choose to share."
    )
    visible_to_cohort = models.BooleanField(
        default=False, help_text="Let other learners in my cohorts see my name."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self) -> str:
        return str(self)
