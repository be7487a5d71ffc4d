"""Imports of HSDS packages as background work: the services that start and run them.

An upload is checked in the request only as far as reading the file goes (archive: sizes,
CRC, encryption), then kept in a ServiceImport and handed to the task worker, so no web
request waits minutes for 20,000 rows (a gunicorn worker would be killed after 30 s) and the
staff member follows the run on its progress page. The worker checks every row, writing the
progress to the run now and then (each a short transaction of its own, so SQLite's write lock
is free in between), and saves the whole package in one transaction with the run's outcome,
or nothing when any row is wrong.

A worker can die mid-run (killed, out of memory, its machine gone) and neither it nor
django-tasks-db then marks anything: the run beats (heartbeat_at) while the worker lives, and
fail_stalled_imports fails the runs that stopped beating, so no page says "Bezig" for ever.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.accounts.models import User
from digiketen.core import audit
from digiketen.directory import importer, selectors
from digiketen.directory.models import ImportState, ServiceImport

# Rows between two progress writes: about a second of checking.
PROGRESS_EVERY = 1_000
# Rejected rows kept on the run for its page; the count keeps going past it.
ERRORS_KEPT = 1_000
# The worker beats about every second and saves 20,000 rows in well under a minute: a quarter
# of an hour without a beat means it died.
STALLED_AFTER = timedelta(minutes=15)
# Runs wait while the worker does earlier ones; an hour in the queue means no worker takes it.
QUEUED_AFTER = timedelta(hours=1)


class RunStopped(Exception):
    """The run was failed as stalled while this worker still worked on it."""


@transaction.atomic
def start_service_import(*, actor: User, file_name: str, content: bytes) -> ServiceImport:
    """Keep the package as a run of the actor's organisation and queue it for the worker once
    this transaction commits. The caller (the upload view) checked the permission; raises
    PermissionDenied when the actor has no organisation with a role that may import."""
    membership = (
        actor.memberships.filter(role__in=selectors.import_roles(), organisation__is_active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied
    run = ServiceImport.objects.create(
        organisation=membership.organisation,
        started_by=actor,
        file_name=file_name[:200],
        package=content,
    )
    audit.record(
        "service.import_started",
        actor=actor,
        subject=run,
        after={"file": run.file_name, "bytes": len(content)},
    )
    transaction.on_commit(lambda: run_service_import_task.enqueue(run.pk))
    return run


def _kept(rows: list[importer.RowResult]) -> list[dict]:
    return [{"row": r.row, "name": r.name, "reasons": r.reasons} for r in rows[:ERRORS_KEPT]]


def run_service_import(*, run_id: int) -> None:
    """Read and import the run's package, all or nothing, recording progress and outcome.
    A run that another worker took already is left alone."""
    now = timezone.now()
    taken = ServiceImport.objects.filter(pk=run_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=now, heartbeat_at=now
    )
    if not taken:
        return
    fail_stalled_imports()  # a worker lives again: earlier runs whose worker died are not running
    run = ServiceImport.objects.select_related("started_by").get(pk=run_id)
    # Only while running: a run failed as stalled keeps its message, whatever this worker does.
    runs = ServiceImport.objects.filter(pk=run_id, state=ImportState.RUNNING)

    def progress(done: int, rejected: list[importer.RowResult]) -> None:
        runs.update(
            rows_done=done,
            error_count=len(rejected),
            errors=_kept(rejected),
            heartbeat_at=timezone.now(),
        )

    def saved(report: importer.Report) -> None:
        # In the transaction that saves the rows: a run failed as stalled meanwhile said
        # "nothing was saved", so raising here rolls the rows back to keep that true.
        if not runs.update(
            state=ImportState.SAVED,
            rows_done=len(report.rows),
            created=report.created,
            updated=report.updated,
            finished_at=timezone.now(),
            package=b"",
        ):
            raise RunStopped

    try:
        records = importer.read_package(run.file_name, bytes(run.package))
        runs.update(rows_total=len(records), heartbeat_at=timezone.now())
        report = importer.import_records(
            records,
            actor=run.started_by,
            actor_label="" if run.started_by else "import",
            progress=progress,
            every=PROGRESS_EVERY,
            on_saved=saved,
        )
    except importer.ImportFileError as exc:
        _finish(runs, ImportState.FAILED, message=str(exc))
        return
    except RunStopped:
        return
    except BaseException:
        # A fault in the code or the database: the run must not stay "running" for ever on
        # the staff member's screen. The task fails loudly all the same.
        failed = _("Er ging iets mis bij het inlezen. Er is niets ingelezen.")
        _finish(runs, ImportState.FAILED, message=failed)
        raise
    if not report.saved:
        _finish(
            runs,
            ImportState.REJECTED,
            rows_done=len(report.rows),
            error_count=len(report.rejected),
            errors=_kept(report.rejected),
        )


def _finish(runs, state: ImportState, **fields) -> None:
    runs.update(state=state, finished_at=timezone.now(), package=b"", **fields)


def _stalled(now: datetime) -> Q:
    last_beat = Coalesce("heartbeat_at", "started_at", "created_at")
    running = Q(state=ImportState.RUNNING) & Q(LessThan(last_beat, now - STALLED_AFTER))
    return running | Q(state=ImportState.QUEUED, created_at__lt=now - QUEUED_AFTER)


def fail_stalled_imports(*, now: datetime | None = None) -> int:
    """Fail the runs whose worker stopped: running without a beat for STALLED_AFTER, or
    queued for QUEUED_AFTER. Nothing of them was saved (the rows are saved in one transaction
    with the run's outcome); the page says so and the staff member uploads the file again.
    Each gets an audit event. Safe on several machines at once. Returns how many."""
    now = now or timezone.now()
    message = _(
        "Het inlezen is gestopt voordat het klaar was. Er is niets opgeslagen. "
        "Lees het bestand opnieuw in."
    )
    failed = 0
    for run in ServiceImport.objects.filter(_stalled(now)).defer("package").order_by("pk"):
        with transaction.atomic():
            # The condition again in the update: a worker that beat since, or finished, or
            # another machine that failed the run first, leaves nothing to do here.
            if not ServiceImport.objects.filter(_stalled(now), pk=run.pk).update(
                state=ImportState.FAILED, message=message, finished_at=now, package=b""
            ):
                continue
            audit.record(
                "service.import_stalled",
                actor_label="fail_stalled_imports",
                subject=run,
                before={"state": run.state, "rows_done": run.rows_done},
                after={"state": ImportState.FAILED},
            )
        failed += 1
    return failed


@task
def run_service_import_task(run_id: int) -> None:
    run_service_import(run_id=run_id)
