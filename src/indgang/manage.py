"""The ``indgang`` console script: Django's manage.py for this project.

``indgang mining analyse ...`` only reads a file and prints JSON: it runs
without Django (no settings, no system checks), so it starts in a fraction of
a second. Everything else is Django's manage.py.
"""

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
    if sys.argv[1:3] == ["mining", "analyse"] and "--help" not in sys.argv:
        from indgang.mining.cli import main as analyse

        sys.exit(analyse(sys.argv[3:]))
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
