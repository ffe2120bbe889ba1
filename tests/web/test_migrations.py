from io import StringIO

from django.core.management import call_command


def test_every_model_change_has_a_migration(db):
    # The suite builds its databases from the models (--no-migrations) for speed, so this is
    # the check that the migrations people deploy describe the same schema.
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
