"""The donor's certificates PDF (/donatie/<token>/wiscertificaten.pdf): wall and CPU seconds
for donations of 1, 20 and 150 erased devices, in process (the work a request does inside
gunicorn's 30 s worker timeout). The donation and its certificates are made in memory.

Usage:
    .venv/bin/python bench/donor_certificates.py [--counts 1,20,150] [--runs 3]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
os.environ.setdefault("DB_ENGINE", "sqlite")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.utils import timezone  # noqa: E402

from digiketen.donations.models import Donation  # noqa: E402
from digiketen.inventory import certificates  # noqa: E402
from digiketen.inventory.models import ErasureCertificate  # noqa: E402

MEDIUM = {
    "kind": "ssd",
    "model": "SAMSUNG MZ7LN256HAJQ",
    "serial": "S3TZNX0K123456",
    "capacity_bytes": 256_060_514_304,
    "level": "purge",
    "method": "block-erase",
    "tool": "nwipe 0.35",
    "passes": 1,
    "started_at": "2026-11-30T09:00:00+00:00",
    "ended_at": "2026-11-30T09:20:00+00:00",
    "verification": "sample",
    "outcome": "passed",
    "operator": "Leerling Een",
    "verified_by": "Begeleider Twee",
    "evidence_sha256": "ab" * 32,
}


def issued(count: int) -> list[ErasureCertificate]:
    return [
        ErasureCertificate(
            number=f"WC-2026-AAAAA-{n:05d}",
            issued_at=timezone.now(),
            sha256="cd" * 32,
            content={
                "asset_tag": f"DK-{n:06d}",
                "device_type": "laptop",
                "brand": "Lenovo",
                "model": "ThinkPad T480",
                "serial": f"PF{n:06d}",
                "organisation": "Stichting Cyberbank Maastricht",
                "media": [MEDIUM],
            },
        )
        for n in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="1,20,150")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    donation = Donation(organisation_name="Bedrijf BV", contact_name="J. de Vries")
    certificates.pdf_for_donation(donation, issued(1))  # WeasyPrint's import and fonts, once
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'devices':>7}{'wall s':>9}{'cpu s':>8}{'kB':>7}")
    for count in map(int, args.counts.split(",")):
        batch, wall, cpu, size = issued(count), [], [], 0
        for _run in range(args.runs):
            cache.clear()  # time the making, not the cache
            started, started_cpu = time.perf_counter(), time.process_time()
            size = len(certificates.pdf_for_donation(donation, batch))
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(
            f"{count:>7}{statistics.median(wall):>9.2f}"
            f"{statistics.median(cpu):>8.2f}{size // 1024:>7}"
        )


if __name__ == "__main__":
    main()
