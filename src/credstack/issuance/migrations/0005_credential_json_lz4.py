"""Issued credentials compressed with lz4 on PostgreSQL (14 and later, built with lz4).

A signed credential is 4-5 kB of JSON, so PostgreSQL compresses it into TOAST; its default
compressor (pglz) cost about twice lz4's time per stored credential in bulk issuance, for the
same size. Other databases, older servers and servers built without lz4 keep their default.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, migrations, transaction


def use_lz4(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(
                "ALTER TABLE issuance_award ALTER COLUMN credential_json SET COMPRESSION lz4"
            )
    except DatabaseError:
        return  # a server built without lz4: keep pglz


def use_default(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and connection.pg_version >= 140000:
        schema_editor.execute(
            "ALTER TABLE issuance_award ALTER COLUMN credential_json SET COMPRESSION DEFAULT"
        )


class Migration(migrations.Migration):
    dependencies = [("issuance", "0004_award_partial_indexes")]

    operations = [migrations.RunPython(use_lz4, use_default)]
