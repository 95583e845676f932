"""Gunicorn's configuration for Indgang (docs/operations.md, "Web server").

    indgang serve 0.0.0.0:8000            # DEBUG off: system checks, then gunicorn with this
    gunicorn -c deploy/gunicorn.conf.py   # the same without the checks

deploy/gunicorn.conf.py only imports this module, so an installed package
(no repository at hand) has it too. Every value can be changed from the
environment (GUNICORN_*), or on gunicorn's command line, which wins.
"""

from __future__ import annotations

import os
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.getenv(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


def _cores() -> int:
    # The cores this process may use (a container's or taskset's), not the machine's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "indgang.wsgi:application"
bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core runs Python in parallel; threads within a process
# overlap the waits (database, registers, Digital Post) and keep a bounded
# number of requests at work: workers × threads at once, the rest queue in
# the listen backlog. Database connections: at most workers × threads.
workers = _int("GUNICORN_WORKERS", _cores() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
backlog = _int("GUNICORN_BACKLOG", 2048)
# Django, the apps and the routing model are loaded once in the parent and
# shared copy-on-write by the workers; a worker is ready at once after a restart.
preload_app = True
# A request still running after this long is a bug or a hung backend: the
# worker is killed and replaced (the request gets 502 from the proxy).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a load balancer that keeps connections open (nginx's upstream keepalive).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced after this many requests (with jitter, so not all at
# once): a slow leak in a library cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
# Request headers and line limits: gunicorn's defaults; uploads are bounded by Django.
limit_request_line = 8190

# Logs go to stderr (systemd's journal, the container's log). The access log
# names no citizen: the path may hold a draft's or case's id, never a CPR
# number; query strings are left out (a search may hold personal words).
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.getenv("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms pid=%(p)s'
# Behind a proxy: which addresses may set X-Forwarded-Proto / -For for gunicorn
# itself (Django reads the client address from TRUSTED_PROXIES, not from here).
forwarded_allow_ips = os.getenv("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "indgang-web"


def post_fork(server: Any, worker: Any) -> None:
    # Connections opened in the parent while preloading (the warm-up) must not
    # be shared by the workers: each opens its own.
    # why: gunicorn reads this file before Django is set up
    from django.db import connections

    connections.close_all()


def when_ready(server: Any) -> None:
    # Before the workers are forked: the routing model (scikit-learn) is
    # loaded once, not by the first citizen's contact form in each worker.
    from django.conf import settings

    if server.cfg.preload_app and "indgang.cases" in settings.INSTALLED_APPS:
        # why: gunicorn reads this file before Django is set up
        from indgang.operations.management.commands.serve import warm_up

        warm_up()
