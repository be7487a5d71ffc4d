from django.core.exceptions import PermissionDenied
from django.db import transaction

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.models import SiteConfiguration
from digiketen.permissions import Perm

SITE_FIELDS = [
    "municipality_name",
    "site_name",
    "contact_email",
    "contact_phone",
    "primary_colour",
    "link_colour",
    "focus_colour",
    "font_family",
]


@transaction.atomic
def update_site_configuration(
    *, actor, data: dict, logo: tuple[bytes, str] | None = None, remove_logo: bool = False
) -> SiteConfiguration:
    if not permissions.has_perm(actor, Perm.CONFIGURE_SITE):
        raise PermissionDenied
    config = SiteConfiguration.objects.select_for_update().get(pk=SiteConfiguration.load().pk)
    before = audit.snapshot(config, SITE_FIELDS) | {"logo": bool(config.logo)}
    for field in SITE_FIELDS:
        if field in data:
            setattr(config, field, data[field])
    if remove_logo:
        config.logo, config.logo_content_type = None, ""
    if logo is not None:
        config.logo, config.logo_content_type = logo
    config.full_clean()
    config.save()
    after = audit.snapshot(config, SITE_FIELDS) | {"logo": bool(config.logo)}
    audit.record("site.configured", actor=actor, subject=config, before=before, after=after)
    return config
