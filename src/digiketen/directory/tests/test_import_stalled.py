"""An import whose worker died (killed, out of memory, its machine gone) does not stay
"running" or "queued" for ever: it is failed, with a message for the staff member, who can
upload the file again. Time is frozen with time-machine."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.directory import import_runs, importer
from digiketen.directory.models import ImportState, Service, ServiceImport
from digiketen.directory.tests.test_import import CSV, zipped
from digiketen.directory.tests.test_import_runs import upload
from digiketen.tests.audit import assert_audited

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
STOPPED = "Het inlezen is gestopt voordat het klaar was. Er is niets opgeslagen."


def minutes(n: float) -> datetime:
    return START + timedelta(minutes=n)


def left_running(user, **fields) -> ServiceImport:
    """What a worker that was killed while checking leaves: a run "running", last beat now."""
    run = import_runs.start_service_import(actor=user, file_name="groot.zip", content=zipped(CSV))
    left = {"state": "running", "started_at": START, "heartbeat_at": START, "rows_done": 5_000}
    ServiceImport.objects.filter(pk=run.pk).update(**(left | {"rows_total": 20_000} | fields))
    return run


def test_a_run_whose_worker_died_is_failed_after_a_quarter_of_an_hour_and_can_start_again(
    staff_client, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False) as clock:
        client, user = staff_client(Role.COORDINATOR)
        run = left_running(user)
        clock.move_to(minutes(14))
        assert import_runs.fail_stalled_imports() == 0
        assert "Gecontroleerd: 5000 van 20000 regels." in client.get(run.get_absolute_url()).text

        clock.move_to(minutes(16))
        assert import_runs.fail_stalled_imports() == 1
        page = client.get(run.get_absolute_url()).text
        assert STOPPED + " Lees het bestand opnieuw in." in page
        assert "Vernieuwen" not in page and "Gecontroleerd" not in page
        assert ">Een bestand inlezen</a>" in page
        run.refresh_from_db()
        assert (run.state, run.finished_at, bytes(run.package)) == ("failed", minutes(16), b"")
        assert_audited(
            "service.import_stalled",
            actor=None,
            actor_label="fail_stalled_imports",
            subject=run,
            before={"state": "running", "rows_done": 5_000},
            after={"state": "failed"},
        )
        assert import_runs.fail_stalled_imports() == 0  # once is enough

        # The staff member uploads the file again: a new run, which the worker imports.
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, once="n" * 20)
        assert "Ingelezen: 2 nieuw, 0 bijgewerkt." in client.get(response.url).text
    assert Service.objects.count() == 2


def test_each_progress_write_is_a_beat_that_keeps_a_slow_run_alive(db, monkeypatch):
    user = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(CSV))
    check = importer.plan_service
    found = []

    def slow(record, plan):
        # Ten minutes per row, and a progress write after each: never 15 minutes without a beat.
        clock.shift(timedelta(minutes=10))
        found.append(import_runs.fail_stalled_imports())
        return check(record, plan)

    monkeypatch.setattr(importer, "plan_service", slow)
    monkeypatch.setattr(import_runs, "PROGRESS_EVERY", 1)
    with time_machine.travel(START, tick=False) as clock:
        import_runs.run_service_import(run_id=run.pk)
        found.append(import_runs.fail_stalled_imports())
    run.refresh_from_db()
    assert found == [0, 0, 0]
    assert run.state == ImportState.SAVED and run.heartbeat_at == minutes(20)
    assert Service.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "stalled_after"),
    [
        ({"state": "queued", "started_at": None, "heartbeat_at": None}, 60),  # no worker took it
        ({"heartbeat_at": None}, 15),  # a run from before beats: its start counts
        ({"heartbeat_at": minutes(30)}, 45),
    ],
)
def test_a_run_is_stalled_only_after_its_limit(db, fields, stalled_after):
    user = make_staff(Role.COORDINATOR)
    with time_machine.travel(START, tick=False) as clock:
        run = left_running(user, **fields)
        clock.move_to(minutes(stalled_after - 1))
        assert import_runs.fail_stalled_imports() == 0
        clock.move_to(minutes(stalled_after + 1))
        assert import_runs.fail_stalled_imports() == 1
    run.refresh_from_db()
    assert run.state == ImportState.FAILED and run.message.startswith(STOPPED)


def test_finished_runs_are_left_alone(db):
    user = make_staff(Role.COORDINATOR)
    with time_machine.travel(START, tick=False) as clock:
        for state in ("saved", "rejected", "failed"):
            left_running(user, state=state, message="eerder")
        clock.move_to(minutes(60 * 24))
        assert import_runs.fail_stalled_imports() == 0
    assert set(ServiceImport.objects.values_list("message", flat=True)) == {"eerder"}


def test_a_worker_that_was_only_slow_saves_nothing_once_its_run_was_failed(db, monkeypatch):
    user = make_staff(Role.COORDINATOR)
    run = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(CSV))
    check = importer.plan_service

    def frozen(record, plan):
        # The worker hangs for an hour on the first row, long enough to be taken for dead.
        if record is records[0]:
            assert import_runs.fail_stalled_imports(now=minutes(60)) == 1
        return check(record, plan)

    read = importer.read_package
    records = []
    monkeypatch.setattr(importer, "read_package", lambda *a: records.extend(read(*a)) or records)
    monkeypatch.setattr(importer, "plan_service", frozen)
    with time_machine.travel(START, tick=False):
        import_runs.run_service_import(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportState.FAILED and run.message.startswith(STOPPED)
    assert not Service.objects.exists()  # the page says nothing was saved: that stays true


def test_a_worker_taking_a_run_fails_the_runs_of_a_worker_that_died(db):
    user = make_staff(Role.COORDINATOR)
    with time_machine.travel(START, tick=False) as clock:
        dead = left_running(user)
        clock.move_to(minutes(20))
        new = import_runs.start_service_import(actor=user, file_name="p.zip", content=zipped(CSV))
        import_runs.run_service_import(run_id=new.pk)
    assert ServiceImport.objects.get(pk=dead.pk).state == ImportState.FAILED
    assert ServiceImport.objects.get(pk=new.pk).state == ImportState.SAVED


def test_the_command_reports_how_many_runs_it_failed(db, capsys):
    user = make_staff(Role.COORDINATOR)
    with time_machine.travel(START, tick=False) as clock:
        left_running(user)
        clock.move_to(minutes(16))
        call_command("fail_stalled_imports")
    assert capsys.readouterr().out == "1 stalled import(s) marked as failed.\n"
