"""How the cyberbank writes a storage size: one function for the device page, the public
check page, the certificate and the donor's list, so they never disagree (275 vs 274 GB)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

GB = 10**9
TB = 10**12


def storage_size(capacity_bytes: int | None) -> str:
    """Decimal units as printed on the disk: 275 GB, 1 TB, 1,5 TB ("" when unknown)."""
    if not capacity_bytes:
        return ""
    if capacity_bytes >= TB:
        terabytes = (Decimal(capacity_bytes) / TB).quantize(Decimal("0.1"), ROUND_HALF_UP)
        places = 0 if terabytes == terabytes.to_integral_value() else 1
        return f"{number_format(terabytes, places)} TB"
    gigabytes = (Decimal(capacity_bytes) / GB).quantize(Decimal("1"), ROUND_HALF_UP)
    return f"{number_format(gigabytes, 0)} GB"
