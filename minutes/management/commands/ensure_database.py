"""python manage.py ensure_database: create the PostgreSQL database DATABASE_URL names if it
does not exist yet, so that `make run` and bin/serve start on an empty server.

SQLite creates its file on the first connection; there is nothing to do. The database is
created through the server's maintenance database ("postgres"), the way Django's test runner
creates its test database, by a role that may CREATEDB.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections


class Command(BaseCommand):
    help = "Skapar PostgreSQL-databasen i DATABASE_URL om den inte finns."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Databasalias (default).")

    def handle(self, *args, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            return
        name = connection.settings_dict["NAME"]
        try:
            # _nodb_cursor() connects to the maintenance database: the one Django's own test
            # database creation uses.
            with connection._nodb_cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone():
                    return
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        except DatabaseError as error:
            raise CommandError(f"Databasen {name} kunde inte skapas: {error}") from error
        self.stdout.write(f"Databasen {name} är skapad.")
