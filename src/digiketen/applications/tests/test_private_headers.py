"""Staff pages with a resident's data never stay in a (shared) browser's cache: library PCs
are used by many people one after another."""

from django.urls import reverse

from digiketen.applications import services
from digiketen.conftest import login_verified


def test_application_page_and_agreement_are_not_stored(client, staff, invited):
    application = invited()
    services.hand_over(actor=staff, application_id=application.pk, signed_on="paper", method="cash")
    login_verified(client, staff)
    for name in ("applications:detail", "applications:agreement"):
        response = client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name
