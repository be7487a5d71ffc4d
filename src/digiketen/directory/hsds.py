"""Open Referral HSDS 3.0 representations of the catalogue. Pure functions: model -> dict.

HSDS wants a UUID for every object, also for rows we store without one (opening hours,
languages, addresses); those get a stable UUID derived from their kind and primary key.
Empty values are left out rather than sent as null or "".
"""

import uuid

from django.conf import settings
from django.utils import timezone, translation

from digiketen.directory.models import ServiceType
from digiketen.organisations.models import AccessibilityFeature

HSDS_VERSION = "3.0.0"
NAMESPACE = uuid.UUID("6f1d3c1e-8a57-4f0e-9a43-3a5b0d1a2c7e")
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SERVICE_TYPES = "service_types"
ACCESSIBILITY = "accessibility"
TAXONOMIES = {
    SERVICE_TYPES: ("digiketen soorten hulp", "Kinds of digital-inclusion help (digiketen)."),
    ACCESSIBILITY: ("digiketen toegankelijkheid", "Accessibility features of a location."),
}


def stable_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def taxonomy(key: str) -> dict:
    name, description = TAXONOMIES[key]
    return {"id": stable_id("taxonomy", key), "name": name, "description": description}


def service_type_term(code: str) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        label = str(ServiceType(code).label)
    return {
        "id": stable_id("term", SERVICE_TYPES, code),
        "code": code,
        "name": label,
        "description": label,
        "taxonomy_id": stable_id("taxonomy", SERVICE_TYPES),
        "taxonomy": TAXONOMIES[SERVICE_TYPES][0],
        "language": settings.LANGUAGE_CODE,
    }


def accessibility_term(feature: AccessibilityFeature) -> dict:
    return {
        "id": stable_id("term", ACCESSIBILITY, feature.code),
        "code": feature.code,
        "name": feature.name,
        "description": feature.name_en or feature.name,
        "taxonomy_id": stable_id("taxonomy", ACCESSIBILITY),
        "taxonomy": TAXONOMIES[ACCESSIBILITY][0],
        "language": settings.LANGUAGE_CODE,
    }


def taxonomy_terms() -> list[dict]:
    return [service_type_term(code) for code in ServiceType.values] + [
        accessibility_term(f) for f in AccessibilityFeature.objects.order_by("code")
    ]


def _attribute(link_id: str, link_type: str, term: dict) -> dict:
    return {
        "id": stable_id("attribute", link_id, term["id"]),
        "link_id": link_id,
        "link_type": link_type,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def organization_summary(organisation) -> dict:
    return _compact(
        {
            "id": str(organisation.uuid),
            "name": organisation.name,
            "description": organisation.description or organisation.get_type_display(),
            "email": organisation.email,
            "website": organisation.website,
        }
    ) | {"description": organisation.description or str(organisation.get_type_display())}


def organization(organisation, *, services=(), locations=()) -> dict:
    data = organization_summary(organisation)
    if organisation.phone:
        data["phones"] = [
            {
                "id": stable_id("phone", "organisation", organisation.pk),
                "number": organisation.phone,
            }
        ]
    data["locations"] = [location_summary(loc) for loc in locations]
    data["services"] = [service_summary(s) for s in services]
    return data


def service_summary(service) -> dict:
    return _compact(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organisation.uuid),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": "active" if service.is_active else "inactive",
            "application_process": service.get_access_display(),
            "fees_description": "" if service.offer.is_free else service.offer.cost,
            "eligibility_description": service.for_whom,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": timezone.localdate(service.last_confirmed_at).isoformat()
            if service.last_confirmed_at
            else None,
            "last_modified": service.updated_at.isoformat(),
            "organization": organization_summary(service.organisation),
        }
    )


def service(service, *, places=()) -> dict:
    data = service_summary(service)
    term = service_type_term(service.type)
    data["attributes"] = [_attribute(str(service.uuid), "service", term)]
    data["languages"] = [
        {
            "id": stable_id("language", language.pk),
            "service_id": str(service.uuid),
            "code": language.code,
            "name": language.get_code_display(),
        }
        for language in service.languages.all()
    ]
    if service.phone:
        data["phones"] = [
            {
                "id": stable_id("phone", "service", service.pk),
                "service_id": str(service.uuid),
                "number": service.phone,
            }
        ]
    if service.what_to_bring:
        data["required_documents"] = [
            {
                "id": stable_id("document", service.pk),
                "service_id": str(service.uuid),
                "document": service.what_to_bring,
            }
        ]
    data["service_at_locations"] = [service_at_location(p, include_service=False) for p in places]
    return data


def location_summary(location) -> dict:
    return _compact(
        {
            "id": str(location.uuid),
            "location_type": "physical",
            "organization_id": str(location.organisation.uuid),
            "name": location.name,
            "transportation": location.directions,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )


def location(location) -> dict:
    data = location_summary(location)
    data["addresses"] = [
        {
            "id": stable_id("address", location.pk),
            "location_id": str(location.uuid),
            "address_1": f"{location.street} {location.house_number}",
            "city": location.city,
            "state_province": "",
            "postal_code": location.postcode,
            "country": "NL",
            "address_type": "physical",
        }
    ]
    features = list(location.accessibility_features.all())
    data["accessibility"] = [
        {
            "id": stable_id("accessibility", location.pk, f.code),
            "location_id": str(location.uuid),
            "description": f.name,
            "details": f.code,
        }
        for f in features
    ]
    data["attributes"] = [
        _attribute(str(location.uuid), "location", accessibility_term(f)) for f in features
    ]
    return data


def schedules(place) -> list[dict]:
    weekly = [
        {
            "id": stable_id("schedule", hours.pk),
            "service_at_location_id": str(place.uuid),
            "freq": "WEEKLY",
            "wkst": "MO",
            "interval": 1,
            "byday": WEEKDAYS[hours.weekday],
            "opens_at": hours.opens.strftime("%H:%M"),
            "closes_at": hours.closes.strftime("%H:%M"),
            "description": _text(hours),
        }
        for hours in place.hours.all()
    ]
    exceptions = [
        _compact(
            {
                "id": stable_id("exception", exception.pk),
                "service_at_location_id": str(place.uuid),
                "valid_from": exception.start_date.isoformat(),
                "valid_to": exception.end_date.isoformat(),
                "opens_at": exception.opens.strftime("%H:%M") if exception.opens else None,
                "closes_at": exception.closes.strftime("%H:%M") if exception.closes else None,
                "description": exception.notice,
                "notes": "closed" if exception.is_closed else "changed hours",
            }
        )
        for exception in place.exceptions.all()
    ]
    return weekly + exceptions


def _text(obj) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj)


def service_at_location(place, *, include_service: bool = True) -> dict:
    data = _compact(
        {
            "id": str(place.uuid),
            "service_id": str(place.service.uuid),
            "location_id": str(place.location.uuid),
            "description": place.note,
        }
    )
    data["location"] = location(place.location)
    data["schedules"] = schedules(place)
    if include_service:
        data["service"] = service_summary(place.service)
    return data
