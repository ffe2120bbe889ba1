"""HTTP content negotiation (RFC 9110 §12.5.1) for pages that are also machine documents."""

from __future__ import annotations


def best_match(accept: str | None, offers: tuple[str, ...]) -> str:
    """The offer the client prefers most (by ``q``, then by the order of ``offers``).

    ``*/*`` and ``type/*`` count for every matching offer; no header at all means the first
    offer. An offer the client gives ``q=0`` is never chosen unless nothing else is acceptable.
    """
    if not accept or not accept.strip():
        return offers[0]
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        if media:
            weights[media.lower()] = max(q, weights.get(media.lower(), 0.0))

    def weight(offer: str) -> float:
        if offer in weights:
            return weights[offer]
        family = offer.split("/")[0] + "/*"
        return weights.get(family, weights.get("*/*", 0.0) * 0.99)

    ranked = sorted(offers, key=lambda o: -weight(o))
    return ranked[0] if weight(ranked[0]) > 0 else offers[0]
