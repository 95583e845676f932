"""The ``indgang`` console script: Django's manage.py for this project.

``indgang mining analyse ...`` only reads a file and prints JSON: it runs
without Django (no settings, no system checks), so it starts in a fraction of
a second. Everything else is Django's manage.py.
"""

import os
import sys


def main() -> None:
    if sys.argv[1:3] == ["mining", "analyse"] and "--help" not in sys.argv:
        from indgang.mining.cli import main as analyse

        sys.exit(analyse(sys.argv[3:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
