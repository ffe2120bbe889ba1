from __future__ import annotations

from django.db import models

from .credential import MicroCredential


class Stack(models.Model):
    """A larger credential or award course composed of micro-credentials under a rule."""

    class Rule(models.TextChoices):
        ALL_OF = "all_of", "All of the credentials"
        N_OF = "n_of", "A number of the credentials"
        CREDIT_THRESHOLD = "credit_threshold", "A credit threshold"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="stacks"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    award_title = models.CharField(max_length=200, help_text="The larger award the stack leads to.")
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.ALL_OF)
    required_count = models.PositiveSmallIntegerField(null=True, blank=True)
    credit_threshold = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    members = models.ManyToManyField(MicroCredential, through="StackMember", related_name="stacks")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class StackMember(models.Model):
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="memberships")
    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="stack_memberships"
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_core = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stack", "credential"], name="catalog_stack_member")
        ]
        ordering = ["stack", "position"]

    def __str__(self) -> str:
        return f"{self.stack_id}: {self.credential_id}"


class Pathway(models.Model):
    """An onward route: from a credential or stack to another credential, stack or external award.

    External awards (a degree that grants credit for a stack) are described by name, awarding
    body and credit granted, since they live outside the platform.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="pathways"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    from_credential = models.ForeignKey(
        MicroCredential,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pathways_out",
    )
    from_stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.CASCADE, related_name="pathways_out"
    )
    to_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.CASCADE, related_name="pathways_in"
    )
    to_stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.CASCADE, related_name="pathways_in"
    )
    external_award = models.CharField(max_length=200, blank=True)
    external_institution = models.CharField(max_length=200, blank=True)
    external_url = models.URLField(blank=True)
    credit_granted = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_credential__isnull=False)
                | models.Q(from_stack__isnull=False),
                name="catalog_pathway_has_source",
            ),
            models.CheckConstraint(
                condition=models.Q(to_credential__isnull=False)
                | models.Q(to_stack__isnull=False)
                | ~models.Q(external_award=""),
                name="catalog_pathway_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return self.title
