"""HTML to PDF with WeasyPrint, which needs the Pango library on the machine."""


class PDFUnavailable(Exception):
    pass


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:  # Pango is missing: say so instead of failing
        raise PDFUnavailable(str(error)) from error
    return HTML(string=html, base_url=base_url).write_pdf()
