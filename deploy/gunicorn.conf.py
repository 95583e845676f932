# Gunicorn's configuration for Indgang: `gunicorn -c deploy/gunicorn.conf.py`.
# The settings live in the package (src/indgang/operations/gunicorn_conf.py) so
# that `indgang serve` finds them in an installed copy too; read them there.
from indgang.operations.gunicorn_conf import *  # noqa: F403
