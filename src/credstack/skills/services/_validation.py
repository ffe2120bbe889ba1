"""Turn Django validation errors into one problem detail with per-field errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from credstack.problems import InvalidInput


def full_clean(instance: models.Model, *, code: str, exclude: list[str] | None = None) -> None:
    """Run the model's validation; raise InvalidInput (``code``) naming every bad field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as e:
        raise as_problem(e, code=code) from e


def as_problem(error: ValidationError, *, code: str) -> InvalidInput:
    errors: list[dict[str, Any]] = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                errors.append({"loc": [field], "msg": message, "type": code.lower()})
    else:
        errors = [{"loc": [], "msg": m, "type": code.lower()} for m in error.messages]
    detail = "; ".join(
        f"{e['loc'][0]}: {e['msg']}" if e["loc"] and e["loc"][0] != "__all__" else e["msg"]
        for e in errors
    )
    return InvalidInput(detail or "The input is not valid.", code=code, errors=errors)
