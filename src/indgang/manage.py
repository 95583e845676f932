"""The ``indgang`` console script: Django's manage.py for this project."""

import os
import sys


def _unmigrated_message() -> str | None:
    """What to tell the user when the database lacks tables, or None when the
    database is set up (then the error was something else)."""
    from django.conf import settings
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import translation
    from django.utils.translation import gettext as _

    try:
        executor = MigrationExecutor(connection)
        created = executor.recorder.has_table()
        if created and not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return None
    except DatabaseError:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        if created:
            return _("The database is missing migrations. Run: indgang migrate")
        return _("The database is not set up. Run: indgang migrate")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, ProgrammingError):
        # Any command run before `indgang migrate` meets a missing table.
        message = _unmigrated_message()
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
