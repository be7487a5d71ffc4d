"""The device page as a work surface and the checks behind it (issue 12, points 9-11): one
expected step, the others apart, only what the signed-in user may do; a triage that can be
undone; storage erased before a device leaves; the checklist before the final check."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, pdf_text
from digiketen.inventory import certificates, services
from digiketen.inventory.models import DeviceState, StorageMedium
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import ERASURE, DeviceFactory, staff_of

S = DeviceState
pytestmark = pytest.mark.django_db


def erasure(**changes):
    now = timezone.now()
    return ERASURE | {"started_at": now - timedelta(hours=1), "ended_at": now} | changes


def page_of(client, user, device) -> str:
    login_verified(client, user)
    return client.get(device.get_absolute_url()).text


def reason_boxes(html: str) -> int:
    return len(re.findall(r'<input[^>]*name="reason"', html))


def test_the_page_shows_one_expected_step_and_the_others_apart_with_one_reason_box(
    client, hub, supervisor
):
    device = DeviceFactory(hub=hub, erased=True)
    html = page_of(client, supervisor, device)
    primary = re.search(r"utrecht-button--primary-action\">([^<]+)</button>", html)
    assert primary.group(1) == "Naar: Wordt opgeknapt"
    other = html[html.index("<summary>Andere acties</summary>") :]
    other = other[: other.index("</details>")]
    assert re.findall(r'<option value="(\w+)">', other) == ["parts_harvested", "recycled", "lost"]
    assert reason_boxes(html) == 1  # five identical boxes before


def test_a_trainee_sees_only_the_steps_a_trainee_may_take(client, hub, trainee, staff):
    received = DeviceFactory(hub=hub)
    html = page_of(client, trainee, received)
    assert "Beoordelen" not in html
    assert "De volgende stap (Beoordeeld) zet een begeleider of een medewerker" in html
    html = page_of(client, staff, received)
    assert "Beoordelen (leeftijd en vergrendeling)" in html
    assert '<option value="triaged">' not in html  # not past the rules by another way
    checked = DeviceFactory(hub=hub, quality_check=True)
    html = page_of(client, trainee, checked)
    assert "Naar: Klaar voor uitgifte" not in html
    assert "De volgende stap (Klaar voor uitgifte) zet een begeleider of een medewerker" in html
    assert '<option value="refurbishing">' in html  # back to the workbench: a trainee may


def test_whoever_erased_a_disk_is_not_offered_its_approval(client, hub, supervisor):
    device = DeviceFactory(hub=hub, awaiting_erasure=True)
    services.record_erasure(actor=supervisor, medium_id=device.media.get().pk, data=erasure())
    assert "Goedkeuren" not in page_of(client, supervisor, device)
    other = staff_of(hub.organisation, Role.SYSTEM_ADMIN)
    assert "Goedkeuren" in page_of(client, other, device)


def test_a_supervisor_undoes_a_triage_with_a_reason(hub, staff, supervisor, settings):
    settings.DEVICE_AGE_LIMIT_YEARS = 5
    device = DeviceFactory(hub=hub, year=timezone.localdate().year - 7)  # a typo'd year
    services.triage(actor=staff, device_id=device.pk, expected="parts_harvested")
    assert_refused(
        services.transition, actor=staff, device_id=device.pk, to_state=S.RECEIVED, reason="x"
    )
    with pytest.raises(IllegalTransition, match="Geef een reden op"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.RECEIVED)
    undone = services.transition(
        actor=supervisor, device_id=device.pk, to_state=S.RECEIVED, reason="Bouwjaar verkeerd"
    )
    assert (undone.state, undone.triage_reason) == (S.RECEIVED, "")
    assert_audited(
        "device.state_changed",
        actor=supervisor,
        subject=device,
        before={"state": "parts_harvested"},
        after={"state": "received", "reason": "Bouwjaar verkeerd"},
        count=3,
    )
    last = device.transitions.latest("created_at", "pk")
    assert (last.from_state, last.to_state, last.reason) == (
        "parts_harvested",
        "received",
        "Bouwjaar verkeerd",
    )


def test_a_triage_cannot_be_undone_once_work_started_nor_a_return(hub, staff, supervisor):
    device = DeviceFactory(hub=hub)
    services.triage(actor=staff, device_id=device.pk)
    services.record_erasure(actor=staff, medium_id=device.media.get().pk, data=erasure())
    with pytest.raises(IllegalTransition, match="teruggedraaid"):
        services.transition(
            actor=supervisor, device_id=device.pk, to_state=S.RECEIVED, reason="Toch niet"
        )
    returned = DeviceFactory(hub=hub, returned=True)
    services.move_for_application(staff, returned, S.AWAITING_ERASURE, "")
    assert not services.triage_undoable(returned)


def test_the_undo_is_offered_to_a_supervisor_only(client, hub, staff, supervisor):
    device = DeviceFactory(hub=hub)
    services.triage(actor=staff, device_id=device.pk)
    assert "Beoordeling terugdraaien" in page_of(client, supervisor, device)
    assert "Beoordeling terugdraaien" not in page_of(client, staff, device)


def test_a_device_for_parts_leaves_only_with_its_storage_erased_and_certified(
    client, hub, staff, supervisor, trainee
):
    device = DeviceFactory(hub=hub, locked=True, media=0)
    disk = StorageMedium.objects.create(
        device=device, kind="hdd", serial="WD-123", capacity_bytes=500_107_862_016
    )
    services.triage(actor=staff, device_id=device.pk)
    device.refresh_from_db()
    assert device.state == S.PARTS_HARVESTED
    with pytest.raises(IllegalTransition, match="HDD 500 GB"):
        services.transition(actor=staff, device_id=device.pk, to_state=S.RECYCLED)
    with pytest.raises(IllegalTransition, match=f"goedkeuren, van: {device.asset_tag}\\.$"):
        services.ship_for_recycling(
            actor=staff,
            organisation=hub.organisation,
            device_ids=[device.pk],
            data={"recycler": "Renewi", "weight_kg": 2, "shipped_on": timezone.localdate()},
        )
    assert "Wissen vastleggen: HDD 500 GB" in page_of(client, trainee, device)
    record = services.record_erasure(
        actor=trainee, medium_id=disk.pk, data=erasure(level="destroy", method="shred")
    )
    services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    certificate = device.certificates.get()
    assert_audited("device.certificate_issued", actor=supervisor, subject=device)
    media = certificates.readable_media(certificate.content)
    assert [(m["serial"], m["outcome"]) for m in media] == [("WD-123", "Vernietigd")]
    assert "Vernietigd: HDD 500 GB, serienummer WD-123" in " ".join(
        certificates._donation_lines(certificate)
    )
    assert (
        services.transition(actor=staff, device_id=device.pk, to_state=S.RECYCLED).state
        == S.RECYCLED
    )
    assert device.certificates.count() == 1


def test_the_final_check_waits_for_the_whole_checklist(client, hub, trainee):
    device = DeviceFactory(hub=hub, refurbishing=True)
    tasks = services.open_tasks(device)
    assert len(tasks) == 9
    for task in tasks[:5]:
        services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=10)
    still_open = ", ".join(t.name for t in tasks[5:])
    with pytest.raises(IllegalTransition, match=f"Nog open: {still_open}\\.$"):
        services.transition(actor=trainee, device_id=device.pk, to_state=S.QUALITY_CHECK)
    html = page_of(client, trainee, device)
    assert "Daarna: Eindcontrole. Eerst nog:" in html
    assert "Naar: Eindcontrole" not in html
    for task in tasks[5:]:
        assert task.name in html
        services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=10)
    assert "Naar: Eindcontrole" in page_of(client, trainee, device)
    services.transition(actor=trainee, device_id=device.pk, to_state=S.QUALITY_CHECK)


def test_an_unfit_method_is_refused_in_words_and_the_form_advises_per_medium(client, hub, trainee):
    from django.urls import reverse

    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    hdd = StorageMedium.objects.create(device=device, kind="hdd")
    login_verified(client, trainee)
    url = reverse("inventory:erasure-create", args=[hdd.pk])
    form = client.get(url).text
    assert "Advies voor deze schijf (HDD):</strong> Overschrijven (Clear) of ATA Secure" in form
    assert "NVMe Sanitize (Purge), NVMe Format (met wissen) (Purge) of" in form  # the table
    now = timezone.localtime()
    response = client.post(
        url,
        erasure(method="nvme_sanitize")
        | {
            "started_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ended_at": now.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert (
        "NVMe Sanitize past niet bij dit soort opslag (HDD). Kies voor deze schijf: "
        "Overschrijven (Clear) of ATA Secure Erase (Purge)."
    ) in response.text
    assert not hdd.erasures.exists()


def test_the_donors_certificate_pdf_says_destroyed_per_medium(client, hub, staff, supervisor):
    from django.urls import reverse

    from digiketen.tests.factories import DonationFactory

    donation = DonationFactory(organisation=hub.organisation, hub=hub)
    device = DeviceFactory(hub=hub, locked=True, media=0, donation=donation)
    disk = StorageMedium.objects.create(device=device, kind="ssd", serial="S3TZ1")
    services.triage(actor=staff, device_id=device.pk)
    record = services.record_erasure(
        actor=staff, medium_id=disk.pk, data=erasure(level="destroy", method="shred")
    )
    services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    pdf = client.get(reverse("donations:donor-certificates", args=[donation.token]))
    assert "Vernietigd: SSD, serienummer S3TZ1" in pdf_text(pdf.content)


def test_the_device_page_stays_flat_with_more_disks_and_work(client, hub, supervisor, trainee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(device) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(device.get_absolute_url()).status_code == 200
        return len(captured)

    login_verified(client, supervisor)
    small = DeviceFactory(hub=hub, refurbishing=True, media=1)
    large = DeviceFactory(hub=hub, refurbishing=True, media=6)
    for task in services.open_tasks(large)[:6]:
        services.log_work(actor=trainee, device_id=large.pk, task=task, minutes=5)
    queries(small)  # the session and the user's roles, once
    assert queries(large) == queries(small)
