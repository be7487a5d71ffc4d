from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from digiketen.core import views as core_views

# Assets without language: the theme and logo are the same in Dutch and English.
urlpatterns = [
    path("thema.css", core_views.theme_css, name="theme-css"),
    path("logo", core_views.logo, name="logo"),
    path("api/hsds/", include("digiketen.directory.api_urls")),
    path("api/v1/", include("digiketen.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("digiketen.core.urls")),
    path("", include("digiketen.accounts.urls")),
    path("werkruimte/organisaties/", include("digiketen.organisations.urls")),
    path("", include("digiketen.directory.urls")),
    path("werkruimte/apparaten/", include("digiketen.inventory.urls")),
    path("", include("digiketen.donations.urls")),
    path("", include("digiketen.applications.urls")),
    path("", include("digiketen.helpdesk.urls")),
    path("", include("digiketen.learning.urls")),
    path("certificaat/", include("digiketen.inventory.certificate_urls")),
    prefix_default_language=False,
)

# Our own error answers: a page in the site's look, problem+json under /api/.
handler400 = "digiketen.core.error_views.bad_request"
handler403 = "digiketen.core.error_views.permission_denied"
handler404 = "digiketen.core.error_views.page_not_found"
handler500 = "digiketen.core.error_views.server_error"
