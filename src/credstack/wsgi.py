"""WSGI entry point (gunicorn credstack.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credstack.settings")
application = get_wsgi_application()
