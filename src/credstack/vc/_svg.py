"""SVG reading and writing for baked badges (OB 3.0 "Baked Badge" / SVG; OB 2.0 Baking / SVG).

OB 3.0: the root ``<svg>`` declares ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"``
and, directly after its start tag, holds one ``<openbadges:credential>``: a VC-JWT goes in its
``verify`` attribute, a JSON credential in a CDATA section as its content. OB 2.0 used
``<openbadges:assertion>`` in the ``http://openbadges.org`` namespace the same way.

Parsing goes through defusedxml (entity declarations, external entities and external DTD
loading are refused, so "billion laughs" and XXE never run) with a depth limit. Baking does not
re-serialise the document, which would rename prefixes and reflow the drawing: it parses to
find byte offsets, then splices the element in, leaving every other byte as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .errors import ImageMalformed, ImageUnsupported, UnsafeXml

__all__ = ["OB2_NS", "OB3_NS", "SVG_NS", "Baked", "bake_element", "find_element"]

SVG_NS = "http://www.w3.org/2000/svg"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_NS = "http://openbadges.org"
_OB3_TAG = f"{{{OB3_NS}}}credential"
_OB2_TAG = f"{{{OB2_NS}}}assertion"
_FEED_STEP = 64 * 1024


@dataclass(frozen=True, slots=True)
class Baked:
    """What an OB element carried: its version, ``verify`` attribute and text content."""

    version: str
    verify: str | None
    text: str


class _Stop(Exception):
    """Raised from the parser target to stop reading once the answer is known."""


@dataclass
class _Scan:
    """A parser target recording what extraction and baking need, with byte offsets."""

    source: bytes
    max_depth: int
    stop_at_first_ob3: bool
    parser: DefusedXMLParser | None = None
    depth: int = 0
    root_end: int = -1
    root_self_closing: bool = False
    root_qname: bytes = b""
    root_prefixes: dict[str, str] = field(default_factory=dict)
    ob3_spans: list[tuple[int, int]] = field(default_factory=list)
    found: dict[str, Baked] = field(default_factory=dict)
    _pending_ns: dict[str, str] = field(default_factory=dict)
    _open: list[tuple[str, int, str | None, list[str]]] = field(default_factory=list)

    def _index(self) -> int:
        assert self.parser is not None
        return int(self.parser.parser.CurrentByteIndex)

    def start_ns(self, prefix: str, uri: str) -> None:
        self._pending_ns[prefix] = uri

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise UnsafeXml(f"the SVG nests deeper than {self.max_depth} elements")
        index = self._index()
        if self.depth == 1:
            if tag not in (f"{{{SVG_NS}}}svg", "svg"):
                raise ImageUnsupported(f"the XML root element is {tag!r}, not svg")
            self.root_end, self.root_self_closing = _start_tag_end(self.source, index)
            self.root_qname = _qname_at(self.source, index)
            self.root_prefixes = dict(self._pending_ns)
        self._pending_ns.clear()
        if tag in (_OB3_TAG, _OB2_TAG):
            self._open.append((tag, index, attrib.get("verify"), []))

    def data(self, text: str) -> None:
        if self._open:
            self._open[-1][3].append(text)

    def end(self, tag: str) -> None:
        self.depth -= 1
        if not self._open or self._open[-1][0] != tag:
            return
        _, start, verify, texts = self._open.pop()
        index = self._index()
        if self.source[index : index + 2] == b"</":
            end = self.source.index(b">", index) + 1
        else:
            end = _start_tag_end(self.source, start)[0]
        version = "ob3" if tag == _OB3_TAG else "ob2"
        if version == "ob3":
            self.ob3_spans.append((start, end))
        self.found.setdefault(version, Baked(version, verify, "".join(texts)))
        if version == "ob3" and self.stop_at_first_ob3:
            raise _Stop

    def close(self) -> None:
        return None


def _start_tag_end(data: bytes, start: int) -> tuple[int, bool]:
    """The offset just past the start tag opening at ``start``, and whether it is ``<x/>``.

    Attribute values may contain ``>``, but never their own quote character, so tracking the
    quote we are in is enough to find the real end.
    """
    quote = 0
    position = start
    while position < len(data):
        byte = data[position]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:  # '>'
            return position + 1, data[position - 1] == 0x2F  # '/'
        position += 1
    raise ImageMalformed("an SVG start tag is not closed")  # pragma: no cover - expat checked


def _qname_at(data: bytes, start: int) -> bytes:
    end = start + 1
    while end < len(data) and data[end] not in b" \t\r\n/>":
        end += 1
    return data[start + 1 : end]


def _scan(data: bytes, *, max_depth: int, stop_at_first_ob3: bool) -> _Scan:
    scan = _Scan(source=data, max_depth=max_depth, stop_at_first_ob3=stop_at_first_ob3)
    parser = DefusedXMLParser(
        target=scan, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    scan.parser = parser
    try:
        # Fed in slices so that extraction stops reading once the first credential is closed.
        for offset in range(0, len(data), _FEED_STEP):
            parser.feed(data[offset : offset + _FEED_STEP])
        parser.close()
    except _Stop:
        return scan
    except DefusedXmlException as e:
        raise UnsafeXml(f"the SVG declares entities or external references: {e}") from e
    except ParseError as e:
        raise ImageMalformed(f"the SVG is not well-formed XML: {e}") from e
    except RecursionError as e:  # pragma: no cover - the depth limit stops nesting first
        raise UnsafeXml("the SVG nests too deeply") from e
    if scan.root_end < 0:  # pragma: no cover - expat rejects a document without a root
        raise ImageMalformed("the SVG has no root element")
    return scan


def find_element(data: bytes, *, max_depth: int) -> Baked | None:
    """The first OB 3.0 ``credential`` element, else the first OB 2.0 ``assertion``, else None."""
    scan = _scan(data, max_depth=max_depth, stop_at_first_ob3=True)
    return scan.found.get("ob3") or scan.found.get("ob2")


def bake_element(data: bytes, *, verify: str | None, cdata: str | None, max_depth: int) -> bytes:
    """Return ``data`` with every OB 3.0 credential element replaced by one new one.

    The new element goes directly after the root start tag (OB 3.0 "SVG / Baking"). The
    ``openbadges`` prefix is declared on the root as the spec says, unless the root already
    binds that prefix to another namespace (an OB 2.0 baked image binds it to
    ``http://openbadges.org``): then the element declares it itself, which XML Namespaces 1.0
    §6.1 scopes to the element, so neither badge is broken. ``verify`` and ``cdata`` must be
    ASCII-only, which makes the splice correct in any ASCII-compatible document encoding.
    """
    scan = _scan(data, max_depth=max_depth, stop_at_first_ob3=False)
    bound = scan.root_prefixes.get("openbadges")
    declaration = f' xmlns:openbadges="{OB3_NS}"'
    element = "<openbadges:credential"
    if bound not in (None, OB3_NS):
        element += declaration
    if verify is not None:
        element += f' verify="{verify}"'
    element += ">"
    if cdata is not None:
        element += "<![CDATA[" + cdata.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    element += "</openbadges:credential>"
    edits: list[tuple[int, int, bytes]] = []
    root_tag_close = scan.root_end - (2 if scan.root_self_closing else 1)
    if bound is None:
        edits.append((root_tag_close, root_tag_close, declaration.encode("ascii")))
    if scan.root_self_closing:
        # <svg .../> has no content to insert into: it becomes <svg ...>element</svg>.
        closing = b">" + element.encode("ascii") + b"</" + scan.root_qname + b">"
        edits.append((root_tag_close, scan.root_end, closing))
    else:
        edits.append((scan.root_end, scan.root_end, element.encode("ascii")))
    last_end = -1
    for start, end in sorted(scan.ob3_spans):
        if start >= last_end:  # nested credential elements go with their outermost one
            edits.append((start, end, b""))
            last_end = end
    out = bytearray()
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out += data[position:start] + replacement
        position = max(position, end)
    out += data[position:]
    return bytes(out)
