from django.db import transaction
from django.utils import timezone

from digiketen.applications.models import Application, Channel
from digiketen.applications.services.common import APPLICATION_FIELDS
from digiketen.applications.workflow import WORKFLOW, Step


@transaction.atomic
def submit_application(*, data: dict, channel: Channel, language: str, actor=None) -> Application:
    """One application, whether typed in by the resident, at a desk or by a partner."""
    application = Application(
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
        organisation=data["hub"].organisation,
        channel=channel,
        language=language,
        consent_at=timezone.now(),
        created_by=actor,
    )
    move = WORKFLOW.begin(application, Step.SUBMIT, actor=actor)
    return WORKFLOW.finish(application, move, actor=actor, after={"channel": channel})
