"""Settings for the worker subprocesses of the crash and RQ tests: credstack's own settings,
with tables made straight from the models (``migrate --run-syncdb``) so a fresh database is
ready in seconds instead of replaying every migration."""

from credstack.settings import *  # noqa: F403
from credstack.settings import INSTALLED_APPS

MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in INSTALLED_APPS}
