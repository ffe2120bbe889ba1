"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 21 May 2024).

Works on quads whose terms are already serialized canonical N-Quads strings (see
:mod:`credstack.vc._nquads`), so the algorithm only ever compares and concatenates strings.
Section numbers in the docstrings are those of the Recommendation. The hash function is
SHA-256 (the RDFC-1.0 default and what eddsa-rdfc-2022 requires).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import permutations

from ._nquads import Quad, quad_line
from .errors import CanonicalizationError

__all__ = ["MAX_N_DEGREE_CALLS", "canonicalize", "canonicalize_quads"]

#: Bound on Hash N-Degree Quads invocations (RDFC-1.0 §4.8 "poison graphs" note): a hostile
#: dataset of many indistinguishable blank nodes would otherwise take factorial time.
MAX_N_DEGREE_CALLS = 4096


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_blank(term: str) -> bool:
    return term.startswith("_:")


class _IdentifierIssuer:
    """§4.5 Issue Identifier algorithm (ordered, copyable)."""

    __slots__ = ("issued", "prefix")

    def __init__(self, prefix: str, issued: dict[str, str] | None = None) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = {} if issued is None else issued

    def issue(self, existing: str) -> str:
        issued = self.issued.get(existing)
        if issued is None:
            issued = f"_:{self.prefix}{len(self.issued)}"
            self.issued[existing] = issued
        return issued

    def copy(self) -> _IdentifierIssuer:
        return _IdentifierIssuer(self.prefix, dict(self.issued))


class _Canonicalizer:
    """§4.4 Canonicalization state: blank node to quads map and the canonical issuer."""

    def __init__(self, quads: list[Quad]) -> None:
        self.quads = quads
        self.blank_to_quads: dict[str, list[Quad]] = {}
        self.canonical = _IdentifierIssuer("c14n")
        self.n_degree_calls = 0
        for quad in quads:
            s, _p, o, g = quad
            for term in (s, o, g):
                if term and _is_blank(term):
                    bucket = self.blank_to_quads.setdefault(term, [])
                    if not bucket or bucket[-1] is not quad:
                        bucket.append(quad)

    def hash_first_degree(self, reference: str) -> str:
        """§4.6 Hash First Degree Quads."""
        lines = []
        for s, p, o, g in self.blank_to_quads[reference]:
            if _is_blank(s):
                s = "_:a" if s == reference else "_:z"
            if _is_blank(o):
                o = "_:a" if o == reference else "_:z"
            if g and _is_blank(g):
                g = "_:a" if g == reference else "_:z"
            lines.append(quad_line((s, p, o, g)))
        lines.sort()
        return _sha256("".join(lines))

    def hash_related(self, related: str, quad: Quad, issuer: _IdentifierIssuer, pos: str) -> str:
        """§4.7 Hash Related Blank Node."""
        identifier = self.canonical.issued.get(related) or issuer.issued.get(related)
        if identifier is None:
            identifier = self.hash_first_degree(related)
        text = pos if pos == "g" else pos + quad[1]
        return _sha256(text + identifier)

    def hash_n_degree(
        self, identifier: str, issuer: _IdentifierIssuer
    ) -> tuple[str, _IdentifierIssuer]:
        """§4.8 Hash N-Degree Quads."""
        self.n_degree_calls += 1
        if self.n_degree_calls > MAX_N_DEGREE_CALLS:
            raise CanonicalizationError(
                "RDFC-1.0 gave up: too many indistinguishable blank nodes (poison dataset)"
            )
        related_map: dict[str, list[str]] = {}
        for quad in self.blank_to_quads[identifier]:
            s, _p, o, g = quad
            for term, pos in ((s, "s"), (o, "o"), (g, "g")):
                if term and _is_blank(term) and term != identifier:
                    key = self.hash_related(term, quad, issuer, pos)
                    related_map.setdefault(key, []).append(term)
        data = []
        for related_hash in sorted(related_map):
            data.append(related_hash)
            chosen_path = ""
            chosen_issuer: _IdentifierIssuer | None = None
            for permutation in permutations(related_map[related_hash]):
                issuer_copy = issuer.copy()
                path = self._permutation_path(permutation, issuer_copy, chosen_path)
                if path is None:
                    continue
                path_text, issuer_copy = path
                if not chosen_path or path_text < chosen_path:
                    chosen_path, chosen_issuer = path_text, issuer_copy
            data.append(chosen_path)
            assert chosen_issuer is not None  # at least one permutation always completes
            issuer = chosen_issuer
        return _sha256("".join(data)), issuer

    def _permutation_path(
        self, permutation: tuple[str, ...], issuer: _IdentifierIssuer, chosen_path: str
    ) -> tuple[str, _IdentifierIssuer] | None:
        """§4.8.3 step 5.4 for one permutation; ``None`` when it cannot beat ``chosen_path``."""
        path = ""
        recursion: list[str] = []
        for related in permutation:
            canonical_id = self.canonical.issued.get(related)
            if canonical_id is not None:
                path += canonical_id
            else:
                if related not in issuer.issued:
                    recursion.append(related)
                path += issuer.issue(related)
            if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                return None
        for related in recursion:
            result_hash, issuer = self.hash_n_degree(related, issuer)
            path += issuer.issue(related) + "<" + result_hash + ">"
            if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                return None
        return path, issuer

    def run(self) -> list[str]:
        """§4.4.3 steps 2-7: issue canonical identifiers and emit sorted N-Quads lines."""
        hash_to_blanks: dict[str, list[str]] = {}
        for blank in self.blank_to_quads:
            hash_to_blanks.setdefault(self.hash_first_degree(blank), []).append(blank)
        shared: list[list[str]] = []
        for first_hash in sorted(hash_to_blanks):
            blanks = hash_to_blanks[first_hash]
            if len(blanks) == 1:
                self.canonical.issue(blanks[0])
            else:
                shared.append(blanks)
        for blanks in shared:
            results = []
            for blank in blanks:
                if blank in self.canonical.issued:
                    continue
                temporary = _IdentifierIssuer("b")
                temporary.issue(blank)
                results.append(self.hash_n_degree(blank, temporary))
            for _hash, issuer in sorted(results, key=lambda result: result[0]):
                for existing in issuer.issued:
                    self.canonical.issue(existing)
        mapping = self.canonical.issued
        lines = []
        for s, p, o, g in self.quads:
            if _is_blank(s):
                s = mapping[s]
            if _is_blank(o):
                o = mapping[o]
            if g and _is_blank(g):
                g = mapping[g]
            lines.append(quad_line((s, p, o, g)))
        lines.sort()
        return lines


def canonicalize_quads(quads: Iterable[Quad]) -> list[str]:
    """Canonical N-Quads lines (each ending in ``\\n``) of a dataset given as quads.

    Duplicate quads are removed first: an RDF dataset is a set (RDF 1.1 Concepts §4).
    """
    unique = list(dict.fromkeys(quads))
    if not any(_is_blank(q[0]) or _is_blank(q[2]) or _is_blank(q[3]) for q in unique):
        return sorted(quad_line(q) for q in unique)
    return _Canonicalizer(unique).run()


def canonicalize(quads: Iterable[Quad]) -> str:
    """RDFC-1.0 canonical N-Quads document (§4.4) of a dataset given as quads."""
    return "".join(canonicalize_quads(quads))
