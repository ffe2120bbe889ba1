"""The skills API (mounted at /api/v1/skills): frameworks, items, levels, versions, ESCO
skills, alignments, CASE and CSV import/export, coverage.

Reading a framework is public (frameworks are published reference data); changing one needs
the designer role (or administrator) at its organisation; coverage and alignments are for the
organisation's staff. Every error is a problem detail with a stable ``code``.
"""

from ninja import Router

from . import alignments, frameworks, interchange

router = Router(tags=["skills"])
router.add_router("", frameworks.router)
router.add_router("", alignments.router)
router.add_router("", interchange.router)
