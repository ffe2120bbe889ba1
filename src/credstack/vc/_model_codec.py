"""The JSON codec shared by every model class.

Each Open Badges 3.0 class is a keyword-only dataclass whose snake_case field names map to the
spec's camelCase JSON names (``credits_available`` → ``creditsAvailable``). One generic codec,
driven by the field annotations, does the work in both directions so that the classes stay
declarations that can be read against the spec tables (OB 3.0 §"Data Model" / Appendix B).

Serialization rules (OB 3.0 §"Serialization", JSON-LD compacted form as the 1EdTech schema
expects it):

- unordered sets are JSON arrays, even with one member, and null or empty arrays are omitted;
- ``type`` is an array except on the few classes whose schema wants one string
  (``Image``, ``IdentityObject``, ``IdentifierEntry``, ``GeoCoordinates``, ``Association``);
- properties the model does not declare are kept in ``extra`` and written back unchanged, so an
  extension survives a parse/serialize round trip.

Parsing is lenient about the compacted singleton form the spec allows (``"type": "Profile"``,
``"evidence": {...}``) and strict about everything else: a wrong JSON type or a missing required
property raises :class:`~credstack.vc.errors.CredentialMalformed` naming the JSON path.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import datetime
from typing import Any, ClassVar, Self, Union

from .errors import CredentialMalformed

__all__ = ["Node", "camel", "check_datetime"]

_CAMEL = re.compile(r"_([a-z0-9])")
_NONE = type(None)


def camel(name: str) -> str:
    """Map a Python field name to its JSON property name (``valid_from`` → ``validFrom``)."""
    if name == "context":
        return "@context"
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


def check_datetime(value: str, path: str) -> None:
    """Require an XSD ``dateTime`` with a time zone (OB 3.0 ``DateTimeZ``).

    ``datetime.fromisoformat`` accepts every RFC 3339 form in Python 3.11 (``Z``, offsets,
    fractions); a value without a zone is refused because OB 3.0 requires one.
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as e:
        raise CredentialMalformed(f"{path} is not a date-time: {value!r}") from e
    if parsed.tzinfo is None:
        raise CredentialMalformed(f"{path} has no time zone: {value!r} (use e.g. 'Z')")


@dataclasses.dataclass(kw_only=True)
class Node:
    """Base of every model class: one JSON object of the OB 3.0 data model.

    Subclasses set ``TYPES`` (the ``type`` values written by default) and may set
    ``REQUIRED_TYPES`` (groups of which the parsed ``type`` must contain at least one member
    each) and ``TYPE_AS_STRING`` (the schema wants ``"type": "X"`` rather than an array).
    """

    TYPES: ClassVar[tuple[str, ...]] = ()
    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...] | None] = None
    TYPE_AS_STRING: ClassVar[bool] = False
    DATETIME_FIELDS: ClassVar[frozenset[str]] = frozenset()

    type: list[str] = dataclasses.field(default_factory=list)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.type:
            self.type = list(self.TYPES)

    def to_json(self) -> dict[str, Any]:
        """Serialize to the JSON form the 1EdTech schema accepts (arrays for sets)."""
        out: dict[str, Any] = {}
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if f.name == "extra" or value is None or value == []:
                continue
            if f.name == "type" and self.TYPE_AS_STRING and len(value) == 1:
                out["type"] = value[0]
                continue
            out[camel(f.name)] = _dump(value)
        for key in ("type", "id"):  # id, then type, first: easier for people to read
            if key in out:
                out = {key: out[key], **{k: v for k, v in out.items() if k != key}}
        if "@context" in out:
            out = {"@context": out["@context"], **{k: v for k, v in out.items() if k != "@context"}}
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    @classmethod
    def from_json(cls, data: Any, *, path: str = "$") -> Self:
        """Parse a JSON object; raise ``CredentialMalformed`` naming the bad property's path."""
        if not isinstance(data, dict):
            raise CredentialMalformed(f"{path} must be a JSON object, not {_kind(data)}")
        hints = _hints(cls)
        known: dict[str, Any] = {}
        seen: set[str] = set()
        for f in _fields(cls):
            if f.name == "extra":
                continue
            key = camel(f.name)
            seen.add(key)
            where = f"{path}.{key}"
            if key not in data or data[key] is None:
                if _required(f):
                    raise CredentialMalformed(f"{where} is required")
                continue
            value = _load(data[key], hints[f.name], where)
            if f.name in cls.DATETIME_FIELDS:
                check_datetime(value, where)
            known[f.name] = value
        node = cls(**known, extra={k: v for k, v in data.items() if k not in seen})
        node.validate(path)
        return node

    def validate(self, path: str = "$") -> None:
        """Check the rules the annotations cannot express (required ``type`` members...)."""
        groups = self.REQUIRED_TYPES
        if groups is None:
            groups = tuple((t,) for t in self.TYPES)
        for group in groups:
            if not any(t in self.type for t in group):
                wanted = " or ".join(repr(t) for t in group)
                raise CredentialMalformed(f"{path}.type must include {wanted}, got {self.type!r}")


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


_FIELDS: dict[type, tuple[dataclasses.Field[Any], ...]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = dataclasses.fields(cls)
    return _FIELDS[cls]


def _hints(cls: type) -> dict[str, Any]:
    # Resolved lazily: the annotations name classes defined later (Profile ↔ EndorsementCredential).
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _members(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return tuple(a for a in typing.get_args(hint) if a is not _NONE)
    return (hint,)


def _dump(value: Any) -> Any:
    if isinstance(value, Node):
        return value.to_json()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value


def _load(value: Any, hint: Any, path: str) -> Any:
    options = _members(hint)
    if len(options) > 1:
        return _load_union(value, options, path)
    target = options[0]
    origin = typing.get_origin(target)
    if origin is list:
        (item,) = typing.get_args(target)
        # OB 3.0 §Serialization allows a compacted single value where a set is expected.
        items = value if isinstance(value, list) else [value]
        return [_load(v, item, f"{path}[{i}]") for i, v in enumerate(items)]
    if origin is dict or target is dict:
        if not isinstance(value, dict):
            raise CredentialMalformed(f"{path} must be a JSON object, not {_kind(value)}")
        return value
    if target is Any:
        return value
    if isinstance(target, type) and issubclass(target, Node):
        return target.from_json(value, path=path)
    return _load_scalar(value, target, path)


def _load_union(value: Any, options: tuple[Any, ...], path: str) -> Any:
    # Only "a Node or a URI string" unions exist in the model (ProfileRef, issuer).
    if isinstance(value, str) and str in options:
        return value
    for option in options:
        if isinstance(option, type) and issubclass(option, Node) and isinstance(value, dict):
            return option.from_json(value, path=path)
    raise CredentialMalformed(f"{path} must be a URI string or an object, not {_kind(value)}")


def _load_scalar(value: Any, target: Any, path: str) -> Any:
    if target is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        raise CredentialMalformed(f"{path} must be a number, not {_kind(value)}")
    if target is bool:
        if isinstance(value, bool):
            return value
        raise CredentialMalformed(f"{path} must be true or false, not {_kind(value)}")
    if isinstance(value, str):
        return value
    raise CredentialMalformed(f"{path} must be a string, not {_kind(value)}")
