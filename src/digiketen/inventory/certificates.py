"""Erasure certificates: issued when a device is erased, verifiable by anyone by number."""

import hashlib
import json
import secrets
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digiketen.accounts.qr import qr_svg
from digiketen.core import content_cache, links
from digiketen.core.pdf import render_pdf
from digiketen.inventory.formats import storage_size
from digiketen.inventory.models import (
    Device,
    ErasureCertificate,
    ErasureLevel,
    ErasureMethod,
    ErasureOutcome,
    MediumKind,
)

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


def verify_url(number: str) -> str:
    """The public check page of a certificate, on the site's own host."""
    return links.absolute(reverse("certificates:verify", args=[number]))


def _label(choices, code: str) -> str:
    """The words for a stored code; a code this version does not know stays as it is."""
    return str(choices(code).label) if code in choices.values else code


def readable_media(content: dict) -> list[dict]:
    """The frozen media of a certificate in words, sizes and local times: what the PDF, the
    check page and the donor's list show. The content itself keeps its codes (its hash)."""
    media = []
    for medium in content["media"]:
        destroyed = medium.get("level") == ErasureLevel.DESTROY
        media.append(
            {
                "kind": _label(MediumKind, medium.get("kind", "")),
                "model": medium.get("model", ""),
                "serial": medium.get("serial", ""),
                "size": storage_size(medium.get("capacity_bytes")),
                "level": _label(ErasureLevel, medium.get("level", "")),
                # NIST's own word (Clear, Purge, Destroy), the same in every language.
                "level_short": medium.get("level", "").capitalize(),
                "method": _label(ErasureMethod, medium.get("method", "")),
                "outcome": _("Vernietigd")
                if destroyed
                else _label(ErasureOutcome, medium.get("outcome", "")),
                "started_at": _moment(medium.get("started_at")),
                "ended_at": _moment(medium.get("ended_at")),
                **{
                    key: medium.get(key, "")
                    for key in ("tool", "passes", "verification", "operator", "verified_by")
                },
                "evidence_sha256": medium.get("evidence_sha256", ""),
            }
        )
    return media


def _moment(iso: str | None):
    # Stored in UTC as ISO text; the template shows it in Europe/Amsterdam, in words.
    return datetime.fromisoformat(iso) if iso else None


def _page(certificate: ErasureCertificate) -> dict:
    url = verify_url(certificate.number)
    return {
        "certificate": certificate,
        "content": certificate.content,
        "media": readable_media(certificate.content),
        "verify_url": url,
        "qr": qr_svg(url, label="QR"),
    }


def pdf(certificate: ErasureCertificate) -> bytes:
    return render_pdf("inventory/certificate_pdf.html", {"pages": [_page(certificate)]})


# A certificate never changes, so its number and hash stand for its content.
DONATION_PDF_CACHE_SECONDS = 60 * 60 * 24
# Characters per column of the donation's list: 98 in all, the width of A4 at 8 pt.
COLUMNS = (10, 36, 22, 24)
INDENT = " " * (COLUMNS[0] + 2)


def _line(cells) -> str:
    """One line of the list, each cell cut or padded to its column."""
    return "  ".join(_fit(cell, width) for cell, width in zip(cells, COLUMNS, strict=True)).rstrip()


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def _donation_lines(certificate: ErasureCertificate) -> list[str]:
    """The device with its certificate, then each medium on a line of its own: erased or
    destroyed, which disk, and how."""
    content = certificate.content
    device = f"{content['brand']} {content['model']}".strip()
    lines = [_line([content["asset_tag"], device, content["serial"], certificate.number])]
    width = sum(COLUMNS) + 6 - len(INDENT)
    for medium in readable_media(content):
        # The outcome and the serial first: a long disk name must never cut them off.
        what = " ".join(filter(None, [medium["kind"], medium["size"]]))
        serial = f", {_('serienummer')} {medium['serial']}" if medium["serial"] else ""
        model = f", {medium['model']}" if medium["model"] else ""
        how = ", ".join(filter(None, [medium["level_short"], medium["method"]]))
        text = f"{medium['outcome']}: {what}{serial}{model} ({how})"
        lines.append(INDENT + _fit(text, width).rstrip())
    return lines


def pdf_for_donation(donation, issued: list[ErasureCertificate]) -> bytes:
    """All certificates of one donation in one PDF: a line per device, not a page each (that
    took 0.14 s of CPU a page: 20 s for 150 devices, past the worker timeout on a busy
    machine). Made once per donation content and language, then served from the cache."""
    parts = (
        donation.pk,
        str(donation),
        get_language(),
        tuple((c.number, c.sha256) for c in issued),
    )

    def build() -> bytes:
        heading = _line([_("Apparaat"), _("Merk en type"), _("Serienummer"), _("Certificaat")])
        subheading = INDENT + _(
            "Per schijf: uitkomst, soort, serienummer (niveau NIST SP 800-88, methode)"
        )
        return render_pdf(
            "inventory/donation_certificates_pdf.html",
            {
                "certificates": issued,
                "heading": heading,
                "subheading": subheading,
                "lines": [line for c in issued for line in _donation_lines(c)],
                "donation": donation,
                "organisation": issued[0].content["organisation"],
                "verify_base": verify_url("X")[:-1],
            },
        )

    return content_cache.cached(
        "donation-certificates-pdf",
        parts,
        build,
        versions=(),
        timeout=DONATION_PDF_CACHE_SECONDS,
    )
