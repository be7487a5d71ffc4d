from django.urls import path

from digiketen.inventory import views

app_name = "certificates"

urlpatterns = [
    path("<str:number>", views.certificate_verify, name="verify"),
]
