"""Compiled JSON-LD -> RDF for repeated document shapes (the fast eddsa-rdfc-2022 path).

JSON-LD expansion is what makes pyld slow (milliseconds per credential), yet credentials of
one badge class differ only in *values*: same keys, same ``type`` values, same contexts. The
RDF a JSON-LD document produces depends on a string value only through where it lands:

* a **literal** slot (name, narrative, dates...): the value becomes the lexical form verbatim;
* an **IRI** slot (``id``, ``@type: @id`` terms...): IRI expansion leaves an *opaque* absolute
  IRI unchanged -- one whose scheme and whole value are not terms of any bundled context, so
  it can be neither a compact IRI nor a term, and which JSON-LD treats as absolute;
* anything else (``type`` values, contexts, numbers, booleans, values in IRI slots that are not
  opaque, literals whose datatype JSON-LD rewrites such as ``xsd:double`` or ``@json``) is
  *fixed*: part of the cache key.

So a document is reduced to a *shape key* plus the list of its string leaves. The first time a
shape is seen it is compiled twice through the safe path (:func:`credstack.vc.jsonld.to_quads`):
a probe with a unique placeholder IRI in every leaf tells which leaves are literal, IRI or fixed
slots; a template with placeholders only in the variable slots gives the quads to fill. Filling
is string concatenation, followed by RDFC-1.0 (blank node labels depend on literal values, so
canonicalization always runs on the filled quads). Any shape the compiler cannot prove
equivalent -- unknown keywords, embedded contexts, a placeholder that lands anywhere but a whole
term -- is marked unsupported and takes the safe path. The equivalence is also checked by the
differential property tests (tests/vc/test_fastpath.py).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from . import jsonld
from ._contexts import known_terms
from ._nquads import Quad, escape_literal
from ._rdfc import canonicalize
from .errors import VcError

__all__ = ["FastCanonicalizer", "fast_rdfc"]

_PLACEHOLDER = "urn:x-credstack-slot:"
_PLACEHOLDER_IN_TERM = re.compile(re.escape(_PLACEHOLDER) + r"(\d+)")
_IRI_TERM = re.compile("<" + re.escape(_PLACEHOLDER) + r"(\d+)>")
_LIT_TERM = re.compile('"' + re.escape(_PLACEHOLDER) + r'(\d+)"(.*)', re.DOTALL)
# pyld's _is_absolute_iri is ^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$; additionally refuse the
# characters N-Quads would have to escape, so an opaque IRI is emitted verbatim.
_OPAQUE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+\-.]*:[^\s<>"{}|^`\\]*\Z')
_REWRITTEN_DATATYPES = (
    "^^<http://www.w3.org/2001/XMLSchema#double>",
    "^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>",
    "^^<https://www.w3.org/ns/i18n#",
)
_TYPE_KEYS = frozenset(("type", "@type"))
_ALLOWED_KEYWORDS = frozenset(("@context", "@id", "@type"))
_LIT, _IRI, _FIXED = 0, 1, 2


# Marks "not cached yet" in the shape and template caches, where None means "not compilable".
_UNSEEN: Any = object()


class _Unsupported(Exception):
    """The document uses a construct the compiled path does not handle."""


def _shape(node: Any, key: list[Any], leaves: list[str]) -> None:
    """Append ``node``'s structure to ``key`` and its string leaves to ``leaves`` (doc order)."""
    if isinstance(node, str):
        key.append(0)
        leaves.append(node)
    elif isinstance(node, dict):
        key.append(1)
        for name, value in node.items():
            if name[:1] == "@" and name not in _ALLOWED_KEYWORDS:
                raise _Unsupported(name)
            key.append(name)
            if name in _TYPE_KEYS:
                key.append(value if isinstance(value, str) else tuple(value))
            elif name == "@context":
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    key.append(tuple(value))
                elif isinstance(value, str):
                    key.append(value)
                else:
                    raise _Unsupported("embedded context")
            else:
                _shape(value, key, leaves)
        key.append(2)
    elif isinstance(node, list):
        key.append(3)
        for item in node:
            _shape(item, key, leaves)
        key.append(4)
    elif node is None or isinstance(node, bool | int | float):
        key.append((type(node).__name__, node))
    else:
        raise _Unsupported(type(node).__name__)


def _substitute(node: Any, values: list[str], position: list[int]) -> Any:
    """Copy ``node`` replacing its string leaves, in :func:`_shape` order, by ``values``."""
    if isinstance(node, str):
        index = position[0]
        position[0] += 1
        return values[index]
    if isinstance(node, dict):
        return {
            name: (
                value
                if name in _TYPE_KEYS or name == "@context"
                else _substitute(value, values, position)
            )
            for name, value in node.items()
        }
    if isinstance(node, list):
        return [_substitute(item, values, position) for item in node]
    return node


def _is_opaque(value: str, terms: frozenset[str]) -> bool:
    if _OPAQUE_IRI.match(value) is None or value in terms:
        return False
    return value[: value.index(":")] not in terms


class _Shape:
    """What the probe learned about one structural shape."""

    __slots__ = ("kinds", "templates")

    def __init__(self, kinds: list[int]) -> None:
        self.kinds = kinds
        self.templates: dict[tuple[Any, ...], _Template | None] = {}


class _Template:
    """Quads of one shape with holes: ``(kind, leaf index, suffix)`` in variable positions."""

    __slots__ = ("constant", "variable")

    def __init__(self, constant: list[Quad], variable: list[tuple[Any, ...]]) -> None:
        self.constant = constant
        self.variable = variable

    def fill(self, leaves: list[str]) -> list[Quad]:
        quads = list(self.constant)
        for quad in self.variable:
            terms = []
            for term in quad:
                if isinstance(term, str):
                    terms.append(term)
                elif term[0] == _LIT:
                    terms.append('"' + escape_literal(leaves[term[1]]) + '"' + term[2])
                else:
                    terms.append("<" + leaves[term[1]] + ">")
            quads.append((terms[0], terms[1], terms[2], terms[3]))
        return quads


def _classify(quads: list[Quad], count: int) -> list[int]:
    kinds: list[int | None] = [None] * count
    fixed: set[int] = set()
    for quad in quads:
        for term in quad:
            if _PLACEHOLDER not in term:
                continue
            iri = _IRI_TERM.fullmatch(term)
            lit = _LIT_TERM.fullmatch(term) if iri is None else None
            if iri is not None:
                kind, index = _IRI, int(iri.group(1))
            elif lit is not None and not lit.group(2).startswith(_REWRITTEN_DATATYPES):
                kind, index = _LIT, int(lit.group(1))
            else:
                fixed.update(int(n) for n in _PLACEHOLDER_IN_TERM.findall(term))
                continue
            if kinds[index] not in (None, kind):
                fixed.add(index)
            kinds[index] = kind
    return [_FIXED if k is None or i in fixed else k for i, k in enumerate(kinds)]


def _compile_template(quads: list[Quad], variable: set[int]) -> _Template | None:
    constant: list[Quad] = []
    holes: list[tuple[Any, ...]] = []
    for quad in quads:
        if not any(_PLACEHOLDER in term for term in quad):
            constant.append(quad)
            continue
        terms: list[Any] = []
        for term in quad:
            if _PLACEHOLDER not in term:
                terms.append(term)
                continue
            iri = _IRI_TERM.fullmatch(term)
            lit = _LIT_TERM.fullmatch(term) if iri is None else None
            if iri is not None and int(iri.group(1)) in variable:
                terms.append((_IRI, int(iri.group(1)), ""))
            elif (
                lit is not None
                and int(lit.group(1)) in variable
                and _PLACEHOLDER not in lit.group(2)
            ):
                terms.append((_LIT, int(lit.group(1)), lit.group(2)))
            else:
                return None
        holes.append(tuple(terms))
    return _Template(constant, holes)


class FastCanonicalizer:
    """RDFC-1.0 canonical N-Quads with per-shape compiled JSON-LD -> RDF (thread-safe).

    ``max_shapes`` bounds memory: the cache is cleared when it grows past it.
    """

    def __init__(self, max_shapes: int = 512) -> None:
        self._shapes: dict[tuple[Any, ...], _Shape | None] = {}
        self._max_shapes = max_shapes
        self._lock = threading.Lock()
        self._terms = known_terms()
        self.hits = 0
        self.fallbacks = 0

    def _probe(self, document: dict[str, Any], count: int) -> _Shape | None:
        placeholders = [f"{_PLACEHOLDER}{i}" for i in range(count)]
        try:
            quads = jsonld.to_quads(_substitute(document, placeholders, [0]))
        except VcError:
            return None
        return _Shape(_classify(quads, count))

    def _template(
        self, document: dict[str, Any], leaves: list[str], variable: set[int]
    ) -> _Template | None:
        values = [f"{_PLACEHOLDER}{i}" if i in variable else v for i, v in enumerate(leaves)]
        try:
            quads = jsonld.to_quads(_substitute(document, values, [0]))
        except VcError:
            return None
        return _compile_template(quads, variable)

    def quads(self, document: Any) -> list[Quad]:
        """The dataset of ``document`` (non-canonical labels); safe path when not compilable."""
        key: list[Any] = []
        leaves: list[str] = []
        try:
            if not isinstance(document, dict):
                raise _Unsupported("not an object")
            _shape(document, key, leaves)
            shape_key = tuple(key)
            hash(shape_key)
        except (_Unsupported, TypeError, RecursionError):
            self.fallbacks += 1
            return jsonld.to_quads(document)
        shape = self._shapes.get(shape_key, _UNSEEN)
        if shape is _UNSEEN:
            shape = self._probe(document, len(leaves))
            with self._lock:
                if len(self._shapes) >= self._max_shapes:
                    self._shapes.clear()
                self._shapes[shape_key] = shape
        if shape is None:
            self.fallbacks += 1
            return jsonld.to_quads(document)
        kinds = shape.kinds
        terms = self._terms
        fixed: list[Any] = []
        variable: set[int] = set()
        for index, kind in enumerate(kinds):
            if kind == _LIT or (kind == _IRI and _is_opaque(leaves[index], terms)):
                variable.add(index)
            else:
                fixed.append((index, leaves[index]))
        template_key = (tuple(fixed), len(variable))
        template = shape.templates.get(template_key, _UNSEEN)
        if template is _UNSEEN:
            template = self._template(document, leaves, variable)
            with self._lock:
                if len(shape.templates) >= self._max_shapes:
                    shape.templates.clear()
                shape.templates[template_key] = template
        if template is None:
            self.fallbacks += 1
            return jsonld.to_quads(document)
        self.hits += 1
        return template.fill(leaves)

    def canonicalize(self, document: Any) -> str:
        """RDFC-1.0 canonical N-Quads of ``document``, byte-identical to :func:`jsonld.to_rdfc`."""
        return canonicalize(self.quads(document))


_DEFAULT = FastCanonicalizer()


def fast_rdfc(document: Any) -> str:
    """Canonical N-Quads through the process-wide :class:`FastCanonicalizer`."""
    return _DEFAULT.canonicalize(document)
