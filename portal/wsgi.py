import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A missing or malformed variable: one line, not a traceback from every worker. gunicorn
    # prints an AppImportError's message and stops instead of restarting workers in a loop.
    try:
        from gunicorn.errors import AppImportError
    except ImportError:
        raise error from None
    raise AppImportError(f"portal: {error}") from None
