"""The demo cyberbank's devices: a few on their way through the workshop, and a few ready
laptops at the handout point, so the handout can be tried."""

from datetime import timedelta

from django.utils import timezone

from digiketen.accounts.models import User
from digiketen.inventory import codelists
from digiketen.inventory.models import (
    Device,
    DeviceTransition,
    ErasureRecord,
    ImpactFactor,
    StorageMedium,
)
from digiketen.inventory.services import start_code_lists
from digiketen.organisations import demo as organisations_demo

# The ready laptops were erased by the demo trainee and checked by the demo supervisor.
DEPENDS_ON = ("organisations", "accounts")

# (brand, model, year, state, medium kind, medium model)
DEVICES = [
    ("Lenovo", "ThinkPad T470", 2018, "received", "ssd", "SAMSUNG MZ7LN256"),
    ("HP", "EliteBook 840 G5", 2019, "awaiting_erasure", "nvme", "SAMSUNG MZVLB256"),
    ("Dell", "Latitude 5490", 2019, "refurbishing", "ssd", "SK hynix SC311"),
]

# (brand, model, ram MB, screen inch, webcam, grade)
READY_DEVICES = [
    ("Lenovo", "ThinkPad T480", 8192, "14.0", True, "A"),
    ("HP", "ProBook 450 G6", 8192, "15.6", True, "B"),
    ("Dell", "Latitude 7390", 4096, "13.3", False, "B"),
]


def seed() -> None:
    # The municipal impact factors come with the migrations; loading them again keeps a flushed
    # test database whole. The demo cyberbank gets its own tasks and skills, as a new one would.
    codelists.load_impact(ImpactFactor)
    start_code_lists(organisations_demo.organisation("cyberbank"))
    _seed_devices_in_the_workshop(organisations_demo.location("werkplaats"))
    _seed_ready_devices(organisations_demo.location("uitgifte"))


def _seed_devices_in_the_workshop(hub) -> None:
    for number, (brand, model, year, state, kind, disk) in enumerate(DEVICES, start=1):
        device, created = Device.objects.get_or_create(
            asset_tag=f"DEMO-{number:04d}",
            defaults={
                "organisation": hub.organisation,
                "hub": hub,
                "type": "laptop",
                "brand": brand,
                "model": model,
                "year": year,
                "state": state,
            },
        )
        if created:
            StorageMedium.objects.create(device=device, kind=kind, model=disk, smart_passed=True)
            DeviceTransition.objects.create(device=device, to_state=state, reason="Demo")


def _seed_ready_devices(hub) -> None:
    trainee = User.objects.get(username="leerling")
    supervisor = User.objects.get(username="begeleider")
    now = timezone.now()
    for number, (brand, model, ram, screen, webcam, grade) in enumerate(READY_DEVICES, start=11):
        device, created = Device.objects.get_or_create(
            asset_tag=f"DEMO-{number:04d}",
            defaults={
                "organisation": hub.organisation,
                "hub": hub,
                "type": "laptop",
                "brand": brand,
                "model": model,
                "year": 2020,
                "state": "ready",
                "ram_mb": ram,
                "screen_inch": screen,
                "has_webcam": webcam,
                "grade": grade,
            },
        )
        if created:
            medium = StorageMedium.objects.create(device=device, kind="ssd", smart_passed=True)
            ErasureRecord.objects.create(
                medium=medium,
                level="purge",
                method="ata_secure_erase",
                tool="nwipe",
                started_at=now - timedelta(hours=2),
                ended_at=now - timedelta(hours=1),
                verification_passed=True,
                outcome="erased",
                operator=trainee,
                verified_by=supervisor,
                verified_at=now,
            )
            DeviceTransition.objects.create(device=device, to_state="ready", reason="Demo")
