"""Accessible PDF receipts (PDF/UA-1, tagged, with language and title) via WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], *, compress: bool = True) -> bytes:
    import weasyprint  # type: ignore[import-untyped]  # imported here: it loads pango, which only PDF requests need

    html = render_to_string(template, context)
    stylesheet = finders.find("selfservice/receipt_pdf.css")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[stylesheet] if stylesheet else None,
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=not compress,
    )
    return pdf
