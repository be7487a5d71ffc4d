"""Asset labels: A4 sheets (3 × 8) or single 62 mm labels, with the tag as text and a QR code
that opens the device page for logged-in staff.

Fast enough for the largest batch (240) inside the request: the QR codes are small images,
not SVG paths, and each A4 sheet is its own page of floated labels, without flex or grid
(WeasyPrint took about 40 s for 240 labels laid out that way). bench/labels.py times it."""

from django.conf import settings
from django.urls import reverse

from digiketen.accounts.qr import qr_png_img
from digiketen.core.pdf import render_pdf

FORMATS = {"a4": "inventory/labels_a4.html", "62mm": "inventory/labels_62mm.html"}
PER_SHEET = 24  # 3 columns × 8 rows


def pdf(devices, *, label_format: str) -> bytes:
    labels = [
        {
            "tag": device.asset_tag,
            "kind": device.get_type_display(),
            "qr": qr_png_img(
                settings.SITE_URL + reverse("inventory:device-detail", args=[device.pk]),
                label=device.asset_tag,
            ),
        }
        for device in devices
    ]
    sheets = [labels[start : start + PER_SHEET] for start in range(0, len(labels), PER_SHEET)]
    return render_pdf(
        FORMATS[label_format],
        {"labels": labels, "sheets": sheets},
        stylesheet="digiketen/labels.css",
    )
