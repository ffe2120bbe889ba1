"""The catalog's REST API, mounted at /api/v1/catalog/ (see credstack.api).

Reading the published catalogue (list, detail, offerings, stacks, pathways, CTDL) needs no
account; designing and reviewing need a signed-in member of staff with the right role, which
the services check. Errors are problem details with stable codes.
"""

from ninja import Router

router = Router(tags=["catalog"])

from . import credentials, structure  # noqa: E402  (registers the endpoints on ``router``)

__all__ = ["credentials", "router", "structure"]
