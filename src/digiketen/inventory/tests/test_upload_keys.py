"""Upload keys of digiketen-collect, managed in the workspace: made and shown once, listed
with their use, revoked; only by a supervisor of the hub's own cyberbank."""

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.core.errors import Refused
from digiketen.inventory import services
from digiketen.inventory.models import HubToken
from digiketen.inventory.tests.capture_cases import GOOD_FILES as CAPTURE_FILES
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import DeviceFactory, HubFactory


@pytest.fixture
def hub(db):
    return HubFactory(name="Werkplaats Randwyck")


def test_a_supervisor_makes_a_key_sees_it_once_and_it_uploads(staff_client, hub):
    client, supervisor = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    page = client.get(reverse("inventory:upload-keys"))
    assert "Nog geen sleutels." in page.text
    response = client.post(
        reverse("inventory:upload-keys"),
        {"hub": hub.pk, "name": "USB-stick 1", "once": page.context["once"]},
    )
    assert response["Location"] == reverse("inventory:upload-keys")
    shown = client.get(reverse("inventory:upload-keys"))
    secret = shown.context["new_key"]["secret"]
    assert secret in shown.text and "maar één keer" in shown.text
    assert secret not in client.get(reverse("inventory:upload-keys")).text  # once only
    token = HubToken.objects.get()
    assert_audited("device.hub_token_created", actor=supervisor, subject=hub)
    listed = client.get(reverse("inventory:upload-keys")).text
    assert "USB-stick 1" in listed and "Werkplaats Randwyck" in listed and "nog niet" in listed
    device = DeviceFactory(hub=hub, media=0)
    services.record_capture(token=token, device_id=device.pk, files=CAPTURE_FILES)
    assert "nog niet" not in client.get(reverse("inventory:upload-keys")).text


def test_sending_the_form_twice_makes_one_key(staff_client, hub):
    client, _ = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    data = {"hub": hub.pk, "name": "USB-stick 1", "once": "k" * 24}
    client.post(reverse("inventory:upload-keys"), data)
    client.post(reverse("inventory:upload-keys"), data)
    assert HubToken.objects.count() == 1


def test_a_revoked_key_no_longer_uploads(staff_client, hub, client):
    token, secret = services.create_hub_token(hub=hub, name="kwijt")
    staff, supervisor = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    staff.post(reverse("inventory:upload-key-revoke", args=[token.pk]))
    assert_audited("device.hub_token_revoked", actor=supervisor, subject=hub)
    assert "Ingetrokken op" in staff.get(reverse("inventory:upload-keys")).text
    from django.test import Client

    device = DeviceFactory(hub=hub, media=0)
    answer = Client().post(
        f"/api/v1/devices/{device.asset_tag}/captures",
        {"collectorVersion": "1.0", "files": CAPTURE_FILES},
        content_type="application/json",
        headers={"authorization": f"Token {secret}"},
    )
    assert answer.status_code == 401
    with pytest.raises(Refused):
        services.revoke_hub_token(actor=supervisor, token_id=token.pk)


def test_another_cyberbanks_key_is_not_found(staff_client, hub):
    other, _ = services.create_hub_token(hub=HubFactory(name="Elders"), name="hun stick")
    client, supervisor = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    assert "hun stick" not in client.get(reverse("inventory:upload-keys")).text
    response = client.post(reverse("inventory:upload-key-revoke", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    refused = client.post(
        reverse("inventory:upload-keys"), {"hub": other.hub_id, "name": "x", "once": "o" * 24}
    )
    assert "hub" in refused.context["form"].errors
    assert_refused(services.revoke_hub_token, actor=supervisor, token_id=other.pk)
    assert_refused(services.create_hub_token, actor=supervisor, hub=other.hub, name="x")


@pytest.mark.parametrize("role", [Role.HUB_STAFF, Role.TECHNICIAN_TRAINEE])
def test_only_a_supervisor_manages_keys(staff_client, hub, role):
    client, user = staff_client(role, hub.organisation)
    assert client.get(reverse("inventory:upload-keys")).status_code == 403
    token, _ = services.create_hub_token(hub=hub, name="stick")
    assert client.post(reverse("inventory:upload-key-revoke", args=[token.pk])).status_code == 403
    assert_refused(services.revoke_hub_token, actor=user, token_id=token.pk)
