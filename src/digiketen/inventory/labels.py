"""Asset labels: A4 sheets (3 × 8) or single 62 mm labels, with the tag as text and a QR code
that opens the device page for logged-in staff.

Fast enough for the largest batch (240) inside the request: the QR codes are small images,
not SVG paths, and each A4 sheet is its own page of floated labels, without flex or grid
(WeasyPrint took about 40 s for 240 labels laid out that way). bench/labels.py times it."""

from datetime import timedelta

from django.urls import reverse

from digiketen.accounts.qr import qr_png_img
from digiketen.core import links, ratelimit
from digiketen.core.pdf import render_pdf

FORMATS = {"a4": "inventory/labels_a4.html", "62mm": "inventory/labels_62mm.html"}
PER_SHEET = 24  # 3 columns × 8 rows

# A large print holds a web worker for seconds (240 labels: about 3 s of CPU), so a few at
# once would keep every worker from the other pages. One volunteer makes one large print a
# minute (a second tab or a double click waits); across the site at most two start in any
# ten seconds, which leaves the other workers free for the pages.
SMALL_PRINT = 2 * PER_SHEET
LARGE_PER_USER, USER_WINDOW = 1, timedelta(minutes=1)
LARGE_PER_SITE, SITE_WINDOW = 2, timedelta(seconds=10)


def may_print_large(user) -> bool:
    """Count a large print by `user`; False when it has to wait a moment."""
    return ratelimit.hit(
        "labels-user", str(user.pk), limit=LARGE_PER_USER, window=USER_WINDOW
    ) and ratelimit.hit("labels-site", "all", limit=LARGE_PER_SITE, window=SITE_WINDOW)


def pdf(devices, *, label_format: str) -> bytes:
    labels = [
        {
            "tag": device.asset_tag,
            "kind": device.get_type_display(),
            "qr": qr_png_img(
                links.absolute(reverse("inventory:device-detail", args=[device.pk])),
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
