"""Erasure certificates: issued when a device is erased, verifiable by anyone by number."""

import hashlib
import json
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.qr import qr_svg
from digiketen.core.pdf import render_pdf
from digiketen.inventory.models import Device, ErasureCertificate

# No 0/O or 1/I: the number is read aloud and typed over from paper.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_number() -> str:
    year = timezone.localdate().year
    body = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"WC-{year}-{body[:5]}-{body[5:]}"


def _content(device: Device) -> dict:
    """The frozen facts of the certificate (with names of operator and verifier)."""
    media = []
    for medium in device.media.all():
        record = next(r for r in medium.erasures.all() if r.accepted)
        media.append(
            {
                "kind": medium.kind,
                "model": medium.model,
                "serial": medium.serial,
                "capacity_bytes": medium.capacity_bytes,
                "level": record.level,
                "method": record.method,
                "tool": f"{record.tool} {record.tool_version}".strip(),
                "passes": record.passes,
                "started_at": record.started_at.isoformat(),
                "ended_at": record.ended_at.isoformat(),
                "verification": record.verification_method,
                "outcome": record.outcome,
                "operator": str(record.operator),
                "verified_by": str(record.verified_by),
                "evidence_sha256": record.evidence_sha256,
            }
        )
    return {
        "asset_tag": device.asset_tag,
        "device_type": device.type,
        "brand": device.brand,
        "model": device.model,
        "serial": device.serial,
        "organisation": device.organisation.name,
        "media": media,
    }


def issue(device: Device) -> ErasureCertificate:
    """Issue the certificate for a device whose media all have accepted erasures."""
    content = _content(device)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return ErasureCertificate.objects.create(
        number=new_number(), device=device, content=content, sha256=digest
    )


def is_intact(certificate: ErasureCertificate) -> bool:
    """True when the stored content still matches its hash (nobody altered it)."""
    digest = hashlib.sha256(json.dumps(certificate.content, sort_keys=True).encode()).hexdigest()
    return secrets.compare_digest(digest, certificate.sha256)


def _page(certificate: ErasureCertificate) -> dict:
    url = settings.SITE_URL + reverse("certificates:verify", args=[certificate.number])
    return {
        "certificate": certificate,
        "content": certificate.content,
        "verify_url": url,
        "qr": qr_svg(url, label="QR"),
    }


def pdf(certificate: ErasureCertificate) -> bytes:
    return render_pdf("inventory/certificate_pdf.html", {"pages": [_page(certificate)]})


def pdf_for_donation(donation, issued: list[ErasureCertificate]) -> bytes:
    """All certificates of one donation in one PDF, a page per device."""
    return render_pdf(
        "inventory/certificate_pdf.html",
        {"pages": [_page(c) for c in issued], "donation": donation},
    )
