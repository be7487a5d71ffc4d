from django.urls import path

from digiketen.donations import views

app_name = "donations"

urlpatterns = [
    path("doneren", views.donate, name="donate"),
    path("donatie/<str:token>", views.donor_page, name="donor-page"),
    path(
        "donatie/<str:token>/wiscertificaten.pdf",
        views.donor_certificates_pdf,
        name="donor-certificates",
    ),
    path("werkruimte/donaties", views.donation_list, name="list"),
    path("werkruimte/donaties/<int:pk>", views.donation_detail, name="detail"),
    path("werkruimte/donaties/<int:pk>/sluiten", views.donation_close, name="close"),
    path("werkruimte/donaties/<int:pk>/samenvoegen", views.donation_merge, name="merge"),
]
