"""The import as background work: upload, progress page, all or nothing, scoping."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import AuditEvent
from digiketen.directory import import_plan, import_runs, importer
from digiketen.directory.models import ImportState, Service, ServiceImport
from digiketen.directory.tests.test_import import CSV, zipped
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import OrganisationFactory

URL = reverse("directory:service-import")


def upload(client, files=CSV, once="k" * 20):
    package = SimpleUploadedFile("pakket.zip", zipped(files), "application/zip")
    return client.post(URL, {"package": package, "once": once})


def broken() -> dict:
    return dict(CSV, **{"addresses.csv": CSV["addresses.csv"].replace("6222AA", "62")})


def test_upload_runs_in_the_background_and_the_progress_page_shows_the_result(
    staff_client, django_capture_on_commit_callbacks
):
    client, user = staff_client(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):  # the task leaves after commit
        response = upload(client)
    run = ServiceImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directory:service-import-run", args=[run.uuid])
    page = client.get(response.url).text
    assert "Ingelezen: 2 nieuw, 0 bijgewerkt." in page
    assert "Vernieuwen" not in page  # finished: nothing more to wait for
    run.refresh_from_db()
    assert (run.state, run.rows_done, run.rows_total, run.error_count) == ("saved", 2, 2, 0)
    assert run.started_by == user and run.finished_at is not None
    assert bytes(run.package) == b""  # the upload is not kept after the run
    assert Service.objects.count() == 2
    assert_audited("service.import_started", actor=user, subject=run)
    assert_audited("service.imported", actor=user, after={"created": 2, "updated": 0})


def test_one_wrong_row_saves_nothing_and_the_page_lists_the_errors_per_row(
    staff_client, django_capture_on_commit_callbacks
):
    client, _ = staff_client(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, broken())
    page = client.get(response.url).text
    assert "Er is niets ingelezen. 1 regel heeft een fout." in page
    assert "Digicafé Noord" in page
    assert "postcode &#x27;62&#x27; klopt niet" in page
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action="service.imported").exists()
    assert ServiceImport.objects.get().state == ImportState.REJECTED


def test_a_running_import_shows_rows_done_and_errors_so_far_with_a_refresh_button(
    staff_client,
):
    client, user = staff_client(Role.COORDINATOR)
    run = ServiceImport.objects.create(
        organisation=user.memberships.get().organisation,
        started_by=user,
        file_name="groot.zip",
        state=ImportState.RUNNING,
        rows_total=20_000,
        rows_done=5_000,
        error_count=1,
        errors=[{"row": 17, "name": "Digicafé Zuid", "reasons": ["naam ontbreekt."]}],
    )
    page = client.get(run.get_absolute_url()).text
    assert "Gecontroleerd: 5000 van 20000 regels. Fouten tot nu toe: 1." in page
    assert '<progress id="progress" max="100" value="25">' in page
    assert ">Vernieuwen</button>" in page
    assert "Digicafé Zuid" in page and "naam ontbreekt." in page
    assert "http-equiv" not in page  # no timed refresh (WCAG 2.2.1)


def test_progress_is_written_while_the_rows_are_checked(db, monkeypatch):
    user = make_staff(Role.COORDINATOR)
    three = dict(
        CSV,
        **{
            # A wrong row first, then the two good ones.
            "services.csv": CSV["services.csv"].replace(
                "minimum_age\n",
                "minimum_age\n5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c,"
                "2b7c9a1e-0f5d-4c3e-9a8b-1d2e3f4a5b6c,Printen Noord,Printen en scannen,weg,\n",
            )
        },
    )
    run = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(three))
    seen = []
    check = importer.plan_service

    def watched(record, plan):
        current = ServiceImport.objects.get(pk=run.pk)
        seen.append((current.state, current.rows_total, current.rows_done, current.error_count))
        return check(record, plan)

    monkeypatch.setattr(importer, "plan_service", watched)
    monkeypatch.setattr(import_runs, "PROGRESS_EVERY", 1)
    import_runs.run_service_import(run_id=run.pk)
    assert seen == [("running", 3, 0, 0), ("running", 3, 1, 1), ("running", 3, 2, 1)]
    run.refresh_from_db()
    assert (run.state, run.rows_done, run.error_count) == ("rejected", 3, 1)
    assert run.errors[0]["row"] == 1 and "status 'weg' bestaat niet." in run.errors[0]["reasons"]


def test_a_conflict_while_saving_fails_the_run_with_its_reason_and_saves_nothing(db, monkeypatch):
    user = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(CSV))

    def conflict(plan, **kwargs):
        raise importer.ImportConflict("Er is niets ingelezen: probeer het opnieuw.")

    monkeypatch.setattr(import_plan.Plan, "write", conflict)
    import_runs.run_service_import(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportState.FAILED
    assert run.message == "Er is niets ingelezen: probeer het opnieuw."
    assert not Service.objects.exists()


def test_a_run_is_imported_once_even_when_its_task_is_handed_out_twice(db):
    user = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(CSV))
    import_runs.run_service_import(run_id=run.pk)
    import_runs.run_service_import(run_id=run.pk)
    assert AuditEvent.objects.filter(action="service.imported").count() == 1


def test_the_same_upload_sent_twice_makes_one_run(staff_client):
    client, _ = staff_client(Role.COORDINATOR)
    first, second = upload(client), upload(client)
    assert first.url == second.url
    assert ServiceImport.objects.count() == 1


def test_another_organisations_run_is_not_found(staff_client, client):
    other = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=other, file_name="p.zip", content=zipped(CSV))
    staff, _ = staff_client(Role.COORDINATOR, organisation=OrganisationFactory())
    assert staff.get(run.get_absolute_url()).status_code == 404
    assert run.file_name not in staff.get(URL).text  # nor in the list of recent runs
    login_verified(client, other)
    assert client.get(run.get_absolute_url()).status_code == 200


def test_staff_who_may_not_import_get_403(staff_client):
    owner = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=owner, file_name="p.zip", content=zipped(CSV))
    client, _ = staff_client(Role.HUB_STAFF, organisation=owner.memberships.get().organisation)
    assert client.get(run.get_absolute_url()).status_code == 403


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_request_only_queues_and_the_worker_imports(client):
    user = make_staff(Role.COORDINATOR)
    login_verified(client, user)
    response = upload(client)
    assert "Wacht op zijn beurt." in client.get(response.url).text
    assert not Service.objects.exists()  # the web request imported nothing itself
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert "Ingelezen: 2 nieuw, 0 bijgewerkt." in client.get(response.url).text
    assert Service.objects.count() == 2
