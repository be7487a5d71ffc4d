import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from digiketen.core.colours import CONTENT_SURFACES, WHITE_TEXT, first_unreadable


class NamedInTwoLanguages(models.Model):
    """An entry of a list staff keep themselves (themes, tasks, priority groups, accessibility
    features): its `name` in Dutch and this one in English, shown in the page's language.
    The model declares `name` itself, with its own length and label."""

    name_en = models.CharField(_("naam in het Engels"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


# Readable names of the actions; an action missing here is shown by its code.
ACTION_LABELS = {
    "auth.login": _("Ingelogd met wachtwoord"),
    "auth.login_failed": _("Inloggen mislukt"),
    "auth.logout": _("Uitgelogd"),
    "auth.2fa_passed": _("Tweede stap gelukt"),
    "auth.2fa_failed": _("Verkeerde code bij tweede stap"),
    "auth.2fa_enabled": _("Tweestapsverificatie ingesteld"),
    "auth.2fa_setup_failed": _("Instellen tweestapsverificatie mislukt"),
    "auth.recovery_codes_renewed": _("Nieuwe herstelcodes gemaakt"),
    "auth.password_reset": _("Wachtwoord opnieuw gekozen via e-mail"),
    "auth.password_changed": _("Wachtwoord gewijzigd"),
    "user.created": _("Gebruiker aangemaakt"),
    "user.updated": _("Gebruiker gewijzigd"),
    "user.role_added": _("Rol gegeven"),
    "user.role_removed": _("Rol ingetrokken"),
    "organisation.created": _("Organisatie aangemaakt"),
    "organisation.updated": _("Organisatie gewijzigd"),
    "location.created": _("Locatie aangemaakt"),
    "location.updated": _("Locatie gewijzigd"),
    "site.configured": _("Huisstijl en instellingen gewijzigd"),
    "service.created": _("Dienst aangemaakt"),
    "service.updated": _("Dienst gewijzigd"),
    "service.confirmed": _("Dienst als actueel bevestigd"),
    "service.place_added": _("Plek van dienst toegevoegd"),
    "service.place_updated": _("Tijden van dienst gewijzigd"),
    "service.place_removed": _("Plek van dienst weggehaald"),
    "service.exception_added": _("Vakantie of sluiting toegevoegd"),
    "service.exception_removed": _("Vakantie of sluiting weggehaald"),
    "service.imported": _("Diensten ingelezen"),
    "service.import_started": _("Inlezen van diensten gestart"),
    "service.import_stalled": _("Inlezen van diensten gestopt: de achtergrondtaak reageerde niet"),
    "donation.registered": _("Donatie aangemeld"),
    "donation.viewed": _("Gegevens van een donateur bekeken"),
    "donation.closed": _("Donatie gesloten"),
    "donation.merged": _("Dubbele donatie samengevoegd"),
    "application.submitted": _("Aanvraag ingediend"),
    "application.viewed": _("Aanvraag van een inwoner bekeken"),
    "application.listed": _("Lijst met aanvragen van inwoners bekeken"),
    "application.eligibility_decided": _("Besluit over aanvraag"),
    "application.moved_up": _("Aanvraag naar voren gehaald op de wachtlijst"),
    "application.device_reserved": _("Apparaat gereserveerd voor aanvraag"),
    "application.slot_booked": _("Ophaaltijd gekozen"),
    "application.reminded": _("Herinnering voor het ophalen gestuurd"),
    "application.slots_created": _("Ophaaltijden gemaakt"),
    "application.no_show": _("Inwoner niet gekomen"),
    "application.handed_over": _("Apparaat uitgegeven"),
    "application.returned": _("Apparaat teruggebracht"),
    "application.internet_added": _("Internet thuis geregeld"),
    "application.closed": _("Aanvraag gesloten"),
    "application.reservation_released": _("Reservering laten vervallen"),
    "application.device_lost": _("Uitgegeven apparaat kwijt of gestolen"),
    "application.policy_changed": _("Regels voor uitgifte gewijzigd"),
    "deposit.cash_counted": _("Kas geteld"),
    "helpdesk.visit_corrected": _("Registratie van een bezoek later verbeterd"),
    "helpdesk.code_lists_changed": _("Thema's of instanties van het informatiepunt gewijzigd"),
    "helpdesk.paper_answer_entered": _("Vragenlijst op papier ingevoerd"),
    "helpdesk.appointment_booked": _(
        "Afspraak gemaakt (informatiepunt of controle bij een uitgiftepunt)"
    ),
    "helpdesk.appointment_viewed": _("Gegevens van een bezoeker met een afspraak bekeken"),
    "helpdesk.appointment_listed": _("Lijst van afspraken met gegevens van inwoners bekeken"),
    "helpdesk.appointment_status": _("Stand van een afspraak gewijzigd"),
    "learning.buddy_policy_changed": _("Regels van het maatjesproject gewijzigd"),
    "learning.volunteer_created": _("Vrijwilliger (maatje) toegevoegd"),
    "learning.volunteer_updated": _("Gegevens van een vrijwilliger (maatje) gewijzigd"),
    "learning.volunteer_listed": _("Lijst met vrijwilligers (maatjes) bekeken"),
    "learning.request_listed": _("Lijst met aanvragen voor een maatje bekeken"),
    "learning.volunteer_viewed": _("Gegevens van een vrijwilliger (maatje) bekeken"),
    "learning.vog_recorded": _("VOG van een vrijwilliger vastgelegd"),
    "learning.vog_expired": _("VOG van een vrijwilliger verlopen"),
    "learning.request_created": _("Aanvraag voor een maatje gemaakt"),
    "learning.request_viewed": _("Aanvraag voor een maatje bekeken"),
    "learning.match_proposed": _("Maatje voorgesteld"),
    "learning.match_declined": _("Voorstel voor een maatje afgewezen"),
    "learning.match_started": _("Match met een maatje gestart"),
    "learning.match_on_hold": _("Match met een maatje gepauzeerd"),
    "learning.match_resumed": _("Match met een maatje weer gestart"),
    "learning.match_ended": _("Match met een maatje gestopt"),
    "learning.match_viewed": _("Match met een maatje bekeken"),
    "learning.meeting_logged": _("Ontmoeting van een maatje opgeschreven"),
    "learning.programme_saved": _("Cursus in het aanbod opgeslagen"),
    "learning.run_saved": _("Cursusgroep opgeslagen"),
    "learning.session_added": _("Les aan een cursusgroep toegevoegd"),
    "learning.enrolment_requested": _("Aanmelding voor een cursus ontvangen"),
    "learning.request_passed_on": _("Cursuswens van een inwoner doorgegeven"),
    "learning.enrolment_intake": _("Kennismaking voor een cursus vastgelegd"),
    "learning.moved_up": _("Plaats op de wachtlijst vervroegd"),
    "learning.seat_offered": _("Plaats in een cursus aangeboden"),
    "learning.seat_accepted": _("Plaats in een cursus aangenomen"),
    "learning.offer_expired": _("Aanbod voor een cursusplaats verlopen"),
    "learning.enrolment_left": _("Van de wachtlijst van een cursus af"),
    "learning.attendance_recorded": _("Aanwezigheid bij een les vastgelegd"),
    "learning.enrolment_completed": _("Cursus afgerond, certificaat gemaakt"),
    "learning.enrolment_dropped_out": _("Gestopt met een cursus"),
    "learning.skills_recorded": _("Zelftest van cursisten ingevoerd"),
    "learning.waiting_list_viewed": _("Wachtlijst van een cursus bekeken"),
    "learning.participants_viewed": _("Deelnemers van een cursusgroep bekeken"),
    "learning.enrolment_viewed": _("Gegevens van een cursusaanmelding bekeken"),
    "message.done": _("Brief verstuurd of inwoner gebeld"),
    "message.letter_viewed": _("Brief aan een inwoner geopend"),
    "device.state_changed": _("Stand van een apparaat gewijzigd"),
    "device.certificate_issued": _("Wiscertificaat gemaakt"),
    "device.erasure_recorded": _("Wissen van opslag vastgelegd"),
    "device.erasure_signed_off": _("Wissen van opslag goedgekeurd"),
    "device.hub_token_created": _("Uploadsleutel voor een uitgiftepunt gemaakt"),
    "device.hub_token_revoked": _("Uploadsleutel van een uitgiftepunt ingetrokken"),
    "device.medium_added": _("Opslag aan een apparaat toegevoegd"),
    "device.capture_uploaded": _("Meting van een apparaat ingelezen"),
    "device.updated": _("Gegevens van een apparaat gewijzigd"),
    "device.work_logged": _("Werk aan een apparaat vastgelegd"),
    "device.transferred": _("Apparaat naar een ander uitgiftepunt gebracht"),
    "device.recycling_shipped": _("Apparaten naar de recycler gestuurd"),
    "inventory.code_list_changed": _("Takenlijst of vaardigheden gewijzigd"),
    "inventory.impact_factors_changed": _("Impactcijfers gewijzigd"),
    "trainee.skill_signed_off": _("Vaardigheid van een leerling afgetekend"),
}


class AuditEvent(models.Model):
    """Who did what to which object, and when. Only `core.audit.record` writes these."""

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as it was at the time, also for failed logins that match no user.
    actor_label = models.CharField(_("door (naam)"), max_length=200, blank=True)
    action = models.CharField(_("actie"), max_length=100, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField(_("voor"), null=True, blank=True)
    after = models.JSONField(_("na"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gebruik een kleurcode als #1a2b3c."))


# One font name: bare, or wholly inside single or double quotes.
FONT_NAME = re.compile(r"""^\s*(?:[A-Za-z0-9 -]+|'[A-Za-z0-9 -]+'|"[A-Za-z0-9 -]+")\s*$""")

# (field, minimum contrast, the surfaces it is shown on, message): each theme colour is checked
# against every background it sits on. WCAG 1.4.3 asks 4.5:1 for text (white text on the primary
# colour, links on the content surfaces); 1.4.11 asks 3:1 for the focus ring. In the header and
# the footer the ring is white, covered by the primary colour's rule.
COLOUR_RULES = [
    (
        "primary_colour",
        4.5,
        (WHITE_TEXT,),
        _("Witte tekst is op deze kleur niet goed te lezen. Kies een donkerdere kleur."),
    ),
    (
        "link_colour",
        4.5,
        CONTENT_SURFACES,
        _("Links in deze kleur zijn op %(surface)s niet goed te lezen. Kies een donkerdere kleur."),
    ),
    (
        "focus_colour",
        3,
        CONTENT_SURFACES,
        _("Deze focusrand is op %(surface)s niet goed te zien. Kies een donkerdere kleur."),
    ),
]


class SiteConfiguration(models.Model):
    """The municipality's name, logo and theme; one row, edited by a system administrator."""

    municipality_name = models.CharField(_("naam gemeente"), max_length=100, default="Gemeente")
    site_name = models.CharField(
        _("naam van de website"), max_length=100, default="Digitaal Meedoen"
    )
    contact_email = models.EmailField(_("e-mailadres voor vragen"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer voor vragen"), max_length=30, blank=True)
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=30, blank=True, editable=False)
    primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        default="#24578f",
        validators=[hex_colour],
        help_text=_("Voor knoppen en de kopbalk. Witte tekst moet er goed op te lezen zijn."),
    )
    link_colour = models.CharField(
        _("kleur van links"),
        max_length=7,
        default="#1a4a7a",
        validators=[hex_colour],
        help_text=_("Moet goed te lezen zijn op een witte achtergrond."),
    )
    focus_colour = models.CharField(
        _("kleur van de focusrand"),
        max_length=7,
        default="#c2410c",
        validators=[hex_colour],
        help_text=_("De rand rond het onderdeel dat u met het toetsenbord kiest."),
    )
    font_family = models.CharField(
        _("lettertype"),
        max_length=200,
        default="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9 ,'\"-]+$",
                _("Alleen namen van lettertypen, gescheiden door komma's."),
            )
        ],
    )
    # Set once the demo data is loaded, so a second `make run` leaves edits and renames alone.
    demo_seeded = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("website-instellingen")
        verbose_name_plural = _("website-instellingen")

    def __str__(self) -> str:
        return self.site_name

    def clean(self) -> None:
        errors = {}
        for field, minimum, surfaces, message in COLOUR_RULES:
            colour = getattr(self, field)
            if not hex_colour.regex.match(colour):
                continue  # the field's own validator says what is wrong
            surface = first_unreadable(colour, surfaces, minimum)
            if surface is not None:
                errors[field] = message % {"surface": surface.name}
        if not all(FONT_NAME.match(name) for name in self.font_family.split(",")):
            errors["font_family"] = _("Elk aanhalingsteken moet ook weer gesloten worden.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def load(cls) -> "SiteConfiguration":
        return cls.objects.get_or_create(pk=1)[0]

    @classmethod
    def current(cls) -> "SiteConfiguration":
        """The configuration every page shows, without the logo's bytes (`has_logo` says
        whether there is one); cached until the next change."""
        from digiketen.core import content_cache

        def build():
            has_logo = models.ExpressionWrapper(
                models.Q(logo__isnull=False), output_field=models.BooleanField()
            )
            rows = cls.objects.defer("logo").annotate(has_logo=has_logo).filter(pk=1)
            if (config := rows.first()) is None:
                cls.load()  # a new site: the row with its defaults
                config = rows.get()
            return config

        return content_cache.held("site-configuration", build, versions=("site",))


class ContentVersion(models.Model):
    """A number that moves on with every change of one kind of content ("site", "directory").
    Cached pages and files carry it in their cache key, so a change shows at once in every
    process (core.content_cache)."""

    key = models.CharField(max_length=50, unique=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} {self.version}"


class OnceKey(models.Model):
    """A form's one-time key and where its result lives: a second submit of the same form
    (double click, reload) goes to the first result instead of creating a second record."""

    key = models.CharField(max_length=64, unique=True)
    result_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class Throttle(models.Model):
    """Attempts per key in the current window, for rate limits on public lookups."""

    key = models.CharField(max_length=100, unique=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Telefoon")
    LETTER = "letter", _("Brief")


class Delivery(models.TextChoices):
    PENDING = "pending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    TO_DO = "to_do", _("Door medewerker te doen")  # a letter to print or a call to make
    DONE = "done", _("Gedaan door medewerker")
    CANCELLED = "cancelled", _("Niet meer nodig")


class Message(models.Model):
    """One message to one person, from any domain: written down in the transaction of the
    change it tells about, then sent by the task worker (e-mail, SMS) or by staff (letter,
    call). Only `core.outbox` creates and changes these. Recipient and body are personal data:
    `outbox.forget` blanks them."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the message is about (an application, an appointment, a donation, a user), so a
    # domain finds its messages without core knowing the domain.
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    kind = models.CharField(_("soort"), max_length=60)
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    # E-mail address, international phone number, or postal address (lines) for a letter.
    recipient = models.CharField(_("aan"), max_length=500, blank=True)
    recipient_name = models.CharField(_("naam"), max_length=200, blank=True)
    # The letterhead of a letter: who sends it, with address and phone number.
    sender = models.CharField(_("afzender"), max_length=300, blank=True)
    language = models.CharField(_("taal"), max_length=10, default="nl")
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    # [[file name, text, content type], ...] for e-mail (an .ics, say).
    attachments = models.JSONField(default=list, blank=True)
    # The one link a letter prints as a QR code.
    link = models.CharField(max_length=500, blank=True)
    delivery = models.CharField(_("stand"), max_length=10, choices=Delivery.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["delivery", "next_attempt_at"]),
            models.Index(fields=["about_type", "about_id"]),
            models.Index(fields=["organisation", "delivery", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_channel_display()})"

    @property
    def audit_organisation(self):
        return self.organisation


class WorkflowHistory(models.Model):
    """One move of a process table (core.workflow): who took it and when. A domain's history
    model adds its subject (named by `subject_field`), `step`, `from_state` and `to_state`
    with its own choices. It names the member of staff, never the resident."""

    subject_field = ""
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, self.subject_field)}: {self.from_state} -> {self.to_state}"
