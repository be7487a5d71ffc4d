from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.learning.models import Enrolment, EnrolmentStatus
from digiketen.learning.tests.course_factories import RunFactory, add_sessions


def test_another_organisations_course_pages_are_404(staff_client):
    run = RunFactory()
    session = add_sessions(run, count=1)[0]
    client, _ = staff_client(Role.COURSE_COORDINATOR)  # of another organisation
    for url in [
        reverse("learning:programme-detail", args=[run.programme.pk]),
        reverse("learning:run-detail", args=[run.pk]),
        reverse("learning:attendance", args=[session.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_resident_signs_up_once_even_when_sending_twice(client, db):
    run = RunFactory(capacity=1)
    add_sessions(run)
    page = client.get(reverse("learning:signup"))
    assert run.programme.name in page.text
    form = {
        "once": "k" * 24,
        "programme": run.programme.pk,
        "name": "Fatima Yilmaz",
        "reach_by": "sms",
        "phone": "0612345678",
        "days": ["1"],
    }
    first = client.post(reverse("learning:signup"), form)
    second = client.post(reverse("learning:signup"), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Enrolment.objects.count() == 1
    own = client.get(first["Location"])
    assert "Ja, ik doe mee" in own.text
    client.post(first["Location"], {"step": "accept"})
    assert Enrolment.objects.get().status == EnrolmentStatus.PLACED


def test_signup_asks_for_the_phone_number_when_we_should_call(client, db):
    run = RunFactory()
    page = client.post(
        reverse("learning:signup"),
        {"programme": run.programme.pk, "name": "A", "reach_by": "phone"},
    )
    assert page.status_code == 200
    assert "Vul dit in, dan kunnen wij u bereiken." in page.text
    assert not Enrolment.objects.exists()


def test_the_certificate_verification_page_calls_a_real_code_valid(client, db):
    run = RunFactory()
    Enrolment.objects.create(
        programme=run.programme,
        run=run,
        name="A",
        source="desk",
        reach_by="phone",
        status=EnrolmentStatus.COMPLETED,
        queued_at="2026-01-01T10:00Z",
        certificate_code="ABCDE12345",
    )
    assert (
        "is geldig" in client.get(reverse("learning:certificate-verify", args=["abcde12345"])).text
    )
    assert client.get(reverse("learning:certificate-verify", args=["NOPE"])).status_code == 404


def test_a_run_with_places_is_in_the_finders_course_need_with_the_sign_up_link(client, db):
    from digiketen.learning.services import courses as services

    run = RunFactory()
    add_sessions(run)
    services.publish_run(run)
    page = client.get(reverse("directory:public-results", kwargs={"need": "cursus"}))
    assert run.programme.name in page.text
    service = client.get(run.service.get_public_url())
    assert reverse("learning:signup") in service.text
