from django.urls import path

from digiketen.directory import public_views, views

app_name = "directory"

urlpatterns = [
    path("hulp-zoeken", public_views.finder_start, name="public-start"),
    path("hulp-zoeken/overzicht", public_views.overview, name="public-overview"),
    path("hulp-zoeken/overzicht.pdf", public_views.overview_pdf, name="public-overview-pdf"),
    path("hulp-zoeken/wijk", public_views.neighbourhood_sheet, name="public-neighbourhood"),
    path(
        "hulp-zoeken/wijk.pdf",
        public_views.neighbourhood_sheet_pdf,
        name="public-neighbourhood-pdf",
    ),
    path("hulp-zoeken/hulp/<uuid:uuid>", public_views.service_page, name="public-service"),
    path("hulp-zoeken/plek/<uuid:uuid>", public_views.location_page, name="public-location"),
    path("hulp-zoeken/<slug:need>", public_views.finder_results, name="public-results"),
    path("werkruimte/hulp", views.service_list, name="service-list"),
    path("werkruimte/hulp/nieuw", views.service_create, name="service-create"),
    path("werkruimte/hulp/inlezen", views.service_import, name="service-import"),
    path(
        "werkruimte/hulp/inlezen/<uuid:uuid>",
        views.service_import_run,
        name="service-import-run",
    ),
    path("werkruimte/hulp/<int:pk>", views.service_detail, name="service-detail"),
    path("werkruimte/hulp/<int:pk>/bewerken", views.service_update, name="service-update"),
    path("werkruimte/hulp/<int:pk>/bevestigen", views.service_confirm, name="service-confirm"),
    path("werkruimte/hulp/<int:pk>/plekken/nieuw", views.place_create, name="place-create"),
    path("werkruimte/hulp/plekken/<int:pk>", views.place_update, name="place-update"),
    path("werkruimte/hulp/plekken/<int:pk>/weghalen", views.place_remove, name="place-remove"),
    path(
        "werkruimte/hulp/plekken/<int:pk>/uitzonderingen/nieuw",
        views.exception_create,
        name="exception-create",
    ),
    path(
        "werkruimte/hulp/uitzonderingen/<int:pk>/weghalen",
        views.exception_remove,
        name="exception-remove",
    ),
]
