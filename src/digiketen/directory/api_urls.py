from django.urls import path

from digiketen.directory import api

app_name = "hsds"

urlpatterns = [
    path("", api.root, name="root"),
    path("services", api.service_list, name="service-list"),
    path("services/<uuid:id>", api.service_detail, name="service-detail"),
    path("organizations", api.organization_list, name="organization-list"),
    path("organizations/<uuid:id>", api.organization_detail, name="organization-detail"),
    path("service_at_locations", api.service_at_location_list, name="service-at-location-list"),
    path(
        "service_at_locations/<uuid:id>",
        api.service_at_location_detail,
        name="service-at-location-detail",
    ),
    path("taxonomies", api.taxonomy_list, name="taxonomy-list"),
    path("taxonomies/<uuid:id>", api.taxonomy_detail, name="taxonomy-detail"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy-term-list"),
    path("taxonomy_terms/<uuid:id>", api.taxonomy_term_detail, name="taxonomy-term-detail"),
]
