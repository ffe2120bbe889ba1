"""Validate documents against the bundled 1EdTech Open Badges 3.0 JSON schemas.

OB 3.0 §"Verification" step 1 validates a credential against the JSON schema its
``credentialSchema`` names (``1EdTechJsonSchemaValidator2019``). The official schemas accept
only arrays for sets (``type``, ``proof``, ``evidence``, ``credentialSchema`` ...), while the
spec's "compacted document form" allows single values there; so, before validating, the
document is normalised — guided by the schema itself, not by a list of names — wrapping a
single value in an array wherever the schema wants an array. Properties whose schema wants a
single value (``Image.type``, ``credentialStatus``) are left alone.

Schemas are draft 2019-09 and are read from ``schemas/`` in the package (see its README for
origins; three of them are reconstructions).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from jsonschema import Draft201909Validator, FormatChecker

from .errors import SchemaInvalid

__all__ = [
    "SCHEMA_FILES",
    "SchemaKind",
    "SchemaViolation",
    "normalize_for_schema",
    "schema_errors",
    "validate_schema",
]

SchemaKind = Literal["achievement", "endorsement", "profile", "get_credentials_response"]

SCHEMA_FILES: dict[str, str] = {
    "achievement": "ob_v3p0_achievementcredential_schema.json",
    "endorsement": "ob_v3p0_endorsementcredential_schema.RECONSTRUCTED.json",
    "profile": "ob_v3p0_profile_schema.RECONSTRUCTED.json",
    "get_credentials_response": "ob_v3p0_getopenbadgecredentialsresponse_schema.RECONSTRUCTED.json",
}

#: How many violations an error message lists before summarising the rest.
_MESSAGE_LIMIT = 10


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One schema error: the JSON path of the offending value and what is wrong with it."""

    path: str
    message: str


def _check_datetime(value: object) -> bool:
    # JSON Schema 2019-09 "date-time" is RFC 3339 §5.6, which requires a zone offset.
    if not isinstance(value, str):
        return True
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None and "T" in value.upper()


def _check_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time")(_check_datetime)
_FORMATS.checks("date")(_check_date)


@cache
def _schema(kind: str) -> dict[str, Any]:
    try:
        name = SCHEMA_FILES[kind]
    except KeyError as e:
        raise ValueError(f"unknown schema kind {kind!r}; use one of {sorted(SCHEMA_FILES)}") from e
    text = resources.files(__package__).joinpath("schemas", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(kind: str) -> Draft201909Validator:
    return Draft201909Validator(_schema(kind), format_checker=_FORMATS)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    # The 1EdTech schemas only use local references of the form "#/$defs/Name".
    while "$ref" in node:
        target: Any = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _wants_array(node: dict[str, Any]) -> bool:
    if node.get("type") == "array":
        return True
    return any(isinstance(s, dict) and s.get("type") == "array" for s in node.get("allOf", ()))


def _object_branch(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    # ProfileRef is oneOf [URI string, Profile]: an object value follows the object branch.
    for branch in [*node.get("oneOf", []), *node.get("anyOf", [])]:
        resolved = _resolve(branch, root)
        if resolved.get("type") == "object" or "properties" in resolved:
            return resolved
    return None


def _normalize(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    node = _resolve(node, root)
    if _wants_array(node) and not isinstance(value, list):
        value = [value]
    if isinstance(value, list):
        items = node.get("items")
        if isinstance(items, dict):
            return [_normalize(v, items, root) for v in value]
        return value
    if isinstance(value, dict):
        branch = _object_branch(node, root) if "properties" not in node else node
        properties = (branch or {}).get("properties", {})
        return {
            k: _normalize(v, properties[k], root) if k in properties else v
            for k, v in value.items()
        }
    return value


def normalize_for_schema(document: Any, kind: SchemaKind = "achievement") -> Any:
    """Return a copy of ``document`` with every compacted singleton wrapped in an array
    wherever the ``kind`` schema expects an array (OB 3.0 §"Serialization")."""
    root = _schema(kind)
    return _normalize(copy.deepcopy(document), root, root)


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(document: Any, kind: SchemaKind = "achievement") -> list[SchemaViolation]:
    """Every violation of the ``kind`` schema (after normalisation), sorted by JSON path."""
    normalized = normalize_for_schema(document, kind)
    found = [
        SchemaViolation(_json_path(error.absolute_path), error.message)
        for error in _validator(kind).iter_errors(normalized)
    ]
    return sorted(found, key=lambda v: (v.path, v.message))


def validate_schema(document: Any, kind: SchemaKind = "achievement") -> None:
    """Validate against the bundled 1EdTech schema; raise ``SchemaInvalid`` listing each path.

    ``kind`` is ``"achievement"`` (AchievementCredential/OpenBadgeCredential), ``"endorsement"``,
    ``"profile"`` or ``"get_credentials_response"``.
    """
    violations = schema_errors(document, kind)
    if violations:
        shown = "; ".join(f"{v.path}: {v.message}" for v in violations[:_MESSAGE_LIMIT])
        more = len(violations) - _MESSAGE_LIMIT
        suffix = f"; and {more} more" if more > 0 else ""
        raise SchemaInvalid(f"{len(violations)} schema error(s): {shown}{suffix}")
