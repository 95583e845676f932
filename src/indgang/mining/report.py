"""The portfolio report as an accessible PDF (PDF/UA-1), with the PDF library receipts use."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_report_pdf(context: dict[str, Any]) -> bytes:
    import weasyprint  # type: ignore[import-untyped]  # loads pango: only PDF requests need it

    html = render_to_string("mining/report.html", {**context, "pdf": True})
    stylesheet = finders.find("mining/report.css")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[stylesheet] if stylesheet else None, pdf_variant="pdf/ua-1"
    )
    return pdf
