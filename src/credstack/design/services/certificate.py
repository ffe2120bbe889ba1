"""A one-page PDF certificate for an award, with a QR code to its public verification page.

Drawn with ReportLab on A4 landscape, in the same Vera fonts as the badge (they cover the
Latin-1 range, which the built-in PDF fonts' encoding does not reliably).
"""

from __future__ import annotations

import io
from functools import cache

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from credstack.issuance.models import Award

from ..badge.colour import readable_on
from ..badge.text import FONT_FILES
from .delivery import earner_name, public_url, skills_of
from .images import credential_image

PAGE = landscape(A4)


@cache
def _fonts() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont("Vera", str(FONT_FILES["regular"])))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(FONT_FILES["bold"])))
    return "Vera", "Vera-Bold"


def _fitted(text: str, font: str, size: float, width: float, minimum: float = 10) -> float:
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _clip(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def certificate_pdf(award: Award) -> bytes:
    """The certificate of an issued award as PDF bytes (one A4 landscape page)."""
    regular, bold = _fonts()
    organisation = award.credential.organisation
    brand = HexColor(organisation.brand_primary)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=PAGE, pageCompression=1)
    title = award.credential.title
    pdf.setTitle(f"Certificate: {title}")
    pdf.setAuthor(award.issuer.name)
    pdf.setSubject(public_url(award))
    width, height = PAGE
    margin = 36

    pdf.setFillColor(brand)
    pdf.rect(0, height - 64, width, 64, stroke=0, fill=1)
    pdf.setFillColor(HexColor(readable_on(organisation.brand_primary)))
    pdf.setFont(bold, 18)
    pdf.drawString(margin, height - 40, _clip(award.issuer.name, bold, 18, width - 2 * margin))

    text_left, text_width = margin + 10, width - 2 * margin - 210
    pdf.setFillColor(HexColor("#4A5560"))
    pdf.setFont(regular, 14)
    pdf.drawString(text_left, height - 120, "Certificate of achievement")
    pdf.drawString(text_left, height - 160, "This certifies that")
    name = earner_name(award)
    size = _fitted(name, bold, 34, text_width, 16)
    pdf.setFillColor(HexColor("#161A1D"))
    pdf.setFont(bold, size)
    pdf.drawString(text_left, height - 205, _clip(name, bold, size, text_width))
    pdf.setFillColor(HexColor("#4A5560"))
    pdf.setFont(regular, 14)
    pdf.drawString(text_left, height - 240, "has earned the micro-credential")
    size = _fitted(title, bold, 26, text_width, 14)
    pdf.setFillColor(brand)
    pdf.setFont(bold, size)
    pdf.drawString(text_left, height - 278, _clip(title, bold, size, text_width))

    issued = (award.issued_at or award.created_at).strftime("%-d %B %Y")
    facts = [f"Issued on {issued} by {award.issuer.name}"]
    if award.valid_until:
        facts.append(f"Valid until {award.valid_until.strftime('%-d %B %Y')}")
    facts.append(f"Credential id {award.credential_uuid}")
    pdf.setFillColor(HexColor("#161A1D"))
    pdf.setFont(regular, 11)
    y = height - 310
    for line in facts:
        pdf.drawString(text_left, y, _clip(line, regular, 11, text_width))
        y -= 16
    skills = skills_of(award)
    if skills:
        y -= 8
        pdf.setFont(bold, 12)
        pdf.drawString(text_left, y, "Skills")
        pdf.setFont(regular, 10.5)
        for skill in skills[:8]:
            y -= 15
            pdf.drawString(text_left + 8, y, _clip(f"• {skill}", regular, 10.5, text_width - 8))

    badge = credential_image(award.credential, "png").content
    pdf.drawImage(
        ImageReader(io.BytesIO(badge)), width - margin - 190, height - 300, 180, 180, mask="auto"
    )
    url = public_url(award)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.drawImage(ImageReader(qr), width - margin - 160, margin + 40, 120, 120)
    pdf.setFont(regular, 8)
    pdf.setFillColor(HexColor("#4A5560"))
    pdf.drawCentredString(width - margin - 100, margin + 30, "Scan to verify")
    pdf.setFont(regular, 9)
    pdf.drawString(margin + 10, margin + 20, "Verify this credential at:")
    pdf.setFillColor(brand)
    pdf.drawString(margin + 10, margin + 6, url)
    pdf.linkURL(
        url,
        (
            margin + 10,
            margin + 2,
            margin + 10 + pdfmetrics.stringWidth(url, regular, 9),
            margin + 16,
        ),
    )
    pdf.showPage()
    pdf.save()
    return out.getvalue()
