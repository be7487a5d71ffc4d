import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digiketen.conf.production")

from digiketen.core.wsgi_handler import application as make_application

application = make_application()
