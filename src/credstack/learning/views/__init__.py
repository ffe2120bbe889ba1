"""The learning app's pages: journey (compare, commit), learner (dashboard, course), facilitator."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from credstack.problems import Problem


def tell(request: HttpRequest, problem: Problem) -> None:
    """Show a service's refusal to the person as a page message (its detail is a sentence)."""
    messages.error(request, problem.detail)
