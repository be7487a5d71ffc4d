"""The buddy project of an organisation as a service in the finder (the "maatje" need, the
printed overviews and the HSDS API), made from its volunteers and never typed a second time:
the languages they speak, the topics they help with, whether they come to the house. Shown
only while at least one volunteer may be matched (active, with a valid VOG)."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digiketen.directory.models import SPOKEN_LANGUAGES, Access, Service, ServiceType
from digiketen.learning.models import BuddyLanguage, BuddyPolicy, BuddyTopic, Volunteer

FINDER_LANGUAGES = {code for code, _label in SPOKEN_LANGUAGES}


def _text(volunteers: list[Volunteer]) -> str:
    codes = sorted({code for v in volunteers for code in v.languages})
    labels = dict(BuddyLanguage.choices)
    topics = BuddyTopic.objects.filter(volunteer__in=volunteers, is_active=True).distinct()
    lines = [
        _(
            "Een vrijwilliger (maatje) helpt u een paar keer met uw computer, tablet of "
            "telefoon. Bel ons, dan zoeken wij een maatje dat bij u past."
        ),
        _("Onze maatjes spreken: %(languages)s.")
        % {"languages": ", ".join(str(labels.get(code, code)) for code in codes)},
    ]
    if names := [topic.name for topic in topics.order_by("order", "name")]:
        lines.append(_("Zij helpen onder meer met: %(topics)s.") % {"topics": ", ".join(names)})
    if any(v.home_visits for v in volunteers):
        lines.append(_("Een maatje kan ook bij u thuis komen."))
    else:
        lines.append(_("U spreekt met uw maatje af op een plek in de buurt."))
    return "\n\n".join(lines)


def publish_offer(organisation) -> Service:
    """Make or update the organisation's buddy service. The first time it takes over a buddy
    service the organisation already has in the finder, so the offer is not there twice."""
    policy, _created = BuddyPolicy.objects.get_or_create(organisation=organisation)
    service = policy.service
    if service is None:
        service = (
            Service.objects.filter(organisation=organisation, type=ServiceType.BUDDY)
            .order_by("pk")
            .first()
        )
    if service is None:
        with translation.override(settings.LANGUAGE_CODE):
            name = _("Maatje van %(organisation)s") % {"organisation": organisation.name}
        service = Service(organisation=organisation, type=ServiceType.BUDDY, name=name[:200])
    today = timezone.localdate()
    volunteers = list(
        Volunteer.objects.filter(
            organisation=organisation, is_active=True, vog_valid_until__gt=today
        ).order_by("pk")
    )
    if volunteers:
        with translation.override(settings.LANGUAGE_CODE):
            service.description = _text(volunteers)
    service.access = Access.APPOINTMENT
    service.by_phone = True
    service.phone = service.phone or organisation.phone
    service.is_active = bool(volunteers)
    service.last_confirmed_at = timezone.now()
    service.save()
    codes = {code for v in volunteers for code in v.languages} & FINDER_LANGUAGES
    if volunteers:
        service.languages.exclude(code__in=codes).delete()
        for code in sorted(codes - set(service.languages.values_list("code", flat=True))):
            service.languages.create(code=code)
    if policy.service_id != service.pk:
        policy.service = service
        policy.save(update_fields=["service"])
    return service
