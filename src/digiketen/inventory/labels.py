"""Asset labels: A4 sheets (3 × 8) or single 62 mm labels, with the tag as text and a QR code
that opens the device page for logged-in staff."""

from django.conf import settings
from django.urls import reverse

from digiketen.accounts.qr import qr_svg
from digiketen.core.pdf import render_pdf

FORMATS = {"a4": "inventory/labels_a4.html", "62mm": "inventory/labels_62mm.html"}


def pdf(devices, *, label_format: str) -> bytes:
    labels = [
        {
            "tag": device.asset_tag,
            "kind": device.get_type_display(),
            "qr": qr_svg(
                settings.SITE_URL + reverse("inventory:device-detail", args=[device.pk]),
                label=device.asset_tag,
            ),
        }
        for device in devices
    ]
    return render_pdf(FORMATS[label_format], {"labels": labels}, stylesheet="digiketen/labels.css")
