from django.urls import path

from digiketen.inventory import trainee_views, upload_keys, views

app_name = "inventory"

urlpatterns = [
    path("", views.device_list, name="device-list"),
    path("innemen", views.device_intake, name="device-intake"),
    path("labels.pdf", views.labels_pdf, name="labels"),
    path("voorraad", views.stock_view, name="stock"),
    path("instellingen", views.code_lists, name="code-lists"),
    path("impactcijfers", views.impact_factors, name="impact-factors"),
    path("recycling/nieuw", views.shipment_create, name="shipment-create"),
    path("leerlingen", trainee_views.trainee_list, name="trainee-list"),
    path("leerlingen/<int:pk>", trainee_views.trainee_detail, name="trainee-detail"),
    path(
        "leerlingen/<int:pk>/portfolio.pdf",
        trainee_views.trainee_portfolio,
        name="trainee-portfolio",
    ),
    path(
        "leerlingen/<int:pk>/vaardigheden/<int:skill_pk>/aftekenen",
        trainee_views.skill_sign_off,
        name="skill-sign-off",
    ),
    path("digiketen-collect", views.collector_download, name="collector-download"),
    path("uploadsleutels", upload_keys.upload_keys, name="upload-keys"),
    path(
        "uploadsleutels/<int:pk>/intrekken",
        upload_keys.upload_key_revoke,
        name="upload-key-revoke",
    ),
    path("<int:pk>", views.device_detail, name="device-detail"),
    path("<int:pk>/bewerken", views.device_update, name="device-update"),
    path("<int:pk>/status", views.device_transition, name="device-transition"),
    path("<int:pk>/beoordelen", views.device_triage, name="device-triage"),
    path("<int:pk>/opslag/nieuw", views.medium_create, name="medium-create"),
    path("<int:pk>/werk", views.work_log_create, name="work-log-create"),
    path("<int:pk>/verplaatsen", views.device_transfer, name="device-transfer"),
    path("opslag/<int:pk>/wissen", views.erasure_create, name="erasure-create"),
    path("wissen/<int:pk>/goedkeuren", views.erasure_sign_off, name="erasure-sign-off"),
    path("certificaten/<str:number>.pdf", views.certificate_pdf, name="certificate-pdf"),
]
