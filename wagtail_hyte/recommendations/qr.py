"""QR codes as SVG data URIs (segno: pure Python), for the browser and WeasyPrint alike."""

import segno


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)
