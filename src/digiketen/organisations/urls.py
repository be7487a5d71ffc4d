from django.urls import path

from digiketen.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nieuw", views.organisation_create, name="create"),
    path("<int:pk>", views.organisation_detail, name="detail"),
    path("<int:pk>/bewerken", views.organisation_update, name="update"),
    path("<int:pk>/locaties/nieuw", views.location_create, name="location-create"),
    path("locaties/<int:pk>", views.location_detail, name="location-detail"),
    path("locaties/<int:pk>/bewerken", views.location_update, name="location-update"),
]
