from django.urls import path

from digiketen.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid", views.accessibility_statement, name="accessibility"),
    path("privacy", views.privacy_statement, name="privacy"),
    path("werkruimte", views.workspace, name="workspace"),
    path("werkruimte/auditlog", views.audit_list, name="audit-list"),
    path("werkruimte/instellingen", views.site_settings, name="site-settings"),
    path("werkruimte/brieven-en-telefoontjes", views.to_do, name="to-do"),
    path("werkruimte/berichten/<int:pk>/brief.pdf", views.letter_pdf, name="letter"),
    path("werkruimte/berichten/<int:pk>/gedaan", views.message_done, name="message-done"),
]
