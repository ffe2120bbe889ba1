"""Canonical N-Quads term serialization (RDF 1.2 N-Quads §"Canonical N-Quads"; RDFC-1.0 §4.7).

pyld 3.3.0 serializes literals the RDF 1.1 way and escapes only ``\\ \\t \\n \\r "``: control
characters pass through raw and TAB is escaped where the canonical form does not allow it to
differ from the reference stacks. The canonical form that rdf-canonize (jsonld.js) and the
RDFC-1.0 test suite use escapes every character U+0000-U+001F and U+007F: ``\\b \\t \\n \\f
\\r`` as ECHAR, all other controls as upper-case ``\\u00XX`` UCHAR, plus ``"`` and ``\\``.
IRIs escape U+0000-U+0020 and ``<>"{}|^`\\`` as UCHAR (never needed for valid IRIs, kept so a
hostile value can not break the line structure).

A serialized term is a plain ``str``: ``<iri>``, ``_:label`` or ``"lexical"`` with an optional
``@lang`` / ``^^<datatype>`` suffix. A quad is a 4-tuple of them with ``""`` for the default
graph; RDFC works on these strings directly.
"""

from __future__ import annotations

import re

__all__ = [
    "RDF_LANGSTRING",
    "XSD_STRING",
    "Quad",
    "escape_iri",
    "escape_literal",
    "iri",
    "literal",
    "quad_line",
]

RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Quad = tuple[str, str, str, str]

_LITERAL_SPECIAL = re.compile('[\\x00-\\x1f\\x7f"\\\\]')
_LITERAL_MAP: dict[str, str] = {chr(n): f"\\u{n:04X}" for n in [*range(0x20), 0x7F]}
_LITERAL_MAP.update(
    {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
)
_IRI_SPECIAL = re.compile('[\\x00-\\x20<>"{}|^`\\\\]')


def _literal_sub(match: re.Match[str]) -> str:
    return _LITERAL_MAP[match.group()]


def _iri_sub(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def escape_literal(value: str) -> str:
    """Escape a literal's lexical form for canonical N-Quads (STRING_LITERAL_QUOTE)."""
    if _LITERAL_SPECIAL.search(value) is None:
        return value
    return _LITERAL_SPECIAL.sub(_literal_sub, value)


def escape_iri(value: str) -> str:
    """Escape an IRI for IRIREF (only characters an IRI may not contain are touched)."""
    if _IRI_SPECIAL.search(value) is None:
        return value
    return _IRI_SPECIAL.sub(_iri_sub, value)


def iri(value: str) -> str:
    """Serialize an IRI term."""
    return "<" + escape_iri(value) + ">"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """Serialize a literal; ``xsd:string`` is implicit and language tags imply rdf:langString."""
    text = '"' + escape_literal(value) + '"'
    if language is not None and (datatype is None or datatype == RDF_LANGSTRING):
        return text + "@" + language
    if datatype is None or datatype == XSD_STRING:
        return text
    return text + "^^" + iri(datatype)


def quad_line(quad: Quad) -> str:
    """One canonical N-Quads line including the trailing newline."""
    s, p, o, g = quad
    if g:
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"
